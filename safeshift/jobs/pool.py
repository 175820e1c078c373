"""The bounded worker pool that runs jobs, and its heartbeat.

``workers`` threads each claim one job at a time from the store (oldest first) and run
it through ``RosterFacade.solve``, warm-started from the job's saved roster if a
previous attempt was interrupted. One heartbeat thread renews the leases of the running
jobs, saves their latest progress and (throttled) their best roster, and notices
cancellation requests and lost leases (another replica took the job over: the local
solve is stopped and never finishes the job).

On ``stop(release=True)`` (graceful shutdown) running solves are stopped and their jobs
go back to QUEUED with the best roster saved, so the next server resumes them at once.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

from google.rpc import code_pb2

from ..engine.errors import InvalidProblemError, LimitExceededError
from ..v1 import roster_pb2 as pb
from .model import Job, JobState
from .owners import dead_here, new_owner
from .store import JobStore

log = logging.getLogger("safeshift.jobs")

MIN_RESTART_SHARE = 0.1  # a restarted job gets at least this share of its time limit
SWEEP_EVERY_BEATS = 5  # look for dead workers on this host every N heartbeats

FinishHook = Callable[[object, Job, pb.SolveRequest, "pb.SolveResponse | None"], None]


@dataclass(frozen=True)
class PoolConfig:
    workers: int = 1  # jobs solved at once by this server (0: accept jobs, run none)
    lease_seconds: float = 30.0  # a replica silent this long loses its running jobs
    heartbeat_seconds: float = 2.0
    checkpoint_seconds: float = 5.0  # at most one best-roster save per job per period
    poll_seconds: float = 1.0  # idle workers look for work this often (and at once on create)


class RunningJob:
    """A job solving in this process; the callbacks run on the solver's thread."""

    def __init__(self, job: Job, prior_used: float):
        self.job = job
        self.cancel = threading.Event()
        self.started = time.monotonic()
        self.prior_used = prior_used
        self.user_cancel = False
        self.lease_lost = False
        self.releasing = False
        self.progress: pb.SolveImprovement | None = None
        self.progress_dirty = False
        self.roster_fn: Callable[[], list] | None = None
        self.roster_version = 0
        self.saved_version = 0
        self.last_checkpoint = float("-inf")
        self.lock = threading.Lock()
        self.on_change: Callable[[], None] = lambda: None

    def used_seconds(self) -> float:
        return self.prior_used + time.monotonic() - self.started

    def on_progress(self, progress: pb.SolveProgress) -> None:
        if progress.WhichOneof("event") != "improvement":
            return
        with self.lock:
            self.progress = progress.improvement
            self.progress_dirty = True
        self.on_change()

    def on_best_roster(self, roster_fn: Callable[[], list]) -> None:
        with self.lock:
            self.roster_fn = roster_fn
            self.roster_version += 1


class WorkerPool:
    """Runs the jobs of ``store`` through ``facade``; ``on_finish`` runs inside the
    transaction that ends a job (the audit record)."""

    def __init__(self, store: JobStore, facade, config: PoolConfig = PoolConfig(),
                 on_finish: FinishHook | None = None, owner: str | None = None,
                 maintenance: Callable[[], None] | None = None):
        self.store, self.facade, self.config = store, facade, config
        self.on_finish, self.maintenance = on_finish, maintenance
        self.owner = owner or new_owner()
        self.changed = threading.Condition()
        self._running: dict[str, RunningJob] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self._sweep()
        for i in range(self.config.workers):
            self._spawn(self._work, f"safeshift-job-worker-{i}")
        self._spawn(self._beat, "safeshift-job-heartbeat")

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self, release: bool = True, timeout: float = 15.0) -> None:
        """Stop claiming; stop running solves (their jobs go back to the queue with the
        best roster when ``release``); wait up to ``timeout`` seconds for the threads."""
        self._stopping.set()
        self._wake.set()
        with self._lock:
            running = list(self._running.values())
        for rj in running:
            rj.releasing = release
            rj.cancel.set()
        end = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, end - time.monotonic()))
        self._notify()

    def wake(self) -> None:
        """A job was queued: let an idle worker claim it now."""
        self._wake.set()

    def running_ids(self) -> list[str]:
        with self._lock:
            return list(self._running)

    def live_progress(self, job_id: str) -> pb.SolveImprovement | None:
        """The newest progress of a job running here (fresher than the store's)."""
        with self._lock:
            rj = self._running.get(job_id)
        if rj is None:
            return None
        with rj.lock:
            return rj.progress

    def cancel_local(self, job_id: str) -> bool:
        """Stop a job running here at once (its cancel request is already stored)."""
        with self._lock:
            rj = self._running.get(job_id)
        if rj is None:
            return False
        rj.user_cancel = True
        rj.cancel.set()
        return True

    def _notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    # ------------------------------------------------------------------ workers
    def _work(self) -> None:
        while not self._stopping.is_set():
            try:
                job = self.store.claim(self.owner, self.config.lease_seconds)
            except Exception:  # noqa: BLE001 - a database hiccup: try again later
                log.exception("claiming a job failed")
                job = None
            if job is None:
                self._wake.wait(self.config.poll_seconds)
                self._wake.clear()
                continue
            self._notify()
            try:
                self._run(job)
            except Exception:  # noqa: BLE001 - keep the worker alive; the lease will expire
                log.exception("running %s failed", job.name)
            self._notify()

    def _run(self, job: Job) -> None:
        request = pb.SolveRequest.FromString(job.request)
        if job.cancel_requested:  # cancelled while its worker was dying
            self._finish(job, request, JobState.CANCELLED, None)
            return
        hint = list(pb.SolveResponse.FromString(job.checkpoint).assignments) if job.checkpoint else None
        budget = None
        if job.used_seconds > 0:
            budget = max(job.time_limit_seconds - job.used_seconds, MIN_RESTART_SHARE * job.time_limit_seconds)
        log.info("%s: attempt %d%s", job.name, job.attempts,
                 f", warm start from {len(hint)} assignments" if hint else "")
        rj = RunningJob(job, job.used_seconds)
        rj.on_change = self._notify
        with self._lock:
            self._running[job.id] = rj
        if self._stopping.is_set():
            rj.releasing = True
            rj.cancel.set()
        response, error = None, None
        try:
            response = self.facade.solve(request, rj.on_progress, rj.cancel, budget, hint=hint,
                                         on_best_roster=rj.on_best_roster)
        except (InvalidProblemError, LimitExceededError) as e:
            error = (code_pb2.INVALID_ARGUMENT if isinstance(e, InvalidProblemError)
                     else code_pb2.RESOURCE_EXHAUSTED, str(e))
        except Exception:  # noqa: BLE001 - the job fails; the log has the traceback
            log.exception("%s: the solve failed", job.name)
            error = (code_pb2.INTERNAL, "internal error; the server log has the details")
        finally:
            with self._lock:
                self._running.pop(job.id, None)
        self._conclude(rj, request, response, error)

    def _conclude(self, rj: RunningJob, request, response, error) -> None:
        job = rj.job
        if rj.lease_lost:
            log.warning("%s: lease lost to another worker; dropping attempt %d", job.name, job.attempts)
            return
        interrupted = response is not None and response.statistics.stopped_by == "cancelled"
        if error is None and interrupted and rj.releasing and not rj.user_cancel:
            roster = pb.SolveResponse(assignments=response.assignments).SerializeToString() \
                if response.assignments else None
            progress = rj.progress.SerializeToString() if rj.progress is not None else None
            if self.store.release(job, self.owner, rj.used_seconds(), roster, progress):
                log.info("%s: interrupted by shutdown; back in the queue", job.name)
            return
        progress = rj.progress.SerializeToString() if rj.progress is not None else None
        if error is not None:
            self._finish(job, request, JobState.FAILED, None, error, progress)
        elif interrupted and rj.user_cancel:
            self._finish(job, request, JobState.CANCELLED, response, progress=progress)
        else:
            self._finish(job, request, JobState.SUCCEEDED, response, progress=progress)

    def _finish(self, job: Job, request, state: JobState, response, error=None, progress=None) -> None:
        code, message = error if error is not None else (0, "")
        hook = None
        if self.on_finish is not None:
            def hook(cur, done):
                self.on_finish(cur, done, request, response)
        done = self.store.finish(job, self.owner, state, response.SerializeToString() if response else None,
                                 code, message, progress, also=hook)
        if done is None:
            log.warning("%s: lease lost before it could be finished", job.name)
        else:
            log.info("%s: %s after %d attempt(s)", job.name, state.value, job.attempts)

    # ------------------------------------------------------------------ heartbeat
    def _beat(self) -> None:
        beats = 0
        while not self._stopping.wait(self.config.heartbeat_seconds):
            beats += 1
            with self._lock:
                running = list(self._running.values())
            for rj in running:
                try:
                    self._renew(rj)
                except Exception:  # noqa: BLE001 - the next beat tries again
                    log.exception("heartbeat of %s failed", rj.job.name)
            if beats % SWEEP_EVERY_BEATS == 0:
                self._sweep()
                if self.maintenance is not None:
                    try:
                        self.maintenance()
                    except Exception:  # noqa: BLE001
                        log.exception("maintenance failed")

    def _renew(self, rj: RunningJob) -> None:
        with rj.lock:
            progress = rj.progress.SerializeToString() if rj.progress_dirty and rj.progress else None
            rj.progress_dirty = False
            roster_fn, version = rj.roster_fn, rj.roster_version
        checkpoint = None
        now = time.monotonic()
        if roster_fn is not None and version > rj.saved_version \
                and now - rj.last_checkpoint >= self.config.checkpoint_seconds:
            checkpoint = pb.SolveResponse(assignments=roster_fn()).SerializeToString()
            rj.saved_version, rj.last_checkpoint = version, now
        owned, cancel_requested = self.store.heartbeat(rj.job, self.owner, self.config.lease_seconds, progress,
                                                       checkpoint, rj.used_seconds())
        if not owned:
            rj.lease_lost = True
            rj.cancel.set()
        elif cancel_requested and not rj.user_cancel:
            rj.user_cancel = True
            rj.cancel.set()

    def _sweep(self) -> None:
        """End the leases of dead workers on this host (their jobs resume at once)."""
        try:
            dead = [o for o in self.store.running_owners() if o != self.owner and dead_here(o)]
            if dead and self.store.expire_leases(dead):
                log.info("took over the jobs of %d dead worker(s) on this host", len(dead))
                self._wake.set()
        except Exception:  # noqa: BLE001
            log.exception("looking for dead workers failed")
