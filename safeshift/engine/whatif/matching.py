"""Fill a job's requirements with distinct people at least total cost (a small matching).

Each requirement needs ``need`` people; a person fills at most one requirement. Only the
``total need`` cheapest candidates of each requirement can appear in an optimal matching
(any other could be swapped for one of those left unused), so the assignment problem
solved by the Hungarian method stays tiny.
"""

from __future__ import annotations

from typing import Hashable, Sequence

INF = float("inf")


def min_cost_fill(
    needs: Sequence[int], costs: Sequence[dict[Hashable, int]]
) -> list[list[Hashable]] | None:
    """People per requirement minimising the summed cost, or None if the needs cannot all
    be met. ``costs[r]`` maps each candidate of requirement ``r`` to its cost; ties are
    broken by the candidates' order in ``costs[r]``."""
    total = sum(needs)
    if total == 0:
        return [[] for _ in needs]
    slots = [r for r, n in enumerate(needs) for _ in range(n)]
    people: list[Hashable] = []
    seen = set()
    for r, n in enumerate(needs):
        if n == 0:
            continue
        ranked = sorted(costs[r], key=lambda p, c=costs[r]: c[p])[:total]
        for p in ranked:
            if p not in seen:
                seen.add(p)
                people.append(p)
    if len(people) < total:
        return None
    # Lexicographic tie-break on the candidates' order keeps answers reproducible.
    order = {p: i for i, p in enumerate(people)}
    scale = len(people) + 1
    matrix = [[costs[r][p] * scale + order[p] if p in costs[r] else INF for p in people] for r in slots]
    chosen = _hungarian(matrix)
    if chosen is None:
        return None
    out: list[list[Hashable]] = [[] for _ in needs]
    for row, col in enumerate(chosen):
        out[slots[row]].append(people[col])
    return out


def _hungarian(a: list[list[float]]) -> list[int] | None:
    """Columns assigned to each row of an n x m cost matrix (n <= m) at least total cost;
    None when every full assignment uses an infinite entry."""
    n, m = len(a), len(a[0])
    finite = [x for row in a for x in row if x != INF]
    if not finite:
        return None
    lo = min(finite)
    forbidden = (max(finite) - lo + 1) * n + 1  # dearer than any finite full assignment
    cost = [[forbidden if x == INF else x - lo for x in row] for row in a]
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INF] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], INF, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    rows = [0] * n
    for j in range(1, m + 1):
        if p[j]:
            rows[p[j] - 1] = j - 1
    if any(a[i][rows[i]] == INF for i in range(n)):
        return None
    return rows
