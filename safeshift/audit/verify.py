"""Checking the hash chain: every record's hash, every link, no gaps, the right start
(record 1 after the genesis hash, or the first record the latest prune checkpoint
anchors) and the right end (the head row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .record import GENESIS_HASH, PRUNE, AuditRecord


@dataclass(frozen=True)
class Problem:
    seq: int  # 0: the log as a whole
    reason: str  # HASH_MISMATCH, BROKEN_LINK, GAP, BAD_START, HEAD_MISMATCH
    message: str


@dataclass
class VerifyReport:
    records_checked: int = 0
    first_seq: int = 0
    last_seq: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_records(records: Iterable[AuditRecord], head_seq: int, head_hash: str) -> VerifyReport:
    """Check ``records`` (in sequence order) against the stored head ``(seq, hash)``."""
    report = VerifyReport(head_hash=head_hash)
    first: AuditRecord | None = None
    previous: AuditRecord | None = None
    anchor: dict | None = None  # the latest prune checkpoint's outcome
    for record in records:
        report.records_checked += 1
        if first is None:
            first = record
        if record.computed_hash() != record.hash:
            report.problems.append(Problem(record.seq, "HASH_MISMATCH",
                                           f"record {record.seq} was changed after it was written"))
        if previous is not None:
            if record.seq != previous.seq + 1:
                report.problems.append(Problem(record.seq, "GAP",
                                               f"records {previous.seq + 1}..{record.seq - 1} are missing"))
            elif record.previous_hash != previous.hash:
                report.problems.append(Problem(record.seq, "BROKEN_LINK",
                                               f"record {record.seq} does not follow record {previous.seq}"))
        if record.rpc == PRUNE:
            anchor = record.outcome_dict()
        previous = record
    _check_ends(report, first, previous, anchor, head_seq, head_hash)
    return report


def _check_ends(report: VerifyReport, first, last, anchor, head_seq: int, head_hash: str) -> None:
    if first is None:
        if head_seq != 0:
            report.problems.append(Problem(0, "HEAD_MISMATCH", f"the log is empty but {head_seq} records were written"))
        return
    report.first_seq, report.last_seq = first.seq, last.seq
    start_seq = int(anchor["first_kept_sequence"]) if anchor else 1
    start_hash = anchor["first_kept_previous_hash"] if anchor else GENESIS_HASH
    if first.seq != start_seq or first.previous_hash != start_hash:
        where = "the latest retention checkpoint" if anchor else "the start of the log"
        report.problems.append(Problem(first.seq, "BAD_START",
                                       f"the first record is {first.seq}, not the one {where} anchors ({start_seq})"))
    if last.seq != head_seq or last.hash != head_hash:
        report.problems.append(Problem(last.seq, "HEAD_MISMATCH",
                                       f"the last record is {last.seq} but the head is record {head_seq}: "
                                       "records at the end were removed or changed"))
