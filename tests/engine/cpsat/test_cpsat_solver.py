"""``solve``: status mapping, statistics, the pin check, the validator guard, streaming, cancel."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from cpsat_builders import FAST, checked_solve, person, problem, shift

from safeshift.engine.importers import load_curtois
from safeshift.engine.model import Problem, RuleParams
from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.solver import solve

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


@pytest.fixture(scope="module")
def instance10() -> Problem:
    """Curtois Instance10 (40 staff, 28 days): hard enough to keep CP-SAT busy for a minute."""
    return load_curtois(CURTOIS / "Instance10.txt")


def test_empty_problem_is_optimal_with_zero():
    """No staff and no shifts: an empty roster, proved optimal."""
    result = checked_solve(Problem())
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 0 and result.assignments == ()


def test_statistics_are_filled():
    """Wall time, first solution, solution count and model size are reported."""
    # At most one of the two shifts (a constraint): one stays uncovered.
    result = checked_solve(problem([person("A", max_total_minutes=480)], [shift("s", 0), shift("t", 1)]))
    stats = result.stats
    assert result.status is SolveStatus.OPTIMAL and result.objective == 100
    assert stats.solutions >= 1 and stats.first_solution_seconds is not None
    assert 0 < stats.first_solution_seconds <= stats.wall_seconds
    assert stats.variables >= 2 and stats.constraints >= 1
    assert stats.stopped_by == ""
    assert result.best_bound == 100
    assert result.kpis is not None and result.kpis.covered_headcount == 1


def test_infeasible_hard_rules():
    """A minimum nobody can reach gives INFEASIBLE with a message and no roster."""
    result = checked_solve(problem([person("A", min_total_minutes=2000)], [shift("s", 0)]))
    assert result.status is SolveStatus.INFEASIBLE
    assert result.assignments == () and result.objective is None
    assert "hard rules" in result.message


def test_validator_guard_raises_on_a_broken_model(monkeypatch):
    """If the model misses a rule, the validator's violation surfaces as RuntimeError."""
    monkeypatch.setattr("safeshift.engine.cpsat.model.add_daily_rules", lambda v: None)
    p = problem(
        [person("A")],
        [shift("a", 0, 6, 240), shift("b", 0, 14, 240)],
        defaults=RuleParams(min_rest_minutes=0, max_duties_per_day=1),
    )
    with pytest.raises(RuntimeError, match="H10"):
        solve(p, FAST)


def test_cancel_before_start_returns_no_solution():
    """An event already set: no search, NO_SOLUTION_IN_TIME, stopped by cancel."""
    cancel = threading.Event()
    cancel.set()
    result = solve(problem([person("A")], [shift("s")]), FAST, cancel=cancel)
    assert result.status is SolveStatus.NO_SOLUTION_IN_TIME
    assert result.stats.stopped_by == "cancelled"


def test_cancel_stops_a_long_solve(instance10):
    """Setting the event stops a 60 s solve within a second or so (< 5 s on a noisy machine)."""
    cancel = threading.Event()
    set_at: list[float] = []

    def on_progress(progress):
        if not set_at:
            set_at.append(time.monotonic())
            cancel.set()

    result = solve(instance10, SolveParams(time_limit_seconds=60, workers=2), on_progress, cancel)
    returned = time.monotonic()
    assert set_at, "no solution was found to trigger the cancel"
    assert returned - set_at[0] < 5.0
    assert result.status is SolveStatus.FEASIBLE
    assert result.stats.stopped_by == "cancelled"
    assert result.objective is not None and result.assignments


def test_cancel_from_another_thread(instance10):
    """An event set by another thread mid-search stops the solve soon after (< 5 s)."""
    cancel = threading.Event()
    timer = threading.Timer(1.5, cancel.set)
    started = time.monotonic()
    timer.start()
    try:
        result = solve(instance10, SolveParams(time_limit_seconds=60, workers=2), cancel=cancel)
    finally:
        timer.cancel()
    assert cancel.is_set()
    assert time.monotonic() - started < 1.5 + 5.0
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION_IN_TIME)
    assert result.stats.stopped_by == "cancelled"


def test_time_limit_stops_with_the_best_roster(instance10):
    """A short time limit gives FEASIBLE, stopped by the time limit, within the limit."""
    result = checked_solve(instance10, SolveParams(time_limit_seconds=2, workers=2))
    assert result.status is SolveStatus.FEASIBLE
    assert result.stats.stopped_by == "time_limit"
    assert result.stats.wall_seconds < 6


def test_progress_streams_improving_objectives(instance10):
    """on_progress gets strictly improving objectives; the last is the returned objective."""
    seen = []
    result = checked_solve(instance10, SolveParams(time_limit_seconds=3, workers=2), on_progress=seen.append)
    objectives = [p.objective for p in seen]
    assert len(objectives) >= 2
    assert all(b < a for a, b in zip(objectives, objectives[1:]))
    assert objectives[-1] == result.objective
    counts = [p.solutions for p in seen]
    assert counts[0] >= 1 and all(b > a for a, b in zip(counts, counts[1:]))
    assert counts[-1] <= result.stats.solutions
    assert all(p.best_bound <= p.objective for p in seen)
    assert seen[-1].roster is not None and seen[-1].roster() == result.assignments


def test_progress_callback_errors_are_raised(instance10):
    """An exception in on_progress stops the search and reaches the caller."""

    def boom(progress):
        raise ValueError("client went away")

    started = time.monotonic()
    with pytest.raises(ValueError, match="client went away"):
        solve(instance10, SolveParams(time_limit_seconds=60, workers=2), on_progress=boom)
    assert time.monotonic() - started < 10
