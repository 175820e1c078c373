"""``safeshift whatif``: can we accept these jobs with the staff and roster we have?

Exit code 0 when every job (or the bundle) is acceptable, 1 when one is not, 2 on bad
input, 3 on a server error.
"""

from __future__ import annotations

import sys

import grpc

from ..api.convert.whatif import DEFAULT_TIME_LIMIT_SECONDS
from ..v1 import roster_pb2 as pb
from .errors import CliError, from_engine_error, from_rpc_error, violation_line
from .inputs import dump, load_assignments, load_problem, parse_message, read_json
from .remote import DEADLINE_GRACE_SECONDS, roster_stub

NOT_ACCEPTABLE = 1


def add_whatif_parser(sub) -> None:
    w = sub.add_parser("whatif", help="can candidate jobs be accepted safely? who, what moves, why not")
    w.add_argument("problem", metavar="PROBLEM.json", help="a scenario (SolveRequest) or a bare Problem")
    w.add_argument("roster", metavar="ROSTER.json", help='the current roster: any JSON with an "assignments" array')
    w.add_argument("jobs", metavar="JOBS.json", help='candidate jobs: a JSON object with a "jobs" array of shifts')
    w.add_argument("--bundle", action="store_true", help="accept all the jobs together or none")
    w.add_argument("--top", type=int, metavar="N", help="candidates listed per requirement (default 5)")
    w.add_argument("--time-limit", type=float, metavar="S", help="seconds for re-plans (default 2)")
    w.add_argument("--server", metavar="HOST:PORT", help="ask a running server instead of in-process")
    w.add_argument("--json", action="store_true", help="print the EvaluateJobsResponse as JSON")


def load_jobs(path: str) -> list[pb.Shift]:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise CliError((violation_line(f"{path}: jobs", 'expected a JSON object with a "jobs" array', "MISSING_FIELD"),))
    holder = parse_message({"jobs": data["jobs"]}, pb.EvaluateJobsRequest, path)
    return list(holder.jobs)


def run_whatif(args) -> int:
    problem, prefix = load_problem(args.problem)
    req = pb.EvaluateJobsRequest(problem=problem, roster=load_assignments(args.roster), jobs=load_jobs(args.jobs),
                                 bundle=args.bundle, top_n=args.top or 0, time_limit_seconds=args.time_limit or 0)
    try:
        response = evaluate_remote(req, args.server) if args.server else evaluate_local(req)
    except CliError as e:
        if prefix:
            raise
        lines = tuple(x[len("problem."):] if x.startswith("problem.") else x for x in e.lines)
        raise CliError(lines, e.exit_code) from None
    sys.stdout.write(dump(response) if args.json else render_whatif(response, req))
    return 0 if _accepted(response, req.bundle) else NOT_ACCEPTABLE


def evaluate_local(req: pb.EvaluateJobsRequest) -> pb.EvaluateJobsResponse:
    from ..api.facade import RosterFacade
    from ..engine.errors import SafeShiftError

    try:
        return RosterFacade().evaluate_jobs(req)
    except SafeShiftError as e:
        raise from_engine_error(e) from None


def evaluate_remote(req: pb.EvaluateJobsRequest, target: str) -> pb.EvaluateJobsResponse:
    timeout = (req.time_limit_seconds or DEFAULT_TIME_LIMIT_SECONDS) * max(1, len(req.jobs)) + DEADLINE_GRACE_SECONDS
    with roster_stub(target) as stub:
        try:
            return stub.EvaluateJobs(req, timeout=timeout)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None


def _accepted(response: pb.EvaluateJobsResponse, bundle: bool) -> bool:
    if bundle:
        return response.bundle.decision in (pb.ACCEPTABLE_AS_IS, pb.ACCEPTABLE_WITH_CHANGES)
    return all(e.decision != pb.NOT_ACCEPTABLE for e in response.evaluations)


# ---------------------------------------------------------------- the report


def _delta(b: pb.ObjectiveBreakdown) -> str:
    parts = [f"{name} {getattr(b, field):+d}" for name, field in
             (("S1", "s1_uncovered"), ("S2", "s2_overcover"), ("S3", "s3_preferences"), ("S4", "s4_cost"))
             if getattr(b, field)]
    return f"{b.total:+d}" + (f" ({', '.join(parts)})" if parts else "")


def _hm(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h} h {m:02d} min"


def _job_line(job: pb.Shift) -> str:
    start, end = job.start.ToDatetime(), job.end.ToDatetime()
    where = f" at {job.location_id}" if job.location_id else ""
    cat = f", {job.category}" if job.category else ""
    needs = ", ".join(f"{r.id or k}: {r.min_headcount if r.HasField('min_headcount') else 1} x "
                      f"{'+'.join(r.competency_ids) or 'anyone'}" for k, r in enumerate(job.requirements))
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} UTC{where}{cat}; needs {needs}"


def _plan_lines(m) -> list[str]:
    out = []
    if m.assignments:
        who = ", ".join(f"{a.staff_id} ({a.requirement_id})" for a in m.assignments)
        out.append(f"  Proposed: {who}; objective {_delta(m.objective_delta)}")
    if m.moves:
        out.append(f"  Moves ({m.changed_assignments} changed assignments):")
        out += [f"    {x.message}" for x in m.moves]
    return out


def render_whatif(response: pb.EvaluateJobsResponse, req: pb.EvaluateJobsRequest, max_exclusions: int = 15) -> str:
    jobs = {j.id: j for j in req.jobs}
    lines = [f"What-if on {req.problem.id or 'the problem'}: {len(req.jobs)} job(s) against a roster of "
             f"{len(req.roster)} assignment(s)."]
    if response.baseline_violations:
        lines.append(f"Note: the roster already breaks hard rules ({response.baseline_violations} violation(s)); "
                     "'as is' means adding the job breaks no further rule.")
    for e in response.evaluations:
        lines.append("")
        lines.append(f"Job {e.job_id}: {pb.Decision.Name(e.decision)}")
        if e.job_id in jobs:
            lines.append(f"  {_job_line(jobs[e.job_id])}")
        lines.append(f"  {e.message}")
        lines += _plan_lines(e)
        if e.candidates:
            lines.append("  Candidates as the roster stands (rank, staff, objective change, fatigue margin):")
            for c in e.candidates:
                lines.append(f"    {c.requirement_id:>8} {c.rank:>2}. {c.staff_id:<10} {_delta(c.objective_delta):<28} "
                             f"{_hm(c.fatigue_margin_minutes)} ({c.margin_rule})")
        if e.exclusions:
            lines.append(f"  Why not, per competent person ({len(e.exclusions)}):")
            for x in e.exclusions[:max_exclusions]:
                lines.append(f"    {x.staff_id:<10} {x.rule:<4} {x.message}")
            if len(e.exclusions) > max_exclusions:
                lines.append(f"    ... and {len(e.exclusions) - max_exclusions} more")
        lack = e.lacking_competencies
        if lack.staff:
            detail = ", ".join(f"{c} {n}" for c, n in sorted(lack.missing_competencies.items()))
            lines.append(f"  Lacking a needed competency: {lack.staff} staff ({detail})")
    if req.bundle:
        b = response.bundle
        lines.append("")
        lines.append(f"Bundle {', '.join(b.job_ids)}: {pb.Decision.Name(b.decision)}")
        lines.append(f"  {b.message}")
        lines += _plan_lines(b)
    return "\n".join(lines) + "\n"
