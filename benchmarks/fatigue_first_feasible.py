"""Time to the first feasible roster on the ward and rail scenarios, with the fatigue rules
(H6..H9, on by default) and with them switched off (``disabled_rules``).

    python -m benchmarks.fatigue_first_feasible [--seeds 5] [--workers 2]

The clock runs from the call to ``solve`` (pin check, feasibility precompute, model
build, search) to the first solution CP-SAT reports, after the kernels are compiled.
Prints a Markdown table; ``--write`` also saves it to
benchmarks/results/fatigue-first-feasible.md under the figures measured before the
rules existed (``BEFORE``, recorded by this script's predecessor on the same machine).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import time
from pathlib import Path

from safeshift.api.convert import problem_from_proto
from safeshift.api.json_io import load_message
from safeshift.engine.cpsat import build_model
from safeshift.engine.feasibility import compute_feasibility, warm_up
from safeshift.engine.result import SolveParams
from safeshift.engine.solver import solve
from safeshift.v1 import roster_pb2 as pb

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "benchmarks" / "results" / "fatigue-first-feasible.md"
NEW_RULES = frozenset({"H6", "H7", "H8", "H9"})
# Before the change (commit c86a944 plus the then uncommitted jobs/audit work), 2 workers,
# seeds 1-3, the same clock: seconds to the first roster, and the model size.
BEFORE = {"ward": ([0.886, 0.531, 0.569], 5590, 11310), "rail": ([0.452, 0.468, 0.441], 4812, 6703)}


class _First(BaseException):
    """Raised from the progress callback to stop at the first roster."""


def first_feasible(problem, seed: int, workers: int) -> float:
    t0 = time.monotonic()

    def stop(_progress):
        raise _First

    try:
        solve(problem, SolveParams(time_limit_seconds=60, workers=workers, seed=seed), on_progress=stop)
    except _First:
        return time.monotonic() - t0
    return float("nan")


def measure(name: str, seeds: int, workers: int) -> dict:
    req = load_message(ROOT / "scenarios" / f"{name}.json", pb.SolveRequest)
    problem = problem_from_proto(req.problem)
    off = problem.replace(defaults=dataclasses.replace(problem.defaults, disabled_rules=NEW_RULES))
    out = {}
    for label, p in (("on", problem), ("off", off)):
        times = [first_feasible(p, seed, workers) for seed in range(1, seeds + 1)]
        built = build_model(p, compute_feasibility(p))
        out[label] = (times, built.n_variables, built.n_constraints)
    return out


def table(results: dict, workers: int) -> str:
    rows = [
        f"| scenario | variant | first roster, median s (seeds) | variables | constraints |",
        "|---|---|---|---|---|",
    ]
    for name, variants in results.items():
        if workers == 2 and name in BEFORE:
            times, n_var, n_con = BEFORE[name]
            rows.append(f"| {name} | before the change | {statistics.median(times):.2f} ({', '.join(f'{t:.2f}' for t in times)}) | {n_var} | {n_con} |")
        for label, text in (("on", "after, H6-H9 on (default)"), ("off", "after, H6-H9 disabled")):
            times, n_var, n_con = variants[label]
            rows.append(f"| {name} | {text} | {statistics.median(times):.2f} ({', '.join(f'{t:.2f}' for t in times)}) | {n_var} | {n_con} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="rewrite the table in " + str(RESULT.relative_to(ROOT)))
    args = parser.parse_args()
    warm_up()
    results = {name: measure(name, args.seeds, args.workers) for name in ("ward", "rail")}
    text = f"{args.workers} CP-SAT workers, {os.cpu_count()} cores\n\n" + table(results, args.workers)
    print(text)
    if args.write:
        head = RESULT.read_text(encoding="utf-8").split("<!-- table -->")[0] if RESULT.exists() else ""
        RESULT.write_text(head + "<!-- table -->\n" + text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
