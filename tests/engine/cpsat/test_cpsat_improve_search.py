"""LNS sub-searches: with 2 workers the full-problem worker is CP-SAT's max_lp (the
stronger LP bound), with 1 the single search uses max_lp's LP; the lanes share the
workers, and one searches at a time, presolving lightly, where people have many options;
and such searches still return the true optimum of their sub-model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.search import construct, improve, lns
from safeshift.engine.search.submodel import (
    IMPROVE_ALONE_LINEARIZATION,
    IMPROVE_SUBSOLVERS,
    LEAN_PRESOLVE,
    SubSolve,
    _Stopper,
)

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


@pytest.fixture(scope="module")
def instance3():
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    return p, feasibility, construct(p, feasibility, time.monotonic() + 10.0)


DEFAULT_LINEARIZATION = 1  # CP-SAT's


def _recording(monkeypatch, leans: list[bool] | None = None) -> list[tuple[int, tuple[str, ...], int]]:
    """Each search's workers, subsolvers and LP level; into ``leans``, whether its presolve
    is ``LEAN_PRESOLVE``'s."""
    seen, real_solve = [], _Stopper.solve

    def recording_solve(self, model):
        params = self.solver.parameters
        seen.append((params.num_workers, tuple(params.subsolvers), params.linearization_level))
        if leans is not None:
            leans.append(all(getattr(params, name) == value for name, value in LEAN_PRESOLVE.items()))
        return real_solve(self, model)

    monkeypatch.setattr(_Stopper, "solve", recording_solve)
    return seen


@pytest.mark.parametrize(
    ("workers", "subsolvers", "linearization"),
    [
        (2, IMPROVE_SUBSOLVERS, DEFAULT_LINEARIZATION),
        (1, (), IMPROVE_ALONE_LINEARIZATION),
        (4, (), DEFAULT_LINEARIZATION),
    ],
)
def test_lns_searches_use_the_lp_strong_worker(monkeypatch, instance3, workers, subsolvers, linearization):
    """One lane (Instance3's 20 people are below ``LANES_MIN_STAFF``): its searches get all
    the workers, LP-strong with 1 or 2 of them."""
    p, feasibility, start = instance3
    seen = _recording(monkeypatch)
    objective = SubSolve(p, feasibility, range(p.indexed.n_staff), start).value(start)
    improve(p, feasibility, start, objective, time.monotonic() + 1.5, workers=workers)
    assert seen and set(seen) == {(workers, subsolvers, linearization)}


@pytest.mark.parametrize(("workers", "per_lane"), [(2, 1), (4, 2)])
def test_the_lanes_share_the_workers(monkeypatch, instance3, workers, per_lane):
    p, feasibility, start = instance3
    monkeypatch.setattr(lns, "LANES_MIN_STAFF", 20)  # Instance3 has 20 people
    leans: list[bool] = []
    seen = _recording(monkeypatch, leans)
    objective = SubSolve(p, feasibility, range(p.indexed.n_staff), start).value(start)
    improve(p, feasibility, start, objective, time.monotonic() + 1.5, workers=workers)
    assert seen and {n for n, _, _ in seen} == {per_lane}
    assert not any(leans)  # few options a person: CP-SAT's full presolve
    if per_lane == 1:  # the default on 2 cores: each lane's one worker is LP-strong
        assert {level for _, _, level in seen} == {IMPROVE_ALONE_LINEARIZATION}


def test_construction_searches_keep_their_own_portfolio(monkeypatch):
    seen = _recording(monkeypatch)
    p = load_curtois(CURTOIS / "Instance1.txt")
    assert construct(p, compute_feasibility(p), time.monotonic() + 10.0, workers=2) is not None
    assert seen and all(subsolvers == () and level < IMPROVE_ALONE_LINEARIZATION for _, subsolvers, level in seen)


@pytest.mark.parametrize("lean", [False, True])
def test_an_improving_search_proves_the_sub_model_optimum(monkeypatch, instance3, lean):
    """Three people re-solved with everyone else fixed: the improving search's optimum, with
    CP-SAT's presolve or the lean one, is the one CP-SAT's default portfolio proves with 8
    workers."""
    p, feasibility, start = instance3
    sub = SubSolve(p, feasibility, [0, 5, 9], start)
    leans: list[bool] = []
    _recording(monkeypatch, leans)
    chosen, value, optimal = sub.search(20.0, 2, 0, None, True, None, improve=True, lean=lean)
    assert leans == [lean]
    assert optimal and value == sub.value(chosen) <= sub.value(sub.current)
    reference = SubSolve(p, feasibility, [0, 5, 9], start)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 8
    solver.parameters.max_time_in_seconds = 20.0
    assert solver.solve(reference.built.model) == cp_model.OPTIMAL
    assert value == round(solver.objective_value)


def test_one_lane_when_people_have_many_options(monkeypatch, instance3):
    """Above ``LANES_MAX_OPTIONS`` options a person on average, one sub-solve searches at a
    time with all the workers, though there are people enough for two lanes, and presolves
    lightly (``LEAN_PRESOLVE``)."""
    p, feasibility, start = instance3
    monkeypatch.setattr(lns, "LANES_MIN_STAFF", 20)  # Instance3 has 20 people
    per_person = len(feasibility.elig_staff) / p.indexed.n_staff
    monkeypatch.setattr(lns, "LANES_MAX_OPTIONS", int(per_person) - 1)
    leans: list[bool] = []
    seen = _recording(monkeypatch, leans)
    objective = SubSolve(p, feasibility, range(p.indexed.n_staff), start).value(start)
    improve(p, feasibility, start, objective, time.monotonic() + 1.5, workers=2)
    assert seen and {n for n, _, _ in seen} == {2}
    assert leans and all(leans)
