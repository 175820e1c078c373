"""End to end against a real server on a loopback port: discovery, health and the three RPCs."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import descriptor_pool
from google.rpc import code_pb2, error_details_pb2
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from grpc_status import rpc_status

from safeshift.api.limits import Limits
from safeshift.server.app import build_server
from safeshift.v1 import roster_pb2 as pb
from server_builders import short_rest_request, tiny_request

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def bad_request_of(err: grpc.RpcError) -> list[tuple[str, str]]:
    """(field, reason) of every BadRequest field violation in the error's status details."""
    status = rpc_status.from_call(err)
    assert status is not None and status.code == code_pb2.INVALID_ARGUMENT
    out = []
    for detail in status.details:
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(bad):
            out += [(v.field, v.reason) for v in bad.field_violations]
            assert all(v.description for v in bad.field_violations)
    return out


def test_reflection_lists_and_describes_the_services(server):
    """Reflection lists RosterService and Health, and serves RosterService's descriptor."""
    db = ProtoReflectionDescriptorDatabase(server.channel)
    services = set(db.get_services())
    assert {"safeshift.v1.RosterService", "grpc.health.v1.Health"} <= services
    service = descriptor_pool.DescriptorPool(db).FindServiceByName("safeshift.v1.RosterService")
    assert [m.name for m in service.methods] == ["Solve", "SolveStream", "ValidateRoster", "EvaluateJobs"]


def test_health_serving_after_warm_up(server):
    """After warm-up both the server ("") and RosterService report SERVING."""
    assert server.health("") == SERVING
    assert server.health("safeshift.v1.RosterService") == SERVING
    with pytest.raises(grpc.RpcError) as info:
        server.health("no.such.Service")
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


def test_health_not_serving_before_warm_up():
    """A freshly built server reports NOT_SERVING until warm-up flips it."""
    srv, _health, port = build_server(0, Limits())
    srv.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            from grpc_health.v1 import health_pb2_grpc

            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert reply.status == NOT_SERVING
    finally:
        srv.stop(0).wait()


def test_solve_tiny_problem_is_optimal_with_exact_objective(server):
    """One nurse, two overlapping shifts: she takes the 100 one, the 7 stays uncovered."""
    reply = server.stub.Solve(tiny_request(), timeout=30)
    assert reply.status == pb.OPTIMAL
    assert reply.objective == 7 and reply.breakdown.s1_uncovered == 7
    assert [(a.staff_id, a.shift_id) for a in reply.assignments] == [("ann", "big")]
    assert [(u.shift_id, u.missing) for u in reply.uncovered] == [("small", 1)]


def test_solve_stream_yields_improvements_then_result(server):
    """SolveStream sends at least one improvement, then the result as the last message."""
    events = list(server.stub.SolveStream(tiny_request(), timeout=30))
    kinds = [e.WhichOneof("event") for e in events]
    assert kinds[-1] == "result" and kinds.count("result") == 1
    improvements = [e.improvement for e in events[:-1]]
    assert len(improvements) >= 1 and all(k == "improvement" for k in kinds[:-1])
    objectives = [i.objective for i in improvements]
    assert objectives == sorted(objectives, reverse=True) and objectives[-1] == 7
    assert events[-1].result.status == pb.OPTIMAL and events[-1].result.objective == 7


def test_validate_roster_reports_short_rest(server):
    """A hand-made roster with 8 h between shifts fails H4 with the numbers involved."""
    reply = server.stub.ValidateRoster(short_rest_request(), timeout=30)
    assert not reply.valid
    [violation] = [v for v in reply.violations if v.rule == "H4"]
    assert violation.staff_id == "ann" and list(violation.shift_ids) == ["late", "early"]
    assert violation.values["rest_minutes"] == 480 and violation.values["min_rest_minutes"] == 720


def test_shift_ending_before_it_starts_is_invalid_argument(server):
    """end <= start gives INVALID_ARGUMENT naming problem.shifts[0].end, not INTERNAL."""
    req = tiny_request()
    req.problem.shifts[0].end.CopyFrom(req.problem.shifts[0].start)
    with pytest.raises(grpc.RpcError) as info:
        server.stub.Solve(req, timeout=30)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert ("problem.shifts[0].end", "END_NOT_AFTER_START") in bad_request_of(info.value)


def test_invalid_problem_in_stream_is_invalid_argument(server):
    """SolveStream reports bad input the same way as Solve."""
    req = tiny_request()
    req.problem.timezone = "Mars/Olympus_Mons"
    with pytest.raises(grpc.RpcError) as info:
        list(server.stub.SolveStream(req, timeout=30))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert ("problem.timezone", "UNKNOWN_TIME_ZONE") in bad_request_of(info.value)


def test_unknown_staff_in_roster_is_invalid_argument(server):
    """A roster naming an unknown person gives INVALID_ARGUMENT at assignments[0].staff_id."""
    req = short_rest_request()
    req.assignments[0].staff_id = "nobody"
    with pytest.raises(grpc.RpcError) as info:
        server.stub.ValidateRoster(req, timeout=30)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert bad_request_of(info.value) == [("assignments[0].staff_id", "UNKNOWN_REFERENCE")]
