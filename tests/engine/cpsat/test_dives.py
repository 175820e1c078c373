"""More dives from column generation's columns, and LNS starting again from them where
it stalls (``columns.Diver``, ``lns.improve(stall=...)``, ``solver._improve_and_dive``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cpsat_builders import person, problem, shift

from safeshift.engine import solver
from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.result import SolveParams
from safeshift.engine.search import construct, improve, lns, to_assignments
from safeshift.engine.search.master import Master
from safeshift.engine.validation import validate_roster

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


def test_master_release_frees_everyone_fixed():
    p = problem([person("A"), person("B")], [shift("a", 0, need=2, under=30, over=2)])
    master = Master(p)
    master.add(0, (0,), 0)
    master.add(0, (), 0)
    master.add(1, (0,), 5)
    assert master.solve().value == pytest.approx(5)
    master.fix(0, 1)  # A works nothing: one short
    master.fix(1, 0)
    assert master.solve().value == pytest.approx(35)
    master.release()
    assert master.fixed == {} and master.solve().value == pytest.approx(5)
    master.add(1, (), 0)  # added after the release: free, not fixed to nothing
    assert master.solve().value == pytest.approx(5)


def test_lns_returns_once_it_stalls(monkeypatch):
    """No sub-solve ever finds a better roster: with ``stall`` LNS returns after about
    that long, not at the deadline 30 s away."""
    p = load_curtois(CURTOIS / "Instance1.txt")
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 5.0)
    first = validate_roster(p, to_assignments(p, start)).breakdown.total
    searched = []

    def nothing_better(*args, **kwargs):
        searched.append(1)
        time.sleep(0.01)
        return None

    monkeypatch.setattr(lns, "_search", nothing_better)
    t0 = time.monotonic()
    pairs, objective = improve(p, feasibility, start, first, t0 + 30.0, workers=2, stall=0.3)
    assert (pairs, objective) == (start, first) and searched
    assert time.monotonic() - t0 < 15.0


class _Diver:
    """Stands in for ``columns.Diver``: hands out the given rosters in turn."""

    def __init__(self, rosters, seconds):
        self.rosters, self.seconds, self.seeds = list(rosters), seconds, []

    def dive(self, deadline, seed):
        self.seeds.append(seed)
        return self.rosters.pop(0) if self.rosters else None


def _run(p, feasibility, start, objective, diver, seconds=10.0):
    """``solver._improve_and_dive`` from ``start``: (roster, objective, objectives reported)."""
    reported = []
    params = SolveParams(time_limit_seconds=seconds, workers=2)
    pairs, best = solver._improve_and_dive(p, feasibility, params, start, objective(start),
                                           time.monotonic() + seconds, None, lambda *a: reported.append(a[1]),
                                           None, diver)  # fmt: skip
    return pairs, best, reported


def test_a_stalled_lns_starts_again_from_a_new_dive_and_keeps_the_best(monkeypatch):
    p = load_curtois(CURTOIS / "Instance1.txt")
    feasibility = compute_feasibility(p)
    good = construct(p, feasibility, time.monotonic() + 5.0)
    objective = lambda pairs: validate_roster(p, to_assignments(p, pairs)).breakdown.total  # noqa: E731
    worse = set(list(good)[: len(good) // 2])  # half the duties: cover left short
    assert objective(worse) > objective(good)
    calls = []

    def stalled(problem_, feasibility_, start, first, deadline, cancel, on_improve, workers, seed, target, stall):
        calls.append((first, stall))
        time.sleep(0.2)
        return start, first

    monkeypatch.setattr(solver, "improve", stalled)
    monkeypatch.setattr(solver, "EARLY_DIVES", 0)  # dives only where LNS stalls
    diver = _Diver([good, worse], seconds=0.5)
    pairs, best, reported = _run(p, feasibility, worse, objective, diver)
    assert (pairs, best) == (good, objective(good))
    assert reported == [objective(good)]  # the worse second dive is not reported
    # LNS from the start, from each dive's roster, then (no dive left) nothing more
    assert [first for first, _ in calls] == [objective(worse), objective(good), objective(worse)]
    assert all(stall == solver.RESTART_STALL for _, stall in calls) and diver.seeds == [1, 2, 3]


def test_no_dive_where_too_little_time_is_left(monkeypatch):
    """A dive needs RESTART_LEFT times the first one's time: LNS runs to the deadline,
    without ``stall``."""
    p = load_curtois(CURTOIS / "Instance1.txt")
    feasibility = compute_feasibility(p)
    good = construct(p, feasibility, time.monotonic() + 5.0)
    calls = []
    monkeypatch.setattr(solver, "improve", lambda *a, **k: calls.append(k["stall"]) or (a[2], a[3]))
    diver = _Diver([good], seconds=10.0)
    params = SolveParams(time_limit_seconds=10.0, workers=2)
    solver._improve_and_dive(p, feasibility, params, good, 100, time.monotonic() + 5.0, None,
                             lambda *a: None, None, diver)  # fmt: skip
    assert calls == [None] and diver.seeds == []


def test_early_dives_give_lns_the_best_start(monkeypatch):
    """EARLY_DIVES more dives before LNS: it starts from the best roster of them, and a
    worse dive is neither started from nor streamed."""
    p = load_curtois(CURTOIS / "Instance1.txt")
    feasibility = compute_feasibility(p)
    good = construct(p, feasibility, time.monotonic() + 5.0)
    objective = lambda pairs: validate_roster(p, to_assignments(p, pairs)).breakdown.total  # noqa: E731
    worse = set(list(good)[: len(good) // 2])
    middle = set(list(good)[: 3 * len(good) // 4])
    assert objective(worse) > objective(middle) > objective(good)
    starts = []
    monkeypatch.setattr(solver, "improve", lambda *a, **k: starts.append(a[3]) or (a[2], a[3]))
    monkeypatch.setattr(solver, "EARLY_DIVES", 2)
    diver = _Diver([worse, good], seconds=0.5)
    pairs, best, reported = _run(p, feasibility, middle, objective, diver)
    assert (pairs, best) == (good, objective(good)) and reported == [objective(good)]
    assert starts == [objective(good)]  # LNS from the second early dive; then no dive is left
    assert diver.seeds == [1, 2, 3]
