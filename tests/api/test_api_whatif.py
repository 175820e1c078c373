"""RosterFacade.evaluate_jobs: conversion, errors with field paths, the evaluator cache."""

import pytest
from google.protobuf import json_format

from safeshift.api.facade import RosterFacade
from safeshift.engine.errors import InvalidProblemError
from safeshift.v1 import roster_pb2 as pb

PROBLEM = {
    "id": "tiny", "horizonStart": "2026-03-02T00:00:00Z", "horizonEnd": "2026-03-09T00:00:00Z",
    "locations": [{"id": "H"}, {"id": "W"}], "competencyIds": ["PTS"],
    "staff": [{"id": "a", "homeLocationId": "H", "competencies": [{"competencyId": "PTS"}], "costPerHour": 600},
              {"id": "b", "homeLocationId": "H", "competencies": [{"competencyId": "PTS"}], "costPerHour": 900}],
    "shifts": [{"id": "y", "start": "2026-03-03T08:00:00Z", "end": "2026-03-03T16:00:00Z", "locationId": "W",
                "requirements": [{"id": "r", "competencyIds": ["PTS"]}]}],
}


def request(**jobs_override) -> pb.EvaluateJobsRequest:
    job = {"id": "z", "start": "2026-03-03T09:00:00Z", "end": "2026-03-03T17:00:00Z", "locationId": "W",
           "requirements": [{"id": "r", "competencyIds": ["PTS"]}], **jobs_override}
    return json_format.ParseDict({"problem": PROBLEM, "roster": [{"staffId": "a", "shiftId": "y"}], "jobs": [job]},
                                 pb.EvaluateJobsRequest())


def test_as_is_answer_names_the_free_person():
    """b is free for the job; a overlaps it: one candidate, decision ACCEPTABLE_AS_IS."""
    response = RosterFacade().evaluate_jobs(request())
    (e,) = response.evaluations
    assert e.decision == pb.ACCEPTABLE_AS_IS
    assert [c.staff_id for c in e.candidates] == ["b"]
    assert [a.staff_id for a in e.assignments] == ["b"]
    assert e.candidates[0].objective_delta.s1_uncovered == -100


def test_repeated_requests_reuse_the_evaluator():
    """The second request with the same problem and roster is a cache hit."""
    facade = RosterFacade()
    facade.evaluate_jobs(request())
    facade.evaluate_jobs(request(id="z2"))
    assert (facade.evaluators.misses, facade.evaluators.hits) == (1, 1)


@pytest.mark.parametrize(
    "override, field",
    [
        ({"locationId": "nowhere"}, "jobs[0].location_id"),  # unknown location
        ({"id": "y"}, "jobs[0].id"),  # clashes with a shift of the problem
        ({"start": "2026-04-01T09:00:00Z", "end": "2026-04-01T10:00:00Z"}, "jobs[0].start"),  # outside the horizon
    ],
)
def test_bad_job_is_invalid_argument_with_its_path(override, field):
    """A bad job is reported on its own field."""
    with pytest.raises(InvalidProblemError) as e:
        RosterFacade().evaluate_jobs(request(**override))
    assert field in {v.field for v in e.value.violations}


def test_negative_top_n_is_rejected():
    """top_n below zero is a field violation."""
    req = request()
    req.top_n = -1
    with pytest.raises(InvalidProblemError) as e:
        RosterFacade().evaluate_jobs(req)
    assert [v.field for v in e.value.violations] == ["top_n"]
