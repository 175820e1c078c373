"""Audit records in the shared database: append (serialised on the chain's head row),
list with filters, get, verify and prune with a checkpoint.

Retention: ``prune`` deletes the records older than the cutoff and, in the same
transaction, appends a ``safeshift.audit/Prune`` checkpoint whose outcome names the
first kept record and the hash it links to. ``verify`` starts the chain there, so a
pruned log still verifies, while deleting more records (or the checkpoint) does not.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from ..api.errors import NotFoundError
from ..storage import Cursor, Database
from .record import GENESIS_HASH, PRUNE, RESOURCE_TYPE, AuditEntry, AuditRecord, seal
from .verify import VerifyReport, verify_records

COLUMNS = ("seq, time_us, caller, peer, rpc, request_sha256, rule_parameters, engine_version, outcome, job, "
           "staff_ids, shift_ids, previous_hash, hash")
VERIFY_BATCH = 2000


def _schema(d) -> list[str]:
    return [
        f"""CREATE TABLE IF NOT EXISTS audit_records (
            seq {d.bigint} PRIMARY KEY,
            time_us {d.bigint} NOT NULL,
            caller TEXT NOT NULL,
            peer TEXT NOT NULL,
            rpc TEXT NOT NULL,
            request_sha256 TEXT NOT NULL,
            rule_parameters TEXT NOT NULL,
            engine_version TEXT NOT NULL,
            outcome TEXT NOT NULL,
            job TEXT NOT NULL,
            staff_ids TEXT NOT NULL,
            shift_ids TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS audit_records_time ON audit_records (time_us)",
        "CREATE INDEX IF NOT EXISTS audit_records_job ON audit_records (job)",
        f"CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY, seq {d.bigint} NOT NULL, "
        f"time_us {d.bigint} NOT NULL, hash TEXT NOT NULL)",
        f"INSERT INTO audit_head (id, seq, time_us, hash) VALUES (1, 0, 0, '{GENESIS_HASH}') "
        "ON CONFLICT (id) DO NOTHING",
    ]


@dataclass(frozen=True)
class AuditQuery:
    """Filters of a listing; empty fields do not filter. Times are microseconds."""

    start_us: int | None = None  # inclusive
    end_us: int | None = None  # exclusive
    rpc: str = ""  # full name, or the method alone
    caller: str = ""
    staff_id: str = ""
    shift_id: str = ""
    job: str = ""
    newest_first: bool = False

    def where(self, position: str = "instr") -> tuple[list[str], list]:
        """SQL conditions and parameters; ``position`` is the dialect's substring function."""
        conditions, args = [], []
        if self.start_us is not None:
            conditions.append("time_us >= %s")
            args.append(self.start_us)
        if self.end_us is not None:
            conditions.append("time_us < %s")
            args.append(self.end_us)
        if self.rpc:
            if "/" in self.rpc:
                conditions.append("rpc = %s")
                args.append(self.rpc)
            else:
                conditions.append("rpc LIKE %s")
                args.append("%/" + self.rpc)
        for column, value in (("caller", self.caller), ("job", self.job)):
            if value:
                conditions.append(f"{column} = %s")
                args.append(value)
        for column, value in (("staff_ids", self.staff_id), ("shift_ids", self.shift_id)):
            if value:  # the id as a JSON string, quotes included: matches whole array elements only
                conditions.append(f"{position}({column}, %s) > 0")
                args.append(json.dumps(value, ensure_ascii=False))
        return conditions, args


def _record(row) -> AuditRecord:
    return AuditRecord(*row)


class AuditStore:
    """The audit log in ``db``; ``clock`` (seconds since the epoch) is replaceable for tests."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time, flush: bool = False):
        """``flush``: each RPC's record waits for the disk before the answer is sent
        (default: committed and visible at once, flushed within a fraction of a second)."""
        self.db, self.clock, self.flush = db, clock, flush
        with db.schema() as cur:
            for statement in _schema(db.dialect):
                cur.execute(statement)

    # ------------------------------------------------------------------ append
    def append(self, entry: AuditEntry, cur: Cursor | None = None) -> AuditRecord:
        """Append ``entry``; with ``cur``, inside that (caller's) write transaction."""
        if cur is None:
            with self.db.write(flush=self.flush) as own:
                return self._append(own, entry)
        return self._append(cur, entry)

    def _append(self, cur: Cursor, entry: AuditEntry) -> AuditRecord:
        cur.execute(f"SELECT seq, time_us, hash FROM audit_head WHERE id = 1{self.db.dialect.lock_rows}")
        head_seq, head_time, head_hash = cur.fetchone()
        # Times never go backwards along the chain (replicas' clocks may differ slightly).
        now = max(int(self.clock() * 1_000_000), head_time)
        record = seal(entry, head_seq + 1, now, head_hash)
        cur.execute(f"INSERT INTO audit_records ({COLUMNS}) VALUES ({', '.join(['%s'] * 14)})",
                    (record.seq, record.time_us, record.caller, record.peer, record.rpc, record.request_sha256,
                     record.rule_parameters, record.engine_version, record.outcome, record.job, record.staff_ids,
                     record.shift_ids, record.previous_hash, record.hash))
        cur.execute("UPDATE audit_head SET seq = %s, time_us = %s, hash = %s WHERE id = 1",
                    (record.seq, record.time_us, record.hash))
        return record

    # ------------------------------------------------------------------ reads
    def get(self, seq: int) -> AuditRecord:
        with self.db.read() as cur:
            cur.execute(f"SELECT {COLUMNS} FROM audit_records WHERE seq = %s", (seq,))
            row = cur.fetchone()
        if row is None:
            raise NotFoundError(RESOURCE_TYPE, f"auditRecords/{seq}")
        return _record(row)

    def list(self, query: AuditQuery = AuditQuery(), after_seq: int | None = None, limit: int = 100
             ) -> list[AuditRecord]:
        """Records matching ``query`` in sequence order (or reversed), after ``after_seq``."""
        conditions, args = query.where(self.db.dialect.position)
        if after_seq is not None:
            conditions.append("seq < %s" if query.newest_first else "seq > %s")
            args.append(after_seq)
        sql = f"SELECT {COLUMNS} FROM audit_records"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += f" ORDER BY seq {'DESC' if query.newest_first else 'ASC'} LIMIT %s"
        with self.db.read() as cur:
            cur.execute(sql, args + [limit])
            return [_record(row) for row in cur.fetchall()]

    def head(self) -> tuple[int, str]:
        with self.db.read() as cur:
            cur.execute("SELECT seq, hash FROM audit_head WHERE id = 1")
            seq, digest = cur.fetchone()
        return seq, digest

    # ------------------------------------------------------------------ verify and prune
    def verify(self) -> VerifyReport:
        """Check the whole chain against the head, in one consistent snapshot."""
        with self.db.read(snapshot=True) as cur:
            cur.execute("SELECT seq, hash FROM audit_head WHERE id = 1")
            head_seq, head_hash = cur.fetchone()
            return verify_records(self._all(cur), head_seq, head_hash)

    @staticmethod
    def _all(cur: Cursor) -> Iterator[AuditRecord]:
        after = -1
        while True:
            cur.execute(f"SELECT {COLUMNS} FROM audit_records WHERE seq > %s ORDER BY seq LIMIT %s",
                        (after, VERIFY_BATCH))
            rows = cur.fetchall()
            if not rows:
                return
            for row in rows:
                yield _record(row)
            after = rows[-1][0]

    def prune(self, retention_seconds: float, engine_version: str = "") -> AuditRecord | None:
        """Delete records older than ``retention_seconds`` and anchor the chain with a
        checkpoint record. Returns the checkpoint, or None when nothing was old enough."""
        cutoff = int((self.clock() - retention_seconds) * 1_000_000)
        with self.db.write() as cur:
            cur.execute(f"SELECT seq, time_us, hash FROM audit_head WHERE id = 1{self.db.dialect.lock_rows}")
            head_seq, _, head_hash = cur.fetchone()
            cur.execute("SELECT MIN(seq) FROM audit_records")
            first = cur.fetchone()[0]
            if first is None:
                return None
            cur.execute("SELECT seq, previous_hash FROM audit_records WHERE time_us >= %s ORDER BY seq LIMIT 1",
                        (cutoff,))
            row = cur.fetchone()
            keep_seq, keep_previous = row if row is not None else (head_seq + 1, head_hash)
            if keep_seq <= first:
                return None
            cur.execute("DELETE FROM audit_records WHERE seq < %s", (keep_seq,))
            pruned = cur.rowcount
            outcome = {"code": "OK", "pruned_records": pruned, "pruned_through_sequence": keep_seq - 1,
                       "first_kept_sequence": keep_seq, "first_kept_previous_hash": keep_previous,
                       "retention_seconds": retention_seconds, "cutoff_time_us": cutoff}
            return self._append(cur, AuditEntry(rpc=PRUNE, caller="safeshift", engine_version=engine_version,
                                                outcome=outcome))
