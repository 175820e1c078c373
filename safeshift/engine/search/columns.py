"""Column generation: a lower bound on the objective, and a roster near the LP optimum.

Every hard rule is per person (rules.md H1..H11), so a roster is one schedule a person,
and any choice of valid schedules is a valid roster; only the cover terms (S1, S2) couple
people. The master LP (``master``) chooses schedules fractionally; each person's pricing
problem (``pricing``) finds the schedule of least reduced cost at the LP's prices of
cover. Rounds of pricing go on until no person has a schedule of negative reduced cost.
Where most people work one duty a day, a dynamic programme over days (``labelling``)
prices them, exactly where it can prove its answer, and CP-SAT only the others.
Each round gives a Lagrangian lower bound on the roster objective, valid at any prices:
what the relaxed cover rows give back plus every person's least own cost minus the prices
of what they cover (CP-SAT's bound where a pricing search is cut short). The prices are
smoothed towards those of the best bound so far (Wentges), which on Curtois 8 converged
in 35 rounds instead of 45.

On the Curtois instances the bound is tight: 1,297 on 8 (best known 1,300), 4,040 on 12
(its optimum). Then a dive turns the LP optimum into a roster: people whose column has a
large share are fixed to it, a few rounds of pricing follow for the others, and so on
until few are left, whom CP-SAT completes (``complete``). Without the completion, on 8
the dive's roster was 1,404-1,518, which LNS took to 1,306-1,323 in 30 s (LNS alone:
1,339-1,768 in 60 s).
Dives vary: from one root on 8, six dives (the first, then five randomised ones,
``Diver``) gave 1,711, 1,620, 1,504, 1,508, 1,311 and 2,319; on 14 at 300 s the second
and later re-dives, with the columns of the dives before, gave 1,278 (best known) where
LNS had stalled at 1,284. Randomised rounding of the columns as well (not only of the
order people are fixed in) gave 2,132 on 8.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..feasibility import Feasibility
from ..model import Problem
from .labelling import REJECTS, DayPriced, DayPricer
from .master import Master, MasterSolution
from .pricing import Priced, Pricer
from .submodel import SubSolve

log = logging.getLogger(__name__)

# Partial pricing: from PARTIAL_MIN people, the rounds between full ones (every FULL_EVERY
# rounds, and after a partial round that added nothing) price PARTIAL of the people, in
# turn, and the LP is solved again after each: fresher prices for the same pricing work.
# Only full rounds give a bound. Root LP after 60 s, Curtois 13: 2,082 against 2,689
# (pricing everyone each round); 18: 4,418 (bound 4,393) against 4,430 (4,344); 19: 3,701
# (bound 1,735) against 3,930 (-124); level on 8 and 12 (same root LP and bound).
PARTIAL = 0.25
PARTIAL_MIN = 20
FULL_EVERY = 4
SMOOTHING = 0.5  # weight of the best bound's prices in the prices priced (0 after a mispricing)
ROOT_GAP = 1e-3  # the root stops once the LP value is this close (relative) to the bound
ROOT_ROUNDS = 40  # expected rounds at the root: more than the time allows, no column generation
FIRST_ROUND_ROUNDS = 2  # the first round, building included, may take this many rounds' time
PRICE_SECONDS = 2.0  # at most this for one person's pricing search
# A dive fixes everyone whose largest share is whole, and at least FIX_PART of the people
# left (largest shares first), then prices the others for up to DIVE_ROUNDS rounds (or
# until the LP is within ROOT_GAP of that round's bound). Curtois 8 and 12, from the same
# root, then 10 s of LNS: fixing one person a step, pricing to convergence, 1,402 and 4,152
# after 83 and 103 s; 20 % a step, to convergence, 1,313 and 4,041 after 50 and 70 s; 20 %
# and 5 rounds 1,316 and 4,161 after 31 and 50 s; 25 % and 3 rounds 1,403 and 4,163.
# With exact day rounds (cheap: 20-25 ms on 12) the rounds counted are exact ones: 12 at
# 60 s 4,046 and 4,049 with 20 or unlimited against 4,156 with 5; 8 1,308-1,311 (level).
DIVE_ROUNDS = 20
FIX_PART = 0.2
INTEGRAL = 1.0 - 1e-6
# No dive from a root LP this far (relative) above its bound: its prices are far from the
# LP optimum's (Curtois 13 and 19 at 100 s: bounds below zero), and LNS gets the time. A
# dive there anyway (13: LP 1,607, bound 51 after 95 s) gave 3,228, and 1,700 after 85 s of
# LNS, level with LNS alone (1,606-1,810 at 300 s).
DIVE_GAP = 0.05
# Once the people a dive has left free are at most COMPLETE_PART of everyone and have at
# most COMPLETE_PERSON_DAYS days between them (after one step at least), CP-SAT completes
# the roster: their sub-model (``SubSolve``), the others fixed, hinted by the LP's largest
# shares, for at most COMPLETE_SHARE of the dive's time. Near its end a dive fixes people
# whose shares are far from whole, and its LP climbs (Curtois 13 from its converged root,
# LP 1,348: 1,421 with 24 free, 2,805 with 7; the roster 2,635). From the same roots, 19
# free: 12 4,040 (its optimum, proved in 7 s) against the dive's 4,804; 8 1,400 in 10 s
# against 1,511; 13 1,665 in 30 s against 2,635. Whole solves, 60 s, seeds 0-3: 12 4,048,
# 4,043, 4,040 and 4,045 against 4,046-4,154 before (never 4,040 at 60 s); 8 1,321, 1,310,
# 1,306 and 1,404 (twice: the same seeds, timing decides) against 1,307-1,331. Without
# the part (19 of 8's 30 people, 20 s): 12 4,040 for 3 seeds of 4, but 8 1,318, 1,410
# and 1,314 (CP-SAT's rosters of most of 8 were no better starts for LNS).
COMPLETE_PERSON_DAYS = 600
COMPLETE_PART = 0.25
COMPLETE_SHARE = 0.25
EPS = 1e-6
DAY_ROUNDS = True  # rounds of day programmes (``labelling``) instead of CP-SAT rounds ...
DAY_PEOPLE = 0.5  # ... where at least this share of the free people have a programme
DAY_SHARE = 0.25  # cheap day rounds while each adds columns for at least this share of them
DAY_GAIN = 1e-4  # ... and lowers the LP value by at least this much (relative)


@dataclass(frozen=True)
class ColumnResult:
    """What column generation found: a roster of ``(staff, flat requirement)`` pairs (None:
    it gave up, the root would take too long), the best lower bound on the objective (an
    integer, None if no round priced everyone), the root LP value, and the rounds run."""

    pairs: set[tuple[int, int]] | None
    bound: int | None
    root_value: float | None
    rounds: int
    diver: Diver | None = None  # more dives from the same columns (None: no dive was made)


class _Generation:
    """Column generation over a problem's people, sharing ``workers`` threads for pricing."""

    def __init__(
        self, problem: Problem, feasibility: Feasibility, pool: ThreadPoolExecutor, seed: int, cancel=None, workers=1
    ):
        self.problem = problem
        self.cancel = cancel  # a threading.Event: once set, no more pricing
        self.pool = pool
        self.workers = max(1, workers)  # CP-SAT's, completing a dive (``complete``)
        self.seed = seed
        self.feasibility = feasibility
        self.pricers: list[Pricer | None] = [None] * problem.indexed.n_staff  # built on first use
        self.day_pricers: list[DayPricer | bool | None] = [None] * problem.indexed.n_staff  # False: unusable
        self.master = Master(problem)
        self.bound = -math.inf
        self.rounds = 0

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def pricer(self, staff: int) -> Pricer:
        if self.pricers[staff] is None:
            self.pricers[staff] = Pricer(self.problem, self.feasibility, staff)
        return self.pricers[staff]

    def day_pricer(self, staff: int) -> DayPricer | None:
        """The person's day programme (built on first use); None where it does not fit
        them or the CP-SAT model refused its candidates ``REJECTS`` times in a row."""
        if self.day_pricers[staff] is None:
            pricer = self.pricer(staff)
            usable = DayPricer.usable(self.problem, pricer)
            self.day_pricers[staff] = DayPricer(self.problem, self.feasibility, pricer) if usable else False
        found = self.day_pricers[staff]
        return found if found and found.rejects < REJECTS else None

    def day_round(
        self, solution: MasterSolution, center, stop_at: float, exact: bool
    ) -> tuple[int, float, tuple, bool] | None:
        """Every free person priced once at the LP's prices smoothed towards ``center`` (as
        ``round``) by their day programme and, if ``exact``, by their CP-SAT model where the
        programme did not prove its answer (or does not fit them). Returns the columns added
        (of negative reduced cost at the LP's own prices), the round's Lagrangian bound, the
        prices priced and whether every person's least reduced cost was proved (an exact
        round); None if ``stop_at`` passed or ``cancel`` was set first."""
        master = self.master
        price_min, price_max = _smoothed(solution, center)
        prices = price_min + price_max
        free = [s for s in range(len(self.pricers)) if s not in master.fixed]

        def by_day(s: int) -> DayPriced | None:
            if self.cancelled() or time.monotonic() >= stop_at:
                return None
            found = self.day_pricer(s)
            return DayPriced([], -math.inf, False) if found is None else found.price(prices, float(solution.person[s]))

        found = list(self.pool.map(by_day, free))
        if any(p is None for p in found):
            return None
        rest = [i for i, priced in enumerate(found) if not priced.proved] if exact else []
        more = list(self.pool.map(lambda s: self._by_model(s, prices, stop_at), [free[i] for i in rest]))
        if any(p is None for p in more):
            return None
        proved = exact or all(priced.proved for priced in found)
        self.rounds += proved
        schedules = [priced.schedules for priced in found]
        bounds = [priced.bound for priced in found]
        for i, extra in zip(rest, more):
            schedules[i] = schedules[i] + extra
            bounds[i] = max(bounds[i], extra[0].bound)
        if rest:
            log.debug("day round: %d of %d people priced by CP-SAT too", len(rest), len(free))
        added = self._add_negative(solution, free, schedules)
        bound = master.constant(price_min, price_max) + sum(bounds) + self._fixed_part(prices)
        if not master.fixed:
            self.bound = max(self.bound, bound)
        return added, bound, (price_min, price_max), proved

    def _add_negative(self, solution: MasterSolution, people: list[int], found: list[list[Priced]]) -> int:
        """Each schedule in ``found`` (one list per person of ``people``) of negative reduced
        cost at the LP's own prices as a column; the columns added."""
        added = 0
        for s, schedules in zip(people, found):
            for priced in schedules:
                reduced = priced.own - float(solution.prices[list(priced.reqs)].sum()) - solution.person[s]
                if reduced < -EPS:
                    added += self.master.add(s, priced.reqs, priced.own)
        return added

    def _by_model(self, s: int, prices: np.ndarray, stop_at: float) -> list[Priced] | None:
        """Person ``s`` priced by their CP-SAT model (built on first use) for at most
        ``PRICE_SECONDS``; None once ``stop_at`` passed or ``cancel`` was set."""
        if self.cancelled() or time.monotonic() >= stop_at:
            return None
        pricer = self.pricer(s)  # built on first use, which takes time too
        seconds = min(PRICE_SECONDS, stop_at - time.monotonic())
        return None if seconds <= 0 else pricer.price(prices, seconds, self.seed)

    def _fixed_part(self, prices: np.ndarray) -> float:
        """What the fixed people's columns add to a bound at ``prices``: own less prices."""
        part = 0.0
        for s, index in self.master.fixed.items():
            reqs, own, _ = self.master.columns[s][index]
            part += own - float(prices[list(reqs)].sum())
        return part

    def add_roster(self, pairs, until: float) -> bool:
        """Each person's schedule in ``pairs`` as a column; False if one is not a schedule
        of the person's model, or building the pricing models passes ``until`` (monotonic;
        150 people over 364 days take 16 s), and then nothing is added."""
        mine: dict[int, list[int]] = {s: [] for s in range(len(self.pricers))}
        for s, k in pairs:
            mine[s].append(k)
        costs = {}
        for s, reqs in mine.items():
            if self.cancelled() or time.monotonic() > until:
                return False
            costs[s] = self.pricer(s).own_cost(reqs)
            if costs[s] is None:
                return False
        for s, reqs in mine.items():
            self.master.add(s, tuple(reqs), costs[s])
        return True

    def round(
        self, solution: MasterSolution, center, stop_at: float, people: list[int] | None = None
    ) -> tuple[int, float | None, tuple] | None:
        """Price every free person once at the LP's prices smoothed towards ``center``
        (prices of the best bound so far; None: none); add each schedule of negative
        reduced cost at the LP's own prices. Returns the columns added, this round's
        Lagrangian bound (with people fixed, of the dive's problem) and the prices priced;
        None if ``stop_at`` (monotonic) passed, or ``cancel`` was set, before everyone was
        priced."""
        self.rounds += 1
        price_min, price_max = _smoothed(solution, center)
        prices = price_min + price_max
        master = self.master
        free = people if people is not None else [s for s in range(len(self.pricers)) if s not in master.fixed]

        found = list(self.pool.map(lambda s: self._by_model(s, prices, stop_at), free))
        if time.monotonic() > stop_at or any(p is None for p in found):  # out of time, or cancelled
            return None
        added = self._add_negative(solution, free, found)
        bound = master.constant(price_min, price_max) + sum(schedules[0].bound for schedules in found)
        if people is not None:  # some people only: no bound
            return added, None, (price_min, price_max)
        bound += self._fixed_part(prices)  # a bound of the dive's problem, fixings included
        if not master.fixed:
            self.bound = max(self.bound, bound)
        return added, bound, (price_min, price_max)

    def converge(
        self, stop_at: float, max_rounds: int | None = None, gap: float = 0.0, floor: float = -math.inf
    ) -> MasterSolution | None:
        """Rounds until no column is added at the LP's prices, the LP value is within
        ``gap`` (relative) of the best bound of these rounds, ``max_rounds`` exact rounds
        or ``stop_at``; the last LP optimum (None if an LP fails). No round at all if the
        LP value is at most ``floor``, a lower bound on every roster's objective known
        before (a dive's: the root's bound, rounded up): the LP then cannot promise better.
        Rounds of day programmes (``day_round``) where at least ``DAY_PEOPLE`` of the free
        people have one, else CP-SAT rounds (``round``)."""
        free = [s for s in range(len(self.pricers)) if s not in self.master.fixed]
        solution = self.master.solve()
        if solution is None or solution.value <= floor + EPS * max(1.0, abs(floor)):
            return solution
        if self.by_days(free):
            return self._converge_by_days(solution, free, stop_at, max_rounds, gap)
        return self._converge_by_model(solution, free, stop_at, max_rounds, gap)

    def by_days(self, free: list[int]) -> bool:
        """Whether rounds of day programmes price ``free``: ``DAY_ROUNDS`` and at least
        ``DAY_PEOPLE`` of them have a programme."""
        return DAY_ROUNDS and sum(self.day_pricer(s) is not None for s in free) >= DAY_PEOPLE * len(free)

    def _converge_by_days(self, solution, free, stop_at, max_rounds, gap) -> MasterSolution | None:
        """``converge`` by day rounds: cheap ones (programmes only, at the LP's prices)
        while they add columns for ``DAY_SHARE`` of the people and lower the LP by
        ``DAY_GAIN``, then exact ones (CP-SAT where a programme proves nothing, at smoothed
        prices); after an exact round that added columns, cheap ones again."""
        rounds, smooth, best, center, cheap = 0, True, -math.inf, None, True
        while solution is not None and (max_rounds is None or rounds < max_rounds):
            smoothed = smooth and center is not None and not cheap
            before = solution.value
            result = self.day_round(solution, center if smoothed else None, stop_at, exact=not cheap)
            if result is None:
                return solution
            added, bound, prices, proved = result
            log.debug("%s round %d: LP %.1f, bound %.1f, %d added", "exact" if proved else "day", self.rounds,
                      before, bound, added)  # fmt: skip
            if bound > best:  # smooth towards the prices of the best bound (Wentges)
                best, center = bound, prices
            if proved:
                rounds += 1
                if added == 0 and not smoothed:
                    return solution  # priced exactly at the LP's own prices: nothing left to add
                smooth = added > 0  # nothing at smoothed prices: price exactly
            if added:
                solution = self.master.solve()
            moved = solution is not None and solution.value < before - DAY_GAIN * abs(before)
            cheap = added >= DAY_SHARE * len(free) and moved if cheap else added > 0
            if solution is not None and solution.value - best <= gap * abs(solution.value):
                return solution
        return solution

    def _converge_by_model(self, solution, free, stop_at, max_rounds, gap) -> MasterSolution | None:
        """``converge`` by CP-SAT rounds, partial ones between full ones (``PARTIAL``)."""
        rounds, smooth, best, center = 0, True, -math.inf, None
        chunk = math.ceil(PARTIAL * len(free)) if PARTIAL and len(free) >= PARTIAL_MIN else 0
        partial_next, offset = False, 0
        while solution is not None and (max_rounds is None or rounds < max_rounds):
            people = None
            if chunk and partial_next:
                people = [free[(offset + i) % len(free)] for i in range(chunk)]
                offset += chunk
            result = self.round(solution, center if smooth else None, stop_at, people)
            if result is None:
                return solution
            added, bound, prices = result
            rounds += 1
            if people is not None:
                partial_next = added > 0 and rounds % FULL_EVERY != 0
                if added:
                    solution = self.master.solve()
                continue
            log.debug("round %d: LP %.1f, bound %.1f, %d added", self.rounds, solution.value, bound, added)
            if bound > best:  # smooth towards the prices of the best bound (Wentges)
                best, center = bound, prices
            if added == 0 and not smooth:
                return solution  # priced at the LP's own prices: nothing left to add
            smooth = added > 0  # a round that added nothing at smoothed prices: price exactly
            partial_next = added > 0
            if added:
                solution = self.master.solve()
            if solution is not None and solution.value - best <= gap * abs(solution.value):
                return solution
        return solution

    def dive(
        self, solution: MasterSolution, stop_at: float, rng: random.Random | None = None
    ) -> set[tuple[int, int]] | None:
        """Fix people to columns until everyone is fixed (each step those whose largest
        share is whole and at least ``FIX_PART`` of the others; everyone left to their
        largest share once ``stop_at`` passes or ``cancel`` is set), or until CP-SAT
        completes the roster (``COMPLETE_PART``); the roster (None if an LP failed
        on the way). With ``rng`` the others are chosen by their largest share times a
        random factor in [1/2, 1]."""
        master = self.master
        n_staff = len(master.columns)
        floor = _integer(self.bound)  # the root's bound: no roster below it
        floor = -math.inf if floor is None else floor
        tried = False  # the completion by CP-SAT (``complete``), tried once
        limit = COMPLETE_SHARE * (stop_at - time.monotonic())  # its time
        while len(master.fixed) < n_staff:
            if solution is None:
                return None
            free = [s for s in range(n_staff) if s not in master.fixed]
            late = time.monotonic() >= stop_at or self.cancelled()
            days = len(free) * self.problem.indexed.n_days
            small = len(free) <= COMPLETE_PART * n_staff and days <= COMPLETE_PERSON_DAYS
            if small and master.fixed and not late and not tried:
                tried = True
                seed = self.seed if rng is None else rng.randrange(1 << 30)
                completed = self.complete(solution, free, min(stop_at, time.monotonic() + limit), seed)
                if completed is not None:
                    return completed
            shares = [(float(solution.shares[s].max(initial=0.0)), s) for s in free]
            shares.sort(reverse=True)
            chosen = [s for share, s in shares if late or share >= INTEGRAL]
            rest = shares[len(chosen) :]
            if rng is not None:
                rest.sort(key=lambda item: item[0] * rng.uniform(0.5, 1.0), reverse=True)
            chosen += [s for _, s in rest[: max(0, math.ceil(FIX_PART * len(free)) - len(chosen))]]
            for s in chosen:  # every person has a column (add_roster)
                master.fix(s, int(np.argmax(solution.shares[s])))
            if len(master.fixed) < n_staff:
                solution = self.converge(stop_at, DIVE_ROUNDS, ROOT_GAP, floor)
                value = None if solution is None else round(solution.value, 1)
                log.debug("dive: %d fixed, LP %s", len(master.fixed), value)
        return self._roster(solution)

    def _roster(self, solution: MasterSolution | None) -> set[tuple[int, int]]:
        """Each person's fixed column, or their column of largest share in ``solution``
        (needed only while someone is free; every person has a column: ``add_roster``)."""
        pairs = set()
        for s, mine in enumerate(self.master.columns):
            index = self.master.fixed.get(s)
            index = int(np.argmax(solution.shares[s])) if index is None else index
            pairs.update((s, k) for k in mine[index][0])
        return pairs

    def complete(
        self, solution: MasterSolution, free: list[int], stop_at: float, seed: int
    ) -> set[tuple[int, int]] | None:
        """The roster of the fixed people's columns and the best schedules CP-SAT finds for
        ``free`` (their sub-model, hinted by their largest shares) by ``stop_at``; None if
        it finds none (or time is up, or ``cancel`` is set)."""
        pairs = self._roster(solution)
        seconds = stop_at - time.monotonic()
        if seconds <= 0 or self.cancelled():
            return None
        sub = SubSolve(self.problem, self.feasibility, free, pairs)
        chosen, value, _ = sub.search(seconds, self.workers, seed, self.cancel, improve=True)
        log.debug("dive: %d people completed by CP-SAT (sub-model %s)", len(free), value)
        if chosen is None or self.cancelled():
            return None
        left = set(free)
        return {(s, k) for s, k in pairs if s not in left} | chosen


def generate(
    problem: Problem,
    feasibility: Feasibility,
    start: set[tuple[int, int]],
    deadline: float,
    cancel: threading.Event | None = None,
    workers: int = 1,
    seed: int = 0,
    root_share: float = 0.5,
) -> ColumnResult:
    """Column generation from the roster ``start`` (its schedules are the first columns)
    until ``deadline`` (monotonic): the root LP within ``root_share`` of the time, then a
    dive (none when the root ends more than ``DIVE_GAP`` above its bound). Gives up
    (``pairs`` None) when the first round of pricing (a cheap day round where
    ``by_days``), building the pricing models included, takes more than
    ``FIRST_ROUND_ROUNDS`` of the ``ROOT_ROUNDS`` rounds the root's share allows, or when
    ``cancel`` is set."""
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="safeshift-pricing") as pool:
        gen = _Generation(problem, feasibility, pool, seed, cancel, workers)
        root_until = t0 + root_share * (deadline - t0)
        # The first round (the pricing models built on the way) must leave time for the others.
        first_until = t0 + FIRST_ROUND_ROUNDS * (root_until - t0) / ROOT_ROUNDS
        if not gen.add_roster(start, first_until) or time.monotonic() > first_until:
            return ColumnResult(None, None, None, 0)
        solution = gen.master.solve()
        if solution is None:
            return ColumnResult(None, None, None, 0)
        if gen.by_days(list(range(problem.indexed.n_staff))):  # the cheap round: the programmes only
            result = gen.day_round(solution, None, first_until, exact=False)
        else:
            result = gen.round(solution, None, first_until)
        log.debug("first round: %s, %.1f s (allowed %.1f s)", "done" if result else "not done",
                  time.monotonic() - t0, first_until - t0)  # fmt: skip
        if result is None or gen.cancelled():
            return ColumnResult(None, _integer(gen.bound), None, gen.rounds)
        solution = gen.converge(root_until, gap=ROOT_GAP)
        bound = _integer(gen.bound)
        if solution is None or gen.cancelled():
            return ColumnResult(None, bound, None, gen.rounds)
        root_value = solution.value
        if root_value - gen.bound > DIVE_GAP * abs(root_value):
            log.debug("root: LP %.1f, bound %.1f after %d rounds: no dive", root_value, gen.bound, gen.rounds)
            return ColumnResult(None, bound, root_value, gen.rounds)  # prices too far from converged
        log.debug("root: LP %.1f, bound %.1f, %d rounds, %d columns, %.1f s", root_value, gen.bound, gen.rounds,
                  gen.master.n_columns, time.monotonic() - t0)
        started = time.monotonic()
        pairs = gen.dive(solution, deadline)
        log.debug("dive: %d rounds in all, %.1f s", gen.rounds, time.monotonic() - t0)
        diver = None if pairs is None else Diver(gen, workers, time.monotonic() - started)
        return ColumnResult(pairs, bound, root_value, gen.rounds, diver)


class Diver:
    """More dives, each from the root LP over every column found so far (the dives'
    included), randomised (``_Generation.dive`` with an ``rng``): other rosters near the LP
    optimum, for LNS to start again from where it stalls. ``seconds``: the first dive's
    time."""

    def __init__(self, gen: _Generation, workers: int, seconds: float):
        self.gen, self.workers, self.seconds = gen, workers, seconds

    def dive(self, deadline: float, seed: int) -> set[tuple[int, int]] | None:
        """A randomised dive until ``deadline`` (monotonic; everyone left is fixed then);
        None if an LP fails or ``cancel`` is set."""
        gen = self.gen
        gen.master.release()
        with ThreadPoolExecutor(max_workers=max(1, self.workers), thread_name_prefix="safeshift-pricing") as pool:
            gen.pool = pool
            pairs = gen.dive(gen.master.solve(), deadline, random.Random(seed))
        return None if gen.cancelled() else pairs


def _smoothed(solution: MasterSolution, center) -> tuple[np.ndarray, np.ndarray]:
    """The LP's prices of cover (lower and upper rows) moved ``SMOOTHING`` of the way to
    ``center``, the prices of the best bound so far (None: the LP's own)."""
    if center is None:
        return solution.price_min, solution.price_max
    return (SMOOTHING * center[0] + (1 - SMOOTHING) * solution.price_min,
            SMOOTHING * center[1] + (1 - SMOOTHING) * solution.price_max)  # fmt: skip


def _integer(bound: float) -> int | None:
    """The least integer objective a real bound allows (None: no bound), with a margin for
    the LP's floating point, and at least 0: every objective term is (the model refuses
    negative weights, costs and headcounts)."""
    if not math.isfinite(bound):
        return None
    return max(0, math.ceil(bound - 1e-6 * max(1.0, abs(bound))))
