"""Wiring of the durable services: the store, the job pool, SolveJobService,
AuditService and the audit interceptor, from one ``StoreConfig``.

``serve`` builds them when a store is configured (``safeshift serve --store URL``),
starts the worker pool after warm-up, and on shutdown ends the watch streams and stops
the pool, which puts interrupted jobs back in the queue with their best roster.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import grpc

from ..audit.log import AuditLog
from ..audit.store import AuditStore
from ..audit.summary import engine_version
from ..jobs.pool import PoolConfig, WorkerPool
from ..jobs.service import JobService
from ..jobs.store import JobStore
from ..storage import open_database
from ..v1 import audit_pb2, audit_pb2_grpc, jobs_pb2, jobs_pb2_grpc
from .audit_interceptor import AuditInterceptor
from .jobs_servicer import AuditServicer, SolveJobServicer

log = logging.getLogger("safeshift.server")

DEFAULT_STORE = "sqlite:///safeshift.db"
JOB_SERVICE = jobs_pb2.DESCRIPTOR.services_by_name["SolveJobService"].full_name
AUDIT_SERVICE = audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name
DAY_SECONDS = 86400.0
PRUNE_INTERVAL_SECONDS = 3600.0  # retention pruning runs at start and then at most hourly


@dataclass(frozen=True)
class StoreConfig:
    """Where jobs and the audit log live, and how jobs run."""

    url: str = DEFAULT_STORE
    pool: PoolConfig = PoolConfig()
    max_active_jobs: int = 1000  # queued + running; past it CreateSolveJob is RESOURCE_EXHAUSTED
    max_watchers: int = 8  # open WatchSolveJob streams; each holds an RPC thread
    audit_retention_days: float = 0.0  # 0: keep every record
    audit_flush: bool = False  # True: each RPC's audit record waits for the disk flush


class DurableServices:
    """The job and audit services of one server over one database."""

    def __init__(self, config: StoreConfig, facade):
        self.config = config
        self.db = open_database(config.url)
        self.audit_store = AuditStore(self.db, flush=config.audit_flush)
        self.audit = AuditLog(self.audit_store)
        self.job_store = JobStore(self.db)
        self.pool = WorkerPool(self.job_store, facade, config.pool, on_finish=self.audit.job_finished,
                               maintenance=self.prune)
        self.jobs = JobService(self.job_store, facade, self.pool, config.max_active_jobs)
        self.interceptor = AuditInterceptor(self.audit)
        self._started = False
        self._last_prune = float("-inf")

    @property
    def extra_threads(self) -> int:
        """RPC threads to add for the watch streams."""
        return self.config.max_watchers

    def register(self, server: grpc.Server) -> tuple[str, ...]:
        """Add both services to ``server``; returns their names (for reflection and health)."""
        jobs_pb2_grpc.add_SolveJobServiceServicer_to_server(
            SolveJobServicer(self.jobs, self.config.max_watchers), server)
        audit_pb2_grpc.add_AuditServiceServicer_to_server(AuditServicer(self.audit_store), server)
        return JOB_SERVICE, AUDIT_SERVICE

    def start(self) -> None:
        """Prune the audit log (if retention is set) and start running jobs."""
        self.prune(force=True)
        self.pool.start()
        self._started = True

    def prune(self, force: bool = False) -> None:
        """Apply the audit retention (at most once per ``PRUNE_INTERVAL_SECONDS``)."""
        days = self.config.audit_retention_days
        if days > 0 and (force or time.monotonic() - self._last_prune >= PRUNE_INTERVAL_SECONDS):
            self._last_prune = time.monotonic()
            checkpoint = self.audit_store.prune(days * DAY_SECONDS, engine_version())
            if checkpoint is not None:
                log.info("audit retention: %s", checkpoint.outcome)

    def begin_shutdown(self) -> None:
        """End watch streams, stop the pool (interrupted jobs go back to the queue)."""
        self.jobs.closing.set()
        if self._started:
            self.pool.stop(release=True)
            self._started = False

    def close(self) -> None:
        """``begin_shutdown`` if not done, then close the database (after the server stopped)."""
        self.begin_shutdown()
        self.db.close()
