"""The rostering problem: immutable, validated once on construction.

Every bad field is reported at once as an ``InvalidProblemError`` whose violations
name the field path (``shifts[3].requirements[0].min_headcount``) and a stable reason.
Changes go through ``replace(...)``, which returns a new, re-validated problem.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from ..errors import FieldViolation, InvalidProblemError, Reason
from .entities import (
    Assignment,
    Location,
    ObjectiveWeights,
    Preference,
    Shift,
    Staff,
    TravelSettings,
)
from .errors_helpers import duplicates, empty_id, min_above_max, negative, unknown
from .rules import ResolvedRules, RuleParams
from .timeutil import UTC, load_zone, local_date, local_midnight, to_utc

DEFAULT_TIME_ZONE = "Europe/London"


@dataclass(frozen=True)
class Contract:
    """A named set of rule parameters shared by several staff members."""

    id: str
    rules: RuleParams = field(default_factory=RuleParams)


@dataclass(frozen=True)
class Problem:
    """Everything the engine needs to build or check a roster."""

    id: str = ""
    timezone: str = DEFAULT_TIME_ZONE
    horizon_start: datetime | None = None  # default: local midnight of the first shift's day
    horizon_end: datetime | None = None  # default: local midnight after the last shift ends
    locations: tuple[Location, ...] = ()
    travel: TravelSettings = field(default_factory=TravelSettings)
    competency_ids: tuple[str, ...] = ()
    contracts: tuple[Contract, ...] = ()
    defaults: RuleParams = field(default_factory=RuleParams)
    staff: tuple[Staff, ...] = ()
    shifts: tuple[Shift, ...] = ()
    forbidden_successions: tuple[tuple[str, str], ...] = ()  # (category day d, category day d+1)
    preferences: tuple[Preference, ...] = ()
    pinned: tuple[Assignment, ...] = ()  # H11
    weights: ObjectiveWeights = field(default_factory=ObjectiveWeights)

    def __post_init__(self):
        for name in ("locations", "competency_ids", "contracts", "staff", "shifts", "preferences", "pinned"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(
            self, "forbidden_successions", tuple(tuple(p) for p in self.forbidden_successions)
        )
        zone_ok = load_zone(self.timezone) is not None
        if zone_ok:
            self._derive_horizon()
        violations = _validate(self, zone_ok)
        if violations:
            raise InvalidProblemError(violations)

    def _derive_horizon(self):
        zone = load_zone(self.timezone)
        start, end = self.horizon_start, self.horizon_end
        if start is None:
            if self.shifts:
                start = local_midnight(min(local_date(s.start, zone) for s in self.shifts), zone)
            else:
                start = end if end is not None else datetime(2000, 1, 1, tzinfo=UTC)
        if end is None:
            if self.shifts:
                last = max(s.end for s in self.shifts)
                last_day = local_date(last - timedelta(microseconds=1), zone)
                end = local_midnight(last_day + timedelta(days=1), zone)
            else:
                end = start
        object.__setattr__(self, "horizon_start", to_utc(start))
        object.__setattr__(self, "horizon_end", to_utc(end))

    def replace(self, **changes) -> Problem:
        """A new problem with ``changes`` applied (validated again)."""
        return dataclasses.replace(self, **changes)

    # Lookups -----------------------------------------------------------------
    @cached_property
    def zone(self):
        return load_zone(self.timezone)

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    @cached_property
    def shift_by_id(self) -> dict[str, Shift]:
        return {s.id: s for s in self.shifts}

    @cached_property
    def contract_by_id(self) -> dict[str, Contract]:
        return {c.id: c for c in self.contracts}

    def rules_for(self, staff: Staff) -> ResolvedRules:
        """The rule parameters in force for ``staff`` (staff > contract > problem > built-in)."""
        levels = [staff.rules]
        if staff.contract_id is not None:
            levels.append(self.contract_by_id[staff.contract_id].rules)
        levels.append(self.defaults)
        return ResolvedRules.resolve(*levels)

    @cached_property
    def flat_requirements(self) -> tuple:
        """Every shift's requirements in shift order: the flat requirement index ``k``."""
        return tuple(req for shift in self.shifts for req in shift.requirements)

    @cached_property
    def indexed(self):
        """Integer views for kernels and solvers (see ``indexed.IndexedProblem``)."""
        from .indexed import IndexedProblem

        return IndexedProblem.build(self)

    def check_roster(self, assignments, path: str = "assignments") -> tuple[Assignment, ...]:
        """The roster with every reference checked and requirement ids filled in.

        Raises ``InvalidProblemError`` naming ``assignments[i].field`` for unknown staff,
        shifts or requirements. Rule breaches are not input errors: the validator reports them.
        """
        out, bad = [], []
        for i, a in enumerate(assignments):
            p = f"{path}[{i}]"
            bad += unknown(a.staff_id, self.staff_by_id, f"{p}.staff_id", "staff member")
            shift = self.shift_by_id.get(a.shift_id)
            if shift is None:
                bad += unknown(a.shift_id, self.shift_by_id, f"{p}.shift_id", "shift")
                continue
            r = shift.requirement_index(a.requirement_id)
            if r is None:
                reason = Reason.AMBIGUOUS_REQUIREMENT if a.requirement_id == "" else Reason.UNKNOWN_REFERENCE
                bad.append(
                    FieldViolation(
                        f"{p}.requirement_id",
                        reason,
                        f"shift {a.shift_id!r} has no requirement {a.requirement_id!r}"
                        if a.requirement_id
                        else f"shift {a.shift_id!r} has several requirements: name one",
                    )
                )
                continue
            out.append(Assignment(a.staff_id, a.shift_id, shift.requirements[r].id))
        if bad:
            raise InvalidProblemError(bad)
        return tuple(out)


def _validate(p: Problem, zone_ok: bool) -> list[FieldViolation]:
    v: list[FieldViolation] = []
    if not zone_ok:
        v.append(FieldViolation("timezone", Reason.UNKNOWN_TIME_ZONE, f"{p.timezone!r} is not an IANA time zone"))
    if zone_ok and p.horizon_end < p.horizon_start:
        v.append(FieldViolation("horizon_end", Reason.END_NOT_AFTER_START, "horizon ends before it starts"))
    loc_ids = {loc.id for loc in p.locations}
    comp_ids = set(p.competency_ids)
    v += _check_ids([loc.id for loc in p.locations], "locations")
    v += _check_ids(list(p.competency_ids), "competency_ids", suffix="")
    v += _check_ids([c.id for c in p.contracts], "contracts")
    v += _check_ids([s.id for s in p.staff], "staff")
    v += _check_ids([s.id for s in p.shifts], "shifts")
    v += _check_travel(p)
    v += p.defaults.check("defaults")
    for i, c in enumerate(p.contracts):
        v += c.rules.check(f"contracts[{i}].rules")
    for i, s in enumerate(p.staff):
        v += _check_staff(s, f"staff[{i}]", loc_ids, comp_ids, {c.id for c in p.contracts})
        v += _check_history(s, f"staff[{i}]", p if zone_ok else None, loc_ids)
    for i, s in enumerate(p.shifts):
        v += _check_shift(s, f"shifts[{i}]", p if zone_ok else None, loc_ids, comp_ids)
    for i, pref in enumerate(p.preferences):
        path = f"preferences[{i}]"
        v += unknown(pref.staff_id, p.staff_by_id, f"{path}.staff_id", "staff member")
        v += negative(pref.weight, f"{path}.weight")
        if (pref.shift_id is None) == (pref.date is None):
            v.append(FieldViolation(path, Reason.INVALID_VALUE, "name exactly one of shift_id or date"))
        elif pref.shift_id is not None:
            v += unknown(pref.shift_id, p.shift_by_id, f"{path}.shift_id", "shift")
    for i, (a, b) in enumerate(p.forbidden_successions):
        if not a or not b:
            v.append(FieldViolation(f"forbidden_successions[{i}]", Reason.EMPTY_ID, "both categories are needed"))
    if not v:
        try:
            p.check_roster(p.pinned, "pinned")
        except InvalidProblemError as e:
            v += e.violations
    for name in ("cost", "preference", "fairness_minutes", "fairness_nights", "fairness_weekends", "fatigue"):
        v += negative(getattr(p.weights, name), f"weights.{name}")
    return v


def _check_ids(ids: list[str], path: str, suffix: str = ".id") -> list[FieldViolation]:
    v = duplicates(ids, lambda i: f"{path}[{i}]{suffix}")
    for i, value in enumerate(ids):
        v += empty_id(value, f"{path}[{i}]{suffix}")
    return v


def _check_travel(p: Problem) -> list[FieldViolation]:
    v, n, matrix = [], len(p.locations), p.travel.matrix
    if matrix is not None:
        if len(matrix) != n:
            v.append(
                FieldViolation("travel.matrix", Reason.MATRIX_NOT_SQUARE, f"{len(matrix)} rows for {n} locations")
            )
        for i, row in enumerate(matrix):
            if len(row) != n:
                v.append(
                    FieldViolation(
                        f"travel.matrix[{i}]", Reason.MATRIX_NOT_SQUARE, f"{len(row)} entries for {n} locations"
                    )
                )
            for j, minutes in enumerate(row):
                v += negative(minutes, f"travel.matrix[{i}][{j}]")
        return v
    for key in ("speed_kmh", "road_factor"):
        if getattr(p.travel, key) <= 0:
            v.append(FieldViolation(f"travel.{key}", Reason.INVALID_VALUE, "must be > 0"))
    with_coords = [loc.has_coordinates for loc in p.locations]
    for i, loc in enumerate(p.locations):
        if any(with_coords) and not loc.has_coordinates:
            v.append(
                FieldViolation(
                    f"locations[{i}]",
                    Reason.MISSING_COORDINATES,
                    "no travel matrix is given and other locations have coordinates, so this one needs them too",
                )
            )
        if loc.has_coordinates and not (-90 <= loc.latitude <= 90 and -180 <= loc.longitude <= 180):
            v.append(FieldViolation(f"locations[{i}]", Reason.INVALID_COORDINATES, "latitude/longitude out of range"))
    return v


def _check_intervals(intervals, path: str) -> list[FieldViolation]:
    return [
        FieldViolation(f"{path}[{i}].end", Reason.END_NOT_AFTER_START, "end must be after start")
        for i, iv in enumerate(intervals)
        if iv.end <= iv.start
    ]


def _check_staff(s: Staff, path, loc_ids, comp_ids, contract_ids) -> list[FieldViolation]:
    v = []
    if s.home_location_id is not None:
        v += unknown(s.home_location_id, loc_ids, f"{path}.home_location_id", "location")
    if s.contract_id is not None:
        v += unknown(s.contract_id, contract_ids, f"{path}.contract_id", "contract")
    for k, g in enumerate(s.competencies):
        gp = f"{path}.competencies[{k}]"
        v += unknown(g.competency_id, comp_ids, f"{gp}.competency_id", "competency")
        if g.valid_from is not None and g.valid_until is not None and g.valid_until <= g.valid_from:
            v.append(FieldViolation(f"{gp}.valid_until", Reason.END_NOT_AFTER_START, "valid_until must be after valid_from"))
    v += _check_intervals(s.unavailable, f"{path}.unavailable")
    v += _check_intervals(s.availability, f"{path}.availability")
    v += negative(s.cost_per_hour, f"{path}.cost_per_hour")
    v += s.rules.check(f"{path}.rules")
    return v


def _check_history(s: Staff, path, p: Problem | None, loc_ids) -> list[FieldViolation]:
    """Duties worked before the horizon: end after start, start before the horizon start,
    a known location (the end may reach into the horizon: a night ending on day 0)."""
    v = []
    for k, h in enumerate(s.history):
        hp = f"{path}.history[{k}]"
        if h.location_id is not None:
            v += unknown(h.location_id, loc_ids, f"{hp}.location_id", "location")
        if h.end <= h.start:
            v.append(FieldViolation(f"{hp}.end", Reason.END_NOT_AFTER_START, "end must be after start"))
        if p is not None and h.start >= p.horizon_start:
            v.append(
                FieldViolation(f"{hp}.start", Reason.OUTSIDE_HORIZON, "a historic duty must start before the horizon")
            )
    return v


def _check_shift(s: Shift, path, p: Problem | None, loc_ids, comp_ids) -> list[FieldViolation]:
    v = []
    if s.location_id is not None:
        v += unknown(s.location_id, loc_ids, f"{path}.location_id", "location")
    if s.end <= s.start:
        v.append(FieldViolation(f"{path}.end", Reason.END_NOT_AFTER_START, "end must be after start"))
    elif p is not None:
        if s.end - s.start > p.horizon_end - p.horizon_start:
            v.append(
                FieldViolation(f"{path}.end", Reason.SHIFT_LONGER_THAN_HORIZON, "the shift is longer than the horizon")
            )
        elif not (p.horizon_start <= s.start < p.horizon_end):
            v.append(FieldViolation(f"{path}.start", Reason.OUTSIDE_HORIZON, "the shift starts outside the horizon"))
    if not s.requirements:
        v.append(FieldViolation(f"{path}.requirements", Reason.NO_REQUIREMENTS, "a shift needs at least one requirement"))
    v += _check_ids([r.id for r in s.requirements], f"{path}.requirements")
    for k, r in enumerate(s.requirements):
        rp = f"{path}.requirements[{k}]"
        for c, comp in enumerate(r.competency_ids):
            v += unknown(comp, comp_ids, f"{rp}.competency_ids[{c}]", "competency")
        for name in ("min_headcount", "max_headcount", "weight_under", "weight_over"):
            v += negative(getattr(r, name), f"{rp}.{name}")
        v += min_above_max(r.min_headcount, r.max_headcount, f"{rp}.min_headcount", "max_headcount")
    return v
