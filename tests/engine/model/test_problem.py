"""Tests for the domain model: validation, horizon, indices and rule resolution."""

from datetime import date, datetime, timedelta, timezone

import pytest

from safeshift.engine.errors import InvalidProblemError
from safeshift.engine.model import (
    Assignment,
    CompetencyGrant,
    Contract,
    Location,
    Preference,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)

UTC = timezone.utc


def at(day, hour=0, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def shift(sid, day, h0, h1, **kw):
    end_day = day if h1 > h0 else day + 1
    return Shift(sid, at(day, h0), at(end_day, h1 % 24), requirements=[Requirement("r")], **kw)


def violations(**kw):
    with pytest.raises(InvalidProblemError) as err:
        Problem(**kw)
    return {(v.field, v.reason) for v in err.value.violations}


def test_empty_problem_is_valid():
    """An empty problem is valid and has no days."""
    p = Problem()
    assert p.indexed.n_days == 0 and p.indexed.n_staff == 0


def test_default_horizon_spans_local_days_of_shifts():
    """The default horizon runs from local midnight of the first shift's day to after the last."""
    p = Problem(timezone="Europe/London", shifts=[shift("a", 2, 22, 6), shift("b", 4, 7, 15)])
    assert p.horizon_start == at(2) and p.horizon_end == at(5)
    assert p.indexed.n_days == 3
    assert p.indexed.shift_day == (0, 2)


def test_days_count_real_minutes_across_spring_clock_change():
    """Local midnights across the March clock change are 23 h apart in real minutes."""
    p = Problem(timezone="Europe/London", shifts=[shift("a", 28, 20, 8)])
    assert p.indexed.day_start == (0, 1440, 2820)
    # 20:00 GMT to 09:00 BST is 13 h on the wall clock but 12 h of real time
    assert p.indexed.shift_end[0] - p.indexed.shift_start[0] == 720


def test_weekends_are_numbered_saturday_sunday():
    """Saturday and Sunday of one week share a weekend number; weekdays get -1."""
    p = Problem(timezone="UTC", horizon_start=at(2), horizon_end=at(16))  # Monday 2 March 2026
    assert p.indexed.weekend_of_day == (-1,) * 5 + (0, 0) + (-1,) * 5 + (1, 1)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        # unknown time zone
        (dict(timezone="Mars/Olympus"), ("timezone", "UNKNOWN_TIME_ZONE")),
        # end before start
        (dict(shifts=[Shift("a", at(3), at(2), requirements=[Requirement("r")])]), ("shifts[0].end", "END_NOT_AFTER_START")),
        # duplicate staff ids
        (dict(staff=[Staff("x"), Staff("x")]), ("staff[1].id", "DUPLICATE_ID")),
        # unknown location on a shift
        (dict(shifts=[shift("a", 2, 8, 16, location_id="nowhere")]), ("shifts[0].location_id", "UNKNOWN_REFERENCE")),
        # unknown competency on a requirement
        (
            dict(shifts=[Shift("a", at(2, 8), at(2, 16), requirements=[Requirement("r", ("PTS",))])]),
            ("shifts[0].requirements[0].competency_ids[0]", "UNKNOWN_REFERENCE"),
        ),
        # negative headcount
        (
            dict(shifts=[Shift("a", at(2, 8), at(2, 16), requirements=[Requirement("r", min_headcount=-1)])]),
            ("shifts[0].requirements[0].min_headcount", "NEGATIVE_VALUE"),
        ),
        # min above max headcount
        (
            dict(shifts=[Shift("a", at(2, 8), at(2, 16), requirements=[Requirement("r", min_headcount=3, max_headcount=2)])]),
            ("shifts[0].requirements[0].min_headcount", "MIN_ABOVE_MAX"),
        ),
        # travel matrix not square
        (
            dict(locations=[Location("a"), Location("b")], travel=TravelSettings(matrix=((0, 1),))),
            ("travel.matrix", "MATRIX_NOT_SQUARE"),
        ),
        # negative travel
        (
            dict(locations=[Location("a")], travel=TravelSettings(matrix=((-5,),))),
            ("travel.matrix[0][0]", "NEGATIVE_VALUE"),
        ),
        # shift longer than the horizon
        (
            dict(horizon_start=at(2), horizon_end=at(3), shifts=[Shift("a", at(2, 8), at(3, 10), requirements=[Requirement("r")])]),
            ("shifts[0].end", "SHIFT_LONGER_THAN_HORIZON"),
        ),
        # unknown contract
        (dict(staff=[Staff("x", contract_id="ft")]), ("staff[0].contract_id", "UNKNOWN_REFERENCE")),
        # unknown staff in a pin
        (dict(shifts=[shift("a", 2, 8, 16)], pinned=[Assignment("ghost", "a")]), ("pinned[0].staff_id", "UNKNOWN_REFERENCE")),
        # negative contract parameter
        (dict(contracts=[Contract("ft", RuleParams(min_rest_minutes=-1))]), ("contracts[0].rules.min_rest_minutes", "NEGATIVE_VALUE")),
    ],
)
def test_bad_input_names_field_and_reason(kwargs, expected):
    """Each kind of bad input is reported with its field path and stable reason."""
    assert expected in violations(**kwargs)


def test_all_violations_reported_at_once():
    """Several bad fields are reported together, not one at a time."""
    found = violations(staff=[Staff("x"), Staff("x", home_location_id="z")])
    assert ("staff[1].id", "DUPLICATE_ID") in found
    assert ("staff[1].home_location_id", "UNKNOWN_REFERENCE") in found


def test_preference_needs_exactly_one_target():
    """A preference naming neither a shift nor a date is rejected."""
    found = violations(staff=[Staff("x")], preferences=[Preference("x", True, 3)])
    assert ("preferences[0]", "INVALID_VALUE") in found


def test_rules_resolve_staff_over_contract_over_defaults():
    """Staff overrides win over the contract, the contract over problem defaults."""
    p = Problem(
        defaults=RuleParams(min_rest_minutes=660, max_weekends=2, category_max={"N": 4}),
        contracts=[Contract("pt", RuleParams(max_weekends=1, category_max={"E": 3}))],
        staff=[Staff("x", contract_id="pt", rules=RuleParams(category_max={"N": 0}))],
    )
    r = p.rules_for(p.staff[0])
    assert (r.min_rest_minutes, r.max_weekends, r.max_shift_minutes) == (660, 1, 720)
    assert dict(r.category_max) == {"N": 0, "E": 3}


def test_travel_from_coordinates_rounds_up():
    """Derived travel is great-circle km x 1.3 / 60 km/h, rounded up, asymmetric-ready."""
    locs = [Location("a", latitude=53.0, longitude=-2.0), Location("b", latitude=53.5, longitude=-2.0)]
    p = Problem(locations=locs)
    # 0.5 degree of latitude = 55.6 km; x1.3 = 72.3 km; at 60 km/h = 72.3 min -> 73
    assert p.indexed.travel == ((0, 73), (73, 0))


def test_replace_returns_new_validated_problem():
    """replace() leaves the original untouched and validates the new one."""
    p = Problem(staff=[Staff("x")])
    q = p.replace(staff=[Staff("x"), Staff("y")])
    assert len(p.staff) == 1 and len(q.staff) == 2
    with pytest.raises(InvalidProblemError):
        p.replace(staff=[Staff("x"), Staff("x")])


def test_check_roster_fills_single_requirement_and_names_bad_refs():
    """An empty requirement id maps to a shift's only requirement; unknown ids are named."""
    p = Problem(staff=[Staff("x")], shifts=[shift("a", 2, 8, 16)])
    assert p.check_roster([Assignment("x", "a")]) == (Assignment("x", "a", "r"),)
    with pytest.raises(InvalidProblemError) as err:
        p.check_roster([Assignment("x", "a"), Assignment("y", "b")])
    assert {v.field for v in err.value.violations} == {"assignments[1].staff_id", "assignments[1].shift_id"}


def test_grant_with_until_before_from_is_rejected():
    """A competency grant that ends before it starts is bad input."""
    found = violations(
        competency_ids=["PTS"],
        staff=[Staff("x", competencies=[CompetencyGrant("PTS", at(5), at(4))])],
    )
    assert ("staff[0].competencies[0].valid_until", "END_NOT_AFTER_START") in found


def test_explicit_matrix_diagonal_is_zero():
    """Travel from a place to itself is 0 even when the matrix's diagonal says otherwise."""
    p = Problem(locations=[Location("a"), Location("b")], travel=TravelSettings(matrix=((5, 30), (40, 7))))
    assert p.indexed.travel == ((0, 30), (40, 0))
