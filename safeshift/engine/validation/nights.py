"""H8 consecutive nights and rest after nights (docs/rules.md).

A night shift has at least 180 real minutes between local 23:00 and 06:00 (each night a
duty touches counts; across a clock change that window is shorter or longer in real
time). Nights in a row are night shifts starting on consecutive local days, nights worked
before the horizon included:

- a run is at most ``max_consecutive_nights`` long (reported when it holds a roster night);
- after a block of nights, the first non-night duty needs at least
  ``min_rest_after_nights_minutes`` of rest, door to door as in H4, after the block's last
  night (reported only when H3/H4 do not already hold that pair).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from ..model.timeutil import to_utc
from .context import Breach, Duty, PersonRoster, RosterContext, hm, roster_ids, violation

PART_RUN = "H8.max_consecutive_nights"
PART_REST = "H8.min_rest_after_nights_minutes"
NIGHT_FROM, NIGHT_TO, NIGHT_MINUTES = 23, 6, 180


def night_minutes(ctx: RosterContext, duty: Duty) -> int:
    """Real minutes of the shift between local 23:00 and 06:00 (every night it touches)."""
    return shift_night_minutes(duty.info.shift.start, duty.info.shift.end, ctx.zone)


def shift_night_minutes(start: datetime, end: datetime, zone) -> int:
    """Real minutes of ``[start, end)`` between local 23:00 and 06:00 in ``zone`` (every
    night it touches; real minutes, so a clock-change night is 6 h or 8 h long)."""
    start, end = to_utc(start), to_utc(end)
    total = 0.0
    day = start.astimezone(zone).date() - timedelta(days=1)
    while day <= end.astimezone(zone).date():
        lo = datetime(day.year, day.month, day.day, NIGHT_FROM, tzinfo=zone)
        nxt = day + timedelta(days=1)
        hi = datetime(nxt.year, nxt.month, nxt.day, NIGHT_TO, tzinfo=zone)
        total += max(0.0, (min(end, to_utc(hi)) - max(start, to_utc(lo))).total_seconds())
        day = nxt
    return int(total // 60)


def is_night(ctx: RosterContext, duty: Duty) -> bool:
    """Whether the duty is a night shift (memoised per shift)."""
    key = ("night", duty.shift_id, duty.info.start, duty.info.end)
    if key not in ctx.cache:
        ctx.cache[key] = night_minutes(ctx, duty) >= NIGHT_MINUTES
    return ctx.cache[key]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """Night runs that are too long, then short rests after nights, in time order."""
    rules = person.rules
    if not person.duties or (rules.max_consecutive_nights is None and rules.min_rest_after_nights_minutes is None):
        return []
    nights = {id(d): is_night(ctx, d) for d in person.all_duties}
    return _runs(ctx, person, nights) + _rests(ctx, person, nights)


def _runs(ctx: RosterContext, person: PersonRoster, nights) -> list[Breach]:
    limit = person.rules.max_consecutive_nights
    if limit is None:
        return []
    on_day = defaultdict(list)
    for d in person.all_duties:
        if nights[id(d)]:
            on_day[d.info.day].append(d)
    out, run = [], []
    for day in sorted(on_day) + [None]:
        if run and (day is None or day != run[-1] + 1):
            duties = [d for x in run for d in on_day[x]]
            ids = roster_ids(duties)
            if len(run) > limit and ids:
                span = f"{ctx.day_text(run[0])} to {ctx.day_text(run[-1])}"
                message = f"H8: {len(run)} consecutive nights ({span}), above the maximum {limit}"
                v = violation("H8", person.staff.id, ids, message, nights=len(run), max_consecutive_nights=limit)
                view = {
                    d.shift_id: f"H8: would be the {_ordinal(run.index(d.info.day) + 1)} consecutive night "
                    f"({span}; at most {limit})"
                    for d in duties
                    if not d.historic
                }
                out.append(Breach(v, PART_RUN, len(run) - limit, view))
            run = []
        if day is not None:
            run.append(day)
    return out


def _rests(ctx: RosterContext, person: PersonRoster, nights) -> list[Breach]:
    required, min_rest = person.rules.min_rest_after_nights_minutes, person.rules.min_rest_minutes
    if required is None:
        return []
    out = []
    last_night = None  # the last night before the current duty, if no non-night came since
    for d in sorted(person.all_duties, key=lambda x: x.sort_key):
        if nights[id(d)]:
            last_night = d
            continue
        a, last_night = last_night, None
        if a is None or (a.historic and d.historic):
            continue
        rest = d.door_start - a.door_end
        if rest < 0 or (min_rest is not None and rest < min_rest) or rest >= required:
            continue  # H3/H4 report it, or enough rest
        travel = a.travel_out + d.travel_in
        tail = f"(including {hm(travel)} travel; {hm(required)} required after nights)"
        message = f"H8: only {hm(rest)} off after night shift {a.shift_id} before shift {d.shift_id} {tail}"
        v = violation(
            "H8", person.staff.id, roster_ids([a, d]), message,
            rest_minutes=rest, min_rest_after_nights_minutes=required, travel_minutes=travel,
        )  # fmt: skip
        view = {
            d.shift_id: f"H8: only {hm(rest)} off after night shift {a.shift_id} {tail}",
            a.shift_id: f"H8: only {hm(rest)} off after this night before shift {d.shift_id} {tail}",
        }
        out.append(Breach(v, PART_REST, required - rest, view))
    return out
