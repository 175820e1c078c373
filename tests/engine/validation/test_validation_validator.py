"""validate_roster: input errors, ordering, and uncovered demand with exclusions."""

import pytest

from safeshift.engine.errors import InvalidProblemError, Reason
from safeshift.engine.model import Assignment
from safeshift.engine.result import Exclusion, UncoveredDemand
from safeshift.engine.validation import validate_roster


def test_unknown_staff_is_an_input_error(build):
    """An unknown staff id raises InvalidProblemError naming assignments[i].staff_id."""
    p = build.problem([build.staff("ann")], [build.shift("s")])
    with pytest.raises(InvalidProblemError) as e:
        validate_roster(p, [Assignment("ann", "s"), Assignment("zed", "s")])
    [v] = e.value.violations
    assert (v.field, v.reason) == ("assignments[1].staff_id", Reason.UNKNOWN_REFERENCE)


def test_valid_roster(build):
    """A roster breaking nothing is valid and fully covered."""
    p = build.problem([build.staff("ann")], [build.shift("s")])
    report = validate_roster(p, build.assign("ann:s"))
    assert report.valid and report.uncovered == () and report.kpis.coverage_percent == 100.0


def test_violations_are_ordered_by_rule_then_staff(build):
    """Every violation is reported, ordered H1..H11 then by staff order."""
    shifts = [build.shift("a", day=1, minutes=800, competencies=("X",)), build.shift("b", day=1, hour=20)]
    p = build.problem([build.staff("bob"), build.staff("ann")], shifts, competencies=("X",))
    report = validate_roster(p, build.assign("ann:a", "ann:b", "bob:a"))
    assert [(v.rule, v.staff_id) for v in report.violations] == [
        ("H1", "bob"),
        ("H1", "ann"),
        ("H3", "ann"),
        ("H5", "bob"),
        ("H5", "ann"),
        ("H10", "ann"),
    ]


def test_uncovered_demand_lists_exclusions(build):
    """A short requirement lists, for each other person, the first rule that stops them."""
    travel = ((0, 50, 0), (50, 0, 0), (0, 0, 0))
    shifts = [
        build.shift("y", day=1, hour=7, location="W"),
        build.shift("z", day=2, hour=3, location="W", competencies=("PTS",), min_headcount=3),
    ]
    staff = [
        build.staff("ann", home="H", competencies=("PTS",)),  # on z
        build.staff("bob", home="H"),  # lacks PTS
        build.staff("cat", home="H", competencies=("PTS",)),  # works y: rest too short
        build.staff("dan", home="H", competencies=("PTS",)),  # free
    ]
    p = build.problem(staff, shifts, travel=travel)
    report = validate_roster(p, build.assign("ann:z", "cat:y"))
    assert report.uncovered == (
        UncoveredDemand(
            "z",
            "r",
            2,
            (
                Exclusion("bob", "H1", "H1: lacks competency PTS", {}),
                Exclusion(
                    "cat",
                    "H4",
                    "H4: only 10 h 20 min rest after shift y including 1 h 40 min travel (12 h 00 min required)",
                    {"rest_minutes": 620, "min_rest_minutes": 720, "travel_minutes": 100, "gap_minutes": 720},
                ),
            ),
        ),
    )
    assert report.breakdown.s1_uncovered == 200


def test_uncovered_demand_past_the_budget_is_listed_unexplained(build):
    """Explanations stop once the budget of candidate checks is spent: the later
    requirements are still listed, marked unexplained, with no exclusions."""
    from safeshift.engine.validation.context import RosterContext
    from safeshift.engine.validation.explain import Explainer, uncovered_demand

    shifts = [build.shift(f"s{d}", day=d, competencies=("PTS",)) for d in range(3)]
    p = build.problem([build.staff("ann"), build.staff("bob")], shifts, competencies=("PTS",))
    ctx = RosterContext(p)
    full = uncovered_demand(ctx, (), Explainer(ctx, ctx.people(())))
    assert [u.explained for u in full] == [True, True, True]
    assert all(len(u.exclusions) == 2 for u in full)  # both lack PTS
    cut = uncovered_demand(ctx, (), Explainer(ctx, ctx.people(())), budget=3)  # 2 checks per requirement
    assert [(u.shift_id, u.missing, u.explained, len(u.exclusions)) for u in cut] == [
        ("s0", 1, True, 2),
        ("s1", 1, False, 0),
        ("s2", 1, False, 0),
    ]


def test_roster_objective_is_the_reports_breakdown(build):
    """roster_objective gives validate_roster's breakdown (here S1 for one short shift and
    S2 for one over-covered), without the rest of the report."""
    from safeshift.engine.validation import roster_objective

    shifts = [build.shift("s", day=1), build.shift("t", day=2, max_headcount=1, weight_over=7),
              build.shift("u", day=3)]
    p = build.problem([build.staff("ann"), build.staff("bob")], shifts)
    roster = build.assign("ann:t", "bob:t", "ann:u")
    breakdown = roster_objective(p, roster)
    assert breakdown == validate_roster(p, roster).breakdown
    assert (breakdown.s1_uncovered, breakdown.s2_overcover, breakdown.total) == (100, 7, 107)
