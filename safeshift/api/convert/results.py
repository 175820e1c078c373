"""Answers out: solve results, progress and validation reports as ``safeshift.v1`` messages.

Ids are the client's strings as carried by the domain values; no internal index leaks.
"""

from __future__ import annotations

from ...engine.result import (
    Exclusion,
    FatigueReport,
    Kpis,
    ObjectiveBreakdown,
    Progress,
    SolveResult,
    SolveStatus,
    UncoveredDemand,
    ValidationReport,
    Violation,
)
from ...v1 import roster_pb2 as pb
from .problem import assignments_to_proto

STATUS_TO_PROTO = {
    SolveStatus.OPTIMAL: pb.OPTIMAL,
    SolveStatus.FEASIBLE: pb.FEASIBLE,
    SolveStatus.INFEASIBLE: pb.INFEASIBLE,
    SolveStatus.NO_SOLUTION_IN_TIME: pb.NO_SOLUTION_IN_TIME,
    SolveStatus.INVALID: pb.INVALID,
}


def _values(target, values) -> None:
    for key, value in values.items():
        target[str(key)] = int(value)


def violation_to_proto(v: Violation, m: pb.Violation) -> None:
    m.rule, m.staff_id, m.message = v.rule, v.staff_id, v.message
    m.shift_ids.extend(v.shift_ids)
    _values(m.values, v.values)


def _exclusion_to_proto(x: Exclusion, m: pb.Exclusion) -> None:
    m.staff_id, m.rule, m.message = x.staff_id, x.rule, x.message
    _values(m.values, x.values)


def _uncovered_to_proto(u: UncoveredDemand, m: pb.UncoveredDemand) -> None:
    m.shift_id, m.requirement_id, m.missing = u.shift_id, u.requirement_id, u.missing
    m.exclusions_omitted = not u.explained
    for x in u.exclusions:
        _exclusion_to_proto(x, m.exclusions.add())


def breakdown_to_proto(b: ObjectiveBreakdown, m: pb.ObjectiveBreakdown) -> None:
    m.s1_uncovered, m.s2_overcover, m.s3_preferences = b.s1_uncovered, b.s2_overcover, b.s3_preferences
    m.s4_cost, m.s5_fairness, m.s6_stability, m.s7_fatigue = b.s4_cost, b.s5_fairness, b.s6_stability, b.s7_fatigue
    m.total = b.total


def kpis_to_proto(k: Kpis, m: pb.Kpis) -> None:
    m.required_headcount, m.covered_headcount = k.required_headcount, k.covered_headcount
    m.coverage_percent, m.total_cost = k.coverage_percent, k.total_cost
    for s in k.staff:
        m.staff.add(
            staff_id=s.staff_id,
            shifts=s.shifts,
            worked_minutes=s.worked_minutes,
            travel_minutes=s.travel_minutes,
            cost=s.cost,
        )


def fatigue_to_proto(report: FatigueReport, duties, staff) -> None:
    """Per-duty and per-person fatigue scores into the repeated fields ``duties`` and ``staff``."""
    for d in report.duties:
        duties.add(
            staff_id=d.staff_id,
            shift_id=d.shift_id,
            score=d.score,
            planning_score=d.planning_score,
            min_alertness=d.min_alertness,
        )
    for s in report.staff:
        m = staff.add(
            staff_id=s.staff_id,
            duties=s.duties,
            max_score=s.max_score,
            mean_score=s.mean_score,
            duties_above_soft_threshold=s.duties_above_soft_threshold,
        )
        if s.soft_threshold is not None:
            m.soft_threshold = s.soft_threshold


def solve_result_to_proto(result: SolveResult) -> pb.SolveResponse:
    m = pb.SolveResponse(status=STATUS_TO_PROTO[result.status], message=result.message)
    assignments_to_proto(result.assignments, m.assignments)
    if result.objective is not None:
        m.objective = result.objective
    if result.best_bound is not None:
        m.best_bound = result.best_bound
    breakdown_to_proto(result.breakdown, m.breakdown)
    for u in result.uncovered:
        _uncovered_to_proto(u, m.uncovered.add())
    if result.kpis is not None:
        kpis_to_proto(result.kpis, m.kpis)
    st = result.stats
    m.statistics.wall_seconds = st.wall_seconds
    if st.first_solution_seconds is not None:
        m.statistics.first_solution_seconds = st.first_solution_seconds
    m.statistics.solutions, m.statistics.stopped_by = st.solutions, st.stopped_by
    m.statistics.variables, m.statistics.constraints = st.variables, st.constraints
    for v in result.violations:
        violation_to_proto(v, m.violations.add())
    fatigue_to_proto(result.fatigue, m.duty_fatigue, m.staff_fatigue)
    return m


def progress_to_proto(p: Progress) -> pb.SolveProgress:
    """An improving solution, as a stream event."""
    return pb.SolveProgress(
        improvement=pb.SolveImprovement(
            elapsed_seconds=p.elapsed_seconds,
            objective=p.objective,
            best_bound=p.best_bound,
            solutions=p.solutions,
            gap=p.gap,
        )
    )


def final_progress(response: pb.SolveResponse) -> pb.SolveProgress:
    """The last stream event: the full response."""
    return pb.SolveProgress(result=response)


def validation_to_proto(report: ValidationReport) -> pb.ValidateRosterResponse:
    m = pb.ValidateRosterResponse(valid=report.valid, objective=report.breakdown.total)
    for v in report.violations:
        violation_to_proto(v, m.violations.add())
    breakdown_to_proto(report.breakdown, m.breakdown)
    kpis_to_proto(report.kpis, m.kpis)
    for u in report.uncovered:
        _uncovered_to_proto(u, m.uncovered.add())
    fatigue_to_proto(report.fatigue, m.duty_fatigue, m.staff_fatigue)
    return m
