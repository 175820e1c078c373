"""Rule parameters (rules.md H1..H11) and how they resolve per staff member.

A parameter left as None inherits from the next level: staff override, then the
staff member's contract, then the problem defaults, then the built-in default below.
A built-in default of None means the rule is off unless some level sets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Mapping

from .errors_helpers import min_above_max, negative

# Built-in defaults, from rules.md.
BUILT_IN_DEFAULTS: dict[str, int | None] = {
    "min_rest_minutes": 720,  # H4, 12 h door to door
    "max_shift_minutes": 720,  # H5
    "max_door_to_door_minutes": 840,  # H5
    "max_duties_per_day": 1,  # H10
    "max_weekends": None,  # H10, off unless set
    "min_total_minutes": None,  # H10
    "max_total_minutes": None,  # H10
    "max_consecutive_days": None,  # H8/H10
    "min_consecutive_days": None,  # H8/H10 (not applied to runs touching the horizon edges)
    "min_consecutive_days_off": None,  # H8/H10 (idem)
}

INT_PARAMS = tuple(BUILT_IN_DEFAULTS)


@dataclass(frozen=True)
class RuleParams:
    """One level of rule parameters; None means "inherit"."""

    min_rest_minutes: int | None = None
    max_shift_minutes: int | None = None
    max_door_to_door_minutes: int | None = None
    max_duties_per_day: int | None = None
    max_weekends: int | None = None
    min_total_minutes: int | None = None
    max_total_minutes: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days: int | None = None
    min_consecutive_days_off: int | None = None
    # H10 per-category maximum number of shifts over the horizon; merged per key.
    category_max: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "category_max", MappingProxyType(dict(self.category_max)))

    def over(self, base: RuleParams) -> RuleParams:
        """These parameters laid over ``base``: set values win, unset ones inherit."""
        values = {
            f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(base, f.name)
            for f in fields(self)
            if f.name != "category_max"
        }
        return RuleParams(**values, category_max={**base.category_max, **self.category_max})

    def check(self, path: str) -> list:
        """Field violations of this level (negative values, min above max)."""
        out = []
        for name in INT_PARAMS:
            out += negative(getattr(self, name), f"{path}.{name}" if path else name)
        for cat, value in self.category_max.items():
            out += negative(value, f"{path}.category_max[{cat}]" if path else f"category_max[{cat}]")
        for lo, hi in (
            ("min_total_minutes", "max_total_minutes"),
            ("min_consecutive_days", "max_consecutive_days"),
        ):
            out += min_above_max(getattr(self, lo), getattr(self, hi), f"{path}.{lo}" if path else lo, hi)
        return out


@dataclass(frozen=True)
class ResolvedRules:
    """The parameters in force for one staff member (built-in defaults applied)."""

    min_rest_minutes: int | None
    max_shift_minutes: int | None
    max_door_to_door_minutes: int | None
    max_duties_per_day: int | None
    max_weekends: int | None
    min_total_minutes: int | None
    max_total_minutes: int | None
    max_consecutive_days: int | None
    min_consecutive_days: int | None
    min_consecutive_days_off: int | None
    category_max: Mapping[str, int]

    @staticmethod
    def resolve(*levels: RuleParams) -> ResolvedRules:
        """Resolve levels given most specific first (staff, contract, problem)."""
        merged = RuleParams()
        for level in levels:
            merged = merged.over(level)
        merged = merged.over(RuleParams(**BUILT_IN_DEFAULTS))
        return ResolvedRules(
            **{name: getattr(merged, name) for name in INT_PARAMS},
            category_max=merged.category_max,
        )
