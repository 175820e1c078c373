"""H6 rolling working time and H7 duties in a rolling span (docs/rules.md).

H6: a duty's worked minutes are its door-to-door interval when travel is working time,
else the shift; a window ``[w, w + window_minutes)`` counts the worked minutes inside it,
duties worked before the horizon included. Every window that holds some roster work
must stay within ``max_minutes_in_window``. The worked minutes are piecewise linear in
``w`` and change slope only where the window starts or ends at a duty's start or end;
the largest values sit where a window starts at a duty's start or ends at a duty's end,
so those windows are checked (every duty, history included), which covers every window
position exactly.

H7: the duties starting on any ``span_days`` consecutive local days (history included)
are at most ``max_duties_in_span``, for every span holding a roster duty.

One breach per group of overlapping breaching windows, naming the worst window.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from .context import Breach, PersonRoster, RosterContext, hm, roster_ids, violation

PART_MINUTES = "H6"
PART_SPAN = "H7"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """The H6 then H7 breaches of one person, in time order."""
    return rolling_minutes(ctx, person) + duties_in_span(ctx, person)


def _length_text(minutes: int) -> str:
    return f"{minutes // 1440} days" if minutes % 1440 == 0 else hm(minutes)


def _worked(ctx: RosterContext, duty) -> tuple[int, int]:
    if ctx.problem.travel.is_working_time:
        return duty.door_start, duty.door_end
    return duty.info.start, duty.info.end


def _groups(found: list[tuple[int, int, object]], length: int, preferred=frozenset()) -> list[tuple[int, int, object, int]]:
    """The worst of each run of windows (start, excess, data) whose starts are < ``length``
    apart - among equally bad ones the earliest starting in ``preferred``, else the earliest -
    with the summed excess of the run's windows (explanations compare these sums: adding a
    duty makes them grow exactly when a window holding it is over the limit)."""
    out: list[list] = []
    last = None
    for item in sorted(found, key=lambda x: x[0]):
        if last is not None and item[0] < last + length:
            if (item[1], item[0] in preferred) > (out[-1][1], out[-1][0] in preferred):
                out[-1][:3] = item
            out[-1][3] += item[1]
        else:
            out.append([*item, item[1]])
        last = item[0]
    return [tuple(x) for x in out]


def rolling_minutes(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    rules = person.rules
    limit, window = rules.max_minutes_in_window, rules.window_minutes
    if limit is None or not window or not person.duties:
        return []
    intervals = [(d, *_worked(ctx, d)) for d in person.all_duties]
    aligned = {a for _, a, _ in intervals}
    found = []
    for w in aligned | {b - window for _, _, b in intervals}:
        inside = [(d, min(b, w + window) - max(a, w)) for d, a, b in intervals if a < w + window and b > w]
        if not any(not d.historic for d, _ in inside):
            continue
        total = sum(minutes for _, minutes in inside)
        if total > limit:
            found.append((w, total - limit, (total, inside)))
    out = []
    for w, _, (total, inside), excess in _groups(found, window, aligned):
        ids = roster_ids([d for d, _ in sorted(inside, key=lambda x: x[0].sort_key)])
        span = f"in the {_length_text(window)} from {ctx.minute_text(w)}"
        shift_minutes = sum(max(0, min(d.info.end, w + window) - max(d.info.start, w)) for d, _ in inside)
        travel = f" (including {hm(total - shift_minutes)} travel)" if total > shift_minutes else ""
        message = f"H6: {hm(total)} worked{travel} {span}, above the maximum {hm(limit)}"
        v = violation(
            "H6", person.staff.id, ids, message,
            worked_minutes=total, max_minutes_in_window=limit, window_minutes=window,
        )  # fmt: skip
        view = f"H6: would reach {hm(total)} {span} (maximum {hm(limit)})"
        out.append(Breach(v, PART_MINUTES, excess, {i: view for i in ids}))
    return out


def duties_in_span(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    rules = person.rules
    limit, span = rules.max_duties_in_span, rules.span_days
    if limit is None or not span or not person.duties:
        return []
    count = Counter(d.info.day for d in person.all_duties)
    ids_on = defaultdict(list)
    for d in person.duties:
        ids_on[d.info.day].append(d.shift_id)
    roster_days = sorted(ids_on)
    lo = min(roster_days[0] - span + 1, min(count))
    prefix = [0]  # duties on days lo .. lo + k - 1
    for d in range(lo, roster_days[-1] + span):
        prefix.append(prefix[-1] + count.get(d, 0))
    found = []
    for first in range(roster_days[0] - span + 1, roster_days[-1] + 1):
        n = prefix[first - lo + span] - prefix[first - lo]
        if n > limit:
            ids = [i for d in range(first, first + span) for i in ids_on.get(d, ())]
            if ids:
                found.append((first, n - limit, (n, ids)))
    out = []
    for first, _, (n, ids), excess in _groups(found, span, set(roster_days)):
        day = ctx.first_date + timedelta(days=first)
        text = f"in the {span} days from {day:%a %Y-%m-%d}"
        message = f"H7: {n} duties {text}, above the maximum {limit}"
        v = violation("H7", person.staff.id, ids, message, duties=n, max_duties_in_span=limit, span_days=span)
        view = f"H7: would be {n} duties {text} (maximum {limit})"
        out.append(Breach(v, PART_SPAN, excess, {i: view for i in ids}))
    return out
