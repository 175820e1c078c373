"""H8 consecutive nights and rest after nights, and what counts as a night shift."""

from __future__ import annotations

import pytest
from fatigue_builders import checked_solve, person, problem, roster, shift, uncovered, violations

from safeshift.engine.model.calendar import is_night


def nights(n: int):
    """``n`` nights 23:00-07:00 from Monday."""
    return [shift(f"n{d}", d, 23, 480) for d in range(n)]


@pytest.mark.parametrize(("n", "breaches"), [(4, 0), (5, 1)])
def test_validator_counts_nights_in_a_row(n, breaches):
    """Four nights in a row are fine; the fifth is named."""
    p = problem([person()], nights(n), on=("H8",))
    found = violations(p, roster(p), "H8")
    assert len(found) == breaches
    if breaches:
        assert found[0].values == {"nights": 5, "max_consecutive_nights": 4}
        assert "5 consecutive nights (2026-03-02 to 2026-03-06)" in found[0].message


@pytest.mark.parametrize(("n", "missing"), [(4, 0), (5, 1)])
def test_solver_keeps_to_the_nights_limit(n, missing):
    """The solver works four nights in a row, not five."""
    assert uncovered(checked_solve(problem([person()], nights(n), on=("H8",)))) == missing


def test_a_day_off_breaks_the_run():
    """Nights on days 0-3 and 5-8 are two runs of four: no breach."""
    shifts = [shift(f"n{d}", d, 23, 480) for d in (0, 1, 2, 3, 5, 6, 7, 8)]
    p = problem([person()], shifts, on=("H8",), min_rest_after_nights_minutes=0)
    assert violations(p, roster(p), "H8") == []
    assert uncovered(checked_solve(p)) == 0


@pytest.mark.parametrize(
    ("minute", "breaches"),
    [
        (0, 0),  # night ends Tue 07:00, day shift Thu 05:00: exactly 46 h off
        (-1, 1),  # 45 h 59 min
    ],
)
def test_rest_after_nights(minute, breaches):
    """After the last night, 46 h off before a non-night duty (door to door)."""
    day = shift("d", 3, 5, 480, minute=minute) if minute == 0 else shift("d", 3, 4, 480, minute=59)
    p = problem([person()], nights(1) + [day], on=("H8",))
    found = violations(p, roster(p), "H8")
    assert len(found) == breaches
    if breaches:
        assert found[0].values["rest_minutes"] == 2759
        assert "only 45 h 59 min off after night shift n0 before shift d" in found[0].message
    assert uncovered(checked_solve(p)) == breaches


def test_rest_after_nights_counts_travel():
    """Travel home and back is not rest: 46 h clock gap with 30 min travel each way fails."""
    from fatigue_builders import travel

    shifts = [shift("n0", 0, 23, 480, loc="site"), shift("d", 3, 5, 480, loc="site")]
    p = problem([person(home="home")], shifts, on=("H8",), travel=travel(30))
    (found,) = violations(p, roster(p), "H8")
    assert found.values["rest_minutes"] == 2700
    assert uncovered(checked_solve(p)) == 1


def test_another_night_does_not_need_the_rest():
    """A night after a night is not held to the 46 h rest."""
    p = problem([person()], nights(2), on=("H8",))
    assert violations(p, roster(p)) == []


@pytest.mark.parametrize(
    ("hour", "minutes", "night"),
    [
        (23, 180, True),  # 23:00-02:00: exactly 3 h in the night window
        (23, 179, False),  # 2 h 59 min
        (3, 180, True),  # 03:00-06:00
        (4, 180, False),  # 04:00-07:00: 2 h before 06:00
        (20, 360, True),  # 20:00-02:00: 3 h after 23:00
    ],
)
def test_night_shift_needs_three_hours_between_23_and_6(hour, minutes, night):
    """A night shift has at least 180 minutes between local 23:00 and 06:00."""
    s = shift("x", 0, hour, minutes)
    assert is_night(s.start, s.end, problem([person()], [s]).zone) is night
