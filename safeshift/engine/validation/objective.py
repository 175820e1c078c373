"""S1..S4 recomputed from the roster, and the KPIs a user sees (docs/rules.md, soft goals).

- S1 per requirement: ``weight_under x max(0, min_headcount - assigned)``;
- S2 per requirement with ``max_headcount``: ``weight_over x max(0, assigned - max_headcount)``;
- S3 per preference: its weight when the wish is not met, times ``weights.preference``;
- S4 per assignment: ``(cost_per_hour x paid_minutes + 30) // 60`` (round half up), paid
  minutes = shift minutes + travel to and from when travel is working time, times
  ``weights.cost``.

S5 (``fairness``) and S7 (``fatigue``) are computed by their own modules; S6 stays 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Assignment
from ..result import Kpis, ObjectiveBreakdown, StaffKpi
from .context import Duty, PersonRoster, RosterContext


def assigned_counts(roster: tuple[Assignment, ...]) -> Counter:
    """How many assignments each (shift id, requirement id) has."""
    return Counter((a.shift_id, a.requirement_id) for a in roster)


def assignment_cost(ctx: RosterContext, person: PersonRoster, duty: Duty) -> int:
    """S4 before weighting: the cost of one assignment in cost units."""
    paid = duty.info.minutes
    if ctx.problem.travel.is_working_time:
        paid += duty.travel_in + duty.travel_out
    return (person.staff.cost_per_hour * paid + 30) // 60


def breakdown(ctx: RosterContext, roster, people: dict[str, PersonRoster]) -> ObjectiveBreakdown:
    """S1..S4, each already weighted."""
    counts = assigned_counts(roster)
    under = over = 0
    for shift in ctx.problem.shifts:
        for r in shift.requirements:
            n = counts[(shift.id, r.id)]
            under += r.weight_under * max(0, r.min_headcount - n)
            if r.max_headcount is not None:
                over += r.weight_over * max(0, n - r.max_headcount)
    cost = sum(assignment_cost(ctx, p, d) for p in people.values() for d in p.assignments)
    weights = ctx.problem.weights
    return ObjectiveBreakdown(
        s1_uncovered=under,
        s2_overcover=over,
        s3_preferences=weights.preference * preference_penalty(ctx, people),
        s4_cost=weights.cost * cost,
    )


def preference_penalty(ctx: RosterContext, people: dict[str, PersonRoster]) -> int:
    """S3 before weighting: the weights of the preferences not met."""
    worked_shifts = {sid: {d.shift_id for d in p.duties} for sid, p in people.items()}
    worked_days: dict[str, dict] = {}
    for sid, p in people.items():
        days = defaultdict(set)  # local date -> categories worked that day
        for d in p.duties:
            days[d.info.local_day].add(d.info.shift.category)
        worked_days[sid] = days
    total = 0
    for pref in ctx.problem.preferences:
        if pref.shift_id is not None:
            works = pref.shift_id in worked_shifts[pref.staff_id]
        else:
            categories = worked_days[pref.staff_id].get(pref.date, set())
            works = bool(categories) if pref.category is None else pref.category in categories
        if works != pref.want:
            total += pref.weight
    return total


def kpis(ctx: RosterContext, roster, people: dict[str, PersonRoster]) -> Kpis:
    """Coverage, per-person minutes and cost (cost in cost units, not weighted)."""
    counts = assigned_counts(roster)
    required = covered = 0
    for shift in ctx.problem.shifts:
        for r in shift.requirements:
            required += r.min_headcount
            covered += min(counts[(shift.id, r.id)], r.min_headcount)
    staff = []
    for p in people.values():
        costs = [assignment_cost(ctx, p, d) for d in p.assignments]
        staff.append(
            StaffKpi(
                staff_id=p.staff.id,
                shifts=len(p.assignments),
                worked_minutes=sum(d.info.minutes for d in p.assignments),
                travel_minutes=sum(d.travel_in + d.travel_out for d in p.assignments),
                cost=sum(costs),
            )
        )
    return Kpis(
        required_headcount=required,
        covered_headcount=covered,
        coverage_percent=100.0 if required == 0 else 100.0 * covered / required,
        total_cost=sum(k.cost for k in staff),
        staff=tuple(staff),
    )
