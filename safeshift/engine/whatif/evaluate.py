"""``evaluate_jobs``: the what-if answer for candidate jobs, one by one or as a bundle.

Per job: as is (the fast path: the ranked people who can take it without touching anyone
else, and the cheapest way to fill every requirement with distinct people), else the
smallest re-plan found within the time budget, else not acceptable with the first rule
excluding each competent person. Bundle: all jobs together or none (docs/whatif.md).
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from ..model import Assignment, Shift
from ..result import ObjectiveBreakdown
from .evaluator import Evaluator, Option
from .matching import min_cost_fill
from .replan import replan
from .results import BundleEvaluation, Decision, JobEvaluation, Plan, WhatIfOptions, WhatIfResult
from .state import Slot

MIN_REPLAN_SECONDS = 0.05  # below this a re-plan is not tried


class _Clock:
    def __init__(self, seconds: float, cancel: threading.Event | None):
        self.end = time.monotonic() + max(0.0, seconds)
        self.cancel = cancel

    def left(self) -> float:
        if self.cancel is not None and self.cancel.is_set():
            return 0.0
        return max(0.0, self.end - time.monotonic())


def evaluate_jobs(
    ev: Evaluator,
    jobs: list[Shift],
    options: WhatIfOptions = WhatIfOptions(),
    *,
    cancel: threading.Event | None = None,
    deadline_seconds: float | None = None,
) -> WhatIfResult:
    """Evaluate ``jobs`` against the evaluator's roster. Re-plans share
    ``options.time_limit_seconds``, cut to ``deadline_seconds`` when given. Raises
    ``InvalidProblemError`` naming ``jobs[i]...`` for a bad job."""
    slots = ev.prepare(jobs)
    budget = options.time_limit_seconds
    if deadline_seconds is not None:
        budget = min(budget, deadline_seconds)
    clock = _Clock(budget, cancel)
    depth = options.top_n + sum(r.min_headcount for job in jobs for r in job.requirements)
    fast = [_AsIs(ev, slot, options.top_n, depth) for slot in slots]
    if not options.bundle:
        evaluations = []
        for k, f in enumerate(fast):
            share = clock.left() / max(1, sum(1 for g in fast[k:] if g.plan is None))
            evaluations.append(_single(ev, f, options, share, cancel))
        return WhatIfResult(tuple(evaluations), None, ev.baseline_violations)
    bundle = _bundle(ev, fast, options, clock, cancel)
    evaluations = []
    for k, f in enumerate(fast):
        if f.plan is not None:
            evaluations.append(f.evaluation(Decision.ACCEPTABLE_AS_IS, f.plan, f.as_is_message()))
        elif bundle.plan is not None:
            share = _share(bundle.plan, f.slot.id)
            evaluations.append(f.evaluation(bundle.decision, share, "accepted within the bundle: " + bundle.message))
        else:
            later = sum(1 for g in fast[k:] if g.plan is None)
            evaluations.append(_single(ev, f, options, clock.left() / max(1, later), cancel))
    return WhatIfResult(tuple(evaluations), bundle, ev.baseline_violations)


class _AsIs:
    """The fast-path analysis of one job."""

    def __init__(self, ev: Evaluator, slot: Slot, top_n: int, depth: int):
        self.ev, self.slot = ev, slot
        self.options: list[Option] = ev.confirm(slot, ev.options(slot), depth)
        self.candidates = ev.candidates(slot, self.options, top_n)
        self.plan = self._fill()

    def ranked(self, k: int) -> list[Option]:
        return sorted((o for o in self.options if o.req == k), key=lambda o: (o.delta.total, -o.margin, o.staff))

    def _fill(self) -> Plan | None:
        reqs = self.slot.shift.requirements
        costs = [{o.staff: o.delta.total for o in self.ranked(k)} for k in range(len(reqs))]
        fill = min_cost_fill([r.min_headcount for r in reqs], costs)
        if fill is None:
            return None
        ev, chosen, delta = self.ev, [], ObjectiveBreakdown()
        by_key = {(o.staff, o.req): o for o in self.options}
        for k, staff in enumerate(fill):
            for s in staff:
                chosen.append(Assignment(ev.people[s].staff.id, self.slot.id, reqs[k].id))
                delta = _add(delta, by_key[(s, k)].delta)
        return Plan(tuple(chosen), (), 0, delta, ev.roster + tuple(chosen))

    def as_is_message(self) -> str:
        people = len({o.staff for o in self.options})
        names = ", ".join(f"{a.staff_id} ({a.requirement_id})" for a in self.plan.assignments)
        return (f"{people} staff can take it as the roster stands; best: {names or 'nobody needed'} "
                f"(objective {self.plan.objective_delta.total:+d})")

    def shortage(self) -> str:
        """Which requirements cannot be filled by distinct people as is."""
        parts = []
        for k, r in enumerate(self.slot.shift.requirements):
            n = len({o.staff for o in self.options if o.req == k})
            if n < r.min_headcount:
                parts.append(f"{r.id} needs {r.min_headcount}, {n} available")
        return "; ".join(parts) or "the requirements cannot be filled by distinct people"

    def evaluation(self, decision: Decision, plan: Plan | None, message: str) -> JobEvaluation:
        return JobEvaluation(self.slot.id, decision, self.candidates, plan, message=message)


def _single(ev: Evaluator, f: _AsIs, options: WhatIfOptions, budget: float, cancel) -> JobEvaluation:
    if f.plan is not None:
        return f.evaluation(Decision.ACCEPTABLE_AS_IS, f.plan, f.as_is_message())
    why = f"not as is ({f.shortage()})"
    if budget >= MIN_REPLAN_SECONDS:
        outcome = replan(ev, [f.slot], window_hours=options.window_hours, max_free_staff=options.max_free_staff,
                         time_limit_seconds=budget, workers=options.workers, cancel=cancel, as_is=f.options)
        if outcome.plan is not None:
            return f.evaluation(Decision.ACCEPTABLE_WITH_CHANGES, outcome.plan,
                                f"{why}; with {outcome.plan.changed_assignments} changed assignment(s) "
                                f"after a {outcome.message}")
        why += f"; {outcome.message}"
    else:
        why += "; no time left for a re-plan"
    exclusions, lacking = ev.exclusions(f.slot, f.options)
    rules = Counter(x.rule for x in exclusions)
    parts = [f"{n} by {rule}" for rule, n in sorted(rules.items(), key=lambda x: (-x[1], x[0]))]
    if parts:
        why += f"; excluded: {', '.join(parts)}"
    if lacking.staff:
        why += f"; {lacking.staff} lack a needed competency"
    return JobEvaluation(f.slot.id, Decision.NOT_ACCEPTABLE, f.candidates, None, exclusions, lacking, why)


def _bundle(ev: Evaluator, fast: list[_AsIs], options: WhatIfOptions, clock: _Clock, cancel) -> BundleEvaluation:
    ids = tuple(f.slot.id for f in fast)
    joint = _distinct_fill(ev, fast)
    if joint is not None:
        return BundleEvaluation(ids, Decision.ACCEPTABLE_AS_IS, joint,
                                "every job can be taken as is by different people")
    slots = [f.slot for f in fast]
    notes = []
    kwargs = dict(max_free_staff=options.max_free_staff, workers=options.workers, cancel=cancel)
    if clock.left() >= MIN_REPLAN_SECONDS:
        outcome = replan(ev, slots, window_hours=0, time_limit_seconds=clock.left() / 3, **kwargs)
        if outcome.plan is not None:
            return BundleEvaluation(ids, Decision.ACCEPTABLE_AS_IS, outcome.plan,
                                    "the jobs can be taken together as is")
        notes.append(f"not together as is: {outcome.message}")
    if clock.left() >= MIN_REPLAN_SECONDS:
        outcome = replan(ev, slots, window_hours=options.window_hours, time_limit_seconds=clock.left(), **kwargs)
        if outcome.plan is not None:
            return BundleEvaluation(ids, Decision.ACCEPTABLE_WITH_CHANGES, outcome.plan,
                                    f"with {outcome.plan.changed_assignments} changed assignment(s) after a "
                                    f"{outcome.message}")
        notes.append(outcome.message)
    else:
        notes.append("no time left for a re-plan")
    alone = [f.slot.id for f in fast if f.plan is None]
    if alone:
        notes.append(f"not acceptable as is alone: {', '.join(alone)}")
    return BundleEvaluation(ids, Decision.NOT_ACCEPTABLE, None, "; ".join(notes))


def _distinct_fill(ev: Evaluator, fast: list[_AsIs]) -> Plan | None:
    """Every requirement of every job filled as is by distinct people (then the added
    duties cannot interact: each person gets one new job, checked alone)."""
    needs, costs, where = [], [], []
    for f in fast:
        for k, r in enumerate(f.slot.shift.requirements):
            needs.append(r.min_headcount)
            costs.append({o.staff: o.delta.total for o in f.ranked(k)})
            where.append((f, k))
    fill = min_cost_fill(needs, costs)
    if fill is None:
        return None
    chosen, delta = [], ObjectiveBreakdown()
    for (f, k), staff in zip(where, fill):
        by_key = {(o.staff, o.req): o for o in f.options}
        for s in staff:
            chosen.append(Assignment(ev.people[s].staff.id, f.slot.id, f.slot.shift.requirements[k].id))
            delta = _add(delta, by_key[(s, k)].delta)
    return Plan(tuple(chosen), (), 0, delta, ev.roster + tuple(chosen))


def _share(plan: Plan, job_id: str) -> Plan:
    """One job's part of a bundle plan: its assignments (moves stay with the bundle)."""
    return Plan(tuple(a for a in plan.assignments if a.shift_id == job_id), (), 0, ObjectiveBreakdown(), ())


def _add(a: ObjectiveBreakdown, b: ObjectiveBreakdown) -> ObjectiveBreakdown:
    return ObjectiveBreakdown(
        a.s1_uncovered + b.s1_uncovered, a.s2_overcover + b.s2_overcover, a.s3_preferences + b.s3_preferences,
        a.s4_cost + b.s4_cost, a.s5_fairness + b.s5_fairness, a.s6_stability + b.s6_stability,
        a.s7_fatigue + b.s7_fatigue,
    )
