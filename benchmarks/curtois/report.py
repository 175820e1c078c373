"""Markdown table and PNG chart of a Curtois quality run."""

from __future__ import annotations

from pathlib import Path


def write_markdown(rows: list[dict], path: Path) -> None:
    cores = rows[0]["cores"] if rows else "?"
    limit = rows[0]["time_limit_s"] if rows else "?"
    # A row without a baseline status comes from a run with --no-baseline.
    ran = any(r.get("baseline_status") for r in rows)
    baseline = "baseline with CP-SAT defaults" if ran else "no baseline in this run"
    lines = [
        f"Curtois instances, {limit:g} s per instance and model, engine with {_workers(rows)}, "
        f"{baseline}, {cores} cores. Gap = (objective - best known) / best known; bound: the engine's proved "
        "lower bound (none: no bound); best s: when the engine found its final roster.",
        "",
        "| instance | best known | engine | gap % | bound | first feasible s | best s | status | baseline | baseline gap % "
        "| engine / baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        if r.get("baseline_status"):
            base = [_v(r.get(k)) for k in ("baseline_objective", "baseline_gap_pct", "objective_ratio_vs_baseline")]
        else:
            base = ["not run"] * 3
        lines.append(
            f"| {r['instance']} | {r['best_known']} | {_v(r['objective'])} | {_v(r['gap_pct'])} | "
            f"{_v(r.get('best_bound'))} | {_v(r['first_feasible_s'])} | {_v(r.get('best_s'))} | {r['status']} | "
            + " | ".join(base) + " |"
        )
    path.write_text("\n".join(lines) + "\n")


def _v(x) -> str:
    if x is None or x == "":
        return "none"
    return f"{x:g}" if isinstance(x, float) else str(x)


def write_chart(rows: list[dict], traces: dict, path: Path) -> None:
    """Gap per instance (engine vs baseline) and objective over time for up to four instances."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5))
    names = [r["instance"].replace("Instance", "") for r in rows]
    xs = range(len(rows))
    for offset, key, label in ((-0.2, "gap_pct", "engine"), (0.2, "baseline_gap_pct", "baseline")):
        values = [r.get(key) if r.get(key) not in (None, "") else float("nan") for r in rows]
        left.bar([x + offset for x in xs], values, width=0.4, label=label)
    left.set_xticks(list(xs), names)
    left.set_yscale("symlog", linthresh=1)
    left.set_xlabel("instance")
    left.set_ylabel("gap to best known, % (symlog)")
    left.legend()
    shown = [r["instance"] for r in rows if traces.get(r["instance"], {}).get("engine")][-4:]
    for name in shown:
        for key, style in (("engine", "-"), ("baseline", "--")):
            pts = traces[name].get(key) or []
            if pts:
                right.step([p[0] for p in pts], [p[1] for p in pts], style, where="post", label=f"{name} {key}")
    right.set_yscale("log")
    right.set_xlabel("seconds")
    right.set_ylabel("objective (log)")
    right.legend(fontsize=7)
    cores = rows[0]["cores"] if rows else "?"
    fig.suptitle(f"SafeShift on Curtois instances ({cores} cores)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _workers(rows: list[dict]) -> str:
    """The engine's workers as the run recorded them (older runs: a number)."""
    workers = rows[0]["workers"] if rows else "?"
    if str(workers) == "default":
        return "its default workers (solver.py: full model or LNS sub-solves)"
    return f"{workers} workers"
