"""The audit log: an append-only, hash-chained record of every decision the engine takes.

``record`` defines records and their hash, ``store`` appends, lists and prunes them in
the shared database, ``verify`` checks the chain, ``summary`` turns requests and answers
into records' fields and ``convert`` makes ``safeshift.v1.AuditRecord`` messages.
"""

from .record import GENESIS_HASH, AuditEntry, AuditRecord
from .store import AuditQuery, AuditStore
from .verify import VerifyReport, verify_records

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditQuery", "AuditRecord", "AuditStore", "VerifyReport",
           "verify_records"]
