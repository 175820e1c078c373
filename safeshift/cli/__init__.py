"""The ``safeshift`` command line: serve, solve, validate, import, jobs and audit.

``main(argv)`` returns the exit code: 0 success, 1 a roster with violations (validate) or
no roster (solve), 2 bad input, 3 a server error, 130 interrupted. Bad input is reported
as one ``field: description (REASON)`` line per problem, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys

from .errors import BAD_INPUT, CliError, from_engine_error

INTERRUPTED = 130


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0 seconds, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safeshift", description="Competency-matched, fatigue-compliant staff rostering."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the gRPC server")
    serve.add_argument("--port", type=int, default=50051, help="port (default 50051)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    from ..server.limit_args import add_limit_arguments
    from ..server.store_args import add_store_arguments

    add_limit_arguments(serve)
    add_store_arguments(serve)

    solve = sub.add_parser("solve", help="build a roster for a scenario (a SolveRequest JSON)")
    solve.add_argument("scenario", metavar="SCENARIO.json")
    solve.add_argument("-o", "--output", metavar="OUT.json", help="write the SolveResponse as JSON")
    solve.add_argument("--server", metavar="HOST:PORT", help="solve on a running server instead of in-process")
    solve.add_argument("--time-limit", type=_positive_float, metavar="S", help="seconds (overrides the scenario)")
    solve.add_argument("--workers", type=_non_negative_int, metavar="N", help="CP-SAT workers (0: the engine chooses)")
    solve.add_argument("--seed", type=int, metavar="N", help="random seed")
    solve.add_argument("--quiet", action="store_true", help="no progress lines on stderr")

    validate = sub.add_parser("validate", help="list every rule violation of a roster")
    validate.add_argument("problem", metavar="PROBLEM.json", help="a scenario (SolveRequest) or a bare Problem")
    validate.add_argument("roster", metavar="ROSTER.json", help='any JSON with an "assignments" array')
    validate.add_argument("--server", metavar="HOST:PORT", help="validate on a running server")
    validate.add_argument("--json", action="store_true", help="print the ValidateRosterResponse as JSON")

    importer = sub.add_parser("import", help="convert a benchmark instance to a scenario")
    formats = importer.add_subparsers(dest="format", metavar="FORMAT", required=True)
    curtois = formats.add_parser("curtois", help="a Curtois instance (schedulingbenchmarks.org)")
    curtois.add_argument("instance", metavar="INSTANCE.txt")
    curtois.add_argument("-o", "--output", metavar="OUT.json", required=True)
    curtois.add_argument("--time-limit", type=_positive_float, metavar="S", help="seconds to store in the scenario")

    from .audit import add_audit_parser
    from .jobs import add_jobs_parser

    add_jobs_parser(sub)
    add_audit_parser(sub)
    from .whatif import add_whatif_parser

    add_whatif_parser(sub)
    return parser


def _run(args) -> int:
    if args.command == "serve":
        from .commands import run_serve

        return run_serve(args)
    if args.command == "solve":
        from .solve import run_solve

        return run_solve(args)
    if args.command == "validate":
        from .validate import run_validate

        return run_validate(args)
    if args.command == "jobs":
        from .jobs import run_jobs

        return run_jobs(args)
    if args.command == "whatif":
        from .whatif import run_whatif

        return run_whatif(args)
    if args.command == "audit":
        from .audit import run_audit

        return run_audit(args)
    from .commands import run_import_curtois

    return run_import_curtois(args)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = build_parser().parse_args(argv)  # usage errors exit 2 with argparse's message
    try:
        return _run(args)
    except CliError as e:
        _report(e.lines)
        return e.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return INTERRUPTED
    except Exception as e:  # noqa: BLE001 - domain errors become lines; anything else too
        from ..engine.errors import SafeShiftError

        if isinstance(e, SafeShiftError):
            error = from_engine_error(e)
            _report(error.lines)
            return error.exit_code
        raise


def _report(lines) -> None:
    sys.stdout.flush()
    for line in lines:
        print(line, file=sys.stderr)


__all__ = ["BAD_INPUT", "build_parser", "main"]
