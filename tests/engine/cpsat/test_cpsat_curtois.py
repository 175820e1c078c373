"""Curtois benchmark instances through the importer, the solver and the validator."""

from __future__ import annotations

from pathlib import Path

import pytest
from cpsat_builders import checked_solve

from safeshift.engine.importers import load_curtois
from safeshift.engine.result import SolveParams, SolveStatus

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


def test_instance1_solves_to_the_published_optimum():
    """Instance1 reaches exactly 607, the published (proved) optimum."""
    seen = []
    result = checked_solve(
        load_curtois(CURTOIS / "Instance1.txt"), SolveParams(time_limit_seconds=60, workers=2), on_progress=seen.append
    )
    assert result.objective == 607
    assert result.status is SolveStatus.OPTIMAL
    assert seen[-1].objective == 607


@pytest.mark.parametrize(
    ("name", "lower_bound"),
    [
        ("Instance2", 828),  # proved optimum: no valid roster is cheaper
        ("Instance3", 1001),
    ],
)
def test_short_solve_gives_a_valid_roster_with_the_solver_objective(name, lower_bound):
    """A 10 s solve: the validator accepts the roster and recomputes the solver's objective."""
    seen = []
    result = checked_solve(
        load_curtois(CURTOIS / f"{name}.txt"), SolveParams(time_limit_seconds=10, workers=2), on_progress=seen.append
    )
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert seen and seen[-1].objective == result.objective
    assert result.objective >= lower_bound
    assert result.best_bound is not None and result.best_bound <= lower_bound
    assert result.breakdown.s4_cost == 0
