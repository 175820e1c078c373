"""``validate_roster``: the independent check of a roster against docs/rules.md.

Shares no rule code with the CP-SAT encoding or the kernels: every check works from
the domain objects (see ``context.py``).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Assignment, Problem
from ..result import ValidationReport, Violation
from .context import RULE_ORDER, RosterContext
from .explain import Explainer, uncovered_demand
from .hard_rules import person_breaches
from .objective import breakdown, kpis
from .pins import check_pins


def validate_roster(problem: Problem, assignments: Iterable[Assignment]) -> ValidationReport:
    """Every hard-rule violation, the objective S1..S4, KPIs and uncovered demand.

    Raises ``InvalidProblemError`` (fields ``assignments[i].staff_id`` etc.) when the
    roster names unknown staff, shifts or requirements. Violations are ordered by rule,
    then staff (problem order), then time.
    """
    roster = problem.check_roster(tuple(assignments))
    ctx = RosterContext(problem)
    people = ctx.people(roster)
    violations: list[Violation] = []
    for person in people.values():
        violations += [b.violation for b in person_breaches(ctx, person)]
    violations += check_pins(problem, roster)
    staff_rank = {s.id: i for i, s in enumerate(problem.staff)}
    violations.sort(key=lambda v: (RULE_ORDER.index(v.rule), staff_rank[v.staff_id]))
    return ValidationReport(
        violations=tuple(violations),
        breakdown=breakdown(ctx, roster, people),
        kpis=kpis(ctx, roster, people),
        uncovered=tuple(uncovered_demand(ctx, roster, Explainer(ctx, people))),
    )
