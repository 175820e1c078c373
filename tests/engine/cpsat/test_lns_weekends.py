"""LNS neighbourhoods of the weekends: some people's duties from Friday to Monday of every
weekend may change, the rest stay (``weekend_days``, ``_weekend_neighbourhood``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cpsat_builders import person, problem, shift
from lns_turns import kinds_planned

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.search import lns, to_assignments
from safeshift.engine.search.submodel import Scope, SubSolve
from safeshift.engine.validation import validate_roster

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"


def test_weekend_days_are_friday_to_monday_where_someone_has_a_maximum_of_weekends():
    """Day 0 is a Monday: weekends on days 5-6 and 12-13 of a 14-day horizon."""
    shifts = [shift(f"s{d}", d) for d in range(14)]
    assert lns.weekend_days(problem([person("A", max_weekends=1), person("B")], shifts)) == {4, 5, 6, 7, 11, 12, 13}
    assert lns.weekend_days(problem([person("A"), person("B")], shifts)) is None  # no maximum: no such turns
    assert lns.weekend_days(problem([person("A", max_weekends=1)], shifts[:7])) is None  # one weekend


def test_a_weekend_scope_completes_a_half_weekend_and_keeps_the_weekdays():
    """A may work one weekend and works Saturday 5 alone of it; Sunday 6 and Wednesday 9
    are short. Freeing the weekend days, A takes Sunday 6 (a whole weekend, still one)
    and cannot take Wednesday 9, which the scope keeps as it is."""
    shifts = [shift("sat5", 5), shift("sun6", 6), shift("wed9", 9), shift("sat12", 12, need=0)]
    p = problem([person("A", max_weekends=1)], shifts, days=14)
    feasibility = compute_feasibility(p)
    days = lns.weekend_days(p)
    narrowed = lns.scope_feasibility(feasibility, Scope(days=days).free_shifts(p.indexed), [0], {(0, 0)})
    sub = SubSolve(p, narrowed, [0], {(0, 0)}, scope=Scope(days=days))
    chosen, value, optimal = sub.search(5.0, 1, 0, None)
    assert optimal and chosen == {(0, 0), (0, 1)} and value == sub.value(chosen) == sub.value(sub.current) - 100
    report = validate_roster(p, to_assignments(p, chosen))
    assert report.valid and report.breakdown.total == 100  # Wednesday 9 still short


@pytest.mark.parametrize("seed", range(4))
def test_a_weekend_neighbourhood_is_around_short_weekend_cover_within_the_budget(seed):
    """Curtois 3 (14 days, everyone at most one weekend) with nobody on duty: the group is
    around a short weekend requirement, so its first person may fill one; the scope is
    Friday to Monday of both weekends; a larger budget takes more people."""
    p = load_curtois(CURTOIS / "Instance3.txt")
    feasibility = compute_feasibility(p)
    data, cover = p.indexed, lns._Cover(p, feasibility)
    days = lns.weekend_days(p)
    per_person = len(feasibility.elig_staff) / data.n_staff
    weekend_able = {
        s for k in cover.short(set()) if data.weekend_of_day[data.shift_day[data.req_shift[k]]] >= 0
        for s in cover.able(k)
    }  # fmt: skip
    everyone, rng = list(range(data.n_staff)), random.Random(seed)
    sizes = []
    for budget in (1.0, 100.0, 400.0):
        group, scope = lns._weekend_neighbourhood(data, cover, set(), everyone, budget, per_person, days, rng)
        assert scope.days == days and scope.category is None
        assert 2 <= len(group) == len(set(group)) and group[0] in weekend_able
        sizes.append(len(group))
    assert sizes[0] == 2 < sizes[2]


def test_without_short_weekend_cover_a_weekend_neighbourhood_takes_random_people():
    """Only a Wednesday is short: random people, still Friday to Monday."""
    p = problem([person(n, max_weekends=1) for n in "ABCD"], [shift("wed2", 2), shift("sat5", 5, need=0)], days=14)
    feasibility = compute_feasibility(p)
    cover, days = lns._Cover(p, feasibility), lns.weekend_days(p)
    groups = set()
    for seed in range(10):
        rng = random.Random(seed)
        group, scope = lns._weekend_neighbourhood(p.indexed, cover, set(), [0, 1, 2, 3], 4.0, 2.0, days, rng)
        assert scope.days == days and len(group) == 2
        groups.add(frozenset(group))
    assert len(groups) > 1


def test_with_a_maximum_of_weekends_one_turn_in_four_frees_the_weekends(monkeypatch):
    """Curtois 3: LNS's turns are random, related, window and weekends, in turn, and its
    roster is valid at the objective it tracks."""
    report, objective, first, kinds = kinds_planned(monkeypatch, load_curtois(CURTOIS / "Instance3.txt"), 3.0)
    assert report.valid and report.breakdown.total == objective <= first
    turns = ["random", "related", "window", "weekends"]
    assert len(kinds) >= 5 and kinds == (turns * len(kinds))[: len(kinds)]
