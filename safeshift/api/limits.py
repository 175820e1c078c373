"""Documented request limits (api.md, Conventions: "Limits are explicit").

The server uses ``max_message_bytes`` for its channel options and ``max_concurrent_solves``
for RESOURCE_EXHAUSTED; the facade checks the sizes below before converting a request.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.errors import LimitExceededError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size and time limits of one server (or CLI run)."""

    max_message_bytes: int = 64 * MIB
    max_staff: int = 2000
    max_shifts: int = 50000
    max_assignments: int = 500000  # roster size (ValidateRoster) and pinned assignments
    max_time_limit_seconds: float = 3600.0  # longer requested limits are clamped to this
    default_time_limit_seconds: float = 30.0  # when the request leaves the limit at 0
    max_concurrent_solves: int = 2  # past it the server answers RESOURCE_EXHAUSTED
    max_concurrent_evaluations: int = 4  # what-if requests computing at once; others wait their turn


DEFAULT_LIMITS = Limits()


def _check(limit: str, value: int, maximum: int) -> None:
    if value > maximum:
        raise LimitExceededError(limit, value, maximum)


def check_message_size(msg, limits: Limits = DEFAULT_LIMITS, name: str = "request") -> None:
    """Raise ``LimitExceededError("<name>.bytes", ...)`` when ``msg`` serialises too large."""
    _check(f"{name}.bytes", msg.ByteSize(), limits.max_message_bytes)


def check_problem_size(problem_msg, limits: Limits = DEFAULT_LIMITS, path: str = "problem") -> None:
    """Raise ``LimitExceededError`` naming the first exceeded limit of a ``pb.Problem``:
    ``problem.staff``, ``problem.shifts`` or ``problem.pinned``."""
    _check(f"{path}.staff", len(problem_msg.staff), limits.max_staff)
    _check(f"{path}.shifts", len(problem_msg.shifts), limits.max_shifts)
    _check(f"{path}.pinned", len(problem_msg.pinned), limits.max_assignments)


def check_assignments_size(assignments, limits: Limits = DEFAULT_LIMITS, path: str = "assignments") -> None:
    """Raise ``LimitExceededError("assignments", ...)`` for a roster longer than allowed."""
    _check(path, len(assignments), limits.max_assignments)
