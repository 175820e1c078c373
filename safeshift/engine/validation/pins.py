"""H11 Pinned assignments are kept: each pin must appear in the roster as given."""

from __future__ import annotations

from ..model import Assignment, Problem
from ..result import Violation
from .context import violation


def check_pins(problem: Problem, roster: tuple[Assignment, ...]) -> list[Violation]:
    """One H11 violation per pinned (staff, shift, requirement) missing from the roster."""
    present = set(roster)
    out = []
    for pin in dict.fromkeys(problem.check_roster(problem.pinned, "pinned")):
        if pin not in present:
            message = (
                f"H11: pinned assignment of {pin.staff_id} to shift {pin.shift_id} "
                f"(requirement {pin.requirement_id}) is missing from the roster"
            )
            out.append(violation("H11", pin.staff_id, [pin.shift_id], message))
    return out
