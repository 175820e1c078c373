"""The roster as a grid: one row per staff member, one column per local day.

Each cell holds a short code of the category of the shift worked that day (``E`` for
Early, explained in a legend line) or the shift's id when it has no category, ``.`` for
a day off. Long horizons wrap into blocks of ``days_per_block`` days, each
headed by its dates, so 28+ days stay readable in a terminal.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..v1 import roster_pb2 as pb

DEFAULT_TIME_ZONE = "Europe/London"
MAX_CELL_LABEL = 6  # characters of a shift id shown in one cell
MAX_CODE = 3  # a category's code is its shortest free prefix up to this length
MAX_STAFF_LABEL = 28
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OFF = "."


def problem_zone(problem: pb.Problem) -> tzinfo:
    """The problem's time zone (UTC when it names none that exists; the engine rejects those)."""
    try:
        return ZoneInfo(problem.timezone or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def local_start(shift: pb.Shift, zone: tzinfo) -> datetime:
    return shift.start.ToDatetime(tzinfo=timezone.utc).astimezone(zone)


def local_end(shift: pb.Shift, zone: tzinfo) -> datetime:
    return shift.end.ToDatetime(tzinfo=timezone.utc).astimezone(zone)


def staff_label(staff: pb.Staff) -> str:
    """``Name (id)``, or the id alone when there is no separate name."""
    label = f"{staff.name} ({staff.id})" if staff.name and staff.name != staff.id else staff.id
    return label if len(label) <= MAX_STAFF_LABEL else label[: MAX_STAFF_LABEL - 2] + ".."


def category_codes(categories) -> dict[str, str]:
    """A short, distinct code per category, in order of appearance: the shortest prefix
    not taken yet (Early -> E, Evening -> Ev); ``?1``, ``?2``... when none is free."""
    codes: dict[str, str] = {}
    taken: set[str] = set()
    for category in categories:
        if category in codes:
            continue
        prefixes = [category[:k] for k in range(1, min(MAX_CODE, len(category)) + 1)]
        code = next((p for p in prefixes if p not in taken), None)
        if code is None:
            code = next(f"?{i}" for i in range(1, len(codes) + 2) if f"?{i}" not in taken)
        codes[category] = code
        taken.add(code)
    return codes


def legend(codes: dict[str, str]) -> str:
    """``Cells: E Early, L Late; . off`` for the codes that differ from their category."""
    shown = [f"{code} {category}" for category, code in codes.items() if code != category]
    return "Cells: " + ", ".join(shown) + "; . off" if shown else ""


def _day_range(problem: pb.Problem, dates: list[date], zone: tzinfo) -> list[date]:
    if problem.HasField("horizon_start"):
        first = problem.horizon_start.ToDatetime(tzinfo=timezone.utc).astimezone(zone).date()
    else:
        first = min(dates)
    if problem.HasField("horizon_end"):
        end = problem.horizon_end.ToDatetime(tzinfo=timezone.utc) - timedelta(microseconds=1)
        last = end.astimezone(zone).date()
    else:
        last = max(dates)
    first, last = min([first, *dates]), max([last, *dates])
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def roster_grid(
    problem: pb.Problem,
    assignments,
    uncovered=(),
    days_per_block: int = 14,
) -> str:
    """The grid of ``assignments`` (``pb.Assignment``) over the problem's days; with an
    extra ``short`` row counting missing people per day when ``uncovered`` is given."""
    zone = problem_zone(problem)
    shifts = {s.id: s for s in problem.shifts}
    shift_dates = [local_start(s, zone).date() for s in problem.shifts]
    if not shift_dates and not (problem.HasField("horizon_start") and problem.HasField("horizon_end")):
        return "(no shifts)"
    days = _day_range(problem, shift_dates, zone)
    rows: dict[str, str] = {s.id: staff_label(s) for s in problem.staff}
    codes = category_codes(s.category for s in sorted(problem.shifts, key=lambda s: s.start.ToSeconds()) if s.category)
    found: dict[str, dict[date, list[tuple[datetime, str]]]] = {}
    for a in assignments:
        shift = shifts.get(a.shift_id)
        if shift is None:
            continue  # an unknown shift: the validator reports it
        rows.setdefault(a.staff_id, a.staff_id)
        start = local_start(shift, zone)
        label = codes[shift.category] if shift.category else shift.id[:MAX_CELL_LABEL]
        found.setdefault(a.staff_id, {}).setdefault(start.date(), []).append((start, label))
    table = [
        (label, {day: "+".join(text for _, text in sorted(duties)) for day, duties in found.get(sid, {}).items()})
        for sid, label in rows.items()
    ]
    short = _short_per_day(uncovered, shifts, zone)
    if short:
        table.append(("short", {day: str(n) for day, n in short.items()}))
    blocks = [days[i : i + days_per_block] for i in range(0, len(days), max(1, days_per_block))]
    text = "\n\n".join(_block(block, table) for block in blocks)
    key = legend(codes)
    return f"{text}\n{key}" if key else text


def _short_per_day(uncovered, shifts, zone) -> dict[date, int]:
    short: dict[date, int] = {}
    for u in uncovered:
        shift = shifts.get(u.shift_id)
        if shift is not None and u.missing > 0:
            day = local_start(shift, zone).date()
            short[day] = short.get(day, 0) + u.missing
    return short


def _block(days: list[date], table: list[tuple[str, dict[date, str]]]) -> str:
    width = max([2] + [len(row.get(day, OFF)) for _, row in table for day in days])
    label_width = max([0] + [len(label) for label, _ in table])

    def line(label: str, texts) -> str:
        return (f"{label:<{label_width}}  " + " ".join(f"{t:<{width}}" for t in texts)).rstrip()

    out = [f"{days[0]:%Y-%m-%d} .. {days[-1]:%Y-%m-%d}"]
    out.append(line("", (WEEKDAYS[d.weekday()] for d in days)))
    out.append(line("", (f"{d.day:02d}" for d in days)))
    out += [line(label, (row.get(day, OFF) for day in days)) for label, row in table]
    return "\n".join(out)
