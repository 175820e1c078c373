"""Shared constants and protobuf builders for the example scenarios.

Local clock times are given in Europe/London and stored as UTC instants, so a shift
across a clock change is an hour shorter or longer in real minutes (docs/rules.md, "Time").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from safeshift.v1 import roster_pb2 as pb

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
TIME_LIMIT_SECONDS = 30.0

def local(d: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of local clock time ``hour:minute`` on ``d`` in Europe/London."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def set_ts(field, instant: datetime) -> None:
    """Set a ``google.protobuf.Timestamp`` field from an aware datetime."""
    field.FromDatetime(instant.astimezone(UTC))


def add_interval(repeated, start: datetime, end: datetime, reason: str = "") -> None:
    iv = repeated.add(reason=reason)
    set_ts(iv.start, start)
    set_ts(iv.end, end)


def add_requirement(shift, rid: str, competencies, n: int, weight_under: int, weight_over: int | None = None):
    """A requirement with ``min_headcount = max_headcount = n`` when ``weight_over`` is given."""
    r = shift.requirements.add(id=rid, competency_ids=list(competencies), min_headcount=n, weight_under=weight_under)
    if weight_over is not None:
        r.max_headcount = n
        r.weight_over = weight_over
    return r


def add_shift(problem, sid: str, day: date, start: tuple[int, int], end: tuple[int, int], location: str, category: str):
    """A shift from local ``start`` on ``day`` to local ``end`` (the next day when not after the start)."""
    end_day = day if end > start else day + timedelta(days=1)
    s = problem.shifts.add(id=sid, location_id=location, category=category)
    set_ts(s.start, local(day, *start))
    set_ts(s.end, local(end_day, *end))
    return s


def add_grant(staff, competency: str, valid_from: datetime | None = None, valid_until: datetime | None = None):
    g = staff.competencies.add(competency_id=competency)
    if valid_from is not None:
        set_ts(g.valid_from, valid_from)
    if valid_until is not None:
        set_ts(g.valid_until, valid_until)
    return g


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


def request(problem: pb.Problem, horizon_start: date, n_days: int) -> pb.SolveRequest:
    """Wrap ``problem`` with its horizon (local midnights) and the standard solve parameters."""
    set_ts(problem.horizon_start, local(horizon_start, 0))
    set_ts(problem.horizon_end, local(horizon_start + timedelta(days=n_days), 0))
    return pb.SolveRequest(problem=problem, parameters=pb.SolveParameters(time_limit_seconds=TIME_LIMIT_SECONDS))
