"""benchmarks.curtois.spread: the spread of single runs over several result files; the
harness records the engine's seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from results_files import write_results

from benchmarks.curtois.run import DEFAULT_DATA, run_one
from benchmarks.curtois.spread import main, spread_rows


def _row(n: int, objective, baseline=None, limit: float = 60.0) -> dict:
    row = {"instance": f"Instance{n}", "objective": objective, "best_known": 100, "status": "FEASIBLE",
           "time_limit_s": limit, "workers": "default", "cores": 2}
    if baseline is not None:
        row.update(baseline_objective=baseline if baseline != "none" else "", baseline_status="FEASIBLE")
    return row


def _runs(tmp_path: Path) -> list[Path]:
    return [
        write_results(tmp_path / "a.csv", [_row(8, 130, 120), _row(2, 100, 100)]),
        write_results(tmp_path / "b.csv", [_row(8, 110, 150)]),
        write_results(tmp_path / "c.csv", [_row(8, 160, "none"), _row(2, "")]),
        write_results(tmp_path / "d.csv", [_row(8, 120)]),  # engine only
    ]


def test_each_instance_has_its_lowest_median_and_highest_over_the_runs(tmp_path):
    rows = {r["instance"]: r for r in spread_rows(_runs(tmp_path))}
    assert list(rows) == ["Instance2", "Instance8"]  # in instance order
    eight = rows["Instance8"]
    assert eight["runs"] == 4 and eight["no_roster"] == 0
    assert eight["engine"] == (110, 125, 160) and eight["median_gap_pct"] == 25
    assert eight["baseline_runs"] == 3 and eight["baseline"] == (120, 135, 150)
    # beaten: b (110 < 150) and c (the baseline found no roster), not a (130 > 120)
    assert eight["engine_better"] == 2
    two = rows["Instance2"]
    assert two["runs"] == 2 and two["no_roster"] == 1 and two["engine"] == (100, 100, 100)
    assert two["engine_better"] == 0  # a tie is not beaten


def test_the_table_shows_the_spread(tmp_path):
    paths = _runs(tmp_path)
    out = tmp_path / "spread.md"
    assert main([*map(str, paths), "-o", str(out)]) == 0
    text = out.read_text()
    assert "60 s per instance and model" in text and "4 result files (a.csv, b.csv, c.csv, d.csv)" in text
    assert "| Instance8 | 100 | 4 | 110 / 125 / 160 | 25 | 3 | 120 / 135 / 150 | 2 of 3 |" in text
    assert "| Instance2 | 100 | 2 | 100 / 100 / 100 (1 without a roster) | 0 | 1 | 100 / 100 / 100 | 0 of 1 |" in text


def test_only_the_instances_asked_for(tmp_path):
    paths = _runs(tmp_path)
    assert [r["instance"] for r in spread_rows(paths, {8, 9})] == ["Instance8"]
    out = tmp_path / "spread.md"
    assert main([*map(str, paths), "-o", str(out), "--instances", "1-3"]) == 0
    assert "| Instance2 |" in out.read_text() and "| Instance8 |" not in out.read_text()


def test_instances_the_files_do_not_hold_are_an_error_not_an_empty_table(tmp_path, capsys):
    out = tmp_path / "spread.md"
    with pytest.raises(SystemExit):
        main([*map(str, _runs(tmp_path)), "-o", str(out), "--instances", "13-20"])
    assert "no rows: the files hold none of those instances" in capsys.readouterr().err
    assert not out.exists()


def test_files_of_another_time_limit_are_refused_by_name(tmp_path, capsys):
    paths = [write_results(tmp_path / "short.csv", [_row(8, 130)]), write_results(tmp_path / "long.csv", [_row(8, 110, limit=300.0)])]
    with pytest.raises(ValueError, match="long.csv: time_limit_s is 300, not 60 as in short.csv"):
        spread_rows(paths)
    with pytest.raises(SystemExit):
        main([*map(str, paths), "-o", str(tmp_path / "out.md")])
    assert "long.csv: time_limit_s is 300" in capsys.readouterr().err
    assert not (tmp_path / "out.md").exists()


def test_the_harness_solves_with_the_seed_given_and_records_it():
    row, traces = run_one("Instance1", DEFAULT_DATA / "Instance1.txt", 607, 10.0, 0, True, seed=3)
    assert row["seed"] == 3 and row["objective"] == 607 and row["baseline_objective"] == 607
    assert row["status"] == "OPTIMAL" and traces["engine"] and traces["baseline"]
