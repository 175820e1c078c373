"""The incremental checks and the as-is answer on hand-made cases."""

from safeshift.engine.validation import explain_exclusion, validate_roster
from safeshift.engine.validation.hard_rules import H10_PARTS
from safeshift.engine.whatif import Decision, Evaluator, WhatIfOptions, evaluate_jobs
from safeshift.engine.whatif.checks import H10_ORDER


def _one(tiny, people, shifts, roster, job, **kw):
    ev = Evaluator(tiny.problem(people, shifts), roster)
    return ev, evaluate_jobs(ev, [job], WhatIfOptions(**kw)).evaluations[0]


def test_h10_parts_follow_the_validator():
    """The checker tries the H10 parts in the validator's order (fails when a part is added)."""
    assert H10_ORDER == H10_PARTS


def test_rest_after_a_shift_spec_example(tiny):
    """12 h on the clock minus 1 h 40 min travel: H4 with the rest, travel and end time."""
    shifts = [tiny.shift("y", day=1, hour=7)]
    job = tiny.shift("z", day=2, hour=3)
    ev, e = _one(tiny, [tiny.staff("ann")], shifts, tiny.assign("ann:y"), job, time_limit_seconds=0.01)
    assert e.decision is Decision.NOT_ACCEPTABLE
    (x,) = e.exclusions
    assert (x.rule, dict(x.values)) == ("H4", {"rest_minutes": 620, "min_rest_minutes": 720, "travel_minutes": 100,
                                               "gap_minutes": 720})
    assert x.message == ("H4: only 10 h 20 min rest after shift y including 1 h 40 min "
                         "travel (12 h 00 min required)")


def test_as_is_ranks_by_cost_then_margin(tiny):
    """Cheapest first; the candidate's delta is S1 minus the job's weight plus their cost."""
    people = [tiny.staff("dear", cost=3000), tiny.staff("cheap", cost=600), tiny.staff("busy", cost=600)]
    shifts = [tiny.shift("y", day=1, hour=7)]
    job = tiny.shift("z", day=2, hour=8, minutes=360)
    ev, e = _one(tiny, people, shifts, tiny.assign("busy:y"), job)
    assert e.decision is Decision.ACCEPTABLE_AS_IS
    assert [c.staff_id for c in e.candidates] == ["cheap", "busy", "dear"]
    c = e.candidates[0]
    assert (c.objective_delta.s1_uncovered, c.objective_delta.s4_cost) == (-100, 600 * (360 + 100) // 60)
    assert e.plan.assignments[0].staff_id == "cheap"
    busy = e.candidates[1]
    assert busy.margin_rule == "H4 rest after shift y" and busy.fatigue_margin_minutes == 17 * 60 - 100 - 720


def test_as_is_candidate_passes_the_validator(tiny):
    """Every as-is candidate added to the roster gives a valid roster."""
    people = [tiny.staff(n) for n in ("a", "b", "c")]
    shifts = [tiny.shift("y", day=1, hour=7), tiny.shift("w", day=2, hour=20)]
    job = tiny.shift("z", day=2, hour=9)
    ev, e = _one(tiny, people, shifts, tiny.assign("a:y", "b:w"), job)
    full = ev.extended([job])
    assert e.candidates
    for c in e.candidates:
        roster = list(ev.roster) + tiny.assign(f"{c.staff_id}:z")
        assert validate_roster(full, roster).valid


def test_two_requirements_need_distinct_people(tiny):
    """A job needing two people is not as is with only one free person."""
    from safeshift.engine.model import Requirement

    reqs = (Requirement("lead", ("COSS",)), Requirement("r", ("PTS",)))
    job = tiny.shift("z", day=3, requirements=reqs)
    people = [tiny.staff("both", competencies=("PTS", "COSS"))]
    ev, e = _one(tiny, people, [], [], job, time_limit_seconds=0.01)
    assert e.decision is Decision.NOT_ACCEPTABLE
    assert {c.requirement_id for c in e.candidates} == {"lead", "r"}


def test_lacking_competencies_are_summarised(tiny):
    """People without the competency are counted per competency, not listed."""
    people = [tiny.staff("p"), tiny.staff("q")]
    job = tiny.shift("z", day=3, competencies=("COSS",))
    ev, e = _one(tiny, people, [], [], job, time_limit_seconds=0.01)
    assert e.exclusions == ()
    assert (e.lacking.staff, dict(e.lacking.missing)) == (2, {"COSS": 2})


def test_h10_succession_and_daily_limit_agree_with_explain(tiny):
    """Forbidden successions and two duties a day are explained as the validator does."""
    people = [tiny.staff("ann"), tiny.staff("bob", max_duties_per_day=1)]
    shifts = [tiny.shift("n", day=1, hour=0, minutes=360, category="N"), tiny.shift("m", day=3, hour=6, minutes=120)]
    roster = tiny.assign("ann:n", "bob:m")
    p = tiny.problem(people, shifts, forbidden_successions=(("N", "D"),))
    job = tiny.shift("z", day=2, hour=14, minutes=300, category="D")
    late = tiny.shift("l", day=3, hour=21, minutes=120, category="D")
    ev = Evaluator(p, roster)
    for j in (job, late):
        full = ev.extended([j])
        slot = ev.prepare([j])[0]
        for s, person in enumerate(p.staff):
            mine = ev.explain(s, slot, 0)
            theirs = explain_exclusion(full, roster, person.id, j.id, "r")
            assert (mine and (mine.rule, dict(mine.values))) == (theirs and (theirs.rule, dict(theirs.values)))


def test_bad_job_names_the_field(tiny):
    """A job at an unknown location or with a taken id is an input error on jobs[i]."""
    import pytest

    from safeshift.engine.errors import InvalidProblemError

    ev = Evaluator(tiny.problem([tiny.staff("a")], [tiny.shift("y", day=1)]), [])
    with pytest.raises(InvalidProblemError) as e:
        ev.prepare([tiny.shift("y", day=2), tiny.shift("z", day=2, location="nowhere")])
    fields = {v.field for v in e.value.violations}
    assert fields == {"jobs[0].id", "jobs[1].location_id"}
