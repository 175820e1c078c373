"""A short solve of each scenario gives a valid roster with good coverage."""

from __future__ import annotations

import os

import pytest
from scenario_helpers import load_problem

from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.solver import solve
from safeshift.engine.validation import validate_roster

# Coverage seen after 10 s on 2 cores: ward 94-97 %, rail 94-100 %, community 100 %.
MIN_COVERAGE = {"ward": 88.0, "rail": 85.0, "community": 97.0}
# At least two workers: CP-SAT's single-worker search is much slower to a first roster.
WORKERS = max(2, os.cpu_count() or 1)


@pytest.mark.parametrize("name", sorted(MIN_COVERAGE))
def test_short_solve_is_valid_with_good_coverage(name):
    """A 10 s solve is FEASIBLE/OPTIMAL, keeps the pins, breaks no hard rule and covers enough demand."""
    problem = load_problem(name)
    result = solve(problem, SolveParams(time_limit_seconds=10, workers=WORKERS, seed=1))
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL), result.message
    report = validate_roster(problem, result.assignments)
    assert report.violations == (), report.violations[:5]
    assert set(problem.pinned) <= set(result.assignments)
    assert result.stats.first_solution_seconds is not None and result.stats.first_solution_seconds < 5
    assert report.kpis.coverage_percent >= MIN_COVERAGE[name], report.kpis
    assert result.objective == report.breakdown.total
