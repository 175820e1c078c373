"""H10 daily limits: duties per calendar day, and forbidden successions of categories.

- At most ``max_duties_per_day`` shifts starting on one calendar day.
- A pair ``(X, Y)`` of ``Problem.forbidden_successions`` forbids a duty of category Y
  on the day after a duty of category X (the same for every staff member), a duty worked
  on the day before the horizon (``Staff.history``) included. Encoded once
  per (person, day, set of forbidden Y): when the person works at most one duty a day,
  as ``sum of X shifts on d + sum of Y shifts on d+1 <= 1`` over every X category with
  that set (at most one of them can be worked anyway), else per X as "X implies none of
  the Y".
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
            if limit == 1:
                model.add_at_most_one([v.y[s, j] for j in shifts])
            else:
                model.add(cp_model.LinearExpr.sum([v.y[s, j] for j in shifts]) <= limit)
    _after_history(v)
    followers = defaultdict(set)  # category index X -> category indices Y that may not follow
    for x, y in v.problem.forbidden_successions:
        if x in data.category_index and y in data.category_index:
            followers[data.category_index[x]].add(data.category_index[y])
    if not followers:
        return
    followers = {cx: frozenset(cys) for cx, cys in followers.items()}
    for s, d in sorted(v.shifts_on):
        if (s, d + 1) not in v.shifts_on:
            continue
        if data.rules[s].max_duties_per_day == 1:
            _one_a_day_successions(v, s, d, followers)
            continue
        tomorrow = v.category_literals(s, d + 1)
        for cx, first in v.category_literals(s, d).items():
            seconds = [tomorrow[cy] for cy in sorted(followers.get(cx, ())) if cy in tomorrow]
            if seconds:
                model.add_bool_and([~lit for lit in seconds]).only_enforce_if(first)


def _one_a_day_successions(v: Variables, s: int, d: int, followers) -> None:
    """One duty a day: the X shifts of day d and their forbidden Y shifts of day d + 1 are
    at most one in total. The X categories with the same forbidden Y share one constraint
    (at most one of them is worked anyway), over the shifts themselves: no derived literals."""
    today, tomorrow = v.categories_on(s, d), v.categories_on(s, d + 1)
    groups: dict[frozenset, list[int]] = defaultdict(list)
    for cx, shifts in today.items():
        seconds = followers.get(cx, frozenset()).intersection(tomorrow)
        if seconds:
            groups[frozenset(seconds)] += shifts
    for seconds, firsts in groups.items():
        lits = [v.y[s, j] for j in firsts] + [v.y[s, j] for cy in sorted(seconds) for j in tomorrow[cy]]
        v.model.add_at_most_one(lits)


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
