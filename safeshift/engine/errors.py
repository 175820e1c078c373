"""Domain errors. They carry field paths and stable reasons, never a stack trace."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One bad field: its path (e.g. ``shifts[3].requirements[0].min_headcount``),
    a stable machine-readable reason and a sentence for people."""

    field: str
    reason: str
    description: str

    def prefixed(self, prefix: str) -> FieldViolation:
        """The same violation with ``prefix.`` in front of the field path."""
        if not prefix:
            return self
        return FieldViolation(f"{prefix}.{self.field}", self.reason, self.description)


class SafeShiftError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidProblemError(SafeShiftError):
    """The input is invalid; ``violations`` lists every bad field found."""

    def __init__(self, violations: list[FieldViolation]):
        self.violations = list(violations)
        first = "; ".join(f"{v.field}: {v.description}" for v in self.violations[:5])
        more = len(self.violations) - 5
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))

    def prefixed(self, prefix: str) -> InvalidProblemError:
        return InvalidProblemError([v.prefixed(prefix) for v in self.violations])


class LimitExceededError(SafeShiftError):
    """A request exceeds a documented size limit (``limit`` names it)."""

    def __init__(self, limit: str, value: int, maximum: int):
        self.limit, self.value, self.maximum = limit, value, maximum
        super().__init__(f"{limit}: {value} exceeds the maximum of {maximum}")


# Stable reasons used in FieldViolation.reason.
class Reason:
    MISSING = "MISSING_FIELD"
    EMPTY_ID = "EMPTY_ID"
    DUPLICATE_ID = "DUPLICATE_ID"
    UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
    END_NOT_AFTER_START = "END_NOT_AFTER_START"
    NEGATIVE_VALUE = "NEGATIVE_VALUE"
    NOT_INTEGER = "NOT_INTEGER"
    MIN_ABOVE_MAX = "MIN_ABOVE_MAX"
    UNKNOWN_TIME_ZONE = "UNKNOWN_TIME_ZONE"
    MATRIX_NOT_SQUARE = "MATRIX_NOT_SQUARE"
    MISSING_COORDINATES = "MISSING_COORDINATES"
    INVALID_COORDINATES = "INVALID_COORDINATES"
    SHIFT_LONGER_THAN_HORIZON = "SHIFT_LONGER_THAN_HORIZON"
    OUTSIDE_HORIZON = "OUTSIDE_HORIZON"
    NO_REQUIREMENTS = "NO_REQUIREMENTS"
    AMBIGUOUS_REQUIREMENT = "AMBIGUOUS_REQUIREMENT"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LARGE = "TOO_LARGE"
