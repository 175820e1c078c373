"""Plain-Python reference of the feasibility kernels: simple loops over every pair.

Written from rules.md, independently of ``kernels.py``; the property tests compare them.
"""

from __future__ import annotations

from ..model import Problem
from .exclusion import first_static_exclusion
from .feasibility import RULE_H3, RULE_H4, RULE_H8, Feasibility


def reference_eligibility(problem: Problem) -> list[tuple[int, int, int]]:
    """Rows (staff, flat requirement, shift) with no static exclusion, sorted."""
    ix = problem.indexed
    return [
        (i, k, ix.req_shift[k])
        for i in range(ix.n_staff)
        for k in range(ix.n_requirements)
        if first_static_exclusion(problem, i, k) is None
    ]


def rest_minutes(problem: Problem, staff: int, a: int, b: int) -> int:
    """rest(a, b) of rules.md H4: from getting home after ``a`` to leaving home for ``b``."""
    ix = problem.indexed
    home_after_a = ix.shift_end[a] + ix.from_work(staff, a)
    leave_for_b = ix.shift_start[b] - ix.to_work(staff, b)
    return leave_for_b - home_after_a


def reference_conflicts(problem: Problem, elig) -> list[tuple[int, int, int, int, int]]:
    """Rows (staff, a, b, rule, rest) for every conflicting pair of eligible shifts."""
    ix = problem.indexed
    shifts_of: dict[int, set[int]] = {i: set() for i in range(ix.n_staff)}
    for i, _, j in elig:
        shifts_of[i].add(j)
    rows = []
    for i in range(ix.n_staff):
        min_rest = ix.rules[i].min_rest_minutes
        nights = ix.rules[i].min_rest_after_nights_minutes
        for a in shifts_of[i]:
            for b in shifts_of[i]:
                if (ix.shift_start[a], a) >= (ix.shift_start[b], b):
                    continue  # each pair once, a before b
                rest = rest_minutes(problem, i, a, b)
                if rest < 0:
                    rows.append((i, a, b, RULE_H3, rest))
                elif min_rest is not None and rest < min_rest:
                    rows.append((i, a, b, RULE_H4, rest))
                elif ix.shift_night[a] and not ix.shift_night[b] and nights is not None and rest < nights:
                    rows.append((i, a, b, RULE_H8, rest))
    start = ix.shift_start
    rows.sort(key=lambda r: (r[0], start[r[1]], r[1], start[r[2]], r[2]))
    return rows


def reference_fatigue(problem: Problem, elig) -> list[int] | None:
    """Planning fatigue score of each eligible row (-1 where S7 cannot matter), or None."""
    from ..fatigue.model import score_of
    from ..fatigue.reference import planning_alertness_reference
    from .compute import fatigue_staff

    wanted = fatigue_staff(problem)
    if not any(wanted):
        return None
    return [score_of(planning_alertness_reference(problem, i, j)) if wanted[i] else -1 for i, _, j in elig]


def reference_feasibility(problem: Problem) -> Feasibility:
    """The whole precompute, in plain Python."""
    elig = reference_eligibility(problem)
    fatigue = reference_fatigue(problem, elig)
    return Feasibility.from_lists(problem.indexed.n_staff, elig, reference_conflicts(problem, elig), fatigue)
