"""Real server processes: SIGKILL in the middle of a solve and a restart lose nothing and
finish nothing twice; on PostgreSQL a hung replica's job is taken over after its lease."""

from __future__ import annotations

import os
import signal
import time

import grpc
import pytest

from jobs_helpers import State, create, get, wait_done, wait_for
from safeshift.server.testing import fresh_store_url, launch_process, require_backend
from safeshift.v1 import audit_pb2, audit_pb2_grpc, jobs_pb2, jobs_pb2_grpc
from server_builders import hard_request, tiny_request


class Proc:
    """A server process and stubs on a channel to it."""

    def __init__(self, store_url: str, log_path, *extra: str):
        self.log_path = log_path
        self.proc, self.port = launch_process(store_url, log_path, *extra)
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.jobs = jobs_pb2_grpc.SolveJobServiceStub(self.channel)
        self.audit = audit_pb2_grpc.AuditServiceStub(self.channel)

    def end(self, sig=signal.SIGTERM) -> None:
        self.channel.close()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=20)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def procs():
    started: list[Proc] = []
    yield started
    for p in started:
        if p.proc.poll() is None:
            os.kill(p.proc.pid, signal.SIGCONT)
            p.end(signal.SIGKILL)


def finished_records(server, name: str) -> list:
    req = audit_pb2.ListAuditRecordsRequest(job=name, rpc="JobFinished")
    return list(server.audit.ListAuditRecords(req, timeout=10).records)


def test_sigkill_mid_solve_then_restart_loses_nothing(store_url, tmp_path, procs):
    """Kill -9 while a job runs with two queued behind it: after a restart the running one
    resumes warm-started from its saved roster (attempt 2), the queued ones run, each job
    finishes exactly once, and a repeated request_id still finds its job."""
    first = Proc(store_url, tmp_path / "a.log")
    procs.append(first)
    long_job = create(first, hard_request(time_limit=5), request_id="long")
    queued = [create(first, tiny_request()).name for _ in range(2)]
    saved = wait_for(first, long_job.name, lambda j: j.state == State.RUNNING and j.HasField("checkpoint_time"))
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait()

    second = Proc(store_url, tmp_path / "b.log")
    procs.append(second)
    assert create(second, hard_request(time_limit=5), request_id="long").name == long_job.name
    done = wait_done(second, long_job.name, timeout=60)
    assert done.state == State.SUCCEEDED and done.attempts == 2
    assert done.result.objective <= saved.progress.objective
    log = (tmp_path / "b.log").read_text()
    assert f"{long_job.name}: attempt 2, warm start from" in log
    for name in queued:
        job = wait_done(second, name)
        assert job.state == State.SUCCEEDED and job.attempts == 1
    listed = second.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(), timeout=10).jobs
    assert sorted(j.name for j in listed) == sorted([long_job.name, *queued])
    for name in [long_job.name, *queued]:
        assert len(finished_records(second, name)) == 1
    assert second.audit.VerifyAuditLog(audit_pb2.VerifyAuditLogRequest(), timeout=30).ok
    second.end()
    assert second.proc.returncode == 0


def test_hung_replica_loses_its_job_after_the_lease(tmp_path, procs):
    """Two replicas on one PostgreSQL queue: the one running a job hangs (SIGSTOP); the other
    takes the job over once the 2 s lease runs out and finishes it; when the first wakes up
    it drops its attempt, so the job finishes once."""
    require_backend("postgresql")
    store_url = fresh_store_url("postgresql", tmp_path)
    replicas = [Proc(store_url, tmp_path / f"r{i}.log", "--job-lease-seconds", "2") for i in range(2)]
    procs.extend(replicas)
    job = create(replicas[0], hard_request(time_limit=6))
    running = wait_for(replicas[0], job.name, lambda j: j.state == State.RUNNING and j.worker)
    pid = int(running.worker.split("/")[1])
    hung = next(r for r in replicas if r.proc.pid == pid)
    other = next(r for r in replicas if r is not hung)
    os.kill(pid, signal.SIGSTOP)
    started = time.monotonic()
    taken = wait_for(other, job.name, lambda j: j.attempts == 2 and j.state == State.RUNNING, timeout=20)
    assert taken.worker != running.worker and time.monotonic() - started >= 1.0
    os.kill(pid, signal.SIGCONT)
    done = wait_done(other, job.name, timeout=60)
    assert done.state == State.SUCCEEDED and done.attempts == 2
    time.sleep(1.0)  # let the woken replica notice
    assert len(finished_records(other, job.name)) == 1
    assert get(hung, job.name).state == State.SUCCEEDED
    for r in replicas:
        r.end()
