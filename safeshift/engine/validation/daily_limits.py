"""H10 daily and category limits (docs/rules.md, H10).

- at most ``max_duties_per_day`` duties starting on one local calendar day;
- forbidden successions ``(X, Y)``: no duty of category Y the day after one of category X
  (a duty worked the day before the horizon included);
- ``category_max[c]``: at most that many duties of category c over the horizon;
- ``min_total_minutes`` / ``max_total_minutes``: shift minutes over the horizon, travel
  not included (the minimum applies to someone who works nothing too);
- ``max_weekends``: a weekend (local Saturday + Sunday) is worked when a duty starts on it.

The consecutive-day rules of H10 live in ``sequences.py``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from .context import Breach, PersonRoster, RosterContext, hm, roster_ids, violation

PART_PER_DAY = "H10.max_duties_per_day"
PART_SUCCESSION = "H10.forbidden_succession"
PART_CATEGORY = "H10.category_max"
PART_MAX_TOTAL = "H10.max_total_minutes"
PART_MIN_TOTAL = "H10.min_total_minutes"
PART_WEEKENDS = "H10.max_weekends"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """Every daily and category limit breach of one person, part by part."""
    return (
        duties_per_day(ctx, person)
        + forbidden_successions(ctx, person)
        + category_limits(ctx, person)
        + total_minutes(ctx, person)
        + weekends(ctx, person)
    )


def duties_per_day(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    limit = person.rules.max_duties_per_day
    if limit is None:
        return []
    by_day: dict[int, list[str]] = defaultdict(list)
    for d in person.duties:
        by_day[d.info.day].append(d.shift_id)
    out = []
    for day, ids in sorted(by_day.items()):
        if len(ids) > limit:
            message = f"H10: {len(ids)} duties start on {ctx.day_text(day)}, at most {limit} per day"
            v = violation("H10", person.staff.id, ids, message, duties=len(ids), max_duties_per_day=limit)
            out.append(Breach(v, PART_PER_DAY, len(ids) - limit))
    return out


def forbidden_successions(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    if "forbidden" not in ctx.cache:
        ctx.cache["forbidden"] = frozenset(ctx.problem.forbidden_successions)
    forbidden = ctx.cache["forbidden"]
    if not forbidden:
        return []
    by_day: dict[int, list] = defaultdict(list)
    for d in person.duties:
        by_day[d.info.day].append(d)
    for d in person.history:  # the day before the horizon counts for its day 0
        if d.info.day == -1:
            by_day[-1].append(d)
    out = []
    for day in sorted(by_day):
        for a in by_day[day]:
            for b in by_day.get(day + 1, ()):
                x, y = a.info.shift.category, b.info.shift.category
                if (x, y) in forbidden:
                    message = (
                        f"H10: {x} (shift {a.shift_id}) on {ctx.day_text(day)} then {y} "
                        f"(shift {b.shift_id}) on {ctx.day_text(day + 1)} is a forbidden succession"
                    )
                    v = violation("H10", person.staff.id, roster_ids([a, b]), message)
                    out.append(Breach(v, PART_SUCCESSION))
    return out


def category_limits(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    limits = person.rules.category_max
    if not limits:
        return []
    of_category: dict[str, list[str]] = defaultdict(list)
    for d in person.duties:
        of_category[d.info.shift.category].append(d.shift_id)
    out = []
    for category, limit in limits.items():
        ids = of_category.get(category, [])
        if len(ids) > limit:
            message = f"H10: {len(ids)} duties of category {category}, above the maximum {limit}"
            v = violation("H10", person.staff.id, ids, message, duties=len(ids), category_max=limit)
            out.append(Breach(v, PART_CATEGORY, len(ids) - limit))
    return out


def total_minutes(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    rules = person.rules
    if rules.max_total_minutes is None and rules.min_total_minutes is None:
        return []
    total = sum(d.info.minutes for d in person.duties)
    ids = [d.shift_id for d in person.duties]
    out = []
    if rules.max_total_minutes is not None and total > rules.max_total_minutes:
        limit = rules.max_total_minutes
        message = f"H10: {hm(total)} worked over the horizon, above the maximum {hm(limit)}"
        v = violation("H10", person.staff.id, ids, message, total_minutes=total, max_total_minutes=limit)
        out.append(Breach(v, PART_MAX_TOTAL, total - limit))
    if rules.min_total_minutes is not None and total < rules.min_total_minutes:
        limit = rules.min_total_minutes
        message = f"H10: only {hm(total)} worked over the horizon, below the minimum {hm(limit)}"
        v = violation("H10", person.staff.id, ids, message, total_minutes=total, min_total_minutes=limit)
        out.append(Breach(v, PART_MIN_TOTAL, limit - total))
    return out


def weekends(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    limit = person.rules.max_weekends
    if limit is None:
        return []
    worked: dict = defaultdict(list)  # Saturday's date -> shift ids
    for d in person.duties:
        day = d.info.local_day
        if day.weekday() >= 5:
            worked[day - timedelta(days=day.weekday() - 5)].append(d.shift_id)
    if len(worked) <= limit:
        return []
    ids = [i for saturday in sorted(worked) for i in worked[saturday]]
    message = f"H10: {len(worked)} weekends worked, above the maximum {limit}"
    v = violation("H10", person.staff.id, ids, message, weekends=len(worked), max_weekends=limit)
    return [Breach(v, PART_WEEKENDS, len(worked) - limit)]
