"""Upper bounds on what one person can work inside a window, to skip model constraints
that cannot bind (H6 windows, H7 spans): a Numba kernel and its plain-Python reference.

The bound is a relaxation: the best chain of duties in time order where each duty is
compatible with the one before it (not a conflicting pair of the feasibility precompute,
and on a later day when the person works one duty a day), runs of consecutive worked
days stay within ``max_consecutive_days`` and runs of nights within
``max_consecutive_nights``. Every valid roster is such a chain, so no valid roster can
exceed the bound; a window whose bound is within the limit needs no constraint.
"""

from __future__ import annotations

import numpy as np

from .kernels import _kernel


@_kernel
def _chain_best(idx, value, day, night, conflict, one_a_day, max_run, max_nights):
    """The best chain value among duties ``idx`` (in time order) with the given values."""
    n = idx.shape[0]
    runs = max_run if max_run > 0 else 1
    nights = max_nights + 1 if max_nights >= 0 else 1
    best = np.full((n, runs + 1, nights), -1, dtype=np.int64)
    out = 0
    for y in range(n):
        j = idx[y]
        k0 = 1 if night[j] and nights > 1 else 0
        if max_nights == 0 and night[j]:
            continue
        best[y, 1, k0] = value[y]
        for x in range(y):
            i = idx[x]
            if conflict[i, j] or (one_a_day and day[j] <= day[i]):
                continue
            for c in range(1, runs + 1):
                for k in range(nights):
                    if best[x, c, k] < 0:
                        continue
                    if day[j] == day[i]:
                        c2 = c
                        k2 = k if night[i] else k0
                    elif day[j] == day[i] + 1:
                        c2 = c + 1 if max_run > 0 else 1
                        k2 = (k + 1 if night[i] else 1) if night[j] and nights > 1 else 0
                    else:
                        c2 = 1
                        k2 = k0
                    if c2 > runs or k2 >= nights:
                        continue
                    v = best[x, c, k] + value[y]
                    if v > best[y, c2, k2]:
                        best[y, c2, k2] = v
        for c in range(1, runs + 1):
            for k in range(nights):
                out = max(out, best[y, c, k])
    return out


@_kernel
def window_bounds_kernel(lo, hi, start, end, day, night, conflict, one_a_day, max_run, max_nights, by_minutes):
    """For each window ``[lo[w], hi[w])``: the best chain of the person's duties (``start``-
    sorted, worked interval ``[start, end)``), valued by minutes inside the window when
    ``by_minutes``, else 1 per duty starting inside it."""
    out = np.empty(lo.shape[0], dtype=np.int64)
    n = start.shape[0]
    for w in range(lo.shape[0]):
        idx = np.empty(n, dtype=np.int64)
        value = np.empty(n, dtype=np.int64)
        m = 0
        for j in range(n):
            if by_minutes:
                v = min(end[j], hi[w]) - max(start[j], lo[w])
            else:
                v = 1 if lo[w] <= day[j] < hi[w] else 0
            if v > 0:
                idx[m] = j
                value[m] = v
                m += 1
        out[w] = _chain_best(idx[:m], value[:m], day, night, conflict, one_a_day, max_run, max_nights)
    return out


def window_bounds_reference(lo, hi, start, end, day, night, conflict, one_a_day, max_run, max_nights, by_minutes):
    """``window_bounds_kernel`` by brute force over every subset of duties (tiny inputs only)."""
    from itertools import combinations

    out = []
    n = len(start)
    for a, b in zip(lo, hi):
        values = {}
        for j in range(n):
            v = min(end[j], b) - max(start[j], a) if by_minutes else int(a <= day[j] < b)
            if v > 0:
                values[j] = v
        best = 0
        keys = sorted(values)
        for r in range(1, len(keys) + 1):
            for chain in combinations(keys, r):
                if _chain_ok(chain, day, night, conflict, one_a_day, max_run, max_nights):
                    best = max(best, sum(values[j] for j in chain))
        out.append(best)
    return np.array(out, dtype=np.int64)


def _chain_ok(chain, day, night, conflict, one_a_day, max_run, max_nights) -> bool:
    for i, j in zip(chain, chain[1:]):
        if conflict[i][j] or (one_a_day and day[j] <= day[i]):
            return False
    days = sorted({day[j] for j in chain})
    night_days = sorted({day[j] for j in chain if night[j]})
    return _longest_run(days) <= (max_run if max_run > 0 else len(days)) and (
        max_nights < 0 or _longest_run(night_days) <= max_nights
    )


def _longest_run(days) -> int:
    best = run = 0
    for k, d in enumerate(days):
        run = run + 1 if k and d == days[k - 1] + 1 else 1
        best = max(best, run)
    return best
