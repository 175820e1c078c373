"""S5 fairness (docs/rules.md): the spread (maximum minus minimum) within each staff group.

For each group (``Staff.group``, non-empty) of two or more people and each measure with a
positive weight - worked minutes over the horizon (shift minutes, as H10 totals), night
shifts worked, weekends worked - the objective pays ``weight x (max - min)`` over the
group's members, people who can work nothing included. ``max``/``min`` are exact
equalities, so the objective expression equals the validator's recomputation.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from .variables import Variables


def fairness_terms(v: Variables) -> list[tuple[int, cp_model.IntVar]]:
    """Objective terms ``(weight, variable)`` of S5."""
    weights = v.problem.weights
    measures = [
        (weights.fairness_minutes, "minutes", _minutes),
        (weights.fairness_nights, "nights", _nights),
        (weights.fairness_weekends, "weekends", _weekends),
    ]
    if not any(w > 0 for w, _, _ in measures):
        return []
    groups = defaultdict(list)
    for s in v.staff:  # a sub-model compares the people it decides for only
        staff = v.problem.staff[s]
        if staff.group:
            groups[staff.group].append(s)
    terms = []
    for name, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        for weight, what, measure in measures:
            if weight <= 0:
                continue
            values, tops = [], []
            for s in members:
                expr, top = measure(v, s)
                var = v.model.new_int_var(0, top, f"{what}[{s}]")
                v.model.add(var == expr)
                values.append(var)
                tops.append(top)
            top = max(tops)
            hi = v.model.new_int_var(0, top, f"max_{what}[{name}]")
            lo = v.model.new_int_var(0, top, f"min_{what}[{name}]")
            v.model.add_max_equality(hi, values)
            v.model.add_min_equality(lo, values)
            terms += [(weight, hi), (-weight, lo)]
    return terms


def _minutes(v: Variables, s: int):
    data = v.data
    shifts = v.staff_shifts.get(s, [])
    minutes = [data.shift_end[j] - data.shift_start[j] for j in shifts]
    return sum(m * v.y[s, j] for m, j in zip(minutes, shifts)), sum(minutes)


def _nights(v: Variables, s: int):
    shifts = [j for j in v.staff_shifts.get(s, []) if v.data.shift_night[j]]
    return sum(v.y[s, j] for j in shifts), len(shifts)


def _weekends(v: Variables, s: int):
    lits = [lit for w in range(v.data.n_weekends) if (lit := v.weekend(s, w)) is not None]
    return sum(lits), len(lits)
