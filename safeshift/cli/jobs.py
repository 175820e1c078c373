"""``safeshift jobs submit|list|get|watch|cancel``: long-running solves on a server.

Exit codes: 0 done (for ``watch``: the job SUCCEEDED with a roster), 1 the job FAILED,
was CANCELLED or has no roster, 2 bad input, 3 a server error, 130 interrupted.
"""

from __future__ import annotations

import sys

TERMINAL = ("SUCCEEDED", "FAILED", "CANCELLED")
CALL_TIMEOUT = 30.0


def add_jobs_parser(sub) -> None:
    from .remote_jobs import add_server_arguments

    jobs = sub.add_parser("jobs", help="long-running solve jobs on a server (submit, list, get, watch, cancel)")
    actions = jobs.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)

    submit = actions.add_parser("submit", help="queue a scenario (a SolveRequest JSON) as a job")
    submit.add_argument("scenario", metavar="SCENARIO.json")
    submit.add_argument("--request-id", default="", metavar="ID",
                        help="idempotency key: submitting again with it returns the same job")
    submit.add_argument("--time-limit", type=float, metavar="S", help="seconds (overrides the scenario)")
    submit.add_argument("--workers", type=int, metavar="N", help="CP-SAT workers (0: the engine chooses)")
    submit.add_argument("--seed", type=int, metavar="N")
    submit.add_argument("--watch", action="store_true", help="then watch it until it ends")
    submit.add_argument("-o", "--output", metavar="OUT.json", help="with --watch: write the SolveResponse")

    lister = actions.add_parser("list", help="jobs, newest first")
    lister.add_argument("--state", action="append", default=[], metavar="STATE",
                        help="QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED (repeatable)")
    lister.add_argument("--filter", default="", metavar="EXPR", help='AIP-160 subset, e.g. "caller = ann"')
    lister.add_argument("--limit", type=int, default=50, metavar="N", help="at most N jobs (default 50; 0: all)")

    get = actions.add_parser("get", help="one job, with its result")
    get.add_argument("name", metavar="NAME", help="jobs/ID or ID")
    get.add_argument("-o", "--output", metavar="OUT.json", help="write the job's SolveResponse as JSON")
    get.add_argument("--json", action="store_true", help="print the SolveJob as JSON")

    watch = actions.add_parser("watch", help="a progress bar until the job ends, then its result")
    watch.add_argument("name", metavar="NAME")
    watch.add_argument("-o", "--output", metavar="OUT.json", help="write the job's SolveResponse as JSON")
    watch.add_argument("--quiet", action="store_true", help="no progress bar")

    cancel = actions.add_parser("cancel", help="cancel a queued or running job")
    cancel.add_argument("name", metavar="NAME")

    for parser in (submit, lister, get, watch, cancel):
        add_server_arguments(parser)


def job_name(text: str) -> str:
    return text if text.startswith("jobs/") else f"jobs/{text}"


def run_jobs(args) -> int:
    import grpc

    from ..v1 import jobs_pb2_grpc
    from .errors import from_rpc_error
    from .remote_jobs import channel

    with channel(args.server) as ch:
        stub = jobs_pb2_grpc.SolveJobServiceStub(ch)
        try:
            return _ACTIONS[args.jobs_command](stub, args)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None


def _submit(stub, args) -> int:
    from ..v1 import jobs_pb2
    from .inputs import load_request
    from .remote_jobs import metadata
    from .solve import apply_overrides

    req = load_request(args.scenario)
    apply_overrides(req, args.time_limit, args.workers, args.seed)
    job = stub.CreateSolveJob(jobs_pb2.CreateSolveJobRequest(request=req, request_id=args.request_id),
                              timeout=CALL_TIMEOUT, metadata=metadata(args))
    print(f"{job.name}  {_state(job)}  {job.problem_id or '-'}  time limit {job.time_limit_seconds:g} s")
    if args.watch:
        args.name, args.quiet = job.name, False
        return _watch(stub, args)
    return 0


def _state(job) -> str:
    from ..v1 import jobs_pb2

    return jobs_pb2.SolveJob.State.Name(job.state)


def _time(ts) -> str:
    if not ts.seconds and not ts.nanos:
        return "-"
    return ts.ToDatetime().strftime("%Y-%m-%d %H:%M:%S")


def _list(stub, args) -> int:
    from ..v1 import jobs_pb2

    clauses = []
    if args.state:
        clauses.append(" OR ".join(f"state = {s.upper()}" for s in args.state))
    if args.filter:
        clauses.append(args.filter)
    request = jobs_pb2.ListSolveJobsRequest(filter=" AND ".join(clauses),
                                            page_size=min(args.limit, 1000) if args.limit > 0 else 1000)
    shown = 0
    print(f"{'NAME':<22} {'STATE':<10} {'CREATED':<19} {'OBJECTIVE':>10} {'TRIES':>5}  PROBLEM")
    while True:
        page = stub.ListSolveJobs(request, timeout=CALL_TIMEOUT)
        for job in page.jobs:
            if args.limit and shown >= args.limit:
                return 0
            objective = f"{job.progress.objective:g}" if job.HasField("progress") else "-"
            print(f"{job.name:<22} {_state(job):<10} {_time(job.create_time):<19} {objective:>10} "
                  f"{job.attempts:>5}  {job.problem_id or '-'}")
            shown += 1
        if not page.next_page_token:
            return 0
        request.page_token = page.next_page_token


def _write_result(job, path: str | None) -> None:
    if not path:
        return
    from .inputs import dump, write_atomically

    write_atomically(path, dump(job.result))
    print(f"Wrote {path}", file=sys.stderr)


def describe(job) -> str:
    """A few lines about a job (no roster)."""
    lines = [f"Job: {job.name}", f"State: {_state(job)}" + (" (cancel requested)" if job.cancel_requested
                                                             and _state(job) == "RUNNING" else "")]
    lines.append(f"Problem: {job.problem_id or '-'}   caller: {job.caller or '-'}   attempts: {job.attempts}")
    lines.append(f"Created: {_time(job.create_time)}   started: {_time(job.start_time)}   "
                 f"ended: {_time(job.end_time)}")
    if job.HasField("progress"):
        from .progress import improvement_text

        lines.append("Progress: " + improvement_text(job.progress).strip())
    if job.HasField("error"):
        lines.append(f"Error: {job.error.message} (code {job.error.code})")
    return "\n".join(lines) + "\n"


def _report(job, output: str | None) -> int:
    from ..v1 import roster_pb2 as pb
    from .render import render_solve

    sys.stdout.write(describe(job))
    if job.HasField("result"):
        sys.stdout.write("\n" + render_solve(job.result, job.request.problem))
        _write_result(job, output)
    ok = _state(job) == "SUCCEEDED" and job.result.status in (pb.OPTIMAL, pb.FEASIBLE)
    return 0 if ok else (0 if _state(job) in ("QUEUED", "RUNNING") else 1)


def _get(stub, args) -> int:
    from ..v1 import jobs_pb2

    job = stub.GetSolveJob(jobs_pb2.GetSolveJobRequest(name=job_name(args.name)), timeout=CALL_TIMEOUT)
    if args.json:
        from .inputs import dump

        sys.stdout.write(dump(job))
        _write_result(job, args.output)
        return 0
    return _report(job, args.output)


def _watch(stub, args) -> int:
    from ..v1 import jobs_pb2
    from .job_progress import JobProgressBar

    bar = JobProgressBar(quiet=args.quiet)
    last = None
    try:
        for job in stub.WatchSolveJob(jobs_pb2.WatchSolveJobRequest(name=job_name(args.name))):
            last = job
            bar.update(job)
    except KeyboardInterrupt:
        bar.finish()
        print(f"Stopped watching; the job goes on (safeshift jobs cancel {job_name(args.name)}).", file=sys.stderr)
        return 130
    finally:
        bar.finish()
    if last is None or _state(last) not in TERMINAL:
        print("The watch ended before the job did; watch again.", file=sys.stderr)
        return 3
    return _report(last, args.output)


def _cancel(stub, args) -> int:
    from ..v1 import jobs_pb2

    job = stub.CancelSolveJob(jobs_pb2.CancelSolveJobRequest(name=job_name(args.name)), timeout=CALL_TIMEOUT + 10)
    print(f"{job.name}  {_state(job)}" + ("  (stopping)" if _state(job) == "RUNNING" else ""))
    return 0


_ACTIONS = {"submit": _submit, "list": _list, "get": _get, "watch": _watch, "cancel": _cancel}
