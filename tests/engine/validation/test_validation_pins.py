"""H11 Pinned assignments."""

from safeshift.engine.model import Assignment, Requirement
from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster


def _problem(build):
    s = build.shift("s1", requirements=(Requirement("r1"), Requirement("r2")))
    return build.problem([build.staff("ann"), build.staff("bob")], [s], pinned=(Assignment("ann", "s1", "r1"),))


def test_missing_pin_is_h11(build):
    """A pinned assignment absent from the roster is an H11 violation naming the pinned shift."""
    assert validate_roster(_problem(build), [Assignment("bob", "s1", "r1")]).violations == (
        Violation(
            "H11",
            "ann",
            ("s1",),
            "H11: pinned assignment of ann to shift s1 (requirement r1) is missing from the roster",
            {},
        ),
    )


def test_pin_on_another_requirement_is_not_kept(build):
    """The pin names a requirement: the same person on another requirement does not keep it."""
    [v] = validate_roster(_problem(build), [Assignment("ann", "s1", "r2")]).violations
    assert v.rule == "H11"


def test_kept_pin_is_fine(build):
    """A roster holding the pin has no H11 violation."""
    assert validate_roster(_problem(build), [Assignment("ann", "s1", "r1")]).valid
