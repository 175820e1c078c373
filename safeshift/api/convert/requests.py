"""Requests in: ``SolveRequest`` and ``ValidateRosterRequest`` to domain values.

Size limits are checked first (``LimitExceededError``); then every bad field of the
request is reported at once (``InvalidProblemError``), parameters and problem together.
"""

from __future__ import annotations

import math

from ...engine.errors import FieldViolation, InvalidProblemError, Reason
from ...engine.model import Assignment, Problem
from ...engine.result import SolveParams
from ...v1 import roster_pb2 as pb
from ..limits import DEFAULT_LIMITS, Limits, check_assignments_size, check_message_size, check_problem_size
from .problem import assignments_from_proto, problem_from_proto


def time_limit_from_proto(value: float, path: str, limits: Limits, bad: list[FieldViolation]) -> float:
    """The effective time limit: 0 means the default, above the maximum is clamped to it;
    negative or NaN is a field violation."""
    if math.isnan(value) or value < 0:
        bad.append(FieldViolation(path, Reason.NEGATIVE_VALUE if value < 0 else Reason.INVALID_VALUE,
                                  f"a time limit must be >= 0 seconds (0: the default), got {value}"))
        return limits.default_time_limit_seconds
    if value == 0:
        return limits.default_time_limit_seconds
    return min(value, limits.max_time_limit_seconds)


def _problem(msg: pb.Problem, bad: list[FieldViolation]) -> Problem | None:
    try:
        return problem_from_proto(msg, "problem")
    except InvalidProblemError as e:
        bad += e.violations
        return None


def solve_request_from_proto(req: pb.SolveRequest, limits: Limits = DEFAULT_LIMITS) -> tuple[Problem, SolveParams]:
    """The problem and search settings of a solve request."""
    check_message_size(req, limits)
    check_problem_size(req.problem, limits)
    bad: list[FieldViolation] = []
    params = req.parameters
    time_limit = time_limit_from_proto(params.time_limit_seconds, "parameters.time_limit_seconds", limits, bad)
    if params.workers < 0:
        bad.append(FieldViolation("parameters.workers", Reason.NEGATIVE_VALUE,
                                  f"workers must be >= 0 (0: the engine chooses), got {params.workers}"))
    problem = _problem(req.problem, bad)
    if bad:
        raise InvalidProblemError(bad)
    return problem, SolveParams(
        time_limit_seconds=time_limit,
        workers=params.workers,
        seed=params.seed,
        log_search=params.log_search,
    )


def validate_request_from_proto(
    req: pb.ValidateRosterRequest, limits: Limits = DEFAULT_LIMITS
) -> tuple[Problem, tuple[Assignment, ...]]:
    """The problem and the roster to check, with every reference checked
    (``assignments[2].staff_id``) and requirement ids filled in."""
    check_message_size(req, limits)
    check_problem_size(req.problem, limits)
    check_assignments_size(req.assignments, limits)
    bad: list[FieldViolation] = []
    time_limit_from_proto(req.time_limit_seconds, "time_limit_seconds", limits, bad)
    problem = _problem(req.problem, bad)
    assignments: tuple[Assignment, ...] = ()
    if problem is not None:
        try:
            assignments = problem.check_roster(assignments_from_proto(req.assignments), "assignments")
        except InvalidProblemError as e:
            bad += e.violations
    if bad:
        raise InvalidProblemError(bad)
    return problem, assignments
