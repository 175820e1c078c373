"""first_static_exclusion: the first static rule, its sentence and its numbers."""

from __future__ import annotations

import pytest

from feasibility_builders import at, problem, shift, staff
from safeshift.engine.feasibility import first_static_exclusion
from safeshift.engine.model import CompetencyGrant as Grant
from safeshift.engine.model import Interval

DAY = shift("d", at(0, 8), at(0, 16))  # horizon starts at day 0 00:00, so minutes 480..960


def test_eligible_gives_none():
    """An eligible person has no exclusion."""
    assert first_static_exclusion(problem([staff()], [DAY]), 0, 0) is None


@pytest.mark.parametrize(
    ("person", "rule", "message", "values"),
    [
        (staff(grants=[]), "H1", "lacks competency PTS", {}),  # no grant at all
        (
            staff(grants=[Grant("PTS", valid_until=at(0, 14))]),
            "H1",
            "competency PTS expires 2026-03-02 14:00 UTC, before the shift ends",
            {"valid_until": 840, "shift_end": 960},
        ),  # expires mid-shift
        (
            staff(grants=[Grant("PTS", valid_from=at(0, 9))]),
            "H1",
            "competency PTS is valid only from 2026-03-02 09:00 UTC, after the shift starts",
            {"valid_from": 540, "shift_start": 480},
        ),  # starts mid-shift
        (
            staff(unavailable=[Interval(at(0, 15), at(0, 18), "training")]),
            "H2",
            "is unavailable from 2026-03-02 15:00 UTC to 2026-03-02 18:00 UTC (training), overlapping the shift",
            {"unavailable_start": 900, "unavailable_end": 1080},
        ),  # unavailability overlaps
        (
            staff(availability=[Interval(at(0, 9), at(0, 17))]),
            "H2",
            "has no availability window containing the shift (1 windows)",
            {"windows": 1},
        ),  # outside every window
        (
            staff(max_shift_minutes=479),
            "H5",
            "the shift lasts 480 min, above max_shift_minutes 479",
            {"shift_minutes": 480, "max_shift_minutes": 479},
        ),  # too long
        (
            staff(max_door_to_door_minutes=489),
            "H5",
            "door to door 490 min (travel 5 + shift 480 + travel 5), above max_door_to_door_minutes 489",
            {"door_to_door_minutes": 490, "travel_to": 5, "shift_minutes": 480, "travel_from": 5,
             "max_door_to_door_minutes": 489},
        ),  # travel makes it too long
        (staff(category_max={"day": 0}), "H10", "category_max for category 'day' is 0", {"category_max": 0}),
    ],  # fmt: skip
)
def test_each_rule(person, rule, message, values):
    """Each static rule names itself with a sentence and the numbers behind it."""
    assert first_static_exclusion(problem([person], [DAY]), 0, 0) == (rule, message, values)


def test_order_h1_first():
    """With several rules broken, H1 comes before H2, H5 and H10."""
    person = staff(grants=[], unavailable=[Interval(at(0, 0), at(1, 0))], max_shift_minutes=1, category_max={"day": 0})
    assert first_static_exclusion(problem([person], [DAY]), 0, 0)[0] == "H1"


def test_order_h2_before_h5():
    """H2 comes before H5 and H10."""
    person = staff(unavailable=[Interval(at(0, 0), at(1, 0))], max_shift_minutes=1, category_max={"day": 0})
    assert first_static_exclusion(problem([person], [DAY]), 0, 0)[0] == "H2"


def test_order_h5_before_h10():
    """H5 comes before H10."""
    person = staff(max_shift_minutes=1, category_max={"day": 0})
    assert first_static_exclusion(problem([person], [DAY]), 0, 0)[0] == "H5"


def test_flat_requirement_index():
    """The flat index picks the requirement of the right shift."""
    from safeshift.engine.model import Requirement

    shifts = [DAY, shift("e", at(1, 8), at(1, 16), reqs=[Requirement("any"), Requirement("als", ("ALS",))])]
    p = problem([staff()], shifts)
    assert first_static_exclusion(p, 0, 1) is None
    assert first_static_exclusion(p, 0, 2)[1] == "lacks competency ALS"
