"""The solver-agnostic domain model (imports neither protobuf, ortools nor numba)."""

from .entities import (
    Assignment,
    CompetencyGrant,
    HistoricDuty,
    Interval,
    Location,
    ObjectiveWeights,
    Preference,
    Requirement,
    Shift,
    Staff,
    TravelSettings,
)
from .problem import DEFAULT_TIME_ZONE, Contract, Problem
from .rules import BUILT_IN_DEFAULTS, ResolvedRules, RuleParams

__all__ = [
    "Assignment",
    "BUILT_IN_DEFAULTS",
    "CompetencyGrant",
    "Contract",
    "DEFAULT_TIME_ZONE",
    "HistoricDuty",
    "Interval",
    "Location",
    "ObjectiveWeights",
    "Preference",
    "Problem",
    "Requirement",
    "ResolvedRules",
    "RuleParams",
    "Shift",
    "Staff",
    "TravelSettings",
]
