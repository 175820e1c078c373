"""The job API over the store and the worker pool, in protobuf terms: create (checked,
idempotent), get, list (paged, filtered), cancel and watch. The gRPC servicer is a thin
adapter over this class; tests call it directly too."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Callable, Iterator

from ..api.errors import AlreadyExistsError, FailedPreconditionError, InvalidRequestError
from ..audit.notes import note, record_in
from ..engine.errors import InvalidProblemError
from ..audit.summary import request_sha256
from ..storage.paging import decode_token, encode_token, page_size, query_digest
from ..v1 import jobs_pb2
from .convert import job_to_proto
from .filters import filter_sql, parse_filter
from .model import Job, JobState, NewJob, job_id_from_name
from .pool import WorkerPool
from .store import JobStore

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_REQUEST_ID = 128
CANCEL_WAIT_SECONDS = 5.0  # Cancel waits this long for a running job to stop
WATCH_POLL_SECONDS = 0.5  # Watch re-reads the store this often (jobs on other replicas)


class JobService:
    """Solve jobs: ``facade`` checks requests, ``pool`` (may be None: accept only) runs them."""

    def __init__(self, store: JobStore, facade, pool: WorkerPool | None = None, max_active_jobs: int = 1000):
        self.store, self.facade, self.pool = store, facade, pool
        self.max_active_jobs = max_active_jobs
        self.closing = threading.Event()
        self._changed = pool.changed if pool is not None else threading.Condition()

    def _proto(self, job: Job, full: bool) -> jobs_pb2.SolveJob:
        live = self.pool.live_progress(job.id) if self.pool is not None and job.state is JobState.RUNNING else None
        return job_to_proto(job, full, live)

    def create(self, req: jobs_pb2.CreateSolveJobRequest, caller: str = "") -> jobs_pb2.SolveJob:
        if len(req.request_id) > MAX_REQUEST_ID or not req.request_id.isprintable():
            raise InvalidRequestError.of("request_id", "INVALID_VALUE",
                                         f"request_id must be printable and at most {MAX_REQUEST_ID} characters")
        try:
            time_limit = self.facade.check_solve(req.request)
        except InvalidProblemError as e:  # field paths relative to CreateSolveJobRequest
            raise e.prefixed("request") from None
        payload = req.request.SerializeToString(deterministic=True)
        new = NewJob(id=secrets.token_hex(8), request=payload, request_sha256=request_sha256(req.request),
                     request_id=req.request_id, caller=caller, problem_id=req.request.problem.id,
                     time_limit_seconds=time_limit)
        def record(cur, stored: Job) -> None:  # before a worker can run (and record the end of) the job
            record_in(cur, self._proto(stored, False), job=stored.name, created=True)

        job, created = self.store.create(new, self.max_active_jobs, also=record)
        if not created and job.request_sha256 != new.request_sha256:
            raise AlreadyExistsError("safeshift.v1.SolveJob", job.name,
                                     f"request_id {req.request_id!r} was used by {job.name} for another request")
        if not created:
            note(job=job.name, created=False)
        if created and self.pool is not None:
            self.pool.wake()
        return self._proto(job, False)

    def get(self, req: jobs_pb2.GetSolveJobRequest) -> jobs_pb2.SolveJob:
        job_id = job_id_from_name(req.name)
        full = req.view != jobs_pb2.SOLVE_JOB_VIEW_BASIC
        return self._proto(self.store.get(job_id, full), full)

    def list(self, req: jobs_pb2.ListSolveJobsRequest) -> jobs_pb2.ListSolveJobsResponse:
        size = page_size(req.page_size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        where, params = filter_sql(parse_filter(req.filter))
        digest = query_digest("jobs", req.filter)
        before = decode_token(req.page_token, digest)
        full = req.view == jobs_pb2.SOLVE_JOB_VIEW_FULL
        jobs = self.store.list(where, params, before, size + 1, full)
        out = jobs_pb2.ListSolveJobsResponse(jobs=[self._proto(j, full) for j in jobs[:size]])
        if len(jobs) > size:
            out.next_page_token = encode_token(jobs[size - 1].seq, digest)
        return out

    def cancel(self, req: jobs_pb2.CancelSolveJobRequest, wait_seconds: float = CANCEL_WAIT_SECONDS
               ) -> jobs_pb2.SolveJob:
        job_id = job_id_from_name(req.name)
        job, before = self.store.cancel(job_id)
        if before in (JobState.SUCCEEDED, JobState.FAILED):
            raise FailedPreconditionError(job.name, "STATE",
                                          f"{job.name} already ended ({before.value}); only queued or running "
                                          "jobs can be cancelled")
        note(job=job.name, state_before=before.value)
        if before is JobState.RUNNING:
            if self.pool is not None:
                self.pool.cancel_local(job_id)
            job = self._wait_terminal(job_id, wait_seconds) or job
        return self._proto(self.store.get(job_id, True) if job.state.terminal else job, True)

    def _wait_terminal(self, job_id: str, seconds: float) -> Job | None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            job = self.store.get(job_id, False)
            if job.state.terminal:
                return job
            with self._changed:
                self._changed.wait(min(WATCH_POLL_SECONDS, max(0.0, end - time.monotonic())))
        return None

    def watch(self, req: jobs_pb2.WatchSolveJobRequest, active: Callable[[], bool] = lambda: True
              ) -> Iterator[jobs_pb2.SolveJob]:
        """The job now, then at each change, until it ends (the last one FULL). Stops
        early when ``active()`` turns false (the client left) or the service closes."""
        job_id = job_id_from_name(req.name)
        job = self.store.get(job_id, False)
        last = None
        while True:
            if job.state.terminal:
                yield self._proto(self.store.get(job_id, True), True)
                return
            msg = self._proto(job, False)
            key = (msg.state, msg.progress.SerializeToString(), msg.attempts, msg.cancel_requested)
            if key != last:
                last = key
                yield msg
            with self._changed:
                self._changed.wait(WATCH_POLL_SECONDS)
            if self.closing.is_set() or not active():
                return
            job = self.store.get(job_id, False)
