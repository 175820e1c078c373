"""``python -m safeshift.server``: a real process that warms up, serves and stops on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from safeshift.v1 import roster_pb2 as pb
from safeshift.v1 import roster_pb2_grpc as pb_grpc
from server_builders import hard_request, tiny_request


def launch(tmp_path, grace: float):
    """Start the server as a subprocess on a free port; returns (process, port, log path)."""
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "safeshift.server", "--port", "0", "--grace", str(grace)],
            stdout=subprocess.PIPE,
            stderr=log,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            cwd=tmp_path,  # the default job store (safeshift.db) goes there
        )
    line = proc.stdout.readline().decode()  # blocks until "listening on" (after warm-up)
    match = re.match(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not match:
        proc.kill()
        raise AssertionError(f"unexpected first line {line!r}; log: {log_path.read_text()}")
    return proc, int(match.group(1)), log_path


@pytest.fixture
def process(tmp_path):
    """The server as a subprocess with a 5 s grace period; killed if a test leaves it running."""
    proc, port, log_path = launch(tmp_path, grace=5)
    yield proc, port, log_path
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    proc.stdout.close()


def test_module_serves_and_stops_gracefully_on_sigterm(process):
    """The process prints its port, serves SERVING and a solve, then exits 0 on SIGTERM."""
    proc, port, log_path = process
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        assert pb_grpc.RosterServiceStub(channel).Solve(tiny_request(), timeout=30).status == pb.OPTIMAL
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    assert time.monotonic() - started < 6
    log = log_path.read_text()
    assert "received SIGTERM" in log and "stopped" in log
    assert "method=/safeshift.v1.RosterService/Solve" in log


def test_sigterm_cancels_running_solves_after_the_grace_period(tmp_path):
    """A solve still running when SIGTERM arrives is cancelled after the grace period."""
    proc, port, _log = launch(tmp_path, grace=1)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stream = pb_grpc.RosterServiceStub(channel).SolveStream(hard_request(time_limit=60), timeout=60)
            assert next(stream).WhichOneof("event") == "improvement"
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            with pytest.raises(grpc.RpcError) as info:
                for _ in stream:
                    pass
            assert info.value.code() in (grpc.StatusCode.CANCELLED, grpc.StatusCode.UNAVAILABLE)
            assert proc.wait(timeout=15) == 0
            assert time.monotonic() - started < 4
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
