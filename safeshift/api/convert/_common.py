"""Helpers shared by the converters: timestamps and collecting field violations."""

from __future__ import annotations

import math
from datetime import datetime, timezone

from google.protobuf.timestamp_pb2 import Timestamp

from ...engine.errors import FieldViolation, InvalidProblemError, Reason

UTC = timezone.utc


def join(path: str, name: str) -> str:
    """``path.name``, or ``name`` alone at the root."""
    return f"{path}.{name}" if path else name


class Violations:
    """Conversion-level field violations, with the items (paths) they make unusable so
    that follow-on domain violations about the same item can be dropped."""

    def __init__(self):
        self.items: list[FieldViolation] = []
        self.spoiled: list[str] = []

    def add(self, field: str, reason: str, description: str, item: str | None = None) -> None:
        self.items.append(FieldViolation(field, reason, description))
        if item is not None:
            self.spoiled.append(item)

    def covers(self, field: str) -> bool:
        """True when ``field`` lies inside an item spoiled by a conversion violation."""
        return any(field == s or field.startswith((s + ".", s + "[")) for s in self.spoiled)

    def raise_with(self, domain: InvalidProblemError | None = None) -> None:
        """Raise every collected violation plus the domain's (those not about spoiled items)."""
        out = list(self.items)
        if domain is not None:
            out += [v for v in domain.violations if not self.covers(v.field)]
        if out:
            raise InvalidProblemError(out)


def ts_from_proto(parent, name: str, path: str, bad: Violations, item: str | None = None) -> datetime | None:
    """Field ``name`` of ``parent`` (a Timestamp) as an aware UTC datetime; unset: None."""
    if not parent.HasField(name):
        return None
    ts = getattr(parent, name)
    try:
        return ts.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError) as e:
        bad.add(join(path, name), Reason.INVALID_VALUE, f"not a valid timestamp ({e})", item)
        return None


def ts_to_proto(value: datetime, target: Timestamp) -> None:
    target.FromDatetime(value)


def finite(value: float, path: str, bad: Violations) -> float:
    if not math.isfinite(value):
        bad.add(path, Reason.INVALID_VALUE, f"must be a finite number, got {value}")
    return value
