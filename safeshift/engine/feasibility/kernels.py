"""Numba kernels: arrays in, arrays out. Private; call them through ``compute.py``.

Inputs are int64; -1 means "no location" / "rule unset". Eligibility grows its output
by doubling; conflicts count, then fill exact-size int32/int8 arrays.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Kernel options, set in one place.
KERNEL_OPTIONS = {"cache": True, "nogil": True, "fastmath": False}
_kernel = njit(**KERNEL_OPTIONS)


@_kernel
def _grow(buf, needed):
    """2-D ``buf`` with room for at least ``needed`` rows."""
    if needed <= buf.shape[0]:
        return buf
    out = np.empty((max(needed, 2 * buf.shape[0]), buf.shape[1]), dtype=buf.dtype)
    out[: buf.shape[0]] = buf
    return out


@_kernel
def _travel(travel, a, b):
    if a < 0 or b < 0:
        return 0
    return travel[a, b]


@_kernel
def _shift_ok(i, start, end, t_in, t_out, cat, max_shift, max_d2d, cat_zero,
              unav_offset, unav_start, unav_end, avail_offset, avail_start, avail_end):
    """H2, H5 and H10 category_max 0 for staff i on one shift."""
    for u in range(unav_offset[i], unav_offset[i + 1]):
        if unav_start[u] < end and start < unav_end[u]:
            return False
    lo, hi = avail_offset[i], avail_offset[i + 1]
    if hi > lo:
        inside = False
        for w in range(lo, hi):
            if avail_start[w] <= start and end <= avail_end[w]:
                inside = True
                break
        if not inside:
            return False
    length = end - start
    if max_shift[i] >= 0 and length > max_shift[i]:
        return False
    if max_d2d[i] >= 0 and t_in + length + t_out > max_d2d[i]:
        return False
    return not cat_zero[i, cat]


@_kernel
def _req_ok(i, k, start, end, req_comp_offset, req_comp, grant_offset, grant_comp, grant_from, grant_until):
    """H1: every competency of requirement k held by a grant valid over [start, end)."""
    for c in range(req_comp_offset[k], req_comp_offset[k + 1]):
        held = False
        for g in range(grant_offset[i], grant_offset[i + 1]):
            if grant_comp[g] == req_comp[c] and grant_from[g] <= start and end <= grant_until[g]:
                held = True
                break
        if not held:
            return False
    return True


@_kernel
def eligibility_kernel(shift_start, shift_end, shift_loc, shift_cat, req_offset, req_comp_offset, req_comp,
                       travel, staff_home, max_shift, max_d2d, cat_zero,
                       grant_offset, grant_comp, grant_from, grant_until,
                       unav_offset, unav_start, unav_end, avail_offset, avail_start, avail_end):
    """Rows (staff, flat requirement) of eligible pairs, sorted; shape [n, 2]."""
    n_staff, n_shifts = staff_home.shape[0], shift_start.shape[0]
    out = np.empty((16, 2), dtype=np.int64)
    n = 0
    for i in range(n_staff):
        home = staff_home[i]
        for j in range(n_shifts):
            start, end = shift_start[j], shift_end[j]
            t_in = _travel(travel, home, shift_loc[j])
            t_out = _travel(travel, shift_loc[j], home)
            if not _shift_ok(i, start, end, t_in, t_out, shift_cat[j], max_shift, max_d2d, cat_zero,
                             unav_offset, unav_start, unav_end, avail_offset, avail_start, avail_end):
                continue
            for k in range(req_offset[j], req_offset[j + 1]):
                if _req_ok(i, k, start, end, req_comp_offset, req_comp,
                           grant_offset, grant_comp, grant_from, grant_until):
                    out = _grow(out, n + 1)
                    out[n, 0] = i
                    out[n, 1] = k
                    n += 1
    return out[:n].copy()


@_kernel
def _time_sorted(lo, hi, elig_shift, rank, order):
    """Distinct shifts of ``elig_shift[lo:hi]`` (non-decreasing) in time order."""
    ranks = np.empty(hi - lo, dtype=np.int64)
    m = 0
    for e in range(lo, hi):
        if e == lo or elig_shift[e] != elig_shift[e - 1]:
            ranks[m] = rank[elig_shift[e]]
            m += 1
    ranks = np.sort(ranks[:m])
    out = np.empty(m, dtype=np.int64)
    for x in range(m):
        out[x] = order[ranks[x]]
    return out


@_kernel
def _sweep(ts, home, min_rest, shift_start, shift_end, shift_loc, travel, fill, pos, out_a, out_b, out_rule, out_rest,
           night, nights_rest):
    """Count the conflicting pairs among time-sorted shifts ``ts``; write them from ``pos`` if ``fill``.

    For each a, scan later b and stop once a lower bound on rest(a, b), using the largest
    travel to work, reaches max(min_rest, 0) (and the rest after nights when a is a night
    shift): no later b can conflict.
    """
    m = ts.shape[0]
    t_in = np.empty(m, dtype=np.int64)
    t_out = np.empty(m, dtype=np.int64)
    max_in = 0
    for x in range(m):
        t_in[x] = _travel(travel, home, shift_loc[ts[x]])
        t_out[x] = _travel(travel, shift_loc[ts[x]], home)
        max_in = max(max_in, t_in[x])
    n = 0
    for x in range(m - 1):
        home_after_a = shift_end[ts[x]] + t_out[x]
        after_night = nights_rest >= 0 and night[ts[x]]
        limit = max(min_rest, 0)
        if after_night:
            limit = max(limit, nights_rest)
        for y in range(x + 1, m):
            if shift_start[ts[y]] - max_in - home_after_a >= limit:
                break
            rest = shift_start[ts[y]] - t_in[y] - home_after_a
            if rest < 0:
                rule = 3
            elif min_rest >= 0 and rest < min_rest:
                rule = 4
            elif after_night and not night[ts[y]] and rest < nights_rest:
                rule = 8
            else:
                continue
            if fill:
                out_a[pos + n] = ts[x]
                out_b[pos + n] = ts[y]
                out_rule[pos + n] = rule
                out_rest[pos + n] = rest
            n += 1
    return n


@_kernel
def conflicts_kernel(elig_staff, elig_shift, n_staff, shift_start, shift_end, shift_loc, travel, staff_home, min_rest):
    """``conflict_pairs_kernel`` without the H8 rest after nights."""
    no_night = np.zeros(shift_start.shape[0], dtype=np.bool_)
    no_rest = np.full(n_staff, -1, dtype=np.int64)
    return conflict_pairs_kernel(elig_staff, elig_shift, n_staff, shift_start, shift_end, shift_loc, travel,
                                 staff_home, min_rest, no_night, no_rest)


@_kernel
def conflict_pairs_kernel(elig_staff, elig_shift, n_staff, shift_start, shift_end, shift_loc, travel, staff_home,
                          min_rest, night, nights_rest):
    """CSR of conflicting pairs of eligible shifts per staff member, in two passes (count, fill):
    H3 overlap, H4 rest, and H8 rest after a night shift before a non-night one.

    Returns (offset int64, a int32, b int32, rule int8, rest int32); pairs of one member are
    sorted by the time order (start, then index) of a, then of b.
    """
    order = np.argsort(shift_start, kind="mergesort")  # stable: equal starts keep index order
    rank = np.empty(shift_start.shape[0], dtype=np.int64)
    for r in range(order.shape[0]):
        rank[order[r]] = r
    elig_lo = np.searchsorted(elig_staff, np.arange(n_staff + 1))
    offset = np.zeros(n_staff + 1, dtype=np.int64)
    no_i32 = np.empty(0, dtype=np.int32)
    no_i8 = np.empty(0, dtype=np.int8)
    for i in range(n_staff):
        ts = _time_sorted(elig_lo[i], elig_lo[i + 1], elig_shift, rank, order)
        offset[i + 1] = offset[i] + _sweep(ts, staff_home[i], min_rest[i], shift_start, shift_end, shift_loc,
                                           travel, False, 0, no_i32, no_i32, no_i8, no_i32, night, nights_rest[i])
    total = offset[n_staff]
    out_a = np.empty(total, dtype=np.int32)
    out_b = np.empty(total, dtype=np.int32)
    out_rule = np.empty(total, dtype=np.int8)
    out_rest = np.empty(total, dtype=np.int32)
    for i in range(n_staff):
        if offset[i + 1] > offset[i]:
            ts = _time_sorted(elig_lo[i], elig_lo[i + 1], elig_shift, rank, order)
            _sweep(ts, staff_home[i], min_rest[i], shift_start, shift_end, shift_loc,
                   travel, True, offset[i], out_a, out_b, out_rule, out_rest, night, nights_rest[i])
    return offset, out_a, out_b, out_rule, out_rest


@_kernel
def history_kernel(elig_staff, elig_shift, shift_start, shift_loc, shift_night, travel, staff_home, min_rest,
                   nights_rest, hist_offset, hist_end, hist_loc, hist_night):
    """Keep-mask of eligible rows: False when the shift clashes with a duty the person worked
    before the horizon (H3 overlap, H4 rest, H8 rest after a night shift)."""
    n = elig_staff.shape[0]
    keep = np.ones(n, dtype=np.bool_)
    for e in range(n):
        i, j = elig_staff[e], elig_shift[e]
        home = staff_home[i]
        leave = shift_start[j] - _travel(travel, home, shift_loc[j])
        for h in range(hist_offset[i], hist_offset[i + 1]):
            rest = leave - (hist_end[h] + _travel(travel, hist_loc[h], home))
            if rest < 0 or (min_rest[i] >= 0 and rest < min_rest[i]):
                keep[e] = False
            elif hist_night[h] and not shift_night[j] and nights_rest[i] >= 0 and rest < nights_rest[i]:
                keep[e] = False
    return keep
