"""H10 daily limits in the CP-SAT model: duties per day and forbidden successions."""

from __future__ import annotations

import pytest
from cpsat_builders import optimum, person, problem, shift

from safeshift.engine.model import RuleParams


@pytest.mark.parametrize(
    ("per_day", "expected"),
    [
        (1, 100),  # only one of the two day-0 shifts
        (2, 0),  # both
    ],
)
def test_max_duties_per_day(per_day, expected):
    """At most max_duties_per_day shifts starting on one day."""
    p = problem(
        [person("A")],
        [shift("a", 0, 6, 240), shift("b", 0, 14, 240)],
        defaults=RuleParams(min_rest_minutes=0, max_duties_per_day=per_day),
    )
    assert optimum(p) == expected


@pytest.mark.parametrize(
    ("forbidden", "expected"),
    [
        ((("L", "E"),), 100),  # Late then Early is forbidden: one shift stays open
        ((("E", "L"),), 0),  # only the reverse order is forbidden
        ((), 0),  # nothing forbidden
    ],
)
def test_forbidden_succession(forbidden, expected):
    """A Late on day d forbids an Early on day d + 1 when (L, E) is a forbidden succession."""
    p = problem(
        [person("A")],
        [shift("late", 0, 14, 480, cat="L"), shift("early", 1, 6, 480, cat="E")],
        forbidden_successions=forbidden,
    )
    assert optimum(p) == expected


def test_forbidden_succession_needs_consecutive_days():
    """A Late then an Early two days later is allowed."""
    p = problem(
        [person("A")],
        [shift("late", 0, 14, 480, cat="L"), shift("early", 2, 6, 480, cat="E")],
        forbidden_successions=(("L", "E"),),
    )
    assert optimum(p) == 0


def test_forbidden_succession_with_several_shifts_per_category():
    """Any Late on day d excludes every Early on day d + 1 (several shifts of each)."""
    p = problem(
        [person("A")],
        [
            shift("late1", 0, 14, 240, cat="L", under=100),
            shift("late2", 0, 19, 240, cat="L", under=100),
            shift("early1", 1, 6, 240, cat="E", under=30),
            shift("early2", 1, 11, 240, cat="E", under=30),
        ],
        defaults=RuleParams(min_rest_minutes=0, max_duties_per_day=2),
        forbidden_successions=(("L", "E"),),
    )
    assert optimum(p) == 60  # both Lates (200 saved), both Earlies stay open (2 x 30)
