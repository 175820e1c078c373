"""``validate_roster``: the independent check of a roster against docs/rules.md.

Shares no rule code with the CP-SAT encoding or the kernels: every check works from
the domain objects (see ``context.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from ..model import Assignment, Problem
from ..result import ObjectiveBreakdown, ValidationReport, Violation
from .context import RULE_ORDER, RosterContext
from .explain import Explainer, uncovered_demand
from .fairness import fairness_penalty
from .fatigue import fatigue_report
from .hard_rules import person_breaches
from .objective import breakdown, kpis
from .pins import check_pins


def validate_roster(problem: Problem, assignments: Iterable[Assignment]) -> ValidationReport:
    """Every hard-rule violation, the objective S1..S5 and S7, KPIs, uncovered demand and
    the fatigue scores per duty and per person.

    Raises ``InvalidProblemError`` (fields ``assignments[i].staff_id`` etc.) when the
    roster names unknown staff, shifts or requirements. Violations are ordered by rule,
    then staff (problem order), then time.
    """
    roster = problem.check_roster(tuple(assignments))
    ctx = RosterContext(problem)
    people = ctx.people(roster)
    violations = _violations(ctx, problem, roster, people)
    parts, fatigue = _breakdown(ctx, problem, roster, people)
    return ValidationReport(
        violations=tuple(violations),
        breakdown=parts,
        kpis=kpis(ctx, roster, people),
        uncovered=tuple(uncovered_demand(ctx, roster, Explainer(ctx, people))),
        fatigue=fatigue,
    )


def roster_objective(problem: Problem, assignments: Iterable[Assignment]) -> ObjectiveBreakdown:
    """The objective breakdown ``validate_roster`` reports, alone (much cheaper on large
    rosters: no explanation of uncovered demand)."""
    roster = problem.check_roster(tuple(assignments))
    ctx = RosterContext(problem)
    return _breakdown(ctx, problem, roster, ctx.people(roster))[0]


def _breakdown(ctx: RosterContext, problem: Problem, roster, people):
    """The objective breakdown (S1..S5, S7) and the fatigue report."""
    fatigue, s7 = fatigue_report(ctx, people)
    parts = dataclasses.replace(
        breakdown(ctx, roster, people),
        s5_fairness=fairness_penalty(ctx, people),
        s7_fatigue=problem.weights.fatigue * s7,
    )
    return parts, fatigue


def roster_violations(problem: Problem, assignments: Iterable[Assignment]) -> tuple[Violation, ...]:
    """The violations ``validate_roster`` reports, without the objective, KPIs, uncovered
    demand or fatigue report (cheaper: the solver's pin check uses it)."""
    roster = problem.check_roster(tuple(assignments))
    ctx = RosterContext(problem)
    return tuple(_violations(ctx, problem, roster, ctx.people(roster)))


def _violations(ctx: RosterContext, problem: Problem, roster, people) -> list[Violation]:
    violations: list[Violation] = []
    for person in people.values():
        violations += [b.violation for b in person_breaches(ctx, person)]
    violations += check_pins(problem, roster)
    staff_rank = {s.id: i for i, s in enumerate(problem.staff)}
    violations.sort(key=lambda v: (RULE_ORDER.index(v.rule), staff_rank[v.staff_id]))
    return violations
