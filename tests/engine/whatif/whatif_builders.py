"""Builders of tiny what-if problems: Europe/London, from Monday 2026-03-02; H -> W 50 min travel."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from safeshift.engine.model import (
    Assignment,
    CompetencyGrant,
    HistoricDuty,
    Location,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)

LONDON = ZoneInfo("Europe/London")
TRAVEL = ((0, 50, 0), (50, 0, 0), (0, 0, 0))  # H, W, X


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    d = datetime(2026, 3, 2, tzinfo=LONDON) + timedelta(days=day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON).astimezone(timezone.utc)


def shift(id, day=0, hour=8, minutes=480, *, location="W", category="", competencies=("PTS",), heads=1,
          requirements=None) -> Shift:
    start = at(day, hour)
    reqs = requirements or (Requirement("r", tuple(competencies), heads),)
    return Shift(id, start, start + timedelta(minutes=minutes), location, category, reqs)


def staff(id, *, competencies=("PTS",), home="H", cost=0, unavailable=(), history=(), **rules) -> Staff:
    """A person; ``history``: duties worked before the horizon, as ``past(...)`` gives them."""
    grants = tuple(c if isinstance(c, CompetencyGrant) else CompetencyGrant(c) for c in competencies)
    return Staff(id, home_location_id=home, competencies=grants, unavailable=tuple(unavailable),
                 cost_per_hour=cost, rules=RuleParams(**rules), history=tuple(history))


def past(day, hour=8, minutes=480, *, location="W", category="") -> HistoricDuty:
    """A duty worked before the horizon (``day`` < the horizon's first day)."""
    start = at(day, hour)
    return HistoricDuty(start, start + timedelta(minutes=minutes), location, category)


def problem(people, shifts, **kw) -> Problem:
    kw.setdefault("horizon_start", at(0))
    kw.setdefault("horizon_end", at(7))
    kw.setdefault("travel", TravelSettings(matrix=TRAVEL))
    return Problem(locations=(Location("H"), Location("W"), Location("X")),
                   competency_ids=("PTS", "COSS"), staff=tuple(people), shifts=tuple(shifts), **kw)


def assign(*pairs: str) -> list[Assignment]:
    """Assignments from ``"staff:shift"`` (requirement r)."""
    return [Assignment(*pair.split(":"), "r") for pair in pairs]
