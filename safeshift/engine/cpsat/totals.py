"""H10 totals over the horizon: per-category maximum counts, min/max total shift minutes.

Shift minutes are ``end - start`` in real minutes (travel not included), as in rules.md.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import LinearExpr

from .variables import Variables


def add_total_rules(v: Variables) -> None:
    """``count(category c) <= category_max[c]``; ``min_total <= sum minutes <= max_total``."""
    model, data = v.model, v.data
    category, start, end = data.shift_category, data.shift_start, data.shift_end
    for s in v.staff:
        rules = data.rules[s]
        shifts = v.staff_shifts.get(s, [])
        lits = [v.y[s, j] for j in shifts]
        if rules.category_max:
            by_category = defaultdict(list)
            for j, lit in zip(shifts, lits):
                by_category[data.categories[category[j]]].append(lit)
            for name, limit in rules.category_max.items():
                of_category = by_category.get(name, [])
                if len(of_category) > limit:
                    model.add(LinearExpr.sum(of_category) <= limit)
        lo, hi = rules.min_total_minutes, rules.max_total_minutes
        if lo is None and hi is None:
            continue
        minutes = LinearExpr.weighted_sum(lits, [end[j] - start[j] for j in shifts])
        if lo is not None and lo > 0:
            model.add(minutes >= lo)
        if hi is not None:
            model.add(minutes <= hi)
