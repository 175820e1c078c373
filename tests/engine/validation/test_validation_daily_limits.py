"""H10 daily and category limits: duties per day, successions, category counts, totals, weekends."""

from datetime import datetime

from safeshift.engine.model import Requirement, Shift
from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster


def _h10(build, shifts, pairs, successions=(), **rules):
    p = build.problem([build.staff("ann", **rules)], shifts, forbidden_successions=successions)
    return [v for v in validate_roster(p, build.assign(*pairs)).violations if v.rule == "H10"]


def test_two_duties_starting_on_one_day(build):
    """Two duties on one local day break max_duties_per_day (1); a limit of 2 allows them."""
    shifts = [build.shift("a", day=1, hour=6, minutes=60), build.shift("b", day=1, hour=20, minutes=60)]
    assert _h10(build, shifts, ["ann:a", "ann:b"], min_rest_minutes=0) == [
        Violation(
            "H10",
            "ann",
            ("a", "b"),
            "H10: 2 duties start on 2026-03-03, at most 1 per day",
            {"duties": 2, "max_duties_per_day": 1},
        )
    ]
    assert _h10(build, shifts, ["ann:a", "ann:b"], min_rest_minutes=0, max_duties_per_day=2) == []


def test_days_are_local_calendar_days(build):
    """00:30 BST on 2 June is 23:30 UTC on 1 June: a different local day from 08:00 on 1 June."""
    z, r = build.zone, (Requirement("r"),)
    shifts = [
        Shift("a", datetime(2026, 6, 1, 8, tzinfo=z), datetime(2026, 6, 1, 9, tzinfo=z), requirements=r),
        Shift("b", datetime(2026, 6, 2, 0, 30, tzinfo=z), datetime(2026, 6, 2, 1, tzinfo=z), requirements=r),
    ]
    assert _h10(build, shifts, ["ann:a", "ann:b"]) == []


def test_forbidden_succession(build):
    """Late on one day then Early the next is forbidden; Early then Late, or a day between, is not."""
    shifts = [
        build.shift("late1", day=1, hour=14, category="Late"),
        build.shift("early2", day=2, hour=10, category="Early"),
        build.shift("late3", day=3, hour=14, category="Late"),
        build.shift("early5", day=5, hour=10, category="Early"),
    ]
    assert _h10(build, shifts, ["ann:late1", "ann:early2", "ann:late3", "ann:early5"], [("Late", "Early")]) == [
        Violation(
            "H10",
            "ann",
            ("late1", "early2"),
            "H10: Late (shift late1) on 2026-03-03 then Early (shift early2) on 2026-03-04 is a forbidden succession",
            {},
        )
    ]


def test_category_max(build):
    """Two nights break category_max N=1; category_max 0 forbids the category outright."""
    shifts = [build.shift("n1", day=1, hour=22, category="N"), build.shift("n2", day=3, hour=22, category="N")]
    assert _h10(build, shifts, ["ann:n1", "ann:n2"], category_max={"N": 1}) == [
        Violation(
            "H10",
            "ann",
            ("n1", "n2"),
            "H10: 2 duties of category N, above the maximum 1",
            {"duties": 2, "category_max": 1},
        )
    ]
    assert len(_h10(build, shifts, ["ann:n1"], category_max={"N": 0})) == 1
    assert _h10(build, shifts, ["ann:n1", "ann:n2"], category_max={"N": 2}) == []


def test_max_total_minutes_boundary(build):
    """960 minutes worked passes a 960 maximum and breaks a 959 maximum (travel not counted)."""
    shifts = [build.shift("a", day=1), build.shift("b", day=2)]
    assert _h10(build, shifts, ["ann:a", "ann:b"], max_total_minutes=960) == []
    assert _h10(build, shifts, ["ann:a", "ann:b"], max_total_minutes=959) == [
        Violation(
            "H10",
            "ann",
            ("a", "b"),
            "H10: 16 h 00 min worked over the horizon, above the maximum 15 h 59 min",
            {"total_minutes": 960, "max_total_minutes": 959},
        )
    ]


def test_min_total_minutes_applies_to_someone_working_nothing(build):
    """A person with no duty is below a 60-minute minimum; exactly the minimum passes."""
    shifts = [build.shift("a", day=1, minutes=60)]
    assert _h10(build, shifts, [], min_total_minutes=60) == [
        Violation(
            "H10",
            "ann",
            (),
            "H10: only 0 h 00 min worked over the horizon, below the minimum 1 h 00 min",
            {"total_minutes": 0, "min_total_minutes": 60},
        )
    ]
    assert _h10(build, shifts, ["ann:a"], min_total_minutes=60) == []


def test_max_weekends(build):
    """Saturday and Sunday of one weekend count once; a second weekend breaks max_weekends=1."""
    shifts = [build.shift("sat", day=5), build.shift("sun", day=6), build.shift("sat2", day=12)]
    assert _h10(build, shifts, ["ann:sat", "ann:sun"], max_weekends=1) == []
    assert _h10(build, shifts, ["ann:sat", "ann:sun", "ann:sat2"], max_weekends=1) == [
        Violation(
            "H10",
            "ann",
            ("sat", "sun", "sat2"),
            "H10: 2 weekends worked, above the maximum 1",
            {"weekends": 2, "max_weekends": 1},
        )
    ]
