"""safeshift import curtois: a Curtois instance becomes a loadable scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeshift.api.json_io import load_message
from safeshift.v1 import roster_pb2 as pb

INSTANCE1 = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois" / "Instance1.txt"


@pytest.mark.skipif(not INSTANCE1.is_file(), reason="Curtois benchmarks not available")
def test_instance1_writes_a_solve_request(run, tmp_path):
    """Instance1 (8 staff, 14 days, one shift type) with its time limit, loadable again."""
    out_path = tmp_path / "instance1.json"
    code, out, _ = run("import", "curtois", str(INSTANCE1), "-o", str(out_path), "--time-limit", "5")
    assert code == 0
    assert out == f"Wrote {out_path}: 8 staff, 14 shifts\n"
    req = load_message(out_path.read_text(encoding="utf-8"), pb.SolveRequest)
    assert req.parameters.time_limit_seconds == 5
    assert req.problem.id == "Instance1" and req.problem.timezone == "UTC"
    assert [s.id for s in req.problem.staff] == list("ABCDEFGH")
    assert {s.category for s in req.problem.shifts} == {"D"}


@pytest.mark.skipif(not INSTANCE1.is_file(), reason="Curtois benchmarks not available")
def test_malformed_instance_names_the_line(run, write_json, tmp_path):
    """A broken instance file: exit 2 and the importer's line number."""
    text = INSTANCE1.read_text(encoding="ascii").replace("\n14\n", "\nfourteen\n", 1)
    line = text.splitlines().index("fourteen") + 1
    path = write_json("broken.txt", text)
    code, _, err = run("import", "curtois", path, "-o", str(tmp_path / "x.json"))
    assert code == 2
    assert err.strip() == f"{path}: line {line}: 'fourteen' is not an integer (INVALID_FORMAT)"
    assert not (tmp_path / "x.json").exists()
