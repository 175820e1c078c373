"""The day programme (search/labelling.py): its kernel against a plain-Python enumeration,
and its pricer's schedules against every schedule the validator accepts."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from cpsat_builders import person, problem, shift
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_columns import CURTOIS, _schedules

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.model import Preference, RuleParams
from safeshift.engine.search import columns, construct, labelling
from safeshift.engine.search.columns import generate
from safeshift.engine.search.labelling import INF, REJECTS, DayPricer, day_programme
from safeshift.engine.search.pricing import Pricer


def _cost_of(choice, cost, conflict, weekend_of_day, weekend_cost, max_on, min_on, min_off, totals=(),
             weekend_cap=-1) -> float:  # fmt: skip
    """The cost of one option or none (-1) a day, INF if it breaks a rule: a forbidden
    pair on consecutive days, a run of worked days over ``max_on``, a run of worked days
    (days off) shorter than ``min_on`` (``min_off``) that touches neither the first nor
    the last day, a total of ``totals`` (units of each option, cap, floor) over its cap or
    under its floor, or (``weekend_cap >= 0``) more weekends worked than that; else weekends
    worked cost ``weekend_cost``."""
    on = [c >= 0 for c in choice]
    for units, cap, floor in totals:
        if not floor <= sum(units[d][c] for d, c in enumerate(choice) if c >= 0) <= cap:
            return INF
    if any(on[d] and on[d + 1] and conflict[d][choice[d]][choice[d + 1]] for d in range(len(on) - 1)):
        return INF
    runs = [(value, len(list(group))) for value, group in itertools.groupby(on)]
    for i, (value, length) in enumerate(runs):
        inside = 0 < i < len(runs) - 1
        if value and max_on and length > max_on:
            return INF
        if inside and ((value and length < min_on) or (not value and length < min_off)):
            return INF
    worked = {weekend_of_day[d] for d in range(len(on)) if on[d] and weekend_of_day[d] >= 0}
    if weekend_cap >= 0:
        return INF if len(worked) > weekend_cap else sum(cost[d][c] for d, c in enumerate(choice) if c >= 0)
    return sum(cost[d][c] for d, c in enumerate(choice) if c >= 0) + weekend_cost * len(worked)


@st.composite
def programmes(draw):
    n_days = draw(st.integers(1, 6))
    n_options = [draw(st.integers(0, 2)) for _ in range(n_days)]
    cost = [[draw(st.integers(-9, 5)) for _ in range(n)] for n in n_options]
    conflict = [
        [[draw(st.booleans()) for _ in range(n_options[d + 1])] for _ in range(n_options[d])] for d in range(n_days - 1)
    ]
    weekend_of_day = [(d // 7) if d % 7 in (5, 6) else -1 for d in range(draw(st.integers(0, 6)), 99)][:n_days]
    rules = [draw(st.sampled_from((0, 1, 2, 3))) for _ in range(3)]
    totals = [
        ([[draw(st.integers(0, 3)) for _ in range(n)] for n in n_options], draw(st.integers(0, 7)), draw(st.integers(0, 4)))
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    return n_options, cost, conflict, weekend_of_day, draw(st.integers(0, 4)), *rules, totals, draw(st.integers(-1, 2))


@settings(max_examples=300, deadline=None)
@given(programmes())
def test_the_kernel_finds_the_least_cost_choice(case):
    n_options, cost, conflict, weekend_of_day, weekend_cost, max_on, min_on, min_off, totals, weekend_cap = case
    n_days = len(n_options)
    day_start = np.concatenate([[0], np.cumsum(n_options)]).astype(np.int64)
    flat_cost = np.array([c for day in cost for c in day] or [0.0], dtype=np.float64)
    conflict_start = np.zeros(n_days, dtype=np.int64)
    for d in range(n_days - 1):
        conflict_start[d + 1] = conflict_start[d] + n_options[d] * n_options[d + 1]
    flat = [x for d in range(n_days - 1) for row in conflict[d] for x in row]
    per_option = [[t[0][d][o] for t in totals] for d in range(n_days) for o in range(n_options[d])]
    units = np.zeros((max(1, len(per_option)), len(totals)), dtype=np.int64)
    for i, row in enumerate(per_option):
        units[i] = row
    choice, best = day_programme(n_days, day_start, flat_cost, conflict_start, np.array(flat or [False]),
                                 np.array(weekend_of_day, dtype=np.int64), float(weekend_cost), max_on, min_on,
                                 min_off, units, np.array([t[1] for t in totals], dtype=np.int64),
                                 np.array([t[2] for t in totals], dtype=np.int64), weekend_cap)  # fmt: skip
    rules = (cost, conflict, weekend_of_day, weekend_cost, max_on, min_on, min_off, totals, weekend_cap)
    expected = min(_cost_of(c, *rules) for c in itertools.product(*[range(-1, n) for n in n_options]))
    assert best[0] == expected
    if expected < INF:  # the choice returned keeps the rules and costs that
        picked = [int(c) - int(day_start[d]) if c >= 0 else -1 for d, c in enumerate(choice)]
        assert _cost_of(picked, *rules) == expected


@st.composite
def one_person_problems(draw, totals: str):
    """Person A (and B) over six days of shifts at 06:00 and 14:00 (no nights: the rest
    after nights spans two days, which the programme leaves to the CP-SAT check); with
    ``totals`` "minutes", min/max minutes over the horizon too (a resource of the state), with
    "all" per-category maxima and max weekends as well (priced in by the multipliers)."""
    shifts = [
        shift(f"s{j}", draw(st.integers(0, 5)), draw(st.sampled_from((6, 14))), 480,
              cat=draw(st.sampled_from(("E", "L"))), need=draw(st.integers(0, 2)))
        for j in range(draw(st.integers(3, 8)))
    ]  # fmt: skip
    maybe = lambda values: draw(st.one_of(st.none(), st.sampled_from(values)))
    rules = {
        "max_consecutive_days": maybe((2, 3)),
        "min_consecutive_days": maybe((2,)),
        "min_consecutive_days_off": maybe((2,)),
    }
    if totals != "none":
        rules.update(max_total_minutes=maybe((960, 1440)), min_total_minutes=maybe((480, 960)))
    if totals == "all":
        rules.update(category_max={"L": draw(st.integers(0, 2))} if draw(st.booleans()) else {},
                     max_weekends=maybe((0, 1)))  # fmt: skip
    staff = [person("A", cost=draw(st.integers(0, 60)), **rules), person("B")]
    wishes = tuple(
        Preference("A", draw(st.booleans()), draw(st.integers(1, 300)), shift_id=draw(st.sampled_from([x.id for x in shifts])))
        for _ in range(draw(st.integers(0, 3)))
    )  # fmt: skip
    defaults = RuleParams(min_rest_minutes=draw(st.sampled_from((0, 660))), max_duties_per_day=1,
                          disabled_rules=frozenset({"H9"}))  # fmt: skip
    return problem(staff, shifts, days=7, defaults=defaults, preferences=wishes)


def _priced(p, rng):
    feasibility = compute_feasibility(p)
    pricer = Pricer(p, feasibility, 0)
    assert DayPricer.usable(p, pricer)
    own = {reqs: pricer.own_cost(reqs) for reqs, _ in _schedules(p, 0)}
    prices = np.array([rng.uniform(-5, 150) for _ in range(p.indexed.n_requirements)])
    reduced = {reqs: cost - prices[list(reqs)].sum() for reqs, cost in own.items()}
    found, bound, proved = DayPricer(p, feasibility, pricer).price(prices, max(reduced.values(), default=0.0) + 1.0)
    return own, reduced, found, prices, bound, proved


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(("none", "minutes")).flatmap(lambda totals: one_person_problems(totals=totals)),
       st.randoms(use_true_random=False))
def test_with_minutes_at_most_the_pricer_finds_the_best_valid_schedule_and_its_bound(p, rng):
    own, reduced, found, prices, bound, proved = _priced(p, rng)
    if not reduced:  # too few shifts for the minimum minutes: no schedule
        assert not found and bound == -INF
        return
    assert found and proved  # a dual above every schedule's reduced cost: the best one is below zero
    best = found[0]
    assert best.own == own[best.reqs]
    assert best.own - prices[list(best.reqs)].sum() == pytest.approx(min(reduced.values()), abs=1e-6)
    assert bound == pytest.approx(min(reduced.values()), abs=1e-6)  # exact: the minutes are in the state


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_person_problems(totals="all"), st.randoms(use_true_random=False))
def test_with_totals_every_schedule_priced_is_valid_and_the_bound_holds(p, rng):
    own, reduced, found, prices, bound, proved = _priced(p, rng)
    best = min(reduced.values(), default=INF)
    # every valid schedule is below the dual (_priced): proved means the best one was found
    assert not proved or not reduced or (found and found[0].own - prices[list(found[0].reqs)].sum() <= best + 1e-6)
    for priced in found:
        assert priced.reqs in own and priced.own == own[priced.reqs]
    values = [priced.own - prices[list(priced.reqs)].sum() for priced in found]
    assert values == sorted(values)
    assert bound <= best + 1e-6  # the Lagrangian value bounds every valid schedule


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_person_problems(totals="all"), st.randoms(use_true_random=False))
def test_with_every_total_left_to_multipliers_the_bound_still_holds(p, rng):
    """No total kept in the state (no room for them): minutes, weekends and categories are
    all priced in by multipliers, and the Lagrangian value is still a lower bound."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(labelling, "MAX_WORK", 0.0)
        own, reduced, found, prices, bound, proved = _priced(p, rng)
    best = min(reduced.values(), default=INF)
    assert bound <= best + 1e-6
    # every valid schedule is below the dual (_priced): proved means the best one was found
    assert not proved or not reduced or (found and found[0].own - prices[list(found[0].reqs)].sum() <= best + 1e-6)
    assert all(priced.reqs in own for priced in found)


def test_a_maximum_of_minutes_left_to_its_multiplier_gives_a_lagrangian_bound(monkeypatch):
    """Four 8 h shifts at price 100 each and at most 16 h: the best schedule fills two
    (-200). With the minutes not kept in the state, the multiplier's bound is at most that
    (and, the relaxation of a cardinality limit being exact, near it)."""
    monkeypatch.setattr(labelling, "MAX_WORK", 0.0)
    shifts = [shift(f"d{d}", d, 6, 480) for d in range(4)]
    p = problem([person("A", max_total_minutes=960)], shifts, days=4, defaults=RuleParams(max_duties_per_day=1))
    feasibility = compute_feasibility(p)
    day_pricer = DayPricer(p, feasibility, Pricer(p, feasibility, 0))
    assert not day_pricer.minutes_kept
    bound = day_pricer.price(np.full(p.indexed.n_requirements, 100.0), 0.0).bound
    assert -250.0 <= bound <= -200.0 + 1e-6


def test_only_people_with_one_duty_a_day_get_the_programme():
    shifts = [shift("a", 0, 6, 480), shift("b", 0, 16, 240), shift("c", 1, 6, 480)]
    for limit in (1, 2):
        p = problem([person("A")], shifts, days=2, defaults=RuleParams(max_duties_per_day=limit))
        assert DayPricer.usable(p, Pricer(p, compute_feasibility(p), 0)) is (limit == 1)


def test_a_schedule_breaking_a_rule_the_programme_does_not_see_is_refused():
    """A shift every day for eight days and weekly rest on (H9: 24 h off in every 7 days,
    which the programme does not model): at high prices its best schedule works every
    day; the CP-SAT model refuses it, and after ``REJECTS`` refusals column generation
    prices the person by CP-SAT only."""
    shifts = [shift(f"d{d}", d, 6, 480) for d in range(8)]
    p = problem([person("A")], shifts, days=8, defaults=RuleParams(max_duties_per_day=1))
    feasibility = compute_feasibility(p)
    pricer = Pricer(p, feasibility, 0)
    every_day = tuple(range(8))
    assert pricer.own_cost(every_day) is not None and not pricer.accepts(every_day)
    assert pricer.accepts(every_day[:6])
    day_pricer = DayPricer(p, feasibility, pricer)
    prices = np.full(p.indexed.n_requirements, 100.0)
    for n in range(1, REJECTS + 1):
        assert all(priced.reqs != every_day for priced in day_pricer.price(prices, 0.0)[0])
        assert day_pricer.rejects >= n
    with ThreadPoolExecutor(1) as pool:
        gen = columns._Generation(p, feasibility, pool, 0)
        gen.day_pricers[0] = day_pricer
        assert gen.day_pricer(0) is None


def _root(p, monkeypatch, day_rounds: bool):
    """Column generation's root from the construction's roster, converged (no time limit
    that matters), with or without day rounds; the LP value, the bound and the day rounds run."""
    monkeypatch.setattr(columns, "DAY_ROUNDS", day_rounds)
    calls = []
    day_round = columns._Generation.day_round
    monkeypatch.setattr(columns._Generation, "day_round", lambda self, *a, **k: calls.append(1) or day_round(self, *a, **k))
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    with ThreadPoolExecutor(2) as pool:
        gen = columns._Generation(p, feasibility, pool, 0)
        assert gen.add_roster(start, time.monotonic() + 30.0)
        solution = gen.converge(time.monotonic() + 120.0)
        return solution.value, gen.bound, len(calls), gen.master.n_columns


def test_day_rounds_reach_the_same_root_with_their_columns(monkeypatch):
    """Curtois 4: with day rounds the root converges to the same LP optimum and bound (up
    to CP-SAT's rounding of prices to 1/100), and the day rounds have run and added columns."""
    p = load_curtois(CURTOIS / "Instance4.txt")
    value, bound, calls, _ = _root(p, monkeypatch, True)
    plain_value, plain_bound, plain_calls, _ = _root(p, monkeypatch, False)
    assert plain_calls == 0 and calls > 0
    assert value == pytest.approx(plain_value, abs=1e-6)
    assert bound == pytest.approx(plain_bound, abs=0.1) and bound <= 1716 + 1e-6  # Instance4's optimum


def test_day_rounds_stop_when_the_lp_does_not_move(monkeypatch):
    """Cheap day rounds that report columns while the LP stays put give way to exact
    rounds: the root still converges, after a bounded number of them."""
    day_round = columns._Generation.day_round

    def stuck(self, solution, center, stop_at, exact):  # cheap rounds claim columns, add none
        if exact:
            return day_round(self, solution, center, stop_at, exact)
        return None if time.monotonic() >= stop_at else (10**6, -np.inf, None, False)

    monkeypatch.setattr(columns._Generation, "day_round", stuck)
    p = load_curtois(CURTOIS / "Instance2.txt")
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    with ThreadPoolExecutor(2) as pool:
        gen = columns._Generation(p, feasibility, pool, 0)
        gen.add_roster(start, time.monotonic() + 30.0)
        started = time.monotonic()
        solution = gen.converge(time.monotonic() + 40.0)
        assert solution is not None and time.monotonic() - started < 30.0
        assert solution.value == pytest.approx(gen.bound, rel=1e-6, abs=1e-6)  # converged: LP = bound


def test_exact_rounds_price_by_cp_sat_whom_the_programme_does_not_prove(monkeypatch):
    """Programmes that prove nothing (and find nothing): the exact rounds price everyone by
    CP-SAT, so the root of Curtois 4 still converges to the LP value and bound of CP-SAT
    rounds alone."""
    p = load_curtois(CURTOIS / "Instance4.txt")
    plain_value, plain_bound, _, _ = _root(p, monkeypatch, False)
    monkeypatch.setattr(DayPricer, "price", lambda self, prices, dual: labelling.DayPriced([], -INF, False))
    value, bound, calls, _ = _root(p, monkeypatch, True)
    assert calls > 0
    assert value == pytest.approx(plain_value, abs=1e-6)
    assert bound == pytest.approx(plain_bound, abs=0.1)


@pytest.mark.parametrize("duties, by_days", [(1, True), (2, False)])
def test_day_rounds_only_where_most_people_have_a_programme(monkeypatch, duties, by_days):
    """With one duty a day everyone has a programme: the first round of ``generate`` is a
    cheap day round and no CP-SAT round follows; with two a day nobody has one: CP-SAT
    rounds only."""
    shifts = [shift(f"{d}{t}", d, h, 480, cat=t, need=1) for d in range(5) for t, h in (("E", 6), ("L", 14))]
    p = problem([person(f"p{i}") for i in range(3)], shifts, days=5, defaults=RuleParams(max_duties_per_day=duties))
    feasibility = compute_feasibility(p)
    calls = []
    day_round, cp_round = columns._Generation.day_round, columns._Generation.round
    monkeypatch.setattr(columns._Generation, "day_round",
                        lambda self, *a, **k: calls.append(("day", k.get("exact"))) or day_round(self, *a, **k))
    monkeypatch.setattr(columns._Generation, "round", lambda self, *a, **k: calls.append(("cp-sat", None)) or cp_round(self, *a, **k))  # fmt: skip
    start = construct(p, feasibility, time.monotonic() + 5.0)
    result = generate(p, feasibility, start, time.monotonic() + 20.0, workers=2, root_share=0.9)
    assert result.pairs is not None
    if by_days:
        assert calls[0] == ("day", False) and all(kind == "day" for kind, _ in calls)
    else:
        assert calls and all(kind == "cp-sat" for kind, _ in calls)
