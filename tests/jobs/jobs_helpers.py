"""Helpers for the job tests (plain functions, no fixtures)."""

from __future__ import annotations

import time

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from safeshift.v1 import jobs_pb2

State = jobs_pb2.SolveJob.State
TERMINAL = (State.SUCCEEDED, State.FAILED, State.CANCELLED)


def create(server, request, request_id: str = "", caller: str = "ann") -> jobs_pb2.SolveJob:
    return server.jobs.CreateSolveJob(jobs_pb2.CreateSolveJobRequest(request=request, request_id=request_id),
                                      metadata=(("x-safeshift-caller", caller),), timeout=10)


def get(server, name: str, view=jobs_pb2.SOLVE_JOB_VIEW_FULL) -> jobs_pb2.SolveJob:
    return server.jobs.GetSolveJob(jobs_pb2.GetSolveJobRequest(name=name, view=view), timeout=10)


def wait_for(server, name: str, predicate, timeout: float = 30.0) -> jobs_pb2.SolveJob:
    """Poll the job until ``predicate(job)``; fail after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while True:
        job = get(server, name)
        if predicate(job):
            return job
        if time.monotonic() > end:
            raise AssertionError(f"timed out; last: {job}")
        time.sleep(0.05)


def wait_done(server, name: str, timeout: float = 30.0) -> jobs_pb2.SolveJob:
    return wait_for(server, name, lambda j: j.state in TERMINAL, timeout)


def details(err: grpc.RpcError) -> dict:
    """The error's status details by kind: field violations, resource info, precondition failures."""
    out = {"fields": [], "resource": None, "precondition": []}
    status = rpc_status.from_call(err)
    for detail in status.details if status else ():
        bad, resource, pre = (error_details_pb2.BadRequest(), error_details_pb2.ResourceInfo(),
                              error_details_pb2.PreconditionFailure())
        if detail.Unpack(bad):
            out["fields"] += [(v.field, v.reason) for v in bad.field_violations]
        elif detail.Unpack(resource):
            out["resource"] = (resource.resource_type, resource.resource_name)
        elif detail.Unpack(pre):
            out["precondition"] += [(v.type, v.subject) for v in pre.violations]
    return out
