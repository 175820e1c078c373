"""Calendar notions of the fatigue rules, in the problem's time zone (docs/rules.md).

- A **night shift** (H8, S5) has at least ``NIGHT_MIN_MINUTES`` real minutes between local
  23:00 and local 06:00 (of the next day). Across a clock change that window is 6 or 8
  real hours, and the overlap is counted in real minutes.
- **Rest periods** (H9) are fixed periods of ``period_days`` local days starting at local
  midnight on Mondays: every week from the Monday of the horizon's first week, or every
  two weeks from that Monday when ``period_days`` is 14 (``period_days`` that is not a
  multiple of 7 starts at that Monday too and repeats every ``period_days`` days).

Used by the kernels and the CP-SAT builder (through ``IndexedProblem``); the validator
computes the same notions with its own code.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .timeutil import local_date, local_midnight, to_utc

NIGHT_START_HOUR = 23
NIGHT_END_HOUR = 6
NIGHT_MIN_MINUTES = 180


def _local(d: date, hour: int, zone) -> datetime:
    return to_utc(datetime(d.year, d.month, d.day, hour, tzinfo=zone))


def night_minutes(start: datetime, end: datetime, zone) -> int:
    """Real minutes of ``[start, end)`` between local 23:00 and 06:00 (every night it touches)."""
    start, end = to_utc(start), to_utc(end)
    total = 0.0
    d = local_date(start, zone) - timedelta(days=1)
    last = local_date(end, zone)
    while d <= last:
        lo, hi = _local(d, NIGHT_START_HOUR, zone), _local(d + timedelta(days=1), NIGHT_END_HOUR, zone)
        overlap = (min(end, hi) - max(start, lo)).total_seconds()
        if overlap > 0:
            total += overlap
        d += timedelta(days=1)
    return int(total // 60)


def is_night(start: datetime, end: datetime, zone) -> bool:
    """Whether a duty ``[start, end)`` is a night shift (rules.md H8)."""
    return night_minutes(start, end, zone) >= NIGHT_MIN_MINUTES


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def rest_periods(horizon_start: datetime, horizon_end: datetime, zone, period_days: int) -> list[tuple[datetime, datetime]]:
    """The H9 reference periods ``[start, end)`` (UTC) that overlap the horizon."""
    first = monday_of(local_date(horizon_start, zone))
    out = []
    k = 0
    while True:
        lo = local_midnight(first + timedelta(days=k * period_days), zone)
        if lo >= horizon_end:
            return out
        hi = local_midnight(first + timedelta(days=(k + 1) * period_days), zone)
        out.append((lo, hi))
        k += 1
