"""Builders of the example scenarios, one module each; ``scenarios/generate.py`` is the command line.

- ``common``: shared constants and protobuf builders (local times, shifts, grants, the request).
- ``ward``, ``rail``, ``community``: one scenario each, built from fixed data and a fixed seed.
"""

from __future__ import annotations

from pathlib import Path

from google.protobuf import json_format

from safeshift.v1 import roster_pb2 as pb

from .community import community_request
from .rail import rail_request
from .ward import ward_request

SCENARIOS = {
    "ward.json": ward_request,
    "rail.json": rail_request,
    "community.json": community_request,
}


def to_json(req: pb.SolveRequest) -> str:
    """Protobuf's canonical JSON mapping, indent 2, with a final newline."""
    return json_format.MessageToJson(req, indent=2) + "\n"


def write_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCENARIOS.items():
        path = out / name
        path.write_text(to_json(build()), encoding="utf-8")
        written.append(path)
    return written


__all__ = ["SCENARIOS", "community_request", "rail_request", "to_json", "ward_request", "write_all"]
