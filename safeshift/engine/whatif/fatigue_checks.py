"""The incremental checks of the fatigue rules H6..H9: one new job against one person.

Each answers what ``validation.explain_exclusion`` answers for that rule part on the
problem with the job added (same rule, message and numbers; property-tested), in the
validator's order (``hard_rules.WINDOW_PARTS``: H6, H7, H8 runs, H8 rest after nights,
H9), after H3/H4 and before H10. A part excludes the person only when adding the job
makes it worse (the summed excess over its limit grows), as in the explainer.

Only what lies near the job is looked at, with the person's precomputed structures
(``PersonState``: prefix sums of worked minutes, duty days, night days, the longest rest
of each H9 period). History before the horizon counts as in the validator; minutes are
real minutes (a period or night across a clock change is shorter or longer).

The trigger of every part is exact. The numbers of H6 and H7 come from the worst window
of a group of overlapping breaching windows; when the roster already breaks that part
for the person (``PersonState.breached_parts``), such a group may reach far from the
job, so the caller's ``exact`` callback (the validator on the precomputed context) words
it. H8 and H9 breaches are per run, pair or fixed period, so they are always local.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import timedelta
from typing import Callable

from ..model.timeutil import format_minutes as hm
from ..result import Exclusion
from ..validation.weekly_rest import longest_rest
from .state import Calendar, Held, PersonState

# The parts in the order the validator's explanations try them (hard_rules.WINDOW_PARTS).
WINDOW_ORDER = ("H6", "H7", "H8.max_consecutive_nights", "H8.min_rest_after_nights_minutes", "H9")

Exact = Callable[[str], "Exclusion | None"]


def fatigue_breach(cal: Calendar, person: PersonState, job: Held, exact: Exact | None = None) -> Exclusion | None:
    """The first H6..H9 part that adding the job makes worse, with the validator's numbers."""
    return (rolling_minutes(cal, person, job, exact) or duties_in_span(cal, person, job, exact)
            or night_run(cal, person, job) or rest_after_nights(cal, person, job) or weekly_rest(cal, person, job))


def _length_text(minutes: int) -> str:
    return f"{minutes // 1440} days" if minutes % 1440 == 0 else hm(minutes)


def _worst(found: list[tuple[int, int, int]], length: int, preferred) -> tuple[int, int, int]:
    """The worst window (start, excess, value) of the first run of windows whose starts
    are < ``length`` apart: most excess, then starting in ``preferred``, then earliest."""
    found.sort()
    best = found[0]
    for prev, item in zip(found, found[1:]):
        if item[0] >= prev[0] + length:
            break
        if (item[1], item[0] in preferred) > (best[1], best[0] in preferred):
            best = item
    return best


# ------------------------------------------------------------------ H6 rolling working time


def rolling_minutes(cal: Calendar, person: PersonState, job: Held, exact: Exact | None = None):
    """H6: a window ``[w, w + L)`` holding the job with more worked minutes than allowed.

    Only windows holding the job can get worse, and adding it raises each of those, so
    the part grows exactly when one of them is over the limit. The windows checked are
    the validator's: starting at a worked start or ending at a worked end (job included)."""
    rules = person.rules
    limit, length = rules.max_minutes_in_window, rules.window_minutes
    if limit is None or not length:
        return None
    a, b = cal.worked(job)
    worked = person.worked_before
    if worked(b + length) - worked(a - length) + (b - a) <= limit:
        return None  # not even every minute within a window of the job reaches the limit
    starts, ends = person.w_starts, person.w_ends
    positions = set(starts[bisect_right(starts, a - length):bisect_left(starts, b)])
    positions.update(e - length for e in ends[bisect_right(ends, a):bisect_left(ends, b + length)])
    positions.update((a, b - length))
    found = []
    for w in positions:
        total = worked(w + length) - worked(w) + min(b, w + length) - max(a, w)
        if total > limit:
            found.append((w, total - limit, total))
    if not found:
        return None
    if "H6" in person.breached_parts and exact is not None:
        return exact("H6")
    w, _, total = _worst(found, length, person.w_aligned | {a})
    span = f"in the {_length_text(length)} from {cal.minute_text(w)}"
    return Exclusion(person.staff.id, "H6", f"H6: would reach {hm(total)} {span} (maximum {hm(limit)})",
                     {"worked_minutes": total, "max_minutes_in_window": limit, "window_minutes": length})


# ------------------------------------------------------------------ H7 duties in a span


def duties_in_span(cal: Calendar, person: PersonState, job: Held, exact: Exact | None = None):
    """H7: ``span_days`` consecutive local days holding the job's day with too many duties."""
    rules = person.rules
    limit, span = rules.max_duties_in_span, rules.span_days
    if limit is None or not span:
        return None
    days, d = person.duty_days, job.slot.day

    def count(first: int, last: int) -> int:
        return bisect_right(days, last) - bisect_left(days, first) + 1  # the job included

    if count(d - span + 1, d + span - 1) <= limit:
        return None
    found = [(f, n - limit, n) for f in range(d - span + 1, d + 1) if (n := count(f, f + span - 1)) > limit]
    if not found:
        return None
    if "H7" in person.breached_parts and exact is not None:
        return exact("H7")
    first, _, n = _worst(found, span, set(person.by_day) | {d})
    text = f"in the {span} days from {cal.first_date + timedelta(days=first):%a %Y-%m-%d}"
    return Exclusion(person.staff.id, "H7", f"H7: would be {n} duties {text} (maximum {limit})",
                     {"duties": n, "max_duties_in_span": limit, "span_days": span})


# ------------------------------------------------------------------ H8 nights


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def night_run(cal: Calendar, person: PersonState, job: Held):
    """H8: the job a night that makes a run of nights on consecutive days too long (only
    runs holding a roster night count, so a run of nights before the horizon may grow)."""
    limit = person.rules.max_consecutive_nights
    if limit is None or not cal.is_night(job.slot):
        return None
    nights, d = person.night_days, job.slot.day

    def walk(day: int, step: int) -> tuple[int, bool]:
        n, roster = 0, False
        while (day + step * (n + 1)) in nights:
            n += 1
            roster = roster or nights[day + step * n]
        return n, roster

    left, left_roster = walk(d, -1)
    right, right_roster = walk(d, 1)
    length = left + 1 + right
    if d in nights:  # another night that day: the run keeps its length
        before = length - limit if length > limit and (nights[d] or left_roster or right_roster) else 0
    else:
        before = ((left - limit if left > limit and left_roster else 0)
                  + (right - limit if right > limit and right_roster else 0))
    if max(0, length - limit) <= before:
        return None
    span = f"{cal.day_text(d - left)} to {cal.day_text(d + right)}"
    return Exclusion(person.staff.id, "H8",
                     f"H8: would be the {_ordinal(left + 1)} consecutive night ({span}; at most {limit})",
                     {"nights": length, "max_consecutive_nights": limit})


def rest_after_nights(cal: Calendar, person: PersonState, job: Held):
    """H8: too little rest between a night and the first non-night duty after its block.

    A pair is (the last night before a non-night duty, with nothing between, that duty);
    adding the job changes at most the pair of its successor in time order (a night job
    becomes its ``night``; a non-night one takes it over). Pairs H3/H4 hold are theirs."""
    required = person.rules.min_rest_after_nights_minutes
    if required is None:
        return None
    min_rest = person.rules.min_rest_minutes
    k = bisect_left(person.all_keys, job.key)
    duties, nights = person.all_duties, person.nights
    prev = duties[k - 1] if k > 0 and nights[k - 1] else None  # a night right before the job
    nxt = duties[k] if k < len(duties) and not nights[k] else None  # a non-night right after it

    def excess(a: Held, b: Held) -> int:
        rest = b.door_start - a.door_end
        if (a.slot.order < 0 and b.slot.order < 0) or rest < 0 or (min_rest is not None and rest < min_rest):
            return 0
        return max(0, required - rest)

    before = excess(prev, nxt) if prev is not None and nxt is not None else 0
    if cal.is_night(job.slot):
        if nxt is None or excess(job, nxt) <= before:
            return None
        a, b, view = job, nxt, f"after this night before shift {nxt.slot.id}"
    else:
        if prev is None or excess(prev, job) <= before:
            return None
        a, b, view = prev, job, f"after night shift {prev.slot.id}"
    rest, travel = b.door_start - a.door_end, a.travel_out + b.travel_in
    tail = f"(including {hm(travel)} travel; {hm(required)} required after nights)"
    return Exclusion(person.staff.id, "H8", f"H8: only {hm(rest)} off {view} {tail}",
                     {"rest_minutes": rest, "min_rest_after_nights_minutes": required, "travel_minutes": travel})


# ------------------------------------------------------------------ H9 weekly rest


def weekly_rest(cal: Calendar, person: PersonState, job: Held):
    """H9: a reference period the job's door-to-door interval overlaps left without
    ``weekly_rest_minutes`` of continuous rest. The part grows when some such period
    loses rest below the need (or is newly checked); the validator then names the first
    breaching period holding the job."""
    rules = person.rules
    need, days = rules.weekly_rest_minutes, rules.weekly_rest_period_days
    if need is None or not days:
        return None
    start, end = job.door_start, job.door_end
    grew, first = False, None
    for lo, hi in cal.periods(days):
        if lo >= end:
            break
        if hi <= start:
            continue
        best, at, touched = person.period_rest(lo, hi)
        rest = best
        if start < at + best and at < end:  # the job cuts into the longest rest: recompute
            busy = person.busy_in(lo, hi)
            busy.insert(bisect_left(busy, (start, end)), (start, end))
            rest = longest_rest(busy, lo, hi)[0]
        if rest < need:
            grew = grew or rest < best or not touched
            if first is None:
                first = (lo, rest)
    if not grew:
        return None
    lo, rest = first
    text = f"in the {days} days from {cal.minute_text(lo)}"
    return Exclusion(person.staff.id, "H9",
                     f"H9: would leave at most {hm(rest)} continuous rest {text} ({hm(need)} required)",
                     {"longest_rest_minutes": rest, "weekly_rest_minutes": need, "period_days": days})
