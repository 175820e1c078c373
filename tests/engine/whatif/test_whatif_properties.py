"""The incremental checks agree with the independent validator on random tiny problems."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.engine.model import Assignment, Interval, Requirement, RuleParams, TravelSettings
from safeshift.engine.validation import explain_exclusion, validate_roster
from safeshift.engine.whatif import Decision, Evaluator, WhatIfOptions, evaluate_jobs

from whatif_builders import TRAVEL, at, past, problem, shift, staff

RULES = {
    "min_rest_minutes": st.sampled_from([None, 600, 720]),
    "max_duties_per_day": st.sampled_from([None, 1, 2]),
    "max_total_minutes": st.sampled_from([None, 900, 1500]),
    "max_weekends": st.sampled_from([None, 0, 1]),
    "max_consecutive_days": st.sampled_from([None, 1, 2]),
    "min_consecutive_days": st.sampled_from([None, 2]),
    "min_consecutive_days_off": st.sampled_from([None, 2]),
    "max_door_to_door_minutes": st.sampled_from([None, 600, 840]),
    # The fatigue rules H6..H9 (None: the built-in default, on unless disabled).
    "window_minutes": st.sampled_from([None, 1440, 2880]),
    "max_minutes_in_window": st.sampled_from([None, 600, 900, 1500]),
    "span_days": st.sampled_from([None, 2, 3]),
    "max_duties_in_span": st.sampled_from([None, 1, 2]),
    "max_consecutive_nights": st.sampled_from([None, 1, 2]),
    "min_rest_after_nights_minutes": st.sampled_from([None, 1440, 2760]),
    "weekly_rest_minutes": st.sampled_from([None, 1440, 2160]),
    "weekly_rest_period_days": st.sampled_from([None, 2, 7]),
    "disabled_rules": st.sets(st.sampled_from(["H6", "H7", "H8", "H9"]), max_size=2),
}
# Weeks of the tiny problems: plain, the spring and the autumn clock change (Sundays
# 2026-03-29 and 2026-10-25), as day offsets from Monday 2026-03-02.
WEEKS = [0, 21, 231]


@st.composite
def a_shift(draw, id: str, week: int = 0):
    reqs = tuple(
        Requirement(f"r{k}", tuple(draw(st.sampled_from([("PTS",), ("COSS",), ("PTS", "COSS"), ()]))),
                    draw(st.integers(1, 2)))
        for k in range(draw(st.integers(1, 2)))
    )
    return shift(id, day=week + draw(st.integers(0, 6)), hour=draw(st.sampled_from([0, 6, 8, 14, 20, 22])),
                 minutes=draw(st.sampled_from([240, 480, 600, 780])), location=draw(st.sampled_from(["W", "X", None])),
                 category=draw(st.sampled_from(["D", "N"])), requirements=reqs)


@st.composite
def a_past_duty(draw, week: int):
    return past(week - draw(st.integers(1, 3)), draw(st.sampled_from([0, 8, 16, 20, 22])),
                draw(st.sampled_from([480, 600, 720])), location=draw(st.sampled_from(["W", "X", None])),
                category=draw(st.sampled_from(["D", "N"])))


@st.composite
def cases(draw):
    week = draw(st.sampled_from(WEEKS))
    people = []
    for i in range(draw(st.integers(2, 4))):
        comps = draw(st.sampled_from([("PTS",), ("COSS",), ("PTS", "COSS"), ()]))
        rules = {k: draw(v) for k, v in RULES.items()}
        history = draw(st.lists(a_past_duty(week), max_size=2))
        if rules["min_consecutive_days"] and rules["max_consecutive_days"]:
            rules["max_consecutive_days"] = max(rules["max_consecutive_days"], rules["min_consecutive_days"])
        if draw(st.booleans()):
            rules["category_max"] = {draw(st.sampled_from(["D", "N"])): draw(st.integers(0, 1))}
        leave = ()
        if draw(st.integers(0, 3)) == 0:
            d = draw(st.integers(0, 6))
            leave = (Interval(at(week + d, 10), at(week + d, 20), "leave"),)
        people.append(staff(f"s{i}", competencies=comps, unavailable=leave, cost=draw(st.sampled_from([0, 600, 1200])),
                            history=history, **rules))
    shifts = [draw(a_shift(f"j{k}", week)) for k in range(draw(st.integers(2, 6)))]
    forbidden = (("N", "D"),) if draw(st.booleans()) else ()
    defaults = RuleParams(disabled_rules=draw(st.sets(st.sampled_from(["H6", "H7", "H8", "H9"]), max_size=1)))
    working = TravelSettings(matrix=TRAVEL, is_working_time=draw(st.booleans()))
    p = problem(people, shifts, forbidden_successions=forbidden, defaults=defaults, travel=working,
                horizon_start=at(week), horizon_end=at(week + 7))
    pairs = [(s.id, sh) for s in people for sh in shifts]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=8, unique_by=lambda x: (x[0], x[1].id)))
    roster = [Assignment(sid, sh.id, draw(st.sampled_from(sh.requirements)).id) for sid, sh in chosen]
    job = draw(a_shift("job", week))
    return p, roster, job


def _key(x):
    return None if x is None else (x.rule, dict(x.values))


# The rules the incremental checker implements (H11 pins and the S7 hard threshold, a
# fatigue-model score, are left to the validator).
KNOWN = {"H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10"}
FATIGUE = {"H6", "H7", "H8", "H9"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_first_rule_matches_explain_exclusion(case):
    """The incremental checker gives the validator's first rule and numbers when that rule is
    one it implements, never excludes someone the validator accepts, and the evaluator's
    explanations are exactly explain_exclusion's."""
    p, roster, job = case
    ev = Evaluator(p, roster)
    full = ev.extended([job])
    slot = ev.prepare([job])[0]
    for s, person in enumerate(p.staff):
        for k, r in enumerate(job.requirements):
            theirs = explain_exclusion(full, roster, person.id, job.id, r.id)
            mine = ev.first_breach(s, slot, k)
            assert _key(ev.explain(s, slot, k)) == _key(theirs)
            if theirs is None or theirs.rule in KNOWN:
                assert _key(mine) == _key(theirs)
                if theirs is not None and theirs.rule in FATIGUE:
                    assert mine.message == theirs.message

@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_candidates_and_exclusions_agree_with_the_validator(case):
    """On a valid roster: each as-is candidate gives a valid roster; each excluded person
    breaks exactly the rule reported."""
    p, roster, job = case
    if not validate_roster(p, roster).valid:
        roster = []
    ev = Evaluator(p, roster)
    full = ev.extended([job])
    e = evaluate_jobs(ev, [job], WhatIfOptions(top_n=10, time_limit_seconds=0)).evaluations[0]
    for c in e.candidates:
        assert validate_roster(full, roster + [Assignment(c.staff_id, job.id, c.requirement_id)]).valid
    for x in e.exclusions:
        held = {g.competency_id for g in p.staff_by_id[x.staff_id].competencies}
        req = next(r for r in job.requirements if set(r.competency_ids) <= held)
        report = validate_roster(full, roster + [Assignment(x.staff_id, job.id, req.id)])
        assert x.rule in {v.rule for v in report.violations if job.id in v.shift_ids or v.rule == "H10"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_as_is_decision_matches_brute_force(case):
    """The job is acceptable as is exactly when some choice of distinct people passes the validator."""
    p, roster, job = case
    if not validate_roster(p, roster).valid:
        roster = []
    ev = Evaluator(p, roster)
    full = ev.extended([job])
    e = evaluate_jobs(ev, [job], WhatIfOptions(time_limit_seconds=0)).evaluations[0]
    slots = [r.id for r in job.requirements for _ in range(r.min_headcount)]
    found = False
    for people in itertools.permutations([s.id for s in p.staff], len(slots)):
        extra = [Assignment(s, job.id, r) for s, r in zip(people, slots)]
        if validate_roster(full, roster + extra).valid:
            found = True
            break
    assert (e.decision is Decision.ACCEPTABLE_AS_IS) == found
    if found:
        assert validate_roster(full, e.plan.roster).valid
