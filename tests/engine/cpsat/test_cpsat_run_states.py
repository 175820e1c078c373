"""The run-state flow (``cpsat.run_states``) allows exactly the valid run patterns."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from cpsat_builders import at, day_sequences, optimum, person, problem, shift

from safeshift.engine.cpsat import build_model
from safeshift.engine.cpsat.run_states import _add_flow
from safeshift.engine.model import HistoricDuty

DAYS = 7


def _valid(days: tuple[int, ...], k, min_on: int, min_off: int, before: int) -> bool:
    """Plain reference: no worked run longer than ``k`` (with ``before`` days worked just
    before day 0), no run shorter than its minimum with a day of the other kind on each side."""
    n, start = len(days), 0
    while start < n:
        end = start
        while end < n and days[end] == days[start]:
            end += 1
        length, inside = end - start, start > 0 and end < n
        if days[start] == 1:
            if k is not None and length + (before if start == 0 else 0) > k:
                return False
            if inside and length < min_on:
                return False
        elif inside and length < min_off:
            return False
        start = end
    return True


CASES = [
    (k, min_on, min_off, before, closed)
    for k, min_on, min_off, before, closed in itertools.product(
        (None, 2, 3), (1, 2, 3), (1, 2, 3), (0, 2), ((), (3,), (1, 4))
    )
    if k is not None or min_on > 1 or min_off > 1
]


@pytest.mark.parametrize(("k", "min_on", "min_off", "before", "closed"), CASES)
def test_flow_allows_exactly_the_valid_sequences(k, min_on, min_off, before, closed):
    """Every on/off sequence of 7 days (``closed`` days cannot be worked) has a path
    through the states exactly when the reference finds it valid, and only one."""
    found, every = day_sequences(DAYS, closed, lambda model, on: _add_flow(model, on, k, min_on, min_off, before))
    expected = {days for days in every if _valid(days, k, min_on, min_off, before)}
    assert set(found) == expected
    assert len(found) == len(expected)  # one path per sequence


def test_full_model_has_run_states_only_on_request():
    """``run_states`` adds the flow's Booleans; the rules alone do not."""
    p = problem(
        [person("A", max_consecutive_days=2, min_consecutive_days_off=2)],
        [shift(f"s{d}", d) for d in range(DAYS)],
        days=DAYS,
    )
    plain, flow = build_model(p), build_model(p, run_states=True)
    assert flow.n_variables > plain.n_variables + DAYS


@pytest.mark.parametrize(("worked_before", "expected"), [((1, 2, 3), 100), ((1, 2), 0), ((2, 3, 4), 0)])
def test_history_counts_towards_the_maximum(worked_before, expected):
    """At most 3 days in a row and day 0 needed: it stays open only after the 3 days just
    before the horizon were worked (``worked_before``: days back), not after 2, nor when
    day -1 was off."""
    history = tuple(HistoricDuty(start=at(-d, 8), end=at(-d, 16)) for d in worked_before)
    staff = replace(person("A", max_consecutive_days=3), history=history)
    assert optimum(problem([staff], [shift("s0", 0)], days=3)) == expected
