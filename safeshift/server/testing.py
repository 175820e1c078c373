"""Test helpers for the durable services (also used by the benchmark): a PostgreSQL
cluster shared by the whole test run, fresh store URLs on either backend, in-process
servers with jobs and audit, and real server processes.

PostgreSQL tests need Debian's ``postgresql`` binaries and ``psycopg``: without them the
tests are skipped with the reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from ..api.facade import RosterFacade
from ..api.limits import Limits
from ..jobs.pool import PoolConfig
from ..storage.tempcluster import TempPostgres, find_bin_dir
from ..v1 import audit_pb2_grpc, jobs_pb2_grpc, roster_pb2_grpc
from .app import build_server, warm_up_and_serve
from .durable import DurableServices, StoreConfig

BACKENDS = ("sqlite", "postgresql")
FAST_POOL = PoolConfig(workers=1, lease_seconds=5.0, heartbeat_seconds=0.2, checkpoint_seconds=0.3,
                       poll_seconds=0.2)

_cluster: TempPostgres | None = None
_cluster_lock = threading.Lock()


def postgres_missing() -> str | None:
    """Why PostgreSQL tests cannot run here, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    if find_bin_dir() is None:
        return "PostgreSQL binaries not found (apt-get install postgresql)"
    return None


def cluster() -> TempPostgres:
    """The run's PostgreSQL cluster, started on first use and stopped at exit."""
    global _cluster
    with _cluster_lock:
        if _cluster is None:
            pg = TempPostgres(fast=True)
            pg.start()
            atexit.register(pg.stop)
            _cluster = pg
        return _cluster


def fresh_store_url(backend: str, tmp_path: Path) -> str:
    """An empty store on ``backend`` (a new SQLite file, or a new PostgreSQL schema)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return cluster().new_schema()


def require_backend(backend: str) -> None:
    """Skip (or under CI fail) when ``backend`` cannot run here."""
    import pytest

    if backend != "postgresql":
        return
    missing = postgres_missing()
    if missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL tests must run in CI: {missing}")
        pytest.skip(missing)


@dataclass
class DurableServer:
    """An in-process server with jobs and audit over ``url``."""

    url: str
    pool: PoolConfig = FAST_POOL
    limits: Limits = field(default_factory=Limits)
    max_active_jobs: int = 1000
    facade: RosterFacade | None = None
    retention_days: float = 0.0

    def start(self) -> DurableServer:
        config = StoreConfig(url=self.url, pool=self.pool, max_active_jobs=self.max_active_jobs,
                             audit_retention_days=self.retention_days)
        self.durable = DurableServices(config, self.facade or RosterFacade(self.limits))
        self.server, health, self.port = build_server(0, self.limits, durable=self.durable)
        self.server.start()
        warm_up_and_serve(health)
        self.durable.start()
        self.channel = grpc.insecure_channel(self.address)
        grpc.channel_ready_future(self.channel).result(timeout=10)
        self.jobs = jobs_pb2_grpc.SolveJobServiceStub(self.channel)
        self.audit = audit_pb2_grpc.AuditServiceStub(self.channel)
        self.roster = roster_pb2_grpc.RosterServiceStub(self.channel)
        return self

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.channel.close()
        self.durable.begin_shutdown()
        self.server.stop(0).wait()
        self.durable.close()


def launch_process(store_url: str, log_path: Path, *extra: str) -> tuple[subprocess.Popen, int]:
    """``python -m safeshift.server`` on a free port with fast job timings; returns
    (process, port) once it serves."""
    args = [sys.executable, "-m", "safeshift.server", "--port", "0", "--grace", "2", "--store", store_url,
            "--job-heartbeat-seconds", "0.2", "--job-checkpoint-seconds", "0.3", *extra]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, cwd=log_path.parent,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = proc.stdout.readline().decode()
    match = re.match(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not match:
        proc.kill()
        proc.wait()
        raise AssertionError(f"server did not start: {line!r}; log: {log_path.read_text()}")
    return proc, int(match.group(1))
