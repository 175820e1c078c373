"""Domain data as flat numpy arrays for the kernels (int64; CSR for per-item lists).

Minutes are real minutes since the horizon start (``IndexedProblem``). Grant and
availability bounds are rounded inward (start ceiled, end floored), unavailability
outward (start floored, end ceiled). Open ends become -OPEN / +OPEN. A rule left unset
is -1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Problem
from ..model.timeutil import minutes_between

OPEN = 2**62
UNSET = -1


@dataclass(frozen=True)
class FeasibilityArrays:
    # shifts and flat requirements
    shift_start: np.ndarray
    shift_end: np.ndarray
    shift_loc: np.ndarray  # -1: none
    shift_cat: np.ndarray
    req_offset: np.ndarray  # requirements of shift j: req_offset[j] .. req_offset[j+1]-1
    req_shift: np.ndarray
    req_comp_offset: np.ndarray  # CSR over flat requirements
    req_comp: np.ndarray
    travel: np.ndarray  # [n_loc, n_loc]
    # staff
    staff_home: np.ndarray  # -1: none
    max_shift: np.ndarray  # UNSET: off
    max_d2d: np.ndarray
    min_rest: np.ndarray
    cat_zero: np.ndarray  # bool [n_staff, n_categories]: category_max == 0
    grant_offset: np.ndarray  # CSR over staff
    grant_comp: np.ndarray
    grant_from: np.ndarray
    grant_until: np.ndarray
    unav_offset: np.ndarray
    unav_start: np.ndarray
    unav_end: np.ndarray
    avail_offset: np.ndarray
    avail_start: np.ndarray
    avail_end: np.ndarray
    # H8 and duties worked before the horizon (H3, H4, H8 against history)
    shift_night: np.ndarray | None = None  # bool [n_shifts]
    nights_rest: np.ndarray | None = None  # min_rest_after_nights_minutes; UNSET: off
    hist_offset: np.ndarray | None = None  # CSR over staff
    hist_start: np.ndarray | None = None
    hist_end: np.ndarray | None = None
    hist_loc: np.ndarray | None = None
    hist_night: np.ndarray | None = None


def _i64(values) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.int64).reshape(-1))


def _csr(rows) -> tuple[np.ndarray, list]:
    """Offsets of a list of lists, and the flattened items."""
    offset = np.zeros(len(rows) + 1, dtype=np.int64)
    offset[1:] = np.cumsum([len(r) for r in rows], dtype=np.int64)
    return offset, [x for r in rows for x in r]


def _minute(origin, t, round_up: bool, open_value: int) -> int:
    return open_value if t is None else minutes_between(origin, t, round_up=round_up)


def _opt(value) -> int:
    return UNSET if value is None else int(value)


def to_arrays(problem: Problem) -> FeasibilityArrays:
    """Convert ``problem`` to the kernels' arrays."""
    ix = problem.indexed
    origin = problem.horizon_start
    comp = ix.competency_index
    req_comps = [[comp[c] for c in r.competency_ids] for s in problem.shifts for r in s.requirements]
    rc_offset, rc = _csr(req_comps)
    n_loc = len(problem.locations)
    travel = np.zeros((n_loc, n_loc), dtype=np.int64)
    if n_loc:
        travel[:, :] = np.asarray(ix.travel, dtype=np.int64).reshape(n_loc, n_loc)

    def grant(g):  # rounded inward
        lo, hi = _minute(origin, g.valid_from, True, -OPEN), _minute(origin, g.valid_until, False, OPEN)
        return comp[g.competency_id], lo, hi

    def unavailable(v):  # rounded outward
        return _minute(origin, v.start, False, -OPEN), _minute(origin, v.end, True, OPEN)

    def window(v):  # rounded inward
        return _minute(origin, v.start, True, -OPEN), _minute(origin, v.end, False, OPEN)

    grants = [[grant(g) for g in s.competencies] for s in problem.staff]
    unav = [[unavailable(v) for v in s.unavailable] for s in problem.staff]
    avail = [[window(v) for v in s.availability] for s in problem.staff]
    g_offset, g = _csr(grants)
    u_offset, u = _csr(unav)
    a_offset, a = _csr(avail)
    g = np.asarray(g, dtype=np.int64).reshape(-1, 3)
    u = np.asarray(u, dtype=np.int64).reshape(-1, 2)
    a = np.asarray(a, dtype=np.int64).reshape(-1, 2)

    h_offset, hist = _csr(ix.history)
    cat_zero = np.zeros((ix.n_staff, len(ix.categories)), dtype=np.bool_)
    for i, rules in enumerate(ix.rules):
        for c, name in enumerate(ix.categories):
            cat_zero[i, c] = rules.category_max.get(name) == 0

    return FeasibilityArrays(
        shift_start=_i64(ix.shift_start),
        shift_end=_i64(ix.shift_end),
        shift_loc=_i64(ix.shift_location),
        shift_cat=_i64(ix.shift_category),
        req_offset=_i64(ix.req_offset),
        req_shift=_i64(ix.req_shift),
        req_comp_offset=rc_offset,
        req_comp=_i64(rc),
        travel=travel,
        staff_home=_i64(ix.staff_home),
        max_shift=_i64([_opt(r.max_shift_minutes) for r in ix.rules]),
        max_d2d=_i64([_opt(r.max_door_to_door_minutes) for r in ix.rules]),
        min_rest=_i64([_opt(r.min_rest_minutes) for r in ix.rules]),
        cat_zero=cat_zero,
        grant_offset=g_offset,
        grant_comp=_i64(g[:, 0]),
        grant_from=_i64(g[:, 1]),
        grant_until=_i64(g[:, 2]),
        unav_offset=u_offset,
        unav_start=_i64(u[:, 0]),
        unav_end=_i64(u[:, 1]),
        avail_offset=a_offset,
        avail_start=_i64(a[:, 0]),
        avail_end=_i64(a[:, 1]),
        shift_night=np.asarray(ix.shift_night, dtype=np.bool_).reshape(-1),
        nights_rest=_i64([_opt(r.min_rest_after_nights_minutes) for r in ix.rules]),
        hist_offset=h_offset,
        hist_start=_i64([x.start for x in hist]),
        hist_end=_i64([x.end for x in hist]),
        hist_loc=_i64([x.location for x in hist]),
        hist_night=np.asarray([x.night for x in hist], dtype=np.bool_).reshape(-1),
    )
