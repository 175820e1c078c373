"""H10 daily limits: duties per calendar day, and forbidden successions of categories.

- At most ``max_duties_per_day`` shifts starting on one calendar day.
- A pair ``(X, Y)`` of ``Problem.forbidden_successions`` forbids a duty of category Y
  on the day after a duty of category X (the same for every staff member), a duty worked
  on the day before the horizon (``Staff.history``) included. Encoded once
  per (person, day, X) over all the Y that may not follow X: as one linear constraint
  ``works X on d + sum works Y on d+1 <= 1`` when the person works at most one duty a
  day (then at most one Y can be worked anyway), else as "X implies none of the Y".
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from .variables import Variables


def add_daily_rules(v: Variables) -> None:
    """``sum y <= max_duties_per_day`` per (staff, day); no X on day d then Y on d + 1."""
    model, data = v.model, v.data
    for (s, d), shifts in v.shifts_on.items():
        limit = data.rules[s].max_duties_per_day
        if limit is not None and len(shifts) > limit:
            model.add(sum(v.y[s, j] for j in shifts) <= limit)
    _after_history(v)
    followers = defaultdict(set)  # category index X -> category indices Y that may not follow
    for x, y in v.problem.forbidden_successions:
        if x in data.category_index and y in data.category_index:
            followers[data.category_index[x]].add(data.category_index[y])
    if not followers:
        return
    followers = {cx: sorted(cys) for cx, cys in followers.items()}
    for s, d in sorted(v.shifts_on):
        if (s, d + 1) not in v.shifts_on:
            continue
        tomorrow = v.category_literals(s, d + 1)
        one_a_day = data.rules[s].max_duties_per_day == 1
        for cx, first in v.category_literals(s, d).items():
            seconds = [tomorrow[cy] for cy in followers.get(cx, ()) if cy in tomorrow]
            if not seconds:
                continue
            if one_a_day:
                model.add(cp_model.LinearExpr.sum([first, *seconds]) <= 1)
            else:
                model.add_bool_and([~lit for lit in seconds]).only_enforce_if(first)


def _after_history(v: Variables) -> None:
    """No duty of category Y on day 0 after a duty of category X worked the day before the
    horizon (``Staff.history``)."""
    data, pairs = v.data, v.problem.forbidden_successions
    for s in sorted(v.staff_shifts):
        before = {h.category for h in data.history[s] if h.day == -1}
        banned = {y for x, y in pairs if x in before}
        for j in v.shifts_on.get((s, 0), ()):
            if data.categories[data.shift_category[j]] in banned:
                v.model.add(v.y[s, j] == 0)
