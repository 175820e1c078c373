"""Audit records and their hash chain.

A record's hash is the SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of
all its fields except the hash itself, the previous record's hash included. The JSON
parts (rule parameters, outcome, staff and shift ids) are hashed as the exact text stored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping

GENESIS_HASH = "0" * 64  # the previous hash of record 1
NAME_PREFIX = "auditRecords/"
RESOURCE_TYPE = "safeshift.v1.AuditRecord"

# Internal events (not RPCs).
JOB_FINISHED = "safeshift.jobs/JobFinished"
PRUNE = "safeshift.audit/Prune"


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 text, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class AuditEntry:
    """What a caller asks to record; the store adds sequence, time and the chain."""

    rpc: str
    caller: str = ""
    peer: str = ""
    request_sha256: str = ""
    rule_parameters: Mapping[str, Any] = field(default_factory=dict)
    engine_version: str = ""
    outcome: Mapping[str, Any] = field(default_factory=dict)
    job: str = ""
    staff_ids: tuple[str, ...] = ()
    shift_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditRecord:
    """One stored record. ``rule_parameters``, ``outcome`` (objects) and ``staff_ids``,
    ``shift_ids`` (arrays: the ids the request's problem names) are canonical JSON."""

    seq: int
    time_us: int
    caller: str
    peer: str
    rpc: str
    request_sha256: str
    rule_parameters: str
    engine_version: str
    outcome: str
    job: str
    staff_ids: str
    shift_ids: str
    previous_hash: str
    hash: str

    @property
    def name(self) -> str:
        return f"{NAME_PREFIX}{self.seq}"

    def computed_hash(self) -> str:
        """The hash this record's content calls for (equal to ``hash`` unless edited)."""
        return record_hash(self.seq, self.time_us, self.caller, self.peer, self.rpc, self.request_sha256,
                           self.rule_parameters, self.engine_version, self.outcome, self.job, self.staff_ids,
                           self.shift_ids, self.previous_hash)

    def outcome_dict(self) -> dict:
        return json.loads(self.outcome)


def record_hash(seq: int, time_us: int, caller: str, peer: str, rpc: str, request_sha256: str,
                rule_parameters: str, engine_version: str, outcome: str, job: str, staff_ids: str,
                shift_ids: str, previous_hash: str) -> str:
    content = {
        "seq": seq, "time_us": time_us, "caller": caller, "peer": peer, "rpc": rpc,
        "request_sha256": request_sha256, "rule_parameters": rule_parameters,
        "engine_version": engine_version, "outcome": outcome, "job": job, "staff_ids": staff_ids,
        "shift_ids": shift_ids,
        "previous_hash": previous_hash,
    }
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def seal(entry: AuditEntry, seq: int, time_us: int, previous_hash: str) -> AuditRecord:
    """The record for ``entry`` at position ``seq`` after a record hashed ``previous_hash``."""
    rules = canonical_json(dict(entry.rule_parameters))
    outcome = canonical_json(dict(entry.outcome))
    staff = canonical_json(list(dict.fromkeys(entry.staff_ids)))
    shifts = canonical_json(list(dict.fromkeys(entry.shift_ids)))
    digest = record_hash(seq, time_us, entry.caller, entry.peer, entry.rpc, entry.request_sha256, rules,
                         entry.engine_version, outcome, entry.job, staff, shifts, previous_hash)
    return AuditRecord(seq, time_us, entry.caller, entry.peer, entry.rpc, entry.request_sha256, rules,
                       entry.engine_version, outcome, entry.job, staff, shifts, previous_hash, digest)


def seq_from_name(name: str, field: str = "name") -> int:
    """The sequence in ``auditRecords/{sequence}`` (a bare number is accepted too)."""
    from ..api.errors import InvalidRequestError

    text = name[len(NAME_PREFIX):] if name.startswith(NAME_PREFIX) else name
    if not text.isdigit() or int(text) < 1:
        raise InvalidRequestError.of(field, "INVALID_NAME",
                                     f"expected an audit record name like auditRecords/42, got {name!r}")
    return int(text)
