"""H1 Competency: every competency the requirement lists is held over the whole shift.

A grant counts when ``valid_from <= start`` (or open) and ``end <= valid_until`` (or
open); a grant that expires mid-shift does not count (docs/rules.md, H1). Instants are
compared exactly, as UTC datetimes.
"""

from __future__ import annotations

from ..model import CompetencyGrant
from ..model.timeutil import minutes_between
from .context import Breach, Duty, PersonRoster, RosterContext, violation

PART = "H1"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """H1 for every assignment of one person (a duplicate assignment is checked too)."""
    out: list[Breach] = []
    for duty in person.assignments:
        out += check_duty(ctx, person, duty)
    return out


def check_duty(ctx: RosterContext, person: PersonRoster, duty: Duty) -> list[Breach]:
    """One breach per competency of the duty's requirement that the person lacks."""
    out = []
    shift = duty.info.shift
    for competency in duty.requirement.competency_ids:
        grants = [g for g in person.staff.competencies if g.competency_id == competency]
        if any(_covers(g, shift.start, shift.end) for g in grants):
            continue
        message, values = _why_not(ctx, competency, grants, shift.start, shift.end)
        out.append(Breach(violation("H1", person.staff.id, [shift.id], message, **values), PART))
    return out


def _covers(grant: CompetencyGrant, start, end) -> bool:
    return (grant.valid_from is None or grant.valid_from <= start) and (
        grant.valid_until is None or end <= grant.valid_until
    )


def _why_not(ctx: RosterContext, competency: str, grants: list[CompetencyGrant], start, end):
    """The message and numbers for the most telling grant (none, expired, not yet valid)."""
    if not grants:
        return f"H1: lacks competency {competency}", {}
    started = [g for g in grants if g.valid_from is None or g.valid_from <= start]
    if started:
        # Valid at the start but not to the end: report the one lasting longest.
        grant = max(started, key=lambda g: g.valid_until)
        return (
            f"H1: competency {competency} expires {ctx.when(grant.valid_until)}, before the shift ends",
            {"uncovered_minutes": minutes_between(grant.valid_until, end, round_up=True)},
        )
    grant = min(grants, key=lambda g: g.valid_from)
    return (
        f"H1: competency {competency} is valid only from {ctx.when(grant.valid_from)}, after the shift starts",
        {"uncovered_minutes": minutes_between(start, grant.valid_from, round_up=True)},
    )
