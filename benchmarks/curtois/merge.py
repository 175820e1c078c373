"""One table from several Curtois result files: rows of later files replace earlier ones.

    python -m benchmarks.curtois.merge benchmarks/results/curtois-60s.csv \\
        benchmarks/results/curtois-60s-tail.csv -o benchmarks/results/curtois-60s-merged.md

Each row keeps the numbers of the run it comes from; the table names its sources.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from .report import write_markdown


def merged_rows(paths: list[Path]) -> tuple[list[dict], dict[str, str]]:
    """The rows by instance (later files win), in instance order, and each one's source."""
    rows: dict[str, dict] = {}
    source: dict[str, str] = {}
    for path in paths:
        for row in read_rows(path):
            rows[row["instance"]] = row
            source[row["instance"]] = path.name
    order = sorted(rows, key=lambda name: int(name.removeprefix("Instance")))
    return [rows[name] for name in order], source


def read_rows(path: Path) -> list[dict]:
    """The rows of a result file, numbers as numbers."""
    with open(path, newline="") as f:
        return [{k: _number(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _number(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="+", type=Path, help="result files, oldest first")
    ap.add_argument("-o", "--out", type=Path, required=True, help="markdown file to write")
    args = ap.parse_args(argv)
    rows, source = merged_rows(args.csv)
    write_markdown(rows, args.out)
    used = sorted(set(source.values()), key=[p.name for p in args.csv].index)
    lines = [f"- {name}: " + ", ".join(i for i in source if source[i] == name) for name in used]
    with open(args.out, "a") as f:
        f.write("\nSources (each row from one run; ratios are within that run):\n\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
