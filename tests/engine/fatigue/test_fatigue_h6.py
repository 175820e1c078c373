"""H6 rolling working time: exact at the limit, one minute over fails, in solver and validator."""

from __future__ import annotations

import pytest
from fatigue_builders import checked_solve, person, problem, roster, shift, travel, uncovered, violations


def six_days(last_minutes: int):
    """Six 12 h duties from Monday 08:00, the last one ``last_minutes`` long."""
    return [shift(f"s{d}", d, 8, 720 if d < 5 else last_minutes) for d in range(6)]


@pytest.mark.parametrize(
    ("last", "breaches"),
    [
        (720, 0),  # exactly 72 h in the 7 days: fine
        (721, 1),  # 72 h 01 min: one minute over
    ],
)
def test_validator_counts_the_window_to_the_minute(last, breaches):
    """The validator reports H6 only when the window holds more than 72 h."""
    p = problem([person()], six_days(last), on=("H6",))
    found = violations(p, roster(p), "H6")
    assert len(found) == breaches
    if breaches:
        assert found[0].values["worked_minutes"] == 4321
        assert "72 h 01 min worked in the 7 days from Mon 2026-03-02 08:00" in found[0].message


@pytest.mark.parametrize(("last", "missing"), [(720, 0), (721, 1)])
def test_solver_covers_everything_only_within_the_limit(last, missing):
    """The solver works all six duties at exactly 72 h and leaves one uncovered at 72 h 01 min."""
    result = checked_solve(problem([person()], six_days(last), on=("H6",)))
    assert uncovered(result) == missing


@pytest.mark.parametrize(("limit", "missing"), [(4320, 0), (4319, 1)])
def test_travel_counts_as_working_time(limit, missing):
    """Six 10 h duties with an hour's travel each way reach exactly 72 h door to door."""
    shifts = [shift(f"s{d}", d, 8, 600, loc="site") for d in range(6)]
    p = problem([person(home="home")], shifts, on=("H6",), travel=travel(60), max_minutes_in_window=limit)
    assert uncovered(checked_solve(p)) == missing
    assert len(violations(p, roster(p), "H6")) == missing


def test_travel_not_counted_when_it_is_not_working_time():
    """With travel not working time the same duties are 60 h: no breach at a 60 h limit."""
    shifts = [shift(f"s{d}", d, 8, 600, loc="site") for d in range(6)]
    p = problem([person(home="home")], shifts, on=("H6",), travel=travel(60, working_time=False),
                max_minutes_in_window=3600)  # fmt: skip
    assert violations(p, roster(p), "H6") == []
    assert uncovered(checked_solve(p)) == 0


def test_partial_overlap_counts_only_the_minutes_inside():
    """A 24 h window counts the part of a duty inside it: 8 h + 4 h of a later duty is 12 h."""
    shifts = [shift("a", 0, 0, 480), shift("b", 0, 20, 480)]  # the window from 00:00 holds 4 h of b
    p = problem([person()], shifts, on=("H6",), window_minutes=1440, max_minutes_in_window=719)
    (found,) = violations(p, roster(p), "H6")
    assert found.values["worked_minutes"] == 720
    assert uncovered(checked_solve(p)) == 1
    ok = problem([person()], shifts, on=("H6",), window_minutes=1440, max_minutes_in_window=720)
    assert violations(ok, roster(ok), "H6") == [] and uncovered(checked_solve(ok)) == 0


def test_rolling_window_is_not_a_calendar_week():
    """Thursday to Tuesday breaks 72 h although each calendar week holds at most 48 h."""
    days = (3, 4, 5, 6, 7, 8)
    shifts = [shift(f"s{d}", d, 8, 720 if d != 8 else 721) for d in days]
    p = problem([person()], shifts, on=("H6",), days=14)
    (found,) = violations(p, roster(p), "H6")
    assert "in the 7 days from Thu 2026-03-05 08:00" in found.message
    assert uncovered(checked_solve(p)) == 1
