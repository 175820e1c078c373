"""solve/validate request conversion: time limits, parameters, size limits, roster references."""

from __future__ import annotations

import pytest

from safeshift.api.convert import solve_request_from_proto, validate_request_from_proto
from safeshift.api.limits import Limits, check_problem_size
from safeshift.engine.errors import LimitExceededError, Reason
from safeshift.engine.model import Assignment
from safeshift.v1 import roster_pb2 as pb

LIMITS = Limits(max_time_limit_seconds=600.0, default_time_limit_seconds=20.0)


def _solve_req(problem_msg, **params) -> pb.SolveRequest:
    return pb.SolveRequest(problem=problem_msg, parameters=pb.SolveParameters(**params))


@pytest.mark.parametrize(
    "requested, effective",
    [(0.0, 20.0), (0.25, 0.25), (599.5, 599.5), (600.0, 600.0), (601.0, 600.0), (1e12, 600.0), (float("inf"), 600.0)],
)
def test_time_limit_default_and_clamp(problem_msg, requested, effective):
    """0 means the default; anything above the maximum is clamped to it."""
    _, params = solve_request_from_proto(_solve_req(problem_msg, time_limit_seconds=requested), LIMITS)
    assert params.time_limit_seconds == effective


def test_unset_parameters_use_defaults(problem_msg):
    """A request without parameters gets the default limit and zero workers/seed."""
    problem, params = solve_request_from_proto(pb.SolveRequest(problem=problem_msg), LIMITS)
    assert (params.time_limit_seconds, params.workers, params.seed, params.log_search) == (20.0, 0, 0, False)
    assert problem.id == "tiny"


def test_parameters_are_carried(problem_msg):
    """workers, seed and log_search reach SolveParams unchanged."""
    _, params = solve_request_from_proto(_solve_req(problem_msg, workers=3, seed=7, log_search=True), LIMITS)
    assert (params.workers, params.seed, params.log_search) == (3, 7, True)


def test_negative_time_limit_and_workers(problem_msg, violations_of):
    """Negative time limit and workers are violations, reported with problem errors at once."""
    problem_msg.shifts[0].requirements[0].min_headcount = -1
    req = _solve_req(problem_msg, time_limit_seconds=-1.0, workers=-2)
    assert violations_of(solve_request_from_proto, req, LIMITS) == [
        ("parameters.time_limit_seconds", Reason.NEGATIVE_VALUE),
        ("parameters.workers", Reason.NEGATIVE_VALUE),
        ("problem.shifts[0].requirements[0].min_headcount", Reason.NEGATIVE_VALUE),
    ]


def test_nan_time_limit(problem_msg, violations_of):
    """A NaN time limit is INVALID_VALUE rather than an endless solve."""
    req = _solve_req(problem_msg, time_limit_seconds=float("nan"))
    assert violations_of(solve_request_from_proto, req, LIMITS) == [
        ("parameters.time_limit_seconds", Reason.INVALID_VALUE)
    ]


@pytest.mark.parametrize(
    "limits, name",
    [
        (Limits(max_staff=1), "problem.staff"),
        (Limits(max_shifts=1), "problem.shifts"),
        (Limits(max_message_bytes=100), "request.bytes"),
    ],
)
def test_size_limits(problem_msg, limits, name):
    """Oversize requests raise LimitExceededError naming the limit, value and maximum."""
    with pytest.raises(LimitExceededError) as info:
        solve_request_from_proto(pb.SolveRequest(problem=problem_msg), limits)
    assert info.value.limit == name
    assert info.value.value > info.value.maximum


def test_check_problem_size_pinned(problem_msg):
    """Pinned assignments count against max_assignments."""
    problem_msg.pinned.add(staff_id="alice", shift_id="s1")
    problem_msg.pinned.add(staff_id="alice", shift_id="s2", requirement_id="rn")
    with pytest.raises(LimitExceededError) as info:
        check_problem_size(problem_msg, Limits(max_assignments=1))
    assert (info.value.limit, info.value.value, info.value.maximum) == ("problem.pinned", 2, 1)


def test_roster_limit(problem_msg):
    """A roster longer than max_assignments is refused before conversion."""
    req = pb.ValidateRosterRequest(problem=problem_msg)
    for _ in range(3):
        req.assignments.add(staff_id="alice", shift_id="s1")
    with pytest.raises(LimitExceededError) as info:
        validate_request_from_proto(req, Limits(max_assignments=2))
    assert info.value.limit == "assignments"


def test_validate_request_fills_requirement_ids(problem_msg):
    """An empty requirement id on a one-requirement shift is resolved to its (default) id."""
    req = pb.ValidateRosterRequest(problem=problem_msg)
    req.assignments.add(staff_id="alice", shift_id="s1")
    req.assignments.add(staff_id="bob", shift_id="s2", requirement_id="hca")
    _, roster = validate_request_from_proto(req, LIMITS)
    assert roster == (Assignment("alice", "s1", "0"), Assignment("bob", "s2", "hca"))


def test_roster_naming_unknown_staff_and_shift(problem_msg, violations_of):
    """Unknown staff, shifts and requirements are named by assignment index."""
    req = pb.ValidateRosterRequest(problem=problem_msg)
    req.assignments.add(staff_id="alice", shift_id="s1")
    req.assignments.add(staff_id="carol", shift_id="s1")
    req.assignments.add(staff_id="bob", shift_id="s9")
    req.assignments.add(staff_id="bob", shift_id="s2", requirement_id="xx")
    req.assignments.add(staff_id="bob", shift_id="s2")
    assert violations_of(validate_request_from_proto, req, LIMITS) == [
        ("assignments[1].staff_id", Reason.UNKNOWN_REFERENCE),
        ("assignments[2].shift_id", Reason.UNKNOWN_REFERENCE),
        ("assignments[3].requirement_id", Reason.UNKNOWN_REFERENCE),
        ("assignments[4].requirement_id", Reason.AMBIGUOUS_REQUIREMENT),
    ]


def test_validate_request_bad_problem_and_time_limit(problem_msg, violations_of):
    """Problem errors in a validate request carry the ``problem.`` prefix."""
    problem_msg.timezone = "Mars/Olympus"
    req = pb.ValidateRosterRequest(problem=problem_msg, time_limit_seconds=-5)
    assert violations_of(validate_request_from_proto, req, LIMITS) == [
        ("time_limit_seconds", Reason.NEGATIVE_VALUE),
        ("problem.timezone", Reason.UNKNOWN_TIME_ZONE),
    ]
