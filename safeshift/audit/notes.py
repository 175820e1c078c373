"""Notes a handler adds to the audit record of the RPC it is serving (for instance
"this create returned an existing job"). The audit interceptor opens a note book around
each audited call; handlers run on the same thread, so a thread-local carries it."""

from __future__ import annotations

import threading

_local = threading.local()


def open_notes() -> dict:
    """Start collecting notes for the current call on this thread."""
    _local.notes = {}
    return _local.notes


def close_notes() -> dict:
    """The notes collected since ``open_notes`` (and stop collecting)."""
    notes = getattr(_local, "notes", None) or {}
    _local.notes = None
    return notes


def note(**values) -> None:
    """Add ``values`` to the current call's audit outcome (ignored outside an audited call)."""
    notes = getattr(_local, "notes", None)
    if notes is not None:
        notes.update(values)
