"""H5 Maximum duty length: the shift, and the door-to-door day around it.

``end - start <= max_shift_minutes`` and ``travel(home->loc) + (end - start) +
travel(loc->home) <= max_door_to_door_minutes`` (docs/rules.md, H5), in real minutes,
so a night shift across a clock change counts the hour it really lasts.
"""

from __future__ import annotations

from .context import Breach, Duty, PersonRoster, RosterContext, hm, violation

PART_SHIFT = "H5.max_shift_minutes"
PART_DOOR = "H5.max_door_to_door_minutes"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """H5 for every shift one person works."""
    out: list[Breach] = []
    for duty in person.duties:
        out += check_duty(ctx, person, duty)
    return out


def check_duty(ctx: RosterContext, person: PersonRoster, duty: Duty) -> list[Breach]:
    """Up to two breaches: the shift itself too long, the door-to-door day too long."""
    rules, staff_id, shift_id = person.rules, person.staff.id, duty.shift_id
    length = duty.info.minutes
    travel = duty.travel_in + duty.travel_out
    out = []
    limit = rules.max_shift_minutes
    if limit is not None and length > limit:
        message = f"H5: the shift lasts {hm(length)}, above the maximum {hm(limit)}"
        v = violation("H5", staff_id, [shift_id], message, shift_minutes=length, max_shift_minutes=limit)
        out.append(Breach(v, PART_SHIFT, length - limit))
    limit = rules.max_door_to_door_minutes
    if limit is not None and length + travel > limit:
        message = (
            f"H5: a door-to-door day of {hm(length + travel)} ({hm(length)} shift + {hm(travel)} travel), "
            f"above the maximum {hm(limit)}"
        )
        v = violation(
            "H5",
            staff_id,
            [shift_id],
            message,
            door_to_door_minutes=length + travel,
            shift_minutes=length,
            travel_minutes=travel,
            max_door_to_door_minutes=limit,
        )
        out.append(Breach(v, PART_DOOR, length + travel - limit))
    return out
