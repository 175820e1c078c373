"""H10 totals over the horizon: per-category maximum counts, min/max total shift minutes.

Shift minutes are ``end - start`` in real minutes (travel not included), as in rules.md.
"""

from __future__ import annotations

from collections import defaultdict

from .variables import Variables


def add_total_rules(v: Variables) -> None:
    """``count(category c) <= category_max[c]``; ``min_total <= sum minutes <= max_total``."""
    model, data = v.model, v.data
    for s in range(data.n_staff):
        rules = data.rules[s]
        shifts = v.staff_shifts.get(s, [])
        by_category = defaultdict(list)
        for j in shifts:
            by_category[data.categories[data.shift_category[j]]].append(j)
        for category, limit in rules.category_max.items():
            js = by_category.get(category, [])
            if len(js) > limit:
                model.add(sum(v.y[s, j] for j in js) <= limit)
        lo, hi = rules.min_total_minutes, rules.max_total_minutes
        if lo is None and hi is None:
            continue
        minutes = sum((data.shift_end[j] - data.shift_start[j]) * v.y[s, j] for j in shifts)
        if lo is not None and lo > 0:
            model.add(minutes >= lo)
        if hi is not None:
            model.add(minutes <= hi)
