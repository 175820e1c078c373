"""PostgreSQL backend (psycopg 3): a small connection pool, one transaction per block.

Several server replicas may share one database: the job queue is claimed with
``FOR UPDATE SKIP LOCKED`` and the audit chain's head row is locked ``FOR UPDATE`` while
a record is appended, so the chain stays linear across replicas. A replica that stops
inside a transaction (hung, or paused) would hold those row locks, and the others would
skip its jobs for good: the server ends such a session after
``IDLE_IN_TRANSACTION_SECONDS``, which frees the locks (the pool then drops the broken
connection).
"""

from __future__ import annotations

import queue
import threading
from contextlib import contextmanager
from typing import Iterator

from .database import POSTGRESQL

MAX_CONNECTIONS = 16
CONNECT_TIMEOUT_SECONDS = 10
WAIT_FOR_CONNECTION_SECONDS = 30.0
# Our transactions last milliseconds; one idle this long belongs to a stalled process.
IDLE_IN_TRANSACTION_SECONDS = 8
SCHEMA_LOCK_KEY = 0x5AFE5 << 8  # pg_advisory_xact_lock key while the schema is created


def _psycopg():
    try:
        import psycopg
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise RuntimeError("PostgreSQL storage needs psycopg: pip install 'safeshift[postgres]'") from e
    return psycopg


class PostgresDatabase:
    """The ``Database`` protocol over a PostgreSQL server."""

    dialect = POSTGRESQL

    def __init__(self, url: str, max_connections: int = MAX_CONNECTIONS):
        self.url = url
        self._psycopg = _psycopg()
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(max_connections)
        self._closed = False
        with self.read() as cursor:  # fail fast on a wrong URL
            cursor.execute("SELECT 1")

    def _connect(self):
        # Added to the URL's own options (a search_path, say), which a keyword would replace.
        given = self._psycopg.conninfo.conninfo_to_dict(self.url).get("options", "")
        options = f"{given} -c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_SECONDS * 1000}".strip()
        return self._psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS, options=options)

    @contextmanager
    def _connection(self):
        if self._closed:
            raise RuntimeError("database is closed")
        if not self._slots.acquire(timeout=WAIT_FOR_CONNECTION_SECONDS):
            raise TimeoutError(f"no free database connection within {WAIT_FOR_CONNECTION_SECONDS} s")
        conn = None
        try:
            try:
                conn = self._idle.get_nowait()
                if conn.closed or conn.broken:
                    conn = None
            except queue.Empty:
                pass
            if conn is None:
                conn = self._connect()
            yield conn
        except BaseException:
            if conn is not None and (conn.closed or conn.broken):
                conn = None
            raise
        finally:
            if conn is not None and not self._closed:
                self._idle.put(conn)
            elif conn is not None:
                conn.close()
            self._slots.release()

    @contextmanager
    def read(self, snapshot: bool = False) -> Iterator:
        """Committed data; ``snapshot``: one repeatable-read snapshot for the whole block."""
        with self._connection() as conn:
            if not snapshot:
                with conn.cursor() as cursor:
                    yield cursor
                return
            with conn.transaction(), conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield cursor

    @contextmanager
    def write(self, flush: bool | None = None) -> Iterator:
        """One transaction. ``flush=False``: the commit does not wait for the WAL flush
        (``synchronous_commit = off``: a crash of the database server may lose the last
        fraction of a second of such commits, never corrupt anything)."""
        with self._connection() as conn, conn.transaction(), conn.cursor() as cursor:
            if flush is False:
                cursor.execute("SET LOCAL synchronous_commit = off")
            yield cursor

    @contextmanager
    def schema(self) -> Iterator:
        with self.write() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            yield cursor

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
