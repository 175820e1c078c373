"""H10 runs of days in the CP-SAT model: consecutive days, days off and weekends."""

from __future__ import annotations

import pytest
from cpsat_builders import day_sequences, optimum, person, problem, shift

from safeshift.engine.cpsat.sequences import _forbid_short_runs


def test_max_consecutive_days():
    """At most max_consecutive_days worked days in a row: one of five days stays open."""
    p = problem([person("A", max_consecutive_days=3)], [shift(f"s{d}", d) for d in range(5)], days=5)
    assert optimum(p) == 100


def spare_days(needed: set[int], days: int = 5):
    """One shift per day; needed days cost 100 if open, the others cost 1 if worked."""
    return [shift(f"s{d}", d, need=1 if d in needed else 0, most=1 if d in needed else 0) for d in range(days)]


@pytest.mark.parametrize(
    ("needed", "expected"),
    [
        ({0}, 0),  # a 1-day run touching the first horizon day is exempt
        ({4}, 0),  # a 1-day run touching the last horizon day is exempt
        ({2}, 1),  # inside the horizon: one spare day is worked to make a run of 2
        ({1, 3}, 1),  # two short runs are best joined by working day 2
    ],
)
def test_min_consecutive_days_with_edge_exemption(needed, expected):
    """Runs of worked days shorter than min_consecutive_days are forbidden away from the edges."""
    p = problem([person("A", min_consecutive_days=2)], spare_days(needed), days=5)
    assert optimum(p) == expected


@pytest.mark.parametrize(
    ("needed", "expected"),
    [
        ({0, 2}, 1),  # one day off between worked days: work day 1 too
        ({1, 2, 3, 4}, 0),  # a 1-day rest touching the first day is exempt
        ({0, 1, 2, 3}, 0),  # ... and touching the last day
        ({0, 3}, 0),  # two days off are enough
    ],
)
def test_min_consecutive_days_off_with_edge_exemption(needed, expected):
    """Runs of days off shorter than min_consecutive_days_off are forbidden away from the edges."""
    p = problem([person("A", min_consecutive_days_off=2)], spare_days(needed), days=5)
    assert optimum(p) == expected


def test_min_consecutive_days_off_without_spare_shift():
    """A short rest that cannot be filled (no shift that day) makes one needed day stay open."""
    p = problem(
        [person("A", min_consecutive_days_off=2)],
        [shift("s0", 0, under=100), shift("s2", 2, under=40)],
        days=5,
    )
    assert optimum(p) == 40


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, 100),  # two Saturdays, only one weekend allowed
        (2, 0),
    ],
)
def test_max_weekends(limit, expected):
    """At most max_weekends weekends with a shift on Saturday or Sunday."""
    p = problem(
        [person("A", max_weekends=limit)],
        [shift("sat1", 5), shift("sun2", 13), shift("mon", 7)],
        days=14,
    )
    assert optimum(p) == expected


def test_saturday_and_sunday_are_one_weekend():
    """Working Saturday and Sunday of one weekend counts once."""
    p = problem([person("A", max_weekends=1)], [shift("sat", 5), shift("sun", 6)], days=7)
    assert optimum(p) == 0


def _has_short_run(days: tuple[int, ...], minimum: int, kind: int) -> bool:
    """Plain reference: a run of ``kind`` days shorter than ``minimum`` with a day of the
    other kind on each side."""
    n, d = len(days), 0
    while d < n:
        end = d
        while end < n and days[end] == days[d]:
            end += 1
        if days[d] == kind and d > 0 and end < n and end - d < minimum:
            return True
        d = end
    return False


@pytest.mark.parametrize("working", [True, False])
@pytest.mark.parametrize("minimum", [2, 3, 4])
@pytest.mark.parametrize("closed", [(), (2,), (1, 4)])
def test_short_run_clauses_allow_exactly_the_valid_sequences(working, minimum, closed):
    """Every on/off sequence of 7 days (``closed`` days cannot be worked) satisfies the
    clauses exactly when the plain reference finds no short run."""
    found, every = day_sequences(7, closed, lambda model, on: _forbid_short_runs(model, on, minimum, working))
    expected = {days for days in every if not _has_short_run(days, minimum, 1 if working else 0)}
    assert set(found) == expected
