"""Column generation (engine.search.columns, pricing, master): each person's pricing finds
their best valid schedule (against brute force and the validator), the Lagrangian bound
never exceeds the proved optimum, the dive's roster is valid, and solve() reports the bound
and proves optimality with it."""

from __future__ import annotations

import itertools
import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from cpsat_builders import checked_solve, person, problem, shift
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cpsat_properties import problems

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.model import Assignment, Preference, RuleParams
from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.search import construct, improve, lns, to_assignments
from safeshift.engine.search import columns
from safeshift.engine.search.columns import generate
from safeshift.engine.search.master import DUAL, PRIMAL, Master
from safeshift.engine.search.pricing import Pricer
from safeshift.engine.validation import validate_roster

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"
EXACT = SolveParams(time_limit_seconds=20.0, workers=2, decomposition="off")


def _own_part(p, assignments) -> int:
    """S3 + S4 + S7 of a roster, as the validator computes them."""
    b = validate_roster(p, assignments).breakdown
    return b.s3_preferences + b.s4_cost + b.s7_fatigue


def _schedules(p, s: int):
    """Every schedule of person ``s`` the validator finds no fault with (the others
    working nothing): (sorted flat requirements, assignments)."""
    data = p.indexed
    options = [
        (data.req_offset[j] + r, Assignment(p.staff[s].id, shift_.id, req.id))
        for j, shift_ in enumerate(p.shifts)
        for r, req in enumerate(shift_.requirements)
    ]
    for mask in itertools.product((False, True), repeat=len(options)):
        chosen = [o for o, keep in zip(options, mask) if keep]
        assignments = [a for _, a in chosen]
        report = validate_roster(p, assignments)
        if not any(v.staff_id == p.staff[s].id for v in report.violations):  # the others work nothing
            yield tuple(sorted(k for k, _ in chosen)), assignments


@st.composite
def one_person_problems(draw):
    """Person A (B alongside, to price a person other than the first) and 3-7 shifts over
    five days: costs, wishes, rest, day and category limits, so most subsets of shifts
    are schedules and several rules cut some."""
    shifts = [
        shift(f"s{j}", draw(st.integers(0, 4)), draw(st.sampled_from((6, 14, 22))), 480,
              cat=draw(st.sampled_from(("E", "L"))), need=draw(st.integers(0, 2)))
        for j in range(draw(st.integers(3, 7)))
    ]  # fmt: skip
    maybe = lambda values: draw(st.one_of(st.none(), st.sampled_from(values)))  # noqa: E731
    rules = dict(
        max_total_minutes=maybe((960, 1440, 1920)),
        min_total_minutes=maybe((480,)),
        max_consecutive_days=maybe((2, 3)),
        min_consecutive_days=maybe((2,)),
        category_max={"L": draw(st.integers(0, 2))} if draw(st.booleans()) else {},
    )
    staff = [person("A", cost=draw(st.integers(0, 60)), **rules), person("B", cost=draw(st.integers(0, 60)))]
    wishes = tuple(
        Preference(draw(st.sampled_from(("A", "B"))), draw(st.booleans()), draw(st.integers(1, 300)),
                   shift_id=draw(st.sampled_from([x.id for x in shifts])))
        for _ in range(draw(st.integers(0, 4)))
    )  # fmt: skip
    rest = draw(st.sampled_from((0, 660)))
    defaults = RuleParams(min_rest_minutes=rest, max_duties_per_day=1)
    return problem(staff, shifts, days=6, defaults=defaults, preferences=wishes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_person_problems(), st.randoms(use_true_random=False))
def test_pricing_finds_the_best_valid_schedule(p, rng):
    """Against every schedule the validator accepts: the model has each of them (and
    only them) at an own cost that differs from the validator's S3+S4+S7 by one constant,
    and nothing beats the priced schedule's reduced cost at random prices."""
    feasibility = compute_feasibility(p)
    prices = np.array([rng.uniform(-5, 150) for _ in range(p.indexed.n_requirements)])
    for s in range(len(p.staff)):
        pricer = Pricer(p, feasibility, s)
        schedules = list(_schedules(p, s))
        own = {reqs: pricer.own_cost(reqs) for reqs, _ in schedules}
        if not own:  # no valid schedule (a minimum of minutes out of reach): none priced
            assert pricer.price(prices, 10.0) is None
            continue
        assert None not in own.values()  # every valid schedule is in the model
        assert len({own[reqs] - _own_part(p, assignments) for reqs, assignments in schedules}) == 1
        found = pricer.price(prices, 10.0)
        assert found is not None and found[0].optimal
        for priced in found:  # the best, and those passed on the way: valid schedules
            assert tuple(sorted(priced.reqs)) in own and priced.own == own[tuple(sorted(priced.reqs))]
        best = found[0]
        reduced = [cost - prices[list(reqs)].sum() for reqs, cost in own.items()]
        assert best.own - prices[list(best.reqs)].sum() == pytest.approx(min(reduced), abs=1e-6)
        assert best.bound <= min(reduced) + 1e-9


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_staff=4, max_shifts=8))
def test_bound_never_exceeds_the_optimum_and_the_dive_rosters_are_valid(p):
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 5.0)
    result = generate(p, feasibility, start, time.monotonic() + 20.0, workers=2, root_share=0.9)
    optimum = checked_solve(p, EXACT)
    assert optimum.status is SolveStatus.OPTIMAL
    assert result.bound is not None and result.bound <= optimum.objective
    assert result.pairs is not None and result.diver is not None
    report = validate_roster(p, to_assignments(p, result.pairs))
    assert report.valid and report.breakdown.total >= optimum.objective
    for seed in (1, 2):  # more dives from the same columns (``columns.Diver``): valid too
        pairs = result.diver.dive(time.monotonic() + 5.0, seed)
        assert len(result.diver.gen.master.fixed) == len(p.staff)  # everyone fixed again
        report = validate_roster(p, to_assignments(p, pairs))
        assert report.valid and report.breakdown.total >= optimum.objective


def test_master_prices_stay_within_the_cover_weights():
    """Two people, one shift needing two: the LP fills it, at a price no more than the
    weight of a missing person; fixing a person keeps their column alone."""
    p = problem([person("A"), person("B")], [shift("a", 0, need=2, under=30, over=2)])
    master = Master(p)
    master.add(0, (0,), 0)
    master.add(0, (), 0)
    master.add(1, (), 0)
    assert not master.add(1, (), 0)  # known already
    solution = master.solve()
    assert solution.value == pytest.approx(30)  # B has no column working: one short
    assert 0 <= solution.price_min[0] <= 30 and -2 <= solution.price_max[0] <= 0
    master.add(1, (0,), 5)
    assert master.solve().value == pytest.approx(5)
    master.fix(0, 1)  # A works nothing
    assert master.solve().value == pytest.approx(35)


def test_generation_gives_up_when_the_first_round_cannot_fit():
    p = load_curtois(CURTOIS / "Instance8.txt")
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    result = generate(p, feasibility, start, time.monotonic() + 0.05, workers=2)
    assert result.pairs is None and result.root_value is None


def test_generation_gives_up_while_building_the_pricing_models(monkeypatch):
    """Slow model builds (Curtois 24: 16 s for 150 people) stop at the first round's
    allowance, not after everyone's model is built."""
    p = load_curtois(CURTOIS / "Instance8.txt")
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    built = []

    class SlowPricer(columns.Pricer):
        def __init__(self, *args):
            time.sleep(0.1)
            built.append(args[2])
            super().__init__(*args)

    monkeypatch.setattr(columns, "Pricer", SlowPricer)
    # first round allowance: 2 / 40 of half of 8 s, 0.2 s: about two builds of 20
    result = generate(p, feasibility, start, time.monotonic() + 8.0, workers=2)
    assert result.pairs is None and result.rounds == 0
    assert 1 <= len(built) < p.indexed.n_staff / 2


def test_solve_proves_curtois_2_optimal_with_the_bound():
    """Instance2 (optimum 828) through construction, column generation and LNS: the bound
    is the optimum, so the solve stops there, proved."""
    p = load_curtois(CURTOIS / "Instance2.txt")
    seen = []
    params = SolveParams(time_limit_seconds=30.0, workers=2, decomposition="lns")
    result = checked_solve(p, params, on_progress=seen.append)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == result.best_bound == 828
    assert result.stats.stopped_by == ""  # stopped at the bound, not by the time limit
    assert seen[-1].best_bound == 828
    off = checked_solve(p, SolveParams(time_limit_seconds=10.0, workers=2, decomposition="lns",
                                       column_generation="off"))  # fmt: skip
    assert off.best_bound is None and off.status is SolveStatus.FEASIBLE


@pytest.mark.parametrize("decomposition", ["lns", "off"])
def test_unknown_column_generation_setting_is_refused(decomposition):
    p = load_curtois(CURTOIS / "Instance1.txt")
    with pytest.raises(ValueError, match="column_generation"):
        checked_solve(p, SolveParams(time_limit_seconds=10.0, decomposition=decomposition, column_generation="yes"))


def test_a_bound_below_zero_is_reported_as_zero():
    """The objective is a sum of terms that are never negative, so 0 bounds it too."""
    assert columns._integer(-1638.4) == 0 and columns._integer(1294.2) == 1295
    assert columns._integer(1295.0000000001) == 1295 and columns._integer(-math.inf) is None


def test_lns_stops_at_the_target(monkeypatch):
    """A start already at the target (a proved bound): LNS runs no sub-solve."""
    p = load_curtois(CURTOIS / "Instance1.txt")
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 5.0)
    first = validate_roster(p, to_assignments(p, start)).breakdown.total
    searched = []
    monkeypatch.setattr(lns, "_search", lambda *a, **k: searched.append(a))
    pairs, objective = improve(p, feasibility, start, first, time.monotonic() + 2.0, workers=2, target=first)
    assert (pairs, objective) == (start, first) and searched == []
    improve(p, feasibility, start, first, time.monotonic() + 0.5, workers=2, target=first - 1)
    assert searched  # the same call below the target does search


def test_partial_rounds_keep_the_bound_valid(monkeypatch):
    """24 people (partial pricing from PARTIAL_MIN) priced by CP-SAT rounds: some rounds
    price a quarter of them, the bound still never exceeds the proved optimum, and the
    dive's roster is valid."""
    monkeypatch.setattr(columns, "DAY_ROUNDS", False)  # else day programmes price them
    shifts = [shift(f"{d}{t}", d, h, 480, cat=t, need=3) for d in range(7) for t, h in (("E", 6), ("L", 14))]
    staff = [person(f"p{i}", cost=10 + 7 * (i % 5), max_total_minutes=480 * (2 + i % 3)) for i in range(24)]
    wishes = tuple(Preference(f"p{i}", i % 2 == 0, 40, shift_id=shifts[i % len(shifts)].id) for i in range(24))
    p = problem(staff, shifts, days=7, preferences=wishes)
    feasibility = compute_feasibility(p)
    sizes = []
    original = columns._Generation.round

    def spy(self, solution, center, stop_at, people=None):
        sizes.append(None if people is None else len(people))
        return original(self, solution, center, stop_at, people)

    monkeypatch.setattr(columns._Generation, "round", spy)
    start = construct(p, feasibility, time.monotonic() + 5.0)
    result = generate(p, feasibility, start, time.monotonic() + 30.0, workers=2, root_share=0.9)
    assert 6 in sizes and None in sizes  # partial rounds (a quarter of 24) and full ones
    optimum = checked_solve(p, EXACT)
    assert optimum.status is SolveStatus.OPTIMAL
    assert result.bound is not None and result.bound <= optimum.objective
    report = validate_roster(p, to_assignments(p, result.pairs))
    assert report.valid and report.breakdown.total >= optimum.objective


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_master_lp_keeps_its_value_across_fixings_and_new_columns(rng):
    """The master solves again from its last basis: after people are fixed, after columns
    are added and after a release, each value equals that of a fresh LP (no basis) of the
    same columns, the fixed people having their fixed column only."""
    shifts = [shift(f"s{j}", j % 4, 6 + 8 * (j % 2), need=rng.randint(0, 3), under=rng.randint(1, 50),
                    over=rng.randint(0, 5)) for j in range(8)]  # fmt: skip
    p = problem([person(f"p{i}") for i in range(5)], shifts, days=4)
    n_reqs = p.indexed.n_requirements
    columns_of = [[(tuple(sorted(rng.sample(range(n_reqs), rng.randint(0, 4)))), rng.randint(0, 30))
                   for _ in range(rng.randint(1, 6))] for _ in p.staff]  # fmt: skip

    def fresh(fixed: dict[int, int]) -> float:
        lp = Master(p)
        for s, cols in enumerate(columns_of):
            for i, (reqs, own) in enumerate(cols):
                if s not in fixed or fixed[s] == i:
                    lp.add(s, reqs, own)
            if s in fixed:
                lp.fix(s, 0)
        return lp.solve().value

    master = Master(p)
    for s, cols in enumerate(columns_of):
        for reqs, own in cols:
            master.add(s, reqs, own)
    assert master.solve().value == pytest.approx(fresh({}))
    fixed = {}
    for s in rng.sample(range(len(p.staff)), 3):
        fixed[s] = rng.randrange(len(master.columns[s]))  # master's index: duplicates are dropped
        master.fix(s, fixed[s])
        columns_of[s] = [(key, own) for key, own, _ in master.columns[s]]
        assert master.solve().value == pytest.approx(fresh(fixed))
        extra = rng.choice([x for x in range(len(p.staff)) if x not in fixed])
        reqs, own = tuple(sorted(rng.sample(range(n_reqs), 2))), rng.randint(0, 10)
        if master.add(extra, reqs, own):
            columns_of[extra] = [(key, own) for key, own, _ in master.columns[extra]]
        assert master.solve().value == pytest.approx(fresh(fixed))
    master.release()
    assert master.solve().value == pytest.approx(fresh({}))


def test_master_solves_by_the_dual_simplex_after_bounds_change_and_the_primal_after_columns(monkeypatch):
    """GLOP's settings before each solve: dual simplex right after a fixing or a release
    (bounds changed, the basis stays dual feasible), primal after new columns, no presolve."""
    p = problem([person("A"), person("B")], [shift("a", 0, need=1), shift("b", 1, need=1)])
    master = Master(p)
    used = []
    original = master.lp.SetSolverSpecificParametersAsString
    record = lambda text: used.append(text) or original(text)  # noqa: E731
    monkeypatch.setattr(master.lp, "SetSolverSpecificParametersAsString", record)
    master.add(0, (0,), 0)
    master.add(1, (1,), 0)
    master.solve()
    master.fix(0, 0)
    master.solve()
    master.add(1, (0, 1), 3)
    master.solve()
    master.release()
    master.solve()
    assert used == [PRIMAL, DUAL, PRIMAL, DUAL]
    assert all("use_preprocessing: false" in text for text in used)


def test_a_dive_step_prices_nobody_when_the_lp_is_at_the_floor():
    """``converge`` with the LP value at or under ``floor`` (a dive's rounded root bound)
    solves the LP and adds no column; above it, rounds add columns."""
    p = load_curtois(CURTOIS / "Instance4.txt")
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    with ThreadPoolExecutor(max_workers=2) as pool:
        gen = columns._Generation(p, feasibility, pool, 0)
        assert gen.add_roster(start, time.monotonic() + 30.0)
        value = gen.master.solve().value
        n_columns = gen.master.n_columns
        assert gen.converge(time.monotonic() + 30.0, floor=value).value == pytest.approx(value)
        assert gen.master.n_columns == n_columns
        solution = gen.converge(time.monotonic() + 30.0, max_rounds=1, floor=value - 1)
        assert gen.master.n_columns > n_columns and solution.value < value


def test_a_dive_completes_its_last_people_by_cp_sat(monkeypatch):
    """After a dive step, once few people are left free (here: any, COMPLETE_PART 1), the
    dive hands them to CP-SAT (``complete``): the fixed people keep their columns, and the
    roster is valid and better than the LP's largest shares of the people left (which
    clash: their LP is fractional); with COMPLETE_PART 0 the dive fixes everyone."""
    p = load_curtois(CURTOIS / "Instance5.txt")  # 16 people, 28 days; the first step fixes 4
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    seen = []
    real = columns._Generation.complete

    def spy(self, solution, free, stop_at, seed):
        rounded = set()
        for s, cols in enumerate(self.master.columns):
            index = self.master.fixed.get(s, int(np.argmax(solution.shares[s])))
            rounded.update((s, k) for k in cols[index][0])
        fixed = {s: cols[self.master.fixed[s]][0] for s, cols in enumerate(self.master.columns) if s not in free}
        pairs = real(self, solution, free, stop_at, seed)
        seen.append((list(free), fixed, rounded, pairs))
        return pairs

    monkeypatch.setattr(columns._Generation, "complete", spy)
    for part in (1.0, 0.0):
        monkeypatch.setattr(columns, "COMPLETE_PART", part)
        with ThreadPoolExecutor(max_workers=2) as pool:
            gen = columns._Generation(p, feasibility, pool, 0, workers=2)
            assert gen.add_roster(start, time.monotonic() + 30.0)
            solution = gen.converge(time.monotonic() + 30.0, gap=columns.ROOT_GAP)
            pairs = gen.dive(solution, time.monotonic() + 12.0)
        if part == 0.0:
            assert len(seen) == 1 and len(gen.master.fixed) == len(p.staff)
            break
        assert len(seen) == 1
        free, fixed, rounded, completed = seen[0]
        assert 0 < len(free) < len(p.staff) and completed == pairs
        for s, reqs in fixed.items():
            assert sorted(k for t, k in pairs if t == s) == sorted(reqs)
        report = validate_roster(p, to_assignments(p, pairs))
        assert report.valid
        assert report.breakdown.total < validate_roster(p, to_assignments(p, rounded)).breakdown.total
