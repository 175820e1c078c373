"""H6 rolling working time and H7 duties in a rolling span (docs/rules.md).

H6: a duty's worked interval is its door-to-door interval when travel is working time,
else the shift. For a window ``[w, w + window_minutes)`` the worked minutes are the
minutes of worked intervals (history included) inside it; every window that overlaps a
duty of the roster must hold at most ``max_minutes_in_window``. Exact with finitely many
windows: the worked minutes are piecewise linear in ``w`` and a worst window can be slid,
without losing minutes or roster duties, until it starts where some duty starts (one
person's worked intervals do not overlap, H3) - or, only when its start lies inside a
duty worked before the horizon, until it ends where a roster duty ends. So one
constraint per such start ``w``: ``sum overlap(j, w) * y[s, j] <= max - history(w)``.
When the history alone exceeds the limit in a window, no roster duty may touch it.

H7: at most ``max_duties_in_span`` duties (history included) starting on any
``span_days`` consecutive local days that include a roster day.

Constraints that cannot bind are skipped: when the best chain of compatible duties inside
the window (``feasibility.bounds``: pairwise conflicts, one duty a day, runs of days and
of nights) stays within the limit, no roster can break it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

import numpy as np
from ortools.sat.python.cp_model import LinearExpr

from ..feasibility import Feasibility
from ..feasibility.bounds import window_bounds_kernel
from .variables import Variables


def add_working_time_rules(v: Variables, feasibility: Feasibility) -> None:
    """The H6 window constraints, then the H7 span constraints, per staff member."""
    for s in sorted(v.staff_shifts):
        rules = v.data.rules[s]
        minutes = rules.max_minutes_in_window is not None and rules.window_minutes
        span = rules.max_duties_in_span is not None and rules.span_days
        if not (minutes or span):
            continue
        chains = _Chains(v, s, feasibility)
        if minutes:
            _rolling_minutes(v, s, chains, rules.window_minutes, rules.max_minutes_in_window)
        if span:
            _duties_in_span(v, s, chains, rules.span_days, rules.max_duties_in_span)


class _Chains:
    """Upper bounds on one person's work inside windows (``feasibility.bounds``)."""

    def __init__(self, v: Variables, s: int, feasibility: Feasibility):
        data, rules = v.data, v.data.rules[s]
        order = sorted(v.staff_shifts[s], key=lambda j: (data.shift_start[j], j))
        local = {j: x for x, j in enumerate(order)}
        self.order = order
        worked = [worked_interval(v, s, j) for j in order]
        self.start = np.array([a for a, _ in worked], dtype=np.int64)
        self.end = np.array([b for _, b in worked], dtype=np.int64)
        self.day = np.array([data.shift_day[j] for j in order], dtype=np.int64)
        self.night = np.array([data.shift_night[j] for j in order], dtype=np.bool_)
        self.conflict = np.zeros((len(order), len(order)), dtype=np.bool_)
        for a, b in zip(*feasibility.conflicts_of(s)):
            if a in local and b in local:
                self.conflict[local[int(a)], local[int(b)]] = True
        self.options = (
            rules.max_duties_per_day == 1,
            rules.max_consecutive_days if rules.max_consecutive_days is not None else -1,
            rules.max_consecutive_nights if rules.max_consecutive_nights is not None else -1,
        )

    def bounds(self, lo: list[int], hi: list[int], by_minutes: bool) -> np.ndarray:
        return window_bounds_kernel(
            np.array(lo, dtype=np.int64), np.array(hi, dtype=np.int64), self.start, self.end, self.day,
            self.night, self.conflict, *self.options, by_minutes,
        )  # fmt: skip


def worked_interval(v: Variables, s: int, j: int) -> tuple[int, int]:
    """The minutes shift ``j`` counts as work for ``s`` (door to door when travel is work)."""
    if v.problem.travel.is_working_time:
        return v.data.door(s, j)
    return v.data.shift_start[j], v.data.shift_end[j]


def _history_intervals(v: Variables, s: int) -> list[tuple[int, int]]:
    data = v.data
    if v.problem.travel.is_working_time:
        return [data.past_door(s, h) for h in data.history[s]]
    return [(h.start, h.end) for h in data.history[s]]


def _overlap(a: int, b: int, lo: int, hi: int) -> int:
    return max(0, min(b, hi) - max(a, lo))


def _forbid(v: Variables, s: int, shifts) -> None:
    for j in shifts:
        v.model.add(v.y[s, j] == 0)


def _add_binding(v: Variables, s: int, chains: _Chains, windows, by_minutes: bool) -> None:
    """Add ``sum coef * y <= room`` for each window ``(lo, hi, terms, room)`` whose bound exceeds ``room``."""
    if not windows:
        return
    bounds = chains.bounds([w[0] for w in windows], [w[1] for w in windows], by_minutes)
    for (_, _, terms, room), bound in zip(windows, bounds.tolist()):
        if bound > room:
            v.model.add(LinearExpr.weighted_sum([v.y[s, j] for j, _ in terms], [c for _, c in terms]) <= room)


def _rolling_minutes(v: Variables, s: int, chains: _Chains, window: int, limit: int) -> None:
    rows = sorted((*worked_interval(v, s, j), j) for j in v.staff_shifts[s])
    firsts = [a for a, _, _ in rows]
    longest = max(b - a for a, b, _ in rows)
    history = _history_intervals(v, s)
    starts = set(firsts) | {a for a, _ in history}
    if history:
        past_end = max(b for _, b in history)
        starts |= {b - window for _, b, _ in rows if b - window < past_end}
    seen, windows = set(), []
    for w in sorted(starts):
        lo, hi = w, w + window
        first, last = bisect_left(firsts, lo - longest), bisect_left(firsts, hi)
        terms = [(j, _overlap(a, b, lo, hi)) for a, b, j in rows[first:last] if b > lo]
        if not terms:
            continue
        past = sum(_overlap(a, b, lo, hi) for a, b in history)
        if (tuple(terms), past) in seen:
            continue
        seen.add((tuple(terms), past))
        room = limit - past
        if room < 0:
            _forbid(v, s, [j for j, _ in terms])
        elif sum(c for _, c in terms) > room:
            windows.append((lo, hi, terms, room))
    _add_binding(v, s, chains, windows, by_minutes=True)


def _duties_in_span(v: Variables, s: int, chains: _Chains, span: int, limit: int) -> None:
    data = v.data
    by_day = defaultdict(list)
    for j in v.staff_shifts[s]:
        by_day[data.shift_day[j]].append(j)
    past = defaultdict(int)
    for h in data.history[s]:
        past[h.day] += 1
    windows = []
    for first in range(-span + 1, data.n_days):
        days = range(first, first + span)
        shifts = [j for d in days for j in by_day.get(d, ())]
        if not shifts:
            continue
        room = limit - sum(past[d] for d in days)
        if room < 0:
            _forbid(v, s, shifts)
        elif len(shifts) > room:
            windows.append((first, first + span, [(j, 1) for j in shifts], room))
    _add_binding(v, s, chains, windows, by_minutes=False)


def warm_up_bounds() -> None:
    """Compile the window-bound kernel (both value kinds) on a one-duty input."""
    one = np.zeros(1, dtype=np.int64)
    for by_minutes in (True, False):
        window_bounds_kernel(one, one + 1, one, one + 1, one, np.zeros(1, np.bool_), np.zeros((1, 1), np.bool_),
                             True, 5, 4, by_minutes)  # fmt: skip
