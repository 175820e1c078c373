"""Import a Curtois employee shift scheduling instance (schedulingbenchmarks.org, 1-24).

Mapping (see shared/benchmarks/curtois/README.md for the format):

- Time zone UTC; day 0 is Monday 2024-01-01; the horizon is exactly the instance's days.
- One ``Shift`` per (day, shift type) of SECTION_COVER, id ``d03-E`` (day zero-padded to
  at least two digits, then the shift type id), category = shift type id. Every shift
  starts at 00:00 of its day and lasts the type's length (<= 1440 minutes), so shifts on
  consecutive days never overlap and shifts on one day always do.
- One ``Requirement`` per shift, id ``cover``: min = max headcount = the cover value,
  under/over weights from the file.
- Problem defaults switch off what the benchmark does not have: min rest 0, duty length
  and door-to-door 1440, one duty per day, and ``disabled_rules`` H6 (rolling working
  time), H7 (duties in a span), H8 (nights), H9 (weekly rest) and S7 (fatigue); no
  locations, competencies or costs.
- Per staff member ``RuleParams``: ``category_max`` from MaxShifts, min/max total
  minutes, max/min consecutive days, min consecutive days off, max weekends.
- Forbidden successions from the shift lines; days off become an unavailability of the
  whole day; on/off requests become ``Preference(want=True/False)`` on that day's shift.

With this mapping the objective (S1 + S2 + S3) equals the benchmark's.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from os import PathLike
from pathlib import Path

from ..model import Interval, Preference, Problem, Requirement, RuleParams, Shift, Staff

HORIZON_START = datetime(2024, 1, 1, tzinfo=timezone.utc)  # a Monday
REQUIREMENT_ID = "cover"
# Rules on by default that the benchmark does not have (its objective must stay comparable).
DISABLED_RULES = frozenset({"H6", "H7", "H8", "H9", "S7"})


class CurtoisFormatError(ValueError):
    """The text is not a well-formed Curtois instance; the message names the line."""


def load_curtois(path_or_text: str | PathLike, *, problem_id: str | None = None) -> Problem:
    """The ``Problem`` of a Curtois instance, given a file path or the file's text."""
    text, name = _read(path_or_text)
    sections = _sections(text)
    for required in ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_COVER"):
        if required not in sections:
            raise CurtoisFormatError(f"missing {required}")
    horizon = _int(sections["SECTION_HORIZON"][0][1][0], sections["SECTION_HORIZON"][0][0])
    lengths, successions = _shift_types(sections["SECTION_SHIFTS"])
    width = max(2, len(str(horizon - 1)))

    def day_start(day: int) -> datetime:
        return HORIZON_START + timedelta(days=day)

    def shift_id(day: int, shift_type: str) -> str:
        return f"d{day:0{width}d}-{shift_type}"

    shifts = []
    for line_no, fields in sections["SECTION_COVER"]:
        day, shift_type = _day(fields[0], horizon, line_no), fields[1]
        if shift_type not in lengths:
            raise CurtoisFormatError(f"line {line_no}: unknown shift type {shift_type!r}")
        need, under, over = (_int(f, line_no) for f in fields[2:5])
        start = day_start(day)
        shifts.append(
            Shift(
                id=shift_id(day, shift_type),
                start=start,
                end=start + timedelta(minutes=lengths[shift_type]),
                category=shift_type,
                requirements=(Requirement(REQUIREMENT_ID, (), need, need, under, over),),
            )
        )
    days_off = {}
    for line_no, fields in sections.get("SECTION_DAYS_OFF", []):
        days_off.setdefault(fields[0], []).extend(_day(f, horizon, line_no) for f in fields[1:] if f)
    staff = [
        _staff(fields, line_no, days_off.get(fields[0], []), day_start)
        for line_no, fields in sections["SECTION_STAFF"]
    ]
    preferences = []
    for section, want in (("SECTION_SHIFT_ON_REQUESTS", True), ("SECTION_SHIFT_OFF_REQUESTS", False)):
        for line_no, fields in sections.get(section, []):
            day = _day(fields[1], horizon, line_no)
            preferences.append(Preference(fields[0], want, _int(fields[3], line_no), shift_id=shift_id(day, fields[2])))
    return Problem(
        id=problem_id if problem_id is not None else name,
        timezone="UTC",
        horizon_start=HORIZON_START,
        horizon_end=day_start(horizon),
        defaults=RuleParams(
            min_rest_minutes=0,
            max_shift_minutes=1440,
            max_door_to_door_minutes=1440,
            max_duties_per_day=1,
            disabled_rules=DISABLED_RULES,
        ),
        staff=tuple(staff),
        shifts=tuple(shifts),
        forbidden_successions=tuple(successions),
        preferences=tuple(preferences),
    )


def _read(path_or_text) -> tuple[str, str]:
    """The text and a name: a ``PathLike`` or a one-line string is a path (instance text
    always has several lines), anything else is the text itself."""
    if isinstance(path_or_text, PathLike) or "\n" not in path_or_text:
        path = Path(path_or_text)
        return path.read_text(encoding="ascii"), path.stem
    return path_or_text, "curtois"


def _sections(text: str) -> dict[str, list[tuple[int, list[str]]]]:
    """Data lines (line number, comma fields) by section; comments and blanks dropped."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current = None
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = sections.setdefault(line, [])
            continue
        if current is None:
            raise CurtoisFormatError(f"line {line_no}: data before the first section")
        current.append((line_no, [f.strip() for f in line.split(",")]))
    return sections


def _shift_types(lines) -> tuple[dict[str, int], list[tuple[str, str]]]:
    lengths, successions = {}, []
    for line_no, fields in lines:
        if len(fields) < 2:
            raise CurtoisFormatError(f"line {line_no}: a shift line needs an id and a length")
        length = _int(fields[1], line_no)
        if not 0 < length <= 1440:
            raise CurtoisFormatError(f"line {line_no}: shift length {length} is not in 1..1440")
        lengths[fields[0]] = length
        followers = fields[2] if len(fields) > 2 else ""
        successions += [(fields[0], f) for f in followers.split("|") if f]
    return lengths, successions


def _staff(fields, line_no, days_off, day_start) -> Staff:
    if len(fields) < 8:
        raise CurtoisFormatError(f"line {line_no}: a staff line has 8 fields")
    category_max = {}
    for item in fields[1].split("|"):
        if item:
            key, _, value = item.partition("=")
            category_max[key] = _int(value, line_no)
    max_total, min_total, max_cons, min_cons, min_off, max_weekends = (_int(f, line_no) for f in fields[2:8])
    return Staff(
        id=fields[0],
        rules=RuleParams(
            category_max=category_max,
            max_total_minutes=max_total,
            min_total_minutes=min_total,
            max_consecutive_days=max_cons,
            min_consecutive_days=min_cons,
            min_consecutive_days_off=min_off,
            max_weekends=max_weekends,
        ),
        unavailable=tuple(Interval(day_start(d), day_start(d + 1), "day off") for d in sorted(set(days_off))),
    )


def _int(text: str, line_no: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise CurtoisFormatError(f"line {line_no}: {text!r} is not an integer") from None


def _day(text: str, horizon: int, line_no: int) -> int:
    day = _int(text, line_no)
    if not 0 <= day < horizon:
        raise CurtoisFormatError(f"line {line_no}: day {day} is outside 0..{horizon - 1}")
    return day
