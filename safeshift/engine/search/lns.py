"""Large-neighbourhood search over staff subsets: re-solve a few people with everyone else
fixed (``submodel``), keep the result when the objective drops.

Neighbourhoods, in turn: random people, or a random person and those working most of
their days (who can swap duties with them). Their size adapts: it grows while
sub-models are solved to optimality quickly and shrinks when they time out. Only for objectives a
sub-model computes exactly up to a constant (``objective_is_separable``), so every
accepted move lowers the full objective by the same amount.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import numpy as np

from ..feasibility import Feasibility
from ..model import Problem
from .submodel import SubSolve

SUB_SECONDS = 1.0  # time limit of one sub-solve (less when the deadline is near)
MIN_SECONDS = 0.2  # stop when less than this is left
PATIENCE_SECONDS = 0.3  # stop a sub-solve this long after its last better roster
START_VARIABLES = 1500  # decision variables of the first neighbourhoods
GROW, SHRINK = 1.2, 0.8  # neighbourhood size factors after a quick optimum / a time-out


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
    per_person = max(1, int(np.mean(options[movable])))
    size = float(max(1, min(len(movable), START_VARIABLES // per_person)))
    iteration = 0
    while not (cancel is not None and cancel.is_set()):
        left = deadline - time.monotonic()
        if left < MIN_SECONDS:
            break
        iteration += 1
        group = _neighbourhood(problem, pairs, movable, int(size), rng, iteration)
        sub = SubSolve(problem, feasibility, group, pairs)
        if not sub.complete:  # a current pair without a variable: leave these people alone
            continue
        before = sub.value(sub.current)
        seconds = min(SUB_SECONDS, deadline - time.monotonic())
        t0 = time.monotonic()
        chosen, after, optimal = sub.search(seconds, workers, rng.randrange(1 << 30), cancel, True, PATIENCE_SECONDS)
        took = time.monotonic() - t0
        if optimal and took < 0.5 * SUB_SECONDS:
            size = min(float(len(movable)), max(size * GROW, size + 1))
        elif not optimal and took >= 0.9 * seconds:
            size = max(1.0, size * SHRINK)
        if chosen is None or after is None or after >= before:
            continue
        pairs = {key for key in pairs if key[0] not in sub.staff} | chosen
        objective -= before - after
        if on_improve is not None:
            on_improve(pairs, objective)
    return pairs, objective


def _neighbourhood(problem: Problem, pairs, movable: list[int], size: int, rng: random.Random, iteration: int):
    """People to re-solve: every other time random, else a random person and those who
    work most of that person's days."""
    if size >= len(movable):
        return list(movable)
    if iteration % 2 == 1:
        return rng.sample(movable, size)
    seed_person = rng.choice(movable)
    data = problem.indexed
    days = {data.shift_day[data.req_shift[k]] for s, k in pairs if s == seed_person}
    if not days:
        return rng.sample(movable, size)
    # Rank the others by how many of their duties fall on the seed person's working days:
    # they are the ones who can swap duties with them.
    overlap: dict[int, int] = {}
    for s, k in pairs:
        if s != seed_person and data.shift_day[data.req_shift[k]] in days:
            overlap[s] = overlap.get(s, 0) + 1
    ranked = sorted((s for s in movable if s != seed_person), key=lambda s: (-overlap.get(s, 0), rng.random()))
    return [seed_person, *ranked[: size - 1]]
