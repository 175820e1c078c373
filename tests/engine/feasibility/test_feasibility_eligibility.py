"""Hand cases for static eligibility (H1, H2, H5, H10 category_max 0), kernels and reference."""

from __future__ import annotations

import numpy as np
import pytest

from feasibility_builders import T0, at, problem, shift, staff
from safeshift.engine.model import CompetencyGrant as Grant
from safeshift.engine.model import Contract, Interval, Requirement, RuleParams, Staff

DAY = shift("d", at(0, 8), at(0, 16))  # 08:00-16:00, 480 min


def eligible(feasibility, p, i=0, k=0) -> bool:
    return feasibility(p).is_eligible(i, k)


@pytest.mark.parametrize(
    ("grant", "ok"),
    [
        (Grant("PTS"), True),  # open both ends
        (Grant("ALS"), False),  # another competency
        (Grant("PTS", valid_until=at(0, 12)), False),  # expires mid-shift
        (Grant("PTS", valid_until=at(0, 16)), True),  # expires exactly at the end
        (Grant("PTS", valid_until=at(0, 15, 59, 30)), False),  # 30 s short of the end
        (Grant("PTS", valid_until=at(0, 16, 0, 30)), True),  # 30 s after the end
        (Grant("PTS", valid_from=at(0, 8)), True),  # valid exactly from the start
        (Grant("PTS", valid_from=at(0, 8, 1)), False),  # valid one minute after the start
        (Grant("PTS", valid_from=at(0, 8, 0, 1)), False),  # valid one second after the start
        (Grant("PTS", at(-30, 0), at(30, 0)), True),  # both ends set, covering
    ],
)
def test_h1_grant_validity(feasibility, grant, ok):
    """A competency counts only when one grant is valid over the whole shift."""
    assert eligible(feasibility, problem([staff(grants=[grant])], [DAY])) is ok


def test_h1_two_grants_neither_covering(feasibility):
    """Two grants that only together cover the shift do not count."""
    grants = [Grant("PTS", valid_until=at(0, 12)), Grant("PTS", valid_from=at(0, 12))]
    assert not eligible(feasibility, problem([staff(grants=grants)], [DAY]))


def test_h1_every_competency_needed(feasibility):
    """A requirement listing two competencies needs both; another requirement may need fewer."""
    s = shift("d", at(0, 8), at(0, 16), reqs=[Requirement("both", ("PTS", "ALS")), Requirement("one", ("PTS",))])
    f = feasibility(problem([staff(grants=[Grant("PTS")])], [s]))
    assert f.eligible_reqs(0).tolist() == [1]
    assert f.eligible_shifts(0).tolist() == [0]


@pytest.mark.parametrize(
    ("interval", "ok"),
    [
        (Interval(at(0, 16), at(0, 20)), True),  # touches the end, no overlap
        (Interval(at(0, 4), at(0, 8)), True),  # touches the start, no overlap
        (Interval(at(0, 15, 59), at(0, 20)), False),  # one minute of overlap
        (Interval(at(0, 4), at(0, 8, 1)), False),  # one minute of overlap at the start
        (Interval(at(0, 16, 0, 0), at(0, 16, 0, 30)), True),  # seconds after the end
        (Interval(at(0, 10), at(0, 11)), False),  # inside the shift
    ],
)
def test_h2_unavailability(feasibility, interval, ok):
    """An unavailability interval excludes only when it overlaps [start, end)."""
    assert eligible(feasibility, problem([staff(unavailable=[interval])], [DAY])) is ok


@pytest.mark.parametrize(
    ("windows", "ok"),
    [
        ([Interval(at(0, 8), at(0, 16))], True),  # exactly the shift
        ([Interval(at(0, 8, 1), at(0, 16))], False),  # starts a minute late
        ([Interval(at(0, 8), at(0, 15, 59))], False),  # ends a minute early
        ([Interval(at(0, 0), at(0, 12)), Interval(at(0, 12), at(1, 0))], False),  # two windows, neither contains it
        ([Interval(at(1, 0), at(2, 0)), Interval(at(0, 6), at(0, 18))], True),  # the second one contains it
    ],
)
def test_h2_availability_windows(feasibility, windows, ok):
    """With availability windows, one window must contain the whole shift."""
    assert eligible(feasibility, problem([staff(availability=windows)], [DAY])) is ok


@pytest.mark.parametrize(
    ("to_site", "from_site", "ok"),
    [
        (60, 60, True),  # 60 + 720 + 60 = 840
        (60, 61, False),  # 841
        (61, 60, False),  # 841, the other way
    ],
)
def test_h5_door_to_door(feasibility, to_site, from_site, ok):
    """Travel plus a 12 h shift may reach but not pass 840 minutes door to door."""
    s = shift("long", at(0, 7), at(0, 19))
    assert eligible(feasibility, problem([staff()], [s], to_site=to_site, from_site=from_site)) is ok


def test_h5_shift_length(feasibility):
    """A 721-minute shift is too long by default, a 720-minute one is not."""
    shifts = [shift("a", at(0, 7), at(0, 19)), shift("b", at(2, 7), at(2, 19, 1))]
    f = feasibility(problem([staff()], shifts, to_site=0, from_site=0))
    assert f.eligible_shifts(0).tolist() == [0]


def test_h5_no_home_means_no_travel(feasibility):
    """A person without a home has no travel, so 720 min fits 840 whatever the matrix says."""
    s = shift("long", at(0, 7), at(0, 19))
    assert eligible(feasibility, problem([staff(home=None)], [s], to_site=500, from_site=500))


def test_h5_limits_from_contract(feasibility):
    """max_shift_minutes resolves through the contract."""
    p = problem(
        [Staff("p", home_location_id="home", competencies=(Grant("PTS"),), contract_id="short")],
        [DAY],
        contracts=(Contract("short", RuleParams(max_shift_minutes=479)),),
    )
    assert not eligible(feasibility, p)


@pytest.mark.parametrize(
    ("category_max", "ok"),
    [
        ({"day": 0}, False),  # never this category
        ({"day": 1}, True),  # at most one: still eligible
        ({"night": 0}, True),  # another category
    ],
)
def test_h10_category_max_zero(feasibility, category_max, ok):
    """category_max 0 for the shift's category excludes it statically."""
    assert eligible(feasibility, problem([staff(category_max=category_max)], [DAY])) is ok


def test_h10_category_max_from_defaults(feasibility):
    """A problem-level category_max 0 applies to everybody without an override."""
    p = problem(
        [staff("a"), staff("b", category_max={"day": 2})], [DAY], defaults=RuleParams(category_max={"day": 0})
    )
    f = feasibility(p)
    assert f.elig_staff.tolist() == [1]


def test_triples_sorted_and_typed(feasibility):
    """Triples are sorted by (staff, requirement) with int32 arrays and elig_shift = req_shift."""
    shifts = [shift(f"s{j}", at(j, 8), at(j, 16), reqs=[Requirement("x"), Requirement("y")]) for j in range(3)]
    f = feasibility(problem([staff("a"), staff("b", unavailable=[Interval(at(1, 0), at(2, 0))])], shifts))
    assert f.elig_staff.tolist() == [0] * 6 + [1] * 4
    assert f.elig_req.tolist() == [0, 1, 2, 3, 4, 5, 0, 1, 4, 5]
    assert f.elig_shift.tolist() == [0, 0, 1, 1, 2, 2, 0, 0, 2, 2]
    for name in ("elig_staff", "elig_req", "elig_shift", "pair_a", "pair_b", "pair_rest"):
        assert getattr(f, name).dtype == np.int32
    assert f.pair_rule.dtype == np.int8 and f.pair_offset.dtype == np.int64
    assert f.eligible_shifts(1).tolist() == [0, 2]


def test_empty_problem(feasibility):
    """No staff and no shifts give empty arrays and one offset."""
    f = feasibility(problem([], [], horizon_start=T0, horizon_end=T0))
    assert len(f.elig_staff) == 0 and f.pair_offset.tolist() == [0]


def test_staff_without_shifts(feasibility):
    """Staff but no shifts: every staff member has an empty slice."""
    f = feasibility(problem([staff("a"), staff("b")], [], horizon_start=T0, horizon_end=T0))
    assert f.pair_offset.tolist() == [0, 0, 0]
    assert f.eligible_shifts(1).tolist() == []
