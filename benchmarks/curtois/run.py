"""Solution-quality harness on the Curtois instances: the engine against the baseline.

    python -m benchmarks.curtois.run --instances 1-12 --time-limit 60

For each instance, in one run on one machine: the engine's ``solve`` (its default search
settings) and the textbook baseline model (benchmarks/curtois/baseline.py, CP-SAT defaults),
with the same time limit.
Writes benchmarks/results/curtois-<limit>s.csv, .md and .png (gap per instance and
objective over time), recording the machine's core count. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import sys
import time
from pathlib import Path

from safeshift.engine.feasibility import warm_up
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.result import SolveParams
from safeshift.engine.solver import solve

from .baseline import solve_baseline
from .report import write_chart, write_markdown

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "curtois"
COLUMNS = [
    "instance", "objective", "best_bound", "best_known", "gap_pct", "first_feasible_s", "best_s", "status",
    "baseline_objective", "baseline_best_bound", "baseline_gap_pct", "baseline_first_feasible_s",
    "baseline_status", "objective_ratio_vs_baseline", "time_limit_s", "workers", "cores", "seed",
]


def parse_instances(text: str) -> list[int]:
    """``1-3,7`` -> [1, 2, 3, 7]."""
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += range(int(lo), int(hi or lo) + 1)
    return out


def best_known(data: Path) -> dict[str, int]:
    with open(data / "best_known.csv") as f:
        return {row["instance"]: int(row["best_known_ub"]) for row in csv.DictReader(f)}


def gap(value, reference) -> float | str:
    return "" if value is None else round(100.0 * (value - reference) / reference, 3)


def run_engine(problem, limit: float, workers: int, decomposition: str = "auto", seed: int = 0, columns: str = "auto"):
    trace = []
    params = SolveParams(time_limit_seconds=limit, workers=workers, decomposition=decomposition, seed=seed,
                         column_generation=columns)
    result = solve(problem, params,
                   on_progress=lambda p: trace.append((p.elapsed_seconds, p.objective)))
    return result, trace


def run_one(
    name: str, path: Path, known: int, limit: float, workers: int, baseline: bool, decomposition: str = "auto",
    seed: int = 0, columns: str = "auto",
) -> tuple[dict, dict]:
    problem = load_curtois(path)
    result, trace = run_engine(problem, limit, workers, decomposition, seed, columns)
    row = {
        "instance": name, "objective": result.objective, "best_bound": result.best_bound,
        "best_known": known, "gap_pct": gap(result.objective, known),
        "first_feasible_s": _round(trace[0][0] if trace else None),
        "best_s": _round(trace[-1][0] if trace else None), "status": result.status.value,
        "time_limit_s": limit, "workers": workers or "default", "cores": os.cpu_count(), "seed": seed,
    }
    traces = {"engine": trace}
    if baseline:
        b = solve_baseline(problem, limit)
        row.update({
            "baseline_objective": b.objective, "baseline_best_bound": b.best_bound,
            "baseline_gap_pct": gap(b.objective, known), "baseline_first_feasible_s": _round(b.first_seconds),
            "baseline_status": b.status,
            "objective_ratio_vs_baseline": round(result.objective / b.objective, 4)
            if result.objective is not None and b.objective else "",
        })
        traces["baseline"] = list(b.trace)
    return row, traces


def _round(x):
    return "" if x is None else round(x, 2)


def write_csv(rows: list[dict], path: Path) -> None:
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instances", default="1-24", help="e.g. 1-12 or 1,4,7 (default 1-24)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance and model")
    ap.add_argument("--workers", type=int, default=0, help="engine workers (0: the engine default); the baseline keeps CP-SAT's default")
    ap.add_argument("--no-baseline", action="store_true", help="skip the textbook baseline model")
    ap.add_argument("--decomposition", default="auto", choices=("auto", "off", "hint", "lns"),
                    help="the engine's SolveParams.decomposition (default auto)")
    ap.add_argument("--column-generation", default="auto", choices=("auto", "off"),
                    help="the engine's SolveParams.column_generation (default auto)")
    ap.add_argument("--seed", type=int, default=0,
                    help="the engine's SolveParams.seed (default 0); runs of several seeds show the spread (spread.py)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--tag", default="", help="suffix of the result files, e.g. 1-12 -> curtois-60s-1-12.csv")
    args = ap.parse_args(argv)
    if importlib.util.find_spec("matplotlib") is None:  # the chart comes last: say so before the runs
        ap.error('the PNG chart needs matplotlib: pip install -e ".[bench]"')
    known = best_known(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / (f"curtois-{args.time_limit:g}s" + (f"-{args.tag}" if args.tag else ""))
    warm_up()  # pay the kernels' compile time before any clock starts
    rows, traces = [], {}
    for n in parse_instances(args.instances):
        name = f"Instance{n}"
        t0 = time.monotonic()
        print(f"[{name}] solving ({args.time_limit:g} s per model)...", file=sys.stderr, flush=True)
        row, traces[name] = run_one(name, args.data / f"{name}.txt", known[name], args.time_limit,
                                    args.workers, not args.no_baseline, args.decomposition, args.seed,
                                    args.column_generation)
        rows.append(row)
        write_csv(rows, stem.with_suffix(".csv"))
        print(f"[{name}] engine {row['objective']} (gap {row['gap_pct']} %), baseline "
              f"{row.get('baseline_objective', '-')}, best known {row['best_known']}, "
              f"{time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    write_markdown(rows, stem.with_suffix(".md"))
    write_chart(rows, traces, stem.with_suffix(".png"))
    print(f"wrote {stem}.csv/.md/.png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
