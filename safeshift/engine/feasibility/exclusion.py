"""Why a staff member may not fill a requirement, statically (H1, H2, H5, H10 category_max 0).

Pure Python; the reference eligibility is "no exclusion", so property tests also check
that these explanations agree with the kernels. Minutes are real minutes since the horizon
start (rules.md "Time"); grant and window bounds are rounded inward, unavailability outward.
"""

from __future__ import annotations

from datetime import datetime

from ..model import Problem
from ..model.timeutil import minutes_between

OPEN = 2**62  # an open end, in minutes


def fmt(t: datetime) -> str:
    """``2026-03-10 14:00 UTC``."""
    return t.strftime("%Y-%m-%d %H:%M UTC")


def minute_of(problem: Problem, t: datetime | None, *, round_up: bool, open_value: int) -> int:
    """Minutes since the horizon start, or ``open_value`` for an open end."""
    if t is None:
        return open_value
    return minutes_between(problem.horizon_start, t, round_up=round_up)


def _grant_bounds(problem: Problem, g) -> tuple[int, int]:
    return (
        minute_of(problem, g.valid_from, round_up=True, open_value=-OPEN),
        minute_of(problem, g.valid_until, round_up=False, open_value=OPEN),
    )


def _h1(problem, staff, start, end, competency_ids):
    for comp in competency_ids:
        grants = [g for g in staff.competencies if g.competency_id == comp]
        bounds = [_grant_bounds(problem, g) for g in grants]
        if any(lo <= start and end <= hi for lo, hi in bounds):
            continue
        if not grants:
            return "H1", f"lacks competency {comp}", {}
        started = [(hi, g) for (lo, hi), g in zip(bounds, grants) if lo <= start]
        if started:
            hi, g = max(started, key=lambda x: x[0])
            return (
                "H1",
                f"competency {comp} expires {fmt(g.valid_until)}, before the shift ends",
                {"valid_until": hi, "shift_end": end},
            )
        lo, g = min(((lo, g) for (lo, _), g in zip(bounds, grants)), key=lambda x: x[0])
        return (
            "H1",
            f"competency {comp} is valid only from {fmt(g.valid_from)}, after the shift starts",
            {"valid_from": lo, "shift_start": start},
        )
    return None


def _h2(problem, staff, start, end):
    for iv in staff.unavailable:
        u0 = minute_of(problem, iv.start, round_up=False, open_value=-OPEN)
        u1 = minute_of(problem, iv.end, round_up=True, open_value=OPEN)
        if u0 < end and start < u1:
            why = f" ({iv.reason})" if iv.reason else ""
            return (
                "H2",
                f"is unavailable from {fmt(iv.start)} to {fmt(iv.end)}{why}, overlapping the shift",
                {"unavailable_start": u0, "unavailable_end": u1},
            )
    if staff.availability:
        for iv in staff.availability:
            w0 = minute_of(problem, iv.start, round_up=True, open_value=-OPEN)
            w1 = minute_of(problem, iv.end, round_up=False, open_value=OPEN)
            if w0 <= start and end <= w1:
                return None
        n = len(staff.availability)
        return "H2", f"has no availability window containing the shift ({n} windows)", {"windows": n}
    return None


def _h5(ix, i, j, rules):
    start, end = ix.shift_start[j], ix.shift_end[j]
    length = end - start
    if rules.max_shift_minutes is not None and length > rules.max_shift_minutes:
        return (
            "H5",
            f"the shift lasts {length} min, above max_shift_minutes {rules.max_shift_minutes}",
            {"shift_minutes": length, "max_shift_minutes": rules.max_shift_minutes},
        )
    if rules.max_door_to_door_minutes is not None:
        t_in, t_out = ix.to_work(i, j), ix.from_work(i, j)
        total = t_in + length + t_out
        if total > rules.max_door_to_door_minutes:
            return (
                "H5",
                f"door to door {total} min (travel {t_in} + shift {length} + travel {t_out}), "
                f"above max_door_to_door_minutes {rules.max_door_to_door_minutes}",
                {
                    "door_to_door_minutes": total,
                    "travel_to": t_in,
                    "shift_minutes": length,
                    "travel_from": t_out,
                    "max_door_to_door_minutes": rules.max_door_to_door_minutes,
                },
            )
    return None


def _h10(rules, category):
    if rules.category_max.get(category) == 0:
        return "H10", f"category_max for category {category!r} is 0", {"category_max": 0}
    return None


def _history(ix, i, j, rules):
    """H3/H4/H8 against each duty worked before the horizon (always before the shift)."""
    leave = ix.door(i, j)[0]
    for h in ix.history[i]:
        rest = leave - ix.past_door(i, h)[1]
        values = {"rest_minutes": rest}
        if rest < 0:
            return "H3", f"overlaps a duty worked before the horizon by {-rest} min door to door", values
        if rules.min_rest_minutes is not None and rest < rules.min_rest_minutes:
            return "H4", f"only {rest} min rest after a duty worked before the horizon", values
        nights = rules.min_rest_after_nights_minutes
        if h.night and not ix.shift_night[j] and nights is not None and rest < nights:
            return "H8", f"only {rest} min off after a night shift worked before the horizon", values
    return None


def _s7(problem, i, j, rules):
    limit = rules.fatigue_hard_threshold
    if limit is None:
        return None
    from ..fatigue.model import score_of
    from ..fatigue.reference import planning_alertness_reference

    score = score_of(planning_alertness_reference(problem, i, j))
    if score > limit:
        return "S7", f"fatigue score {score} is above the hard threshold {limit}", {"fatigue_score": score}
    return None


def first_static_exclusion(problem: Problem, staff_index: int, flat_req: int) -> tuple[str, str, dict] | None:
    """The first static rule (H1, H2, H5, H10 category_max 0, H3/H4/H8 against the history,
    the S7 hard threshold) that stops staff ``staff_index`` filling flat requirement
    ``flat_req``: ``(rule code, sentence, values)``, or None."""
    ix = problem.indexed
    j = ix.req_shift[flat_req]
    shift, staff = problem.shifts[j], problem.staff[staff_index]
    requirement = shift.requirements[flat_req - ix.req_offset[j]]
    start, end = ix.shift_start[j], ix.shift_end[j]
    rules = ix.rules[staff_index]
    return (
        _h1(problem, staff, start, end, requirement.competency_ids)
        or _h2(problem, staff, start, end)
        or _h5(ix, staff_index, j, rules)
        or _h10(rules, shift.category)
        or _history(ix, staff_index, j, rules)
        or _s7(problem, staff_index, j, rules)
    )
