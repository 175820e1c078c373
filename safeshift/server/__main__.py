"""``python -m safeshift.server --port N``: run the gRPC server until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import logging

from ..api.limits import Limits
from .app import DEFAULT_GRACE_SECONDS, DEFAULT_PORT, serve
from .limit_args import add_limit_arguments, limits_from_args
from .store_args import add_store_arguments, store_config_from_args


def parse_args(argv=None) -> argparse.Namespace:
    defaults = Limits()
    parser = argparse.ArgumentParser(prog="python -m safeshift.server", description=__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port (printed)")
    parser.add_argument("--host", default="127.0.0.1", help="use 0.0.0.0 or :: to listen on all interfaces")
    parser.add_argument("--max-message-bytes", type=int, default=defaults.max_message_bytes)
    parser.add_argument("--max-workers", type=int, default=None, help="RPC threads (default: solves + 8)")
    parser.add_argument("--grace", type=float, default=DEFAULT_GRACE_SECONDS, help="shutdown grace seconds")
    parser.add_argument("--log-level", default="INFO")
    add_limit_arguments(parser)
    add_store_arguments(parser)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    limits = limits_from_args(args, Limits(max_message_bytes=args.max_message_bytes))
    serve(args.port, args.host, limits, max_workers=args.max_workers, grace_seconds=args.grace,
          store=store_config_from_args(args))


if __name__ == "__main__":
    main()
