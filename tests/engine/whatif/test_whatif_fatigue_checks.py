"""The incremental fatigue checks (H6..H9) on hand-made cases, rule by rule.

Each case asserts the checker's exclusion (rule, message, numbers) and that it is exactly
what ``validation.explain_exclusion`` says on the problem with the job added.
Shifts at X need no travel from home H; W is 50 min away each way.
"""

from __future__ import annotations

from safeshift.engine.model import RuleParams, TravelSettings
from safeshift.engine.validation import explain_exclusion
from safeshift.engine.validation.hard_rules import WINDOW_PARTS
from safeshift.engine.whatif import Evaluator
from safeshift.engine.whatif.fatigue_checks import WINDOW_ORDER

from whatif_builders import TRAVEL


def _check(p, roster, job, staff_id="ann"):
    """The checker's exclusion of ``staff_id`` for the job, after asserting it equals the
    validator's explanation (rule, message and numbers) and that ``options`` agrees."""
    ev = Evaluator(p, roster)
    slot = ev.prepare([job])[0]
    s = next(i for i, x in enumerate(p.staff) if x.id == staff_id)
    mine = ev.first_breach(s, slot, 0)
    theirs = explain_exclusion(ev.extended([job]), roster, staff_id, job.id, job.requirements[0].id)
    assert (mine and (mine.rule, mine.message, dict(mine.values))) == (
        theirs and (theirs.rule, theirs.message, dict(theirs.values)))
    assert (s in {o.staff for o in ev.options(slot)}) == (mine is None)
    return mine


def test_window_parts_follow_the_validator():
    """The checker tries the H6..H9 parts in the validator's order (fails when one is added)."""
    assert WINDOW_ORDER == WINDOW_PARTS


# ------------------------------------------------------------------ H6


def test_h6_rolling_minutes(tiny):
    """12 h then 10 h a day later (13 h rest): 22 h in a 2-day window, above 20 h."""
    people = [tiny.staff("ann", window_minutes=2880, max_minutes_in_window=1200)]
    y = tiny.shift("y", day=1, hour=8, minutes=720, location="X")
    job = tiny.shift("z", day=2, hour=9, minutes=600, location="X")
    x = _check(tiny.problem(people, [y]), tiny.assign("ann:y"), job)
    assert x.message == "H6: would reach 22 h 00 min in the 2 days from Tue 2026-03-03 08:00 (maximum 20 h 00 min)"
    assert dict(x.values) == {"worked_minutes": 1320, "max_minutes_in_window": 1200, "window_minutes": 2880}
    # 9 h 40 min is exactly the limit: no breach.
    short = tiny.shift("z", day=2, hour=9, minutes=480, location="X")
    assert _check(tiny.problem(people, [y]), tiny.assign("ann:y"), short) is None


def test_h6_counts_travel_as_working_time_and_history(tiny):
    """A duty worked before the horizon counts; travel to W (50 min each way) is work."""
    people = [tiny.staff("ann", window_minutes=2880, max_minutes_in_window=1200,
                         history=[tiny.past(-1, 8, 600, location="X")])]
    job = tiny.shift("z", day=0, hour=8, minutes=480, location="W")
    assert _check(tiny.problem(people, []), [], job) is None  # 10 h + 8 h + 1 h 40 min travel: 19 h 40 min
    longer = tiny.shift("z", day=0, hour=7, minutes=540, location="W")
    x = _check(tiny.problem(people, []), [], longer)
    assert x.message == "H6: would reach 20 h 40 min in the 2 days from Sun 2026-03-01 08:00 (maximum 20 h 00 min)"
    # Travel not working time: 10 h + 9 h.
    p = tiny.problem(people, [], travel=TravelSettings(matrix=TRAVEL, is_working_time=False))
    assert _check(p, [], longer) is None


def test_h6_disabled_per_staff_and_by_problem_defaults(tiny):
    """``disabled_rules`` on the person or on the problem defaults switches H6 off."""
    y = tiny.shift("y", day=1, hour=8, minutes=720, location="X")
    job = tiny.shift("z", day=2, hour=9, minutes=600, location="X")
    off = [tiny.staff("ann", window_minutes=2880, max_minutes_in_window=1200, disabled_rules={"H6"})]
    assert _check(tiny.problem(off, [y]), tiny.assign("ann:y"), job) is None
    on = [tiny.staff("ann", window_minutes=2880, max_minutes_in_window=1200)]
    p = tiny.problem(on, [y], defaults=RuleParams(disabled_rules=frozenset({"H6"})))
    assert _check(p, tiny.assign("ann:y"), job) is None


def test_h6_roster_already_over_the_limit(tiny):
    """When the roster already breaks H6, the job counts only if it makes it worse, and the
    numbers are the validator's (its worst window may lie away from the job)."""
    people = [tiny.staff("ann", window_minutes=2880, max_minutes_in_window=1200, min_rest_minutes=600)]
    shifts = [tiny.shift("a", day=0, hour=8, minutes=720, location="X"),
              tiny.shift("b", day=1, hour=8, minutes=720, location="X")]
    roster = tiny.assign("ann:a", "ann:b")
    far = tiny.shift("z", day=5, hour=8, minutes=480, location="X")
    assert _check(tiny.problem(people, shifts), roster, far) is None
    near = tiny.shift("z", day=2, hour=8, minutes=480, location="X")
    assert _check(tiny.problem(people, shifts), roster, near).rule == "H6"


# ------------------------------------------------------------------ H7


def test_h7_duties_in_span(tiny):
    """A third duty in 3 days, at most 2."""
    people = [tiny.staff("ann", span_days=3, max_duties_in_span=2), tiny.staff("bob", span_days=3,
                                                                                 max_duties_in_span=2,
                                                                                 disabled_rules={"H7"})]
    shifts = [tiny.shift(f"d{d}", day=d, location="X") for d in (0, 1)]
    job = tiny.shift("z", day=2, location="X")
    x = _check(tiny.problem(people, shifts), tiny.assign("ann:d0", "ann:d1"), job)
    assert x.message == "H7: would be 3 duties in the 3 days from Mon 2026-03-02 (maximum 2)"
    assert dict(x.values) == {"duties": 3, "max_duties_in_span": 2, "span_days": 3}
    assert _check(tiny.problem(people, shifts), tiny.assign("bob:d0", "bob:d1"), job, "bob") is None


def test_h7_counts_duties_worked_before_the_horizon(tiny):
    """Sunday before the horizon, Monday in the roster: the Tuesday job is the third."""
    people = [tiny.staff("ann", span_days=3, max_duties_in_span=2, history=[tiny.past(-1, 8, location="X")])]
    shifts = [tiny.shift("d0", day=0, location="X")]
    job = tiny.shift("z", day=1, location="X")
    x = _check(tiny.problem(people, shifts), tiny.assign("ann:d0"), job)
    assert x.message == "H7: would be 3 duties in the 3 days from Sun 2026-03-01 (maximum 2)"


# ------------------------------------------------------------------ H8


def test_h8_consecutive_nights(tiny):
    """A third night in a row, at most 2."""
    people = [tiny.staff("ann", max_consecutive_nights=2)]
    shifts = [tiny.shift(f"n{d}", day=d, hour=22, location="X", category="N") for d in (0, 1)]
    job = tiny.shift("z", day=2, hour=22, location="X", category="N")
    x = _check(tiny.problem(people, shifts), tiny.assign("ann:n0", "ann:n1"), job)
    assert x.message == "H8: would be the 3rd consecutive night (2026-03-02 to 2026-03-04; at most 2)"
    assert dict(x.values) == {"nights": 3, "max_consecutive_nights": 2}
    # In the middle of a gap: the 2nd of a run of 3 (days 1..3).
    shifts = [tiny.shift(f"n{d}", day=d, hour=22, location="X", category="N") for d in (1, 3)]
    job = tiny.shift("z", day=2, hour=22, location="X", category="N")
    x = _check(tiny.problem(people, shifts), tiny.assign("ann:n1", "ann:n3"), job)
    assert x.message == "H8: would be the 2nd consecutive night (2026-03-03 to 2026-03-05; at most 2)"


def test_h8_nights_worked_before_the_horizon_extend_the_run(tiny):
    """Two nights before the horizon: the Monday night is the third."""
    people = [tiny.staff("ann", max_consecutive_nights=2, history=[tiny.past(-2, 22, location="X", category="N"),
                                                                   tiny.past(-1, 22, location="X", category="N")])]
    job = tiny.shift("z", day=0, hour=22, location="X", category="N")
    x = _check(tiny.problem(people, []), [], job)
    assert x.message == "H8: would be the 3rd consecutive night (2026-02-28 to 2026-03-02; at most 2)"


def test_h8_rest_after_nights(tiny):
    """A day duty 13 h 10 min door to door after a night: 46 h are required after nights."""
    people = [tiny.staff("ann")]
    shifts = [tiny.shift("n0", day=0, hour=22, location="X", category="N")]
    job = tiny.shift("z", day=1, hour=20, minutes=240, location="W")
    x = _check(tiny.problem(people, shifts), tiny.assign("ann:n0"), job)
    assert x.message == ("H8: only 13 h 10 min off after night shift n0 (including 0 h 50 min travel; "
                         "46 h 00 min required after nights)")
    assert dict(x.values) == {"rest_minutes": 790, "min_rest_after_nights_minutes": 2760, "travel_minutes": 50}


def test_h8_rest_after_a_night_job_before_a_day_duty(tiny):
    """The job is the night: the day duty after it is too close."""
    people = [tiny.staff("ann", min_rest_after_nights_minutes=1800)]
    shifts = [tiny.shift("d", day=2, hour=8, location="W")]
    job = tiny.shift("z", day=0, hour=22, minutes=480, location="X", category="N")
    x = _check(tiny.problem(people, shifts), tiny.assign("ann:d"), job)
    assert x.message == ("H8: only 25 h 10 min off after this night before shift d "
                         "(including 0 h 50 min travel; 30 h 00 min required after nights)")


def test_h8_rest_after_nights_worked_before_the_horizon(tiny):
    """A night ending Monday 06:00 before the horizon: a Monday 20:00 duty is too close."""
    people = [tiny.staff("ann", history=[tiny.past(-1, 22, location="X", category="N")])]
    job = tiny.shift("z", day=0, hour=20, minutes=240, location="X")
    x = _check(tiny.problem(people, []), [], job)
    assert x.rule == "H8" and dict(x.values)["rest_minutes"] == 14 * 60
    assert "after night shift (worked before the horizon, 2026-03-01 22:00 to 2026-03-02 06:00)" in x.message


# ------------------------------------------------------------------ H9


def _week(tiny, days, **rules):
    people = [tiny.staff("ann", **rules)]
    shifts = [tiny.shift(f"d{d}", day=d, hour=8, minutes=720, location="X") for d in days]
    return people, shifts, tiny.assign(*(f"ann:d{d}" for d in days))


def test_h9_weekly_rest(tiny):
    """12 h a day every day of the week: the longest rest is 12 h, 24 h are required."""
    people, shifts, roster = _week(tiny, (0, 1, 2, 4, 5, 6), disabled_rules={"H6"})
    job = tiny.shift("z", day=3, hour=8, minutes=720, location="X")
    x = _check(tiny.problem(people, shifts), roster, job)
    assert x.message == ("H9: would leave at most 12 h 00 min continuous rest in the 7 days from "
                         "Mon 2026-03-02 00:00 (24 h 00 min required)")
    assert dict(x.values) == {"longest_rest_minutes": 720, "weekly_rest_minutes": 1440, "period_days": 7}
    people, shifts, roster = _week(tiny, (0, 1, 2, 4, 5, 6), disabled_rules={"H6", "H9"})
    assert _check(tiny.problem(people, shifts), roster, job) is None


def test_h9_across_the_spring_clock_change(tiny):
    """The week of Sunday 2026-03-29 is 167 h long: Saturday 20:00 to Monday 00:00 local is
    27 h of real rest, not 28 h."""
    people, shifts, roster = _week(tiny, range(21, 26), weekly_rest_minutes=1680)
    p = tiny.problem(people, shifts, horizon_start=tiny.at(21), horizon_end=tiny.at(28))
    job = tiny.shift("z", day=26, hour=8, minutes=720, location="X")
    x = _check(p, roster, job)
    assert x.message == ("H9: would leave at most 27 h 00 min continuous rest in the 7 days from "
                         "Mon 2026-03-23 00:00 (28 h 00 min required)")
    shorter = tiny.shift("z", day=26, hour=8, minutes=660, location="X")  # ends 19:00: 28 h
    assert _check(p, roster, shorter) is None


def test_h8_night_across_the_autumn_clock_change(tiny):
    """On 2026-10-25 local 23:00 to 06:00 is 8 h of real time: 03:00 to 06:00 GMT lies
    inside it (3 h: a night, the first of three in a row)."""
    people = [tiny.staff("ann", max_consecutive_nights=2)]
    shifts = [tiny.shift(f"n{d}", day=d, hour=22, location="X", category="N") for d in (238, 239)]
    p = tiny.problem(people, shifts, horizon_start=tiny.at(231), horizon_end=tiny.at(245))
    job = tiny.shift("z", day=237, hour=3, minutes=180, location="X", category="N")
    x = _check(p, tiny.assign("ann:n238", "ann:n239"), job)
    assert x.message == "H8: would be the 1st consecutive night (2026-10-25 to 2026-10-27; at most 2)"
