"""Explanations of the new rules carry their numbers: who cannot take a shift, and why."""

from __future__ import annotations

from fatigue_builders import past, person, problem, roster, shift

from safeshift.engine.model import Assignment
from safeshift.engine.validation import explain_exclusion, validate_roster


def test_h6_would_reach():
    """'H6: would reach 73 h 10 min in the 7 days from Tue ... 03:00'."""
    shifts = [shift(f"s{d}", d, 3, 720) for d in range(1, 6)] + [shift("x", 6, 3, 790)]
    p = problem([person()], shifts, on=("H6",))
    why = explain_exclusion(p, roster(p)[:5], "p", "x", "r")
    assert why.rule == "H6"
    assert why.message == "H6: would reach 73 h 10 min in the 7 days from Tue 2026-03-03 03:00 (maximum 72 h 00 min)"
    assert why.values["worked_minutes"] == 4390


def test_h7_would_be_too_many_duties():
    """'H7: would be 14 duties in the 14 days from ...'."""
    shifts = [shift(f"s{d:02d}", d, 8, 60) for d in range(14)]
    p = problem([person()], shifts, on=("H7",), days=14)
    why = explain_exclusion(p, roster(p)[:13], "p", "s13", "r")
    assert (why.rule, why.values["duties"]) == ("H7", 14)
    assert "would be 14 duties in the 14 days from Mon 2026-03-02" in why.message


def test_h8_fifth_consecutive_night():
    """'H8: would be the 5th consecutive night'."""
    shifts = [shift(f"n{d}", d, 23, 480) for d in range(5)]
    p = problem([person()], shifts, on=("H8",))
    why = explain_exclusion(p, roster(p)[:4], "p", "n4", "r")
    assert why.rule == "H8"
    assert why.message.startswith("H8: would be the 5th consecutive night (2026-03-02 to 2026-03-06; at most 4)")


def test_h8_rest_after_nights():
    """A day duty too soon after a night names the night and the hours."""
    p = problem([person()], [shift("n0", 0, 23, 480), shift("d", 2, 8, 480)], on=("H8",))
    why = explain_exclusion(p, [Assignment("p", "n0", "r")], "p", "d", "r")
    assert why.rule == "H8"
    assert why.message.startswith("H8: only 25 h 00 min off after night shift n0")


def test_h9_weekly_rest():
    """A duty that would leave no 24 h rest in the week says how much is left."""
    shifts = [shift(f"s{d}", d, 8, 840) for d in range(7)]
    p = problem([person()], shifts, on=("H9",), days=7)
    why = explain_exclusion(p, roster(p)[:6], "p", "s6", "r")
    assert why.rule == "H9"
    assert "would leave at most 10 h 00 min continuous rest in the 7 days from Mon 2026-03-02 00:00" in why.message


def test_uncovered_demand_names_the_history():
    """An uncovered Monday duty is explained by the rest after last week's final night."""
    p = problem([person(history=[past(-1, 21, 600)], min_rest_minutes=720)], [shift("mon", 0, 12, 300)], on=())
    (gap,) = validate_roster(p, []).uncovered
    (why,) = gap.exclusions
    assert why.rule == "H4"
    assert "only 5 h 00 min rest after shift (worked before the horizon, 2026-03-01 21:00 to 2026-03-02 07:00)" in (
        why.message
    )
