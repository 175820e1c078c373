"""H2 Availability: no unavailability overlaps a duty; windows, if any, contain it.

Unavailability ``[u0, u1)`` overlaps the shift ``[start, end)`` when ``u0 < end and
start < u1``; with availability windows some window ``[w0, w1)`` must satisfy
``w0 <= start and end <= w1`` (docs/rules.md, H2). Instants are compared exactly.
"""

from __future__ import annotations

from ..model.timeutil import minutes_between
from .context import Breach, Duty, PersonRoster, RosterContext, hm, violation

PART = "H2"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """H2 for every shift one person works."""
    out: list[Breach] = []
    for duty in person.duties:
        out += check_duty(ctx, person, duty)
    return out


def check_duty(ctx: RosterContext, person: PersonRoster, duty: Duty) -> list[Breach]:
    """One breach per overlapping unavailability, one if no window contains the shift."""
    staff, shift = person.staff, duty.info.shift
    out = []
    for u in staff.unavailable:
        if u.start < shift.end and shift.start < u.end:
            overlap = minutes_between(max(u.start, shift.start), min(u.end, shift.end), round_up=True)
            message = (
                f"H2: {u.reason or 'unavailable'} {ctx.clock(u.start)} to {ctx.when(u.end)} "
                f"overlaps the shift by {hm(overlap)}"
            )
            out.append(Breach(violation("H2", staff.id, [shift.id], message, overlap_minutes=overlap), PART))
    windows = staff.availability
    if windows and not any(w.start <= shift.start and shift.end <= w.end for w in windows):
        message = (
            f"H2: the shift {ctx.clock(shift.start)} to {ctx.when(shift.end)} lies outside "
            f"all {len(windows)} availability window(s)"
        )
        out.append(
            Breach(violation("H2", staff.id, [shift.id], message, availability_windows=len(windows)), PART)
        )
    return out
