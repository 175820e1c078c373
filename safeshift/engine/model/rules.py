"""Rule parameters (rules.md H1..H11, S7) and how they resolve per staff member.

A parameter left as None inherits from the next level: staff override, then the
staff member's contract, then the problem defaults, then the built-in default below.
A built-in default of None means the rule is off unless some level sets it.

Rules that are on by default (H6..H9, S7) are switched off explicitly with
``disabled_rules`` (rule codes); the codes of every level are merged (a union), and a
disabled rule resolves its parameters to None.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Mapping

from ..errors import FieldViolation, Reason
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
    "window_minutes": 10080,  # H6, 7 days
    "max_minutes_in_window": 4320,  # H6, 72 h
    "span_days": 14,  # H7
    "max_duties_in_span": 13,  # H7
    "max_consecutive_nights": 4,  # H8
    "min_rest_after_nights_minutes": 2760,  # H8, 46 h
    "weekly_rest_minutes": 1440,  # H9, 24 h ...
    "weekly_rest_period_days": 7,  # H9 ... in every 7 days (or 2880 in 14)
    "fatigue_soft_threshold": 90,  # S7 (penalised only when weights.fatigue > 0)
    "fatigue_hard_threshold": None,  # S7, off unless set
}

INT_PARAMS = tuple(BUILT_IN_DEFAULTS)

# Rule codes ``disabled_rules`` may name, and the parameters each one switches off.
DISABLES: dict[str, tuple[str, ...]] = {
    "H6": ("max_minutes_in_window",),
    "H7": ("max_duties_in_span",),
    "H8": ("max_consecutive_nights", "min_rest_after_nights_minutes"),
    "H9": ("weekly_rest_minutes",),
    "S7": ("fatigue_soft_threshold", "fatigue_hard_threshold"),
}
# Parameters that must be > 0 when set (they are lengths of windows).
POSITIVE_PARAMS = ("window_minutes", "span_days", "weekly_rest_period_days")


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
    window_minutes: int | None = None
    max_minutes_in_window: int | None = None
    span_days: int | None = None
    max_duties_in_span: int | None = None
    max_consecutive_nights: int | None = None
    min_rest_after_nights_minutes: int | None = None
    weekly_rest_minutes: int | None = None
    weekly_rest_period_days: int | None = None
    fatigue_soft_threshold: int | None = None
    fatigue_hard_threshold: int | None = None
    # H10 per-category maximum number of shifts over the horizon; merged per key.
    category_max: Mapping[str, int] = field(default_factory=dict)
    # Rule codes switched off (keys of DISABLES); merged over levels as a union.
    disabled_rules: frozenset[str] = frozenset()

    def __post_init__(self):
        object.__setattr__(self, "category_max", MappingProxyType(dict(self.category_max)))
        object.__setattr__(self, "disabled_rules", frozenset(self.disabled_rules))

    def over(self, base: RuleParams) -> RuleParams:
        """These parameters laid over ``base``: set values win, unset ones inherit."""
        values = {
            f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(base, f.name)
            for f in fields(self)
            if f.name not in ("category_max", "disabled_rules")
        }
        return RuleParams(
            **values,
            category_max={**base.category_max, **self.category_max},
            disabled_rules=base.disabled_rules | self.disabled_rules,
        )

    def check(self, path: str) -> list:
        """Field violations of this level (negative values, min above max)."""
        out = []
        for name in INT_PARAMS:
            out += negative(getattr(self, name), f"{path}.{name}" if path else name)
        for name in POSITIVE_PARAMS:
            value = getattr(self, name)
            if value is not None and value == 0:
                out.append(FieldViolation(f"{path}.{name}" if path else name, Reason.INVALID_VALUE, "must be > 0"))
        for cat, value in self.category_max.items():
            out += negative(value, f"{path}.category_max[{cat}]" if path else f"category_max[{cat}]")
        for code in sorted(self.disabled_rules - set(DISABLES)):
            out.append(
                FieldViolation(
                    f"{path}.disabled_rules" if path else "disabled_rules",
                    Reason.INVALID_VALUE,
                    f"{code!r} cannot be disabled (one of {', '.join(DISABLES)})",
                )
            )
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
    window_minutes: int | None
    max_minutes_in_window: int | None
    span_days: int | None
    max_duties_in_span: int | None
    max_consecutive_nights: int | None
    min_rest_after_nights_minutes: int | None
    weekly_rest_minutes: int | None
    weekly_rest_period_days: int | None
    fatigue_soft_threshold: int | None
    fatigue_hard_threshold: int | None
    category_max: Mapping[str, int]
    disabled_rules: frozenset[str] = frozenset()

    @staticmethod
    def resolve(*levels: RuleParams) -> ResolvedRules:
        """Resolve levels given most specific first (staff, contract, problem)."""
        merged = RuleParams()
        for level in levels:
            merged = merged.over(level)
        merged = merged.over(RuleParams(**BUILT_IN_DEFAULTS))
        values = {name: getattr(merged, name) for name in INT_PARAMS}
        for code in merged.disabled_rules:
            for name in DISABLES.get(code, ()):
                values[name] = None
        return ResolvedRules(**values, category_max=merged.category_max, disabled_rules=merged.disabled_rules)

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` is on (not named in ``disabled_rules``)."""
        return code not in self.disabled_rules
