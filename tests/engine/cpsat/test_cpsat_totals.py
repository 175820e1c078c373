"""H10 totals in the CP-SAT model: category maxima and min/max total shift minutes."""

from __future__ import annotations

import pytest
from cpsat_builders import optimum, person, problem, shift


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (2, 100),  # two of the three nights
        (0, 300),  # none (no variable at all)
        (3, 0),  # all three
    ],
)
def test_category_max(limit, expected):
    """At most category_max[c] duties of category c over the horizon."""
    p = problem(
        [person("A", category_max={"N": limit})],
        [shift(f"n{d}", d, 20, 600, cat="N") for d in range(3)],
    )
    assert optimum(p) == expected


def test_category_max_leaves_other_categories_alone():
    """A limit on nights does not limit days."""
    p = problem(
        [person("A", category_max={"N": 0})],
        [shift(f"d{d}", d, 8, 480, cat="D") for d in range(3)],
    )
    assert optimum(p) == 0


def test_max_total_minutes():
    """Shift minutes over the horizon stay within max_total_minutes."""
    p = problem([person("A", max_total_minutes=960)], [shift(f"s{d}", d) for d in range(3)])
    assert optimum(p) == 100


def test_max_total_minutes_counts_shift_minutes_not_travel():
    """Travel does not count towards the total: 2 x 480 fits in 960 despite 10 min travel each."""
    p = problem(
        [person("A", home="home", max_total_minutes=960)],
        [shift(f"s{d}", d, loc="site") for d in range(2)],
        travel=((0, 5), (5, 0)),
    )
    assert optimum(p) == 0


def test_min_total_minutes():
    """A person works at least min_total_minutes even when every duty costs over-cover."""
    p = problem(
        [person("A", min_total_minutes=900)],
        [shift(f"s{d}", d, need=0, most=0, over=1) for d in range(4)],
    )
    assert optimum(p) == 2  # 2 x 480 >= 900, each extra person costs 1
