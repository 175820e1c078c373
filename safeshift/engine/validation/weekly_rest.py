"""H9 weekly rest (docs/rules.md): in each fixed reference period of
``weekly_rest_period_days`` local days, at least ``weekly_rest_minutes`` of continuous
time off (24 h in every 7 days, or 48 h in every 14, as the problem chooses).

Periods start at local midnight on the Monday of the horizon's first week and follow
each other (the Working Time Regulations' default reference periods). Time off is time
outside every door-to-door interval, duties worked before the horizon included; there is
no duty outside the horizon but the history. A period is checked when a roster duty's
door-to-door interval overlaps it. Minutes are real minutes, so a period across a clock
change is an hour shorter or longer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..model.timeutil import minutes_between
from .context import Breach, PersonRoster, RosterContext, hm, roster_ids, violation

PART = "H9"


def periods(ctx: RosterContext, days: int) -> list[tuple[int, int]]:
    """The reference periods ``[start, end)`` in minutes since the horizon start that overlap the horizon."""
    return reference_periods(ctx.origin, ctx.first_date, ctx.zone, minutes_between(ctx.origin, ctx.problem.horizon_end),
                             days)


def reference_periods(origin: datetime, first_date, zone, horizon_minutes: int, days: int) -> list[tuple[int, int]]:
    """Periods of ``days`` local days from local midnight on the Monday of the horizon's
    first week, as ``[start, end)`` minutes since ``origin``, up to ``horizon_minutes``."""
    monday = first_date - timedelta(days=first_date.weekday())
    out = []
    while True:
        lo = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
        after = monday + timedelta(days=days)
        hi = datetime(after.year, after.month, after.day, tzinfo=zone)
        a, b = minutes_between(origin, lo), minutes_between(origin, hi)
        if a >= horizon_minutes:
            return out
        out.append((a, b))
        monday = after


def longest_rest(busy: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """The longest stretch of ``[lo, hi)`` outside every interval of ``busy``: (length, start)."""
    best, best_at, t = 0, lo, lo
    for a, b in sorted(busy):
        if b <= t:
            continue
        if a > t:
            gap = min(a, hi) - t
            if gap > best:
                best, best_at = gap, t
        t = max(t, b)
        if t >= hi:
            break
    if hi - t > best:
        best, best_at = hi - t, t
    return max(best, 0), best_at


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """One breach per reference period without enough continuous rest."""
    rules = person.rules
    need, days = rules.weekly_rest_minutes, rules.weekly_rest_period_days
    if need is None or not days or not person.duties:
        return []
    busy = [(d.door_start, d.door_end) for d in person.all_duties]
    out = []
    for lo, hi in periods(ctx, days):
        touching = [d for d in person.all_duties if d.door_start < hi and d.door_end > lo]
        ids = roster_ids(touching)
        if not ids:
            continue
        rest, at = longest_rest(busy, lo, hi)
        if rest >= need:
            continue
        text = f"in the {days} days from {ctx.minute_text(lo)}"
        message = f"H9: the longest rest {text} is {hm(rest)}, below the {hm(need)} required"
        v = violation(
            "H9", person.staff.id, ids, message, longest_rest_minutes=rest, weekly_rest_minutes=need, period_days=days
        )
        view = f"H9: would leave at most {hm(rest)} continuous rest {text} ({hm(need)} required)"
        out.append(Breach(v, PART, need - rest, {i: view for i in ids}))
    return out
