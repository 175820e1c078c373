"""Builders for feasibility tests: times from a fixed Monday, a home (0) and a site (1)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from safeshift.engine.model import (
    CompetencyGrant,
    Location,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)

T0 = datetime(2026, 3, 2, tzinfo=timezone.utc)  # a Monday, GMT


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return T0 + timedelta(days=day, hours=hour, minutes=minute, seconds=second)


def shift(sid, start, end, *, loc="site", cat="day", comps=("PTS",), reqs=None):
    reqs = reqs if reqs is not None else (Requirement("r", tuple(comps)),)
    return Shift(sid, start, end, loc, cat, tuple(reqs))


def staff(sid="p", *, home="home", grants=(CompetencyGrant("PTS"),), unavailable=(), availability=(), **rules):
    return Staff(
        sid,
        home_location_id=home,
        competencies=tuple(grants),
        unavailable=tuple(unavailable),
        availability=tuple(availability),
        rules=RuleParams(**rules),
    )


def problem(staff_list, shifts, *, to_site=5, from_site=5, **kw):
    """Locations home (0) and site (1); travel home->site ``to_site``, site->home ``from_site``."""
    return Problem(
        timezone="UTC",
        locations=(Location("home"), Location("site")),
        travel=TravelSettings(matrix=((0, to_site), (from_site, 0))),
        competency_ids=("PTS", "ALS"),
        staff=tuple(staff_list),
        shifts=tuple(shifts),
        **kw,
    )

