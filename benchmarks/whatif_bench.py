"""What-if benchmark (docs/whatif.md, "Benchmark"): latency of EvaluateJobs.

    python benchmarks/whatif_bench.py [--staff 100] [--days 28] [--jobs 200] [--load 0.5]
                                      [--reference-seconds 10] [--reference-sample 30]
    python benchmarks/whatif_bench.py --grpc [--clients 16] [--requests 2000] [--max-seconds 300]

The problem is ``rail_like(staff, days, 0, load)`` (load: jobs per staff member and day;
0.5 keeps people on about three duties a week) with cover weighted above cost
(weight_under 100000, else an empty roster is optimal). The roster: each day's shifts
filled greedily as is, one duty a day per person, checked by the validator; improved by
a short solve when --solve-seconds > 0. Jobs: random 6-8 h day/night jobs at the sites
needing 1-2 people of one competency mix. In-process: warm (cached evaluator) latency
per decision; for the with-changes answers, the changed assignments, and in the same
run a baseline (the CP-SAT neighbourhood alone, same budget) and optionally a reference
(the same with --reference-seconds and 2 workers) to judge minimality.
--grpc: a loopback server, 16 client threads sending the requests (bounded count and
time), one health check every 50 ms throughout; prints throughput, p50/p95/p99, errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.problems import START, rail_like  # noqa: E402
from safeshift.engine.model import Requirement, Shift  # noqa: E402


def problem_and_roster(staff: int, days: int, solve_seconds: float, load: float = 0.5):
    """The problem and a roster of it: each day's shifts filled greedily as is (one duty a
    day per person, the evaluator rebuilt each day), checked by the validator."""
    from safeshift.engine.validation import validate_roster
    from safeshift.engine.whatif import Evaluator
    from safeshift.engine.whatif.evaluate import _AsIs

    p = rail_like(staff, days, 0, load)
    p = p.replace(shifts=tuple(dataclasses.replace(s, requirements=tuple(
        dataclasses.replace(r, weight_under=100_000) for r in s.requirements)) for s in p.shifts))
    by_day: dict = {}
    for sh in p.shifts:
        by_day.setdefault(sh.start.date(), []).append(sh)
    roster, index = [], {x.id: k for k, x in enumerate(p.staff)}
    for day in sorted(by_day):
        ev, today = Evaluator(p, roster), set()
        for sh in by_day[day]:
            f = _AsIs(ev, ev.calendar.slots[sh.id], 1, 3 + len(today))
            f.options = [o for o in f.options if o.staff not in today]
            f.plan = f._fill()
            if f.plan is not None:
                roster += f.plan.assignments
                today |= {index[a.staff_id] for a in f.plan.assignments}
    if solve_seconds > 0:
        from safeshift.engine.result import SolveParams
        from safeshift.engine.solver import solve

        result = solve(p, SolveParams(time_limit_seconds=solve_seconds), hint=roster)
        if result.assignments:
            roster = list(result.assignments)
    report = validate_roster(p, roster)
    assert report.valid, report.violations[:3]
    return p, roster


def random_jobs(p, n: int, seed: int = 1) -> list[Shift]:
    rng = random.Random(seed)
    sites = [loc.id for loc in p.locations if loc.id.startswith("site")]
    days = (p.horizon_end - p.horizon_start).days - 1
    out = []
    for i in range(n):
        night = rng.random() < 0.5
        start = START + timedelta(days=rng.randrange(days), hours=23 if night else 8)
        comps = rng.choice([("PTS",), ("COSS",), ("PC", "LOOKOUT"), ("COSS", "PC")])
        out.append(Shift(f"WHATIF-{i:04d}", start, start + timedelta(hours=rng.choice((6, 7, 8))), rng.choice(sites),
                         "N" if night else "D", (Requirement("crew", comps, rng.randint(1, 2)),)))
    return out


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


def _validator_only(p, roster, job):
    """The as-is question answered by the validator alone: its explainer on the problem
    with the job added, for every person and requirement (what a direct implementation
    would do)."""
    from safeshift.engine.validation.context import RosterContext
    from safeshift.engine.validation.explain import Explainer

    ctx = RosterContext(p.replace(shifts=p.shifts + (job,)))
    explainer = Explainer(ctx, ctx.people(tuple(roster)))
    return [[s.id for s in p.staff if explainer.explain(s.id, job.id, r.id) is None] for r in job.requirements]


def in_process(p, roster, jobs, time_limit, reference_seconds, baseline_sample=20, reference_sample=30):
    from safeshift.engine.whatif import Decision, Evaluator, WhatIfOptions, evaluate_jobs
    from safeshift.engine.whatif.evaluate import _AsIs
    from safeshift.engine.whatif.replan import replan

    t = time.perf_counter()
    ev = Evaluator(p, roster)
    print(f"evaluator build (cold part): {1000 * (time.perf_counter() - t):.1f} ms")
    options = WhatIfOptions(time_limit_seconds=time_limit)
    by, changed, decisions = {}, [], []
    for job in jobs:
        t = time.perf_counter()
        e = evaluate_jobs(ev, [job], options).evaluations[0]
        by.setdefault(e.decision.value, []).append(time.perf_counter() - t)
        decisions.append(e.decision)
        if e.decision is Decision.ACCEPTABLE_WITH_CHANGES:
            changed.append((job, e.plan.changed_assignments, "no plan with fewer" in e.message))
    for decision, xs in sorted(by.items()):
        print(f"{decision:<24} n={len(xs):<4} p50={1000 * pct(xs, .5):8.1f} ms  p95={1000 * pct(xs, .95):8.1f} ms  "
              f"max={1000 * max(xs):8.1f} ms")
    as_is = [job for job, e in zip(jobs, decisions) if e is Decision.ACCEPTABLE_AS_IS][:baseline_sample]
    if as_is:
        naive, cold = [], []
        for job in as_is:
            t = time.perf_counter()
            _validator_only(p, roster, job)
            naive.append(time.perf_counter() - t)
            t = time.perf_counter()
            evaluate_jobs(Evaluator(p, roster), [job], options)
            cold.append(time.perf_counter() - t)
        print(f"as is, baseline (the validator's explainer for every person, no fast path; {len(as_is)} jobs): "
              f"p50={1000 * pct(naive, .5):.1f} ms; ours cold (evaluator build included) p50="
              f"{1000 * pct(cold, .5):.1f} ms (baseline/ours {pct(naive, .5) / pct(cold, .5):.2f}), warm p50 "
              f"{1000 * pct(by['ACCEPTABLE_AS_IS'], .5):.1f} ms (baseline/ours "
              f"{pct(naive, .5) / pct(by['ACCEPTABLE_AS_IS'], .5):.0f})")
    if not changed:
        return
    counts = [c for _, c, _ in changed]
    print(f"with changes: changed assignments p50={pct(counts, .5)} max={max(counts)}; proved fewest by the "
          f"chains: {sum(1 for *_, proved in changed if proved)} of {len(changed)}")
    # Baseline, same run: the CP-SAT neighbourhood alone (no ejection chains), same budget;
    # reference: the same with a long budget and 2 workers.
    rows = []
    for n, (job, ours, _) in enumerate(changed):
        slot = ev.prepare([job])[0]
        _AsIs(ev, slot, options.top_n, options.top_n + 2)
        kw = dict(window_hours=options.window_hours, max_free_staff=options.max_free_staff)
        t = time.perf_counter()
        base = replan(ev, [slot], time_limit_seconds=time_limit, **kw).plan
        took = time.perf_counter() - t
        ref = None
        if reference_seconds and n < reference_sample:
            ref = replan(ev, [slot], time_limit_seconds=reference_seconds, workers=2, **kw).plan
        rows.append((ours, base.changed_assignments if base else None, took, ref.changed_assignments if ref else None))
    base_ok = [r for r in rows if r[1] is not None]
    print(f"baseline (CP-SAT neighbourhood only, {time_limit:g} s): answered {len(base_ok)} of {len(rows)}, "
          f"p50={1000 * pct([r[2] for r in rows], .5):.0f} ms p95={1000 * pct([r[2] for r in rows], .95):.0f} ms; "
          f"ours fewer changes in {sum(1 for r in base_ok if r[0] < r[1])}, equal in "
          f"{sum(1 for r in base_ok if r[0] == r[1])}, more in {sum(1 for r in base_ok if r[0] > r[1])}; "
          f"changes summed: ours {sum(r[0] for r in base_ok)}, baseline {sum(r[1] for r in base_ok)}")
    if reference_seconds:
        ref_ok = [r for r in rows if r[3] is not None]
        print(f"reference (CP-SAT neighbourhood, {reference_seconds:g} s, 2 workers, first {reference_sample} "
              f"with-changes jobs): ours as few changes in "
              f"{sum(1 for r in ref_ok if r[0] <= r[3])} of {len(ref_ok)}; "
              f"changes summed: ours {sum(r[0] for r in ref_ok)}, reference {sum(r[3] for r in ref_ok)}")


def grpc_load(p, roster, jobs, clients, requests, max_seconds, time_limit):
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    from safeshift.api.convert import assignments_to_proto, problem_to_proto
    from safeshift.api.convert.problem import _shift_to_proto
    from safeshift.server.app import build_server
    from safeshift.v1 import roster_pb2 as pb
    from safeshift.v1 import roster_pb2_grpc as pb_grpc

    server, health, port = build_server(0)
    server.start()
    health.set("", health_pb2.HealthCheckResponse.SERVING)
    base = pb.EvaluateJobsRequest(problem=problem_to_proto(p), time_limit_seconds=time_limit)
    assignments_to_proto(roster, base.roster)
    reqs = []
    for job in jobs:
        r = pb.EvaluateJobsRequest()
        r.CopyFrom(base)
        _shift_to_proto(job, r.jobs.add())
        reqs.append(r)
    latencies, errors, lock, counter = [], [], threading.Lock(), iter(range(requests))
    stop, end = threading.Event(), time.monotonic() + max_seconds
    health_fail = [0, 0]

    def client():
        with grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.max_send_message_length", 64 << 20)]) as ch:
            stub = pb_grpc.RosterServiceStub(ch)
            while time.monotonic() < end:
                with lock:
                    k = next(counter, None)
                if k is None:
                    return
                t = time.perf_counter()
                try:
                    stub.EvaluateJobs(reqs[k % len(reqs)], timeout=30)
                    with lock:
                        latencies.append(time.perf_counter() - t)
                except grpc.RpcError as e:
                    with lock:
                        errors.append(e.code())

    def checker():
        with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
            stub = health_pb2_grpc.HealthStub(ch)
            while not stop.is_set():
                health_fail[0] += 1
                try:
                    if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status != 1:
                        health_fail[1] += 1
                except grpc.RpcError:
                    health_fail[1] += 1
                stop.wait(0.05)

    h = threading.Thread(target=checker)
    h.start()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    stop.set()
    h.join()
    server.stop(None)
    print(f"gRPC load: {clients} clients, {len(latencies)} ok, {len(errors)} errors in {wall:.1f} s: "
          f"{len(latencies) / wall:.1f} req/s; p50={1000 * pct(latencies, .5):.1f} ms "
          f"p95={1000 * pct(latencies, .95):.1f} ms p99={1000 * pct(latencies, .99):.1f} ms; "
          f"health checks {health_fail[0]}, failed {health_fail[1]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--staff", type=int, default=100)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--jobs", type=int, default=200)
    ap.add_argument("--solve-seconds", type=float, default=0.0)
    ap.add_argument("--time-limit", type=float, default=2.0, help="re-plan budget per request")
    ap.add_argument("--baseline-sample", type=int, default=20, help="as-is jobs timed against the validator alone")
    ap.add_argument("--load", type=float, default=0.5, help="jobs per staff member and day in the problem")
    ap.add_argument("--reference-seconds", type=float, default=0.0,
                    help="also re-plan with-changes jobs for this long as a minimality reference")
    ap.add_argument("--reference-sample", type=int, default=30, help="with-changes jobs given the reference")
    ap.add_argument("--grpc", action="store_true")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--max-seconds", type=float, default=300.0)
    args = ap.parse_args()
    from safeshift.engine.feasibility import warm_up

    warm_up()
    t = time.perf_counter()
    p, roster = problem_and_roster(args.staff, args.days, args.solve_seconds, args.load)
    print(f"{p.id}: {len(p.staff)} staff, {len(p.shifts)} shifts, roster {len(roster)} assignments "
          f"({time.perf_counter() - t:.1f} s to make)")
    jobs = random_jobs(p, args.jobs)
    if args.grpc:
        grpc_load(p, roster, jobs, args.clients, args.requests, args.max_seconds, args.time_limit)
    else:
        in_process(p, roster, jobs, args.time_limit, args.reference_seconds, args.baseline_sample,
                   args.reference_sample)


if __name__ == "__main__":
    main()
