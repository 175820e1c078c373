"""Command-line options of the server's concurrency limits, shared by ``safeshift serve``
and ``python -m safeshift.server`` (argparse only here)."""

from __future__ import annotations

import argparse
import dataclasses

from ..api.limits import Limits


def _at_least(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {text}")
        return value

    return parse


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    """``--max-concurrent-solves`` and ``--max-concurrent-evaluations``."""
    defaults = Limits()
    group = parser.add_argument_group("limits")
    group.add_argument("--max-concurrent-solves", type=_at_least(0), default=defaults.max_concurrent_solves,
                       metavar="N", help=f"solves run at once (default {defaults.max_concurrent_solves}); "
                                         "more get RESOURCE_EXHAUSTED")
    group.add_argument("--max-concurrent-evaluations", type=_at_least(1),
                       default=defaults.max_concurrent_evaluations, metavar="N",
                       help=f"what-if evaluations computing at once (default {defaults.max_concurrent_evaluations}); "
                            "more wait their turn within their deadline")


def limits_from_args(args: argparse.Namespace, base: Limits | None = None) -> Limits:
    """``base`` (default: ``Limits()``) with the concurrency options of ``args``."""
    return dataclasses.replace(
        base or Limits(),
        max_concurrent_solves=args.max_concurrent_solves,
        max_concurrent_evaluations=args.max_concurrent_evaluations,
    )
