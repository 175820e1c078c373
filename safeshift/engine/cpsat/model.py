"""Build the CP-SAT model of a problem: variables, then each rule family in one order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ..feasibility import Feasibility, compute_feasibility
from ..model import Assignment, Problem
from .assignment import add_assignment_rules
from .daily import add_daily_rules
from .fairness import fairness_terms
from .fatigue import fatigue_terms
from .nights import add_night_rules
from .objective import set_objective
from .run_states import add_run_states
from .sequences import add_sequence_rules
from .totals import add_total_rules
from .variables import Variables
from .weekly_rest import add_weekly_rest_rules
from .working_time import add_working_time_rules


@dataclass(frozen=True)
class RosterModel:
    """A built CP-SAT model, its variables and its objective (S1..S5, S7, see ``objective``)."""

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
    *,
    staff: Iterable[int] | None = None,
    filled=None,
    run_states: bool = False,
) -> RosterModel:
    """The CP-SAT model of ``problem`` (rules.md H1..H11; objective S1..S5, S7).

    H1, H2, H5, ``category_max == 0``, clashes with the history and the S7 hard threshold
    are handled by eligibility (no variable); the pins must have been checked against the
    hard rules before (see ``solver.solve``).

    A sub-model decides for the staff indices ``staff`` only, everyone else fixed;
    ``filled[k]`` counts the fixed people on flat requirement ``k`` (the cover terms count
    them). Its hard rules are exact (they are per person), its objective is the full one
    up to a constant, except S5 which compares the model's people only.

    ``run_states``: add the redundant run-state flow (``run_states``), a much tighter LP
    bound for the H10 run rules at the cost of slower first solutions.
    """
    rules = build_rules(problem, feasibility, staff=staff, run_states=run_states)
    built = rules.finish(filled)
    if hint is not None:
        built.variables.add_hint(hint)
    return built


@dataclass(frozen=True)
class RosterRules:
    """A model with its hard rules but no objective yet (``finish`` sets it): the rules of
    a sub-model do not depend on the fixed people, so they can be built ahead."""

    model: cp_model.CpModel
    variables: Variables
    extra: list  # (weight, variable) objective terms of S5 and S7

    def finish(self, filled=None) -> RosterModel:
        """The model with its objective (``filled``: see ``build_model``); call once."""
        objective = set_objective(self.variables, self.extra, filled)
        return RosterModel(self.model, self.variables, objective)


def build_rules(
    problem: Problem,
    feasibility: Feasibility | None = None,
    *,
    staff: Iterable[int] | None = None,
    run_states: bool = False,
) -> RosterRules:
    """The variables and hard rules of ``build_model`` (same arguments), objective to come."""
    if feasibility is None:
        feasibility = compute_feasibility(problem)
    model = cp_model.CpModel()
    v = Variables(model, problem, feasibility, staff)
    add_assignment_rules(v, feasibility)
    add_daily_rules(v)
    add_total_rules(v)
    add_sequence_rules(v)
    if run_states:
        add_run_states(v)
    add_working_time_rules(v, feasibility)
    add_night_rules(v)
    add_weekly_rest_rules(v)
    return RosterRules(model, v, fairness_terms(v) + fatigue_terms(v, feasibility))
