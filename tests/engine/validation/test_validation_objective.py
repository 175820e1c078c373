"""S1..S4 and KPIs recomputed from hand-built rosters."""

import pytest

from safeshift.engine.model import Assignment, ObjectiveWeights, Preference, Requirement, TravelSettings
from safeshift.engine.result import Kpis, ObjectiveBreakdown, StaffKpi
from safeshift.engine.validation import validate_roster

TRAVEL = ((0, 5, 0), (5, 0, 0), (0, 0, 0))  # H <-> W: 5 min each way


def test_s1_and_s2_per_requirement(build):
    """S1 = weight_under x missing, S2 = weight_over x extra, per requirement."""
    short = build.shift("short", day=1, requirements=(Requirement("r", min_headcount=3, weight_under=100),))
    over = build.shift("over", day=3, requirements=(Requirement("r", min_headcount=1, max_headcount=1, weight_over=7),))
    people = [build.staff(n) for n in ("a", "b", "c")]
    roster = build.assign("a:short", "a:over", "b:over", "c:over")
    b = validate_roster(build.problem(people, [short, over]), roster).breakdown
    assert (b.s1_uncovered, b.s2_overcover) == (200, 14)


def test_s3_preferences(build):
    """Unmet wishes cost their weight x weights.preference; met ones cost nothing."""
    shifts = [
        build.shift("e1", day=1, hour=6, category="E"),
        build.shift("n1", day=1, hour=22, category="N"),
        build.shift("e2", day=2, hour=6, category="E"),
    ]
    prefs = [
        Preference("ann", True, 5, shift_id="n1"),  # wants n1, does not work it: 5
        Preference("ann", False, 3, shift_id="e1"),  # does not want e1, works it: 3
        Preference("ann", False, 11, date=build.date(1), category="N"),  # no N that day: 0
        Preference("ann", True, 13, date=build.date(1)),  # works day 1: 0
        Preference("ann", True, 2, date=build.date(1), category="N"),  # no N on day 1: 2
        Preference("ann", False, 17, date=build.date(2)),  # day off wished, works e2: 17
        Preference("ann", True, 19, date=build.date(3)),  # wants to work day 3, does not: 19
        Preference("ann", False, 23, date=build.date(3)),  # wants day 3 off: 0
    ]
    p = build.problem([build.staff("ann")], shifts, preferences=prefs, weights=ObjectiveWeights(preference=10))
    b = validate_roster(p, build.assign("ann:e1", "ann:e2")).breakdown
    assert b.s3_preferences == 10 * (5 + 3 + 2 + 17 + 19)


@pytest.mark.parametrize(
    "minutes, cost_per_hour, expected",
    [
        (30, 1, 1),  # 0.5 rounds half up to 1
        (29, 1, 0),  # 0.483 rounds down
        (90, 1, 2),  # 1.5 rounds up to 2
        (480, 1000, 8000),  # exact
    ],
)
def test_s4_rounds_half_up_per_assignment(build, minutes, cost_per_hour, expected):
    """S4 = (cost_per_hour x paid_minutes + 30) // 60 per assignment."""
    p = build.problem([build.staff("ann", cost_per_hour=cost_per_hour)], [build.shift("s", minutes=minutes)])
    assert validate_roster(p, build.assign("ann:s")).breakdown.s4_cost == expected


def test_s4_counts_travel_and_weight(build):
    """Paid minutes include travel when it is working time, and the sum is times weights.cost."""
    shifts = [build.shift("s1", day=1, location="W"), build.shift("s2", day=3, location="W")]
    staff = [build.staff("ann", home="H", cost_per_hour=1000)]
    p = build.problem(staff, shifts, travel=TRAVEL, weights=ObjectiveWeights(cost=3))
    per_shift = (1000 * 490 + 30) // 60  # 8167
    assert validate_roster(p, build.assign("ann:s1", "ann:s2")).breakdown.s4_cost == 3 * 2 * per_shift
    unpaid = p.replace(travel=TravelSettings(matrix=TRAVEL, is_working_time=False))
    assert validate_roster(unpaid, build.assign("ann:s1", "ann:s2")).breakdown.s4_cost == 3 * 2 * 8000


def test_breakdown_and_kpis_of_a_small_roster(build):
    """The whole breakdown and the KPIs of a two-person roster."""
    shifts = [
        build.shift("s1", day=1, location="W", requirements=(Requirement("r", min_headcount=2),)),
        build.shift("s2", day=2, location="W"),
    ]
    staff = [build.staff("ann", home="H", cost_per_hour=600), build.staff("bob", cost_per_hour=60)]
    p = build.problem(staff, shifts, travel=TRAVEL)
    report = validate_roster(p, [Assignment("ann", "s1"), Assignment("ann", "s2")])
    assert report.breakdown == ObjectiveBreakdown(s1_uncovered=100, s4_cost=2 * 4900)
    assert report.kpis == Kpis(
        required_headcount=3,
        covered_headcount=2,
        coverage_percent=pytest.approx(200 / 3),
        total_cost=9800,
        staff=(StaffKpi("ann", 2, 960, 20, 9800), StaffKpi("bob", 0, 0, 0, 0)),
    )


def test_coverage_is_100_percent_when_nothing_is_required(build):
    """No required headcount means full coverage."""
    p = build.problem([build.staff("ann")], [build.shift("s", min_headcount=0)])
    assert validate_roster(p, []).kpis.coverage_percent == 100.0
