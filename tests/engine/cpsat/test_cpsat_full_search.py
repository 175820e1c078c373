"""The full model's search: run states on small models with time to use them, and the
LP-strong worker portfolio on small machines."""

from __future__ import annotations

from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from safeshift.engine import solver as solver_module
from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers import load_curtois
from safeshift.engine.result import DEFAULT_WORKERS, SolveParams
from safeshift.engine.solver import FULL_SUBSOLVERS, FULL_WORKERS, _set_workers, _use_run_states, solve

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


@pytest.mark.parametrize(
    ("instance", "seconds", "expected"),
    [
        ("Instance3", 60, True),  # 1,120 pairs, a minute: the tighter bound pays
        ("Instance3", 2, False),  # no time to spare for a slower first roster
        ("Instance10", 60, False),  # over 2,000 pairs
    ],
)
def test_run_states_only_on_small_models_with_time(instance, seconds, expected):
    p = load_curtois(CURTOIS / f"{instance}.txt")
    assert _use_run_states(compute_feasibility(p), SolveParams(time_limit_seconds=seconds)) is expected


@pytest.mark.parametrize(
    ("cores", "workers", "run_states", "expected"),
    [
        (2, 0, True, (FULL_WORKERS, FULL_SUBSOLVERS)),
        (4, 0, True, (FULL_WORKERS, FULL_SUBSOLVERS)),
        (2, 0, False, (DEFAULT_WORKERS, ())),
        (16, 0, True, (16, ())),  # many cores: CP-SAT's own portfolio, a worker a core
        (2, 3, True, (3, ())),  # workers asked for: CP-SAT's portfolio for that many
    ],
)
def test_full_model_workers(monkeypatch, cores, workers, run_states, expected):
    monkeypatch.setattr(solver_module.os, "cpu_count", lambda: cores)
    parameters = cp_model.CpSolver().parameters
    _set_workers(parameters, SolveParams(workers=workers), run_states)
    assert (parameters.num_workers, tuple(parameters.subsolvers)) == expected


def test_small_curtois_instance_solves_with_run_states_to_its_optimum(monkeypatch):
    """Instance1 with the engine's defaults on 2 cores: the run-state model and the
    LP-strong portfolio reach the published optimum 607 and prove it."""
    monkeypatch.setattr(solver_module.os, "cpu_count", lambda: 2)
    seen = []
    real_solve = cp_model.CpSolver.solve

    def recording(self, model, *args, **kwargs):
        seen.append((self.parameters.num_workers, tuple(self.parameters.subsolvers), len(model.proto.variables)))
        return real_solve(self, model, *args, **kwargs)

    monkeypatch.setattr(cp_model.CpSolver, "solve", recording)
    p = load_curtois(CURTOIS / "Instance1.txt")
    result = solve(p, SolveParams(time_limit_seconds=60))
    assert result.objective == 607 and result.best_bound == 607
    workers, subsolvers, n_variables = seen[-1]
    assert (workers, subsolvers) == (FULL_WORKERS, FULL_SUBSOLVERS)
    plain = solver_module.build_model(p, compute_feasibility(p))
    assert n_variables > plain.n_variables  # the run states' transitions
