"""H10 consecutive worked days and days off, with the horizon-edge exemption."""

import pytest

from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster


def _h10(build, days, **rules):
    """ann works 08:00-16:00 on each of ``days``; the horizon is days 0..13."""
    shifts = [build.shift(f"d{d}", day=d) for d in range(14)]
    p = build.problem(
        [build.staff("ann", **rules)], shifts, horizon_start=build.at(0), horizon_end=build.at(14)
    )
    return [v for v in validate_roster(p, build.assign(*(f"ann:d{d}" for d in days))).violations if v.rule == "H10"]


def test_max_consecutive_days(build):
    """Four days in a row break max_consecutive_days=3; three pass."""
    assert _h10(build, [2, 3, 4], max_consecutive_days=3) == []
    assert _h10(build, [2, 3, 4, 5], max_consecutive_days=3) == [
        Violation(
            "H10",
            "ann",
            ("d2", "d3", "d4", "d5"),
            "H10: 4 consecutive worked days (2026-03-04 to 2026-03-07), above the maximum 3",
            {"days": 4, "max_consecutive_days": 3},
        )
    ]


def test_max_consecutive_days_applies_at_the_horizon_edge(build):
    """The edge exemption is for the minimum rules only."""
    assert len(_h10(build, [0, 1, 2, 3], max_consecutive_days=3)) == 1


def test_min_consecutive_days_inside_the_horizon(build):
    """A lone worked day in the middle breaks min_consecutive_days=2."""
    assert _h10(build, [3], min_consecutive_days=2) == [
        Violation(
            "H10",
            "ann",
            ("d3",),
            "H10: only 1 consecutive worked days (2026-03-05), below the minimum 2",
            {"days": 1, "min_consecutive_days": 2},
        )
    ]


@pytest.mark.parametrize(
    "days, breaks",
    [
        ([0], False),  # touches the first horizon day: exempt
        ([13], False),  # touches the last horizon day: exempt
        ([12], True),  # one day before the last: not exempt
        ([1], True),  # one day after the first: not exempt
        ([0, 1, 5, 6], False),  # runs long enough
    ],
)
def test_min_consecutive_days_edge_exemption(build, days, breaks):
    """Runs touching the first or last horizon day are exempt from min_consecutive_days."""
    assert bool(_h10(build, days, min_consecutive_days=2)) == breaks


def test_min_consecutive_days_off(build):
    """One day off between worked days breaks min_consecutive_days_off=2; two days pass."""
    assert _h10(build, [3, 6], min_consecutive_days_off=2) == []
    assert _h10(build, [3, 5], min_consecutive_days_off=2) == [
        Violation(
            "H10",
            "ann",
            ("d3", "d5"),
            "H10: only 1 days off (2026-03-06) between worked days, below the minimum 2",
            {"days_off": 1, "min_consecutive_days_off": 2},
        )
    ]


@pytest.mark.parametrize(
    "days",
    [
        [1, 2, 3],  # one day off at the start (day 0)
        [10, 11, 12],  # one day off at the end (day 13)
        [],  # nothing worked: the whole horizon is one run off
    ],
)
def test_min_consecutive_days_off_edge_exemption(build, days):
    """Runs of days off touching the first or last horizon day are exempt."""
    assert _h10(build, days, min_consecutive_days_off=2) == []
