"""How much single runs vary: per instance, over several result files of one time limit, the
engine's objective (runs, lowest, median, highest, the median's gap to best known), the
baseline's where it ran, and in how many runs the engine beat the baseline of the same run.

    python -m benchmarks.curtois.run --instances 8-12 --seed 1 --tag s1   # and s2, s3, ...
    python -m benchmarks.curtois.spread benchmarks/results/curtois-60s-s*.csv -o spread.md
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from .merge import read_rows
from .run import parse_instances


def spread_rows(paths: list[Path], instances: set[int] | None = None) -> list[dict]:
    """One row per instance (of ``instances``; None: all) over the files' runs, in instance
    order. Raises ValueError, naming the file, when a file's time limit differs from the
    first file's."""
    runs: dict[str, list[dict]] = {}
    limit = None
    for path in paths:
        for row in read_rows(path):
            if instances is not None and int(row["instance"].removeprefix("Instance")) not in instances:
                continue
            if limit is None:
                limit = row["time_limit_s"]
            elif row["time_limit_s"] != limit:
                raise ValueError(f"{path.name}: time_limit_s is {row['time_limit_s']:g}, not {limit:g} as in {paths[0].name}")
            runs.setdefault(row["instance"], []).append(row)
    out = []
    for name in sorted(runs, key=lambda n: int(n.removeprefix("Instance"))):
        rows = runs[name]
        engine = [r["objective"] for r in rows if _found(r["objective"])]
        with_baseline = [r for r in rows if r.get("baseline_status")]
        baseline = [r["baseline_objective"] for r in with_baseline if _found(r["baseline_objective"])]
        beat = sum(1 for r in with_baseline if _found(r["objective"]) and (
            not _found(r["baseline_objective"]) or r["objective"] < r["baseline_objective"]))
        known = rows[0]["best_known"]
        median = statistics.median(engine) if engine else None
        out.append({
            "instance": name, "best_known": known, "runs": len(rows), "no_roster": len(rows) - len(engine),
            "engine": _three(engine), "median_gap_pct": None if median is None else round(100 * (median - known) / known, 2),
            "baseline_runs": len(with_baseline), "baseline": _three(baseline), "engine_better": beat,
            "time_limit_s": limit,
        })
    return out


def _found(value) -> bool:
    return isinstance(value, (int, float))


def _three(values: list) -> tuple | None:
    """Lowest, median and highest, or None without values."""
    return (min(values), statistics.median(values), max(values)) if values else None


def write_spread(rows: list[dict], paths: list[Path], out: Path) -> None:
    limit = rows[0]["time_limit_s"] if rows else 0
    lines = [
        f"Curtois instances, {limit:g} s per instance and model: the spread of single runs over "
        f"{len(paths)} result files ({', '.join(p.name for p in paths)}). Engine and baseline: lowest / median / "
        "highest objective; beaten: runs in which the engine ended below the baseline of the same run.",
        "",
        "| instance | best known | runs | engine | median gap % | baseline runs | baseline | beaten |",
        "| --- | ---: | ---: | --- | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        engine = _show(r["engine"]) + (f" ({r['no_roster']} without a roster)" if r["no_roster"] else "")
        baseline = _show(r["baseline"]) if r["baseline_runs"] else "not run"
        gap = "none" if r["median_gap_pct"] is None else f"{r['median_gap_pct']:g}"
        beaten = f"{r['engine_better']} of {r['baseline_runs']}" if r["baseline_runs"] else "not run"
        lines.append(f"| {r['instance']} | {r['best_known']} | {r['runs']} | {engine} | {gap} | "
                     f"{r['baseline_runs']} | {baseline} | {beaten} |")
    out.write_text("\n".join(lines) + "\n")


def _show(three: tuple | None) -> str:
    return "none" if three is None else " / ".join(f"{v:g}" for v in three)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="+", type=Path, help="result files of one time limit")
    ap.add_argument("-o", "--out", type=Path, required=True, help="markdown file to write")
    ap.add_argument("--instances", help="only these, e.g. 8-12 or 8,13 (default: all in the files)")
    args = ap.parse_args(argv)
    try:
        rows = spread_rows(args.csv, set(parse_instances(args.instances)) if args.instances else None)
    except (OSError, ValueError) as err:
        ap.error(str(err))
    if not rows:
        ap.error("no rows: the files hold none of those instances")
    write_spread(rows, args.csv, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
