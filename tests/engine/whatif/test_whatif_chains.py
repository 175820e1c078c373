"""Ejection chains: the fewest changes, proved when the bound is met, checked by CP-SAT."""

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from safeshift.engine.model import Interval
from safeshift.engine.validation import validate_roster
from safeshift.engine.whatif import Decision, Evaluator, WhatIfOptions, evaluate_jobs
from safeshift.engine.whatif.chains import chain_replan
from safeshift.engine.whatif.evaluate import _AsIs
from safeshift.engine.whatif.replan import replan

from whatif_builders import assign, at, problem, shift, staff


def _two_level():
    """Only a can do the job but holds y; nobody takes y as is (b has w two hours after
    it, c is away on day 2), but b can once c takes w: a 4-change chain."""
    people = [staff("a", competencies=("PTS", "COSS")), staff("b"),
              staff("c", unavailable=(Interval(at(2, 7), at(2, 17)),))]
    shifts = [shift("y", day=2, hour=8), shift("w", day=2, hour=18, minutes=240)]
    roster = assign("a:y", "b:w")
    return problem(people, shifts), roster, shift("z", day=2, hour=9, competencies=("COSS",))


def test_two_level_chain_is_found_and_proved():
    p, roster, job = _two_level()
    ev = Evaluator(p, roster)
    slot = ev.prepare([job])[0]
    found = chain_replan(ev, slot, [], 48, seconds=60)
    assert (found.changes, found.proved) == (4, True)
    e = evaluate_jobs(ev, [job], WhatIfOptions(time_limit_seconds=5)).evaluations[0]
    assert e.decision is Decision.ACCEPTABLE_WITH_CHANGES and e.plan.changed_assignments == 4
    assert {(m.staff_id, m.from_shift_id, m.to_shift_id) for m in e.plan.moves} == {
        ("a", "y", "z"), ("b", "w", "y"), ("c", "", "w")}
    assert "no plan with fewer changes" in e.message
    assert validate_roster(ev.extended([job]), e.plan.roster).valid


def test_one_level_only_is_not_claimed_proved():
    """Without c there is no chain; nothing is claimed, and the answer says why not."""
    p, roster, job = _two_level()
    p = p.replace(staff=p.staff[:2])
    ev = Evaluator(p, roster)
    assert chain_replan(ev, ev.prepare([job])[0], [], 48, seconds=60).roster is None
    e = evaluate_jobs(ev, [job], WhatIfOptions(time_limit_seconds=2)).evaluations[0]
    assert e.decision is Decision.NOT_ACCEPTABLE


def test_dropping_from_an_overcovered_shift_is_one_change():
    """y needs one person and has two: a simply leaves it."""
    people = [staff("a", competencies=("PTS", "COSS")), staff("b")]
    p = problem(people, [shift("y", day=2, hour=8)])
    roster = assign("a:y", "b:y")
    job = shift("z", day=2, hour=9, competencies=("COSS",))
    ev = Evaluator(p, roster)
    e = evaluate_jobs(ev, [job], WhatIfOptions(time_limit_seconds=5)).evaluations[0]
    assert e.plan.changed_assignments == 1 and "no plan with fewer changes" in e.message
    assert validate_roster(ev.extended([job]), e.plan.roster).valid


@st.composite
def _cases(draw):
    n_staff = draw(st.integers(3, 5))
    people = [staff(f"s{i}", competencies=("PTS", "COSS") if i < 2 or draw(st.booleans()) else ("PTS",))
              for i in range(n_staff)]
    shifts = [shift(f"t{k}", day=draw(st.integers(1, 3)), hour=draw(st.sampled_from((6, 8, 14, 20))),
                    minutes=draw(st.sampled_from((240, 480))), heads=draw(st.integers(1, 2)),
                    competencies=draw(st.sampled_from((("PTS",), ("PTS",), ("COSS",)))))
              for k in range(draw(st.integers(3, 8)))]
    p = problem(people, shifts)
    roster, order = [], draw(st.permutations(range(len(shifts))))
    for k in order:  # a valid roster: each shift filled as is, in a random order
        ev = Evaluator(p, roster)
        f = _AsIs(ev, ev.calendar.slots[shifts[k].id], 1, 4)
        if f.plan is not None and draw(st.integers(0, 3)):
            roster += f.plan.assignments
    job = shift("job", day=draw(st.integers(1, 3)), hour=draw(st.sampled_from((7, 9, 15, 21))),
                competencies=("COSS",), heads=draw(st.integers(1, 2)))
    return p, roster, job


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_chains_never_claim_more_than_cp_sat_proves(case):
    """On tiny problems CP-SAT alone finds the fewest changes in seconds: a chain proved
    minimal never has more, and the answer (chains, then CP-SAT) never has more either."""
    p, roster, job = case
    ev = Evaluator(p, roster)
    slot = ev.prepare([job])[0]
    fast = _AsIs(ev, slot, 3, 5)
    if fast.plan is not None:
        event("as is")
        return
    exact = replan(ev, [slot], window_hours=200, max_free_staff=10, time_limit_seconds=5).plan
    chain = chain_replan(ev, slot, fast.options, 200, seconds=60)
    event(f"chain {'proved' if chain.proved else 'found' if chain.roster else 'none'}, cp-sat {bool(exact)}")
    if chain.roster is not None:
        assert validate_roster(ev.extended([job]), chain.roster).valid
        assert exact is not None
        if chain.proved:
            assert chain.changes <= exact.changed_assignments
    answer = evaluate_jobs(ev, [job], WhatIfOptions(time_limit_seconds=5, window_hours=200, max_free_staff=10))
    plan = answer.evaluations[0].plan
    if exact is not None:
        assert plan is not None and plan.changed_assignments <= exact.changed_assignments
        assert validate_roster(ev.extended([job]), plan.roster).valid


def test_window_bounds_what_may_move():
    """A duty outside the window never moves: with a 0 h window a cannot leave y."""
    p, roster, job = _two_level()
    ev = Evaluator(p, roster)
    found = chain_replan(ev, ev.prepare([job])[0], [], 0)
    assert found.roster is None


def test_two_takers_never_share_a_cover():
    """a and b must both leave shifts at the same time for a 2-person job; c (cheaper) is
    the best cover for either shift, so one of them must be covered by d instead."""
    people = [staff("a", competencies=("PTS", "COSS")), staff("b", competencies=("PTS", "COSS")),
              staff("c"), staff("d", cost=50)]
    shifts = [shift("y1", day=2, hour=8), shift("y2", day=2, hour=8, location="X")]
    p = problem(people, shifts)
    roster = assign("a:y1", "b:y2")
    job = shift("z", day=2, hour=9, competencies=("COSS",), heads=2)
    ev = Evaluator(p, roster)
    found = chain_replan(ev, ev.prepare([job])[0], [], 48, seconds=60)
    assert (found.changes, found.proved) == (4, True)
    takers = {a.staff_id for a in found.roster if a.shift_id in ("y1", "y2")}
    assert takers == {"c", "d"}
    assert validate_roster(ev.extended([job]), found.roster).valid
