"""Latency of the job API and of the audit log, on SQLite and on PostgreSQL.

Run:  python benchmarks/jobs_audit_bench.py [--backends sqlite,postgresql] [--creates 300]
      [--jobs 10000] [--validates 300]

Prints, per backend:
- CreateSolveJob latency (p50 / p95 / max) for a 40-staff x 84-shift problem, through gRPC
  on loopback (target: p95 <= 20 ms);
- ListSolveJobs over 10,000 stored jobs, page by page (page_size 100 and 1000): p95 and
  the slowest page (target: every page < 50 ms);
- the audit log's cost on ValidateRoster: the p95 of a small call with and without the
  audit interceptor (target: <= 2 ms added at p95), and of the audit write alone for the
  small and for the 40x84 request.

PostgreSQL runs in a private temporary cluster (Debian's binaries) with its default
durability settings (fsync on, synchronous_commit on); SQLite is a WAL file in /tmp.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "server"))

from server_builders import hard_problem, hard_request, short_rest_request  # noqa: E402

from safeshift.api.limits import Limits  # noqa: E402
from safeshift.jobs.pool import PoolConfig  # noqa: E402
from safeshift.server.app import build_server, warm_up_and_serve  # noqa: E402
from safeshift.server.testing import DurableServer  # noqa: E402
from safeshift.v1 import jobs_pb2, roster_pb2_grpc  # noqa: E402
from safeshift.v1 import roster_pb2 as pb  # noqa: E402


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def ms(values) -> str:
    v = [x * 1000 for x in values]
    return f"p50 {statistics.median(v):6.2f} ms  p95 {pct(v, 95):6.2f} ms  max {max(v):6.2f} ms  (n={len(v)})"


def timed(fn, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def bench_creates(server, n):
    req = jobs_pb2.CreateSolveJobRequest(request=hard_request(30))
    for _ in range(20):  # warm the connection and caches
        server.jobs.CreateSolveJob(req, timeout=10)
    return timed(lambda: server.jobs.CreateSolveJob(req, timeout=10), n)


def fill_jobs(server, total):
    """Insert jobs straight into the store (one transaction per 1000) up to ``total``."""
    store = server.durable.job_store
    existing = store.count()
    payload = hard_request(30).SerializeToString()
    now = store.now_us()
    states = ("SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELLED")
    for start in range(existing, total, 1000):
        rows = [(f"bench{i:07d}", None, states[i % len(states)], "bench", "hard-40x28", payload, "sha", 30.0,
                 now + i, now + i) for i in range(start, min(total, start + 1000))]
        with store.db.write() as cur:
            cur.executemany("INSERT INTO solve_jobs (id, request_id, state, caller, problem_id, request, "
                            "request_sha256, time_limit, create_us, update_us) VALUES "
                            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)


def bench_listing(server, page_size, state_filter=""):
    times, token, count = [], "", 0
    while True:
        req = jobs_pb2.ListSolveJobsRequest(page_size=page_size, page_token=token, filter=state_filter)
        t = time.perf_counter()
        page = server.jobs.ListSolveJobs(req, timeout=10)
        times.append(time.perf_counter() - t)
        count += len(page.jobs)
        token = page.next_page_token
        if not token:
            return times, count


def medium_validate_request():
    """The 40-staff x 84-shift problem with an 84-assignment roster."""
    problem = hard_problem()
    roster = [pb.Assignment(staff_id=problem.staff[i % len(problem.staff)].id, shift_id=s.id)
              for i, s in enumerate(problem.shifts)]
    return pb.ValidateRosterRequest(problem=problem, assignments=roster)


def bench_audit(server, plain_stub, n):
    """End to end on a small ValidateRoster (so the overhead is not lost in validation
    time), interleaved with the same call on a server without a store; then the audit
    write alone for the small and the medium request."""
    small = short_rest_request()
    md = (("x-safeshift-caller", "bench"),)
    for _ in range(20):
        server.roster.ValidateRoster(small, metadata=md, timeout=10)
        plain_stub.ValidateRoster(small, metadata=md, timeout=10)
    with_audit, without = [], []
    for _ in range(n):  # interleaved, so both see the same machine state
        t = time.perf_counter()
        server.roster.ValidateRoster(small, metadata=md, timeout=10)
        with_audit.append(time.perf_counter() - t)
        t = time.perf_counter()
        plain_stub.ValidateRoster(small, metadata=md, timeout=10)
        without.append(time.perf_counter() - t)
    audit = server.durable.audit
    writes = {}
    for label, req in (("small", small), ("40x84", medium_validate_request())):
        reply = plain_stub.ValidateRoster(req, timeout=60)
        writes[label] = timed(lambda: audit.record_call("/safeshift.v1.RosterService/ValidateRoster", req, reply,
                                                        caller="bench", peer="ipv4:127.0.0.1:1"), n)
    audit.store.flush = True  # --audit-flush: wait for the disk
    try:
        writes["40x84, --audit-flush"] = timed(lambda: audit.record_call(
            "/safeshift.v1.RosterService/ValidateRoster", req, reply, caller="bench"), n)
    finally:
        audit.store.flush = False
    return with_audit, without, writes


def run_backend(name, url, args, plain_stub):
    print(f"\n== {name}: {url.split('@')[-1]}", flush=True)
    server = DurableServer(url, pool=PoolConfig(workers=0), max_active_jobs=10**9).start()
    try:
        creates = bench_creates(server, args.creates)
        print(f"{'CreateSolveJob (40x84 problem)':<42}{ms(creates)}", flush=True)
        fill_jobs(server, args.jobs)
        for size in (100, 1000):
            pages, count = bench_listing(server, size)
            print(f"ListSolveJobs page_size={size:<5} {count} jobs, {len(pages)} pages: {ms(pages)}", flush=True)
        pages, count = bench_listing(server, 100, "state = FAILED")
        print(f"ListSolveJobs state = FAILED, 100/page, {count} jobs: {ms(pages)}", flush=True)
        with_audit, without, writes = bench_audit(server, plain_stub, args.validates)
        print(f"ValidateRoster (small) with audit   {ms(with_audit)}")
        print(f"ValidateRoster (small) no audit     {ms(without)}")
        print(f"  added at p95: {1000 * (pct(with_audit, 95) - pct(without, 95)):.2f} ms; "
              f"at p50: {1000 * (statistics.median(with_audit) - statistics.median(without)):.2f} ms")
        for label, values in writes.items():
            print(f"audit write alone ({label})".ljust(42) + ms(values), flush=True)
        print(f"audit log verify: {server.durable.audit_store.verify().records_checked} records OK")
    finally:
        server.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--creates", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--validates", type=int, default=300)
    args = parser.parse_args(argv)
    plain, health, port = build_server(0, Limits())  # the same server without a store
    plain.start()
    warm_up_and_serve(health)
    import grpc

    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    plain_stub = roster_pb2_grpc.RosterServiceStub(channel)
    try:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                with tempfile.TemporaryDirectory() as tmp:
                    run_backend("SQLite (WAL)", f"sqlite:///{tmp}/bench.db", args, plain_stub)
            else:
                from safeshift.storage.tempcluster import TempPostgres

                with TempPostgres(fast=False) as pg:
                    run_backend("PostgreSQL (fsync on)", pg.new_database("bench"), args, plain_stub)
    finally:
        channel.close()
        plain.stop(0).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
