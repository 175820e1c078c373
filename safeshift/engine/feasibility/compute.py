"""The public entry points: compute the feasibility of a problem, and warm the kernels up."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from ..model import CompetencyGrant, Interval, Location, Problem, Requirement, Shift, Staff, TravelSettings
from . import kernels
from .arrays import to_arrays
from .feasibility import Feasibility
from .reference import reference_feasibility


def fatigue_staff(problem: Problem) -> list[bool]:
    """Per staff member: whether S7 can matter for them (a hard threshold, or a soft one
    with ``weights.fatigue > 0``), so their planning fatigue scores are needed."""
    soft = problem.weights.fatigue > 0
    return [
        r.fatigue_hard_threshold is not None or (soft and r.fatigue_soft_threshold is not None)
        for r in problem.indexed.rules
    ]


def compute_feasibility(problem: Problem, *, use_reference: bool = False) -> Feasibility:
    """Eligible (staff, requirement) pairs and per-staff conflicting shift pairs (H3, H4, H8).

    Eligibility also drops shifts that clash with a duty worked before the horizon (H3, H4,
    H8) and shifts whose planning fatigue score is above the person's S7 hard threshold.
    ``use_reference`` runs the plain-Python reference instead of the kernels (slow).
    """
    if use_reference:
        return reference_feasibility(problem)
    ar = to_arrays(problem)
    elig = kernels.eligibility_kernel(
        ar.shift_start, ar.shift_end, ar.shift_loc, ar.shift_cat, ar.req_offset, ar.req_comp_offset, ar.req_comp,
        ar.travel, ar.staff_home, ar.max_shift, ar.max_d2d, ar.cat_zero,
        ar.grant_offset, ar.grant_comp, ar.grant_from, ar.grant_until,
        ar.unav_offset, ar.unav_start, ar.unav_end, ar.avail_offset, ar.avail_start, ar.avail_end,
    )  # fmt: skip
    if len(ar.hist_start):
        keep = kernels.history_kernel(
            np.ascontiguousarray(elig[:, 0]), ar.req_shift[elig[:, 1]], ar.shift_start, ar.shift_loc,
            ar.shift_night, ar.travel, ar.staff_home, ar.min_rest, ar.nights_rest,
            ar.hist_offset, ar.hist_end, ar.hist_loc, ar.hist_night,
        )  # fmt: skip
        elig = elig[keep]
    elig, fatigue = _fatigue(problem, elig, ar.req_shift)
    elig_staff = np.ascontiguousarray(elig[:, 0])
    elig_shift = ar.req_shift[elig[:, 1]]
    offset, a, b, rule, rest = kernels.conflict_pairs_kernel(
        elig_staff, elig_shift, len(ar.staff_home),
        ar.shift_start, ar.shift_end, ar.shift_loc, ar.travel, ar.staff_home, ar.min_rest,
        ar.shift_night, ar.nights_rest,
    )  # fmt: skip
    return Feasibility(
        elig_staff=elig_staff.astype(np.int32),
        elig_req=elig[:, 1].astype(np.int32),
        elig_shift=elig_shift.astype(np.int32),
        pair_offset=offset,
        pair_a=a,
        pair_b=b,
        pair_rule=rule,
        pair_rest=rest,
        elig_fatigue=fatigue,
    )


def _fatigue(problem: Problem, elig: np.ndarray, req_shift: np.ndarray):
    """Planning fatigue scores of the eligible rows (-1 where S7 cannot matter; None when it
    matters for nobody), and the rows without those above the person's hard threshold."""
    from ..fatigue.compute import planning_alertness, scores_of  # the fatigue kernels use KERNEL_OPTIONS

    wanted = np.asarray(fatigue_staff(problem), dtype=np.bool_)
    if not wanted.any():
        return elig, None
    if len(elig) == 0:
        return elig, np.empty(0, dtype=np.int32)
    rows = np.flatnonzero(wanted[elig[:, 0]])
    shifts = req_shift[elig[:, 1]]
    pairs = np.unique(np.stack([elig[rows, 0], shifts[rows]], axis=1), axis=0)
    scores = scores_of(planning_alertness(problem, pairs[:, 0], pairs[:, 1]))
    by_pair = {(int(i), int(j)): int(f) for (i, j), f in zip(pairs, scores)}
    fatigue = np.full(len(elig), -1, dtype=np.int64)
    for r in rows.tolist():
        fatigue[r] = by_pair[int(elig[r, 0]), int(shifts[r])]
    hard = np.array(
        [-1 if r.fatigue_hard_threshold is None else r.fatigue_hard_threshold for r in problem.indexed.rules],
        dtype=np.int64,
    )
    limit = hard[elig[:, 0]]
    keep = (limit < 0) | (fatigue <= limit)
    return elig[keep], fatigue[keep].astype(np.int32)


def _tiny_problem() -> Problem:
    """Two places, two staff, three shifts: enough to run every branch of the kernels."""
    t0 = datetime(2026, 1, 5, tzinfo=timezone.utc)
    h = timedelta(hours=1)
    req = (Requirement("r", ("A",)),)
    return Problem(
        locations=(Location("home"), Location("site")),
        travel=TravelSettings(matrix=((0, 30), (30, 0))),
        competency_ids=("A",),
        staff=(
            Staff("s0", home_location_id="home", competencies=(CompetencyGrant("A", t0, t0 + 48 * h),),
                  unavailable=(Interval(t0 + 40 * h, t0 + 44 * h),)),
            Staff("s1", home_location_id="home", competencies=(CompetencyGrant("A"),),
                  availability=(Interval(t0, t0 + 30 * h),)),
        ),
        shifts=(
            Shift("d0", t0 + 8 * h, t0 + 16 * h, "site", "day", req),
            Shift("n0", t0 + 20 * h, t0 + 28 * h, "site", "night", req),
            Shift("d1", t0 + 32 * h, t0 + 40 * h, "site", "day", req),
        ),
    )  # fmt: skip


def warm_up() -> None:
    """Compile every kernel on a tiny problem (call before reporting SERVING), the fatigue
    kernels and the history check included."""
    import dataclasses

    from ..model import HistoricDuty, ObjectiveWeights

    p = _tiny_problem()
    first = p.staff[0]
    history = (HistoricDuty(p.horizon_start - timedelta(hours=10), p.horizon_start - timedelta(hours=2), "site"),)
    p = p.replace(
        staff=(dataclasses.replace(first, history=history), *p.staff[1:]),
        weights=ObjectiveWeights(fatigue=1),
    )
    compute_feasibility(p)
    from ..cpsat.working_time import warm_up_bounds

    warm_up_bounds()
