"""RosterFacade: validate a hand roster, solve plumbing (limits, deadline, progress), results."""

from __future__ import annotations

import sys
import threading
import types

import pytest

from safeshift.api import Limits, RosterFacade
from safeshift.api.convert import STATUS_TO_PROTO, final_progress, solve_result_to_proto
from safeshift.engine.errors import InvalidProblemError, LimitExceededError, Reason
from safeshift.engine.model import Assignment
from safeshift.engine.result import (
    Exclusion,
    Kpis,
    ObjectiveBreakdown,
    Progress,
    SolveResult,
    SolveStats,
    SolveStatus,
    StaffKpi,
    UncoveredDemand,
    Violation,
)
from safeshift.v1 import roster_pb2 as pb


def _validate_req(problem_msg, *assignments) -> pb.ValidateRosterRequest:
    req = pb.ValidateRosterRequest(problem=problem_msg)
    for staff, shift, requirement in assignments:
        req.assignments.add(staff_id=staff, shift_id=shift, requirement_id=requirement)
    return req


def test_validate_hand_roster_reports_missing_competency(problem_msg):
    """bob (HCA only) on s1 (needs RN) is one H1 violation naming bob and s1."""
    pytest.importorskip("safeshift.engine.validation")
    resp = RosterFacade().validate(_validate_req(problem_msg, ("bob", "s1", ""), ("alice", "s2", "rn")))
    assert not resp.valid
    assert [(v.rule, v.staff_id, list(v.shift_ids)) for v in resp.violations] == [("H1", "bob", ["s1"])]
    assert "RN" in resp.violations[0].message
    assert resp.objective == resp.breakdown.total


def test_validate_hand_roster_valid_and_uncovered(problem_msg):
    """A safe roster is valid; the unfilled HCA requirement shows as S1 and uncovered demand."""
    pytest.importorskip("safeshift.engine.validation")
    resp = RosterFacade().validate(_validate_req(problem_msg, ("alice", "s1", "")))
    assert resp.valid and not resp.violations
    assert resp.breakdown.s1_uncovered == 200  # s2's rn and hca are both short by one, 100 each
    assert resp.objective == resp.breakdown.total > 0
    assert {(u.shift_id, u.requirement_id, u.missing) for u in resp.uncovered} == {("s2", "rn", 1), ("s2", "hca", 1)}
    assert resp.kpis.required_headcount == 3 and resp.kpis.covered_headcount == 1


def test_validate_rest_violation_keeps_client_ids(problem_msg):
    """alice on two shifts 1 h apart breaks H4 (min rest), reported with the client's ids."""
    pytest.importorskip("safeshift.engine.validation")
    s3 = problem_msg.shifts.add(id="late-1", location_id="L1", category="Late")
    s3.start.FromJsonString("2024-01-01T16:00:00Z")
    s3.end.FromJsonString("2024-01-01T22:00:00Z")
    s3.requirements.add(competency_ids=["RN"])
    resp = RosterFacade().validate(_validate_req(problem_msg, ("alice", "s1", ""), ("alice", "late-1", "0")))
    assert not resp.valid
    assert {v.rule for v in resp.violations} >= {"H4"}
    assert all(v.staff_id == "alice" and set(v.shift_ids) <= {"s1", "late-1"} for v in resp.violations)


def test_validate_unknown_staff_raises(problem_msg):
    """A roster naming an unknown person is bad input, not a violation."""
    with pytest.raises(InvalidProblemError) as info:
        RosterFacade().validate(_validate_req(problem_msg, ("alice", "s1", ""), ("zed", "s1", "")))
    assert [(v.field, v.reason) for v in info.value.violations] == [("assignments[1].staff_id", Reason.UNKNOWN_REFERENCE)]


def test_facade_enforces_limits(problem_msg):
    """The facade's Limits apply to both entry points."""
    facade = RosterFacade(Limits(max_staff=1))
    with pytest.raises(LimitExceededError):
        facade.validate(_validate_req(problem_msg))
    with pytest.raises(LimitExceededError):
        facade.solve(pb.SolveRequest(problem=problem_msg))


@pytest.fixture
def fake_solver(monkeypatch):
    """Replace the engine solver with a recorder that reports progress and a fixed result."""
    calls = {}
    result = SolveResult(
        status=SolveStatus.FEASIBLE,
        assignments=(Assignment("alice", "s1", "0"),),
        objective=205,
        best_bound=200.0,
        breakdown=ObjectiveBreakdown(s1_uncovered=200, s3_preferences=5),
        kpis=Kpis(3, 1, 33.3, 0, (StaffKpi("alice", 1, 480, 0, 0),)),
        uncovered=(
            UncoveredDemand("s2", "hca", 1, (Exclusion("alice", "H1", "lacks HCA", {"x": 1}),)),
            UncoveredDemand("s3", "hca", 1, explained=False),
        ),
        stats=SolveStats(wall_seconds=1.5, first_solution_seconds=0.2, solutions=2, variables=10, constraints=4, stopped_by="time_limit"),
        message="stopped",
    )

    def solve(problem, params, on_progress=None, cancel=None):
        calls.update(problem=problem, params=params, cancel=cancel)
        if on_progress is not None:
            on_progress(Progress(0.5, 300.0, 200.0, 1))
            on_progress(Progress(1.0, 205.0, 200.0, 2))
        return result

    module = types.ModuleType("safeshift.engine.solver")
    module.solve = solve
    monkeypatch.setitem(sys.modules, "safeshift.engine.solver", module)
    return calls


@pytest.mark.parametrize(
    "requested, deadline, effective",
    [(0.0, None, 30.0), (10.0, None, 10.0), (10.0, 4.0, 4.0), (2.0, 4.0, 2.0), (0.0, 7200.0, 30.0), (1e9, None, 3600.0), (5.0, -1.0, 0.0)],
)
def test_solve_time_limit_and_deadline(problem_msg, fake_solver, requested, deadline, effective):
    """The solver gets min(request limit or default, clamped; deadline) as its time limit."""
    req = pb.SolveRequest(problem=problem_msg, parameters=pb.SolveParameters(time_limit_seconds=requested))
    RosterFacade().solve(req, deadline_seconds=deadline)
    assert fake_solver["params"].time_limit_seconds == effective


def test_solve_streams_progress_and_converts_result(problem_msg, fake_solver):
    """Progress arrives as SolveProgress.improvement; the response carries the client's ids."""
    events: list[pb.SolveProgress] = []
    cancel = threading.Event()
    resp = RosterFacade().solve(pb.SolveRequest(problem=problem_msg), on_progress=events.append, cancel=cancel)
    assert fake_solver["cancel"] is cancel and fake_solver["problem"].id == "tiny"
    assert [e.WhichOneof("event") for e in events] == ["improvement", "improvement"]
    assert events[1].improvement.objective == 205.0 and events[1].improvement.solutions == 2
    assert events[1].improvement.gap == pytest.approx(5 / 205)
    assert resp.status == pb.FEASIBLE and resp.objective == 205 and resp.best_bound == 200.0
    assert [(a.staff_id, a.shift_id, a.requirement_id) for a in resp.assignments] == [("alice", "s1", "0")]
    assert resp.breakdown.total == 205 and resp.breakdown.s3_preferences == 5
    assert resp.uncovered[0].exclusions[0].values["x"] == 1
    assert [u.exclusions_omitted for u in resp.uncovered] == [False, True]
    assert resp.kpis.staff[0].worked_minutes == 480
    assert resp.statistics.first_solution_seconds == 0.2 and resp.statistics.stopped_by == "time_limit"
    assert final_progress(resp).result == resp


def test_result_without_roster_leaves_optionals_unset():
    """No objective/bound/first solution: the optional fields stay unset, not 0."""
    resp = solve_result_to_proto(
        SolveResult(
            status=SolveStatus.INFEASIBLE,
            violations=(Violation("H11", "bob", ("s1",), "pin breaks H1", {"minutes": 3}),),
        )
    )
    assert resp.status == pb.INFEASIBLE
    assert not resp.HasField("objective") and not resp.HasField("best_bound")
    assert not resp.statistics.HasField("first_solution_seconds") and not resp.HasField("kpis")
    assert resp.violations[0].values["minutes"] == 3 and list(resp.violations[0].shift_ids) == ["s1"]


def test_every_status_maps():
    """Each domain status has its own protobuf enum value, by name."""
    assert {s.name: pb.SolveStatus.Name(v) for s, v in STATUS_TO_PROTO.items()} == {s.name: s.name for s in SolveStatus}


def test_real_solve_of_tiny_problem(problem_msg):
    """End to end with the real engine: a short solve answers with the client's ids."""
    pytest.importorskip("safeshift.engine.solver")
    problem_msg.staff.add(id="cara", competencies=[pb.CompetencyGrant(competency_id="HCA")])
    req = pb.SolveRequest(problem=problem_msg, parameters=pb.SolveParameters(time_limit_seconds=10, workers=1))
    resp = RosterFacade().solve(req)
    assert resp.status in (pb.OPTIMAL, pb.FEASIBLE)
    assert {a.staff_id for a in resp.assignments} <= {"alice", "bob", "cara"}
    assert {a.shift_id for a in resp.assignments} <= {"s1", "s2"}
    assert resp.objective == resp.breakdown.total
    validated = RosterFacade().validate(pb.ValidateRosterRequest(problem=problem_msg, assignments=resp.assignments))
    assert validated.valid and validated.objective == resp.objective
