"""The incremental check of one new job against one person's existing duties.

It answers what ``validation.explain_exclusion`` answers on the problem with the job
added, in the same order and with the same numbers (property-tested): H1, H2, H5 (the
job on its own), then H3 and H4 against each duty near it (history before the horizon
included), then the fatigue rules H6..H9 (``fatigue_checks.py``), then the parts of H10
in the validator's order, each counting only when adding the job makes that part worse.
Only the duties near the job and the person's counters are looked at, never the
whole roster. Rules added to the validator must be added here too (docs/whatif.md).
The S7 hard threshold (a fatigue-model score) is left to the validator.
"""

from __future__ import annotations

from ..model import Requirement
from ..model.timeutil import format_minutes as hm
from ..model.timeutil import minutes_between
from ..result import Exclusion
from .state import Calendar, Held, PersonState, Slot

# The H10 parts in the order the validator's explanations try them (hard_rules.H10_PARTS).
H10_ORDER = (
    "H10.max_duties_per_day",
    "H10.forbidden_succession",
    "H10.category_max",
    "H10.max_total_minutes",
    "H10.max_weekends",
    "H10.max_consecutive_days",
    "H10.min_consecutive_days",
    "H10.min_consecutive_days_off",
    "H10.min_total_minutes",  # adding a duty never makes this worse
)


def _when(cal: Calendar, t) -> str:
    return f"{t.astimezone(cal.zone):%Y-%m-%d %H:%M} ({cal.problem.timezone})"


def _clock(cal: Calendar, t) -> str:
    return f"{t.astimezone(cal.zone):%Y-%m-%d %H:%M}"


# ------------------------------------------------------------------ the job on its own


def competency_breach(cal: Calendar, person: PersonState, slot: Slot, requirement: Requirement):
    """H1: the first competency of the requirement not held over the whole job."""
    start, end = slot.shift.start, slot.shift.end
    for comp in requirement.competency_ids:
        grants = [g for g in person.staff.competencies if g.competency_id == comp]
        if any((g.valid_from is None or g.valid_from <= start) and (g.valid_until is None or end <= g.valid_until)
               for g in grants):
            continue
        if not grants:
            return Exclusion(person.staff.id, "H1", f"H1: lacks competency {comp}", {})
        started = [g for g in grants if g.valid_from is None or g.valid_from <= start]
        if started:
            g = max(started, key=lambda g: g.valid_until)
            return Exclusion(person.staff.id, "H1",
                             f"H1: competency {comp} expires {_when(cal, g.valid_until)}, before the shift ends",
                             {"uncovered_minutes": minutes_between(g.valid_until, end, round_up=True)})
        g = min(grants, key=lambda g: g.valid_from)
        return Exclusion(person.staff.id, "H1",
                         f"H1: competency {comp} is valid only from {_when(cal, g.valid_from)}, after the shift starts",
                         {"uncovered_minutes": minutes_between(start, g.valid_from, round_up=True)})
    return None


def availability_breach(cal: Calendar, person: PersonState, slot: Slot):
    """H2: leave or other work over the job, or no availability window around it."""
    staff, shift = person.staff, slot.shift
    for u in staff.unavailable:
        if u.start < shift.end and shift.start < u.end:
            overlap = minutes_between(max(u.start, shift.start), min(u.end, shift.end), round_up=True)
            return Exclusion(staff.id, "H2",
                             f"H2: {u.reason or 'unavailable'} {_clock(cal, u.start)} to {_when(cal, u.end)} "
                             f"overlaps the shift by {hm(overlap)}", {"overlap_minutes": overlap})
    windows = staff.availability
    if windows and not any(w.start <= shift.start and shift.end <= w.end for w in windows):
        return Exclusion(staff.id, "H2",
                         f"H2: the shift {_clock(cal, shift.start)} to {_when(cal, shift.end)} lies outside "
                         f"all {len(windows)} availability window(s)", {"availability_windows": len(windows)})
    return None


def length_breach(person: PersonState, slot: Slot, travel_in: int, travel_out: int):
    """H5: the job too long, or the door-to-door day around it too long."""
    rules, length = person.rules, slot.minutes
    travel = travel_in + travel_out
    if rules.max_shift_minutes is not None and length > rules.max_shift_minutes:
        limit = rules.max_shift_minutes
        return Exclusion(person.staff.id, "H5", f"H5: the shift lasts {hm(length)}, above the maximum {hm(limit)}",
                         {"shift_minutes": length, "max_shift_minutes": limit})
    limit = rules.max_door_to_door_minutes
    if limit is not None and length + travel > limit:
        return Exclusion(
            person.staff.id, "H5",
            f"H5: a door-to-door day of {hm(length + travel)} ({hm(length)} shift + {hm(travel)} travel), "
            f"above the maximum {hm(limit)}",
            {"door_to_door_minutes": length + travel, "shift_minutes": length, "travel_minutes": travel,
             "max_door_to_door_minutes": limit},
        )
    return None


def static_breach(cal: Calendar, person: PersonState, slot: Slot, requirement: Requirement):
    """H1, H2, H5 for the job alone (what the eligibility kernel screens)."""
    travel_in = cal.travel(person.home, slot.location)
    travel_out = cal.travel(slot.location, person.home)
    return (competency_breach(cal, person, slot, requirement) or availability_breach(cal, person, slot)
            or length_breach(person, slot, travel_in, travel_out))


# ------------------------------------------------------------------ against the duties held


def pair_breach(cal: Calendar, person: PersonState, job: Held):
    """H3 (door-to-door overlap) first, else H4 (short rest), against the duties held."""
    min_rest = person.rules.min_rest_minutes
    enough = max(min_rest or 0, 0)
    rest_breach = None
    for other in person.history + tuple(person.near(job.door_start, job.door_end, enough)):
        if other.door_end + enough <= job.door_start or job.door_end + enough <= other.door_start:
            continue
        a, b = (other, job) if other.key <= job.key else (job, other)
        rest = b.door_start - a.door_end
        travel = a.travel_out + b.travel_in
        if rest < 0:
            overlap = min(a.door_end, b.door_end) - max(a.door_start, b.door_start)
            return Exclusion(person.staff.id, "H3",
                             f"H3: overlaps shift {other.slot.id} by {hm(overlap)} door to door "
                             f"(including {hm(travel)} travel)",
                             {"overlap_minutes": overlap, "travel_minutes": travel})
        if rest_breach is None and min_rest is not None and rest < min_rest:
            if other is a:
                where = f"after shift {a.slot.id} ending {cal.clock(a.slot.end)}"
            else:
                where = f"before shift {b.slot.id} starting {cal.clock(b.slot.start)}"
            rest_breach = Exclusion(
                person.staff.id, "H4",
                f"H4: only {hm(rest)} rest {where} including {hm(travel)} travel ({hm(min_rest)} required)",
                {"rest_minutes": rest, "min_rest_minutes": min_rest, "travel_minutes": travel,
                 "gap_minutes": b.slot.start - a.slot.end},
            )
    return rest_breach


def h10_breach(cal: Calendar, person: PersonState, slot: Slot):
    """The first H10 part that adding the job makes worse, with the validator's numbers."""
    for check in (_per_day, _succession, _category, _max_total, _weekends, _max_run, _min_run, _min_off):
        found = check(cal, person, slot)
        if found is not None:
            return found
    return None


def _x(person: PersonState, message: str, **values) -> Exclusion:
    return Exclusion(person.staff.id, "H10", message, values)


def _per_day(cal, person, slot):
    limit = person.rules.max_duties_per_day
    n = len(person.by_day.get(slot.day, ())) + 1
    if limit is not None and n > limit:
        return _x(person, f"H10: {n} duties start on {cal.day_text(slot.day)}, at most {limit} per day",
                  duties=n, max_duties_per_day=limit)
    return None


def _succession(cal, person, slot):
    forbidden = cal.forbidden
    if not forbidden:
        return None
    d, c = slot.day, slot.category
    for a in person.by_day.get(d - 1, person.eve if d == 0 else ()):
        if (a.slot.category, c) in forbidden:
            return _x(person, f"H10: {a.slot.category} (shift {a.slot.id}) on {cal.day_text(d - 1)} then {c} "
                              f"(shift {slot.id}) on {cal.day_text(d)} is a forbidden succession")
    for b in person.by_day.get(d + 1, ()):
        if (c, b.slot.category) in forbidden:
            return _x(person, f"H10: {c} (shift {slot.id}) on {cal.day_text(d)} then {b.slot.category} "
                              f"(shift {b.slot.id}) on {cal.day_text(d + 1)} is a forbidden succession")
    return None


def _category(cal, person, slot):
    limit = person.rules.category_max.get(slot.category)
    n = person.categories[slot.category] + 1
    if limit is not None and n > limit:
        return _x(person, f"H10: {n} duties of category {slot.category}, above the maximum {limit}",
                  duties=n, category_max=limit)
    return None


def _max_total(cal, person, slot):
    limit = person.rules.max_total_minutes
    total = person.total_minutes + slot.minutes
    if limit is not None and total > limit:
        return _x(person, f"H10: {hm(total)} worked over the horizon, above the maximum {hm(limit)}",
                  total_minutes=total, max_total_minutes=limit)
    return None


def _weekends(cal, person, slot):
    limit, saturday = person.rules.max_weekends, slot.saturday
    if limit is None or saturday is None or saturday in person.weekends:
        return None
    n = len(person.weekends) + 1
    if n > limit:
        return _x(person, f"H10: {n} weekends worked, above the maximum {limit}", weekends=n, max_weekends=limit)
    return None


def _span(cal, first, last) -> str:
    return cal.day_text(first) if first == last else f"{cal.day_text(first)} to {cal.day_text(last)}"


def _max_run(cal, person, slot):
    limit, d = person.rules.max_consecutive_days, slot.day
    if limit is None or d in person.by_day:
        return None
    past = person.history_days  # days worked before the horizon extend the runs they touch
    left, right = person.run_through(d, past)
    length = left + 1 + right

    def counted(n: int, step: int) -> int:  # a run counts only when it holds a roster duty
        roster = any(d + step * k in person.by_day for k in range(1, n + 1))
        return max(0, n - limit) if roster else 0

    if d in past:  # a day worked before the horizon: the run keeps its length
        roster = any(d + k in person.by_day for k in range(-left, right + 1))
        before = max(0, length - limit) if roster else 0
    else:
        before = counted(left, -1) + counted(right, 1)
    grew = max(0, length - limit) - before
    if grew > 0:
        return _x(person, f"H10: {length} consecutive worked days ({_span(cal, d - left, d + right)}), "
                          f"above the maximum {limit}", days=length, max_consecutive_days=limit)
    return None


def _min_run(cal, person, slot):
    limit, d = person.rules.min_consecutive_days, slot.day
    if limit is None or d in person.by_day:
        return None
    last_day = cal.n_days - 1
    left, right = person.run_through(d)
    first, last = d - left, d + right

    def deficit(lo, hi):
        return max(0, limit - (hi - lo + 1)) if lo > 0 and hi < last_day else 0

    before = (deficit(first, d - 1) if left else 0) + (deficit(d + 1, last) if right else 0)
    after = deficit(first, last)
    if after > before:
        return _x(person, f"H10: only {last - first + 1} consecutive worked days ({_span(cal, first, last)}), "
                          f"below the minimum {limit}", days=last - first + 1, min_consecutive_days=limit)
    return None


def _min_off(cal, person, slot):
    limit, d = person.rules.min_consecutive_days_off, slot.day
    if limit is None or d in person.by_day:
        return None
    before, after = person.neighbours(d)

    def deficit(gap):
        return max(0, limit - gap) if gap > 0 else 0

    old = deficit(after - before - 1) if before is not None and after is not None else 0
    gaps = []
    if before is not None:
        gaps.append((before, d))
    if after is not None:
        gaps.append((d, after))
    new = sum(deficit(b - a - 1) for a, b in gaps)
    if new <= old:
        return None
    for a, b in gaps:
        length = b - a - 1
        if 0 < length < limit:
            return _x(person, f"H10: only {length} days off ({_span(cal, a + 1, b - 1)}) between worked days, "
                              f"below the minimum {limit}", days_off=length, min_consecutive_days_off=limit)
    return None  # pragma: no cover - new > old implies a short gap


# ------------------------------------------------------------------ fatigue margin


def fatigue_margin(person: PersonState, job: Held) -> tuple[int, str]:
    """Minutes of slack to the nearest minute-valued limit once the job is added, and
    which: H4 rest before/after the nearest duties, H5 shift and door-to-door length,
    H10 total minutes over the horizon."""
    rules, slot = person.rules, job.slot
    options: list[tuple[int, str]] = []
    if rules.min_rest_minutes is not None:
        from bisect import bisect_left

        k = bisect_left(person.keys, job.key)
        prev, nxt = person.latest_end[k], person.earliest_start[k]
        if prev is not None:
            options.append((job.door_start - prev.door_end - rules.min_rest_minutes,
                            f"H4 rest after shift {prev.slot.id}"))
        if nxt is not None:
            options.append((nxt.door_start - job.door_end - rules.min_rest_minutes,
                            f"H4 rest before shift {nxt.slot.id}"))
    if rules.max_shift_minutes is not None:
        options.append((rules.max_shift_minutes - slot.minutes, "H5 shift length"))
    if rules.max_door_to_door_minutes is not None:
        options.append((rules.max_door_to_door_minutes - slot.minutes - job.travel_in - job.travel_out,
                        "H5 door-to-door day"))
    if rules.max_total_minutes is not None:
        options.append((rules.max_total_minutes - person.total_minutes - slot.minutes,
                        "H10 total minutes over the horizon"))
    if not options:
        return 0, ""
    return min(options, key=lambda o: o[0])
