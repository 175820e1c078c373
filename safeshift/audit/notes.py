"""Notes a handler adds to the audit record of the RPC it is serving (for instance
"this create returned an existing job"). The audit interceptor opens a note book around
each audited call; handlers run on the same thread, so a thread-local carries it.

A handler whose change sets off later records (a created job is run, and its end is
recorded by a worker) calls ``record_in`` inside the transaction that makes the change,
so the call's own record is written first, in the same transaction.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

# (cursor, response, notes): writes the call's success record with that cursor
WriteIn = Callable[[Any, Any, dict], None]

_local = threading.local()


@dataclass
class CallNotes:
    """One call's notes (merged into its record's outcome) and how to write its record early."""

    values: dict = field(default_factory=dict)
    write_in: WriteIn | None = None
    written: bool = False  # the success record was written by ``record_in``


def open_notes(write_in: WriteIn | None = None) -> CallNotes:
    """Start collecting notes for the current call on this thread."""
    _local.notes = CallNotes(write_in=write_in)
    return _local.notes


def close_notes() -> CallNotes:
    """The notes collected since ``open_notes`` (and stop collecting)."""
    notes = getattr(_local, "notes", None) or CallNotes()
    _local.notes = None
    return notes


def note(**values) -> None:
    """Add ``values`` to the current call's audit outcome (ignored outside an audited call)."""
    notes = getattr(_local, "notes", None)
    if notes is not None:
        notes.values.update(values)


def record_in(cur, response, **values) -> None:
    """Add ``values`` and write the call's success record (answer ``response``) now, with
    ``cur``: inside the caller's transaction. Ignored outside an audited call."""
    notes = getattr(_local, "notes", None)
    if notes is None:
        return
    notes.values.update(values)
    if notes.write_in is not None and not notes.written:
        notes.write_in(cur, response, notes.values)
        notes.written = True
