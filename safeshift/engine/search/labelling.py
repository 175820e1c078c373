"""A pricer for people who work at most one shift a day: a dynamic programme over the
days (``DayPricer``), used by column generation (``columns``) before, and mostly instead
of, the CP-SAT pricer (``pricing``).

The programme's state on a day is the shift worked (or off), the length of the current
run of worked days or days off, whether that run started on the first horizon day, and
the totals it keeps: enough for the succession rules between consecutive days (forbidden
successions, H3/H4/H8 clashes of the feasibility precompute), the run rules (H10 max/min
consecutive days, min consecutive days off, runs touching a horizon edge exempt) and, as
far as ``MAX_WORK`` allows, the totals over the horizon (min/max minutes, weekends,
per-category maxima). Totals not kept are priced in by Lagrangian multipliers that a few
subgradient steps adjust. Rules the programme does not see (clashes more than a day apart,
H6, H7, H9, nights in a row) are checked by the person's CP-SAT model on each candidate
(``Pricer.accepts``), so the columns are always valid. The programme sees a superset of the
person's schedules, so its (Lagrangian) value bounds their least reduced cost; where its
best schedule meets that bound, it has proved the answer (``DayPriced.proved``) and no
CP-SAT search is needed. On the Curtois instances 8, 12, 13 and 20 that is everyone or
nearly (12: root converged in 11 s against 30 s and more by CP-SAT rounds).
"""

from __future__ import annotations

from typing import NamedTuple

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
# Transitions of one programme at most, with the totals kept in its state: about 1 ns each.
# At 2e8, Curtois 20 (minutes and weekends kept) proved every person sampled in 30-150 ms
# against CP-SAT's 70-600 ms, but one person of 8 (four totals) took 54 ms against 7 ms.
MAX_WORK = 1e8
INF = 1e18
EPS = 1e-6


@nb.njit(cache=True, nogil=True)
def day_programme(n_days, day_start, cost, conflict_start, conflict, weekend_of_day, weekend_cost, max_on, min_on,
                  min_off, units, caps, floors, weekend_cap):  # fmt: skip
    """The least-cost choice of at most one option a day (index into ``cost``, -1: off)
    under the succession and run rules and some totals; its cost in ``best[0]``.

    Options of day ``d`` are ``day_start[d]:day_start[d + 1]``; ``conflict[conflict_start[d]
    + a * n_next + b]`` forbids option ``a`` of day ``d`` then option ``b`` of day ``d + 1``
    (local indices). A weekend (``weekend_of_day``) costs ``weekend_cost`` once if worked.
    ``max_on``/``min_on``/``min_off``: 0 for no rule. Totals kept in the state: the
    options' ``units[:, k]`` add up to at most ``caps[k]`` and at least ``floors[k]``; with
    ``weekend_cap >= 0`` at most that many weekends are worked (and cost nothing)."""
    runs = max(max_on, min_on, min_off, 1)
    weekend_levels = weekend_cap + 1 if weekend_cap >= 0 else 1
    n_totals = caps.shape[0]
    stride = np.empty(n_totals, dtype=np.int64)  # of each total in the state's resource part
    levels = weekend_levels
    for k in range(n_totals):
        stride[k] = levels
        levels *= caps[k] + 1
    width = max(1, np.max(day_start[1:] - day_start[:-1]) + 1)
    size = width * (runs + 1) * 2 * levels
    value = np.full((2, size), INF)  # of the day before and of the day, in turn
    back = np.full((n_days, size), -1, dtype=np.int32)
    used = np.zeros(n_totals, dtype=np.int64)
    for d in range(n_days):
        value[d % 2, :] = INF
        n = day_start[d + 1] - day_start[d]
        n_prev = day_start[d] - day_start[d - 1] if d > 0 else 0
        for prev in range(-1 if d == 0 else 0, 0 if d == 0 else size):
            if d == 0:
                before, p_last, p_run, p_edge, p_totals, p_weekends = 0.0, -1, 0, 1, 0, 0
            else:
                before = value[(d - 1) % 2, prev]
                if before >= INF:
                    continue
                p_weekends = prev % weekend_levels
                p_totals = prev % levels - p_weekends
                rest = prev // levels
                p_last = rest // ((runs + 1) * 2)
                p_run = (rest // 2) % (runs + 1)
                p_edge = rest % 2
            for k in range(n_totals):
                used[k] = (p_totals // stride[k]) % (caps[k] + 1)
            p_work = d > 0 and p_last < n_prev
            for last in range(n + 1):  # n: off
                totals, weekends = p_totals, p_weekends
                if last < n:
                    option = day_start[d] + last
                    step = cost[option]
                    fits = True
                    for k in range(n_totals):
                        if used[k] + units[option, k] > caps[k]:
                            fits = False
                            break
                        totals += units[option, k] * stride[k]
                    if not fits:
                        continue
                    if p_work and conflict[conflict_start[d - 1] + p_last * n + last]:
                        continue
                    w = weekend_of_day[d]
                    if w >= 0 and not (p_work and weekend_of_day[d - 1] == w):
                        if weekend_cap >= 0:
                            weekends += 1
                            if weekends > weekend_cap:
                                continue
                        else:
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
                    step = 0.0
                    if p_work:
                        if min_on > 0 and p_run < min_on and p_edge == 0:
                            continue
                        run, edge = 1, 0
                    elif d > 0:
                        run, edge = min(p_run + 1, runs), p_edge
                    else:
                        run, edge = 1, 1
                state = ((last * (runs + 1) + run) * 2 + edge) * levels + totals + weekends
                if before + step < value[d % 2, state]:
                    value[d % 2, state] = before + step
                    back[d, state] = prev
    choice = np.full(n_days, -1, dtype=np.int64)
    best = np.full(1, INF)
    state = -1
    for s in range(size):
        if value[(n_days - 1) % 2, s] < best[0]:
            enough = True
            for k in range(n_totals):
                if ((s % levels) // stride[k]) % (caps[k] + 1) < floors[k]:
                    enough = False
            if enough:
                best[0], state = value[(n_days - 1) % 2, s], s
    if state < 0:
        return choice, best
    for d in range(n_days - 1, -1, -1):
        last = (state // levels) // ((runs + 1) * 2)
        if last < day_start[d + 1] - day_start[d]:
            choice[d] = day_start[d] + last
        state = back[d, state]
    return choice, best


class DayPriced(NamedTuple):
    """A day programme's pricing: the schedules found (the best first), a lower bound on
    ``own - prices`` over every schedule of the person, and whether it proved the person's
    least reduced cost (the best schedule found meets the bound, or the bound shows that
    none is negative)."""

    schedules: list[Priced]
    bound: float
    proved: bool


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
        self.minutes = np.array([data.shift_end[j] - data.shift_start[j] for j in shifts], dtype=np.float64)
        self.lo, self.hi = rules.min_total_minutes or 0, rules.max_total_minutes
        self.weekend_of_day = np.array(data.weekend_of_day, dtype=np.int64)
        self.max_weekends = rules.max_weekends
        self.max_on = rules.max_consecutive_days or 0
        self.min_on, self.min_off = rules.min_consecutive_days or 0, rules.min_consecutive_days_off or 0
        self.n_days = data.n_days
        self.day_start = np.searchsorted(days, np.arange(data.n_days + 1)).astype(np.int64)
        categories = np.array([data.shift_category[j] for j in shifts], dtype=np.int64)
        self._keep_totals(data, rules, categories)
        self.conflict_start, self.conflict = self._conflicts(problem, feasibility, shifts, categories)
        self.scale = max(1.0, float(np.mean(self.minutes))) if len(self.minutes) else 1.0
        self.multipliers = (0.0, 0.0, np.zeros(len(self.limits)))  # minutes (net), weekends, categories

    def _keep_totals(self, data, rules, categories) -> None:
        """Which totals the programme's state keeps exactly, while its work stays under
        ``MAX_WORK``: the minutes worked (in units of their greatest common divisor), then
        the weekends worked, then per-category maxima, smallest first (a maximum of 0 costs
        nothing). Sets ``units``/``caps``/``floors`` (one column each), ``weekend_cap`` (-1:
        not kept), ``minutes_kept`` and ``limits``: the category maxima left to multipliers
        (those that can bind: the category's options on more days than its maximum)."""
        width = int(np.max(self.day_start[1:] - self.day_start[:-1], initial=0)) + 1
        runs = max(self.max_on, self.min_on, self.min_off, 1) + 1
        budget = MAX_WORK / (data.n_days * width * width * runs * 2)  # levels of the totals, at most
        columns, caps, floors = [], [], []
        minutes = self.minutes.astype(np.int64)
        unit = int(np.gcd.reduce(minutes)) if len(minutes) else 0
        most = self.hi if self.hi is not None else data.n_days * int(np.max(minutes, initial=0))  # one a day
        self.minutes_kept = unit > 0 and (self.hi is not None or self.lo > 0) and most // unit + 1 <= budget
        if self.minutes_kept:
            columns.append(minutes // unit)
            caps.append(int(most // unit))
            floors.append(-(-self.lo // unit))
            budget /= caps[-1] + 1
        weekends = len(set(data.weekend_of_day) - {-1})
        self.weekend_cap = -1
        if self.max_weekends is not None and self.max_weekends < weekends and self.max_weekends + 1 <= budget:
            self.weekend_cap = self.max_weekends
            budget /= self.max_weekends + 1
        self.limits: list[tuple[np.ndarray, int]] = []
        binding = []
        for name, limit in rules.category_max.items():
            c = data.category_index.get(name)
            mask = categories == c
            if c is not None and len(np.unique(self.days[mask])) > limit:
                binding.append((limit, mask))
        for limit, mask in sorted(binding, key=lambda item: item[0]):
            if limit + 1 <= budget:
                columns.append(mask.astype(np.int64))
                caps.append(limit)
                floors.append(0)
                budget /= limit + 1
            else:
                self.limits.append((mask, limit))
        n = len(self.minutes)
        self.units = np.stack(columns, axis=1) if columns and n else np.zeros((max(1, n), len(columns)), np.int64)
        self.caps = np.array(caps, dtype=np.int64)
        self.floors = np.array(floors, dtype=np.int64)

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

    def price(self, prices: np.ndarray, dual: float) -> DayPriced:
        """Schedules of reduced cost ``own - prices of what they fill - dual`` below zero
        that the subgradient steps found, accepted by the person's CP-SAT model (the best
        first, at most ``KEEP``), and a lower bound on ``own - prices`` over every schedule
        of the person (-INF: none): the best Lagrangian value of the steps. The programme
        sees a superset of the person's schedules (rules it does not see are dropped, totals
        relaxed with non-negative multipliers) and each option's own cost alone, which adds
        up to a schedule's own cost when no S5/S7 term is present (``usable``)."""
        base = self.own - prices[self.reqs]
        step0 = STEP * max(1.0, float(np.mean(np.abs(base))) if len(base) else 1.0)
        if not len(base):
            base = np.zeros(1)  # no option: the programme still prices the empty schedule
        net, weekend, lam = self.multipliers  # from the last pricing: prices move little
        found: dict[tuple[int, ...], float] = {}
        bound = -INF
        for it in range(ITERATIONS):
            cost = base + net / self.scale * self.minutes  # net > 0 prices the maximum, < 0 the minimum
            for (mask, _), value in zip(self.limits, lam):
                cost = cost + value * mask
            choice, best = day_programme(self.n_days, self.day_start, cost, self.conflict_start, self.conflict,
                                         self.weekend_of_day, weekend, self.max_on, self.min_on, self.min_off,
                                         self.units, self.caps, self.floors, self.weekend_cap)  # fmt: skip
            if best[0] >= INF:
                return DayPriced([], -INF, False)  # no schedule keeps the day rules (not expected)
            # The relaxation's value: the programme's optimum less what the multipliers gave away.
            given = -sum(value * limit for (_, limit), value in zip(self.limits, lam))
            given -= net * (self.hi if net > 0 else self.lo) / self.scale
            if self.max_weekends is not None:
                given -= weekend * self.max_weekends
            bound = max(bound, best[0] + given)
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
                if float(base[picked].sum()) <= bound + EPS:
                    break  # it meets the bound: nothing better to find
            step = step0 * DECAY**it
            if net > 0 or (net == 0 and over > 0):
                net = max(0.0, net + step * over) if self.hi is not None else 0.0
            elif net < 0 or under > 0:
                net = min(0.0, net - step * under)
            lam = np.maximum(0.0, lam + step * np.maximum(counts, -1.0))
            weekend = max(0.0, weekend + step * max(extra_weekends, -1.0))
        self.multipliers = (net, weekend, lam)
        bound += self.pricer.constant
        out = []
        for reqs, _ in sorted(found.items(), key=lambda item: item[1])[:KEEP]:
            if not self.pricer.accepts(reqs):
                self.rejects += 1
                continue
            self.rejects = 0
            out.append(Priced(reqs, self.pricer.own_cost(reqs), bound, False))
        best = out[0].own - float(prices[list(out[0].reqs)].sum()) if out else INF
        return DayPriced(out, bound, bound - dual >= -EPS or best <= bound + EPS)
