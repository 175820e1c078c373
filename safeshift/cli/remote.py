"""Calls to a running SafeShift server (``--server HOST:PORT``)."""

from __future__ import annotations

from contextlib import contextmanager

import grpc

from ..api.limits import DEFAULT_LIMITS
from ..v1 import roster_pb2_grpc
from .errors import CliError, violation_line

DEADLINE_GRACE_SECONDS = 60.0  # beyond the time limit: model building, validation, transfer


@contextmanager
def roster_stub(target: str):
    """A ``RosterServiceStub`` on an insecure channel to ``target``, closed afterwards."""
    if not target or ":" not in target:
        raise CliError((violation_line("--server", f"expected HOST:PORT, got {target!r}", "INVALID_VALUE"),))
    size = DEFAULT_LIMITS.max_message_bytes
    options = [("grpc.max_receive_message_length", size), ("grpc.max_send_message_length", size)]
    channel = grpc.insecure_channel(target, options=options)
    try:
        yield roster_pb2_grpc.RosterServiceStub(channel)
    finally:
        channel.close()


def deadline_for(time_limit_seconds: float) -> float:
    """The gRPC timeout of a call whose work may take ``time_limit_seconds`` (0: the default)."""
    limit = time_limit_seconds or DEFAULT_LIMITS.default_time_limit_seconds
    return min(limit, DEFAULT_LIMITS.max_time_limit_seconds) + DEADLINE_GRACE_SECONDS
