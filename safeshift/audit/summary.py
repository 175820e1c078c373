"""What an audit record says about a request and its answer, from the protobuf messages.

- ``request_sha256``: SHA-256 of the request's deterministic serialization;
- ``rule_parameters``: the rule parameters in force (built-in defaults, the problem's
  defaults, contracts, staff overrides, forbidden successions, objective weights);
- ``subjects``: the staff and shift ids the problem names (for filtering by person/shift);
- ``outcome``: the status code and a summary of the answer (solve status, objective,
  violations by rule, per-job what-if decisions, job state).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor

MAX_DECISIONS = 1000  # per-job decisions kept in one outcome
MAX_MESSAGE = 500  # characters of an error message kept


def request_sha256(msg) -> str:
    return hashlib.sha256(msg.SerializeToString(deterministic=True)).hexdigest()


@lru_cache(maxsize=1)
def engine_version() -> str:
    """``safeshift X; ortools Y``."""
    from .. import __version__

    try:
        from ortools import __version__ as ortools_version
    except ImportError:  # pragma: no cover
        ortools_version = "?"
    return f"safeshift {__version__}; ortools {ortools_version}"


def _dict(msg) -> dict:
    return json_format.MessageToDict(msg, preserving_proto_field_name=True)


def problem_of(request):
    """The request's ``problem`` (SolveRequest, ValidateRosterRequest, EvaluateJobsRequest,
    CreateSolveJobRequest), or None."""
    fields = request.DESCRIPTOR.fields_by_name
    if "problem" in fields:
        return request.problem
    if "request" in fields and "problem" in request.request.DESCRIPTOR.fields_by_name:
        return request.request.problem
    return None


def rule_parameters(problem) -> dict:
    """The rule parameters in force for ``problem`` (a ``pb.Problem``), level by level."""
    if problem is None:
        return {}
    from ..engine.model.rules import BUILT_IN_DEFAULTS

    out = {"built_in": dict(BUILT_IN_DEFAULTS), "defaults": _dict(problem.defaults)}
    contracts = {c.id: _dict(c.rules) for c in problem.contracts if c.rules.ByteSize()}
    staff = {s.id: _dict(s.rules) for s in problem.staff if s.rules.ByteSize()}
    if contracts:
        out["contracts"] = contracts
    if staff:
        out["staff"] = staff
    if problem.forbidden_successions:
        out["forbidden_successions"] = [[r.from_category, r.to_category] for r in problem.forbidden_successions]
    if problem.weights.ByteSize():
        out["weights"] = _dict(problem.weights)
    return out


def subjects(request) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(staff ids, shift ids) the request names: its problem's, plus candidate jobs' ids."""
    problem = problem_of(request)
    staff = tuple(s.id for s in problem.staff) if problem is not None else ()
    shifts = tuple(s.id for s in problem.shifts) if problem is not None else ()
    fields = request.DESCRIPTOR.fields_by_name
    for name in ("jobs", "candidates"):  # EvaluateJobs: candidate jobs are shifts too
        f = fields.get(name)
        if f is not None and f.is_repeated and f.message_type is not None \
                and "id" in f.message_type.fields_by_name:
            shifts += tuple(item.id for item in getattr(request, name))
    return staff, shifts


def error_outcome(code_name: str, message: str) -> dict:
    return {"code": code_name, "message": (message or "")[:MAX_MESSAGE]}


def solve_outcome(response) -> dict:
    """A ``SolveResponse``: status, objective, bound, sizes."""
    from ..v1 import roster_pb2 as pb

    out = {
        "code": "OK",
        "status": pb.SolveStatus.Name(response.status),
        "assignments": len(response.assignments),
        "violations": len(response.violations),
        "uncovered": sum(u.missing for u in response.uncovered),
    }
    if response.HasField("objective"):
        out["objective"] = response.objective
    if response.HasField("best_bound"):
        out["best_bound"] = response.best_bound
    if response.statistics.stopped_by:
        out["stopped_by"] = response.statistics.stopped_by
    return out


def validate_outcome(response) -> dict:
    """A ``ValidateRosterResponse``: valid, violations (and by rule), objective."""
    by_rule = Counter(v.rule for v in response.violations)
    return {"code": "OK", "valid": response.valid, "violations": len(response.violations),
            "violations_by_rule": dict(sorted(by_rule.items())), "objective": response.objective}


def _scalars(msg) -> dict:
    out = {}
    for f, value in msg.ListFields():
        if f.is_repeated or f.type == FieldDescriptor.TYPE_MESSAGE:
            continue
        if f.type == FieldDescriptor.TYPE_ENUM:
            value = f.enum_type.values_by_number[value].name if value in f.enum_type.values_by_number else value
        elif f.type == FieldDescriptor.TYPE_BYTES:
            continue
        out[f.name] = value
    return out


def decisions_outcome(response) -> dict:
    """Any other answer (EvaluateJobs): its scalar fields, and for each repeated message
    field the scalar fields of each entry (per-job decisions: id, accepted, reason...)."""
    out = {"code": "OK", **_scalars(response)}
    for f, value in response.ListFields():
        if f.is_repeated and f.type == FieldDescriptor.TYPE_MESSAGE \
                and not f.message_type.GetOptions().map_entry:
            out[f.name] = [_scalars(item) for item in list(value)[:MAX_DECISIONS]]
            if len(value) > MAX_DECISIONS:
                out[f"{f.name}_omitted"] = len(value) - MAX_DECISIONS
    return out


def job_outcome(job_msg) -> dict:
    """A ``SolveJob`` answer (create, cancel): its name and state."""
    out = {"code": "OK", "job": job_msg.name, "state": type(job_msg).State.Name(job_msg.state)}
    if job_msg.cancel_requested:
        out["cancel_requested"] = True
    return out


def outcome_of(response) -> dict:
    """The outcome summary of a successful answer, by message type."""
    name = response.DESCRIPTOR.name
    if name == "SolveProgress":
        return solve_outcome(response.result)
    if name == "SolveResponse":
        return solve_outcome(response)
    if name == "ValidateRosterResponse":
        return validate_outcome(response)
    if name == "SolveJob":
        return job_outcome(response)
    return decisions_outcome(response)
