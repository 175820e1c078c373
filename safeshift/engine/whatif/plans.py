"""From a re-planned roster to a ``Plan``: the moves, the changes, the objective delta
(recomputed by the validator), and the validator's verdict on everyone the re-plan touched.

Shared by both ways of re-planning: ejection chains (``chains.py``) and the CP-SAT
neighbourhood (``replan.py``).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..model import Assignment, Problem
from ..result import ObjectiveBreakdown, Violation
from .evaluator import Evaluator
from .results import Move, Plan
from .state import Slot


class PlanChecker:
    """The validator's view of the problem with the jobs added, built once per re-plan
    from the evaluator's precomputed context (no per-roster rebuild of everyone)."""

    def __init__(self, ev: Evaluator, slots: list[Slot]):
        self.ev, self.slots = ev, slots
        self.problem: Problem = ev.extended([s.shift for s in slots])
        self.ctx = ev.context(slots, self.problem)
        self._before: ObjectiveBreakdown | None = None

    def breaches(self, roster, staff_ids: set[str]) -> list[Violation]:
        """Hard-rule violations of the people in ``staff_ids`` under ``roster``, and of the pins."""
        from ..validation.hard_rules import person_breaches
        from ..validation.pins import check_pins

        people = self.ctx.people_of(tuple(a for a in roster if a.staff_id in staff_ids), staff_ids)
        bad = [b.violation for sid in sorted(staff_ids) for b in person_breaches(self.ctx, people[sid])]
        return bad + check_pins(self.problem, roster)

    def objective(self, roster, staff_ids: set[str]) -> ObjectiveBreakdown:
        """The objective of ``roster``, which differs from the evaluator's only for ``staff_ids``."""
        from ..validation.objective import breakdown

        return breakdown(self.ctx, roster, self.ev.people_with(self.ctx, roster, staff_ids))

    def plan(self, roster: tuple[Assignment, ...], staff_ids: set[str]) -> Plan:
        """The plan leading from the evaluator's roster to ``roster``. Raises ``RuntimeError``
        if the validator finds a hard-rule violation among ``staff_ids`` (an engine bug)."""
        ev, job_ids = self.ev, {s.id for s in self.slots}
        bad = self.breaches(roster, staff_ids)
        if bad:
            raise RuntimeError(f"the re-plan breaks hard rules (an engine bug): {bad[:3]}")
        order = _order(ev, self.slots)
        old, new = set(ev.roster), set(roster)
        removed = sorted(old - new, key=order)
        added = sorted((a for a in new - old if a.shift_id not in job_ids), key=order)
        taking = sorted((a for a in new if a.shift_id in job_ids), key=order)
        if self._before is None:
            self._before = self.objective(ev.roster, set())
        after = self.objective(roster, staff_ids)
        delta = ObjectiveBreakdown(*(getattr(after, f.name) - getattr(self._before, f.name)
                                     for f in dataclasses.fields(ObjectiveBreakdown)))
        return Plan(tuple(taking), moves(removed, added + taking, job_ids), len(removed) + len(added), delta,
                    roster)


def _order(ev: Evaluator, slots: list[Slot]):
    cal, extra = ev.calendar, {s.id: s for s in slots}

    def key(a: Assignment):
        slot = cal.slots.get(a.shift_id) or extra[a.shift_id]
        return (slot.start, slot.order, a.staff_id, a.requirement_id)

    return key


def moves(removed: list[Assignment], added: list[Assignment], job_ids: set[str]) -> tuple[Move, ...]:
    """Pair each person's removals and additions in time order: one move per pair."""
    gone, came = defaultdict(list), defaultdict(list)
    for a in removed:
        gone[a.staff_id].append(a)
    for a in added:
        came[a.staff_id].append(a)
    out = []
    for staff_id in sorted(set(gone) | set(came)):
        left, took = gone[staff_id], came[staff_id]
        for k in range(max(len(left), len(took))):
            a = left[k] if k < len(left) else None
            b = took[k] if k < len(took) else None
            parts = []
            if a is not None:
                parts.append(f"leaves shift {a.shift_id} ({a.requirement_id})")
            if b is not None:
                what = "job" if b.shift_id in job_ids else "shift"
                parts.append(f"takes {what} {b.shift_id} ({b.requirement_id})")
            out.append(Move(staff_id, a.shift_id if a else "", a.requirement_id if a else "",
                            b.shift_id if b else "", b.requirement_id if b else "",
                            f"{staff_id} " + " and ".join(parts)))
    return tuple(out)
