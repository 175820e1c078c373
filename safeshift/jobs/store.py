"""The durable job queue, one implementation over SQLite and PostgreSQL.

State changes are single conditional statements or short transactions:
- ``claim`` takes the oldest QUEUED job, or a RUNNING one whose lease expired, and
  leases it to one worker (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite: the database
  write lock), counting an attempt;
- ``heartbeat``, ``finish`` and ``release`` only act while the caller still holds that
  lease (owner and attempt), so a worker that lost its lease can never finish a job that
  another worker took over: nothing is run twice to completion.
"""

from __future__ import annotations

import time
from typing import Callable

from ..api.errors import NotFoundError
from ..engine.errors import LimitExceededError
from ..storage import Cursor, Database
from .model import RESOURCE_TYPE, Job, JobState, NewJob

BASIC = ("id, seq, state, request_id, caller, problem_id, request_sha256, time_limit, create_us, update_us, "
         "start_us, end_us, attempts, cancel_requested, lease_owner, lease_expires_us, progress, used_seconds, "
         "checkpoint_us, error_code, error_message")
FULL = BASIC + ", request, result"
WORK = BASIC + ", request, NULL, checkpoint"
ACTIVE = "('QUEUED', 'RUNNING')"
MAX_ACTIVE_LIMIT = "max_active_jobs"


def _schema(d) -> list[str]:
    return [
        f"""CREATE TABLE IF NOT EXISTS solve_jobs (
            seq {d.serial_pk},
            id TEXT NOT NULL UNIQUE,
            request_id TEXT UNIQUE,
            state TEXT NOT NULL,
            caller TEXT NOT NULL,
            problem_id TEXT NOT NULL,
            request {d.blob} NOT NULL,
            request_sha256 TEXT NOT NULL,
            time_limit {d.double} NOT NULL,
            create_us {d.bigint} NOT NULL,
            update_us {d.bigint} NOT NULL,
            start_us {d.bigint},
            end_us {d.bigint},
            attempts INTEGER NOT NULL DEFAULT 0,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires_us {d.bigint},
            progress {d.blob},
            used_seconds {d.double} NOT NULL DEFAULT 0,
            checkpoint {d.blob},
            checkpoint_us {d.bigint},
            result {d.blob},
            error_code INTEGER NOT NULL DEFAULT 0,
            error_message TEXT NOT NULL DEFAULT '')""",
        f"CREATE INDEX IF NOT EXISTS solve_jobs_active ON solve_jobs (seq) WHERE state IN {ACTIVE}",
        "CREATE INDEX IF NOT EXISTS solve_jobs_state ON solve_jobs (state, seq)",
    ]


def _job(row) -> Job:
    (id_, seq, state, request_id, caller, problem_id, sha, limit, create_us, update_us, start_us, end_us,
     attempts, cancel, owner, expires, progress, used, checkpoint_us, error_code, error_message, *rest) = row
    request, result, checkpoint = (list(rest) + [None, None, None])[:3]
    return Job(
        id=id_, seq=seq, state=JobState(state), request_id=request_id or "", caller=caller,
        problem_id=problem_id, request_sha256=sha, time_limit_seconds=limit, create_us=create_us,
        update_us=update_us, start_us=start_us, end_us=end_us, attempts=attempts,
        cancel_requested=bool(cancel), lease_owner=owner or "", lease_expires_us=expires,
        progress=bytes(progress) if progress is not None else None, used_seconds=used,
        checkpoint_us=checkpoint_us, error_code=error_code, error_message=error_message,
        request=bytes(request) if request is not None else None,
        result=bytes(result) if result is not None else None,
        checkpoint=bytes(checkpoint) if checkpoint is not None else None,
    )


# Rows the caller still holds: the same job, still RUNNING, same lease owner and attempt.
HELD_BY = "WHERE id = %s AND state = 'RUNNING' AND lease_owner = %s AND attempts = %s"


class JobStore:
    """Jobs in ``db``; ``clock`` (seconds since the epoch) is replaceable for tests."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time):
        self.db, self.clock = db, clock
        with db.schema() as cur:
            for statement in _schema(db.dialect):
                cur.execute(statement)

    def now_us(self) -> int:
        return int(self.clock() * 1_000_000)

    # ------------------------------------------------------------------ reads
    def get(self, job_id: str, full: bool = True) -> Job:
        """The job; ``NotFoundError`` if there is none."""
        with self.db.read() as cur:
            cur.execute(f"SELECT {FULL if full else BASIC} FROM solve_jobs WHERE id = %s", (job_id,))
            row = cur.fetchone()
        if row is None:
            raise NotFoundError(RESOURCE_TYPE, f"jobs/{job_id}")
        return _job(row)

    def list(self, where: str = "", params=(), before_seq: int | None = None, limit: int = 50,
             full: bool = False) -> list[Job]:
        """Jobs newest first, after (below) ``before_seq``, matching ``where``."""
        conditions, args = [], list(params)
        if where:
            conditions.append(where)
        if before_seq is not None:
            conditions.append("seq < %s")
            args.append(before_seq)
        sql = f"SELECT {FULL if full else BASIC} FROM solve_jobs"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += " ORDER BY seq DESC LIMIT %s"
        with self.db.read() as cur:
            cur.execute(sql, args + [limit])
            return [_job(row) for row in cur.fetchall()]

    def count(self, state: JobState | None = None) -> int:
        with self.db.read() as cur:
            if state is None:
                cur.execute("SELECT COUNT(*) FROM solve_jobs")
            else:
                cur.execute("SELECT COUNT(*) FROM solve_jobs WHERE state = %s", (state.value,))
            return cur.fetchone()[0]

    # ------------------------------------------------------------------ create / cancel
    def create(self, new: NewJob, max_active: int | None = None,
               also: Callable[[Cursor, Job], None] | None = None) -> tuple[Job, bool]:
        """Store a QUEUED job; ``(job, True)``; ``also(cursor, job)`` runs in the same
        transaction (the audit record), before any worker can see the job. With a
        ``request_id`` already used, the existing job and False. Past ``max_active`` queued
        or running jobs, ``LimitExceededError``."""
        now = self.now_us()
        with self.db.write(flush=True) as cur:  # an accepted job survives even a power cut
            if new.request_id:
                existing = self._by_request_id(cur, new.request_id)
                if existing is not None:
                    return existing, False
            if max_active is not None:
                cur.execute(f"SELECT COUNT(*) FROM solve_jobs WHERE state IN {ACTIVE}")
                active = cur.fetchone()[0]
                if active >= max_active:
                    raise LimitExceededError(MAX_ACTIVE_LIMIT, active + 1, max_active)
            cur.execute(
                "INSERT INTO solve_jobs (id, request_id, state, caller, problem_id, request, request_sha256, "
                "time_limit, create_us, update_us) VALUES (%s, %s, 'QUEUED', %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (request_id) DO NOTHING",
                (new.id, new.request_id or None, new.caller, new.problem_id, new.request, new.request_sha256,
                 new.time_limit_seconds, now, now),
            )
            inserted = cur.rowcount == 1
            if not inserted:  # a concurrent create with the same request_id won
                return self._by_request_id(cur, new.request_id), False
            cur.execute(f"SELECT {BASIC} FROM solve_jobs WHERE id = %s", (new.id,))
            job = _job(cur.fetchone())
            if also is not None:
                also(cur, job)
            return job, True

    @staticmethod
    def _by_request_id(cur: Cursor, request_id: str) -> Job | None:
        cur.execute(f"SELECT {BASIC} FROM solve_jobs WHERE request_id = %s", (request_id,))
        row = cur.fetchone()
        return _job(row) if row is not None else None

    def cancel(self, job_id: str) -> tuple[Job, JobState]:
        """QUEUED: CANCELLED at once. RUNNING: ``cancel_requested`` (the worker stops).
        Returns the job after the change and its state before it."""
        now = self.now_us()
        with self.db.write() as cur:
            cur.execute(f"SELECT state FROM solve_jobs WHERE id = %s{self.db.dialect.lock_rows}", (job_id,))
            row = cur.fetchone()
            if row is None:
                raise NotFoundError(RESOURCE_TYPE, f"jobs/{job_id}")
            before = JobState(row[0])
            if before is JobState.QUEUED:
                cur.execute("UPDATE solve_jobs SET state = 'CANCELLED', cancel_requested = 1, end_us = %s, "
                            "update_us = %s, checkpoint = NULL WHERE id = %s", (now, now, job_id))
            elif before is JobState.RUNNING:
                cur.execute("UPDATE solve_jobs SET cancel_requested = 1, update_us = %s WHERE id = %s",
                            (now, job_id))
            cur.execute(f"SELECT {FULL} FROM solve_jobs WHERE id = %s", (job_id,))
            return _job(cur.fetchone()), before

    # ------------------------------------------------------------------ the worker's side
    def claim(self, owner: str, lease_seconds: float) -> Job | None:
        """Lease the next job to ``owner``: the oldest QUEUED one, or a RUNNING one whose
        lease expired (its worker died). None when there is nothing to run."""
        now = self.now_us()
        d = self.db.dialect
        with self.db.write() as cur:
            cur.execute(
                f"SELECT seq FROM solve_jobs WHERE state IN {ACTIVE} AND (state = 'QUEUED' OR lease_expires_us < %s) "
                f"ORDER BY seq LIMIT 1{d.skip_locked}",
                (now,),
            )
            row = cur.fetchone()
            if row is None:
                return None
            cur.execute(
                "UPDATE solve_jobs SET state = 'RUNNING', lease_owner = %s, lease_expires_us = %s, "
                "attempts = attempts + 1, start_us = COALESCE(start_us, %s), update_us = %s WHERE seq = %s",
                (owner, now + int(lease_seconds * 1e6), now, now, row[0]),
            )
            cur.execute(f"SELECT {WORK} FROM solve_jobs WHERE seq = %s", (row[0],))
            return _job(cur.fetchone())

    def heartbeat(self, job: Job, owner: str, lease_seconds: float, progress: bytes | None = None,
                  checkpoint: bytes | None = None, used_seconds: float | None = None) -> tuple[bool, bool]:
        """Renew the lease (and save progress / the best roster when given). Returns
        ``(still_owner, cancel_requested)``."""
        now = self.now_us()
        sets, args = ["lease_expires_us = %s"], [now + int(lease_seconds * 1e6)]
        if progress is not None:
            sets.append("progress = %s, update_us = %s")
            args += [progress, now]
        if checkpoint is not None:
            sets.append("checkpoint = %s, checkpoint_us = %s")
            args += [checkpoint, now]
        if used_seconds is not None:
            sets.append("used_seconds = %s")
            args.append(used_seconds)
        with self.db.write() as cur:
            cur.execute(
                f"UPDATE solve_jobs SET {', '.join(sets)} {HELD_BY}",
                args + [job.id, owner, job.attempts],
            )
            if cur.rowcount != 1:
                return False, False
            cur.execute("SELECT cancel_requested FROM solve_jobs WHERE id = %s", (job.id,))
            return True, bool(cur.fetchone()[0])

    def finish(self, job: Job, owner: str, state: JobState, result: bytes | None = None,
               error_code: int = 0, error_message: str = "", progress: bytes | None = None,
               also: Callable[[Cursor, Job], None] | None = None) -> Job | None:
        """End a job the caller still holds (with its last ``progress`` when given);
        ``also(cursor, job)`` runs in the same transaction (the audit record). None if
        the lease was lost."""
        now = self.now_us()
        extra, args = ("", []) if progress is None else (", progress = %s", [progress])
        with self.db.write() as cur:
            cur.execute(
                "UPDATE solve_jobs SET state = %s, result = %s, error_code = %s, error_message = %s, end_us = %s, "
                f"update_us = %s, lease_owner = NULL, lease_expires_us = NULL, checkpoint = NULL{extra} {HELD_BY}",
                [state.value, result, error_code, error_message, now, now, *args, job.id, owner, job.attempts],
            )
            if cur.rowcount != 1:
                return None
            cur.execute(f"SELECT {BASIC} FROM solve_jobs WHERE id = %s", (job.id,))
            done = _job(cur.fetchone())
            if also is not None:
                also(cur, done)
            return done

    def release(self, job: Job, owner: str, used_seconds: float, checkpoint: bytes | None = None,
                progress: bytes | None = None) -> bool:
        """Give an interrupted job back to the queue (server shutdown), keeping the best
        roster for a warm start. False if the lease was lost."""
        now = self.now_us()
        sets, args = ["state = 'QUEUED', lease_owner = NULL, lease_expires_us = NULL, used_seconds = %s, "
                      "update_us = %s"], [used_seconds, now]
        if checkpoint is not None:
            sets.append("checkpoint = %s, checkpoint_us = %s")
            args += [checkpoint, now]
        if progress is not None:
            sets.append("progress = %s")
            args.append(progress)
        with self.db.write() as cur:
            cur.execute(
                f"UPDATE solve_jobs SET {', '.join(sets)} {HELD_BY}",
                args + [job.id, owner, job.attempts],
            )
            return cur.rowcount == 1

    def expire_leases(self, owners: list[str]) -> int:
        """End the leases of ``owners`` (workers known to be dead) so their jobs can be
        claimed at once instead of after the lease runs out. Returns the count."""
        if not owners:
            return 0
        now = self.now_us()
        marks = ", ".join(["%s"] * len(owners))
        with self.db.write() as cur:
            cur.execute(f"UPDATE solve_jobs SET lease_expires_us = %s WHERE state = 'RUNNING' "
                        f"AND lease_owner IN ({marks})", [now - 1] + list(owners))
            return cur.rowcount

    def running_owners(self) -> list[str]:
        """Lease owners of RUNNING jobs."""
        with self.db.read() as cur:
            cur.execute("SELECT DISTINCT lease_owner FROM solve_jobs WHERE state = 'RUNNING'")
            return [row[0] for row in cur.fetchall() if row[0]]
