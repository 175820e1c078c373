"""``safeshift solve``: solve a scenario in-process or on a server, with live progress.

Ctrl-C stops the search: in-process the best roster found so far is still reported;
with ``--server`` the stream is cancelled (the server sends no roster for a cancelled
stream), and the last progress seen is reported.
"""

from __future__ import annotations

import sys
import threading

import grpc

from ..v1 import roster_pb2 as pb
from .errors import SERVER_ERROR, CliError, from_rpc_error
from .inputs import check_writable, dump, load_request, write_atomically
from .progress import ProgressPrinter, improvement_text
from .remote import deadline_for, roster_stub
from .render import render_solve

INTERRUPTED = 130  # exit code after Ctrl-C, as shells report SIGINT
NO_ROSTER = 1  # exit code when the answer has no roster (INFEASIBLE, NO_SOLUTION_IN_TIME, INVALID)


def apply_overrides(req: pb.SolveRequest, time_limit=None, workers=None, seed=None) -> None:
    """Command-line flags win over the scenario's parameters."""
    if time_limit is not None:
        req.parameters.time_limit_seconds = time_limit
    if workers is not None:
        req.parameters.workers = workers
    if seed is not None:
        req.parameters.seed = seed


def run_solve(args) -> int:
    req = load_request(args.scenario)
    apply_overrides(req, args.time_limit, args.workers, args.seed)
    if args.output:
        check_writable(args.output)
    printer = ProgressPrinter(quiet=args.quiet)
    limit = req.parameters.time_limit_seconds
    where = f"on {args.server}" if args.server else "in-process"
    printer.note(
        f"Solving {req.problem.id or args.scenario}: {len(req.problem.staff)} staff, "
        f"{len(req.problem.shifts)} shifts, time limit {f'{limit:g} s' if limit else 'default'}, {where}. "
        "Ctrl-C stops the search."
    )
    printer.start()
    try:
        if args.server:
            response, interrupted = solve_remote(req, args.server, printer)
        else:
            response, interrupted = solve_local(req, printer)
    finally:
        printer.finish()  # end an in-place progress line before anything else is printed
    if response is None:
        last = f" Last progress: {improvement_text(printer.last).strip()}" if printer.last else ""
        print(f"Cancelled: the server sends no roster for a cancelled stream.{last}", file=sys.stderr)
        return INTERRUPTED
    sys.stdout.write(render_solve(response, req.problem))
    sys.stdout.flush()
    if args.output:
        write_atomically(args.output, dump(response))
        printer.note(f"Wrote {args.output}")
    if interrupted:
        return INTERRUPTED
    return 0 if response.status in (pb.OPTIMAL, pb.FEASIBLE) else NO_ROSTER


def solve_local(req: pb.SolveRequest, printer: ProgressPrinter) -> tuple[pb.SolveResponse, bool]:
    """Solve through the facade on a worker thread, so that Ctrl-C on the main thread can
    cancel the search and the answer still comes back. Returns (response, interrupted)."""
    from ..api.facade import RosterFacade

    cancel, done = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def work():
        try:
            outcome["response"] = RosterFacade().solve(req, printer, cancel)
        except BaseException as e:  # handed to the main thread, which reports it
            outcome["error"] = e
        finally:
            done.set()

    threading.Thread(target=work, name="safeshift-solve", daemon=True).start()
    interrupted = wait_cancellable(done, cancel, printer)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"], interrupted


def wait_cancellable(done: threading.Event, cancel: threading.Event, printer: ProgressPrinter) -> bool:
    """Wait until ``done`` is set; the first Ctrl-C sets ``cancel`` and keeps waiting for
    the answer, a second one gives up (KeyboardInterrupt). True when cancelled.
    (An event, not ``Thread.join``: an interrupted join can mark a running thread dead.)"""
    interrupted = False
    while True:
        try:
            if done.wait(0.1):
                return interrupted
        except KeyboardInterrupt:
            if interrupted:
                raise
            interrupted = True
            cancel.set()
            printer.note("Cancelling: keeping the best roster found so far (Ctrl-C again to quit).")


def solve_remote(req: pb.SolveRequest, target: str, printer: ProgressPrinter) -> tuple[pb.SolveResponse | None, bool]:
    """The same solve through ``SolveStream``: progress as it arrives, then the result.
    Returns (None, True) when Ctrl-C cancelled the stream."""
    with roster_stub(target) as stub:
        call = stub.SolveStream(req, timeout=deadline_for(req.parameters.time_limit_seconds))
        response = None
        try:
            for progress in call:
                if progress.WhichOneof("event") == "result":
                    response = progress.result
                else:
                    printer(progress)
        except KeyboardInterrupt:
            call.cancel()
            return None, True
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
    if response is None:
        raise CliError(("server: the stream ended without a result (UNKNOWN)",), SERVER_ERROR)
    return response, False

