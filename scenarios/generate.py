#!/usr/bin/env python
"""Generate the example scenarios: complete ``SolveRequest`` messages as canonical JSON.

    python scenarios/generate.py             # rewrites scenarios/*.json
    python scenarios/generate.py --out DIR   # writes them into DIR instead

Each scenario is built directly as ``safeshift.v1`` protobuf messages from fixed data and
a fixed random seed, then written with ``google.protobuf.json_format.MessageToJson``
(indent 2), so the files are byte-for-byte reproducible and replayable with
``safeshift solve FILE`` or ``grpcurl -d @ ... safeshift.v1.RosterService/Solve < FILE``.

Local clock times are given in Europe/London and stored as UTC instants, so a shift
across a clock change is an hour shorter or longer in real minutes (docs/rules.md, "Time").

The builders live in the sibling package ``scenarios/generator/`` (``common.py`` for the
shared helpers, then ``ward.py``, ``rail.py`` and ``community.py``, one scenario each).

Scenarios:
- ``ward.json``: an acute medical ward, 4 weeks across the March 2027 clock change.
- ``rail.json``: track maintenance crews from three depots, 2 weeks across the October 2027
  clock change, where door-to-door rest (H4) and duty length (H5) bind on far sites.
- ``community.json``: a community nursing team with employed, bank and agency staff.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Run as ``python scenarios/generate.py`` the script's directory is already on sys.path, but
# not under ``python -P`` / PYTHONSAFEPATH or when loaded another way: make ``generator`` importable.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generator import SCENARIOS, to_json, write_all  # noqa: E402

__all__ = ["HERE", "SCENARIOS", "main", "to_json", "write_all"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write into (default: scenarios/)")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
