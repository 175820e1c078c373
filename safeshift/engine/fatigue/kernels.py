"""Numba kernels of the fatigue model (``model.py``): arrays in, arrays out. Private; call
them through ``compute.py``. The plain-Python reference is ``reference.py``.

Calendar arrays (built by ``compute.calendar_arrays``), for local dates numbered from a
first date: ``habit_from[k]`` / ``habit_to[k]`` bound the habitual sleep starting on date
k (local 23:00 to 07:00 next day), ``morning[k]`` is local 07:00 on date k, in minutes
since the origin. The local clock of minute t is ``t + tz_delta[i] + l0`` wall-clock
minutes after local midnight of the first date, ``i`` the last ``tz_at[i] <= t``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..feasibility.kernels import KERNEL_OPTIONS
from . import model as m

_kernel = njit(**KERNEL_OPTIONS)

_PREP, _UNWIND, _DAY_SLEEP = m.PREP_MINUTES, m.UNWIND_MINUTES, m.DAY_SLEEP_MINUTES
_RUN_IN, _SAMPLE = m.RUN_IN_DAYS, m.SAMPLE_MINUTES
_S_LOW, _S_HIGH, _S_WAKE, _S_SLEEP, _S_START = m.S_LOW, m.S_HIGH, m.S_WAKE_RATE, m.S_SLEEP_RATE, m.S_START
_C_AMP, _C_PHASE, _W_AMP, _W_RATE = m.C_AMPLITUDE, m.C_ACROPHASE, m.W_AMPLITUDE, m.W_RATE


@_kernel
def _local(t, tz_at, tz_delta, l0):
    """Wall-clock minutes of minute ``t`` after local midnight of the first calendar date."""
    i = np.searchsorted(tz_at, t, side="right") - 1
    return t + tz_delta[max(i, 0)] + l0


@_kernel
def _date_index(t, tz_at, tz_delta, l0, n_dates):
    k = int(math.floor(_local(t, tz_at, tz_delta, l0) / 1440.0))
    return min(max(k, 0), n_dates - 1)


@_kernel
def _union(lo, hi, n):
    """Sorted union of intervals ``[lo[i], hi[i])`` for i < n (touching ones merge)."""
    order = np.argsort(lo[:n], kind="mergesort")
    out_lo = np.empty(n, dtype=np.int64)
    out_hi = np.empty(n, dtype=np.int64)
    k = 0
    for x in range(n):
        a, b = lo[order[x]], hi[order[x]]
        if b <= a:
            continue
        if k > 0 and a <= out_hi[k - 1]:
            out_hi[k - 1] = max(out_hi[k - 1], b)
        else:
            out_lo[k] = a
            out_hi[k] = b
            k += 1
    return out_lo[:k], out_hi[:k]


@_kernel
def _minus(a_lo, a_hi, c_lo, c_hi, t0):
    """Sorted disjoint intervals ``a`` minus sorted disjoint ``c``, clipped to start >= t0."""
    n = a_lo.shape[0]
    out_lo = np.empty(n + c_lo.shape[0], dtype=np.int64)
    out_hi = np.empty(n + c_lo.shape[0], dtype=np.int64)
    k = 0
    j = 0
    for x in range(n):
        cur, b = a_lo[x], a_hi[x]
        while j < c_lo.shape[0] and c_hi[j] <= cur:
            j += 1
        y = j
        while y < c_lo.shape[0] and c_lo[y] < b:
            if c_lo[y] > cur:
                out_lo[k], out_hi[k] = cur, c_lo[y]
                k += 1
            cur = max(cur, c_hi[y])
            y += 1
        if cur < b:
            out_lo[k], out_hi[k] = cur, b
            k += 1
    m_lo = np.empty(k, dtype=np.int64)
    m_hi = np.empty(k, dtype=np.int64)
    n_out = 0
    for x in range(k):
        if out_hi[x] > t0:
            m_lo[n_out] = max(out_lo[x], t0)
            m_hi[n_out] = out_hi[x]
            n_out += 1
    return m_lo[:n_out], m_hi[:n_out]


@_kernel
def _awake(s0, minutes):
    return _S_LOW + (s0 - _S_LOW) * math.exp(-_S_WAKE * minutes / 60.0)


@_kernel
def _asleep(s0, minutes):
    return _S_HIGH - (_S_HIGH - s0) * math.exp(-_S_SLEEP * minutes / 60.0)


@_kernel
def min_alertness_kernel(start, end, door_start, door_end, night, scored,
                         habit_from, habit_to, morning, tz_at, tz_delta, l0):
    """Lowest predicted alertness during each duty ``scored[x]`` of one person's duties."""
    n, n_dates = start.shape[0], habit_from.shape[0]
    out = np.empty(scored.shape[0], dtype=np.float64)
    if n == 0 or scored.shape[0] == 0:
        return out
    first = door_start[0] - _PREP
    last = end[0]
    n_night = 0
    for x in range(n):
        first = min(first, door_start[x] - _PREP)
        last = max(last, end[x])
        if night[x]:
            n_night += 1
    d0 = max(_date_index(first, tz_at, tz_delta, l0, n_dates) - _RUN_IN, 0)
    d1 = _date_index(last, tz_at, tz_delta, l0, n_dates)
    t0 = morning[d0]
    w_lo = np.empty(d1 - d0 + 1 + n_night, dtype=np.int64)
    w_hi = np.empty(d1 - d0 + 1 + n_night, dtype=np.int64)
    k = 0
    for d in range(d0, d1 + 1):
        w_lo[k], w_hi[k] = habit_from[d], habit_to[d]
        k += 1
    for x in range(n):
        if night[x]:
            w_lo[k] = door_end[x] + _UNWIND
            w_hi[k] = w_lo[k] + _DAY_SLEEP
            k += 1
    b_lo = np.empty(n, dtype=np.int64)
    b_hi = np.empty(n, dtype=np.int64)
    for x in range(n):
        b_lo[x] = door_start[x] - _PREP
        b_hi[x] = door_end[x] + _UNWIND
    wu_lo, wu_hi = _union(w_lo, w_hi, k)
    bu_lo, bu_hi = _union(b_lo, b_hi, n)
    s_lo, s_hi = _minus(wu_lo, wu_hi, bu_lo, bu_hi, t0)
    wake_s = np.empty(s_lo.shape[0], dtype=np.float64)
    s, t = _S_START, t0
    for x in range(s_lo.shape[0]):
        s = _asleep(_awake(s, s_lo[x] - t), s_hi[x] - s_lo[x])
        wake_s[x] = s
        t = s_hi[x]
    for x in range(scored.shape[0]):
        j = scored[x]
        lowest = np.inf
        minute = start[j]
        while True:
            i = np.searchsorted(s_hi, minute, side="right") - 1
            if i < 0:
                woke, s_woke = t0, _S_START
            else:
                woke, s_woke = s_hi[i], wake_s[i]
            awake = minute - woke
            hour = _local(minute, tz_at, tz_delta, l0) % 1440.0 / 60.0
            c = _C_AMP * math.cos(2.0 * math.pi * (hour - _C_PHASE) / 24.0)
            w = _W_AMP * math.exp(-_W_RATE * awake / 60.0)
            lowest = min(lowest, _awake(s_woke, awake) + c + w)
            if minute == end[j]:
                break
            minute = min(minute + _SAMPLE, end[j])
        out[x] = lowest
    return out


@_kernel
def planning_kernel(pair_staff, pair_shift, shift_start, shift_end, shift_loc, shift_night, travel, staff_home,
                    hist_offset, hist_start, hist_end, hist_loc, hist_night,
                    habit_from, habit_to, morning, tz_at, tz_delta, l0):
    """Lowest alertness of each (staff, shift) pair worked alone after the staff member's history."""
    out = np.empty(pair_staff.shape[0], dtype=np.float64)
    scored = np.zeros(1, dtype=np.int64)
    for p in range(pair_staff.shape[0]):
        i, j = pair_staff[p], pair_shift[p]
        home = staff_home[i]
        h0, h1 = hist_offset[i], hist_offset[i + 1]
        n = h1 - h0 + 1
        start = np.empty(n, dtype=np.int64)
        end = np.empty(n, dtype=np.int64)
        d_start = np.empty(n, dtype=np.int64)
        d_end = np.empty(n, dtype=np.int64)
        night = np.empty(n, dtype=np.bool_)
        for x in range(n - 1):
            h = h0 + x
            loc = hist_loc[h]
            start[x], end[x], night[x] = hist_start[h], hist_end[h], hist_night[h]
            d_start[x] = hist_start[h] - (travel[home, loc] if home >= 0 and loc >= 0 else 0)
            d_end[x] = hist_end[h] + (travel[loc, home] if home >= 0 and loc >= 0 else 0)
        loc = shift_loc[j]
        start[n - 1], end[n - 1], night[n - 1] = shift_start[j], shift_end[j], shift_night[j]
        d_start[n - 1] = shift_start[j] - (travel[home, loc] if home >= 0 and loc >= 0 else 0)
        d_end[n - 1] = shift_end[j] + (travel[loc, home] if home >= 0 and loc >= 0 else 0)
        scored[0] = n - 1
        out[p] = min_alertness_kernel(start, end, d_start, d_end, night, scored,
                                      habit_from, habit_to, morning, tz_at, tz_delta, l0)[0]
    return out
