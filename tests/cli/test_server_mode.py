"""--server HOST:PORT: the same requests through a real server on a loopback port."""

from __future__ import annotations

import socket

import pytest

from cli_scenarios import scenario, shift
from safeshift.api.json_io import load_message
from safeshift.api.limits import Limits
from safeshift.server.app import build_server
from safeshift.v1 import roster_pb2 as pb


@pytest.fixture(scope="module")
def address():
    """A started in-process server on 127.0.0.1 and a free port, as HOST:PORT."""
    server, _, port = build_server(0, Limits(), "127.0.0.1")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None).wait()


def test_solve_on_server_matches_in_process(run, write_json, tmp_path, address):
    """The server's answer is reported like the in-process one, with progress and -o."""
    out_path = tmp_path / "out.json"
    code, out, err = run("solve", write_json("tiny.json", scenario()), "--server", address, "-o", str(out_path))
    assert code == 0
    assert f"on {address}" in err and "best 240" in err
    assert out.startswith("Status: OPTIMAL\nObjective: 240 = ")
    assert "Alice (a)  E  E  E\n" in out
    assert load_message(out_path.read_text(encoding="utf-8"), pb.SolveResponse).objective == 240


def test_validate_on_server(run, write_json, address):
    """A short rest found by the server: exit 1 and H4."""
    shifts = [shift("l2", 2, 14, 22, "Late"), shift("e3", 3, 6, 14, "Early")]
    roster = {"assignments": [{"staffId": "a", "shiftId": "l2"}, {"staffId": "a", "shiftId": "e3"}]}
    code, out, _ = run("validate", write_json("p.json", scenario(shifts)), write_json("r.json", roster),
                       "--server", address)
    assert code == 1 and "\nH4 Minimum rest, door to door (1)\n" in out


def test_bad_request_details_from_server(run, write_json, address):
    """INVALID_ARGUMENT: the status line, then the BadRequest field violations; exit 2."""
    data = scenario()
    data["problem"]["shifts"][1]["end"] = data["problem"]["shifts"][1]["start"]
    code, out, err = run("solve", write_json("bad.json", data), "--server", address, "--quiet")
    lines = err.strip().splitlines()
    assert (code, out) == (2, "")
    assert lines[0].endswith("(INVALID_ARGUMENT)") and lines[0].startswith("server: ")
    assert lines[1].startswith("problem.shifts[1].end: ") and lines[1].endswith("(END_NOT_AFTER_START)")


def test_unreachable_server_exits_3(run, write_json):
    """Nobody listening: UNAVAILABLE, reported in one line, exit 3."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed
    code, _, err = run("solve", write_json("tiny.json", scenario()), "--server", f"127.0.0.1:{port}", "--quiet")
    assert code == 3
    assert err.startswith("server: ") and err.rstrip().endswith("(UNAVAILABLE)")
