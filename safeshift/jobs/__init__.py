"""Long-running solve jobs that survive restarts: a durable queue (``store``, SQLite or
PostgreSQL), a bounded worker pool with leases, heartbeats and warm-started recovery
(``pool``) and the job API in protobuf terms (``service``)."""

from .model import Job, JobState
from .pool import PoolConfig, WorkerPool
from .store import JobStore

__all__ = ["Job", "JobState", "JobStore", "PoolConfig", "WorkerPool"]
