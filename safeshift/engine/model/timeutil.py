"""Instants, minutes and calendar days.

Inside the engine an instant is a whole number of real elapsed minutes since the
problem's horizon start. All arithmetic is done in UTC: two aware datetimes that share
a tzinfo subtract as wall-clock time in Python, which is an hour wrong across a clock
change. Calendar notions (day, weekend, night) use the problem's IANA time zone.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc


def to_utc(t: datetime) -> datetime:
    """``t`` as an aware UTC datetime; a naive datetime is taken to be UTC."""
    if t.tzinfo is None:
        return t.replace(tzinfo=UTC)
    return t.astimezone(UTC)


def minutes_between(origin: datetime, t: datetime, *, round_up: bool = False) -> int:
    """Real elapsed minutes from ``origin`` to ``t`` (floored, or ceiled)."""
    seconds = (to_utc(t) - to_utc(origin)).total_seconds()
    return math.ceil(seconds / 60) if round_up else math.floor(seconds / 60)


def at_minute(origin: datetime, minute: int) -> datetime:
    """The UTC instant ``minute`` real minutes after ``origin``."""
    return to_utc(origin) + timedelta(minutes=minute)


def load_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None


def local_date(t: datetime, zone: ZoneInfo) -> date:
    """The calendar date of instant ``t`` in ``zone``."""
    return to_utc(t).astimezone(zone).date()


def local_midnight(d: date, zone: ZoneInfo) -> datetime:
    """The UTC instant of local midnight starting date ``d`` in ``zone``."""
    return datetime(d.year, d.month, d.day, tzinfo=zone).astimezone(UTC)


def format_minutes(minutes: int) -> str:
    """``10 h 05 min`` style text for a duration in minutes."""
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(int(minutes)), 60)
    return f"{sign}{h} h {m:02d} min"
