"""safeshift solve in-process: report, -o file, flags and Ctrl-C."""

from __future__ import annotations

import io
import threading

import pytest
from google.protobuf import json_format

from cli_scenarios import scenario
from safeshift.api.json_io import load_message
from safeshift.cli.progress import ProgressPrinter
from safeshift.cli.solve import INTERRUPTED, apply_overrides, wait_cancellable
from safeshift.v1 import roster_pb2 as pb


def test_tiny_scenario_prints_report_and_writes_response(run, write_json, tmp_path):
    """Alice (cheapest) works all three Early shifts: objective 3 x 8 h x 10 = 240."""
    path = write_json("tiny.json", scenario())
    out_path = tmp_path / "out.json"
    code, out, err = run("solve", path, "-o", str(out_path))
    assert code == 0
    assert out.startswith("Status: OPTIMAL\n")
    assert "Objective: 240 = S1 uncovered 0 + S2 over-cover 0 + S3 preferences 0 + S4 cost 240" in out
    assert "Alice (a)  E  E  E\nBob (b)    .  .  .\nCells: E Early; . off\n" in out
    assert "KPIs: coverage 100.0% (3 of 3 people required), total cost 240" in out
    assert "hours per person: min 0.0, avg 12.0, max 24.0 (2 staff)" in out
    assert "best 240" in err  # a progress line
    response = load_message(out_path.read_text(encoding="utf-8"), pb.SolveResponse)
    assert response.status == pb.OPTIMAL
    assert response.objective == 240
    assert sorted((a.staff_id, a.shift_id) for a in response.assignments) == [("a", "e2"), ("a", "e3"), ("a", "e4")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "tiny.json"]  # no temporary file left


def test_uncovered_demand_lists_each_candidates_reason(run, write_json):
    """A shift needing a competency nobody holds is short, each candidate excluded by H1."""
    data = scenario()
    data["problem"]["competencyIds"] = ["ICU"]
    data["problem"]["shifts"][1]["requirements"][0]["competencyIds"] = ["ICU"]
    code, out, _ = run("solve", write_json("icu.json", data), "--quiet")
    assert code == 0
    assert "Uncovered demand: 1 requirement, 1 person short" in out
    assert "  Tue 2026-03-03 07:00-15:00 Early (shift e3), requirement r: 1 short" in out
    assert "      a  H1  lacks competency ICU\n      b  H1  lacks competency ICU\n" in out
    assert out.splitlines()[1].startswith("Objective: 260 = S1 uncovered 100 ")


def test_quiet_prints_no_progress(run, write_json):
    """--quiet leaves stderr empty on success."""
    code, _, err = run("solve", write_json("tiny.json", scenario()), "--quiet")
    assert (code, err) == (0, "")


def test_flags_override_scenario_parameters():
    """--time-limit, --workers and --seed replace the scenario's values; absent flags keep them."""
    req = json_format.ParseDict(scenario(time_limit=10), pb.SolveRequest())
    apply_overrides(req, time_limit=2.5, seed=7)
    assert (req.parameters.time_limit_seconds, req.parameters.workers, req.parameters.seed) == (2.5, 1, 7)


def test_missing_output_directory_fails_before_solving(run, write_json, tmp_path):
    """-o into a directory that does not exist is bad input (exit 2), reported at once."""
    target = tmp_path / "nope" / "out.json"
    code, out, err = run("solve", write_json("tiny.json", scenario()), "-o", str(target))
    assert code == 2 and out == ""
    assert err.strip() == f"{target}: directory {target.parent} does not exist (FILE_NOT_FOUND)"


def test_first_ctrl_c_cancels_and_waits_for_the_answer():
    """Ctrl-C sets the cancel event and keeps waiting until the solve returns its roster."""
    cancel = threading.Event()

    class SolveDone:
        """Interrupted on the first wait; done once the solve has seen ``cancel``."""

        waits = 0

        def wait(self, timeout=None):
            self.waits += 1
            if self.waits == 1:
                raise KeyboardInterrupt
            return cancel.is_set()

    stderr = io.StringIO()
    assert wait_cancellable(SolveDone(), cancel, ProgressPrinter(stream=stderr, tty=False)) is True
    assert cancel.is_set()
    assert stderr.getvalue().startswith("Cancelling: keeping the best roster found so far")


def test_second_ctrl_c_gives_up():
    """A second Ctrl-C while cancelling propagates KeyboardInterrupt (exit 130 in main)."""

    class NeverDone:
        def wait(self, timeout=None):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        wait_cancellable(NeverDone(), threading.Event(), ProgressPrinter(stream=io.StringIO(), tty=False))
    assert INTERRUPTED == 130
