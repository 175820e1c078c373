"""The entities of rules.md: locations, competencies, staff, shifts, preferences, assignments.

Plain immutable values. Instants are aware datetimes (normalised to UTC); cross-entity
checks (unknown references, horizon) live in ``Problem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .rules import RuleParams
from .timeutil import to_utc


def _utc_fields(obj, *names):
    for name in names:
        value = getattr(obj, name)
        if value is not None:
            object.__setattr__(obj, name, to_utc(value))


def _tuple_fields(obj, *names):
    for name in names:
        object.__setattr__(obj, name, tuple(getattr(obj, name)))


@dataclass(frozen=True)
class Location:
    """A place work happens or staff are based; coordinates are optional (degrees)."""

    id: str
    name: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Interval:
    """A half-open time interval [start, end)."""

    start: datetime
    end: datetime
    reason: str = ""

    def __post_init__(self):
        _utc_fields(self, "start", "end")


@dataclass(frozen=True)
class CompetencyGrant:
    """A competency held, valid over [valid_from, valid_until); either end may be open."""

    competency_id: str
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def __post_init__(self):
        _utc_fields(self, "valid_from", "valid_until")


@dataclass(frozen=True)
class HistoricDuty:
    """A duty worked before the horizon (the previous roster period): it counts for H3/H4,
    H6..H9 and the H10 day sequences, but is not part of the roster being built."""

    start: datetime
    end: datetime
    location_id: str | None = None
    category: str = ""

    def __post_init__(self):
        _utc_fields(self, "start", "end")


@dataclass(frozen=True)
class Staff:
    """A person who can be rostered."""

    id: str
    name: str = ""
    organisation: str = ""
    home_location_id: str | None = None
    competencies: tuple[CompetencyGrant, ...] = ()
    contract_id: str | None = None
    rules: RuleParams = field(default_factory=RuleParams)  # per-person overrides
    unavailable: tuple[Interval, ...] = ()  # H2: leave, training, other work
    availability: tuple[Interval, ...] = ()  # H2: if any, may only work inside one
    cost_per_hour: int = 0  # S4, in the problem's cost units (e.g. pence)
    group: str = ""  # comparable staff (S5 fairness)
    history: tuple[HistoricDuty, ...] = ()  # duties worked before the horizon

    def __post_init__(self):
        _tuple_fields(self, "competencies", "unavailable", "availability", "history")


@dataclass(frozen=True)
class Requirement:
    """Part of a shift's demand: who is needed and what missing/extra people cost."""

    id: str
    competency_ids: tuple[str, ...] = ()  # all of them are needed (H1)
    min_headcount: int = 1
    max_headcount: int | None = None  # above it each person costs weight_over (S2)
    weight_under: int = 100  # S1, per missing person
    weight_over: int = 1  # S2, per extra person

    def __post_init__(self):
        _tuple_fields(self, "competency_ids")


@dataclass(frozen=True)
class Shift:
    """One duty: a time, a place, a category and its requirements."""

    id: str
    start: datetime
    end: datetime
    location_id: str | None = None
    category: str = ""
    requirements: tuple[Requirement, ...] = ()

    def __post_init__(self):
        _utc_fields(self, "start", "end")
        _tuple_fields(self, "requirements")

    def requirement_index(self, requirement_id: str) -> int | None:
        """Index of the requirement with that id; "" means the only requirement."""
        if requirement_id == "" and len(self.requirements) == 1:
            return 0
        for i, r in enumerate(self.requirements):
            if r.id == requirement_id:
                return i
        return None


@dataclass(frozen=True)
class Preference:
    """S3: a wish to work (``want=True``) or not to work a shift, or a local day.

    Names either ``shift_id``, or ``date`` (optionally narrowed to a ``category``).
    The weight is paid when the wish is not met.
    """

    staff_id: str
    want: bool
    weight: int
    shift_id: str | None = None
    date: date | None = None
    category: str | None = None


@dataclass(frozen=True)
class Assignment:
    """Staff member ``staff_id`` fills requirement ``requirement_id`` of ``shift_id``."""

    staff_id: str
    shift_id: str
    requirement_id: str = ""


@dataclass(frozen=True)
class ObjectiveWeights:
    """Global multipliers of the soft goals; per-item weights live on the items."""

    cost: int = 1  # S4: multiplier of cost units
    preference: int = 1  # S3: multiplier of preference weights
    fairness_minutes: int = 0  # S5: per minute of spread of worked minutes in a group
    fairness_nights: int = 0  # S5: per night of spread of night duties in a group
    fairness_weekends: int = 0  # S5: per weekend of spread of weekends worked in a group
    fatigue: int = 0  # S7: per fatigue-score point above the soft threshold, per duty


@dataclass(frozen=True)
class TravelSettings:
    """How travel minutes are found: an explicit matrix over ``Problem.locations``
    (row = from, column = to), else great-circle distance x road factor / speed."""

    matrix: tuple[tuple[int, ...], ...] | None = None
    speed_kmh: float = 60.0
    road_factor: float = 1.3
    is_working_time: bool = True  # H6 and S4 count travel minutes as work

    def __post_init__(self):
        if self.matrix is not None:
            object.__setattr__(self, "matrix", tuple(tuple(row) for row in self.matrix))
