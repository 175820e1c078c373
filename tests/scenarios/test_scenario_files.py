"""The scenario files: canonical JSON SolveRequests, reproducible by the generator, valid input."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest
from google.protobuf import json_format
from scenario_helpers import GENERATOR, NAMES, SCENARIO_DIR, load_request, scenario_text

from safeshift.api.convert import problem_from_proto, solve_request_from_proto
from safeshift.v1 import roster_pb2 as pb


def test_scenario_set_is_complete():
    """scenarios/ holds exactly the generated files: ward, rail and community."""
    assert sorted(p.stem for p in SCENARIO_DIR.glob("*.json")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_file_parses_as_solve_request(name):
    """Each file parses strictly (no unknown fields) as a safeshift.v1.SolveRequest."""
    text = scenario_text(name)
    req = json_format.Parse(text, pb.SolveRequest(), ignore_unknown_fields=False)
    assert req.problem.shifts and req.problem.staff


@pytest.mark.parametrize("name", NAMES)
def test_file_is_canonical_json(name):
    """Each file is exactly MessageToJson(indent=2) of its message, plus a final newline."""
    text = scenario_text(name)
    assert text == json_format.MessageToJson(load_request(name), indent=2) + "\n"


@pytest.mark.parametrize("name", NAMES)
def test_request_settings(name):
    """Each request has a description, Europe/London, a Monday-midnight horizon and a 30 s limit."""
    req = load_request(name)
    p = req.problem
    assert len(p.description) > 200
    assert p.timezone == "Europe/London"
    assert req.parameters.time_limit_seconds == 30
    start = p.horizon_start.ToDatetime(tzinfo=timezone.utc).astimezone(ZoneInfo("Europe/London"))
    assert (start.weekday(), start.hour, start.minute) == (0, 0, 0)
    end = p.horizon_end.ToDatetime(tzinfo=timezone.utc).astimezone(ZoneInfo("Europe/London"))
    assert (end.weekday(), end.hour, end.minute) == (0, 0, 0)
    assert (end.date() - start.date()).days % 7 == 0


def test_generator_is_deterministic(tmp_path):
    """Regenerating into a temp dir (two hash seeds) gives byte-identical files to those committed."""
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, env=env, capture_output=True)
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.json" for n in NAMES)
        for name in NAMES:
            committed = (SCENARIO_DIR / f"{name}.json").read_bytes()
            assert (out / f"{name}.json").read_bytes() == committed, f"{name}.json differs: rerun generate.py"


@pytest.mark.parametrize("name", NAMES)
def test_converts_to_domain(name):
    """Each problem converts to the domain with no field violation (InvalidProblemError)."""
    problem = problem_from_proto(load_request(name).problem)
    assert len(problem.staff) == len(load_request(name).problem.staff)
    assert len(problem.shifts) == len(load_request(name).problem.shifts)


@pytest.mark.parametrize("name", NAMES)
def test_accepted_as_solve_request(name):
    """Each request passes the server's default request limits and keeps its 30 s time limit."""
    problem, params = solve_request_from_proto(load_request(name))
    assert params.time_limit_seconds == 30
    assert problem.id == load_request(name).problem.id
