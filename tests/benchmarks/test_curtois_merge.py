"""benchmarks.curtois.merge: later result files replace earlier rows, sources are named."""

from __future__ import annotations

from results_files import write_results

from benchmarks.curtois.merge import main, merged_rows


def _row(n: int, objective: int) -> dict:
    return {"instance": f"Instance{n}", "objective": objective, "best_known": 100, "gap_pct": objective - 100,
            "status": "FEASIBLE", "time_limit_s": 60.0, "workers": 8, "cores": 2}


def test_later_rows_win_and_sources_are_listed(tmp_path):
    old = write_results(tmp_path / "all.csv", [_row(1, 100), _row(2, 130), _row(10, 150)])
    new = write_results(tmp_path / "new.csv", [_row(10, 120), _row(2, 125)])
    rows, source = merged_rows([old, new])
    assert [(r["instance"], r["objective"]) for r in rows] == [("Instance1", 100), ("Instance2", 125), ("Instance10", 120)]
    assert source == {"Instance1": "all.csv", "Instance2": "new.csv", "Instance10": "new.csv"}
    out = tmp_path / "table.md"
    assert main([str(old), str(new), "-o", str(out)]) == 0
    text = out.read_text()
    assert "| Instance2 | 100 | 125 | 25 | none |" in text
    assert text.rstrip().endswith("- all.csv: Instance1\n- new.csv: Instance2, Instance10")


def test_a_run_without_baseline_says_so(tmp_path):
    with_baseline = {**_row(1, 100), "baseline_objective": 110, "baseline_gap_pct": 10, "baseline_status": "FEASIBLE",
                     "objective_ratio_vs_baseline": 0.9091}
    no_baseline = {**_row(2, 130), "baseline_objective": "", "baseline_status": ""}
    out = tmp_path / "table.md"
    assert main([str(write_results(tmp_path / "none.csv", [no_baseline])), "-o", str(out)]) == 0
    text = out.read_text()
    assert "no baseline in this run" in text and "| Instance2 | 100 | 130 | 30 | none | none | none | FEASIBLE | not run | not run | not run |" in text
    assert main([str(write_results(tmp_path / "both.csv", [with_baseline, no_baseline])), "-o", str(out)]) == 0
    text = out.read_text()
    assert "baseline with CP-SAT defaults" in text
    assert "| 110 | 10 | 0.9091 |" in text and "| not run | not run | not run |" in text


def test_the_header_names_the_engine_workers_as_recorded(tmp_path):
    """Runs with the engine's own choice record "default"; older runs a number."""
    out = tmp_path / "table.md"
    assert main([str(write_results(tmp_path / "new.csv", [{**_row(1, 100), "workers": "default"}])), "-o", str(out)]) == 0
    assert "engine with its default workers" in out.read_text()
    assert main([str(write_results(tmp_path / "old.csv", [_row(1, 100)])), "-o", str(out)]) == 0
    assert "engine with 8 workers" in out.read_text()


def test_the_table_shows_the_bound_and_when_the_final_roster_came(tmp_path):
    out = tmp_path / "table.md"
    row = {**_row(3, 120), "best_bound": 118, "first_feasible_s": 0.5, "best_s": 30.25}
    assert main([str(write_results(tmp_path / "run.csv", [row])), "-o", str(out)]) == 0
    text = out.read_text()
    assert "| gap % | bound | first feasible s | best s | status |" in text
    assert "| Instance3 | 100 | 120 | 20 | 118 | 0.5 | 30.25 | FEASIBLE |" in text
