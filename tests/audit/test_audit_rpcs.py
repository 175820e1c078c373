"""One audit record per decision RPC, on both backends, readable through AuditService."""

from __future__ import annotations

import hashlib
import time

import grpc
import pytest
from google.protobuf import json_format
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from safeshift.audit.summary import decisions_outcome, engine_version, rule_parameters
from safeshift.jobs.pool import PoolConfig
from safeshift.server.jobs_servicer import SolveJobServicer
from safeshift.v1 import audit_pb2, jobs_pb2
from safeshift.v1 import roster_pb2 as pb
from server_builders import short_rest_request, tiny_request

CALLER = (("x-safeshift-caller", "planner-7"),)


def records(server, **filters) -> list[audit_pb2.AuditRecord]:
    return list(server.audit.ListAuditRecords(audit_pb2.ListAuditRecordsRequest(page_size=1000, **filters),
                                              timeout=10).records)


def outcome(record) -> dict:
    return json_format.MessageToDict(record.outcome)


def job_request(solve_request) -> jobs_pb2.CreateSolveJobRequest:
    return jobs_pb2.CreateSolveJobRequest(request=solve_request)


def sha(msg) -> str:
    return hashlib.sha256(msg.SerializeToString(deterministic=True)).hexdigest()


def test_validate_roster_is_recorded_before_it_returns(make_server):
    """ValidateRoster: caller, RPC, request hash, rule parameters, engine version, outcome."""
    server = make_server()
    request = short_rest_request()
    request.problem.defaults.min_rest_minutes = 600
    reply = server.roster.ValidateRoster(request, metadata=CALLER, timeout=10)
    [record] = records(server)  # written before the answer left the server
    assert record.rpc == "safeshift.v1.RosterService/ValidateRoster" and record.caller == "planner-7"
    assert record.request_sha256 == sha(request) and record.engine_version == engine_version()
    assert record.peer and record.sequence == 1 and record.name == "auditRecords/1"
    rules = json_format.MessageToDict(record.rule_parameters)
    assert rules["defaults"] == {"min_rest_minutes": 600} and rules["built_in"]["min_rest_minutes"] == 720
    assert outcome(record) == {"code": "OK", "valid": False, "violations": 1, "objective": 0,
                               "violations_by_rule": {"H4": 1}}
    assert not reply.valid


def test_solve_and_solve_stream_are_recorded(make_server):
    """Solve and SolveStream each leave one record with status and objective."""
    server = make_server()
    server.roster.Solve(tiny_request(), metadata=CALLER, timeout=30)
    stream = server.roster.SolveStream(tiny_request(), metadata=CALLER, timeout=30)
    for event in stream:
        if event.WhichOneof("event") == "result":
            # the record exists before the final message reaches the client
            assert records(server, rpc="SolveStream")
    solve, streamed = records(server)
    for record, rpc in ((solve, "Solve"), (streamed, "SolveStream")):
        assert record.rpc == f"safeshift.v1.RosterService/{rpc}"
        assert outcome(record)["status"] == "OPTIMAL" and outcome(record)["objective"] == 7
        assert record.request_sha256 == sha(tiny_request())


def test_refused_call_is_recorded_with_its_code(make_server):
    """An invalid request: the record's outcome has INVALID_ARGUMENT and the message."""
    server = make_server()
    bad = tiny_request()
    bad.problem.shifts[1].end.CopyFrom(bad.problem.shifts[1].start)
    with pytest.raises(grpc.RpcError):
        server.roster.Solve(bad, metadata=CALLER, timeout=10)
    [record] = records(server)
    assert outcome(record)["code"] == "INVALID_ARGUMENT" and "shifts[1].end" in outcome(record)["message"]


def test_job_create_cancel_and_finish_are_recorded(make_server):
    """A job leaves create and finish records (with the job name); a cancel leaves its own."""
    server = make_server()
    job = server.jobs.CreateSolveJob(jobs_pb2.CreateSolveJobRequest(request=tiny_request()), metadata=CALLER,
                                     timeout=10)
    list(server.jobs.WatchSolveJob(jobs_pb2.WatchSolveJobRequest(name=job.name), timeout=30))
    idle = make_server(pool=PoolConfig(workers=0))
    queued = idle.jobs.CreateSolveJob(jobs_pb2.CreateSolveJobRequest(request=tiny_request()), timeout=10)
    idle.jobs.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=queued.name), metadata=CALLER, timeout=10)
    create, finish = records(server, job=job.name)
    assert create.rpc.endswith("/CreateSolveJob") and outcome(create)["created"] is True
    assert finish.rpc == "safeshift.jobs/JobFinished" and finish.caller == "planner-7"
    assert outcome(finish)["state"] == "SUCCEEDED" and outcome(finish)["objective"] == 7
    assert finish.request_sha256 == sha(tiny_request())
    [cancel] = records(idle, rpc="CancelSolveJob")
    assert outcome(cancel)["state"] == "CANCELLED" and outcome(cancel)["state_before"] == "QUEUED"


def test_quick_job_finish_is_recorded_after_its_create(make_server, monkeypatch):
    """A job that ends before its CreateSolveJob answer leaves the server: the create record
    still comes first (it is written with the job, before a worker can run it)."""
    create = SolveJobServicer.CreateSolveJob

    def slow_answer(self, request, context):
        job = create(self, request, context)
        deadline = time.monotonic() + 20
        while self.service.get(jobs_pb2.GetSolveJobRequest(name=job.name)).state == jobs_pb2.SolveJob.QUEUED \
                or not records(server, rpc="JobFinished"):
            assert time.monotonic() < deadline, "the job did not end"
            time.sleep(0.02)
        return job

    monkeypatch.setattr(SolveJobServicer, "CreateSolveJob", slow_answer)
    server = make_server()
    job = server.jobs.CreateSolveJob(jobs_pb2.CreateSolveJobRequest(request=tiny_request()), metadata=CALLER,
                                     timeout=30)
    first, finish = records(server, job=job.name)
    assert first.rpc.endswith("/CreateSolveJob") and outcome(first) == {"code": "OK", "job": job.name,
                                                                       "state": "QUEUED", "created": True}
    assert first.caller == "planner-7" and first.peer and first.request_sha256 == sha(job_request(tiny_request()))
    assert finish.rpc == "safeshift.jobs/JobFinished" and finish.sequence == first.sequence + 1


def test_repeated_create_is_recorded_once_per_call(make_server):
    """The same request_id again: the existing job, recorded with created false (no second job)."""
    server = make_server(pool=PoolConfig(workers=0))
    req = jobs_pb2.CreateSolveJobRequest(request=tiny_request(), request_id="r-1")
    a = server.jobs.CreateSolveJob(req, timeout=10)
    b = server.jobs.CreateSolveJob(req, timeout=10)
    assert a.name == b.name
    assert [outcome(r)["created"] for r in records(server, rpc="CreateSolveJob")] == [True, False]


def test_job_is_not_accepted_without_its_create_record(make_server, monkeypatch):
    """The create record cannot be written: the call fails and no job is stored."""
    server = make_server(pool=PoolConfig(workers=0))
    log = server.durable.audit
    write = log.record_call

    def broken_in_transaction(*args, cur=None, **kwargs):
        if cur is not None:
            raise OSError("disk full")
        return write(*args, **kwargs)

    monkeypatch.setattr(log, "record_call", broken_in_transaction)
    with pytest.raises(grpc.RpcError) as err:
        server.jobs.CreateSolveJob(job_request(tiny_request()), timeout=10)
    assert err.value.code() == grpc.StatusCode.INTERNAL
    assert not server.jobs.ListSolveJobs(jobs_pb2.ListSolveJobsRequest(), timeout=10).jobs
    [refused] = records(server, rpc="CreateSolveJob")
    assert outcome(refused)["code"] == "INTERNAL"


def test_list_filters_paging_and_get(make_server):
    """ListAuditRecords filters by caller, staff, shift and time; pages; GetAuditRecord by name."""
    server = make_server()
    for caller in ("a", "b", "a"):
        server.roster.ValidateRoster(short_rest_request(), metadata=(("x-safeshift-caller", caller),), timeout=10)
    server.roster.Solve(tiny_request(), timeout=30)
    assert [r.sequence for r in records(server, caller="a")] == [1, 3]
    assert [r.sequence for r in records(server, staff_id="ann")] == [1, 2, 3, 4]
    assert [r.sequence for r in records(server, shift_id="late")] == [1, 2, 3]
    assert [r.sequence for r in records(server, shift_id="big")] == [4]
    everything = records(server)
    window = audit_pb2.ListAuditRecordsRequest(start_time=everything[1].time, end_time=everything[3].time)
    assert [r.sequence for r in server.audit.ListAuditRecords(window, timeout=10).records] == [2, 3]
    seen, token = [], ""
    while True:
        page = server.audit.ListAuditRecords(audit_pb2.ListAuditRecordsRequest(page_size=3, page_token=token,
                                                                               newest_first=True), timeout=10)
        seen += [r.sequence for r in page.records]
        token = page.next_page_token
        if not token:
            break
    assert seen == [4, 3, 2, 1]
    got = server.audit.GetAuditRecord(audit_pb2.GetAuditRecordRequest(name="auditRecords/2"), timeout=10)
    assert got == everything[1]
    assert server.audit.VerifyAuditLog(audit_pb2.VerifyAuditLogRequest(), timeout=10).records_checked == 4


@pytest.mark.parametrize(
    "request_msg, code, field",
    [
        (audit_pb2.GetAuditRecordRequest(name="auditRecords/99"), grpc.StatusCode.NOT_FOUND, None),
        (audit_pb2.GetAuditRecordRequest(name="records/x"), grpc.StatusCode.INVALID_ARGUMENT, "name"),
        (audit_pb2.ListAuditRecordsRequest(page_token="%%%"), grpc.StatusCode.INVALID_ARGUMENT, "page_token"),
        (audit_pb2.ListAuditRecordsRequest(start_time={"seconds": 10}, end_time={"seconds": 5}),
         grpc.StatusCode.INVALID_ARGUMENT, "end_time"),
    ],
)
def test_bad_audit_requests(make_server, request_msg, code, field):
    """Unknown record: NOT_FOUND; malformed name, token or time range: INVALID_ARGUMENT naming the field."""
    server = make_server()
    call = server.audit.GetAuditRecord if isinstance(request_msg, audit_pb2.GetAuditRecordRequest) \
        else server.audit.ListAuditRecords
    with pytest.raises(grpc.RpcError) as info:
        call(request_msg, timeout=10)
    assert info.value.code() == code
    if field:
        bad = error_details_pb2.BadRequest()
        assert any(d.Unpack(bad) for d in rpc_status.from_call(info.value).details)
        assert [v.field for v in bad.field_violations] == [field]


def test_evaluate_jobs_style_answers_keep_per_job_decisions():
    """A what-if answer's repeated entries become per-job decisions (scalar fields only)."""
    answer = jobs_pb2.ListSolveJobsResponse(jobs=[jobs_pb2.SolveJob(name="jobs/a", cancel_requested=True),
                                                  jobs_pb2.SolveJob(name="jobs/b")], next_page_token="t")
    assert decisions_outcome(answer) == {
        "code": "OK", "next_page_token": "t",
        "jobs": [{"name": "jobs/a", "cancel_requested": True}, {"name": "jobs/b"}],
    }


def test_rule_parameters_name_every_level():
    """Contracts, staff overrides, successions and weights appear when set."""
    problem = pb.Problem(contracts=[pb.Contract(id="nights", rules=pb.RuleParameters(max_consecutive_days=3))],
                         staff=[pb.Staff(id="ann", rules=pb.RuleParameters(min_rest_minutes=660)), pb.Staff(id="bo")],
                         forbidden_successions=[pb.SuccessionRule(from_category="Night", to_category="Early")])
    rules = rule_parameters(problem)
    assert rules["contracts"] == {"nights": {"max_consecutive_days": 3}}
    assert rules["staff"] == {"ann": {"min_rest_minutes": 660}}
    assert rules["forbidden_successions"] == [["Night", "Early"]] and "weights" not in rules
