"""Duties worked before the horizon count: rest (H4), H6..H9 windows and H10 day runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fatigue_builders import (
    MONDAY,
    checked_solve,
    past,
    person,
    problem,
    roster,
    shift,
    uncovered,
    violations,
)

from safeshift.engine.errors import InvalidProblemError
from safeshift.engine.feasibility import compute_feasibility, first_static_exclusion
from safeshift.engine.model import HistoricDuty

LAST_NIGHT = past(-1, 21, 600)  # Sunday 21:00 to Monday 07:00, the previous roster's last night


@pytest.mark.parametrize(("hour", "breaches"), [(19, 0), (18, 1)])
def test_rest_against_last_weeks_final_night(hour, breaches):
    """A duty 12 h after last week's final night passes H4; 11 h after is rejected, in both."""
    p = problem([person(history=[LAST_NIGHT], min_rest_minutes=720)], [shift("mon", 0, hour, 300)], on=())
    found = violations(p, roster(p), "H4")
    assert len(found) == breaches
    if breaches:
        assert found[0].shift_ids == ("mon",)
        assert "only 11 h 00 min rest between shift (worked before the horizon, 2026-03-01 21:00 to 2026-03-02 07:00)" in (
            found[0].message
        )
        assert first_static_exclusion(p, 0, 0)[0] == "H4"
    assert uncovered(checked_solve(p)) == breaches


def test_overlap_with_a_duty_straddling_the_horizon_start():
    """A duty overlapping last week's night is H3 and never gets a variable."""
    p = problem([person(history=[LAST_NIGHT])], [shift("early", 0, 6, 480)], on=())
    assert [v.rule for v in violations(p, roster(p))] == ["H3"]
    assert len(compute_feasibility(p).elig_staff) == 0


@pytest.mark.parametrize(("hour", "breaches"), [(5, 0), (4, 1)])
def test_rest_after_historic_nights(hour, breaches):
    """46 h off after last week's night before a day duty (Wednesday 05:00 is exactly 46 h)."""
    p = problem([person(history=[LAST_NIGHT])], [shift("wed", 2, hour, 480)], on=("H8",))
    assert len(violations(p, roster(p), "H8")) == breaches
    assert uncovered(checked_solve(p)) == breaches


@pytest.mark.parametrize(("first_minutes", "missing"), [(720, 0), (721, 1)])
def test_rolling_hours_include_history(first_minutes, missing):
    """Three 12 h days before the horizon plus three inside reach 72 h (or 72 h 01 min)."""
    history = [past(d, 8, 720) for d in (-3, -2, -1)]
    shifts = [shift("s0", 0, 8, first_minutes), shift("s1", 1, 8, 720), shift("s2", 2, 8, 720)]
    p = problem([person(history=history)], shifts, on=("H6",))
    assert len(violations(p, roster(p), "H6")) == missing
    assert uncovered(checked_solve(p)) == missing


def test_history_alone_over_the_limit_keeps_the_window_free():
    """When history alone breaks 72 h in a window, no roster duty may enter that window."""
    history = [past(d, 0, 1400) for d in (-4, -3, -2, -1)]  # 93 h 20 min
    p = problem([person(history=history)], [shift("s0", 0, 8, 60), shift("s5", 5, 8, 60)], on=("H6",))
    assert [v.shift_ids for v in violations(p, roster(p), "H6")] == [("s0",)]
    result = checked_solve(p)
    assert {a.shift_id for a in result.assignments} == {"s5"}


@pytest.mark.parametrize(("nights", "missing"), [(3, 0), (4, 1)])
def test_nights_in_a_row_continue_from_history(nights, missing):
    """After three historic nights one more is the 4th; after four it would be the 5th."""
    history = [past(-d, 23, 420) for d in range(1, nights + 1)]
    p = problem([person(history=history)], [shift("n0", 0, 23, 420)], on=("H8",))
    assert len(violations(p, roster(p), "H8")) == missing
    assert uncovered(checked_solve(p)) == missing


@pytest.mark.parametrize(("days", "missing"), [(3, 0), (4, 1)])
def test_consecutive_days_continue_from_history(days, missing):
    """H10: with max 5 consecutive days, 3 historic days + 2 are fine and 4 + 2 are not."""
    history = [past(-d, 8, 480) for d in range(1, days + 1)]
    p = problem([person(history=history, max_consecutive_days=5)], [shift(f"s{d}", d, 8, 480) for d in (0, 1)],
                on=())  # fmt: skip
    found = violations(p, roster(p), "H10")
    assert len(found) == missing
    if missing:
        assert found[0].shift_ids == ("s0", "s1")
    assert uncovered(checked_solve(p)) == missing


def test_forbidden_succession_from_the_day_before():
    """A Night worked on the day before the horizon forbids an Early on day 0."""
    history = [past(-1, 1, 360, cat="Night")]
    p = problem([person(history=history)], [shift("e", 0, 9, 360, cat="Early")], on=(),
                forbidden_successions=(("Night", "Early"),))  # fmt: skip
    assert [v.rule for v in violations(p, roster(p))] == ["H10"]
    assert uncovered(checked_solve(p)) == 1


def test_weekly_rest_counts_history_in_the_first_period():
    """A horizon from Thursday: duties Monday to Wednesday leave no 24 h in the week with Thursday to Sunday."""
    thursday = MONDAY + timedelta(days=3)
    history = [HistoricDuty(MONDAY + timedelta(days=d, hours=4), MONDAY + timedelta(days=d, hours=20)) for d in range(3)]
    shifts = [shift(f"s{d}", d, 4, 960) for d in range(3, 7)]
    p = problem([person(history=history)], shifts, on=("H9",), horizon_start=thursday)
    (found,) = violations(p, roster(p), "H9")
    assert found.values["longest_rest_minutes"] == 480
    assert uncovered(checked_solve(p)) == 1


@pytest.mark.parametrize(
    ("duty", "field", "reason"),
    [
        (HistoricDuty(MONDAY, MONDAY + timedelta(hours=1)), "staff[0].history[0].start", "OUTSIDE_HORIZON"),
        (HistoricDuty(MONDAY - timedelta(hours=2), MONDAY - timedelta(hours=3)), "staff[0].history[0].end",
         "END_NOT_AFTER_START"),
        (HistoricDuty(MONDAY - timedelta(hours=9), MONDAY - timedelta(hours=1), "nowhere"),
         "staff[0].history[0].location_id", "UNKNOWN_REFERENCE"),
    ],
)  # fmt: skip
def test_history_is_validated(duty, field, reason):
    """A historic duty must start before the horizon, end after it starts, at a known place."""
    with pytest.raises(InvalidProblemError) as err:
        problem([person(history=[duty])], [shift("s", 0, 8, 60)], days=1)
    assert (field, reason) in {(v.field, v.reason) for v in err.value.violations}
