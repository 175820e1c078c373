"""H9 weekly rest: 24 h continuous off in each week (Monday to Monday), or 48 h in 14 days."""

from __future__ import annotations

import pytest
from fatigue_builders import checked_solve, person, problem, roster, shift, uncovered, violations


def week(gap: int):
    """1 h duties in the week from Monday 2026-03-02: the longest time off is ``gap`` minutes
    (between the first two), every other gap is shorter than 17 h."""
    shifts = [shift("a", 0, 0, 60)]
    t = 60 + gap
    k = 0
    while t < 10080 - 60:
        shifts.append(shift(f"b{k}", 0, 0, 60, minute=t))
        t += 1000
        k += 1
    return shifts


@pytest.mark.parametrize(("gap", "breaches"), [(1440, 0), (1439, 1)])
def test_validator_finds_the_longest_rest(gap, breaches):
    """Exactly 24 h off in the week passes; 23 h 59 min fails, with the numbers."""
    p = problem([person()], week(gap), on=("H9",), days=7)
    found = violations(p, roster(p), "H9")
    assert len(found) == breaches
    if breaches:
        assert found[0].values["longest_rest_minutes"] == 1439
        assert "the longest rest in the 7 days from Mon 2026-03-02 00:00 is 23 h 59 min" in found[0].message


@pytest.mark.parametrize(("gap", "missing"), [(1440, 0), (1439, 1)])
def test_solver_keeps_a_weekly_rest(gap, missing):
    """The solver covers every duty when a 24 h rest remains, and drops one when it would not."""
    assert uncovered(checked_solve(problem([person()], week(gap), on=("H9",), days=7))) == missing


def test_rest_may_run_past_the_horizon():
    """Time after the horizon counts as off: duties early in the week leave the rest at its end."""
    shifts = [shift(f"s{d}", d, 8, 600) for d in range(5)]
    p = problem([person()], shifts, on=("H9",), days=7)
    assert violations(p, roster(p), "H9") == []


def test_fourteen_day_choice_needs_48_hours():
    """With 2880 in 14 days, a fortnight whose longest rest is 47 h fails and 48 h passes."""
    for off, breaches in ((2880, 0), (2879, 1)):
        # Daily 12 h duties with one longer gap of ``off`` minutes after the Sunday duty.
        shifts = [shift(f"s{d:02d}", d, 8, 720) for d in range(7)]
        t = 6 * 1440 + 8 * 60 + 720 + off
        shifts += [shift(f"t{d:02d}", 0, 0, 720, minute=t + 1440 * d) for d in range(6) if t + 1440 * d + 720 <= 14 * 1440]
        p = problem([person()], shifts, on=("H9",), days=14, weekly_rest_minutes=2880, weekly_rest_period_days=14)
        assert len(violations(p, roster(p), "H9")) == breaches
        assert uncovered(checked_solve(p)) == breaches


def test_periods_start_on_monday_even_when_the_horizon_does_not():
    """A horizon from Wednesday: the first period is Monday to Monday, its first days off count."""
    shifts = [shift(f"s{d}", d, 8, 960) for d in range(2, 9)]  # Wed..next Tue 08:00-24:00, 8 h gaps
    p = problem([person()], shifts, on=("H9",))
    assert p.horizon_start.weekday() == 2
    # Monday and Tuesday before the horizon are off; from Wednesday to Wednesday there is no rest.
    assert violations(p, roster(p), "H9") == []
    assert uncovered(checked_solve(p)) == 0
