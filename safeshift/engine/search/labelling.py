"""A fast heuristic pricer for people who work at most one shift a day: a dynamic
programme over the days (``DayPricer``), used by column generation (``columns``) before
the exact CP-SAT pricer (``pricing``).

The programme's state on a day is the shift worked (or off), the length of the current
run of worked days or days off, and whether that run started on the first horizon day:
enough for the succession rules between consecutive days (forbidden successions, H3/H4/H8
clashes of the feasibility precompute) and the run rules (H10 max/min consecutive days,
min consecutive days off, runs touching a horizon edge exempt). The totals over the
horizon (min/max minutes, per-category maxima, weekends) are priced in by Lagrangian
multipliers that a few subgradient steps adjust; a schedule that keeps every total is a
candidate. Rules the programme does not see (clashes more than a day apart, H6, H7, H9,
nights in a row) are checked by the person's CP-SAT model on each candidate
(``Pricer.accepts``): the columns are always valid, but the pricer is a heuristic, so it
gives no bound and proves nothing; an exact CP-SAT round does that.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from ..feasibility import Feasibility
from ..model import Problem
from .pricing import Priced, Pricer

ITERATIONS = 12  # subgradient steps a pricing: each one dynamic programme
STEP = 0.5  # first step, in units of the mean absolute option cost per unit of resource
DECAY = 0.8  # step factor per iteration
KEEP = 3  # schedules of negative reduced cost returned (the best first)
REJECTS = 3  # candidates refused by the CP-SAT model in a row before the person is left to it
INF = 1e18
EPS = 1e-6


@nb.njit(cache=True, nogil=True)
def day_programme(n_days, day_start, cost, conflict_start, conflict, weekend_of_day, weekend_cost, max_on, min_on,
                  min_off):  # fmt: skip
    """The least-cost choice of at most one option a day (index into ``cost``, -1: off)
    under the succession and run rules; its cost in ``best[0]``.

    Options of day ``d`` are ``day_start[d]:day_start[d + 1]``; ``conflict[conflict_start[d]
    + a * n_next + b]`` forbids option ``a`` of day ``d`` then option ``b`` of day ``d + 1``
    (local indices). A weekend (``weekend_of_day``) costs ``weekend_cost`` once if worked.
    ``max_on``/``min_on``/``min_off``: 0 for no rule."""
    runs = max(max_on, min_on, min_off, 1)
    width = max(1, np.max(day_start[1:] - day_start[:-1]) + 1)
    size = width * (runs + 1) * 2
    value = np.full((n_days, size), INF)
    back = np.full((n_days, size), -1, dtype=np.int64)
    for d in range(n_days):
        n = day_start[d + 1] - day_start[d]
        n_prev = day_start[d] - day_start[d - 1] if d > 0 else 0
        for last in range(n + 1):  # n: off
            work = last < n
            for prev in range(-1 if d == 0 else 0, 0 if d == 0 else size):
                if d == 0:
                    before, p_last, p_run, p_edge = 0.0, -1, 0, 1
                else:
                    if value[d - 1, prev] >= INF:
                        continue
                    before = value[d - 1, prev]
                    p_last = prev // ((runs + 1) * 2)
                    p_run = (prev // 2) % (runs + 1)
                    p_edge = prev % 2
                    if p_last > n_prev:
                        continue
                p_work = d > 0 and p_last < n_prev
                step = 0.0
                if work:
                    step = cost[day_start[d] + last]
                    if p_work and conflict[conflict_start[d - 1] + p_last * n + last]:
                        continue
                    w = weekend_of_day[d]
                    if w >= 0 and not (p_work and weekend_of_day[d - 1] == w):
                        step += weekend_cost
                    if p_work:
                        run, edge = p_run + 1, p_edge
                        if max_on > 0 and run > max_on:
                            continue
                        run = min(run, runs)
                    else:
                        if d > 0 and min_off > 0 and p_run < min_off and p_edge == 0:
                            continue
                        run, edge = 1, 1 if d == 0 else 0
                else:
                    if p_work:
                        if min_on > 0 and p_run < min_on and p_edge == 0:
                            continue
                        run, edge = 1, 0
                    elif d > 0:
                        run, edge = min(p_run + 1, runs), p_edge
                    else:
                        run, edge = 1, 1
                state = (last * (runs + 1) + run) * 2 + edge
                if before + step < value[d, state]:
                    value[d, state] = before + step
                    back[d, state] = prev
    choice = np.full(n_days, -1, dtype=np.int64)
    best = np.full(1, INF)
    state = -1
    for s in range(size):
        if value[n_days - 1, s] < best[0]:
            best[0], state = value[n_days - 1, s], s
    if state < 0:
        return choice, best
    for d in range(n_days - 1, -1, -1):
        last = state // ((runs + 1) * 2)
        if last < day_start[d + 1] - day_start[d]:
            choice[d] = day_start[d] + last
        state = back[d, state]
    return choice, best


class DayPricer:
    """One person's schedules by the day programme, at prices of cover (see the module)."""

    def __init__(self, problem: Problem, feasibility: Feasibility, pricer: Pricer):
        data, s = problem.indexed, pricer.staff
        rules = data.rules[s]
        self.pricer = pricer
        self.rejects = 0
        reqs, own = pricer.option_costs()
        days = np.array([data.shift_day[data.req_shift[k]] for k in reqs], dtype=np.int64)
        order = np.argsort(days, kind="stable")
        self.reqs, self.own, self.days = reqs[order], own[order].astype(np.float64), days[order]
        days = self.days  # of each option
        shifts = np.array([data.req_shift[k] for k in self.reqs], dtype=np.int64)
        self.n_days = data.n_days
        self.day_start = np.searchsorted(days, np.arange(data.n_days + 1)).astype(np.int64)
        self.minutes = np.array([data.shift_end[j] - data.shift_start[j] for j in shifts], dtype=np.float64)
        self.lo, self.hi = rules.min_total_minutes or 0, rules.max_total_minutes
        # Per-category maxima that can bind: the category's options on more days than its maximum.
        categories = np.array([data.shift_category[j] for j in shifts], dtype=np.int64)
        self.limits: list[tuple[np.ndarray, int]] = []
        for name, limit in rules.category_max.items():
            c = data.category_index.get(name)
            mask = categories == c
            if c is not None and len(np.unique(days[mask])) > limit:
                self.limits.append((mask, limit))
        self.weekend_of_day = np.array(data.weekend_of_day, dtype=np.int64)
        self.max_weekends = rules.max_weekends
        self.max_on = rules.max_consecutive_days or 0
        self.min_on, self.min_off = rules.min_consecutive_days or 0, rules.min_consecutive_days_off or 0
        self.conflict_start, self.conflict = self._conflicts(problem, feasibility, shifts, categories)
        self.scale = max(1.0, float(np.mean(self.minutes))) if len(self.minutes) else 1.0
        self.multipliers = (0.0, 0.0, 0.0, np.zeros(len(self.limits)))  # minutes under/over, weekends, categories

    @staticmethod
    def usable(problem: Problem, pricer: Pricer) -> bool:
        """Whether the programme fits this person: one duty a day, no history before the
        horizon, no pins, and an own cost that adds up day by day (no S5/S7 terms)."""
        data, s = problem.indexed, pricer.staff
        return (
            data.rules[s].max_duties_per_day == 1
            and not data.history[s]
            and not pricer.variables.pinned
            and not pricer.extra
        )

    def _conflicts(self, problem, feasibility, shifts, categories) -> tuple[np.ndarray, np.ndarray]:
        """Forbidden pairs of options on consecutive days (a forbidden succession of their
        categories, or a clash of their shifts), one flat boolean block a day."""
        data = problem.indexed
        n = self.day_start[1:] - self.day_start[:-1]
        start = np.zeros(self.n_days, dtype=np.int64)
        for d in range(self.n_days - 1):
            start[d + 1] = start[d] + n[d] * n[d + 1]
        conflict = np.zeros(max(1, int(start[-1])), dtype=np.bool_)
        banned = np.zeros((len(data.categories), len(data.categories)), dtype=np.bool_)
        for x, y in problem.forbidden_successions:
            if x in data.category_index and y in data.category_index:
                banned[data.category_index[x], data.category_index[y]] = True
        for d in range(self.n_days - 1):
            lo, mid, hi = self.day_start[d], self.day_start[d + 1], self.day_start[d + 2]
            block = banned[np.ix_(categories[lo:mid], categories[mid:hi])]
            conflict[start[d] : start[d] + block.size] = block.ravel()
        options: dict[int, list[int]] = {}
        for i, j in enumerate(shifts.tolist()):
            options.setdefault(j, []).append(i)
        for a, b in zip(*(x.tolist() for x in feasibility.conflicts_of(self.pricer.staff))):
            for ia in options.get(a, ()):
                d = int(self.days[ia])
                width = n[d + 1] if d + 1 < self.n_days else 0
                for ib in options.get(b, ()):
                    if self.days[ib] == d + 1:
                        conflict[start[d] + (ia - self.day_start[d]) * width + (ib - self.day_start[d + 1])] = True
        return start, conflict

    def price(self, prices: np.ndarray, dual: float) -> list[Priced]:
        """Schedules of reduced cost ``own - prices of what they fill - dual`` below zero
        that the subgradient steps found, accepted by the person's CP-SAT model: the best
        first, at most ``KEEP``."""
        base = self.own - prices[self.reqs]
        if not len(base):
            return []
        step0 = STEP * max(1.0, float(np.mean(np.abs(base))))
        mu_lo, mu_hi, weekend, lam = self.multipliers  # from the last pricing: prices move little
        found: dict[tuple[int, ...], float] = {}
        for it in range(ITERATIONS):
            cost = base + (mu_hi - mu_lo) / self.scale * self.minutes
            for (mask, _), value in zip(self.limits, lam):
                cost = cost + value * mask
            choice, best = day_programme(self.n_days, self.day_start, cost, self.conflict_start, self.conflict,
                                         self.weekend_of_day, weekend, self.max_on, self.min_on, self.min_off)  # fmt: skip
            if best[0] >= INF:
                return []  # no schedule keeps the day rules
            picked = choice[choice >= 0]
            minutes = float(self.minutes[picked].sum())
            over = (minutes - self.hi) / self.scale if self.hi is not None else -INF
            under = (self.lo - minutes) / self.scale
            counts = np.array([int(mask[picked].sum()) - limit for mask, limit in self.limits], dtype=np.float64)
            worked = len({int(w) for w in self.weekend_of_day[self.days[picked]]} - {-1})
            extra_weekends = worked - self.max_weekends if self.max_weekends is not None else -INF
            if over <= 0 and under <= 0 and (counts <= 0).all() and extra_weekends <= 0:
                reduced = float(base[picked].sum()) - dual
                if reduced < -EPS:
                    found[tuple(sorted(self.reqs[picked].tolist()))] = reduced
                if not (mu_lo or mu_hi or weekend or lam.any()):
                    break  # the programme's own optimum keeps the totals: nothing better to find
            step = step0 * DECAY**it
            mu_hi = max(0.0, mu_hi + step * max(over, -1.0))
            mu_lo = max(0.0, mu_lo + step * max(under, -1.0))
            lam = np.maximum(0.0, lam + step * np.maximum(counts, -1.0))
            weekend = max(0.0, weekend + step * max(extra_weekends, -1.0))
        self.multipliers = (mu_lo, mu_hi, weekend, lam)
        out = []
        for reqs, _ in sorted(found.items(), key=lambda item: item[1])[:KEEP]:
            if not self.pricer.accepts(reqs):
                self.rejects += 1
                continue
            self.rejects = 0
            out.append(Priced(reqs, self.pricer.own_cost(reqs), -INF, False))
        return out
