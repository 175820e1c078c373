"""``safeshift serve`` and ``safeshift import``: the small commands."""

from __future__ import annotations

from pathlib import Path

from ..v1 import roster_pb2 as pb
from .errors import CliError, from_engine_error, violation_line
from .inputs import check_writable, dump, read_text, write_atomically


def run_serve(args) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM stop it gracefully), with the job store
    and audit log of ``--store``."""
    from ..server.app import serve
    from ..server.limit_args import limits_from_args
    from ..server.store_args import store_config_from_args

    limits = limits_from_args(args)
    try:
        store = store_config_from_args(args)  # --store (default sqlite:///safeshift.db), job and audit options
    except ValueError as e:
        raise CliError((violation_line("--store", str(e), "INVALID_VALUE"),)) from None
    try:
        serve(args.port, args.host, limits, store=store)
    except KeyboardInterrupt:
        pass
    return 0


def run_import_curtois(args) -> int:
    """Convert a Curtois instance to a scenario (a ``SolveRequest`` JSON file)."""
    from ..api.convert import problem_to_proto
    from ..engine.errors import SafeShiftError
    from ..engine.importers.curtois import load_curtois

    read_text(args.instance)  # a missing or unreadable file is reported like any other input
    check_writable(args.output)
    try:
        problem = load_curtois(Path(args.instance))
    except SafeShiftError as e:
        raise from_engine_error(e) from None
    except ValueError as e:  # CurtoisFormatError (names the line) or a non-ASCII file
        raise CliError((violation_line(args.instance, str(e), "INVALID_FORMAT"),)) from None
    req = pb.SolveRequest(problem=problem_to_proto(problem))
    if not req.problem.description:
        req.problem.description = f"Curtois benchmark instance {Path(args.instance).stem}"
    if args.time_limit is not None:
        req.parameters.time_limit_seconds = args.time_limit
    write_atomically(args.output, dump(req))
    print(f"Wrote {args.output}: {len(req.problem.staff)} staff, {len(req.problem.shifts)} shifts")
    return 0
