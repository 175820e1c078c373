"""Paths and cached loaders for the example scenarios in scenarios/ (canonical-JSON SolveRequests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from google.protobuf import json_format

from safeshift.v1 import roster_pb2 as pb

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
GENERATOR = SCENARIO_DIR / "generate.py"
NAMES = ("ward", "rail", "community")


def scenario_text(name: str) -> str:
    return (SCENARIO_DIR / f"{name}.json").read_text(encoding="utf-8")


@cache
def load_request(name: str) -> pb.SolveRequest:
    """The parsed ``SolveRequest`` of ``scenarios/<name>.json`` (do not mutate: cached)."""
    return json_format.Parse(scenario_text(name), pb.SolveRequest())


@cache
def load_problem(name: str):
    """That scenario's domain ``Problem``, converted by ``problem_from_proto`` (cached)."""
    from safeshift.api.convert import problem_from_proto

    return problem_from_proto(load_request(name).problem)
