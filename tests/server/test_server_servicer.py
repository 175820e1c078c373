"""Servicer parts that need no server: the deadline budget and the solve slots."""

from __future__ import annotations

import pytest

from safeshift.engine.errors import LimitExceededError
from safeshift.server.servicer import CONCURRENT_SOLVES_LIMIT, DeadlineMargin, SolveSlots


@pytest.mark.parametrize(
    "remaining, budget",
    [
        (None, None),  # no deadline: the request's time limit alone applies
        (1e9, None),  # gRPC reports "no deadline" as a huge remaining time
        (2.0, 1.5),  # 0.3 s + 10 % kept back
        (100.0, 97.0),  # the margin is capped at 3 s
        (0.01, 0.05),  # never below the minimum budget
    ],
)
def test_deadline_budget(remaining, budget):
    """The solve budget is the time to the deadline minus a bounded margin."""
    result = DeadlineMargin().budget(remaining)
    if budget is None:
        assert result is None
    else:
        assert result == pytest.approx(budget)


def test_slots_refuse_past_the_maximum_and_free_on_release():
    """acquire() past the maximum raises LimitExceededError naming max_concurrent_solves."""
    slots = SolveSlots(2)
    slots.acquire()
    with slots.hold():
        assert slots.active == 2
        with pytest.raises(LimitExceededError) as info:
            slots.acquire()
        assert (info.value.limit, info.value.value, info.value.maximum) == (CONCURRENT_SOLVES_LIMIT, 3, 2)
    assert slots.active == 1
    slots.acquire()
    assert slots.active == 2
