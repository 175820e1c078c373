"""The Curtois importer: format handling, the mapping to ``Problem``, and objectives that
equal the benchmark's on hand-computed and brute-forced rosters."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from safeshift.engine.importers import CurtoisFormatError, load_curtois
from safeshift.engine.model import Assignment, Interval, Preference
from safeshift.engine.validation import validate_roster

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"
MONDAY = datetime(2024, 1, 1, tzinfo=timezone.utc)

# A week, two shift types (L may not be followed by E), two people. CRLF, as the originals.
TINY = "\r\n".join(
    [
        "# A hand-written instance",
        "SECTION_HORIZON",
        "# days",
        "7",
        "",
        "SECTION_SHIFTS",
        "# ShiftID, Length in mins, Shifts which cannot follow this shift | separated",
        "E,480,",
        "L,600,E",
        "",
        "SECTION_STAFF",
        "# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, "
        "MinConsecutiveDaysOff, MaxWeekends",
        "A,E=5|L=2,3000,960,3,2,2,1",
        "B,E=7|L=0,3000,0,5,1,1,1",
        "",
        "SECTION_DAYS_OFF",
        "# EmployeeID, DayIndexes (start at zero)",
        "A,3",
        "B,0,1",
        "",
        "SECTION_SHIFT_ON_REQUESTS",
        "# EmployeeID, Day, ShiftID, Weight",
        "A,0,E,2",
        "B,4,E,3",
        "B,5,E,3",
        "",
        "SECTION_SHIFT_OFF_REQUESTS",
        "# EmployeeID, Day, ShiftID, Weight",
        "A,1,L,5",
        "",
        "SECTION_COVER",
        "# Day, ShiftID, Requirement, Weight for under, Weight for over",
        "0,E,1,100,1",
        "0,L,1,100,1",
        "1,E,1,100,1",
        "1,L,0,100,1",
        "2,E,0,100,1",
        "2,L,1,100,1",
        "3,E,1,100,1",
        "3,L,1,100,1",
        "4,E,1,100,1",
        "4,L,0,100,1",
        "5,E,0,100,1",
        "5,L,1,100,1",
        "6,E,1,50,2",
        "6,L,0,100,1",
        "",
    ]
)

# A: E Mon, L Tue, L Wed. B: E Thu, E Fri, E Sun.
HAND_ROSTER = [
    Assignment("A", "d00-E", "cover"),
    Assignment("A", "d01-L", "cover"),
    Assignment("A", "d02-L", "cover"),
    Assignment("B", "d03-E", "cover"),
    Assignment("B", "d04-E", "cover"),
    Assignment("B", "d06-E", "cover"),
]


def test_tiny_instance_maps_every_section():
    """Shifts, requirements, rules, days off and requests land where the mapping says."""
    p = load_curtois(TINY)
    assert p.timezone == "UTC"
    assert (p.horizon_start, p.horizon_end) == (MONDAY, MONDAY + timedelta(days=7))
    assert [s.id for s in p.shifts[:3]] == ["d00-E", "d00-L", "d01-E"]
    late = p.shift_by_id["d02-L"]
    start = MONDAY + timedelta(days=2)
    assert (late.start, late.end, late.category) == (start, start + timedelta(minutes=600), "L")
    (req,) = p.shift_by_id["d06-E"].requirements
    assert (req.id, req.min_headcount, req.max_headcount, req.weight_under, req.weight_over) == ("cover", 1, 1, 50, 2)
    assert p.forbidden_successions == (("L", "E"),)
    a = p.staff_by_id["A"]
    rules = p.rules_for(a)
    assert dict(rules.category_max) == {"E": 5, "L": 2}
    assert (rules.max_total_minutes, rules.min_total_minutes) == (3000, 960)
    assert (rules.max_consecutive_days, rules.min_consecutive_days, rules.min_consecutive_days_off) == (3, 2, 2)
    assert rules.max_weekends == 1
    assert (rules.min_rest_minutes, rules.max_shift_minutes, rules.max_door_to_door_minutes) == (0, 1440, 1440)
    assert rules.max_duties_per_day == 1
    assert a.unavailable == (Interval(MONDAY + timedelta(days=3), MONDAY + timedelta(days=4), "day off"),)
    assert len(p.staff_by_id["B"].unavailable) == 2
    assert p.preferences[0] == Preference("A", True, 2, shift_id="d00-E")
    assert p.preferences[-1] == Preference("A", False, 5, shift_id="d01-L")
    assert a.competencies == () and a.cost_per_hour == 0 and p.locations == ()


def test_hand_roster_objective():
    """A hand-built roster: valid, objective 409 = 4 x 100 under + 1 over + 5 off + 3 on."""
    report = validate_roster(load_curtois(TINY), HAND_ROSTER)
    assert report.violations == ()
    assert (report.breakdown.s1_uncovered, report.breakdown.s2_overcover) == (400, 1)
    assert report.breakdown.s3_preferences == 8
    assert report.breakdown.total == 409


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ([Assignment("A", "d03-E", "cover")], "H2"),  # A's day off
        ([Assignment("B", "d02-L", "cover")], "H10"),  # B may never work L (MaxShifts L=0)
    ],
)
def test_hand_roster_breaches(change, rule):
    """Benchmark hard constraints come back as the mapped rules."""
    report = validate_roster(load_curtois(TINY), HAND_ROSTER + change)
    assert rule in {v.rule for v in report.violations}


def test_forbidden_succession_is_mapped():
    """L then E on the next day breaks H10."""
    roster = [Assignment("A", "d00-L", "cover"), Assignment("A", "d01-E", "cover")]
    report = validate_roster(load_curtois(TINY), roster)
    assert any("forbidden succession" in v.message for v in report.violations)


def test_line_endings_and_blank_lines_do_not_matter():
    """LF and CRLF text, and extra blank lines, give the same problem."""
    assert load_curtois(TINY.replace("\r\n", "\n")) == load_curtois(TINY)
    assert load_curtois(TINY.replace("\r\n\r\n", "\r\n\r\n\r\n")) == load_curtois(TINY)


def test_path_and_text_give_the_same_problem(tmp_path):
    """A path (str or Path) reads the file; the id is the file stem."""
    path = tmp_path / "Tiny.txt"
    path.write_bytes(TINY.encode("ascii"))
    by_path, by_str = load_curtois(path), load_curtois(str(path))
    assert by_path == by_str
    assert by_path.id == "Tiny"
    assert by_path.replace(id="curtois") == load_curtois(TINY)


def test_missing_file_is_reported_as_such(tmp_path):
    """A one-line string is a path: a missing file raises FileNotFoundError."""
    with pytest.raises(FileNotFoundError):
        load_curtois(str(tmp_path / "Instance99.txt"))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("0,E,1,100,1", "0,X,1,100,1", "unknown shift type"),  # cover names a missing type
        ("SECTION_COVER", "SECTION_COVERS", "SECTION_COVER"),  # a section is missing
        ("A,0,E,2", "A,9,E,2", "outside"),  # a day past the horizon
        ("E,480,", "E,1500,", "1..1440"),  # a shift longer than a day
        ("A,3\r\n", "A,x\r\n", "not an integer"),
    ],
)
def test_format_errors_name_the_problem(old, new, message):
    """Malformed text raises CurtoisFormatError saying what is wrong."""
    with pytest.raises(CurtoisFormatError, match=message):
        load_curtois(TINY.replace(old, new, 1))


def test_long_horizons_pad_day_numbers():
    """Horizons over 100 days use three-digit day numbers in shift ids."""
    text = TINY.replace("SECTION_HORIZON\r\n# days\r\n7", "SECTION_HORIZON\r\n# days\r\n364")
    p = load_curtois(text)
    assert p.shifts[0].id == "d000-E"
    assert p.horizon_end == MONDAY + timedelta(days=364)


def published_table() -> list[dict]:
    with open(CURTOIS / "best_known.csv", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", published_table(), ids=lambda row: row["instance"])
def test_every_benchmark_instance_imports(row):
    """Every instance imports with the published days, staff and shift types."""
    p = load_curtois(CURTOIS / f"{row['instance']}.txt")
    days, types = int(row["days"]), int(row["shift_types"])
    assert len(p.staff) == int(row["staff"])
    assert len(p.shifts) == days * types
    assert len({s.category for s in p.shifts}) == types
    assert p.horizon_end - p.horizon_start == timedelta(days=days)
