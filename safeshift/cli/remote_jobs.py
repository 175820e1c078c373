"""Channels and metadata for the ``jobs`` and ``audit`` commands (``--server HOST:PORT``)."""

from __future__ import annotations

import getpass
import os
from contextlib import contextmanager

import grpc

from ..api.limits import DEFAULT_LIMITS
from .errors import CliError, violation_line

DEFAULT_SERVER = "localhost:50051"
CALLER_METADATA = "x-safeshift-caller"


def default_caller() -> str:
    """``$SAFESHIFT_CALLER``, else the login name."""
    try:
        return os.environ.get("SAFESHIFT_CALLER") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (e.g. a bare container)
        return ""


def add_server_arguments(parser) -> None:
    parser.add_argument("--server", default=DEFAULT_SERVER, metavar="HOST:PORT",
                        help=f"the server (default {DEFAULT_SERVER})")
    parser.add_argument("--caller", default=None, metavar="NAME",
                        help="who is asking, sent as x-safeshift-caller (default: $SAFESHIFT_CALLER or the login name)")


def metadata(args) -> tuple[tuple[str, str], ...]:
    caller = args.caller if args.caller is not None else default_caller()
    return ((CALLER_METADATA, caller),) if caller else ()


@contextmanager
def channel(target: str):
    """An insecure channel to ``target``, closed afterwards."""
    if not target or ":" not in target:
        raise CliError((violation_line("--server", f"expected HOST:PORT, got {target!r}", "INVALID_VALUE"),))
    size = DEFAULT_LIMITS.max_message_bytes
    ch = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", size),
                                                ("grpc.max_send_message_length", size)])
    try:
        yield ch
    finally:
        ch.close()
