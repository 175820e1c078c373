"""The public entry points: compute the feasibility of a problem, and warm the kernels up."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from ..model import CompetencyGrant, Interval, Location, Problem, Requirement, Shift, Staff, TravelSettings
from . import kernels
from .arrays import to_arrays
from .feasibility import Feasibility
from .reference import reference_feasibility


def compute_feasibility(problem: Problem, *, use_reference: bool = False) -> Feasibility:
    """Eligible (staff, requirement) pairs and per-staff conflicting shift pairs (H3, H4).

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
    elig_staff = np.ascontiguousarray(elig[:, 0])
    elig_shift = ar.req_shift[elig[:, 1]]
    offset, a, b, rule, rest = kernels.conflicts_kernel(
        elig_staff, elig_shift, len(ar.staff_home),
        ar.shift_start, ar.shift_end, ar.shift_loc, ar.travel, ar.staff_home, ar.min_rest,
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
    )


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
    """Compile every kernel on a tiny problem (call before reporting SERVING)."""
    compute_feasibility(_tiny_problem())
