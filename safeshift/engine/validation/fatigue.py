"""S7 fatigue (docs/fatigue.md): scores per duty and per person, the hard threshold, and the
objective term, computed with the fatigue model's plain-Python reference.

- **Roster score** of a duty: the model run over the person's history and whole roster.
- **Planning score**: the duty worked alone after the history. The hard threshold
  (``fatigue_hard_threshold``) and the objective term (``weights.fatigue x max(0, planning
  score - fatigue_soft_threshold)`` per duty) use it, as the solver does.

Nothing is computed for a person with S7 in ``disabled_rules``.
"""

from __future__ import annotations

from ..fatigue.model import score_of
from ..fatigue.reference import FatigueDuty, min_alertness
from ..result import DutyFatigue, FatigueReport, StaffFatigue
from .context import Breach, Duty, PersonRoster, RosterContext, violation
from .nights import is_night

PART = "S7"


def _enabled(person: PersonRoster) -> bool:
    return person.rules.enabled("S7")


def _input(ctx: RosterContext, duty: Duty) -> FatigueDuty:
    return FatigueDuty(duty.info.start, duty.info.end, duty.door_start, duty.door_end, is_night(ctx, duty))


def planning(ctx: RosterContext, person: PersonRoster, duty: Duty) -> tuple[int, float]:
    """The planning score of ``duty`` for ``person`` and its lowest alertness (memoised)."""
    key = ("S7 planning", person.staff.id, duty.shift_id)
    if key not in ctx.cache:
        duties = [_input(ctx, d) for d in person.history] + [_input(ctx, duty)]
        low = min_alertness(ctx.origin, ctx.zone, duties, [len(duties) - 1])[0]
        ctx.cache[key] = (score_of(low), low)
    return ctx.cache[key]


def roster_scores(ctx: RosterContext, person: PersonRoster) -> list[tuple[int, float]]:
    """The roster score and lowest alertness of each of ``person.duties``."""
    if not person.duties:
        return []
    duties = [_input(ctx, d) for d in person.all_duties]
    n = len(person.history)
    lows = min_alertness(ctx.origin, ctx.zone, duties, list(range(n, len(duties))))
    return [(score_of(low), low) for low in lows]


def check_duty(ctx: RosterContext, person: PersonRoster, duty: Duty) -> list[Breach]:
    """The S7 hard-threshold breach of one duty, if any."""
    limit = person.rules.fatigue_hard_threshold
    if limit is None or not _enabled(person):
        return []
    score, low = planning(ctx, person, duty)
    if score <= limit:
        return []
    message = (
        f"S7: fatigue score {score} (lowest predicted alertness {low:.1f}) is above the hard threshold {limit}"
    )
    v = violation("S7", person.staff.id, [duty.shift_id], message, fatigue_score=score, fatigue_hard_threshold=limit)
    return [Breach(v, PART, score - limit)]


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    out: list[Breach] = []
    for duty in person.duties:
        out += check_duty(ctx, person, duty)
    return out


def fatigue_report(ctx: RosterContext, people: dict[str, PersonRoster]) -> tuple[FatigueReport, int]:
    """Per-duty and per-person scores, and the S7 objective term before ``weights.fatigue``."""
    duties, staff, penalty = [], [], 0
    for person in people.values():
        if not _enabled(person) or not person.duties:
            continue
        soft = person.rules.fatigue_soft_threshold
        scores = roster_scores(ctx, person)
        for duty, (score, low) in zip(person.duties, scores):
            plan, _ = planning(ctx, person, duty)
            duties.append(DutyFatigue(person.staff.id, duty.shift_id, score, plan, round(low, 3)))
            if soft is not None:
                penalty += max(0, plan - soft)
        values = [score for score, _ in scores]
        above = sum(1 for x in values if soft is not None and x > soft)
        staff.append(
            StaffFatigue(person.staff.id, len(values), max(values), round(sum(values) / len(values), 2), above, soft)
        )
    return FatigueReport(tuple(duties), tuple(staff)), penalty
