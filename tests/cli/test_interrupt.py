"""Ctrl-C in real processes: the solve stops and still reports its best roster; the
server stops cleanly."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

INSTANCE3 = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois" / "Instance3.txt"
CLI = [sys.executable, "-m", "safeshift.cli"]

pytestmark = [
    pytest.mark.skipif(not INSTANCE3.is_file(), reason="Curtois benchmarks not available"),
]


def _default_sigint() -> None:
    """In the child: SIGINT back to its default, so Python turns it into KeyboardInterrupt
    even when the test run itself was started with SIGINT ignored (e.g. in the background)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def instance3(tmp_path, run) -> str:
    """Curtois Instance3 as a scenario: 20 staff, far from solved in a minute."""
    path = tmp_path / "instance3.json"
    assert run("import", "curtois", str(INSTANCE3), "-o", str(path), "--time-limit", "120")[0] == 0
    return str(path)


def _interrupt_after_first_progress(proc: subprocess.Popen) -> str:
    """Send SIGINT once a progress line appears on stderr; returns the stderr seen so far."""
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if " best " in line:
            proc.send_signal(signal.SIGINT)
            break
    return "".join(seen)


def test_ctrl_c_cancels_and_prints_best_roster(instance3):
    """SIGINT during the search: exit 130 within seconds, the best roster found is reported."""
    proc = subprocess.Popen([*CLI, "solve", instance3], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_default_sigint)
    seen = _interrupt_after_first_progress(proc)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, seen + err
    assert re.match(r"Status: (FEASIBLE \(cancelled\)|OPTIMAL)\n", out)
    assert "\nA      " in out  # the grid's first staff row
    assert "Cancelling: keeping the best roster found so far" in err


def test_serve_answers_and_stops_on_ctrl_c(instance3, run):
    """``safeshift serve --port 0`` serves a cancelled stream, then stops cleanly on SIGINT."""
    server = subprocess.Popen([*CLI, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, preexec_fn=_default_sigint)
    try:
        address = re.search(r"listening on (\S+)", server.stdout.readline()).group(1)
        client = subprocess.Popen([*CLI, "solve", instance3, "--server", address], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)
        _interrupt_after_first_progress(client)
        out, err = client.communicate(timeout=30)
        assert (client.returncode, out) == (130, "")
        assert "Cancelled: the server sends no roster for a cancelled stream. Last progress:" in err
        server.send_signal(signal.SIGINT)
        _, server_err = server.communicate(timeout=30)
        assert server.returncode == 0, server_err[-2000:]
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
