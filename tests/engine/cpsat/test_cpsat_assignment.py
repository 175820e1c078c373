"""H3 one place at a time, H4 door-to-door rest and H11 pins in the CP-SAT model."""

from __future__ import annotations

import pytest
from cpsat_builders import checked_solve, optimum, person, problem, shift, works

from safeshift.engine.model import Assignment, Requirement, RuleParams
from safeshift.engine.result import SolveStatus

HOME_SITE = ((0, 5), (5, 0))  # 5 minutes home -> site and back


def test_one_requirement_per_person_per_shift():
    """One person fills only one of a shift's two requirements."""
    reqs = (Requirement("a", (), 1), Requirement("b", (), 1))
    p = problem([person("A")], [shift("s", reqs=reqs)])
    assert optimum(p) == 100


def test_overlapping_shifts_not_both():
    """Two overlapping shifts cannot both go to one person (H3)."""
    p = problem(
        [person("A")],
        [shift("s1", 0, 8), shift("s2", 0, 12)],
        defaults=RuleParams(min_rest_minutes=0, max_duties_per_day=2),
    )
    assert optimum(p) == 100


@pytest.mark.parametrize(
    ("travel", "expected"),
    [
        (HOME_SITE, 100),  # 12 h between shifts is 11 h 50 min door to door: below 12 h
        (((0, 0), (0, 0)), 0),  # no travel: 12 h rest is enough
    ],
)
def test_travel_shortens_rest_below_minimum(travel, expected):
    """Travel turns a 12 h clock gap into 11 h 50 min of rest, so one person takes one shift."""
    p = problem(
        [person("A", home="home")],
        [shift("s1", 0, 8, 720, loc="site"), shift("s2", 1, 8, 720, loc="site")],
        travel=travel,
        defaults=RuleParams(min_rest_minutes=720),
    )
    assert optimum(p) == expected


def test_pins_are_kept():
    """A pinned assignment stays even when another person would be cheaper."""
    staff = [person("A", cost=60), person("B", cost=0)]
    p = problem(staff, [shift("s", 0, 8, 480)], pinned=(Assignment("A", "s", "r"),))
    result = checked_solve(p)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 480
    assert works(result, "A") == {"s"} and works(result, "B") == set()


def test_pins_breaking_rest_are_infeasible_with_the_rule():
    """Pins that break H4 give INFEASIBLE naming the rule, the person and both pinned shifts."""
    p = problem(
        [person("A", home="home")],
        [shift("s1", 0, 8, 720, loc="site"), shift("s2", 1, 8, 720, loc="site")],
        travel=HOME_SITE,
        defaults=RuleParams(min_rest_minutes=720),
        pinned=(Assignment("A", "s1", "r"), Assignment("A", "s2", "r")),
    )
    result = checked_solve(p)
    assert result.status is SolveStatus.INFEASIBLE
    assert [(v.rule, v.staff_id, set(v.shift_ids)) for v in result.violations] == [("H4", "A", {"s1", "s2"})]
    assert "pinned" in result.message and "H4" in result.message
    assert result.assignments == ()


def test_pin_without_competency_is_infeasible_with_h1():
    """A pin on a requirement the person is not qualified for is reported as H1."""
    p = problem(
        [person("A")],
        [shift("s", comps=("ALS",))],
        competency_ids=("ALS",),
        pinned=(Assignment("A", "s", "r"),),
    )
    result = checked_solve(p)
    assert result.status is SolveStatus.INFEASIBLE
    assert [(v.rule, v.shift_ids) for v in result.violations] == [("H1", ("s",))]


@pytest.mark.parametrize(
    "rules",
    [
        {"min_total_minutes": 960},  # the pin alone is 480 minutes
        {"min_consecutive_days": 2},  # the pin alone is a 1-day run inside the horizon
    ],
)
def test_pins_below_a_minimum_are_completed_not_rejected(rules):
    """A pinned-only roster under an "at least" rule is not an error: the solver adds duties."""
    p = problem(
        [person("A", **rules)],
        [shift(f"s{d}", d, need=0, most=0) for d in range(4)],
        days=4,
        pinned=(Assignment("A", "s1", "r"),),
    )
    result = checked_solve(p)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == 2  # the pinned shift and one more are over-covered, weight 1 each
    assert "s1" in works(result, "A") and len(works(result, "A")) == 2


def test_pins_that_no_roster_can_complete_are_infeasible():
    """Pins that pass the pin check but leave no valid roster give INFEASIBLE from the search."""
    p = problem(
        [person("A", min_total_minutes=1440, max_consecutive_days=1)],
        [shift("s1", 0), shift("s2", 1), shift("s3", 3)],
        days=4,
        pinned=(Assignment("A", "s1", "r"), Assignment("A", "s3", "r")),
    )
    result = checked_solve(p)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.violations == ()
    assert result.message
