"""The hard-rule checks of one person, in the order explanations try them.

Each family module checks its own rule; this module only fixes the order:
H1, H2, H5, S7 hard threshold (the duty on its own), then H3, H4 (pairs of duties), then
H6, H7, H8, H9 and H10 (windows and sequences, compared by how much they are exceeded).
"""

from __future__ import annotations

from . import (
    availability,
    competency,
    daily_limits,
    duty_length,
    fatigue,
    nights,
    overlap_rest,
    sequences,
    weekly_rest,
    working_time,
)
from .context import Breach, PersonRoster, RosterContext

# Rule parts of H6..H9 in the order explanations report them.
WINDOW_PARTS = (
    working_time.PART_MINUTES,
    working_time.PART_SPAN,
    nights.PART_RUN,
    nights.PART_REST,
    weekly_rest.PART,
)

# Rule parts of H10 in the order explanations report them.
H10_PARTS = (
    daily_limits.PART_PER_DAY,
    daily_limits.PART_SUCCESSION,
    daily_limits.PART_CATEGORY,
    daily_limits.PART_MAX_TOTAL,
    daily_limits.PART_WEEKENDS,
    sequences.PART_MAX_RUN,
    sequences.PART_MIN_RUN,
    sequences.PART_MIN_OFF,
    daily_limits.PART_MIN_TOTAL,
)


def person_breaches(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """Every hard-rule breach (H1..H10, the S7 hard threshold) in one person's roster."""
    return (
        competency.check_person(ctx, person)
        + availability.check_person(ctx, person)
        + overlap_rest.check_person(ctx, person)
        + duty_length.check_person(ctx, person)
        + window_breaches(ctx, person)
        + h10_breaches(ctx, person)
        + fatigue.check_person(ctx, person)
    )


def window_breaches(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """The H6..H9 breaches of one person (rolling windows, nights, weekly rest)."""
    return working_time.check_person(ctx, person) + nights.check_person(ctx, person) + weekly_rest.check_person(
        ctx, person
    )


def h10_breaches(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """The H10 breaches of one person (daily and category limits, consecutive days)."""
    return daily_limits.check_person(ctx, person) + sequences.check_person(ctx, person)


# The check computing each part of H6..H10 (a check may give several parts).
PART_CHECKS = {
    working_time.PART_MINUTES: working_time.check_person,
    working_time.PART_SPAN: working_time.check_person,
    nights.PART_RUN: nights.check_person,
    nights.PART_REST: nights.check_person,
    weekly_rest.PART: weekly_rest.check_person,
    daily_limits.PART_PER_DAY: daily_limits.duties_per_day,
    daily_limits.PART_SUCCESSION: daily_limits.forbidden_successions,
    daily_limits.PART_CATEGORY: daily_limits.category_limits,
    daily_limits.PART_MAX_TOTAL: daily_limits.total_minutes,
    daily_limits.PART_WEEKENDS: daily_limits.weekends,
    sequences.PART_MAX_RUN: sequences.check_person,
    sequences.PART_MIN_RUN: sequences.check_person,
    sequences.PART_MIN_OFF: sequences.check_person,
    daily_limits.PART_MIN_TOTAL: daily_limits.total_minutes,
}

# Checks whose breaches are per day or per pair of consecutive days: adding a duty on day d
# changes them only on days d-1..d+1, so explanations run them on those days alone.
LOCAL_CHECKS = frozenset({daily_limits.duties_per_day, daily_limits.forbidden_successions})
