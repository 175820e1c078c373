"""Why a staff member cannot take a shift: the first hard rule adding it would break.

Rules are tried in the order H1, H2, H5, the S7 hard threshold (the duty on its own), H3,
H4 (against each duty the person already has or worked before the horizon, in time
order), then the parts of H6..H9 and of H10. A rule counts only when the addition makes
it worse: pair and per-duty checks are new by construction; for a window or sequence
part the summed excess over its limit must grow (so adding a duty to someone below
``min_total_minutes`` never excludes them, while splitting a run of days off does).
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Assignment, Problem
from ..result import Exclusion, UncoveredDemand
from . import availability, competency, duty_length, fatigue, overlap_rest
from .context import Breach, PersonRoster, RosterContext
from .hard_rules import H10_PARTS, LOCAL_CHECKS, PART_CHECKS, WINDOW_PARTS, h10_breaches, window_breaches
from .objective import assigned_counts

# Candidate checks one report spends explaining uncovered demand, at most: about 4 s of a
# 364-day, 100-person roster (Curtois 23), where explaining every uncovered requirement
# (250,000 checks) took a minute. Requirements past the budget are listed unexplained.
MAX_EXPLANATIONS = 20_000


class Explainer:
    """Explains exclusions against one roster; caches each person's H10 state."""

    def __init__(self, ctx: RosterContext, people: dict[str, PersonRoster]):
        self.ctx = ctx
        self.people = people
        self._h10_before: dict[str, dict[str, int]] = {}

    def explain(self, staff_id: str, shift_id: str, requirement_id: str) -> Exclusion | None:
        """The first rule that stops ``staff_id`` filling the requirement, or None."""
        ctx, person = self.ctx, self.people[staff_id]
        duty = ctx.duty(person.staff, shift_id, requirement_id)
        for check in (competency.check_duty, availability.check_duty, duty_length.check_duty, fatigue.check_duty):
            breaches = check(ctx, person, duty)
            if breaches:
                return _exclusion(staff_id, breaches[0], shift_id)
        if shift_id in person.shift_ids:
            duplicates = overlap_rest.check_duplicates(person.with_duty(duty))
            breach = next(b for b in duplicates if b.violation.shift_ids == (shift_id,))
            return _exclusion(staff_id, breach, shift_id)
        pairs = overlap_rest.check_against(person, duty)
        for part in (overlap_rest.PART_OVERLAP, overlap_rest.PART_REST):
            for breach in pairs:
                if breach.part == part:
                    return _exclusion(staff_id, breach, shift_id)
        before = self._h10_severity(person)
        memo: dict = {}  # check -> (its breaches with the duty added, the severity before)

        def after(check):
            if check not in memo:
                if check in LOCAL_CHECKS:
                    near = _days_around(person, duty.info.day)
                    memo[check] = (check(ctx, near.with_duty(duty)), _severity(check(ctx, near)))
                else:
                    if "added" not in memo:
                        memo["added"] = person.with_duty(duty)
                    memo[check] = (check(ctx, memo["added"]), before)
            return memo[check]

        for part in WINDOW_PARTS + H10_PARTS:  # the first part made worse, each check run once
            breaches, severity = after(PART_CHECKS[part])
            of_part = [b for b in breaches if b.part == part]
            if sum(b.excess for b in of_part) > severity.get(part, 0):
                naming = [b for b in of_part if shift_id in b.violation.shift_ids]
                return _exclusion(staff_id, (naming or of_part)[0], shift_id)
        return None

    def _h10_severity(self, person: PersonRoster) -> dict[str, int]:
        key = person.staff.id
        if key not in self._h10_before:
            self._h10_before[key] = _severity(window_breaches(self.ctx, person) + h10_breaches(self.ctx, person))
        return self._h10_before[key]


def _days_around(person: PersonRoster, day: int) -> PersonRoster:
    """The person's roster on days ``day - 1`` to ``day + 1`` only (history kept)."""
    near = [a for a in person.assignments if day - 1 <= a.info.day <= day + 1]
    return PersonRoster.of(person.staff, person.rules, near, person.history)


def _severity(breaches: list[Breach]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for b in breaches:
        total[b.part] += b.excess
    return total


def _exclusion(staff_id: str, breach: Breach, shift_id: str) -> Exclusion:
    v = breach.violation
    return Exclusion(staff_id, v.rule, breach.message_for(shift_id), dict(v.values))


def uncovered_demand(
    ctx: RosterContext, roster, explainer: Explainer, budget: int = MAX_EXPLANATIONS
) -> list[UncoveredDemand]:
    """Each requirement short of its minimum, with the exclusion of every other person;
    requirements past ``budget`` candidate checks (in problem order) are listed unexplained."""
    counts = assigned_counts(roster)
    on_shift: dict[str, set[str]] = defaultdict(set)
    for a in roster:
        on_shift[a.shift_id].add(a.staff_id)
    out = []
    for shift in ctx.problem.shifts:
        for r in shift.requirements:
            missing = r.min_headcount - counts[(shift.id, r.id)]
            if missing <= 0:
                continue
            candidates = [s for s in ctx.problem.staff if s.id not in on_shift[shift.id]]
            if len(candidates) > budget:
                budget = 0  # spent: this and every later requirement go unexplained
                out.append(UncoveredDemand(shift.id, r.id, missing, (), explained=False))
                continue
            budget -= len(candidates)
            exclusions = []
            for staff in candidates:
                exclusion = explainer.explain(staff.id, shift.id, r.id)
                if exclusion is not None:
                    exclusions.append(exclusion)
            out.append(UncoveredDemand(shift.id, r.id, missing, tuple(exclusions)))
    return out


def explain_exclusion(
    problem: Problem, assignments, staff_id: str, shift_id: str, requirement_id: str = ""
) -> Exclusion | None:
    """The first hard rule that adding (staff, shift, requirement) to the roster would
    break, with its numbers; None when it can be added.

    Raises ``InvalidProblemError`` for unknown references in the roster
    (``assignments[i]...``) or in the candidate (``candidate[0]...``).
    """
    roster = problem.check_roster(tuple(assignments))
    (candidate,) = problem.check_roster([Assignment(staff_id, shift_id, requirement_id)], "candidate")
    ctx = RosterContext(problem)
    explainer = Explainer(ctx, ctx.people(roster))
    return explainer.explain(candidate.staff_id, candidate.shift_id, candidate.requirement_id)
