"""The smallest re-plan that makes room for jobs (docs/whatif.md, "With changes").

A neighbourhood sub-problem is built with ``problem.replace(...)`` and solved by
``solver.solve``; nothing is mutated and the CP-SAT builder is used as it is:

- **who may move**: up to ``max_free_staff`` people: those who could take a job (H1, H2,
  H5 hold), then those who could take over the shifts they would leave;
- **what may move**: their non-pinned duties on shifts lying inside ``window_hours``
  around the jobs; every other duty of theirs is pinned, and availability windows keep
  them off every other shift. Everyone else's duties stay as they are (not in the model);
- **objective, lexicographic by weights**: uncovered job headcount and lost coverage of the
  moved shifts (weight ``big``) >> changed assignments (``per_change``: a kept duty is a
  "want" preference, any new duty on an existing shift an "avoid" preference) >> the
  problem's own S1..S4.

The merged roster is checked by the independent validator for every person it touches.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass

from ..model import Assignment, CompetencyGrant, Preference, Problem, Requirement
from ..result import SolveParams, SolveStatus
from .evaluator import Evaluator
from .chains import chain_replan
from .plans import PlanChecker
from .results import Plan
from .state import Slot

log = logging.getLogger(__name__)

FIXED = "fixed~"  # prefix of the private copies of fixed duties and their competencies


@dataclass(frozen=True)
class ReplanOutcome:
    plan: Plan | None
    message: str
    proved: bool = False  # no plan exists within this neighbourhood (not just none found in time)


def replan(
    ev: Evaluator,
    slots: list[Slot],
    *,
    window_hours: int,
    max_free_staff: int,
    time_limit_seconds: float,
    workers: int = 1,
    cancel: threading.Event | None = None,
    as_is: list | None = None,
) -> ReplanOutcome:
    """Accept every job in ``slots`` together, changing as few existing assignments as
    possible (none when ``window_hours`` is 0), then the least objective.

    One job with its confirmed as-is options (``as_is``): ejection chains first; their
    plan is returned at once when it provably has the fewest changes in the window, else
    it is the CP-SAT search's starting point and the answer unless the search beats it.
    """
    end = time.monotonic() + max(MIN_SOLVE_SECONDS, time_limit_seconds)
    chain, keep, checker = None, frozenset(), PlanChecker(ev, slots)
    if len(slots) == 1 and window_hours > 0 and as_is is not None:
        found = chain_replan(ev, slots[0], as_is, window_hours, CHAIN_SHARE * time_limit_seconds, checker)
        if found.roster is not None:
            chain, keep = checker.plan(found.roster, set(found.touched)), found.touched
            if found.proved:
                return ReplanOutcome(chain, f"re-plan by ejection chains within {window_hours} h of the job "
                                            f"(no plan with fewer changes exists there)")
    hood = _Neighbourhood(ev, slots, window_hours, max_free_staff, keep, checker)
    if not hood.staff:
        return ReplanOutcome(None, "nobody holds the competencies and is free of leave for the job", True)
    # Phase 1: fewest changes (small weights, quick to prove). Phase 2, with the time left:
    # the same number of changes at the least objective, starting from phase 1's answer.
    start = hood.hint_from(chain.roster) if chain is not None else None
    first = _solve(hood, False, start, PHASE_ONE_SHARE * (end - time.monotonic()), workers, cancel)
    if first.plan is None or not first.optimal:
        if _better(chain, first.plan):
            return ReplanOutcome(chain, f"re-plan by ejection chains within {window_hours} h of the job "
                                        f"(the search found nothing smaller in time)")
        return first.outcome(hood)
    left = end - time.monotonic() - PHASE_TWO_MARGIN
    if left >= MIN_SOLVE_SECONDS:
        second = _solve(hood, True, first.sub_roster, left, workers, cancel)
        if second.plan is not None and second.plan.changed_assignments <= first.plan.changed_assignments:
            first = second
    if _better(chain, first.plan):
        return ReplanOutcome(chain, f"re-plan by ejection chains within {window_hours} h of the job")
    return first.outcome(hood)


def _better(a: Plan | None, b: Plan | None) -> bool:
    """``a`` has fewer changes than ``b``, or as many at no more objective."""
    if a is None:
        return False
    if b is None:
        return True
    return (a.changed_assignments, a.objective_delta.total) <= (b.changed_assignments, b.objective_delta.total)


MIN_SOLVE_SECONDS = 0.05
CHAIN_SHARE = 0.5  # of the budget, at most, for the ejection chains' deeper levels
PHASE_ONE_SHARE = 0.6
PHASE_TWO_MARGIN = 0.1  # kept back for merging and checking the answer


@dataclass
class _Attempt:
    plan: Plan | None
    message: str
    optimal: bool
    proved: bool
    sub_roster: tuple = ()

    def outcome(self, hood) -> ReplanOutcome:
        if self.plan is not None:
            return ReplanOutcome(self.plan, f"re-plan of {hood.describe()}")
        return ReplanOutcome(None, self.message, self.proved)


def _solve(hood, with_objective: bool, hint, seconds: float, workers: int, cancel) -> _Attempt:
    from ..solver import solve

    sub = hood.sub_problem(with_objective)
    result = solve(sub, SolveParams(time_limit_seconds=max(MIN_SOLVE_SECONDS, seconds), workers=workers),
                   cancel=cancel, hint=hood.hint if hint is None else hood.pins + tuple(hint))
    optimal = result.status is SolveStatus.OPTIMAL
    if result.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return _Attempt(None, f"no re-plan found ({result.status.value.lower()}: {result.message})", False,
                        result.status is SolveStatus.INFEASIBLE)
    roster = hood.merge(hood.restore(result.assignments))
    short = hood.shortfall(roster)
    if short:
        what = "no re-plan covers" if optimal else "no re-plan found in time covers"
        return _Attempt(None, f"{what} {short} in the neighbourhood ({hood.describe()})", optimal, optimal)
    return _Attempt(hood.plan(roster), "", optimal, False, result.assignments)


class _Neighbourhood:
    def __init__(self, ev: Evaluator, slots: list[Slot], window_hours: int, max_free_staff: int,
                 keep: frozenset[str] = frozenset(), checker: PlanChecker | None = None):
        self.ev, self.slots, self.window_hours = ev, slots, window_hours
        self.checker = checker or PlanChecker(ev, slots)
        self.jobs = [s.shift for s in slots]
        self.job_ids = {s.id for s in slots}
        cal = ev.calendar
        w = window_hours * 60
        self.lo, self.hi = min(s.start for s in slots) - w, max(s.end for s in slots) + w
        window = [x for x in cal.slots.values() if self.lo <= x.start and x.end <= self.hi] if w > 0 else []
        self.window_ids = {x.id for x in window}
        self.staff = self._choose_staff(window, max_free_staff, keep)
        chosen = {ev.people[i].staff.id for i in self.staff}
        self.free = [a for a in ev.roster if a.staff_id in chosen and a.shift_id in self.window_ids
                     and a not in ev.pinned]
        self.window = [x for x in window if any(a.shift_id == x.id for a in self.free)]
        self.kept = tuple(a for a in ev.roster if a.staff_id in chosen)

    def _choose_staff(self, window: list[Slot], limit: int, keep: frozenset[str]) -> list[int]:
        """Who may move: ``keep`` (the people of a plan to start from), people who could
        take a job (those free as is first, then those held back only by nearby duties,
        fewest duties in the window first), then people who could take over the shifts
        those would leave."""
        ev = self.ev
        kept = [i for i, p in enumerate(ev.people) if p.staff.id in keep]
        usable = [p.staff.id not in ev.invalid_staff for p in ev.people]
        busy = Counter(a.staff_id for a in ev.roster if a.shift_id in self.window_ids)
        able = set()
        for eligible in ev.static_many(self.slots):
            for arr in eligible:
                able |= {int(s) for s in arr.nonzero()[0] if usable[s]}

        def blocked(s: int) -> int:
            worst = 0
            for slot in self.slots:
                x = ev.dynamic_breach(ev.people[s], slot)
                if x is not None:
                    worst = max(worst, 1 if x.rule in ("H3", "H4") or "per day" in x.message else 2)
            return worst

        key = {s: (blocked(s), busy[ev.people[s].staff.id], s) for s in able}
        limit = max(limit, len(kept))
        chosen = kept + sorted(able - set(kept), key=key.__getitem__)[: max(1, limit // 2 - len(kept)) if window
                                                                       else limit - len(kept)]
        if window and len(chosen) < limit:
            held = {ev.people[s].staff.id for s in chosen}
            theirs = {a.shift_id for a in ev.roster if a.staff_id in held}
            vacated = [x for x in window if x.id in theirs]
            cover, taken = Counter(), set(chosen)
            for eligible in ev.static_many(vacated) if vacated else ():
                for arr in eligible:
                    for s in arr.nonzero()[0]:
                        if usable[s] and int(s) not in key and int(s) not in taken:
                            cover[int(s)] += 1
            chosen += sorted(cover, key=lambda s: (-cover[s], busy[ev.people[s].staff.id], s))[: limit - len(chosen)]
        return sorted(chosen)

    # ---------------------------------------------------------------- the sub-problem
    def sub_problem(self, with_objective: bool = True) -> Problem:
        """The neighbourhood as a problem. Without ``with_objective`` only uncovered heads
        and changes count (small weights: CP-SAT proves such models fast)."""
        ev, p = self.ev, self.ev.problem
        people = [ev.people[i] for i in self.staff]
        ids = {x.staff.id for x in people}
        window_ids = {x.id for x in self.window}
        counts = Counter((a.shift_id, a.requirement_id) for a in ev.roster)
        mine = Counter((a.shift_id, a.requirement_id) for a in ev.roster if a.staff_id in ids)
        base_range = self._base_range(people) if with_objective else 0
        n_changes = 2 * (len(self.free) + sum(r.min_headcount for j in self.jobs for r in j.requirements)) + 2
        self.per_change = base_range + 1
        self.big = self.per_change * n_changes + 1
        shifts = [dataclasses.replace(s, requirements=tuple(
                      self._keep_cover(r, counts[(s.id, r.id)], mine[(s.id, r.id)]) for r in s.requirements))
                  for s in p.shifts if s.id in window_ids]
        for job in self.jobs:
            shifts.append(dataclasses.replace(job, requirements=tuple(
                dataclasses.replace(r, weight_under=self.big, weight_over=r.weight_over if with_objective else 0)
                for r in job.requirements)))
        # Every other duty of a movable person becomes a copy of its shift only they can
        # fill (a private competency) and is pinned: their rules see all their duties.
        pinned, self.copies, private = [], {}, []
        for a in self.kept:
            if a.shift_id in window_ids:
                if a in ev.pinned:
                    pinned.append(a)
                continue
            shift = p.shift_by_id[a.shift_id]
            key = f"{FIXED}{len(self.copies)}"
            comp = f"{FIXED}{a.staff_id}"
            self.copies[key] = a
            shifts.append(dataclasses.replace(shift, id=key, requirements=(Requirement(a.requirement_id, (comp,), 0,
                                                                                        None, 0, 0),)))
            pinned.append(Assignment(a.staff_id, key, a.requirement_id))
        staff = []
        for x in people:
            comp = f"{FIXED}{x.staff.id}"
            private.append(comp)
            staff.append(dataclasses.replace(x.staff, competencies=x.staff.competencies + (CompetencyGrant(comp),)))
        kept_ids = {s.id for s in shifts}
        scale = p.weights.preference if with_objective else 0
        prefs = [dataclasses.replace(x, weight=x.weight * scale) for x in p.preferences
                 if x.staff_id in ids and (x.shift_id is None or x.shift_id in kept_ids) and x.weight * scale]
        weights = dataclasses.replace(p.weights, preference=1, cost=p.weights.cost if with_objective else 0)
        works = {(a.staff_id, a.shift_id) for a in self.free}
        for x in people:
            for s in self.window:
                want = (x.staff.id, s.id) in works
                prefs.append(Preference(x.staff.id, want, self.per_change, shift_id=s.id))
        self.pins = tuple(pinned)
        self.hint = self.pins + tuple(a for a in self.kept if a.shift_id in window_ids and a not in ev.pinned)
        return p.replace(staff=tuple(staff), shifts=tuple(shifts), preferences=tuple(prefs), pinned=tuple(pinned),
                         competency_ids=p.competency_ids + tuple(private),
                         weights=weights)

    def hint_from(self, roster) -> tuple[Assignment, ...]:
        """A merged roster's assignments on what the sub-problem may change (its pins are
        added by ``_solve``)."""
        ids = {self.ev.people[i].staff.id for i in self.staff}
        movable = self.window_ids | self.job_ids
        return tuple(a for a in roster if a.staff_id in ids and a.shift_id in movable)

    def restore(self, assignments) -> tuple[Assignment, ...]:
        """The sub-problem's roster in the problem's shift ids."""
        return tuple(self.copies.get(a.shift_id, a) for a in assignments)

    def _keep_cover(self, r: Requirement, count: int, mine: int) -> Requirement:
        """The requirement as seen by the movable people: others' heads are fixed; the
        heads covered today must stay covered (weight ``big``)."""
        others = count - mine
        keep = max(0, min(r.min_headcount, count) - others)
        top = None if r.max_headcount is None else max(0, r.max_headcount - others)
        return Requirement(r.id, r.competency_ids, keep, top, self.big if keep else 0,
                           r.weight_over if self.per_change > 1 else 0)

    def _base_range(self, people) -> int:
        """An upper bound on how much the problem's own objective can vary in the model."""
        p = self.ev.problem
        total = sum(abs(x.weight) * p.weights.preference for x in p.preferences)
        shifts = [x.shift for x in self.window] + self.jobs
        for x in people:
            rate = x.staff.cost_per_hour * p.weights.cost
            total += sum(rate * ((s.end - s.start).total_seconds() / 60 + 24 * 60) // 60 + 1 for s in shifts)
        total += sum(r.weight_over * len(people) for s in shifts for r in s.requirements)
        return int(total) + sum(r.weight_under * r.min_headcount for s in shifts for r in s.requirements)

    # ---------------------------------------------------------------- the answer
    def merge(self, assignments) -> tuple[Assignment, ...]:
        ids = {self.ev.people[i].staff.id for i in self.staff}
        return tuple(a for a in self.ev.roster if a.staff_id not in ids) + tuple(assignments)

    def shortfall(self, roster) -> str:
        """What the roster leaves short: a job's headcount, or coverage of a moved shift."""
        counts = Counter((a.shift_id, a.requirement_id) for a in roster)
        before = Counter((a.shift_id, a.requirement_id) for a in self.ev.roster)
        for job in self.jobs:
            for r in job.requirements:
                if counts[(job.id, r.id)] < r.min_headcount:
                    return f"job {job.id} requirement {r.id} ({counts[(job.id, r.id)]} of {r.min_headcount})"
        for x in self.window:
            for r in x.shift.requirements:
                if counts[(x.id, r.id)] < min(r.min_headcount, before[(x.id, r.id)]):
                    return f"shift {x.id} requirement {r.id}, as covered today"
        return ""

    def plan(self, roster: tuple[Assignment, ...]) -> Plan:
        return self.checker.plan(roster, {self.ev.people[i].staff.id for i in self.staff})

    def describe(self) -> str:
        return (f"{len(self.staff)} staff, {len(self.free)} movable duties within {self.window_hours} h of the job"
                f"{'s' if len(self.slots) > 1 else ''}")
