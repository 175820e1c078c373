"""S5 fairness (docs/rules.md): for each staff group (``Staff.group``, non-empty) of two
or more people, ``weight x (max - min)`` of each measure over the group's members:

- worked minutes over the horizon (shift minutes, travel not included), times
  ``weights.fairness_minutes``;
- night shifts worked (at least 180 minutes between local 23:00 and 06:00), times
  ``weights.fairness_nights``;
- weekends worked (a duty starting on the local Saturday or Sunday), times
  ``weights.fairness_weekends``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from .context import PersonRoster, RosterContext
from .nights import is_night


def measures(ctx: RosterContext, person: PersonRoster) -> tuple[int, int, int]:
    """(worked minutes, night shifts, weekends worked) of one person over the horizon."""
    minutes = sum(d.info.minutes for d in person.duties)
    nights = sum(1 for d in person.duties if is_night(ctx, d))
    saturdays = {
        d.info.local_day - timedelta(days=d.info.local_day.weekday() - 5)
        for d in person.duties
        if d.info.local_day.weekday() >= 5
    }
    return minutes, nights, len(saturdays)


def fairness_penalty(ctx: RosterContext, people: dict[str, PersonRoster]) -> int:
    """S5, already weighted."""
    w = ctx.problem.weights
    weights = (w.fairness_minutes, w.fairness_nights, w.fairness_weekends)
    if not any(weights):
        return 0
    groups = defaultdict(list)
    for person in people.values():
        if person.staff.group:
            groups[person.staff.group].append(measures(ctx, person))
    total = 0
    for values in groups.values():
        if len(values) < 2:
            continue
        for k, weight in enumerate(weights):
            column = [v[k] for v in values]
            total += weight * (max(column) - min(column))
    return total
