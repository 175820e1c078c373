"""LNS neighbourhoods of one shift category: some people's duties of that category over the
whole horizon may change, the rest stay (``Scope(category=...)``, ``_category_neighbourhood``)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
import pytest
from cpsat_builders import person, problem, shift
from lns_turns import kinds_planned

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.search import construct, lns
from safeshift.engine.search.submodel import Scope, SubSolve

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


def test_a_category_scope_changes_only_that_categorys_duties():
    """A works x0 (category X, over-covered: B is on it too, 5 a person over) and nothing
    else; y1 (category Y) is short. Freeing Y, A takes y1 and keeps x0 even though dropping
    it would pay; freeing everything, A drops it."""
    shifts = [shift("x0", 0, cat="X", need=1, most=1, over=5), shift("y1", 1, cat="Y", need=1)]
    p = problem([person("A"), person("B")], shifts)
    feasibility = compute_feasibility(p)
    current = {(0, 0), (1, 0)}
    y = p.indexed.category_index["Y"]
    sub = SubSolve(p, feasibility, [0], current, scope=Scope(category=y))
    chosen, value, optimal = sub.search(2.0, 1, 0, None)
    assert chosen == {(0, 0), (0, 1)} and optimal and value == sub.value(chosen) == 5
    unrestricted, best, _ = SubSolve(p, feasibility, [0], current).search(2.0, 1, 0, None)
    assert unrestricted == {(0, 1)} and best == 0


def test_a_scope_frees_the_shifts_of_its_days_and_category():
    p = problem([person("A")], [shift("x0", 0, cat="X"), shift("y0", 0, cat="Y"), shift("y2", 2, cat="Y")])
    y = p.indexed.category_index["Y"]
    assert Scope().free_shifts(p.indexed).tolist() == [True, True, True]
    assert Scope(category=y).free_shifts(p.indexed).tolist() == [False, True, True]
    assert Scope(days=frozenset({0})).free_shifts(p.indexed).tolist() == [True, True, False]
    assert Scope(days=frozenset({0}), category=y).free_shifts(p.indexed).tolist() == [False, True, False]


@pytest.mark.parametrize("category", [0, 1, 2])
def test_a_narrowed_category_sub_model_gains_what_the_whole_one_gains(category):
    """Built from ``scope_feasibility`` (the category's options plus the people's duties),
    a category sub-model gains exactly what the one built with every option gains, with
    fewer variables, and changes no duty of another category."""
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    data = p.indexed
    pairs = construct(p, feasibility, time.monotonic() + 10.0)
    group = [0, 5, 11, 14]
    first, _, _ = SubSolve(p, feasibility, group, pairs).search(10.0, 1, 0, None, hint=False, patience=0)
    pairs = {key for key in pairs if key[0] not in group} | first  # valid, and far from their best
    scope = Scope(category=category)
    narrowed = lns.scope_feasibility(feasibility, scope.free_shifts(data), group, pairs)
    full = SubSolve(p, feasibility, group, pairs, scope=scope)
    small = SubSolve(p, narrowed, group, pairs, scope=scope)
    assert small.complete and small.current == full.current
    assert len(small.built.variables.x) < 0.8 * len(full.built.variables.x)

    def other(keys):
        return {(s, k) for s, k in keys if data.shift_category[data.req_shift[k]] != category}

    gains = []
    for sub in (full, small):
        chosen, value, optimal = sub.search(20.0, 2, 0, None)
        assert optimal and other(chosen) == other(sub.current)
        gains.append(sub.value(sub.current) - value)
    assert gains[0] == gains[1] > 0


@pytest.mark.parametrize("seed", range(4))
def test_a_category_neighbourhood_holds_people_able_to_work_it_within_the_budget(seed):
    """Curtois 3 with nobody on duty: every requirement is short, so the category is that of
    one of them; everyone picked may work it, and the options add up to the budget (at
    least two people)."""
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    data, cover = p.indexed, lns._Cover(p, feasibility)
    by_category = lns._options_by_category(data, feasibility)
    expected = np.zeros_like(by_category)
    for s, j in zip(feasibility.elig_staff, feasibility.elig_shift):
        expected[s, data.shift_category[j]] += 1
    assert (by_category == expected).all()
    everyone, rng = list(range(data.n_staff)), random.Random(seed)
    for budget in (1.0, 60.0, 200.0):
        group, scope = lns._category_neighbourhood(data, cover, set(), everyone, budget, by_category, rng)
        c = scope.category
        assert scope.days is None and c is not None and len(group) == len(set(group)) >= 2
        assert all(by_category[s, c] > 0 for s in group)
        assert by_category[group, c].sum() <= budget or len(group) == 2
        assert len(group) > 2 or budget < 200.0  # a larger budget takes more people


def test_where_people_have_many_options_half_the_turns_are_category_ones(monkeypatch):
    monkeypatch.setattr(lns, "CATEGORY_MIN_OPTIONS", 0)
    report, objective, first, kinds = kinds_planned(monkeypatch, load_curtois(CURTOIS / "Instance3.txt"), 3.0)
    assert report.valid and report.breakdown.total == objective < first
    assert len(kinds) >= 6 and kinds[1::2] == ["category"] * (len(kinds) // 2)
    # everyone there may work one weekend: those turns alternate with the others
    others, turns = kinds[0::2], ["random", "weekends", "related", "weekends", "window", "weekends"]
    assert others == (turns * len(others))[: len(others)]


def test_with_few_options_a_person_there_are_no_category_turns(monkeypatch):
    """Curtois 3: about 40 options a person, far below ``CATEGORY_MIN_OPTIONS``."""
    report, objective, first, kinds = kinds_planned(monkeypatch, load_curtois(CURTOIS / "Instance3.txt"), 1.0)
    assert report.valid and report.breakdown.total == objective <= first
    assert kinds and "category" not in kinds
