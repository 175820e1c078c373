"""With changes and bundles: the smallest re-plan, pins kept, the validator agrees."""

from safeshift.engine.model import Assignment
from safeshift.engine.validation import validate_roster
from safeshift.engine.whatif import Decision, Evaluator, WhatIfOptions, evaluate_jobs


def _swap_case(tiny, **kw):
    people = [tiny.staff("a", competencies=("PTS", "COSS")), tiny.staff("b")]
    shifts = [tiny.shift("y", day=2, hour=8)]
    job = tiny.shift("z", day=2, hour=9, competencies=("COSS",))
    return tiny.problem(people, shifts, **kw), tiny.assign("a:y"), job


def test_swap_makes_room(tiny):
    """a leaves y for the job, b takes y: two changed assignments, a valid roster."""
    p, roster, job = _swap_case(tiny)
    ev = Evaluator(p, roster)
    e = evaluate_jobs(ev, [job], WhatIfOptions(time_limit_seconds=5)).evaluations[0]
    assert e.decision is Decision.ACCEPTABLE_WITH_CHANGES
    assert e.plan.changed_assignments == 2
    assert e.plan.assignments == (Assignment("a", "z", "r"),)
    assert {(m.staff_id, m.from_shift_id, m.to_shift_id) for m in e.plan.moves} == {("a", "y", "z"), ("b", "", "y")}
    assert validate_roster(ev.extended([job]), e.plan.roster).valid


def test_pinned_assignment_never_moves(tiny):
    """With a's shift pinned there is no re-plan; a is excluded by H3 with the numbers."""
    p, roster, job = _swap_case(tiny, pinned=tuple(tiny.assign("a:y")))
    e = evaluate_jobs(Evaluator(p, roster), [job], WhatIfOptions(time_limit_seconds=5)).evaluations[0]
    assert e.decision is Decision.NOT_ACCEPTABLE
    (x,) = e.exclusions
    assert (x.staff_id, x.rule, x.values["overlap_minutes"]) == ("a", "H3", 8 * 60 + 40)


def test_no_budget_means_no_replan(tiny):
    """A zero re-plan budget answers from the fast path alone."""
    p, roster, job = _swap_case(tiny)
    e = evaluate_jobs(Evaluator(p, roster), [job], WhatIfOptions(time_limit_seconds=0)).evaluations[0]
    assert e.decision is Decision.NOT_ACCEPTABLE and "no time left" in e.message


def _nights(tiny, n=3):
    return [tiny.shift(f"n{k}", day=1 + k, hour=23, category="N") for k in range(n)]


def test_bundle_by_different_people(tiny):
    """Three nights, three free people: the bundle is acceptable as is, one each."""
    p = tiny.problem([tiny.staff(x) for x in "abc"], [])
    result = evaluate_jobs(Evaluator(p, []), _nights(tiny), WhatIfOptions(bundle=True))
    assert result.bundle.decision is Decision.ACCEPTABLE_AS_IS
    assert len({a.staff_id for a in result.bundle.plan.assignments}) == 3


def test_bundle_by_one_person(tiny):
    """Only one person holds the competency: they take all three nights together."""
    p = tiny.problem([tiny.staff("a", competencies=("PTS", "COSS")), tiny.staff("b")], [])
    jobs = [tiny.shift(f"n{k}", day=1 + k, hour=23, category="N", competencies=("COSS",)) for k in range(3)]
    ev = Evaluator(p, [])
    result = evaluate_jobs(ev, jobs, WhatIfOptions(bundle=True, time_limit_seconds=5))
    assert result.bundle.decision is Decision.ACCEPTABLE_AS_IS
    assert {a.staff_id for a in result.bundle.plan.assignments} == {"a"}
    assert validate_roster(ev.extended(jobs), result.bundle.plan.roster).valid


def test_bundle_not_acceptable_says_why(tiny):
    """Two overlapping jobs only one person can do: each alone is fine, together not."""
    p = tiny.problem([tiny.staff("a", competencies=("COSS",)), tiny.staff("b")], [])
    jobs = [tiny.shift("x1", day=2, hour=8, competencies=("COSS",)),
            tiny.shift("x2", day=2, hour=10, competencies=("COSS",))]
    result = evaluate_jobs(Evaluator(p, []), jobs, WhatIfOptions(bundle=True, time_limit_seconds=3))
    assert result.bundle.decision is Decision.NOT_ACCEPTABLE
    assert [e.decision for e in result.evaluations] == [Decision.ACCEPTABLE_AS_IS] * 2
