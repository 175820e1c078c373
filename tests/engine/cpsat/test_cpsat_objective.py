"""The objective S1..S4 in the CP-SAT model: exact optimum values."""

from __future__ import annotations

import pytest
from cpsat_builders import checked_solve, day, optimum, person, problem, shift, works

from safeshift.engine.model import ObjectiveWeights, Preference, TravelSettings


def test_under_cover_weight_per_missing_person():
    """S1: weight_under per missing person."""
    p = problem([person("A")], [shift("s", need=3, under=7)])
    assert optimum(p) == 14


def test_over_cover_traded_against_preferences():
    """S2: each extra person above max_headcount costs weight_over; wishes can outweigh it."""
    staff = [person(x) for x in "ABC"]
    prefs = tuple(Preference(x, True, 5, shift_id="s") for x in "ABC")
    p = problem(staff, [shift("s", need=1, most=1, over=3)], preferences=prefs)
    assert optimum(p) == 6  # all three work: 2 extra x 3; 1 -> 10, 2 -> 3 + 5


def test_over_cover_without_max_is_free():
    """S2 does not apply to a requirement without max_headcount."""
    prefs = tuple(Preference(x, True, 5, shift_id="s") for x in "AB")
    p = problem([person("A"), person("B")], [shift("s", need=1, most=None, over=3)], preferences=prefs)
    assert optimum(p) == 0


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        (1, 2),  # B (weight 2) takes the shift A would rather avoid (weight 4)
        (3, 6),  # weights.preference multiplies
        (0, 0),
    ],
)
def test_shift_avoid_preferences(scale, expected):
    """S3: want=False on a shift costs its weight when the person works it."""
    prefs = (Preference("A", False, 4, shift_id="s"), Preference("B", False, 2, shift_id="s"))
    p = problem(
        [person("A"), person("B")], [shift("s")], preferences=prefs, weights=ObjectiveWeights(preference=scale)
    )
    assert optimum(p) == expected


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("E", 1),  # works the Early (1 over-cover) to meet the wish (5)
        (None, 1),  # any shift that day will do
        ("X", 5),  # no shift of that category: the wish cannot be met
    ],
)
def test_day_want_preference(category, expected):
    """S3: want=True for a date (and category) costs its weight unless such a shift is worked."""
    shifts = [shift("e", 1, 6, cat="E", need=0, most=0, over=1), shift("l", 1, 14, cat="L", need=0, most=0, over=2)]
    prefs = (Preference("A", True, 5, date=day(1), category=category),)
    p = problem([person("A")], shifts, preferences=prefs)
    assert optimum(p) == expected


def test_day_avoid_preference():
    """S3: want=False for a date costs its weight when any shift that day is worked."""
    prefs = (Preference("A", False, 50, date=day(0)),)
    p = problem([person("A")], [shift("s", 0, under=100)], preferences=prefs)
    assert optimum(p) == 50


def test_day_avoid_preference_of_another_category_is_free():
    """S3: want=False for a date and category L does not cost when an E shift is worked."""
    prefs = (Preference("A", False, 50, date=day(0), category="L"),)
    p = problem([person("A")], [shift("s", 0, cat="E")], preferences=prefs)
    assert optimum(p) == 0


def test_want_preference_outside_horizon_costs_its_weight():
    """S3: a wish to work a day without shifts cannot be met."""
    prefs = (Preference("A", True, 9, date=day(30)),)
    p = problem([person("A")], [shift("s", 0)], preferences=prefs)
    assert optimum(p) == 9


@pytest.mark.parametrize(
    ("working_time", "scale", "expected"),
    [
        (True, 1, 743),  # 90/h x (480 + 7 + 8) min = 742.5 -> 743 (half up)
        (False, 1, 720),  # 90/h x 480 min
        (True, 2, 1486),  # weights.cost multiplies the rounded cost
    ],
)
def test_cost_per_assignment(working_time, scale, expected):
    """S4: round_half_up(cost_per_hour x paid minutes / 60) x weights.cost."""
    p = problem(
        [person("A", home="home", cost=90)],
        [shift("s", loc="site", under=10_000)],
        travel=((0, 7), (8, 0)),
        weights=ObjectiveWeights(cost=scale),
    )
    p = p.replace(travel=TravelSettings(matrix=((0, 7), (8, 0)), is_working_time=working_time))
    assert optimum(p) == expected


def test_cost_picks_the_cheaper_person():
    """S4: the cheaper person (travel included) takes the shift."""
    staff = [person("A", home="home", cost=60), person("B", home="site", cost=61)]
    p = problem(staff, [shift("s", loc="site", under=10_000)], travel=((0, 30), (30, 0)))
    result = checked_solve(p)
    assert result.objective == 488  # B: 61 x 8 h; A would cost 60 x 9 h = 540
    assert works(result, "B") == {"s"}
