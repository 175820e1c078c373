"""Small helpers that build field violations for the domain validation."""

from __future__ import annotations

from ..errors import FieldViolation, Reason


def negative(value, path: str) -> list[FieldViolation]:
    if value is not None and value < 0:
        return [FieldViolation(path, Reason.NEGATIVE_VALUE, f"must be >= 0, got {value}")]
    return []


def min_above_max(lo, hi, path: str, hi_name: str) -> list[FieldViolation]:
    if lo is not None and hi is not None and lo > hi:
        return [FieldViolation(path, Reason.MIN_ABOVE_MAX, f"{lo} is above {hi_name} {hi}")]
    return []


def empty_id(value: str, path: str) -> list[FieldViolation]:
    if not value:
        return [FieldViolation(path, Reason.EMPTY_ID, "an id must not be empty")]
    return []


def duplicates(ids, path_of) -> list[FieldViolation]:
    """Violations for each id that repeats an earlier one; ``path_of(i)`` names item i."""
    seen: dict[str, int] = {}
    out = []
    for i, value in enumerate(ids):
        if value in seen:
            out.append(
                FieldViolation(path_of(i), Reason.DUPLICATE_ID, f"id {value!r} is already used by item {seen[value]}")
            )
        else:
            seen[value] = i
    return out


def unknown(value, known, path: str, what: str) -> list[FieldViolation]:
    if value not in known:
        return [FieldViolation(path, Reason.UNKNOWN_REFERENCE, f"no {what} with id {value!r}")]
    return []
