"""Errors the CLI reports as plain lines on stderr, never as a traceback.

Every line has the form ``field: description (REASON)``, the same shape as a field
violation of ``InvalidProblemError`` or of a gRPC ``google.rpc.BadRequest`` detail.
"""

from __future__ import annotations

import grpc

BAD_INPUT = 2  # exit code: the input was rejected
SERVER_ERROR = 3  # exit code: the server failed or could not be reached


class CliError(Exception):
    """A failure to report as ``lines`` on stderr, exiting with ``exit_code``."""

    def __init__(self, lines: tuple[str, ...], exit_code: int = BAD_INPUT):
        self.lines, self.exit_code = tuple(lines), exit_code
        super().__init__("\n".join(self.lines))


def violation_line(field: str, description: str, reason: str) -> str:
    """One line ``field: description (REASON)``."""
    return f"{field or '(request)'}: {description}" + (f" ({reason})" if reason else "")


def from_engine_error(error: Exception, prefix: str = "") -> CliError:
    """A ``CliError`` for an ``InvalidProblemError`` or ``LimitExceededError``, field paths
    prefixed with ``prefix.`` when given."""
    from ..engine.errors import InvalidProblemError, LimitExceededError

    if isinstance(error, InvalidProblemError):
        if prefix:
            error = error.prefixed(prefix)
        return CliError(tuple(violation_line(v.field, v.description, v.reason) for v in error.violations))
    if isinstance(error, LimitExceededError):
        field = f"{prefix}.{error.limit}" if prefix else error.limit
        return CliError((violation_line(field, f"{error.value} exceeds the maximum of {error.maximum}", "TOO_LARGE"),))
    return CliError((violation_line(prefix, str(error), "INVALID_VALUE"),))


def from_rpc_error(error: grpc.RpcError) -> CliError:
    """A ``CliError`` for a failed call: the status code and message, then one line per
    ``BadRequest`` field violation (or ``QuotaFailure`` violation). INVALID_ARGUMENT exits
    as bad input, anything else as a server error."""
    code = error.code() if hasattr(error, "code") else None
    details = error.details() if hasattr(error, "details") else str(error)
    name = code.name if code is not None else "UNKNOWN"
    lines = [f"server: {details or 'call failed'} ({name})"]
    lines += _bad_request_lines(error)
    exit_code = BAD_INPUT if code == grpc.StatusCode.INVALID_ARGUMENT else SERVER_ERROR
    return CliError(tuple(lines), exit_code)


def _bad_request_lines(error: grpc.RpcError) -> list[str]:
    try:
        from google.rpc import error_details_pb2
        from grpc_status import rpc_status

        status = rpc_status.from_call(error)
    except Exception:  # no rich status attached, or a malformed one: the code says enough
        return []
    if status is None:
        return []
    lines = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            lines += [violation_line(v.field, v.description, v.reason) for v in bad.field_violations]
        elif detail.Is(error_details_pb2.QuotaFailure.DESCRIPTOR):
            quota = error_details_pb2.QuotaFailure()
            detail.Unpack(quota)
            lines += [violation_line(v.subject, v.description, "LIMIT_EXCEEDED") for v in quota.violations]
    return lines
