"""H8 consecutive nights (docs/rules.md); the rest after nights is a pairwise conflict.

A night shift has at least 180 minutes between local 23:00 and 06:00 (``shift_night``).
Nights in a row are night shifts starting on consecutive local days. At most
``max_consecutive_nights`` N: every N + 1 consecutive days hold at most N days with a
night, nights worked before the horizon counting as constants. The rest after a block
of nights (``min_rest_after_nights_minutes``) before a non-night duty is a forbidden pair
from the feasibility precompute (``assignment``), or an exclusion against the history.
"""

from __future__ import annotations

from .variables import Variables


def add_night_rules(v: Variables) -> None:
    """``sum night(s, d..d+N) <= N`` for every window that includes a roster day."""
    data = v.data
    for s in sorted(v.staff_shifts):
        limit = data.rules[s].max_consecutive_nights
        if limit is None:
            continue
        past = {h.day for h in data.history[s] if h.night}
        nights = {d: lit for d in range(data.n_days) if (lit := v.night(s, d)) is not None}
        if not nights:
            continue
        for first in range(-limit, data.n_days - limit):
            days = range(first, first + limit + 1)
            lits = [nights[d] for d in days if d in nights]
            fixed = sum(1 for d in days if d in past)
            if lits and len(lits) + fixed > limit:
                v.model.add(sum(lits) <= limit - fixed)
