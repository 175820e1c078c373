"""S5 fairness: weight x (max - min) per group of comparable staff, in solver and validator."""

from __future__ import annotations

import pytest
from fatigue_builders import checked_solve, person, problem, shift

from safeshift.engine.model import Assignment, ObjectiveWeights
from safeshift.engine.validation import validate_roster


def two_cheap_one_dear(weights):
    """Four day duties and two people of one group; ``cheap`` costs less per hour."""
    staff = [person("cheap", group="RN", cost=6), person("dear", group="RN", cost=12)]
    shifts = [shift(f"s{d}", d, 8, 480) for d in range(4)]
    return problem(staff, shifts, on=(), weights=weights)


def test_without_fairness_the_cheap_person_works_everything():
    """With no S5 weight cost decides: one person takes all four duties."""
    result = checked_solve(two_cheap_one_dear(ObjectiveWeights()))
    assert {a.staff_id for a in result.assignments} == {"cheap"}
    assert result.breakdown.s5_fairness == 0


def test_fairness_on_minutes_splits_the_work():
    """A weight per minute of spread larger than the cost gap shares the duties 2 and 2."""
    result = checked_solve(two_cheap_one_dear(ObjectiveWeights(fairness_minutes=1)))
    counts = {s: sum(1 for a in result.assignments if a.staff_id == s) for s in ("cheap", "dear")}
    assert counts == {"cheap": 2, "dear": 2}
    assert result.breakdown.s5_fairness == 0


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (ObjectiveWeights(fairness_minutes=2), 2 * 960),  # 16 h against 0 h
        (ObjectiveWeights(fairness_nights=7), 7 * 1),  # one night against none
        (ObjectiveWeights(fairness_weekends=5), 5 * 1),  # one weekend against none
    ],
)
def test_validator_spread_per_measure(weights, expected):
    """The validator's S5 is the weighted max - min of minutes, nights and weekends."""
    staff = [person("a", group="G"), person("b", group="G"), person("c", group="other")]
    shifts = [shift("mon", 0, 8, 480), shift("night", 1, 23, 480), shift("sat", 5, 8, 480)]
    p = problem(staff, shifts, on=(), weights=weights)
    assignments = [Assignment("a", "mon", "r")]
    if weights.fairness_minutes:
        assignments.append(Assignment("a", "night", "r"))
    elif weights.fairness_nights:
        assignments = [Assignment("a", "night", "r")]
    else:
        assignments = [Assignment("a", "sat", "r")]
    assert validate_roster(p, assignments).breakdown.s5_fairness == expected


def test_people_alone_in_their_group_are_not_compared():
    """Staff with no group, or alone in theirs, add nothing to S5."""
    staff = [person("a"), person("b", group="solo")]
    p = problem(staff, [shift("mon", 0, 8, 480)], on=(), weights=ObjectiveWeights(fairness_minutes=5))
    assert validate_roster(p, [Assignment("a", "mon", "r")]).breakdown.s5_fairness == 0
    assert checked_solve(p).breakdown.s5_fairness == 0
