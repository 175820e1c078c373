"""Audit records to ``safeshift.v1`` messages."""

from __future__ import annotations

import json

from google.protobuf import struct_pb2

from ..v1 import audit_pb2
from .verify import VerifyReport


def record_to_proto(record) -> audit_pb2.AuditRecord:
    msg = audit_pb2.AuditRecord(
        name=record.name, sequence=record.seq, caller=record.caller, peer=record.peer, rpc=record.rpc,
        request_sha256=record.request_sha256, engine_version=record.engine_version, job=record.job,
        previous_hash=record.previous_hash, hash=record.hash,
    )
    msg.time.FromMicroseconds(record.time_us)
    _struct(msg.rule_parameters, record.rule_parameters)
    _struct(msg.outcome, record.outcome)
    return msg


def _struct(target: struct_pb2.Struct, text: str) -> None:
    try:
        value = json.loads(text)
    except ValueError:
        value = {"unparsable": text}
    target.update(value if isinstance(value, dict) else {"value": value})


def report_to_proto(report: VerifyReport) -> audit_pb2.VerifyAuditLogResponse:
    return audit_pb2.VerifyAuditLogResponse(
        ok=report.ok, records_checked=report.records_checked, first_sequence=report.first_seq,
        last_sequence=report.last_seq, head_hash=report.head_hash,
        problems=[audit_pb2.AuditProblem(sequence=p.seq, reason=p.reason, message=p.message)
                  for p in report.problems],
    )
