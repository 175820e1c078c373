"""Error and logging interceptors, on a real server whose facade is a scripted fake."""

from __future__ import annotations

import logging

import grpc
import pytest
from google.rpc import code_pb2, error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from safeshift.api.limits import Limits
from safeshift.engine.errors import FieldViolation, InvalidProblemError
from safeshift.server.app import build_server, warm_up_and_serve
from safeshift.server.errors import INTERNAL_MESSAGE
from safeshift.v1 import roster_pb2 as pb
from safeshift.v1 import roster_pb2_grpc as pb_grpc


class ScriptedFacade:
    """Behaves according to the problem id: "bad" -> InvalidProblemError, "boom" -> a bug."""

    def solve(self, req, on_progress=None, cancel=None, deadline_seconds=None):
        if req.problem.id == "bad":
            raise InvalidProblemError([FieldViolation("problem.shifts[0].end", "END_NOT_AFTER_START", "end first")])
        if req.problem.id == "boom":
            raise ZeroDivisionError("secret internals")
        if on_progress is not None:
            on_progress(pb.SolveProgress(improvement=pb.SolveImprovement(objective=5, solutions=1)))
        return pb.SolveResponse(status=pb.OPTIMAL, objective=5)

    def validate(self, req):
        return pb.ValidateRosterResponse(valid=True)


@pytest.fixture(scope="module")
def fake():
    """A server over ScriptedFacade, and a RosterService stub to it."""
    server, health, port = build_server(0, Limits(max_concurrent_solves=1), facade=ScriptedFacade())
    server.start()
    warm_up_and_serve(health)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield channel
    channel.close()
    server.stop(0).wait()


def _solve(channel, problem_id, stream=False):
    stub = pb_grpc.RosterServiceStub(channel)
    req = pb.SolveRequest(problem=pb.Problem(id=problem_id))
    with pytest.raises(grpc.RpcError) as info:
        if stream:
            list(stub.SolveStream(req, timeout=5))
        else:
            stub.Solve(req, timeout=5)
    return info.value


@pytest.mark.parametrize("stream", [False, True], ids=["unary", "stream"])
def test_unexpected_exception_is_internal_without_leaking(fake, stream, caplog):
    """A bug becomes INTERNAL with a generic message; the traceback is only in the server log."""
    with caplog.at_level(logging.ERROR, logger="safeshift.server"):
        err = _solve(fake, "boom", stream)
    assert err.code() == grpc.StatusCode.INTERNAL
    assert err.details() == INTERNAL_MESSAGE and "secret" not in (err.debug_error_string() or "")
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "ZeroDivisionError" in caplog.text and "secret internals" in caplog.text


@pytest.mark.parametrize("stream", [False, True], ids=["unary", "stream"])
def test_invalid_problem_is_invalid_argument_with_bad_request(fake, stream):
    """InvalidProblemError from either handler kind becomes INVALID_ARGUMENT with BadRequest."""
    err = _solve(fake, "bad", stream)
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rpc_status.from_call(err)
    assert status.code == code_pb2.INVALID_ARGUMENT
    bad = error_details_pb2.BadRequest()
    assert any(d.Unpack(bad) for d in status.details)
    assert [(v.field, v.reason) for v in bad.field_violations] == [("problem.shifts[0].end", "END_NOT_AFTER_START")]


def test_stream_yields_progress_then_result(fake):
    """SolveStream relays the facade's progress messages, then the result as the last message."""
    stub = pb_grpc.RosterServiceStub(fake)
    events = list(stub.SolveStream(pb.SolveRequest(problem=pb.Problem(id="ok")), timeout=5))
    assert [e.WhichOneof("event") for e in events] == ["improvement", "result"]
    assert events[-1].result.objective == 5


def test_one_access_log_line_per_rpc(fake, caplog):
    """Each RPC logs one INFO line with method, peer, status code and duration."""
    with caplog.at_level(logging.INFO, logger="safeshift.server.access"):
        pb_grpc.RosterServiceStub(fake).ValidateRoster(pb.ValidateRosterRequest(), timeout=5)
        _solve(fake, "bad")
    lines = [r.getMessage() for r in caplog.records if r.name == "safeshift.server.access"]
    assert len(lines) == 2
    assert "method=/safeshift.v1.RosterService/ValidateRoster" in lines[0] and "code=OK" in lines[0]
    assert "peer=ipv" in lines[0] and "duration_ms=" in lines[0]
    assert "method=/safeshift.v1.RosterService/Solve" in lines[1] and "code=INVALID_ARGUMENT" in lines[1]


def test_health_checks_log_at_debug_only(fake, caplog):
    """Health probes do not flood the INFO access log."""
    with caplog.at_level(logging.DEBUG, logger="safeshift.server.access"):
        health_pb2_grpc.HealthStub(fake).Check(health_pb2.HealthCheckRequest(), timeout=5)
    levels = [r.levelno for r in caplog.records if r.name == "safeshift.server.access"]
    assert levels == [logging.DEBUG]
