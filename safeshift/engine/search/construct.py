"""A first roster fast: people in small groups, one group after another.

Each group is a CP-SAT sub-model (``submodel``) with the groups placed before fixed, so
the cover terms see what is already covered. The hard rules are per person, so a roster
exists for a group whenever one exists for each of its people on their own; the result
is valid. The people with the fewest options go first.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from ..feasibility import Feasibility
from ..model import Problem
from .submodel import SubSolve

TARGET_VARIABLES = 2000  # decision variables per group: small enough to solve in well under a second
GROUP_SECONDS = 1.0  # at most this per group once it has a roster: improving is LNS's job
PATIENCE_SECONDS = 0.1  # and stop a group's search this long after its last better roster


def staff_groups(feasibility: Feasibility, n_staff: int, target: int = TARGET_VARIABLES) -> list[list[int]]:
    """Groups of staff indices of about ``target`` eligible pairs, fewest options first."""
    options = np.bincount(feasibility.elig_staff.astype(np.int64), minlength=n_staff)
    order = sorted(range(n_staff), key=lambda s: (int(options[s]), s))
    groups, current, size = [], [], 0
    for s in order:
        if current and size + options[s] > target:
            groups.append(current)
            current, size = [], 0
        current.append(s)
        size += int(options[s])
    if current:
        groups.append(current)
    return groups


def construct(
    problem: Problem,
    feasibility: Feasibility,
    deadline: float,
    cancel: threading.Event | None = None,
    workers: int = 1,
    seed: int = 0,
) -> set[tuple[int, int]] | None:
    """A valid roster as ``(staff, flat requirement)`` pairs (pins included), or None when
    a group found none before ``deadline`` (or ``cancel``)."""
    groups = staff_groups(feasibility, problem.indexed.n_staff)
    pairs: set[tuple[int, int]] = set()
    for n, group in enumerate(groups):
        if cancel is not None and cancel.is_set():
            return None
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sub = SubSolve(problem, feasibility, group, pairs)
        # An even share of the time left; a group without a roster then gets all of it.
        seconds = min(left / (len(groups) - n), GROUP_SECONDS)
        chosen, _, _ = sub.search(seconds, workers, seed, cancel, hint=False, patience=PATIENCE_SECONDS)
        if chosen is None and deadline - time.monotonic() > 0:
            chosen, _, _ = sub.search(deadline - time.monotonic(), workers, seed, cancel, False, PATIENCE_SECONDS)
        if chosen is None:
            return None
        pairs = {key for key in pairs if key[0] not in sub.staff} | chosen
    return pairs
