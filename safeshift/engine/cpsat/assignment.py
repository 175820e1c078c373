"""H3 one place at a time, H4 door-to-door rest, H11 pins.

At most one requirement per person per shift is part of ``Variables`` (``y`` is the sum
of ``x``). Here: each pair of one person's shifts that the feasibility precompute found
conflicting (door-to-door overlap, H3, or rest below ``min_rest_minutes``, H4) may not
both be worked, and each pinned assignment is fixed to 1. A pair starting on one day is
left out for a person with ``max_duties_per_day == 1``: the daily limit (``daily``)
already forbids it, and such pairs are numerous (every two shifts of a day overlap in
benchmark instances).
"""

from __future__ import annotations

from ..feasibility import Feasibility
from .variables import Variables


def add_assignment_rules(v: Variables, feasibility: Feasibility) -> None:
    """Pairwise conflicts ``y_a + y_b <= 1`` and pins ``x = 1``."""
    model, y, day = v.model, v.y, v.data.shift_day
    for s in v.staff:
        pairs_a, pairs_b = feasibility.conflicts_of(s)
        one_a_day = v.data.rules[s].max_duties_per_day == 1
        for a, b in zip(pairs_a.tolist(), pairs_b.tolist()):
            if one_a_day and day[a] == day[b]:
                continue
            ya, yb = y.get((s, a)), y.get((s, b))
            if ya is not None and yb is not None:
                model.add_bool_or([~ya, ~yb])
    for s, k in v.pinned:
        model.add(v.x[s, k] == 1)
