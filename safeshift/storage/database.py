"""The database protocol both backends implement, and ``open_database(url)``.

URLs: ``sqlite:///relative.db``, ``sqlite:////absolute/path.db`` (a file; WAL, no extra
service) or ``postgresql://user@host:port/db`` (several server replicas share one queue).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, Sequence


class Cursor(Protocol):
    """What the stores use of a DB-API cursor; SQL uses ``%s`` placeholders."""

    rowcount: int

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...

    def fetchone(self) -> tuple | None: ...

    def fetchall(self) -> list[tuple]: ...


@dataclass(frozen=True)
class Dialect:
    """The few SQL differences between the backends."""

    name: str  # "sqlite" or "postgresql"
    serial_pk: str  # an auto-incrementing integer primary key column type
    bigint: str
    blob: str
    double: str
    lock_rows: str  # appended to a SELECT that must lock the rows it reads
    skip_locked: str  # appended to a claim's SELECT: skip rows other replicas hold
    position: str  # position(haystack, needle) > 0: a case-sensitive substring test


SQLITE = Dialect("sqlite", "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "BLOB", "REAL", "", "", "instr")
POSTGRESQL = Dialect(
    "postgresql",
    "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    "BIGINT",
    "BYTEA",
    "DOUBLE PRECISION",
    " FOR UPDATE",
    " FOR UPDATE SKIP LOCKED",
    "strpos",
)


class Database(Protocol):
    """A connection source. ``write()`` is one transaction that holds the database's write
    lock (SQLite) or row locks (PostgreSQL) until it commits; ``read()`` sees committed data."""

    url: str
    dialect: Dialect

    def read(self) -> AbstractContextManager[Cursor]: ...

    def write(self, flush: bool | None = None) -> AbstractContextManager[Cursor]:
        """``flush``: True waits for the disk, False does not, None is the backend's default
        (SQLite WAL ``NORMAL``: durable across process crashes; PostgreSQL: flushed)."""
        ...

    def schema(self) -> AbstractContextManager[Cursor]:
        """A write transaction that also excludes other processes creating the schema."""
        ...

    def close(self) -> None: ...


def parse_url(url: str) -> tuple[str, str]:
    """``(backend, target)``: ``("sqlite", path)`` or ``("postgresql", conninfo URL)``.
    Raises ``ValueError`` for anything else."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if not path or path == ":memory:":
            raise ValueError(f"{url!r}: give a file path, e.g. sqlite:///safeshift.db")
        return "sqlite", path
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql", url
    raise ValueError(f"{url!r}: expected sqlite:///PATH or postgresql://USER@HOST:PORT/DB")


def open_database(url: str) -> Database:
    """The database at ``url`` (see module doc); PostgreSQL needs ``psycopg`` (extra ``postgres``)."""
    backend, target = parse_url(url)
    if backend == "sqlite":
        from .sqlite import SqliteDatabase

        return SqliteDatabase(target, url)
    from .postgres import PostgresDatabase

    return PostgresDatabase(target)
