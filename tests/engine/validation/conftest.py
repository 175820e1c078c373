"""Builders for tiny problems: local times in Europe/London from Monday 2026-03-02."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from safeshift.engine.model import (
    Assignment,
    CompetencyGrant,
    Location,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)


class Builders:
    """Small factories; ``day`` counts days from Monday 2026-03-02 (0 = that Monday)."""

    zone = LONDON
    monday = MONDAY

    @staticmethod
    def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
        """Local wall-clock time on day ``day`` (aware, Europe/London)."""
        d = MONDAY + timedelta(days=day)
        return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON)

    @staticmethod
    def date(day: int) -> date:
        return MONDAY + timedelta(days=day)

    @staticmethod
    def shift(
        id: str,
        day: int = 0,
        hour: int = 8,
        minutes: int = 480,
        *,
        minute: int = 0,
        location: str | None = None,
        category: str = "",
        competencies: tuple[str, ...] = (),
        min_headcount: int = 1,
        max_headcount: int | None = None,
        weight_under: int = 100,
        weight_over: int = 1,
        requirements: tuple[Requirement, ...] | None = None,
    ) -> Shift:
        """A shift starting at local ``hour:minute`` on ``day``, lasting ``minutes`` real minutes."""
        start = Builders.at(day, hour, minute).astimezone(timezone.utc)  # real minutes, not wall clock
        if requirements is None:
            requirements = (
                Requirement("r", competencies, min_headcount, max_headcount, weight_under, weight_over),
            )
        return Shift(id, start, start + timedelta(minutes=minutes), location, category, requirements)

    @staticmethod
    def staff(
        id: str,
        *,
        home: str | None = None,
        competencies=(),
        unavailable=(),
        availability=(),
        cost_per_hour: int = 0,
        **rules,
    ) -> Staff:
        """A staff member; ``competencies`` are ids (open grants) or ``CompetencyGrant``s."""
        grants = tuple(c if isinstance(c, CompetencyGrant) else CompetencyGrant(c) for c in competencies)
        return Staff(
            id,
            home_location_id=home,
            competencies=grants,
            unavailable=tuple(unavailable),
            availability=tuple(availability),
            cost_per_hour=cost_per_hour,
            rules=RuleParams(**rules),
        )

    @staticmethod
    def problem(staff, shifts, *, travel=None, locations=None, competencies=None, **kw) -> Problem:
        """A problem; ``travel`` is a matrix over ``locations`` (ids, default H, W, X)."""
        loc_ids = locations or ("H", "W", "X")
        comp_ids = competencies
        if comp_ids is None:
            comp_ids = sorted(
                {c for s in shifts for r in s.requirements for c in r.competency_ids}
                | {g.competency_id for p in staff for g in p.competencies}
            )
        settings = TravelSettings(matrix=travel) if travel is not None else TravelSettings()
        return Problem(
            locations=tuple(Location(i) for i in loc_ids),
            travel=settings,
            competency_ids=tuple(comp_ids),
            staff=tuple(staff),
            shifts=tuple(shifts),
            **kw,
        )

    @staticmethod
    def assign(*pairs: str) -> list[Assignment]:
        """Assignments from ``"staff:shift"`` strings."""
        return [Assignment(*pair.split(":")) for pair in pairs]


@pytest.fixture(scope="session")
def build() -> type[Builders]:
    """The tiny-problem builders."""
    return Builders
