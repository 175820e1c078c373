"""H10 consecutive-day rules: runs of worked days and of days off (local calendar days).

- ``max_consecutive_days``: every run of consecutive worked days is at most this long;
  days worked before the horizon (``Staff.history``) extend a run that reaches day 0;
- ``min_consecutive_days`` / ``min_consecutive_days_off``: every run of worked days (days
  off) is at least this long, except a run touching the first or last day of the horizon
  (docs/rules.md, H10). A day is worked when a duty starts on it.
"""

from __future__ import annotations

from collections import defaultdict

from .context import Breach, PersonRoster, RosterContext, violation

PART_MAX_RUN = "H10.max_consecutive_days"
PART_MIN_RUN = "H10.min_consecutive_days"
PART_MIN_OFF = "H10.min_consecutive_days_off"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """Every breach of the consecutive-day limits of one person, in day order."""
    rules = person.rules
    if rules.max_consecutive_days is None and rules.min_consecutive_days is None and (
        rules.min_consecutive_days_off is None
    ):
        return []
    shifts_on: dict[int, list[str]] = defaultdict(list)
    for d in person.duties:
        shifts_on[d.info.day].append(d.shift_id)
    runs = worked_runs(sorted(shifts_on))
    out = []
    last_day = ctx.n_days - 1
    limit = rules.max_consecutive_days
    if limit is not None:
        # Days worked before the horizon extend the runs they touch.
        past = {d.info.day for d in person.history} - set(shifts_on)
        for first, last in worked_runs(sorted(set(shifts_on) | past)):
            length = last - first + 1
            ids = _run_shifts(shifts_on, first, last)
            if length > limit and ids:
                span = _span(ctx, first, last)
                message = f"H10: {length} consecutive worked days ({span}), above the maximum {limit}"
                v = violation("H10", person.staff.id, ids, message, days=length, max_consecutive_days=limit)
                out.append(Breach(v, PART_MAX_RUN, length - limit))
    for first, last in runs:
        length = last - first + 1
        limit = rules.min_consecutive_days
        if limit is not None and length < limit and first > 0 and last < last_day:
            ids, span = _run_shifts(shifts_on, first, last), _span(ctx, first, last)
            message = f"H10: only {length} consecutive worked days ({span}), below the minimum {limit}"
            v = violation("H10", person.staff.id, ids, message, days=length, min_consecutive_days=limit)
            out.append(Breach(v, PART_MIN_RUN, limit - length))
    limit = rules.min_consecutive_days_off
    if limit is not None:
        # Runs off between two worked runs; those before the first or after the last
        # worked day touch a horizon edge and are exempt.
        for (_, before), (after, _) in zip(runs, runs[1:]):
            length = after - before - 1
            if length < limit:
                span = _span(ctx, before + 1, after - 1)
                ids = shifts_on[before] + shifts_on[after]
                message = (
                    f"H10: only {length} days off ({span}) between worked days, below the minimum {limit}"
                )
                v = violation(
                    "H10", person.staff.id, ids, message, days_off=length, min_consecutive_days_off=limit
                )
                out.append(Breach(v, PART_MIN_OFF, limit - length))
    return out


def worked_runs(days: list[int]) -> list[tuple[int, int]]:
    """Maximal runs ``(first, last)`` of consecutive day numbers in sorted ``days``."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _run_shifts(shifts_on: dict[int, list[str]], first: int, last: int) -> list[str]:
    return [i for day in range(first, last + 1) for i in shifts_on.get(day, ())]


def _span(ctx: RosterContext, first: int, last: int) -> str:
    if first == last:
        return ctx.day_text(first)
    return f"{ctx.day_text(first)} to {ctx.day_text(last)}"
