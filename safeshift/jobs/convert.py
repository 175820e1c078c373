"""Jobs to ``safeshift.v1.SolveJob`` messages."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from ..v1 import jobs_pb2
from ..v1 import roster_pb2 as pb
from .model import Job

STATE_TO_PROTO = {name: jobs_pb2.SolveJob.State.Value(name) for name in
                  ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED")}


def _time(target: Timestamp, us: int | None) -> None:
    if us is not None:
        target.FromMicroseconds(us)


def job_to_proto(job: Job, full: bool, live_progress: pb.SolveImprovement | None = None) -> jobs_pb2.SolveJob:
    """The message for ``job``; ``full`` adds the request and the result when loaded.
    ``live_progress`` (a job running in this process) wins over the stored progress."""
    msg = jobs_pb2.SolveJob(
        name=job.name, state=STATE_TO_PROTO[job.state.value], request_id=job.request_id, caller=job.caller,
        problem_id=job.problem_id, attempts=job.attempts, cancel_requested=job.cancel_requested,
        time_limit_seconds=job.time_limit_seconds, request_sha256=job.request_sha256,
        worker=job.lease_owner if job.state.value == "RUNNING" else "",
    )
    _time(msg.create_time, job.create_us)
    _time(msg.update_time, job.update_us)
    if job.start_us is not None:
        _time(msg.start_time, job.start_us)
    if job.end_us is not None:
        _time(msg.end_time, job.end_us)
    if job.checkpoint_us is not None:
        _time(msg.checkpoint_time, job.checkpoint_us)
    if live_progress is not None:
        msg.progress.CopyFrom(live_progress)
    elif job.progress:
        msg.progress.ParseFromString(job.progress)
    if job.error_code:
        msg.error.code, msg.error.message = job.error_code, job.error_message
    if full:
        if job.request is not None:
            msg.request.ParseFromString(job.request)
        if job.result is not None:
            msg.result.ParseFromString(job.result)
    return msg
