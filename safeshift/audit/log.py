"""``AuditLog``: turns calls and job endings into records and appends them.

Audited RPCs: Solve, SolveStream, ValidateRoster, EvaluateJobs, CreateSolveJob and
CancelSolveJob; a job's end (SUCCEEDED, FAILED, CANCELLED) is recorded in the same
transaction that ends it, and a created job's CreateSolveJob record in the transaction
that stores it, so a job's records are in order (create before finish).
"""

from __future__ import annotations

import logging

from .record import JOB_FINISHED, AuditEntry, AuditRecord
from .store import AuditStore
from .summary import engine_version, error_outcome, outcome_of, problem_of, request_sha256, rule_parameters, subjects

log = logging.getLogger("safeshift.audit")

AUDITED_METHODS = frozenset({
    "/safeshift.v1.RosterService/Solve",
    "/safeshift.v1.RosterService/SolveStream",
    "/safeshift.v1.RosterService/ValidateRoster",
    "/safeshift.v1.RosterService/EvaluateJobs",
    "/safeshift.v1.SolveJobService/CreateSolveJob",
    "/safeshift.v1.SolveJobService/CancelSolveJob",
})


def request_fields(request) -> dict:
    """The request-side fields of a record: hash, rule parameters, staff and shift ids."""
    staff, shifts = subjects(request)
    return {
        "request_sha256": request_sha256(request),
        "rule_parameters": rule_parameters(problem_of(request)),
        "staff_ids": staff,
        "shift_ids": shifts,
    }


class AuditLog:
    """Appends records to ``store``."""

    def __init__(self, store: AuditStore):
        self.store = store

    def record_call(self, method: str, request, response=None, code: str = "OK", message: str = "",
                    caller: str = "", peer: str = "", notes: dict | None = None, cur=None) -> AuditRecord:
        """The record of one RPC: ``response`` when it succeeded, else ``code``/``message``;
        with ``cur``, inside that (caller's) write transaction."""
        outcome = outcome_of(response) if response is not None and code == "OK" else error_outcome(code, message)
        if notes:
            outcome.update(notes)
        job = str(outcome.get("job", "")) if method.startswith("/safeshift.v1.SolveJobService/") else ""
        entry = AuditEntry(rpc=method.lstrip("/"), caller=caller, peer=peer, engine_version=engine_version(),
                           outcome=outcome, job=job, **request_fields(request))
        return self.store.append(entry, cur)

    def job_finished(self, cur, job, request, response) -> AuditRecord:
        """The record of a job's end, written with ``cur`` inside the finishing transaction."""
        outcome = {"code": "OK", "job": job.name, "state": job.state.value, "attempts": job.attempts}
        if job.error_code:
            outcome.update(error_code=job.error_code, message=job.error_message[:500])
        if response is not None:
            solved = outcome_of(response)
            solved.pop("code", None)
            outcome.update(solved)
        entry = AuditEntry(rpc=JOB_FINISHED, caller=job.caller, engine_version=engine_version(), outcome=outcome,
                           job=job.name, **request_fields(request))
        return self.store.append(entry, cur)
