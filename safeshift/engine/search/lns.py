"""Large-neighbourhood search: re-solve a few people with everyone else fixed
(``submodel``), keep the result unless the objective rises.

Neighbourhoods: random people; a random person and those working most of their days (who
can swap duties with them); a window of 7 or 14 days in which more people may change
their duties, half the time around a requirement left short, with people who may fill it
(horizons of 14 days or more), in turn. The size of each kind, in decision variables,
adapts: it grows when a sub-model is proved optimal quickly without a better roster (that
size is exhausted around the current roster), stays while small sub-models keep
improving (they gain the most per second: on a mid-search roster of Curtois 13, 2-person
sub-models gained 360 a second, 4-person 136, 8-person 90), and shrinks when they time
out or stop, unproved, without a better roster; the time limit of a sub-solve
doubles while none improves (``_Pace``). A day window's rules are built for its days and
the people's duties only (``window_feasibility``). The next neighbourhood's rules are
built while the current one searches.
Moves of equal objective are kept too (they let the search drift off a plateau). Only
for objectives a sub-model computes exactly up to a constant (``objective_is_separable``),
so every accepted move changes the full objective by the same amount.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from ..cpsat import build_rules
from ..feasibility import Feasibility
from ..model import Problem
from .submodel import SubSolve, counts_without, cover_minimum

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
) -> tuple[set[tuple[int, int]], int]:
    """The best roster found from ``pairs`` (of full objective ``objective``) before
    ``deadline``; never worse than the start. ``on_improve(pairs, objective)`` is called
    with each improving roster."""
    rng = random.Random(seed)
    data = problem.indexed
    n_staff = data.n_staff
    options = np.bincount(feasibility.elig_staff.astype(np.int64), minlength=n_staff)
    movable = [s for s in range(n_staff) if options[s] > 0]
    if not movable:
        return pairs, objective
    per_person = max(1.0, float(np.mean(options[movable])))
    kinds = KINDS if data.n_days >= 2 * MIN_WINDOW_DAYS else KINDS[:2]
    cover = _Cover(problem, feasibility)
    shift_day = np.asarray(data.shift_day, dtype=np.int64)
    budget = {kind: float(START_VARIABLES) for kind in kinds}  # decision variables per neighbourhood
    planned = 0
    pace = _Pace()

    def plan(builder):
        """The next neighbourhood, from the current roster, its rules building on ``builder``."""
        nonlocal planned
        kind = kinds[planned % len(kinds)]
        planned += 1
        group, days = _neighbourhood(kind, data, cover, pairs, movable, budget[kind], per_person, rng)
        narrowed = feasibility if days is None else window_feasibility(feasibility, shift_day, group, days, pairs)
        return kind, group, days, builder.submit(build_rules, problem, narrowed, staff=group)

    # The next neighbourhood's rules are built on a second thread while CP-SAT (which
    # releases the GIL) searches the current one. They do not depend on the roster, but a
    # window's narrowed options do: a window whose people's duties moved meanwhile is
    # rebuilt (``sub.complete``).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="safeshift-lns-build") as builder:
        ahead = None
        while not (cancel is not None and cancel.is_set()):
            if deadline - time.monotonic() < MIN_SECONDS:
                break
            kind, group, days, rules = ahead or plan(builder)
            sub = SubSolve(problem, feasibility, group, pairs, rules=rules.result(), days=days)
            if not sub.complete and days is not None:
                narrowed = window_feasibility(feasibility, shift_day, group, days, pairs)
                sub = SubSolve(problem, narrowed, group, pairs, days=days)
            seconds = min(pace.seconds, deadline - time.monotonic())
            # Plan ahead unless this search is the last one.
            ahead = plan(builder) if deadline - time.monotonic() - seconds >= MIN_SECONDS else None
            if not sub.complete:  # a current pair without a variable: leave these people alone
                continue
            before = sub.value(sub.current)
            t0 = time.monotonic()
            chosen, after, optimal = sub.search(
                seconds, workers, rng.randrange(1 << 30), cancel, True, PATIENCE * pace.seconds, improve=True
            )
            took = time.monotonic() - t0
            better = chosen is not None and after is not None and after < before
            pace.record(better)
            if optimal and took < 0.5 * pace.seconds and not better:
                # Settled quickly with nothing better: this size is exhausted here.
                budget[kind] = min(per_person * len(movable), budget[kind] * GROW)
            elif not optimal and (took >= 0.9 * seconds or not better):
                # Out of time, or stopped by patience with nothing better and nothing
                # proved: smaller neighbourhoods, which CP-SAT can settle.
                budget[kind] = max(per_person, budget[kind] * SHRINK)
            if not (chosen is None or after is None or after > before or (after == before and chosen == sub.current)):
                pairs = {key for key in pairs if key[0] not in sub.staff} | chosen
                objective -= before - after
                if on_improve is not None and after < before:
                    on_improve(pairs, objective)
    return pairs, objective


def window_feasibility(
    feasibility: Feasibility, shift_day: np.ndarray, group, days: set[int], pairs
) -> Feasibility:
    """``feasibility`` narrowed to ``group`` for a day-window sub-model: each person may
    fill what starts on ``days`` and, outside them, only their duties in ``pairs`` (which
    the sub-model fixes anyway). The same sub-model with far fewer variables to build:
    on a 364-day horizon, about 7/364 of a person's options plus their duties."""
    slices = [np.arange(*feasibility.eligible_range(s), dtype=np.int64) for s in sorted(set(group))]
    rows = np.concatenate(slices) if slices else np.zeros(0, np.int64)
    staff, reqs, shifts = feasibility.elig_staff[rows], feasibility.elig_req[rows], feasibility.elig_shift[rows]
    keep = np.isin(shift_day[shifts], np.fromiter(days, dtype=np.int64, count=len(days)))
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
    """Which requirements a roster leaves short, and who may fill each."""

    def __init__(self, problem: Problem, feasibility: Feasibility):
        data = problem.indexed
        self.minimum, _ = cover_minimum(problem)
        order = np.argsort(feasibility.elig_req, kind="stable")
        self.staff_sorted = feasibility.elig_staff[order]
        self.starts = np.searchsorted(feasibility.elig_req[order], np.arange(data.n_requirements + 1))

    def short(self, pairs) -> list[int]:
        counts = counts_without(len(self.minimum), pairs, set())
        return np.flatnonzero(counts < self.minimum).tolist()

    def able(self, k: int) -> list[int]:
        return self.staff_sorted[self.starts[k] : self.starts[k + 1]].tolist()


def _neighbourhood(
    kind: str, data, cover: _Cover, pairs, movable: list[int], budget: float, per_person: float, rng: random.Random
):
    """People to re-solve and the days they may change (None: all), about ``budget``
    decision variables: random people; a random person and those who work most of that
    person's days; or a window of days, with as many random people as fit."""
    if kind == "window":
        per_day = per_person / data.n_days
        length = min(data.n_days, rng.choice(WINDOW_DAYS))
        people = int(budget / (per_day * length))
        if people >= len(movable):  # everyone fits: a longer window
            people = len(movable)
            length = min(data.n_days, max(length, int(budget / (per_day * people))))
        # A person's window rules cost about their options in the window plus a variable a
        # day for the rest of the horizon (``window_feasibility``): cap the building.
        cost = per_day * length + data.n_days
        people = min(len(movable), max(2, min(people, int(WINDOW_BUILD * budget / cost))))
        short = cover.short(pairs) if rng.random() < AROUND_SHORT else []
        if not short:
            first = rng.randrange(data.n_days - length + 1)
            return rng.sample(movable, people), set(range(first, first + length))
        # Around a short requirement, with people who may fill it first.
        k = rng.choice(short)
        day = data.shift_day[data.req_shift[k]]
        first = min(max(0, day - rng.randrange(length)), data.n_days - length)
        able = cover.able(k)
        rng.shuffle(able)
        group = able[:people]
        if len(group) < people:
            taken = set(group)
            group += rng.sample([s for s in movable if s not in taken], min(people - len(group), len(movable) - len(taken)))
        return group, set(range(first, first + length))
    size = max(1, int(budget / per_person))
    if size >= len(movable):
        return list(movable), None
    if kind == "random":
        return rng.sample(movable, size), None
    seed_person = rng.choice(movable)
    days = {data.shift_day[data.req_shift[k]] for s, k in pairs if s == seed_person}
    if not days:
        return rng.sample(movable, size), None
    # Rank the others by how many of their duties fall on the seed person's working days:
    # they are the ones who can swap duties with them.
    overlap: dict[int, int] = {}
    for s, k in pairs:
        if s != seed_person and data.shift_day[data.req_shift[k]] in days:
            overlap[s] = overlap.get(s, 0) + 1
    ranked = sorted((s for s in movable if s != seed_person), key=lambda s: (-overlap.get(s, 0), rng.random()))
    return [seed_person, *ranked[: size - 1]], None
