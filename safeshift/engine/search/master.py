"""The restricted master problem of column generation, as a linear program (GLOP).

Variables: ``lam[s, c]``, the share of person ``s`` working their schedule (column) ``c``,
at the column's own cost (``pricing.Pricer.own_cost``); per requirement the shortfall
``u[k] >= 0`` and excess ``o[k] >= 0`` at their S1 and S2 weights. Rows: each person's
shares add up to 1; per requirement, people on it plus ``u`` reach its minimum, and people
on it minus ``o`` stay within its maximum (if any). A column "nobody" of very high cost
per person keeps the LP feasible before real columns exist. Its LP optimum bounds the
roster objective from below only once no column of negative reduced cost is left;
``columns`` computes a bound valid at any prices (a Lagrangian bound) instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from ..model import Problem

# GLOP without its presolve keeps its last basis between solves: primal simplex after
# columns are added, dual simplex after people are fixed or released (bounds change).
# From a converged root of Curtois 13 (6,726 columns), fixing 24 people: 0.6 s so, 2.3 s
# by the primal simplex, 3.8 s with GLOP's defaults; in 60 s of dive from that root, LPs
# of 10-25 s with the defaults, 0.3-2 s so.
PRIMAL = "use_preprocessing: false use_dual_simplex: false"
DUAL = "use_preprocessing: false use_dual_simplex: true"


@dataclass(frozen=True)
class MasterSolution:
    """An LP optimum: its value, the prices of cover per flat requirement (the duals of
    the minimum and maximum rows, each within its weight), each person's dual, and the
    shares of each person's columns (in the order they were added)."""

    value: float
    price_min: np.ndarray  # in [0, weight_under]
    price_max: np.ndarray  # in [-weight_over, 0]
    person: np.ndarray
    shares: list[np.ndarray]

    @property
    def prices(self) -> np.ndarray:
        """What filling each flat requirement once more is worth."""
        return self.price_min + self.price_max


class Master:
    """The restricted master LP of a problem's people; columns are added, and people fixed
    to one of their columns (a dive), between solves."""

    def __init__(self, problem: Problem):
        data = problem.indexed
        self.lo = np.array(data.req_min, dtype=np.int64)
        self.hi = np.array(data.req_max, dtype=np.int64)  # negative: no maximum
        self.weight_under = np.array(data.req_weight_under, dtype=np.int64)
        self.weight_over = np.where(self.hi >= 0, np.array(data.req_weight_over, dtype=np.int64), 0)
        lp = self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self._bounds_changed = False  # since the last solve: the dual simplex next
        inf = lp.infinity()
        n_reqs, n_staff = data.n_requirements, data.n_staff
        self.row_min = [lp.Constraint(float(lo), inf) for lo in self.lo.tolist()]
        self.row_max = [lp.Constraint(-inf, float(hi) if hi >= 0 else inf) for hi in self.hi.tolist()]
        self.row_person = [lp.Constraint(1.0, 1.0) for _ in range(n_staff)]
        objective = self.objective = lp.Objective()
        objective.SetMinimization()
        for k in range(n_reqs):
            under = lp.NumVar(0.0, inf, "")
            self.row_min[k].SetCoefficient(under, 1.0)
            objective.SetCoefficient(under, float(self.weight_under[k]))
            over = lp.NumVar(0.0, inf, "")
            self.row_max[k].SetCoefficient(over, -1.0)
            objective.SetCoefficient(over, float(self.weight_over[k]))
        # "Nobody": dearer than leaving every requirement short and every person on every one.
        nobody_cost = 1.0 + float((self.weight_under * self.lo).sum()) + float(self.weight_over.sum()) * n_staff
        self.nobody = []
        for s in range(n_staff):
            var = lp.NumVar(0.0, inf, "")
            self.row_person[s].SetCoefficient(var, 1.0)
            objective.SetCoefficient(var, nobody_cost)
            self.nobody.append(var)
        self.columns: list[list[tuple[tuple[int, ...], int, object]]] = [[] for _ in range(n_staff)]
        self._known: list[set[tuple[int, ...]]] = [set() for _ in range(n_staff)]
        self.fixed: dict[int, int] = {}  # person -> index of the column they are fixed to

    @property
    def n_columns(self) -> int:
        return sum(len(c) for c in self.columns)

    def add(self, staff: int, reqs: tuple[int, ...], own: int) -> bool:
        """Add person ``staff``'s schedule filling ``reqs`` at own cost ``own``; False if
        they have it already."""
        key = tuple(sorted(reqs))
        if key in self._known[staff]:
            return False
        self._known[staff].add(key)
        var = self.lp.NumVar(0.0, 0.0 if staff in self.fixed else self.lp.infinity(), "")
        self.row_person[staff].SetCoefficient(var, 1.0)
        self.objective.SetCoefficient(var, float(own))
        for k in key:
            self.row_min[k].SetCoefficient(var, 1.0)
            self.row_max[k].SetCoefficient(var, 1.0)
        self.columns[staff].append((key, own, var))
        return True

    def fix(self, staff: int, index: int) -> None:
        """Person ``staff`` works their column ``index``, fully."""
        self.fixed[staff] = index
        self._bounds_changed = True
        for i, (_, _, var) in enumerate(self.columns[staff]):
            var.SetBounds(float(i == index), float(i == index))
        self.nobody[staff].SetBounds(0.0, 0.0)

    def release(self) -> None:
        """Nobody is fixed any more (the root LP again, with every column found since)."""
        inf = self.lp.infinity()
        for staff in self.fixed:
            for _, _, var in self.columns[staff]:
                var.SetBounds(0.0, inf)
            self.nobody[staff].SetBounds(0.0, inf)
        self.fixed = {}
        self._bounds_changed = True

    def solve(self) -> MasterSolution | None:
        """The LP optimum of the current columns and fixings; None if GLOP fails."""
        self.lp.SetSolverSpecificParametersAsString(DUAL if self._bounds_changed else PRIMAL)
        self._bounds_changed = False
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        # Duals within their boxes (GLOP's tolerances aside), so prices stay valid multipliers.
        price_min = np.clip([row.dual_value() for row in self.row_min], 0.0, self.weight_under)
        price_max = np.clip([row.dual_value() for row in self.row_max], -self.weight_over, 0.0)
        person = np.array([row.dual_value() for row in self.row_person])
        shares = [np.array([var.solution_value() for _, _, var in cols]) for cols in self.columns]
        return MasterSolution(self.objective.Value(), price_min, price_max, person, shares)

    def constant(self, price_min: np.ndarray, price_max: np.ndarray) -> float:
        """The part of a Lagrangian bound at these prices that does not depend on people:
        what the relaxed minimum and maximum rows give back."""
        return float((price_min * self.lo).sum() + (price_max * np.where(self.hi >= 0, self.hi, 0)).sum())
