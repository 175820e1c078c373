"""H7 duties in a rolling span of calendar days: 13 in 14 passes, 14 fails."""

from __future__ import annotations

import pytest
from fatigue_builders import checked_solve, person, problem, roster, shift, uncovered, violations


def daily(n: int):
    """One 1 h duty a day at 08:00 on days 0..n-1."""
    return [shift(f"s{d:02d}", d, 8, 60) for d in range(n)]


@pytest.mark.parametrize(("n", "breaches"), [(13, 0), (14, 1)])
def test_validator_counts_duties_in_the_span(n, breaches):
    """13 duties in 14 days are fine; 14 are one too many."""
    p = problem([person()], daily(n), on=("H7",), days=14)
    found = violations(p, roster(p), "H7")
    assert len(found) == breaches
    if breaches:
        assert found[0].values == {"duties": 14, "max_duties_in_span": 13, "span_days": 14}
        assert "14 duties in the 14 days from Mon 2026-03-02" in found[0].message


@pytest.mark.parametrize(("n", "missing"), [(13, 0), (14, 1)])
def test_solver_keeps_to_the_span_limit(n, missing):
    """The solver covers 13 daily duties and leaves one of 14 uncovered."""
    assert uncovered(checked_solve(problem([person()], daily(n), on=("H7",), days=14))) == missing


def test_span_is_rolling():
    """Days 3..16 hold 14 duties although no span from day 0 does: still a breach."""
    shifts = [shift(f"s{d:02d}", d, 8, 60) for d in range(3, 17)]
    p = problem([person()], shifts, on=("H7",), days=21)
    (found,) = violations(p, roster(p), "H7")
    assert "from Thu 2026-03-05" in found.message
    assert uncovered(checked_solve(p)) == 1


def test_two_duties_a_day_both_count():
    """Duties, not days, are counted: 7 days with two duties each is 14 in a 7-day span."""
    shifts = [shift(f"{k}{d}", d, h, 60) for d in range(7) for k, h in (("a", 6), ("b", 18))]
    p = problem([person()], shifts, on=("H7",), span_days=7, max_duties_in_span=13)
    assert len(violations(p, roster(p), "H7")) == 1
    assert uncovered(checked_solve(p)) == 1
