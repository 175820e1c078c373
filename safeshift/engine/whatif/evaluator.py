"""``Evaluator``: built once from (problem, roster), then asked about candidate jobs.

The build keeps each person's duties sorted by time with their resolved rules
(``state.py``) and the kernels' staff arrays (``feasibility.arrays``). A job is then
screened for H1/H2/H5 by the eligibility kernel over all staff at once, and checked
against each screened person's nearby duties and counters (``checks.py``, and
``fatigue_checks.py`` for H6..H9): no model is rebuilt per request. An ``Evaluator`` is
read-only after the build (but for idempotent memos), so one can serve concurrent
requests (the API caches a few, keyed by the request's problem and roster).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ..errors import FieldViolation, InvalidProblemError, Reason
from ..feasibility import kernels
from ..feasibility.arrays import to_arrays
from ..model import Assignment, Problem, Shift
from ..model.timeutil import minutes_between
from ..result import Exclusion, ObjectiveBreakdown
from . import checks, fatigue_checks
from .results import Candidate, CompetencySummary
from .state import Calendar, Held, PersonState, Slot, build_people


@dataclass(frozen=True)
class Option:
    """Person ``staff`` (index) may fill requirement ``req`` (index) of the job as is."""

    staff: int
    req: int
    delta: ObjectiveBreakdown
    margin: int
    margin_rule: str


class Evaluator:
    """Incremental what-if checks of new jobs against one roster of one problem."""

    def __init__(self, problem: Problem, roster):
        self.problem = problem
        self.roster: tuple[Assignment, ...] = problem.check_roster(tuple(roster), "roster")
        self.calendar = Calendar(problem)
        self.people: list[PersonState] = build_people(problem, self.calendar, self.roster)
        self.arrays = to_arrays(problem)
        self._minute_exact = _minute_exact(problem)
        self._day_prefs = defaultdict(list)
        for pref in problem.preferences:
            if pref.date is not None:
                self._day_prefs[(pref.staff_id, pref.date)].append(pref)
        self.invalid_staff, self.baseline_violations, parts = _baseline(problem, self.roster)
        for person in self.people:
            person.breached_parts = parts.get(person.staff.id, frozenset())
        self.pinned = frozenset(problem.check_roster(problem.pinned, "pinned"))
        from ..validation.context import RosterContext

        self._vctx = RosterContext(problem)
        self._vpeople = self._vctx.people(self.roster)

    def validator(self, slot: Slot):
        """The independent validator's explainer on the roster, with the job added as a
        shift (a shallow copy of the precomputed context: no model is rebuilt)."""
        from ..validation.explain import Explainer

        return Explainer(self.context([slot]), self._vpeople)

    def context(self, slots: list[Slot], problem: Problem | None = None):
        """The validator's precomputed context with the jobs added as shifts (a shallow
        copy); ``problem``: the extended problem, when a check iterates its shifts."""
        import copy

        from ..validation.context import ShiftInfo

        ctx = copy.copy(self._vctx)
        ctx.shifts = dict(self._vctx.shifts)
        for slot in slots:
            ctx.shifts[slot.id] = ShiftInfo(slot.shift, slot.order, slot.start, slot.end, slot.day, slot.local_day,
                                            slot.location)
        ctx.cache = {}
        ctx._rules = dict(self._vctx._rules)
        if problem is not None:
            ctx.problem = problem
        return ctx

    def people_with(self, ctx, roster, staff_ids: set[str]) -> dict:
        """The validator's per-person rosters under ``roster``: the precomputed ones, but
        for ``staff_ids``, rebuilt from ``roster`` on ``ctx``."""
        out = dict(self._vpeople)
        out.update(ctx.people_of(tuple(a for a in roster if a.staff_id in staff_ids), staff_ids))
        return out

    # ------------------------------------------------------------------ jobs in
    def prepare(self, jobs: list[Shift], path: str = "jobs") -> list[Slot]:
        """The jobs as slots placed after the problem's shifts; raises
        ``InvalidProblemError`` naming ``jobs[i]...`` for a bad job (unknown location or
        competency, end before start, outside the horizon, duplicate id...)."""
        p = self.problem
        bad: list[FieldViolation] = []
        try:
            Problem(timezone=p.timezone, horizon_start=p.horizon_start, horizon_end=p.horizon_end,
                    locations=p.locations, travel=p.travel, competency_ids=p.competency_ids, shifts=tuple(jobs))
        except InvalidProblemError as e:
            bad += [FieldViolation(v.field.replace("shifts[", f"{path}[", 1), v.reason, v.description)
                    for v in e.violations if v.field.startswith("shifts[")]
        for i, job in enumerate(jobs):
            if job.id in p.shift_by_id:
                bad.append(FieldViolation(f"{path}[{i}].id", Reason.DUPLICATE_ID,
                                          f"job id {job.id!r} is already a shift of the problem"))
        if bad:
            raise InvalidProblemError(bad)
        n = len(p.shifts)
        return [self.calendar.slot(job, n + i) for i, job in enumerate(jobs)]

    def extended(self, jobs: list[Shift]) -> Problem:
        """The problem with the jobs added as shifts (for re-plans and independent checks)."""
        return self.problem.replace(shifts=self.problem.shifts + tuple(jobs))

    # ------------------------------------------------------------------ screening
    def static_eligible(self, slot: Slot) -> list[np.ndarray]:
        """Per requirement of the job, a bool array over staff: H1, H2 and H5 hold."""
        return self.static_many([slot])[0]

    def static_many(self, slots: list[Slot]) -> list[list[np.ndarray]]:
        """``static_eligible`` of several slots in one kernel call."""
        ar, comp = self.arrays, self.problem.indexed.competency_index
        reqs = [r for slot in slots for r in slot.shift.requirements]
        rc = [[comp[c] for c in r.competency_ids] for r in reqs]
        rc_offset = np.zeros(len(reqs) + 1, dtype=np.int64)
        rc_offset[1:] = np.cumsum([len(x) for x in rc])
        req_offset = np.zeros(len(slots) + 1, dtype=np.int64)
        req_offset[1:] = np.cumsum([len(slot.shift.requirements) for slot in slots])
        n_staff = len(self.people)
        rows = kernels.eligibility_kernel(
            np.array([x.start for x in slots], np.int64), np.array([x.end for x in slots], np.int64),
            np.array([x.location for x in slots], np.int64), np.zeros(len(slots), np.int64), req_offset, rc_offset,
            np.array([x for r in rc for x in r], np.int64), ar.travel, ar.staff_home, ar.max_shift, ar.max_d2d,
            np.zeros((n_staff, 1), np.bool_), ar.grant_offset, ar.grant_comp, ar.grant_from, ar.grant_until,
            ar.unav_offset, ar.unav_start, ar.unav_end, ar.avail_offset, ar.avail_start, ar.avail_end,
        )  # fmt: skip
        flat = [np.zeros(n_staff, np.bool_) for _ in reqs]
        for s, k in rows:
            flat[k][s] = True
        out = [flat[req_offset[i]:req_offset[i + 1]] for i in range(len(slots))]
        for slot, eligible in zip(slots, out):
            if not (self._minute_exact and _aligned(self.problem, slot.shift)):
                # Sub-minute instants: the kernel rounds conservatively; decide exactly.
                for k, r in enumerate(slot.shift.requirements):
                    for s in np.flatnonzero(~eligible[k]):
                        eligible[k][s] = checks.static_breach(self.calendar, self.people[s], slot, r) is None
        return out

    def held(self, person: PersonState, slot: Slot, requirement_id: str) -> Held:
        cal = self.calendar
        return Held(slot, requirement_id, cal.travel(person.home, slot.location),
                    cal.travel(slot.location, person.home))

    def dynamic_breach(self, person: PersonState, slot: Slot) -> Exclusion | None:
        """H3, H4, H6..H9 and H10 for the job against the person's duties, in the
        validator's order (requirement-independent)."""
        job, cal = self.held(person, slot, ""), self.calendar
        return (checks.pair_breach(cal, person, job)
                or fatigue_checks.fatigue_breach(cal, person, job, self._exact(person, slot))
                or checks.h10_breach(cal, person, slot))

    def _exact(self, person: PersonState, slot: Slot):
        """For a person whose roster already breaks H6 or H7: the validator's wording of
        that part with the job added (its worst window may lie far from the job)."""
        if not person.breached_parts & {"H6", "H7"}:
            return None

        def exact(part: str) -> Exclusion | None:
            from ..validation import working_time
            from ..validation.explain import _exclusion

            ctx = self.validator(slot).ctx
            check = {"H6": working_time.rolling_minutes, "H7": working_time.duties_in_span}[part]
            vperson = self._vpeople[person.staff.id]
            before = sum(b.excess for b in check(ctx, vperson))
            after = check(ctx, vperson.with_duty(ctx.duty(person.staff, slot.id, slot.shift.requirements[0].id)))
            if sum(b.excess for b in after) <= before:  # pragma: no cover - the trigger is exact
                return None
            naming = [b for b in after if slot.id in b.violation.shift_ids]
            return _exclusion(person.staff.id, (naming or after)[0], slot.id)

        return exact

    def explain(self, staff: int, slot: Slot, req: int, validator=None) -> Exclusion | None:
        """The first rule stopping person ``staff`` filling requirement ``req`` of the job,
        as ``validation.explain_exclusion`` gives it on the extended problem; None if none."""
        validator = validator or self.validator(slot)
        return validator.explain(self.people[staff].staff.id, slot.id, slot.shift.requirements[req].id)

    def first_breach(self, staff: int, slot: Slot, req: int) -> Exclusion | None:
        """The incremental checker's verdict (H1..H10 but H11 and the S7 hard threshold,
        which are left to the validator, see ``confirm``)."""
        person = self.people[staff]
        return (checks.static_breach(self.calendar, person, slot, slot.shift.requirements[req])
                or self.dynamic_breach(person, slot))

    def options(self, slot: Slot) -> list[Option]:
        """Every (person, requirement) that can take the job as the roster stands."""
        eligible = self.static_eligible(slot)
        any_req = np.logical_or.reduce(eligible) if eligible else np.zeros(len(self.people), np.bool_)
        out = []
        for s in np.flatnonzero(any_req):
            person = self.people[int(s)]
            if self.dynamic_breach(person, slot) is not None:
                continue
            margin, rule = checks.fatigue_margin(person, self.held(person, slot, ""))
            for k, requirement in enumerate(slot.shift.requirements):
                if eligible[k][s]:
                    out.append(Option(int(s), k, self.delta(person, slot, requirement), margin, rule))
        return out

    def confirm(self, slot: Slot, options: list[Option], depth: int) -> list[Option]:
        """The best ``depth`` options per requirement that the independent validator
        confirms (it also knows rules the incremental checker leaves to it)."""
        reqs, verdict, validator, out = slot.shift.requirements, {}, None, []
        for k in range(len(reqs)):
            kept = 0
            for o in sorted((o for o in options if o.req == k), key=lambda o: (o.delta.total, -o.margin, o.staff)):
                if kept >= depth:
                    break
                if o.staff not in verdict:
                    validator = validator or self.validator(slot)
                    verdict[o.staff] = validator.explain(self.people[o.staff].staff.id, slot.id, reqs[k].id) is None
                if verdict[o.staff]:
                    out.append(o)
                    kept += 1
        return out

    # ------------------------------------------------------------------ objective
    def delta(self, person: PersonState, slot: Slot, requirement) -> ObjectiveBreakdown:
        """S1..S4 change when ``person`` alone fills ``requirement`` of the (empty) job."""
        p, w = self.problem, self.problem.weights
        s1 = -requirement.weight_under if requirement.min_headcount >= 1 else 0
        s2 = requirement.weight_over if requirement.max_headcount == 0 else 0
        s3 = 0
        prefs = self._day_prefs.get((person.staff.id, slot.local_day), ())
        if prefs:
            categories = {h.slot.category for h in person.by_day.get(slot.day, ())}
            for pref in prefs:
                if pref.category is not None and pref.category != slot.category:
                    continue
                worked = bool(categories) if pref.category is None else pref.category in categories
                if not worked:  # the job turns the day (category) into a worked one
                    s3 += -pref.weight if pref.want else pref.weight
        paid = slot.minutes
        if p.travel.is_working_time:
            job = self.held(person, slot, "")
            paid += job.travel_in + job.travel_out
        s4 = (person.staff.cost_per_hour * paid + 30) // 60
        return ObjectiveBreakdown(s1_uncovered=s1, s2_overcover=s2, s3_preferences=s3 * w.preference,
                                  s4_cost=s4 * w.cost)

    # ------------------------------------------------------------------ answers
    def candidates(self, slot: Slot, options: list[Option], top_n: int) -> tuple[Candidate, ...]:
        """The ``top_n`` best options per requirement: least objective change, then the
        most fatigue margin, then staff order."""
        out = []
        for k, requirement in enumerate(slot.shift.requirements):
            mine = sorted((o for o in options if o.req == k), key=lambda o: (o.delta.total, -o.margin, o.staff))
            for rank, o in enumerate(mine[:top_n], start=1):
                out.append(Candidate(self.people[o.staff].staff.id, requirement.id, rank, o.delta, o.margin,
                                     o.margin_rule))
        return tuple(out)

    def exclusions(self, slot: Slot, options: list[Option]) -> tuple[tuple[Exclusion, ...], CompetencySummary]:
        """The first rule for each person who holds the competencies of some requirement
        but can take none as is; a count per missing competency for the others."""
        available = {o.staff for o in options}
        validator = self.validator(slot)
        reqs = slot.shift.requirements
        out, lacking, missing = [], 0, defaultdict(int)
        for s, person in enumerate(self.people):
            if s in available:
                continue
            held = {g.competency_id for g in person.staff.competencies}
            gaps = [[c for c in r.competency_ids if c not in held] for r in reqs]
            competent = [k for k, gap in enumerate(gaps) if not gap]
            if competent:
                exclusion = self.explain(s, slot, competent[0], validator)
                if exclusion is not None:
                    out.append(exclusion)
                continue
            lacking += 1
            for c in min(gaps, key=len):
                missing[c] += 1
        return tuple(out), CompetencySummary(lacking, dict(sorted(missing.items())))


def _baseline(problem: Problem, roster) -> tuple[frozenset[str], int, dict[str, frozenset[str]]]:
    """Staff whose current duties already break a hard rule, the number of violations,
    and per such person the rule parts broken."""
    from ..validation.context import RosterContext
    from ..validation.hard_rules import person_breaches
    from ..validation.pins import check_pins

    ctx = RosterContext(problem)
    bad, count, parts = set(), 0, {}
    for sid, person in ctx.people(roster).items():
        breaches = person_breaches(ctx, person)
        if breaches:
            bad.add(sid)
            count += len(breaches)
            parts[sid] = frozenset(b.part for b in breaches)
    pins = check_pins(problem, roster)
    bad |= {v.staff_id for v in pins}
    return frozenset(bad), count + len(pins), parts


def _is_minute(origin, t) -> bool:
    return t is None or (t - origin).total_seconds() % 60 == 0


def _minute_exact(problem: Problem) -> bool:
    """Whether every grant and (un)availability bound falls on a whole minute of the
    horizon clock, where the kernel's minute rounding is exact."""
    o = problem.horizon_start
    for s in problem.staff:
        for g in s.competencies:
            if not (_is_minute(o, g.valid_from) and _is_minute(o, g.valid_until)):
                return False
        for iv in s.unavailable + s.availability:
            if not (_is_minute(o, iv.start) and _is_minute(o, iv.end)):
                return False
    return True


def _aligned(problem: Problem, shift: Shift) -> bool:
    o = problem.horizon_start
    return _is_minute(o, shift.start) and _is_minute(o, shift.end)


def minute_of(problem: Problem, t) -> int:
    return minutes_between(problem.horizon_start, t)
