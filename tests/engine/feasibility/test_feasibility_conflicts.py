"""Hand cases for per-staff conflicting pairs (H3 overlap, H4 rest door to door)."""

from __future__ import annotations

import pytest

from feasibility_builders import at, problem, shift, staff
from safeshift.engine.feasibility import RULE_H3, RULE_H4
from safeshift.engine.model import Interval


def pairs(f, i=0):
    """(a, b, rule, rest) tuples of staff i."""
    a, b, rule, rest = f.conflict_details(i)
    return list(zip(a.tolist(), b.tolist(), rule.tolist(), rest.tolist()))


@pytest.mark.parametrize(
    ("second_start", "expected"),
    [
        (at(1, 4), [(0, 1, RULE_H4, 710)]),  # 12 h clock gap, 11 h 50 min door to door
        (at(1, 4, 9), [(0, 1, RULE_H4, 719)]),  # one minute short
        (at(1, 4, 10), []),  # exactly 720 min door to door
    ],
)
def test_h4_rest_counts_travel(feasibility, second_start, expected):
    """Travel of 5 min each way makes or breaks the 12 h rest by exactly one minute."""
    shifts = [shift("a", at(0, 8), at(0, 16)), shift("b", second_start, second_start + (at(0, 8) - at(0, 0)))]
    assert pairs(feasibility(problem([staff()], shifts))) == expected


def test_overnight_shifts(feasibility):
    """Night shifts across midnight: night then night is H4, night then next morning is H3."""
    shifts = [
        shift("n1", at(0, 20), at(1, 8), cat="night"),
        shift("d1", at(1, 8), at(1, 16)),
        shift("n2", at(1, 20), at(2, 8), cat="night"),
    ]
    assert pairs(feasibility(problem([staff()], shifts))) == [
        (0, 1, RULE_H3, -10),  # home at 08:05, must leave at 07:55
        (0, 2, RULE_H4, 710),
        (1, 2, RULE_H4, 230),
    ]


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (10, [(0, 1, RULE_H4, 0)]),  # door-to-door intervals touch: H4 with rest 0
        (9, [(0, 1, RULE_H3, -1)]),  # one minute of overlap: H3
    ],
)
def test_h3_boundary(feasibility, gap, expected):
    """Door-to-door intervals that touch are not H3; one minute of overlap is."""
    shifts = [shift("a", at(0, 8), at(0, 12)), shift("b", at(0, 12, gap), at(0, 14))]
    assert pairs(feasibility(problem([staff()], shifts))) == expected


def test_order_by_start_then_index(feasibility):
    """a is the earlier start, ties broken by shift index, whatever the list order."""
    shifts = [shift("late", at(0, 12), at(0, 14)), shift("x", at(0, 8), at(0, 10)), shift("y", at(0, 8), at(0, 9))]
    got = [(a, b) for a, b, _, _ in pairs(feasibility(problem([staff()], shifts)))]
    assert got == [(1, 2), (1, 0), (2, 0)]


def test_every_pair_not_only_neighbours(feasibility):
    """Three short duties in one day give all three pairs."""
    shifts = [shift(f"s{j}", at(0, 8 + 2 * j), at(0, 9 + 2 * j)) for j in range(3)]
    got = [(a, b) for a, b, _, _ in pairs(feasibility(problem([staff()], shifts)))]
    assert got == [(0, 1), (0, 2), (1, 2)]


def test_long_travel_to_a_later_shift(feasibility):
    """A shift far from home needs the longer trip counted, even after a nearer shift."""
    shifts = [
        shift("a", at(0, 8), at(0, 16), loc="home"),  # no travel
        shift("b", at(1, 5), at(1, 10), loc="site"),  # 13 h later but 2 h travel: 11 h rest
    ]
    p = problem([staff()], shifts, to_site=120, from_site=120)
    assert pairs(feasibility(p)) == [(0, 1, RULE_H4, 660)]


def test_sweep_does_not_stop_at_a_near_shift(feasibility):
    """A near shift rested enough must not hide a slightly later far shift that is not."""
    shifts = [
        shift("a", at(0, 8), at(0, 16), loc="home"),
        shift("near", at(1, 6), at(1, 8), loc="home"),  # 14 h rest: fine
        shift("far", at(1, 6, 30), at(1, 9), loc="site"),  # leaves home 03:30: 11 h 30 min rest
    ]
    got = pairs(feasibility(problem([staff()], shifts, to_site=180, from_site=180)))
    assert got == [(0, 2, RULE_H4, 690), (1, 2, RULE_H3, -270)]


def test_no_home_no_travel(feasibility):
    """Without a home, rest is the clock gap."""
    shifts = [shift("a", at(0, 8), at(0, 16)), shift("b", at(1, 4), at(1, 12))]
    assert pairs(feasibility(problem([staff(home=None)], shifts, to_site=300, from_site=300))) == []


def test_only_eligible_shifts_pair(feasibility):
    """A shift the person may not work forms no pair."""
    shifts = [shift("a", at(0, 8), at(0, 16)), shift("b", at(0, 18), at(0, 20))]
    blocked = staff("q", unavailable=[Interval(at(0, 17), at(0, 21))])
    f = feasibility(problem([staff(), blocked], shifts))
    assert pairs(f, 0) == [(0, 1, RULE_H4, 110)]
    assert pairs(f, 1) == []
    assert f.pair_offset.tolist() == [0, 1, 1]


def test_several_requirements_one_pair(feasibility):
    """Two requirements of one shift still give one pair per shift pair."""
    from safeshift.engine.model import Requirement

    reqs = [Requirement("x"), Requirement("y")]
    shifts = [shift("a", at(0, 8), at(0, 16), reqs=reqs), shift("b", at(0, 18), at(0, 20), reqs=reqs)]
    assert len(pairs(feasibility(problem([staff()], shifts)))) == 1


@pytest.mark.parametrize(
    ("min_rest", "expected"),
    [
        (0, [(0, 1, RULE_H3, -20)]),  # only overlaps remain
        (720, [(0, 1, RULE_H3, -20), (0, 2, RULE_H4, 440), (1, 2, RULE_H4, 320), (2, 3, RULE_H4, 440)]),  # default
        (1000, [(0, 1, RULE_H3, -20), (0, 2, RULE_H4, 440), (1, 2, RULE_H4, 320), (1, 3, RULE_H4, 920),
                (2, 3, RULE_H4, 440)]),  # reaches b -> d (920) but not a -> d (1040)
    ],  # fmt: skip
)
def test_min_rest_override(feasibility, min_rest, expected):
    """min_rest_minutes per staff member sets how far conflicts reach."""
    shifts = [
        shift("a", at(0, 6), at(0, 10)),
        shift("b", at(0, 10, 20), at(0, 12)),
        shift("c", at(0, 18), at(0, 20)),
        shift("d", at(1, 4), at(1, 5)),
    ]
    assert pairs(feasibility(problem([staff(min_rest_minutes=min_rest)], shifts, to_site=20, from_site=20))) == expected


def test_conflicts_of_views(feasibility):
    """conflicts_of returns the (a, b) arrays of one staff member."""
    shifts = [shift("a", at(0, 8), at(0, 16)), shift("b", at(1, 4), at(1, 12))]
    a, b = feasibility(problem([staff("x", home=None), staff()], shifts)).conflicts_of(1)
    assert a.tolist() == [0] and b.tolist() == [1]
