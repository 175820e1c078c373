"""Shared by the harness tests: puts the repository on the path (benchmarks/ is a folder of
the repository, not an installed package) and writes result files as the harness does."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.curtois.run import COLUMNS  # noqa: E402


def write_results(path: Path, rows: list[dict]) -> Path:
    """A result file of ``rows`` (missing columns empty)."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path
