"""A first roster fast: people in small groups, one group after another.

Each group is a CP-SAT sub-model (``submodel``) with the groups placed before fixed, so
the cover terms see what is already covered. The hard rules are per person, so a roster
exists for a group whenever one exists for each of its people on their own; the result
is valid. The people with the fewest options go first. Each group's search is hinted to
fill, person by person and day by day, the requirements the groups before left short
(``cover_hint``): its first roster comes out with far less shortfall (Curtois 21, 22
and 24 built in the same time: 61,000 / 171,500 / 613,600 instead of 83,000 / 188,700 /
851,000). A group searches with several workers while the construction keeps to its
schedule, with one (``behind_schedule``) when it falls behind.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from ortools.sat.python import cp_model

from ..cpsat import build_rules
from ..feasibility import Feasibility
from ..model import Problem
from .submodel import SubSolve, cover_minimum

TARGET_VARIABLES = 2000  # decision variables per group: small enough to solve in well under a second
GROUP_SECONDS = 1.0  # at most this per group once it has a roster: improving is LNS's job
PATIENCE_SECONDS = 0.1  # and stop a group's search this long after its last better roster
RELAXED_SHARE_SECONDS = 0.5  # with a smaller share per group, stop at each first roster
SLACK = 0.7  # a group searches at most this part of its share: the rest absorbs overheads
PACE_GROUPS = 8  # behind schedule: the last this many groups searched in full took
PACE_MARGIN = 0.8  # longer on average than this part of the time left per group
# A group without a roster after its attempt's limit restarts with another seed, the
# limit doubled each time (``group_attempts``): a first roster's time has a heavy tail
# over seeds (one person of Curtois 22: 0.6-5 s over 10 seeds of the same sub-model;
# in 4 constructions of 22, groups of 0.3-0.6 s typically and one of 9.4 s).
RESTART_TYPICAL = 4  # the first attempt's limit: this many times a typical group's time
RESTART_MIN_SECONDS = 1.0  # (the median of the last PACE_GROUPS, else the time left per group), at least this


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
    minimum, weight = cover_minimum(problem)
    # The next group's rules are built on a second thread while CP-SAT (which releases the
    # GIL) searches the current one: they do not depend on the people placed before.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="safeshift-build") as builder:
        ahead = builder.submit(build_rules, problem, feasibility, staff=groups[0]) if groups else None
        pairs: set[tuple[int, int]] = set()
        full: list[float] = []  # wall seconds of each group searched with FAST_START
        for n, group in enumerate(groups):
            if cancel is not None and cancel.is_set():
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            started = time.monotonic()
            sub = SubSolve(problem, feasibility, group, pairs, ahead.result())
            if n + 1 < len(groups):
                ahead = builder.submit(build_rules, problem, feasibility, staff=groups[n + 1])
            # An even share of the time left, building included; past it a group stops at
            # its first roster (at once when behind schedule), which may take longer.
            per_group = left / (len(groups) - n)
            share = min(per_group, GROUP_SECONDS)
            patience = PATIENCE_SECONDS if share >= RELAXED_SHARE_SECONDS else 0.0
            soft = max(SLACK * share - (time.monotonic() - started), 0.0)
            light = behind_schedule(full, per_group)
            start = cover_hint(sub, minimum - sub.filled, weight)
            chosen = None
            for attempt, limit in enumerate(group_attempts(full[-PACE_GROUPS:], per_group)):
                left = deadline - time.monotonic()
                if left <= 0 or (cancel is not None and cancel.is_set()):
                    return None
                chosen, _, _ = sub.search(min(limit, left), workers, seed + attempt, cancel, True, patience,
                                          fast_start=True, soft_seconds=soft, start=start, light=light)  # fmt: skip
                if chosen is not None:
                    break
                if sub.status == cp_model.INFEASIBLE:  # proved: no seed will do
                    return None
            if not light:
                full.append(time.monotonic() - started)
            pairs |= chosen  # the group's people had no pairs before
    return pairs


def group_attempts(recent: list[float], per_group: float):
    """Time limits of a group's successive searches for a roster (each with its own
    seed): ``RESTART_TYPICAL`` times the median of ``recent`` (the wall seconds of the
    last groups; ``per_group`` until there are ``PACE_GROUPS`` of them), at least
    ``RESTART_MIN_SECONDS``, doubled for each restart; the caller caps them at its deadline."""
    typical = float(np.median(recent)) if len(recent) >= PACE_GROUPS else per_group
    limit = max(RESTART_MIN_SECONDS, RESTART_TYPICAL * typical)
    while True:
        yield limit
        limit *= 2


def behind_schedule(full: list[float], per_group: float) -> bool:
    """Whether the last ``PACE_GROUPS`` groups searched in full took longer on average
    than ``PACE_MARGIN`` of ``per_group``, the time left per group (not capped at
    ``GROUP_SECONDS``: a group on schedule may use its whole share). Then the next group is
    searched with one worker and no presolve (``submodel.LIGHT_START``): cheaper, but it
    leaves more cover short. Curtois 24 (150 one-person groups, 55 s on 2 cores): with 4
    workers for every group the construction missed its deadline in 6 of 9 runs;
    switching while behind, it was done in 49.7-52.5 s in 4 runs out of 4, and 4 whole
    60 s solves had their first roster at 51.6-52.6 s."""
    recent = full[-PACE_GROUPS:]
    return len(recent) == PACE_GROUPS and sum(recent) / PACE_GROUPS > PACE_MARGIN * per_group


def cover_hint(sub: SubSolve, short: np.ndarray, weight: np.ndarray) -> set[tuple[int, int]]:
    """A roster for ``sub``'s people that fills the cover first: person by person, day by
    day, the requirement with the highest shortfall weight among those still short
    (``short[k]`` people missing, less the ones picked before), and the pins. It may break
    hard rules: it is only a hint, CP-SAT repairs it."""
    data, v = sub.problem.indexed, sub.built.variables
    short = short.copy()
    options: dict[tuple[int, int], list[int]] = defaultdict(list)
    for s, k in v.x:
        options[s, data.shift_day[data.req_shift[k]]].append(k)
    picked = set(v.pinned)
    for (s, _), ks in sorted(options.items()):
        best = max(ks, key=lambda k: (weight[k] if short[k] > 0 else 0, short[k]))
        if short[best] > 0 and weight[best] > 0:
            picked.add((s, best))
            short[best] -= 1
    return picked
