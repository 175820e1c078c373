"""SolveJobService end to end on both backends: create, watch, get, list, cancel, errors."""

from __future__ import annotations

import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jobs_helpers import State, create, details, get, wait_done, wait_for
from safeshift.jobs.pool import PoolConfig
from safeshift.server.testing import FAST_POOL
from safeshift.v1 import jobs_pb2
from safeshift.v1 import roster_pb2 as pb
from server_builders import hard_request, tiny_request

IDLE = PoolConfig(workers=0)  # accept jobs, run none


def test_create_returns_queued_at_once_and_result_equals_solve(make_server):
    """Create answers QUEUED with a name; the finished job's result is Solve's answer."""
    server = make_server()
    started = time.monotonic()
    job = create(server, tiny_request())
    assert time.monotonic() - started < 1.0
    assert job.state == State.QUEUED and job.name.startswith("jobs/") and job.caller == "ann"
    assert job.problem_id == "tiny" and job.time_limit_seconds == 10
    done = wait_done(server, job.name)
    solved = server.roster.Solve(tiny_request(), timeout=30)
    assert done.state == State.SUCCEEDED and done.attempts == 1
    assert done.result.status == solved.status == pb.OPTIMAL
    assert done.result.objective == solved.objective == 7
    assert list(done.result.assignments) == list(solved.assignments)
    assert done.request == tiny_request() and done.HasField("end_time") and done.HasField("progress")


def test_watch_streams_until_the_end(make_server):
    """Watch sends the job, then changes, and ends with the finished job (FULL view)."""
    server = make_server()
    job = create(server, tiny_request())
    updates = list(server.jobs.WatchSolveJob(jobs_pb2.WatchSolveJobRequest(name=job.name), timeout=30))
    assert updates[-1].state == State.SUCCEEDED and updates[-1].result.objective == 7
    assert all(u.state != State.SUCCEEDED for u in updates[:-1])


def test_idempotent_create_and_reused_request_id(make_server):
    """Two creates with one request_id give one job; the id with another request is ALREADY_EXISTS."""
    server = make_server(pool=IDLE)
    first = create(server, tiny_request(), request_id="order-42")
    again = create(server, tiny_request(), request_id="order-42")
    assert again.name == first.name
    listed = server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(), timeout=10).jobs
    assert [j.name for j in listed] == [first.name]
    with pytest.raises(grpc.RpcError) as info:
        create(server, tiny_request(time_limit=3), request_id="order-42")
    assert info.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert details(info.value)["resource"] == ("safeshift.v1.SolveJob", first.name)


def test_cancel_queued_job(make_server):
    """A queued job is CANCELLED at once and never runs."""
    server = make_server(pool=IDLE)
    job = create(server, tiny_request())
    cancelled = server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=job.name), timeout=10)
    assert cancelled.state == State.CANCELLED and not cancelled.HasField("result") and cancelled.attempts == 0
    again = server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=job.name), timeout=10)
    assert again.state == State.CANCELLED  # idempotent


def test_cancel_running_job_keeps_best_roster(make_server):
    """A running job stops within seconds: CANCELLED, with the best roster found as result."""
    server = make_server()
    job = create(server, hard_request(time_limit=60))
    wait_for(server, job.name, lambda j: j.state == State.RUNNING and j.HasField("progress"))
    started = time.monotonic()
    cancelled = server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=job.name), timeout=30)
    if cancelled.state == State.RUNNING:  # Cancel waits 5 s at most; a loaded machine may need longer
        assert cancelled.cancel_requested
        cancelled = wait_done(server, job.name)
    assert time.monotonic() - started < 10
    assert cancelled.state == State.CANCELLED
    assert cancelled.result.status == pb.FEASIBLE and cancelled.result.statistics.stopped_by == "cancelled"
    assert len(cancelled.result.assignments) > 0


def test_cancel_finished_job_is_failed_precondition(make_server):
    """Cancelling a SUCCEEDED job: FAILED_PRECONDITION with a PreconditionFailure naming it."""
    server = make_server()
    job = create(server, tiny_request())
    wait_done(server, job.name)
    with pytest.raises(grpc.RpcError) as info:
        server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=job.name), timeout=10)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert details(info.value)["precondition"] == [("STATE", job.name)]


def test_worker_limit_queues_in_order_and_server_stays_responsive(make_server):
    """One worker: one job RUNNING, the rest QUEUED and started in order; health, Get and
    List answer quickly meanwhile."""
    server = make_server(pool=FAST_POOL)
    names = [create(server, hard_request(time_limit=60)).name for _ in range(3)]
    wait_for(server, names[0], lambda j: j.state == State.RUNNING)
    time.sleep(0.5)
    started = time.monotonic()
    health = health_pb2_grpc.HealthStub(server.channel).Check(health_pb2.HealthCheckRequest(), timeout=2)
    states = [get(server, n).state for n in names]
    server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(), timeout=2)
    assert time.monotonic() - started < 2.0
    assert health.status == health_pb2.HealthCheckResponse.SERVING
    assert states == [State.RUNNING, State.QUEUED, State.QUEUED]
    server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=names[0]), timeout=30)
    wait_for(server, names[1], lambda j: j.state == State.RUNNING)
    assert get(server, names[2]).state == State.QUEUED
    for name in names[1:]:
        server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=name), timeout=30)


def test_paging_visits_every_job_once_newest_first(make_server):
    """25 jobs in pages of 10: 3 pages, every job once, newest first; filters page too."""
    server = make_server(pool=IDLE)
    names = [create(server, tiny_request()).name for _ in range(25)]
    server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=names[3]), timeout=10)
    seen, token, pages = [], "", 0
    while True:
        page = server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(page_size=10, page_token=token), timeout=10)
        seen += [j.name for j in page.jobs]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert pages == 3 and seen == names[::-1]
    queued = server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(filter="state = QUEUED", page_size=1000),
                                       timeout=10).jobs
    cancelled = server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(filter='state = "CANCELLED"'),
                                          timeout=10).jobs
    assert len(queued) == 24 and [j.name for j in cancelled] == [names[3]]
    assert not queued[0].HasField("request")  # BASIC view by default


@pytest.mark.parametrize(
    "call, field, reason",
    [
        (lambda s: s.jobs.GetSolveJob(jobs_pb2.GetSolveJobRequest(name="job/1")), "name", "INVALID_NAME"),
        (lambda s: s.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name="jobs/UPPER")), "name", "INVALID_NAME"),
        (lambda s: s.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(page_token="garbage!")), "page_token",
         "INVALID_PAGE_TOKEN"),
        (lambda s: s.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(filter="colour = red")), "filter",
         "INVALID_FILTER"),
        (lambda s: s.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(filter="state = DONE")), "filter",
         "INVALID_FILTER"),
        (lambda s: s.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(page_size=-1)), "page_size", "NEGATIVE_VALUE"),
    ],
)
def test_bad_input_is_invalid_argument_with_field(make_server, call, field, reason):
    """Malformed names, page tokens, filters and sizes: INVALID_ARGUMENT naming the field."""
    server = make_server(pool=IDLE)
    with pytest.raises(grpc.RpcError) as info:
        call(server)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details(info.value)["fields"] == [(field, reason)]


def test_page_token_of_another_filter_is_rejected(make_server):
    """A page token used with a different filter is INVALID_ARGUMENT on page_token."""
    server = make_server(pool=IDLE)
    for _ in range(3):
        create(server, tiny_request())
    token = server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(page_size=1), timeout=10).next_page_token
    with pytest.raises(grpc.RpcError) as info:
        server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(page_size=1, page_token=token,
                                                                filter="state = QUEUED"), timeout=10)
    assert details(info.value)["fields"] == [("page_token", "INVALID_PAGE_TOKEN")]


def test_unknown_job_is_not_found_with_resource_info(make_server):
    """Get, Cancel and Watch of a well-formed unknown name: NOT_FOUND naming it."""
    server = make_server(pool=IDLE)
    calls = [
        lambda: server.jobs.GetSolveJob(jobs_pb2.GetSolveJobRequest(name="jobs/feedbeef"), timeout=10),
        lambda: server.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name="jobs/feedbeef"), timeout=10),
        lambda: list(server.jobs.WatchSolveJob(jobs_pb2.WatchSolveJobRequest(name="jobs/feedbeef"), timeout=10)),
    ]
    for call in calls:
        with pytest.raises(grpc.RpcError) as info:
            call()
        assert info.value.code() == grpc.StatusCode.NOT_FOUND
        assert details(info.value)["resource"] == ("safeshift.v1.SolveJob", "jobs/feedbeef")


def test_invalid_problem_is_refused_with_request_paths(make_server):
    """A bad problem is refused at create: INVALID_ARGUMENT with request.problem.* paths, no job."""
    server = make_server(pool=IDLE)
    bad = tiny_request()
    bad.problem.shifts[1].end.CopyFrom(bad.problem.shifts[1].start)
    with pytest.raises(grpc.RpcError) as info:
        create(server, bad)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert ("request.problem.shifts[1].end", "END_NOT_AFTER_START") in details(info.value)["fields"]
    assert not server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(), timeout=10).jobs


def test_max_active_jobs_is_resource_exhausted(make_server):
    """Past max_active_jobs queued jobs, create answers RESOURCE_EXHAUSTED."""
    server = make_server(pool=IDLE, max_active_jobs=2)
    create(server, tiny_request())
    create(server, tiny_request())
    with pytest.raises(grpc.RpcError) as info:
        create(server, tiny_request())
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_reflection_and_health_cover_the_new_services(make_server):
    """Reflection lists SolveJobService and AuditService; health reports both SERVING."""
    from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

    server = make_server(pool=IDLE)
    services = set(ProtoReflectionDescriptorDatabase(server.channel).get_services())
    assert {"safeshift.v1.SolveJobService", "safeshift.v1.AuditService", "safeshift.v1.RosterService"} <= services
    stub = health_pb2_grpc.HealthStub(server.channel)
    for name in ("safeshift.v1.SolveJobService", "safeshift.v1.AuditService"):
        reply = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=2)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
