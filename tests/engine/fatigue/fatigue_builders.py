"""Builders for the fatigue-rule tests: tiny problems in UTC (or a given zone) from Monday
2026-03-02, a solve checked by the validator, and roster helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from safeshift.engine.model import (
    Assignment,
    HistoricDuty,
    Location,
    ObjectiveWeights,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)
from safeshift.engine.result import SolveParams, SolveResult, SolveStatus
from safeshift.engine.solver import solve
from safeshift.engine.validation import validate_roster

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
FAST = SolveParams(time_limit_seconds=10.0, workers=2, seed=0)
NEW_RULES = ("H6", "H7", "H8", "H9")
PROBLEM_FIELDS = ("forbidden_successions", "horizon_start", "horizon_end", "pinned", "preferences")


def at(day: int, hour: int = 0, minute: int = 0, zone=None, monday: datetime = MONDAY) -> datetime:
    """``hour:minute`` on day ``day`` after ``monday``: UTC, or local wall-clock time in ``zone``."""
    d = monday + timedelta(days=day)
    if zone is None:
        return d + timedelta(hours=hour, minutes=minute)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=zone).astimezone(UTC)


def shift(sid, day=0, hour=8, minutes=480, *, minute=0, loc=None, cat="", need=1, zone=None, monday=MONDAY):
    """Shift ``sid`` starting ``day`` at ``hour:minute`` (UTC or local), lasting ``minutes`` real minutes."""
    start = at(day, hour, minute, zone, monday)
    return Shift(sid, start, start + timedelta(minutes=minutes), loc, cat, (Requirement("r", (), need, None, 100, 1),))


def past(day, hour, minutes, *, minute=0, loc=None, cat="", zone=None, monday=MONDAY) -> HistoricDuty:
    """A duty worked before the horizon (``day`` < 0)."""
    start = at(day, hour, minute, zone, monday)
    return HistoricDuty(start, start + timedelta(minutes=minutes), loc, cat)


def person(sid="p", *, home=None, history=(), group="", cost=0, **rules) -> Staff:
    return Staff(sid, home_location_id=home, history=tuple(history), group=group, cost_per_hour=cost,
                 rules=RuleParams(**rules))  # fmt: skip


def only(*rules: str) -> frozenset[str]:
    """``disabled_rules`` that leave only ``rules`` of H6..H9 on."""
    return frozenset(r for r in NEW_RULES if r not in rules)


def problem(staff, shifts, *, on=NEW_RULES, days=None, zone="UTC", travel=None, weights=None, monday=MONDAY,
            **defaults) -> Problem:
    """A problem with rest/duty-length limits relaxed (min rest 0, 24 h duties, 2 duties a day)
    and only the rules ``on`` of H6..H9 switched on; ``travel`` is a matrix over ``home``, ``site``.
    Keyword arguments are rule defaults, except ``PROBLEM_FIELDS`` which go to the problem."""
    base = dict(min_rest_minutes=0, max_shift_minutes=1440, max_door_to_door_minutes=1440, max_duties_per_day=2,
                disabled_rules=only(*on) | set(defaults.pop("disabled", ())))  # fmt: skip
    base.update(defaults)
    extra = {k: base.pop(k) for k in PROBLEM_FIELDS if k in base}
    if days is not None:
        extra.update(horizon_start=monday, horizon_end=monday + timedelta(days=days))
    if travel is not None:
        extra.update(locations=(Location("home"), Location("site")), travel=travel)
    return Problem(timezone=zone, defaults=RuleParams(**base), staff=tuple(staff), shifts=tuple(shifts),
                   weights=weights or ObjectiveWeights(), **extra)  # fmt: skip


def travel(minutes: int, working_time: bool = True) -> TravelSettings:
    return TravelSettings(matrix=((0, minutes), (minutes, 0)), is_working_time=working_time)


def roster(p: Problem, staff_id: str = "p") -> list[Assignment]:
    """Every shift of ``p`` assigned to ``staff_id``."""
    return [Assignment(staff_id, s.id, "r") for s in p.shifts]


def violations(p: Problem, assignments, rule: str | None = None):
    report = validate_roster(p, assignments)
    return [v for v in report.violations if rule is None or v.rule == rule]


def checked_solve(p: Problem, params: SolveParams = FAST) -> SolveResult:
    """``solve``, then the validator: no violation, the same objective, proved optimal."""
    result = solve(p, params)
    assert result.status is SolveStatus.OPTIMAL, result.message
    report = validate_roster(p, result.assignments)
    assert report.violations == ()
    assert report.breakdown.total == result.objective
    return result


def uncovered(result: SolveResult) -> int:
    return sum(u.missing for u in result.uncovered)
