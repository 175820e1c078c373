"""S7 fatigue in the objective (docs/fatigue.md): per duty, ``weights.fatigue x max(0,
planning score - fatigue_soft_threshold)``.

The planning score of (staff, shift) is the fatigue model's score of the shift worked
alone after the person's history (the feasibility precompute computes it, and drops pairs
above ``fatigue_hard_threshold``): a fixed number per variable. The score of a duty within
the roster, which depends on the duties before it, is reported by the validator; it is
not what this term penalises (docs/fatigue.md, "Planning score and roster score").
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..fatigue import planning_alertness, scores_of
from ..feasibility import Feasibility
from .variables import Variables


def fatigue_terms(v: Variables, feasibility: Feasibility) -> list[tuple[int, cp_model.IntVar]]:
    """Objective terms ``(weight, y)`` of S7."""
    scale = v.problem.weights.fatigue
    if scale <= 0:
        return []
    data = v.data
    pairs = [(s, j) for s, j in v.y if data.rules[s].fatigue_soft_threshold is not None]
    known: dict[tuple[int, int], int] = {}
    for s in {s for s, _ in pairs}:
        known.update({(s, j): f for j, f in feasibility.fatigue_of(s).items()})
    missing = [key for key in pairs if key not in known]  # pinned pairs outside eligibility
    if missing:
        scores = scores_of(planning_alertness(v.problem, [s for s, _ in missing], [j for _, j in missing]))
        known.update({key: int(f) for key, f in zip(missing, scores)})
    terms = []
    for s, j in sorted(pairs):
        excess = known[s, j] - data.rules[s].fatigue_soft_threshold
        if excess > 0:
            terms.append((scale * excess, v.y[s, j]))
    return terms
