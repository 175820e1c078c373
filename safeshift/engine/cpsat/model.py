"""Build the CP-SAT model of a problem: variables, then each rule family in one order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..feasibility import Feasibility, compute_feasibility
from ..model import Assignment, Problem
from .assignment import add_assignment_rules
from .daily import add_daily_rules
from .objective import set_objective
from .sequences import add_sequence_rules
from .totals import add_total_rules
from .variables import Variables


@dataclass(frozen=True)
class RosterModel:
    """A built CP-SAT model, its variables and its objective (S1..S4, see ``objective``)."""

    model: cp_model.CpModel
    variables: Variables
    objective: cp_model.LinearExpr

    @property
    def n_variables(self) -> int:
        return len(self.model.proto.variables)

    @property
    def n_constraints(self) -> int:
        return len(self.model.proto.constraints)


def build_model(
    problem: Problem,
    feasibility: Feasibility | None = None,
    hint: Iterable[Assignment] | None = None,
) -> RosterModel:
    """The CP-SAT model of ``problem`` (rules.md H1..H5, H10, H11; objective S1..S4).

    H1, H2, H5 and ``category_max == 0`` are handled by eligibility (no variable); the
    pins must have been checked against the hard rules before (see ``solver.solve``).
    """
    if feasibility is None:
        feasibility = compute_feasibility(problem)
    model = cp_model.CpModel()
    v = Variables(model, problem, feasibility)
    add_assignment_rules(v, feasibility)
    add_daily_rules(v)
    add_total_rules(v)
    add_sequence_rules(v)
    objective = set_objective(v)
    if hint is not None:
        v.add_hint(hint)
    return RosterModel(model, v, objective)
