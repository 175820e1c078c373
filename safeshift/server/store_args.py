"""Command-line options of the durable store, shared by ``safeshift serve`` and
``python -m safeshift.server`` (argparse only here; the heavy imports happen later)."""

from __future__ import annotations

import argparse

DEFAULT_STORE = "sqlite:///safeshift.db"
NO_STORE = "none"


def _non_negative(kind):
    def parse(text: str):
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
        return value

    return parse


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """``--store`` and the job pool / audit retention options."""
    group = parser.add_argument_group("jobs and audit log")
    group.add_argument("--store", default=DEFAULT_STORE, metavar="URL",
                       help="sqlite:///PATH.db (default: sqlite:///safeshift.db in the working directory), "
                            "postgresql://USER@HOST:PORT/DB for replicas sharing one queue, or 'none' "
                            "(no jobs, no audit log)")
    group.add_argument("--job-workers", type=_non_negative(int), default=1, metavar="N",
                       help="jobs solved at once by this server (default 1; 0: accept jobs, run none)")
    group.add_argument("--max-active-jobs", type=_non_negative(int), default=1000, metavar="N",
                       help="queued + running jobs accepted (default 1000)")
    group.add_argument("--job-lease-seconds", type=_positive, default=30.0, metavar="S",
                       help="a replica silent this long loses its running jobs to another (default 30)")
    group.add_argument("--job-heartbeat-seconds", type=_positive, default=2.0, metavar="S",
                       help="lease renewal and progress saving period (default 2)")
    group.add_argument("--job-checkpoint-seconds", type=_positive, default=5.0, metavar="S",
                       help="at most one best-roster save per job per period (default 5)")
    group.add_argument("--audit-retention-days", type=_non_negative(float), default=0.0, metavar="DAYS",
                       help="delete audit records older than this, keeping the chain verifiable (default 0: keep all)")
    group.add_argument("--audit-flush", action="store_true",
                       help="each RPC's audit record waits for the disk flush before the answer (slower on "
                            "PostgreSQL; default: committed at once, flushed within a fraction of a second)")


def store_config_from_args(args: argparse.Namespace):
    """The ``StoreConfig`` of the parsed options, or None for ``--store none``."""
    if args.store.lower() == NO_STORE:
        return None
    from ..jobs.pool import PoolConfig
    from ..storage import parse_url
    from .durable import StoreConfig

    parse_url(args.store)  # ValueError with a clear message for a bad URL
    pool = PoolConfig(workers=args.job_workers, lease_seconds=args.job_lease_seconds,
                      heartbeat_seconds=args.job_heartbeat_seconds,
                      checkpoint_seconds=args.job_checkpoint_seconds)
    return StoreConfig(url=args.store, pool=pool, max_active_jobs=args.max_active_jobs,
                       audit_retention_days=args.audit_retention_days, audit_flush=args.audit_flush)
