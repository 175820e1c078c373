"""Large-neighbourhood search: re-solve a few people with everyone else fixed
(``submodel``), keep the result unless the objective rises.

Neighbourhoods: random people; a random person and those working most of their days (who
can swap duties with them); a window of 7 or 14 days in which more people may change
their duties, half the time around a requirement left short, with people who may fill it
in turn with people under their maximum minutes (H10), who can take over what the others
drop to fill it (horizons of 14 days or more), in turn. The size of each kind, in
decision variables, adapts: it grows when a sub-model is proved optimal quickly without
a better roster (that size is exhausted around the current roster), stays while small
sub-models keep improving (they gain the most per second: on a mid-search roster of
Curtois 13, 2-person sub-models gained 360 a second, 4-person 136, 8-person 90), and
shrinks when they time out or stop, unproved, without a better roster; the time limit of
a sub-solve doubles while none improves (``_Pace``). A day window's rules are built for
its days and the people's duties only (``window_feasibility``).
Two sub-solves run at once (``LANES``), on disjoint people, sharing the CP-SAT workers
(``workers``): on 2 cores, one each, with the LP-strong single search
(``submodel.IMPROVE_ALONE_LINEARIZATION``). Each lane builds and presolves on its core
while the other searches. Two lanes of 2 workers each (4 threads on 2 cores) had ended
lower than one lane on Curtois 12, 13, 15, 17 and 20 from the same rosters at 45 s (13:
4,200 against 4,801; 17: 6,612 against 7,032), level on 8. A move is priced against
the roster its neighbourhood was planned from; the hard rules are per person, and the
cover terms (the only ones that couple people) are re-priced against the current roster
when the other lane changed it meanwhile (``_Cover.change``), so the tracked objective
stays exact.
But at 300 s those lanes ended higher on 14-19 (20-45 people: 16 3,719 against 3,333)
and lower on 13 and 20 (120 and 50), and at 600 s higher on 21-24 than one lane had
(single runs). With one worker a lane the cores are no longer oversubscribed: from the
same rosters, 300 s, 17 (32 people) 5,787 against one lane's 5,868 and 21 21,989 against
22,117 with 2 workers a lane; so lanes run from ``LANES_MIN_STAFF`` movable people, but
not where a person has more than ``LANES_MAX_OPTIONS`` options on average: from the same
rosters, 150 s, Curtois 23 and 24 (3,325 and 6,929 options a person, 364 days) ended at
151,044 and 508,768 with two lanes of one worker, 58,454 and 336,109 with one lane of two
(24 with level-1 LP in the lanes: 535,009); 22 (2,171) at 49,658 against 54,385.
There the two lanes take turns to search, with all the workers (``searching``), so one
builds its sub-model while the other searches: with one lane, building had taken 13 % of
the time on 23 and 24, 26-27 % with the category turns below. From the same rosters,
150 s, seeds 1 and 2: 24 177,538 and 174,773 against one lane's 199,113 and 194,405; 23
39,370 and 38,502 against 38,946 and 40,308. There the sub-solves also presolve less
(``submodel.LEAN_PRESOLVE``; 24 167,360 and 153,756 against 177,538 and 174,773).
Lanes from 20 people, on 16 and 18 (20 and 22 people), 120 s from the same rosters,
seeds 0 and 1, ended at 3,335 and 3,326 against one lane's 3,431 and 3,343, and 4,901 and
4,882 against 5,187 and 4,882, but whole 300 s solves at 3,329 and 4,889 against one
lane's 3,238 and 4,782 (single runs): not adopted.
Both lanes often fill the same short requirement (on 13, 30 s, the re-pricing took back
about half of what the sub-models gained). Pricing, for a neighbourhood planned while
another is in flight, the short requirements that one may fill as filled (60 s, seeds 1
and 2) ended lower on 13 (3,330 and 3,060 against 3,500 and 3,203) but higher on 17 and
20 (6,394 against 5,889; 7,266 and 6,888 against 6,623 and 6,563): not adopted.
Those under their maximum minutes matter where the demand is close to what everyone may
work (Curtois 12, 13; on 13 it is more): the able are mostly at their maximum. From the
same roster, 90 s, seeds 1-3, 13 ended at 2,543, 2,217 and 2,465 against 2,601, 2,304 and
2,645 with random others; 15 and 20 level within noise (seeds 1, 2). Also forming half the
whole-horizon random neighbourhoods this way: 13 lower still (2,442, 2,260, 2,210) but 20
higher (5,777 and 5,813 against 5,330 and 5,682): not adopted.
Where cover is tight (everyone's maximum minutes add up to at most ``TIGHT`` times the
minutes demanded: Curtois 5, 7-10, 12, 13, 15), 9 in 10 windows, not half, are placed
around short cover (``AROUND_SHORT_TIGHT``). From the same rosters, 60 s: 8 (seeds 1-4)
1,364, 1,460, 1,453, 1,454 against 1,458, 1,542, 1,563, 1,457; 13 2,759 and 2,496 against
2,986 and 2,691; 15 4,738 and 4,670 against 5,050 and 4,742; 10 and 12 level. Where it is
not (17: 6,182 and 6,007 against 5,999 and 6,082; 20: 6,179 and 6,457 against 6,338 and
5,836), no clear gain: those keep half.
Where a person has thousands of options (``CATEGORY_MIN_OPTIONS``; Curtois 23 and 24: 364
days, 16 and 32 shift types), every other turn re-solves one shift category over the whole
horizon for people who may work it, their other duties fixed (``_category_neighbourhood``,
half the time around short cover): 0.02-0.2 s a sub-solve, against about 1.1 s for one
person's whole horizon on 24. From the same rosters, 150 s, seeds 1 and 2: 24 199,113 and
194,405 against 223,698 and 211,102; 23 38,946 and 40,308 against 39,614 and 40,746. Not
below that: 22 (2,171 options) ended at 52,907 against 44,150, 8 worse and 13 level.
Where someone has a maximum of weekends worked (H10) and the horizon holds two weekends or
more, one turn in four frees Friday to Monday of every weekend for a few people, around a
weekend requirement left short (``_weekend_neighbourhood``): who works one day of a weekend
spends a whole one of their maximum, and completing it, or moving that day to a weekend
they work the other day of, needs their weekends at once, which windows do not span. On
Curtois 22, 24 and 8 the cover short at the end was nearly all on weekends, with many such
half weekends (22: 204, with every weekend of the maxima used). From the same rosters: 8
(55 s, seeds 1-3) 1,444, 1,439, 1,567 against 1,677, 1,468, 1,762; 20 (90 s) 5,300 against
5,601; from LNS's rosters after 300 s, 22 (120 s) 36,209, 36,271, 36,694 against 36,691,
36,611, 36,806, and 24 (150 s; there they alternate with the others between the category
turns) 84,991 and 86,451 against 92,038 and 88,558. Every other turn did worse on 8 and 20.
Drawing the kinds in proportion to their recent gain a second (adaptive LNS, 60 % of the
draws in the turn order's proportions) ended lower on 22 (120 s, seeds 1-3: 35,798, 35,739,
36,556) and 24 (150 s: 83,492), but higher on 15 in 4 of 4 seeds (60 s: 4,758, 4,869, 4,646,
4,842 against 4,579, 4,726, 4,456, 4,656): there windows gain more a second, yet the
whole-horizon moves they crowd out set up later gains. Level on 8, 13 and 20. Not adopted.
Moves of equal objective are kept too (they let the search drift off a plateau). Only
for objectives a sub-model computes exactly up to a constant (``objective_is_separable``).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace

import numpy as np

from ..cpsat import build_rules
from ..feasibility import Feasibility
from ..model import Problem
from .submodel import Scope, SubSolve, counts_without, cover_minimum

SUB_SECONDS = 1.0  # time limit of one sub-solve (less when the deadline is near)
MIN_SECONDS = 0.2  # stop when less than this is left
PATIENCE = 0.3  # stop a sub-solve this part of its time limit after its last better roster
STALL_SOLVES = 30  # after this many sub-solves in a row without a better roster,
MAX_SUB_SECONDS = 8.0  # the time limit doubles, up to this (``_Pace``)
START_VARIABLES = 1500  # decision variables of the first neighbourhoods
GROW, SHRINK = 1.2, 0.8  # neighbourhood size factors after a quick optimum / an unproved non-gain
KINDS = ("random", "related", "window")  # neighbourhoods, in turn (see ``_neighbourhood``)
WINDOW_DAYS = (7, 14)  # lengths of day windows
WINDOW_BUILD = 4  # a window's rules cost at most this many times the budget's variables to build
MIN_WINDOW_DAYS = 7  # horizons shorter than twice this get no day windows
AROUND_SHORT = 0.5  # how often a window is placed around a requirement left short
AROUND_SHORT_TIGHT = 0.9  # the same where cover is tight (``_Cover.tight``)
TIGHT = 1.05  # tight: everyone has a maximum, and the maxima add up to at most this times the demand
LANES = 2  # sub-solves in flight at once, on disjoint people
LANES_MIN_STAFF = 30  # from this many movable people; fewer: one at a time (see module doc)
LANES_MAX_OPTIONS = 3000  # searching at once while a person has at most this many options on average; above, in turn
CATEGORY_MIN_OPTIONS = 3000  # from this many options a person on average, half the turns are "category"
WEEKEND_REACH = 1  # a "weekends" neighbourhood frees every weekend day and this many days either side


def improve(
    problem: Problem,
    feasibility: Feasibility,
    pairs: set[tuple[int, int]],
    objective: int,
    deadline: float,
    cancel: threading.Event | None = None,
    on_improve: Callable[[set[tuple[int, int]], int], None] | None = None,
    workers: int = 1,
    seed: int = 0,
    target: int | None = None,
    stall: float | None = None,
) -> tuple[set[tuple[int, int]], int]:
    """The best roster found from ``pairs`` (of full objective ``objective``) before
    ``deadline``, or once its objective is at most ``target`` (a proved lower bound), or
    (with ``stall``) once no better roster came for ``stall`` seconds and for as long as
    the last better one took to come; never worse than the start. ``on_improve(pairs,
    objective)`` is called with each improving roster. ``workers``: CP-SAT workers in
    all, shared by the lanes."""
    started = last_better = time.monotonic()
    rng = random.Random(seed)
    data = problem.indexed
    n_staff = data.n_staff
    options = np.bincount(feasibility.elig_staff.astype(np.int64), minlength=n_staff)
    movable = [s for s in range(n_staff) if options[s] > 0]
    if not movable:
        return pairs, objective
    per_person = max(1.0, float(np.mean(options[movable])))
    kinds = KINDS if data.n_days >= 2 * MIN_WINDOW_DAYS else KINDS[:2]
    by_category = None  # options per person and category, for the category turns only
    category_turns = per_person > CATEGORY_MIN_OPTIONS and len(data.categories) > 1
    weekends = weekend_days(problem)
    if weekends is not None:  # one turn in four, category turns included (see the module doc)
        kinds = tuple(k for kind in kinds for k in (kind, "weekends")) if category_turns else (*kinds, "weekends")
    if category_turns:
        kinds = tuple(k for kind in kinds for k in (kind, "category"))
        by_category = _options_by_category(data, feasibility)
    cover = _Cover(problem, feasibility)
    budget = {kind: float(START_VARIABLES) for kind in kinds}  # decision variables per neighbourhood
    counts = cover.counts(pairs)  # people per flat requirement; replaced, never changed in place
    busy: set[int] = set()  # the people of the sub-solves in flight
    planned = 0
    pace = _Pace()

    def launch(lanes: ThreadPoolExecutor):
        """Plan the next neighbourhood among the people not in flight, from the current
        roster, and start its search on a lane; None when everyone is in flight."""
        nonlocal planned
        free = [s for s in movable if s not in busy]
        if not free:
            return None
        kind = kinds[planned % len(kinds)]
        planned += 1
        if kind == "category":
            group, scope = _category_neighbourhood(data, cover, pairs, free, budget[kind], by_category, rng)
        elif kind == "weekends":
            group, scope = _weekend_neighbourhood(data, cover, pairs, free, budget[kind], per_person, weekends, rng)
        else:
            group, scope = _neighbourhood(kind, data, cover, pairs, free, budget[kind], per_person, rng)
        busy.update(group)
        seconds = min(pace.seconds, deadline - time.monotonic())
        future = lanes.submit(
            _search, problem, feasibility, group, scope, pairs, seconds, lane_workers,
            rng.randrange(1 << 30), cancel, PATIENCE * pace.seconds, searching, deadline, many_options,
        )  # fmt: skip
        return future, _Flight(kind, set(group), seconds, counts)

    width = LANES if len(movable) >= LANES_MIN_STAFF else 1
    # Many options a person: one search at a time with all the workers, the next
    # neighbourhood built on the other lane meanwhile (see the module doc).
    many_options = per_person > LANES_MAX_OPTIONS
    searches = 1 if many_options else width
    searching = threading.Semaphore(searches)
    lane_workers = max(1, workers // searches)  # the searches in flight share the workers
    with ThreadPoolExecutor(max_workers=width, thread_name_prefix="safeshift-lns-lane") as lanes:
        flying: dict = {}
        while True:
            while len(flying) < width and not (cancel is not None and cancel.is_set()):
                now = time.monotonic()
                if deadline - now < MIN_SECONDS or (target is not None and objective <= target):
                    break
                if stall is not None and now - last_better > max(stall, last_better - started):
                    break
                launched = launch(lanes)
                if launched is None:
                    break
                flying[launched[0]] = launched[1]
            if not flying:
                break
            done, _ = wait(flying, return_when=FIRST_COMPLETED)
            for future in done:
                flight = flying.pop(future)
                busy.difference_update(flight.staff)
                result = future.result()
                if result is None:  # a current pair without a variable: these people stay
                    continue
                sub, before, chosen, after, optimal, took = result
                better = chosen is not None and after is not None and after < before
                pace.record(better)
                kind = flight.kind
                if optimal and took < 0.5 * pace.seconds and not better:
                    # Settled quickly with nothing better: this size is exhausted here.
                    budget[kind] = min(per_person * len(movable), budget[kind] * GROW)
                elif not optimal and (took >= 0.9 * flight.seconds or not better):
                    # Out of time, or stopped by patience with nothing better and nothing
                    # proved: smaller neighbourhoods, which CP-SAT can settle.
                    budget[kind] = max(per_person, budget[kind] * SHRINK)
                if chosen is None or after is None:
                    continue
                # The sub-model priced its move against the roster it was planned from;
                # the other lane may have changed the cover since.
                delta = after - before
                if flight.counts is not counts:
                    now, then = (cover.change(c, sub.current, chosen) for c in (counts, flight.counts))
                    delta += now - then
                if delta > 0 or (delta == 0 and chosen == sub.current):
                    continue
                pairs = {key for key in pairs if key[0] not in sub.staff} | chosen
                counts = cover.moved(counts, sub.current, chosen)
                objective += delta
                if delta < 0:
                    last_better = time.monotonic()
                    if on_improve is not None:
                        on_improve(pairs, objective)
    return pairs, objective


def _search(
    problem, feasibility, group, scope, pairs, seconds, workers, seed, cancel, patience, searching, deadline, lean=False
):
    """On a lane: build the sub-model of ``group`` (what ``scope`` frees of their duties)
    around the roster ``pairs`` and search it once ``searching`` (a semaphore) lets it,
    until ``deadline`` at the latest, with a lighter presolve if ``lean``. Returns the
    sub-model, the value of its people's current roster, ``SubSolve.search``'s answer and
    the search's wall seconds; None when a current pair has no variable or no time is left
    (the people are left alone)."""
    narrowed = feasibility
    if not scope.everything:
        narrowed = scope_feasibility(feasibility, scope.free_shifts(problem.indexed), group, pairs)
    rules = build_rules(problem, narrowed, staff=group)
    sub = SubSolve(problem, feasibility, group, pairs, rules=rules, scope=scope)
    if not sub.complete:
        return None
    before = sub.value(sub.current)
    with searching:
        t0 = time.monotonic()
        seconds = min(seconds, deadline - t0)
        if seconds < MIN_SECONDS or (cancel is not None and cancel.is_set()):
            return None
        chosen, after, optimal = sub.search(seconds, workers, seed, cancel, True, patience, improve=True, lean=lean)
    return sub, before, chosen, after, optimal, time.monotonic() - t0


@dataclass(frozen=True)
class _Flight:
    """A sub-solve in flight: its neighbourhood kind, people, time limit, and the cover
    counts of the roster it was planned from."""

    kind: str
    staff: set[int]
    seconds: float
    counts: np.ndarray


def scope_feasibility(feasibility: Feasibility, free_shift: np.ndarray, group, pairs) -> Feasibility:
    """``feasibility`` narrowed to ``group`` for a sub-model of a ``Scope`` (a day window
    or one shift category): each person may fill the shifts ``free_shift`` marks (per
    shift, from ``Scope.free_shifts``) and, outside them, only their duties in ``pairs``
    (which the sub-model fixes anyway). The same sub-model with far fewer variables to
    build: on a 364-day horizon, about 7/364 of a person's options plus their duties."""
    slices = [np.arange(*feasibility.eligible_range(s), dtype=np.int64) for s in sorted(set(group))]
    rows = np.concatenate(slices) if slices else np.zeros(0, np.int64)
    staff, reqs, shifts = feasibility.elig_staff[rows], feasibility.elig_req[rows], feasibility.elig_shift[rows]
    keep = free_shift[shifts]
    members = set(group)
    width = int(reqs.max()) + 1 if len(reqs) else 1
    duties = np.array([s * width + k for s, k in pairs if s in members and k < width], dtype=np.int64)
    keep |= np.isin(staff.astype(np.int64) * width + reqs, duties)
    fatigue = feasibility.elig_fatigue
    return replace(
        feasibility, elig_staff=staff[keep], elig_req=reqs[keep], elig_shift=shifts[keep],
        elig_fatigue=None if fatigue is None else fatigue[rows][keep],
    )  # fmt: skip


class _Pace:
    """The time limit of a sub-solve: ``SUB_SECONDS``, doubled (up to ``MAX_SUB_SECONDS``)
    after each ``STALL_SOLVES`` sub-solves in a row without a better roster. With more
    time the neighbourhoods grow too (see the budget in ``improve``), so a search stuck
    in a local optimum of small neighbourhoods goes on with larger ones."""

    def __init__(self):
        self.seconds = SUB_SECONDS
        self.stalled = 0  # sub-solves since the last better roster, or the last doubling

    def record(self, better: bool) -> None:
        self.stalled = 0 if better else self.stalled + 1
        if self.stalled >= STALL_SOLVES and self.seconds < MAX_SUB_SECONDS:
            self.seconds = min(MAX_SUB_SECONDS, 2 * self.seconds)
            self.stalled = 0


class _Cover:
    """Which requirements a roster leaves short, who may fill each, who has minutes to spare,
    and whether cover is tight (everyone's maximum minutes barely cover the demand)."""

    def __init__(self, problem: Problem, feasibility: Feasibility):
        data = problem.indexed
        self.minimum, self.weight_under = cover_minimum(problem)
        self.maximum = np.array(data.req_max, dtype=np.int64)  # negative: no maximum
        self.weight_over = np.array(data.req_weight_over, dtype=np.int64)
        order = np.argsort(feasibility.elig_req, kind="stable")
        self.staff_sorted = feasibility.elig_staff[order]
        self.starts = np.searchsorted(feasibility.elig_req[order], np.arange(data.n_requirements + 1))
        shift = np.array(data.req_shift, dtype=np.int64)
        self.minutes = (np.array(data.shift_end, dtype=np.int64) - np.array(data.shift_start, dtype=np.int64))[shift]
        limits = [r.max_total_minutes for r in data.rules]
        self.max_minutes = np.array([-1 if m is None else m for m in limits], dtype=np.int64)
        demand = int((self.minimum * self.minutes).sum())  # shift minutes the cover asks for
        everyone = bool(limits) and bool((self.max_minutes >= 0).all())
        self.tight = everyone and int(self.max_minutes.sum()) <= TIGHT * demand
        self.around_short = AROUND_SHORT_TIGHT if self.tight else AROUND_SHORT  # windows placed around short cover

    def short(self, pairs) -> list[int]:
        return np.flatnonzero(self.counts(pairs) < self.minimum).tolist()

    def counts(self, pairs) -> np.ndarray:
        """People per flat requirement in ``pairs``."""
        return counts_without(len(self.minimum), pairs, set())

    def moved(self, counts: np.ndarray, removed, added) -> np.ndarray:
        """``counts`` once the pairs ``removed`` leave the roster and ``added`` join (a copy)."""
        out = counts.copy()
        np.subtract.at(out, np.fromiter((k for _, k in removed), dtype=np.int64), 1)
        np.add.at(out, np.fromiter((k for _, k in added), dtype=np.int64), 1)
        return out

    def change(self, counts: np.ndarray, removed, added) -> int:
        """How much S1 + S2 (the cover terms, the only ones that couple people) change
        when ``removed`` leave a roster of ``counts`` and ``added`` join."""
        ks = np.unique(np.fromiter((k for _, k in (*removed, *added)), dtype=np.int64))
        return self._cost(self.moved(counts, removed, added), ks) - self._cost(counts, ks)

    def _cost(self, counts: np.ndarray, ks: np.ndarray) -> int:
        c, hi = counts[ks], self.maximum[ks]
        under = np.maximum(self.minimum[ks] - c, 0) * self.weight_under[ks]
        over = np.where(hi >= 0, np.maximum(c - hi, 0), 0) * self.weight_over[ks]
        return int(under.sum() + over.sum())

    def headroom(self, pairs) -> np.ndarray:
        """Per person: shift minutes left under their maximum (H10) in ``pairs``; 0 without one."""
        worked = np.zeros(len(self.max_minutes), dtype=np.int64)
        if pairs:
            staff, reqs = np.array(list(pairs), dtype=np.int64).T
            np.add.at(worked, staff, self.minutes[reqs])
        return np.where(self.max_minutes >= 0, np.maximum(self.max_minutes - worked, 0), 0)

    def able(self, k: int) -> list[int]:
        return self.staff_sorted[self.starts[k] : self.starts[k + 1]].tolist()


def _neighbourhood(
    kind: str, data, cover: _Cover, pairs, movable: list[int], budget: float, per_person: float, rng: random.Random
):
    """People to re-solve and the ``Scope`` of their duties that may change, about
    ``budget`` decision variables: random people; a random person and those who work
    most of that person's days; or a window of days, with as many random people as fit."""
    if kind == "window":
        per_day = per_person / data.n_days
        length = min(data.n_days, rng.choice(WINDOW_DAYS))
        people = int(budget / (per_day * length))
        if people >= len(movable):  # everyone fits: a longer window
            people = len(movable)
            length = min(data.n_days, max(length, int(budget / (per_day * people))))
        people = _capped_people(data, people, length, budget, per_person, len(movable))
        short = cover.short(pairs) if rng.random() < cover.around_short else []
        if not short:
            first = rng.randrange(data.n_days - length + 1)
            return rng.sample(movable, people), Scope(days=frozenset(range(first, first + length)))
        # Around a short requirement, with people who may fill it first.
        k = rng.choice(short)
        day = data.shift_day[data.req_shift[k]]
        first = min(max(0, day - rng.randrange(length)), data.n_days - length)
        group = _fillers(cover, pairs, movable, k, people, rng)
        return group, Scope(days=frozenset(range(first, first + length)))
    size = max(1, int(budget / per_person))
    if size >= len(movable):
        return list(movable), Scope()
    if kind == "random":
        return rng.sample(movable, size), Scope()
    seed_person = rng.choice(movable)
    days = {data.shift_day[data.req_shift[k]] for s, k in pairs if s == seed_person}
    if not days:
        return rng.sample(movable, size), Scope()
    # Rank the others by how many of their duties fall on the seed person's working days:
    # they are the ones who can swap duties with them.
    overlap: dict[int, int] = {}
    for s, k in pairs:
        if s != seed_person and data.shift_day[data.req_shift[k]] in days:
            overlap[s] = overlap.get(s, 0) + 1
    ranked = sorted((s for s in movable if s != seed_person), key=lambda s: (-overlap.get(s, 0), rng.random()))
    return [seed_person, *ranked[: size - 1]], Scope()


def _capped_people(data, people: int, days: int, budget: float, per_person: float, movable: int) -> int:
    """``people`` for a scope of ``days`` days, at least 2 and at most ``movable``: a
    person's scoped rules cost about their options on those days plus a variable a day
    for the rest of the horizon (``scope_feasibility``), so the building is capped."""
    cost = per_person / data.n_days * days + data.n_days
    return min(movable, max(2, min(people, int(WINDOW_BUILD * budget / cost))))


def weekend_days(problem: Problem) -> frozenset[int] | None:
    """The days a "weekends" neighbourhood frees: every weekend day and ``WEEKEND_REACH``
    days either side (Friday to Monday), where someone has a maximum of weekends worked
    (H10) and the horizon holds two weekends or more; else None."""
    data = problem.indexed
    if data.n_weekends < 2 or all(r.max_weekends is None for r in data.rules):
        return None
    days = set()
    for day, weekend in enumerate(data.weekend_of_day):
        if weekend >= 0:
            days.update(range(max(0, day - WEEKEND_REACH), min(data.n_days, day + WEEKEND_REACH + 1)))
    return frozenset(days)


def _weekend_neighbourhood(
    data, cover: _Cover, pairs, movable: list[int], budget: float, per_person: float, days, rng: random.Random
):
    """People whose duties on ``days`` (``weekend_days``) may change, about ``budget``
    decision variables: around a requirement left short on a weekend, with people who may
    fill it first (``_fillers``); random people when no weekend is short. A person with a
    maximum of weekends who works one day of a weekend spends a whole weekend of it:
    freeing every weekend at once lets them complete it, or move that day to a weekend
    they work the other day of."""
    per_day = per_person / data.n_days
    people = _capped_people(data, int(budget / (per_day * len(days))), len(days), budget, per_person, len(movable))
    short = [k for k in cover.short(pairs) if data.weekend_of_day[data.shift_day[data.req_shift[k]]] >= 0]
    if short:
        group = _fillers(cover, pairs, movable, rng.choice(short), people, rng)
    else:
        group = rng.sample(movable, people)
    return group, Scope(days=days)


def _options_by_category(data, feasibility: Feasibility) -> np.ndarray:
    """Per person and shift category, how many options they have (eligible pairs)."""
    out = np.zeros((data.n_staff, max(1, len(data.categories))), dtype=np.int64)
    category = np.asarray(data.shift_category, dtype=np.int64)[feasibility.elig_shift]
    np.add.at(out, (feasibility.elig_staff.astype(np.int64), category), 1)
    return out


def _category_neighbourhood(
    data, cover: _Cover, pairs, movable: list[int], budget: float, by_category: np.ndarray, rng: random.Random
):
    """People who may work one shift category, re-solving only their duties of that
    category over the whole horizon (the rest fixed), about ``budget`` decision variables.
    The category is that of a requirement left short, with people who may fill it first
    (``_fillers``), as often as windows are placed around short cover; else a random one.
    Far cheaper than a person's whole horizon where people have thousands of options."""
    short = cover.short(pairs) if rng.random() < cover.around_short else []
    if short:
        k = rng.choice(short)
        category = data.shift_category[data.req_shift[k]]
        order = _fillers(cover, pairs, movable, k, len(movable), rng)
    else:
        present = np.flatnonzero(by_category[movable].sum(axis=0))
        category = int(rng.choice(present.tolist())) if len(present) else 0
        order = rng.sample(movable, len(movable))
    order = [s for s in order if by_category[s, category] > 0] or order[:1]
    # Decisions: the category's options; building: those plus about a variable a day (``WINDOW_BUILD``).
    group, decisions, cost = [], 0, 0
    for s in order:
        options = int(by_category[s, category])
        decisions, cost = decisions + options, cost + options + data.n_days
        if len(group) >= 2 and (decisions > budget or cost > WINDOW_BUILD * budget):
            break
        group.append(s)
    return group, Scope(category=int(category))


def _fillers(cover: _Cover, pairs, movable: list[int], k: int, people: int, rng: random.Random) -> list[int]:
    """``people`` people to re-solve around the short requirement ``k``: those who may fill
    it, in turn with those under their maximum minutes (who can take over what the others
    drop to fill it), then random ones."""
    allowed = set(movable)
    able = [s for s in cover.able(k) if s in allowed]
    rng.shuffle(able)
    room = cover.headroom(pairs)
    taken = set(able)
    spare = [s for s in movable if room[s] > 0 and s not in taken]
    rng.shuffle(spare)
    mixed = [s for pair in zip(able, spare) for s in pair]
    group = (mixed + able[len(spare) :] + spare[len(able) :])[:people]
    if len(group) < people:
        taken = set(group)
        group += rng.sample([s for s in movable if s not in taken], min(people - len(group), len(movable) - len(taken)))
    return group
