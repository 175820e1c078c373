"""SQLite backend: one file, WAL journal, a connection per thread.

Writers take an in-process lock first (no busy-waiting between threads of one server)
and then ``BEGIN IMMEDIATE`` (the database's write lock, which also serialises separate
processes sharing the file). Readers never block writers (WAL).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .database import SQLITE

BUSY_TIMEOUT_MS = 30_000


class _Cursor:
    """A sqlite3 cursor taking ``%s`` placeholders."""

    _translated: dict[str, str] = {}

    def __init__(self, cursor: sqlite3.Cursor):
        self._cursor = cursor

    @classmethod
    def _sql(cls, sql: str) -> str:
        out = cls._translated.get(sql)
        if out is None:
            out = cls._translated[sql] = sql.replace("%s", "?")
        return out

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def execute(self, sql, params=()):
        return self._cursor.execute(self._sql(sql), tuple(params))

    def executemany(self, sql, rows):
        return self._cursor.executemany(self._sql(sql), rows)

    def fetchone(self):
        return self._cursor.fetchone()

    def fetchall(self):
        return self._cursor.fetchall()


class SqliteDatabase:
    """The ``Database`` protocol over a SQLite file."""

    dialect = SQLITE

    def __init__(self, path: str, url: str | None = None):
        self.path = str(Path(path))
        self.url = url or f"sqlite:///{path}"
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False
        with self._connection() as conn:
            _enable_wal(conn)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across process crashes
        with self._all_lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        if self._closed:
            raise RuntimeError(f"database {self.url} is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        yield conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[_Cursor]:
        with self._connection() as conn:
            cursor = conn.cursor()
            cursor.execute(begin)
            try:
                yield _Cursor(cursor)
            except BaseException:
                conn.rollback()
                raise
            else:
                conn.commit()
            finally:
                cursor.close()

    @contextmanager
    def read(self, snapshot: bool = False) -> Iterator[_Cursor]:
        """Committed data; one consistent snapshot for the whole block (WAL)."""
        with self._transaction("BEGIN") as cursor:
            yield cursor

    @contextmanager
    def write(self, flush: bool | None = None) -> Iterator[_Cursor]:
        """One write transaction. ``flush=True``: the commit waits for the disk
        (``synchronous=FULL``); otherwise WAL ``NORMAL``: durable across process crashes."""
        with self._write_lock:
            if flush:
                with self._connection() as conn:
                    conn.execute("PRAGMA synchronous=FULL")
            try:
                with self._transaction("BEGIN IMMEDIATE") as cursor:
                    yield cursor
            finally:
                if flush:
                    with self._connection() as conn:
                        conn.execute("PRAGMA synchronous=NORMAL")

    def schema(self):
        return self.write()

    def close(self) -> None:
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL. Several connections opening a new file at once can get
    SQLITE_BUSY here without the busy handler being called, so retry up to the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
