"""Decomposition (engine.search): the construction's roster is valid, LNS never ends worse
than it started and tracks the true objective, and solve() with it keeps its contract."""

from __future__ import annotations

import random
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from cpsat_builders import checked_solve, person, problem, shift
from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model
from test_cpsat_properties import problems

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.model import ObjectiveWeights, Staff
from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.search import construct, improve, lns, to_assignments, to_pairs
from safeshift.engine.search.construct import cover_hint
from safeshift.engine.search.submodel import Scope, SubSolve, cover_minimum
from safeshift.engine.solver import _decomposition, solve
from safeshift.engine.validation import validate_roster

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_staff=5, max_shifts=10))
def test_construction_roster_passes_the_validator(p):
    pairs = construct(p, compute_feasibility(p), time.monotonic() + 5.0)
    assert pairs is not None
    assert validate_roster(p, to_assignments(p, pairs)).valid


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_staff=5, max_shifts=10))
def test_lns_never_ends_worse_and_tracks_the_true_objective(p):
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 5.0)
    first = validate_roster(p, to_assignments(p, start)).breakdown.total
    seen = []
    deadline = time.monotonic() + 0.6
    pairs, objective = improve(p, feasibility, start, first, deadline, on_improve=lambda _, o: seen.append(o))
    report = validate_roster(p, to_assignments(p, pairs))
    assert report.valid
    assert report.breakdown.total == objective <= first
    assert seen == sorted(seen, reverse=True) and all(o < first for o in seen)


def test_search_hints_the_given_start_else_the_current_roster():
    p = problem([person("A")], [shift("a", 0), shift("b", 1)])
    feasibility = compute_feasibility(p)

    def hinted(sub):
        hint = sub.built.model.proto.solution_hint
        values = dict(zip(hint.vars, hint.values))
        return {key for key, var in sub.built.variables.x.items() if values.get(var.index) == 1}

    sub = SubSolve(p, feasibility, [0], {(0, 0)})
    sub.search(1.0, 1, 0, None, True, 0, start={(0, 1)})
    assert hinted(sub) == {(0, 1)}
    sub = SubSolve(p, feasibility, [0], {(0, 0)})
    sub.search(1.0, 1, 0, None, True, 0)
    assert hinted(sub) == {(0, 0)}


@pytest.mark.parametrize("days", [None, set(range(3, 10))])
def test_the_current_roster_is_hinted_in_full_and_solves_to_its_own_value(days):
    """A search hints every variable (not only the decisions) to the current roster:
    fixing the model to its hint is feasible, with the sub-model value of that roster."""
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    current = construct(p, feasibility, time.monotonic() + 10.0)
    sub = SubSolve(p, feasibility, [0, 5, 9], current, scope=Scope(days=None if days is None else frozenset(days)))
    sub.search(0.5, 1, 0, None, True, 0)
    model = sub.built.model
    hint = model.proto.solution_hint
    assert sorted(hint.vars) == list(range(len(model.proto.variables)))
    values = dict(zip(hint.vars, hint.values))
    assert {key for key, var in sub.built.variables.x.items() if values[var.index]} == sub.current
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    assert solver.solve(model) == cp_model.OPTIMAL
    assert solver.objective_value == sub.value(sub.current)


def test_cover_hint_fills_the_heaviest_shortfall_first():
    """Day 0: a (need 2, weight 10) and b (need 1, weight 100); day 1: c, already covered.
    A takes b, B takes a; nobody is hinted onto c."""
    shifts = [shift("a", 0, 8, need=2, under=10), shift("b", 0, 20, under=100), shift("c", 1)]
    p = problem([person("A"), person("B")], shifts)
    feasibility = compute_feasibility(p)
    sub = SubSolve(p, feasibility, [0, 1], set())
    minimum, weight = cover_minimum(p)
    assert minimum.tolist() == [2, 1, 1] and weight.tolist() == [10, 100, 100]
    short = minimum - sub.filled - [0, 0, 1]  # c filled by someone outside
    assert cover_hint(sub, short, weight) == {(0, 1), (1, 0)}


def test_construction_starts_each_group_from_its_cover_hint(monkeypatch):
    """Every group's search gets ``cover_hint``'s roster as its hint."""
    construct_module = sys.modules["safeshift.engine.search.construct"]
    hints, starts = [], []
    real_hint, real_search = construct_module.cover_hint, SubSolve.search

    def recording_hint(*args):
        hints.append(real_hint(*args))
        return hints[-1]

    def recording_search(self, *args, **kwargs):
        starts.append(kwargs.get("start"))
        return real_search(self, *args, **kwargs)

    monkeypatch.setattr(construct_module, "cover_hint", recording_hint)
    monkeypatch.setattr(SubSolve, "search", recording_search)
    p = load_curtois(CURTOIS / "Instance2.txt")
    assert construct(p, compute_feasibility(p), time.monotonic() + 10.0) is not None
    assert starts == hints and len(hints) >= 1 and any(hints)


def test_sub_model_counts_the_fixed_people_on_the_cover():
    """B is fixed on the only shift (need 1): A's sub-model pays over-cover if A works it too."""
    p = problem([person("A"), person("B")], [shift("s", need=1, most=1, over=7)])
    feasibility = compute_feasibility(p)
    fixed = to_pairs(p, to_assignments(p, {(1, 0)}))
    sub = SubSolve(p, feasibility, [0], fixed)
    assert sub.value(set()) == 0 and sub.value({(0, 0)}) == 7
    chosen, value, optimal = sub.search(2.0, 1, 0, None)
    assert chosen == set() and value == 0 and optimal


def test_a_soft_limit_never_stops_a_search_before_its_first_roster():
    """``soft_seconds=0`` stops the construction's search once it has a roster, never before
    (the empty roster breaks A's minimum, so a roster takes a real search)."""
    p = problem([person("A", min_total_minutes=960)], [shift(f"s{d}", d) for d in range(4)])
    sub = SubSolve(p, compute_feasibility(p), [0], set())
    chosen, value, _ = sub.search(5.0, 4, 0, None, False, patience=1.0, fast_start=True, soft_seconds=0.0)
    assert chosen is not None and len(chosen) >= 2
    assert value == sub.value(chosen)


@pytest.mark.parametrize("mode", ["hint", "lns"])
def test_solve_with_decomposition_streams_valid_rosters(mode):
    p = load_curtois(CURTOIS / "Instance2.txt")
    seen = []
    result = checked_solve(p, SolveParams(time_limit_seconds=8, workers=2, decomposition=mode), on_progress=seen.append)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert result.stats.wall_seconds < 9.5
    assert seen and seen[-1].objective == result.objective
    assert validate_roster(p, seen[-1].roster()).breakdown.total == result.objective


@pytest.mark.parametrize(("instance", "columns"), [(3, "off"), (8, "auto")])
def test_cancel_stops_lns_within_a_second(instance, columns):
    """In LNS (3: column generation off, as it proves 3 optimal within the second) and in
    column generation (8: cancelled during it)."""
    p = load_curtois(CURTOIS / f"Instance{instance}.txt")
    cancel = threading.Event()
    threading.Timer(1.5, cancel.set).start()
    t0 = time.monotonic()
    params = SolveParams(time_limit_seconds=30, workers=2, decomposition="lns", column_generation=columns)
    result = solve(p, params, cancel=cancel)
    assert time.monotonic() - t0 < 2.5
    assert result.stats.stopped_by == "cancelled"
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION_IN_TIME)
    if result.assignments:
        assert validate_roster(p, result.assignments).valid


def test_hint_mode_still_proves_the_tiny_optimum():
    p = load_curtois(CURTOIS / "Instance1.txt")
    result = checked_solve(p, SolveParams(time_limit_seconds=20, workers=2, decomposition="hint"))
    assert result.status is SolveStatus.OPTIMAL and result.objective == 607


def test_auto_is_off_for_small_problems_and_short_limits():
    small = problem([person("A")], [shift("s")])
    feasibility = compute_feasibility(small)
    assert _decomposition(small, feasibility, SolveParams(time_limit_seconds=60)) == "off"
    big = load_curtois(CURTOIS / "Instance13.txt")
    feasibility = compute_feasibility(big)
    assert _decomposition(big, feasibility, SolveParams(time_limit_seconds=1, workers=1)) == "off"
    assert _decomposition(big, feasibility, SolveParams(time_limit_seconds=60)) != "off"
    with pytest.raises(ValueError):
        _decomposition(big, feasibility, SolveParams(decomposition="bogus"))


def test_lns_falls_back_to_hint_when_fairness_couples_people():
    staff = [Staff("A", group="g"), Staff("B", group="g")]
    p = problem(staff, [shift("s")], weights=ObjectiveWeights(fairness_minutes=1))
    assert _decomposition(p, compute_feasibility(p), SolveParams(decomposition="lns")) == "hint"


@pytest.mark.parametrize(("instance", "mode"), [(7, "off"), (8, "lns"), (13, "lns")])
def test_auto_decomposes_from_the_pair_threshold(instance, mode):
    """Curtois 7 has 1,248 (staff, requirement) pairs, 8 has 2,158: the threshold is 2,000."""
    p = load_curtois(CURTOIS / f"Instance{instance}.txt")
    assert _decomposition(p, compute_feasibility(p), SolveParams(time_limit_seconds=60)) == mode


def test_a_day_window_changes_only_the_duties_inside_it():
    """A works days 0 and 3 and nothing else; shifts each of days 0-3 want one person.
    With days 1-2 free, A takes both (cover) and keeps 0 and 3 as they were, even though
    dropping day 0 would pay (over-cover of 5 there, B is on it too)."""
    shifts = [shift(f"s{d}", d, need=1, most=1, over=5) for d in range(4)]
    p = problem([person("A"), person("B")], shifts)
    feasibility = compute_feasibility(p)
    current = {(0, 0), (0, 3), (1, 0)}
    sub = SubSolve(p, feasibility, [0], current, scope=Scope(days=frozenset({1, 2})))
    chosen, value, optimal = sub.search(2.0, 1, 0, None)
    assert chosen == {(0, 0), (0, 1), (0, 2), (0, 3)} and optimal
    assert value == sub.value(chosen) == 5
    unrestricted, best, _ = SubSolve(p, feasibility, [0], current).search(2.0, 1, 0, None)
    assert (0, 0) not in unrestricted and best == 0


@pytest.mark.parametrize("days", [range(3, 10), range(0, 7), range(7, 14)])
def test_a_narrowed_day_window_is_the_same_sub_model_with_fewer_variables(days):
    """Built from ``scope_feasibility`` (the window's options plus the people's duties),
    a day-window sub-model gains exactly what the one built for the whole horizon gains,
    and changes nothing outside the window."""
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    pairs = construct(p, feasibility, time.monotonic() + 10.0)
    group, window = [0, 5, 11], frozenset(days)
    # The group's first roster found without a hint: valid, and far from their best.
    first, _, _ = SubSolve(p, feasibility, group, pairs).search(10.0, 1, 0, None, hint=False, patience=0)
    pairs = {key for key in pairs if key[0] not in group} | first
    shift_day = np.asarray(p.indexed.shift_day)
    scope = Scope(days=window)
    narrowed = lns.scope_feasibility(feasibility, scope.free_shifts(p.indexed), group, pairs)
    full = SubSolve(p, feasibility, group, pairs, scope=scope)
    small = SubSolve(p, narrowed, group, pairs, scope=scope)
    assert small.complete and small.current == full.current
    assert len(small.built.variables.x) < 0.8 * len(full.built.variables.x)
    gains = []
    for sub in (full, small):
        chosen, value, optimal = sub.search(20.0, 2, 0, None)
        assert optimal
        outside = {(s, k) for s, k in chosen if shift_day[p.indexed.req_shift[k]] not in window}
        assert outside == {(s, k) for s, k in sub.current if shift_day[p.indexed.req_shift[k]] not in window}
        gains.append(sub.value(sub.current) - value)
    assert gains[0] == gains[1] > 0


def test_a_move_planned_before_the_other_lane_filled_the_same_cover_is_repriced(monkeypatch):
    """Both lanes plan from the empty roster: A alone, B alone, one shift short of one
    person. The first answer fills it (-100); the second, priced by its sub-model as the
    same gain, now over-covers the shift (+1 at most one). The tracked objective stays the
    roster's own, not 100 below it."""
    p = problem([person("A"), person("B")], [shift("s0", 0, most=1)])
    feasibility = compute_feasibility(p)
    turns = iter(range(10**6))
    monkeypatch.setattr(lns, "_neighbourhood", lambda *a: ([next(turns) % 2], Scope()))
    monkeypatch.setattr(lns, "LANES_MIN_STAFF", 2)
    seen = []
    pairs, objective = improve(p, feasibility, set(), 100, time.monotonic() + 1.0, workers=1,
                               on_improve=lambda _, o: seen.append(o))  # fmt: skip
    report = validate_roster(p, to_assignments(p, pairs))
    assert report.valid and objective == report.breakdown.total == 0
    assert seen == [0]


def test_one_lane_below_the_staff_threshold(monkeypatch):
    """With fewer movable people than ``LANES_MIN_STAFF`` one sub-solve runs at a time."""
    running, peak = [0], [0]
    lock = threading.Lock()
    real = lns._search

    def counting(*args):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(lns, "_search", counting)
    monkeypatch.setattr(lns, "LANES_MIN_STAFF", 21)  # Instance3 has 20 people
    report, objective, first = _construct_then_improve(load_curtois(CURTOIS / "Instance3.txt"), 2.0)
    assert report.valid and report.breakdown.total == objective <= first
    assert peak[0] == 1


def test_sub_solves_in_flight_never_share_people(monkeypatch):
    """Each lane re-solves people nobody else is re-solving at the time; the rosters stay
    valid and the tracked objective exact."""
    running: set[int] = set()
    overlaps, flights, peak = [], [0], [0]
    lock = threading.Lock()
    real = lns._search

    def recording(problem, feasibility, group, *args):
        with lock:
            overlaps.append(running & set(group))
            running.update(group)
            flights[0] += 1
            peak[0] = max(peak[0], flights[0])
        try:
            return real(problem, feasibility, group, *args)
        finally:
            with lock:
                running.difference_update(group)
                flights[0] -= 1

    monkeypatch.setattr(lns, "_search", recording)
    monkeypatch.setattr(lns, "START_VARIABLES", 100.0)  # a few people per neighbourhood
    monkeypatch.setattr(lns, "LANES_MIN_STAFF", 20)  # Instance3 has 20 people
    report, objective, first = _construct_then_improve(load_curtois(CURTOIS / "Instance3.txt"), 3.0)
    assert report.valid and report.breakdown.total == objective <= first
    assert len(overlaps) > 4 and not any(overlaps)
    assert peak[0] == lns.LANES  # the lanes were in flight at once


def test_cover_lists_short_requirements_and_who_may_fill_them():
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    cover = lns._Cover(p, feasibility)
    pairs = construct(p, feasibility, time.monotonic() + 10.0)
    minimum = [req.min_headcount for s in p.shifts for req in s.requirements]
    on = [sum(1 for _, k in pairs if k == r) for r in range(len(minimum))]
    assert cover.short(pairs) == [r for r in range(len(minimum)) if on[r] < minimum[r]]
    assert cover.short(set()) == [r for r in range(len(minimum)) if minimum[r] > 0]
    for r in (0, len(minimum) // 2, len(minimum) - 1):
        expected = sorted(int(s) for s, k in zip(feasibility.elig_staff, feasibility.elig_req) if k == r)
        assert sorted(cover.able(r)) == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_window_neighbourhoods_are_day_ranges_around_short_cover(seed):
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    data, cover = p.indexed, lns._Cover(p, feasibility)
    rng = random.Random(seed)
    movable = list(range(data.n_staff))
    for _ in range(20):
        group, scope = lns._neighbourhood("window", data, cover, set(), movable, 300.0, 29.0, rng)
        days = scope.days
        assert scope.category is None and days == set(range(min(days), max(days) + 1))
        assert len(days) in (*lns.WINDOW_DAYS, data.n_days)
        assert 2 <= len(group) == len(set(group)) <= data.n_staff
    group, scope = lns._neighbourhood("random", data, cover, set(), movable, 300.0, 29.0, rng)
    assert scope.everything and len(group) == 10


def test_windows_on_a_long_horizon_hold_as_many_people_as_their_narrowed_build_allows():
    """Curtois 22 (364 days, 50 people, about 2,200 options each): a window's people cost
    their window options plus a variable a day to build (``scope_feasibility``), so a
    1,500-variable window holds 13-14 people; built for the whole horizon it held 2."""
    p = load_curtois(CURTOIS / "Instance22.txt")
    feasibility = compute_feasibility(p)
    data, cover = p.indexed, lns._Cover(p, feasibility)
    per_person = len(feasibility.elig_staff) / data.n_staff
    rng, everyone = random.Random(0), list(range(data.n_staff))
    for _ in range(10):
        group, scope = lns._neighbourhood("window", data, cover, set(), everyone, 1500.0, per_person, rng)
        days = scope.days
        cost = per_person / data.n_days * len(days) + data.n_days
        assert len(group) == int(lns.WINDOW_BUILD * 1500.0 / cost) >= 10


def _construct_then_improve(p, seconds: float, construct_seconds: float = 10.0):
    """Construction, then LNS with 2 workers for ``seconds``: the final roster's validator
    report, the objective LNS claims, and the construction's objective."""
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + construct_seconds)
    first = validate_roster(p, to_assignments(p, start)).breakdown.total
    pairs, objective = improve(p, feasibility, start, first, time.monotonic() + seconds, workers=2)
    return validate_roster(p, to_assignments(p, pairs)), objective, first


def test_lns_with_day_windows_only_keeps_rosters_valid(monkeypatch):
    monkeypatch.setattr(lns, "KINDS", ("window",) * 3)
    report, objective, first = _construct_then_improve(load_curtois(CURTOIS / "Instance3.txt"), 3.0)
    assert report.valid and report.breakdown.total == objective < first


def test_lns_builds_each_neighbourhood_on_a_lane(monkeypatch):
    """Each neighbourhood's rules are built on a lane thread (with one lane below
    ``LANES_MIN_STAFF``, as on this 14-person instance), and the rosters stay valid."""
    threads = []
    real = lns.build_rules

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(lns, "build_rules", recording)
    report, objective, first = _construct_then_improve(load_curtois(CURTOIS / "Instance2.txt"), 2.0)
    assert report.valid and report.breakdown.total == objective <= first
    assert len(threads) >= 2 and all(name.startswith("safeshift-lns-lane") for name in threads)


def test_day_windows_with_a_single_person(monkeypatch):
    """A window wants two people at least; with one it takes that one."""
    monkeypatch.setattr(lns, "KINDS", ("window",) * 3)
    p = problem([person("A", max_consecutive_days=5)], [shift(f"s{d}", d) for d in range(16)])
    report, objective, first = _construct_then_improve(p, 1.0, construct_seconds=5.0)
    assert report.valid and report.breakdown.total == objective <= first


class _SubOfValueFive:
    """A stand-in for ``SubSolve`` whose people's current roster is worth 5; subclasses
    answer ``search``."""

    def __init__(self, problem, feasibility, staff, pairs, rules=None, scope=None):
        self.staff, self.complete = set(staff), True
        self.current = {key for key in pairs if key[0] in self.staff}

    def value(self, chosen):
        return 5


def test_lns_keeps_a_different_roster_of_equal_objective(monkeypatch):
    """A sub-solve answering another roster of the same value moves the search there (off a
    plateau) without streaming it as an improvement; one answering the current roster or a
    worse one changes nothing."""
    p = problem([person("A"), person("B")], [shift("s0", 0), shift("s1", 1)])
    feasibility = compute_feasibility(p)
    answers = iter([({(0, 0)}, 5), ({(1, 0)}, 6)])  # the current roster, then a worse one

    class Fake(_SubOfValueFive):
        def search(self, *args, **kwargs):
            chosen, value = next(answers, (None, None))
            return ({key for key in chosen if key[0] in self.staff} if chosen else None), value, False

    monkeypatch.setattr(lns, "SubSolve", Fake)
    monkeypatch.setattr(lns, "KINDS", ("random",))
    monkeypatch.setattr(lns, "START_VARIABLES", 10**6)  # everyone in each neighbourhood
    seen = []
    start = {(0, 0)}
    pairs, objective = improve(p, feasibility, start, 5, time.monotonic() + 0.5, on_improve=lambda *a: seen.append(a))
    assert pairs == {(0, 0)} and objective == 5 and seen == []
    answers = iter([({(1, 1)}, 5)])
    pairs, objective = improve(p, feasibility, start, 5, time.monotonic() + 0.5, on_improve=lambda *a: seen.append(a))
    assert pairs == {(1, 1)} and objective == 5 and seen == []


def test_pace_doubles_the_sub_solve_time_after_a_stall_and_caps_it(monkeypatch):
    monkeypatch.setattr(lns, "STALL_SOLVES", 3)
    pace = lns._Pace()
    seen = []
    for better in [False, False, True, False, False, False, False, False, False, *[False] * 30]:
        pace.record(better)
        seen.append(pace.seconds)
    assert seen[:9] == [1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 4.0]
    assert max(seen) == lns.MAX_SUB_SECONDS == seen[-1]


def test_lns_gives_sub_solves_more_time_while_none_improves(monkeypatch):
    """A search that finds nothing better gets longer sub-solves (and patience) in turn."""
    p = problem([person("A"), person("B")], [shift("s0", 0), shift("s1", 1)])
    feasibility = compute_feasibility(p)
    patience = []

    class Stuck(_SubOfValueFive):
        def search(self, seconds, workers, seed, cancel, hint, patience_seconds, **kwargs):
            patience.append(patience_seconds)
            return set(self.current), 5, True

    monkeypatch.setattr(lns, "SubSolve", Stuck)
    monkeypatch.setattr(lns, "STALL_SOLVES", 2)
    improve(p, feasibility, {(0, 0)}, 5, time.monotonic() + 0.5)
    assert patience[:2] == [lns.PATIENCE] * 2 and patience[2:4] == [2 * lns.PATIENCE] * 2
    assert max(patience) == lns.PATIENCE * lns.MAX_SUB_SECONDS


@pytest.mark.parametrize(
    ("answer", "shrinks"),
    [
        ("current", True),  # stopped early, nothing better, nothing proved
        ("better", False),  # a better roster, even unproved, keeps the size
        ("proved", False),  # the current roster proved optimal: not too large
    ],
)
def test_neighbourhoods_shrink_when_a_quick_stop_finds_and_proves_nothing(monkeypatch, answer, shrinks):
    """A sub-solve that stops early (patience) without a better roster and without a proof
    makes that kind's next neighbourhoods smaller; one that improves or proves keeps them."""
    p = problem([person("A"), person("B")], [shift("s0", 0), shift("s1", 1)])
    feasibility = compute_feasibility(p)
    budgets = _record_budgets(monkeypatch)

    class Quick(_SubOfValueFive):
        def search(self, *args, **kwargs):
            if answer == "better":
                return set(self.current), 4, False
            return set(self.current), 5, answer == "proved"

    monkeypatch.setattr(lns, "SubSolve", Quick)
    monkeypatch.setattr(lns, "KINDS", ("random",))
    # Each person has 2 options: sizes between the floor of 2 and the cap of 4, none grows.
    monkeypatch.setattr(lns, "START_VARIABLES", 3.0)
    monkeypatch.setattr(lns, "GROW", 1.0)
    improve(p, feasibility, {(0, 0)}, 5, time.monotonic() + 0.3)
    assert len(budgets) > 3
    assert (budgets[3] < budgets[0]) is shrinks


@pytest.mark.parametrize(("better", "grows"), [(False, True), (True, False)])
def test_neighbourhoods_grow_only_when_a_quick_proof_finds_nothing_better(monkeypatch, better, grows):
    """A sub-model proved optimal quickly with nothing better means that size is exhausted
    around the roster: the kind's next neighbourhoods grow. One proved with a better roster
    keeps the size: small neighbourhoods that still improve gain the most per second."""
    p = problem([person("A"), person("B")], [shift("s0", 0), shift("s1", 1)])
    feasibility = compute_feasibility(p)
    budgets = _record_budgets(monkeypatch)

    class Proved(_SubOfValueFive):
        def search(self, *args, **kwargs):
            return set(self.current), 4 if better else 5, True

    monkeypatch.setattr(lns, "SubSolve", Proved)
    monkeypatch.setattr(lns, "KINDS", ("random",))
    # Each person has 2 options: a budget of 2 (one person) may grow to the cap of 4.
    monkeypatch.setattr(lns, "START_VARIABLES", 2.0)
    improve(p, feasibility, {(0, 0)}, 5, time.monotonic() + 0.3)
    assert len(budgets) > 3
    assert (budgets[3] > budgets[0]) is grows


def _record_budgets(monkeypatch) -> list[float]:
    """The budget of each neighbourhood LNS plans, in order."""
    budgets = []
    real_neighbourhood = lns._neighbourhood

    def recording(kind, data, cover, pairs, movable, budget, *args):
        budgets.append(budget)
        return real_neighbourhood(kind, data, cover, pairs, movable, budget, *args)

    monkeypatch.setattr(lns, "_neighbourhood", recording)
    return budgets


def test_with_many_options_a_person_the_next_sub_model_builds_while_one_searches(monkeypatch):
    """Above ``LANES_MAX_OPTIONS`` two lanes are in flight (one builds while the other
    searches) but only one searches at a time, with all the workers; rosters stay valid."""
    lock = threading.Lock()
    counts = {"lanes": 0, "searches": 0}
    peaks = {"lanes": 0, "searches": 0}
    workers_seen = set()

    def counted(name, call):
        with lock:
            counts[name] += 1
            peaks[name] = max(peaks[name], counts[name])
        try:
            return call()
        finally:
            with lock:
                counts[name] -= 1

    real_lane, real_search = lns._search, SubSolve.search
    monkeypatch.setattr(lns, "_search", lambda *a: counted("lanes", lambda: real_lane(*a)))

    def search(self, seconds, workers, *a, **k):
        if not threading.current_thread().name.startswith("safeshift-lns-lane"):  # the construction's
            return real_search(self, seconds, workers, *a, **k)
        workers_seen.add(workers)
        return counted("searches", lambda: real_search(self, seconds, workers, *a, **k))

    monkeypatch.setattr(SubSolve, "search", search)
    monkeypatch.setattr(lns, "START_VARIABLES", 100.0)
    monkeypatch.setattr(lns, "LANES_MIN_STAFF", 20)  # Instance3 has 20 people, about 40 options each
    monkeypatch.setattr(lns, "LANES_MAX_OPTIONS", 10)
    report, objective, first = _construct_then_improve(load_curtois(CURTOIS / "Instance3.txt"), 3.0)
    assert report.valid and report.breakdown.total == objective <= first
    assert peaks == {"lanes": 2, "searches": 1} and workers_seen == {2}


@pytest.mark.parametrize("late", [True, False])
def test_a_lane_past_the_deadline_or_cancelled_does_not_search(late):
    p = load_curtois(CURTOIS / "Instance2.txt")
    feasibility = compute_feasibility(p)
    pairs = construct(p, feasibility, time.monotonic() + 10.0)
    cancel = threading.Event()
    if not late:
        cancel.set()
    deadline = time.monotonic() + (-1.0 if late else 10.0)
    args = (p, feasibility, [0, 1], Scope(), pairs, 1.0, 1, 0, cancel, 0.3, threading.Semaphore(1), deadline)
    assert lns._search(*args) is None
