"""``pb.Problem`` <-> domain ``Problem``.

From proto: Timestamps become aware UTC datetimes (unset: None); unset optional fields
become None or the domain default; empty reference ids become None; a requirement
without an id gets its index. Every bad field is reported at once, its path prefixed
with ``path`` (``problem.shifts[3].requirements[0].min_headcount``).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta

from ...engine.errors import InvalidProblemError, Reason
from ...engine.model import (
    DEFAULT_TIME_ZONE,
    Assignment,
    CompetencyGrant,
    Contract,
    HistoricDuty,
    Interval,
    Location,
    ObjectiveWeights,
    Preference,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)
from ...engine.model.rules import INT_PARAMS
from ...v1 import roster_pb2 as pb
from ._common import UTC, Violations, finite, join, ts_from_proto, ts_to_proto

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WEIGHT_FIELDS = ("cost", "preference", "fairness_minutes", "fairness_nights", "fairness_weekends", "fatigue")
_PLACEHOLDER = datetime(2000, 1, 1, tzinfo=UTC)


def _optional(msg, name: str):
    return getattr(msg, name) if msg.HasField(name) else None


def _set_fields(msg, names) -> dict:
    """Keyword arguments for the fields of ``names`` that ``msg`` sets (others: domain default)."""
    return {name: getattr(msg, name) for name in names if msg.HasField(name)}


# ---------------------------------------------------------------- from proto


def rules_from_proto(msg: pb.RuleParameters) -> RuleParams:
    return RuleParams(
        **{name: _optional(msg, name) for name in INT_PARAMS},
        category_max=dict(msg.category_max),
        disabled_rules=frozenset(msg.disabled_rules),
    )


def _times(msg, path: str, bad: Violations, what: str) -> tuple[datetime | None, datetime | None]:
    """Start and end of a shift or interval; missing or bad ones are violations, and the
    domain's follow-on complaints about these two fields are dropped."""
    out = []
    for name in ("start", "end"):
        field = join(path, name)
        value = ts_from_proto(msg, name, path, bad, field)
        if not msg.HasField(name):
            bad.add(field, Reason.MISSING, f"{what} needs its {name}", field)
        if value is None:
            bad.spoiled.append(join(path, "start" if name == "end" else "end"))
        out.append(value)
    return out[0], out[1]


def _interval(msg: pb.TimeInterval, path: str, bad: Violations) -> Interval:
    start, end = _times(msg, path, bad, "an interval")
    if start is None or end is None:  # placeholders keep the domain checks going
        start = start or (end - timedelta(minutes=1) if end else _PLACEHOLDER)
        end = end or start + timedelta(minutes=1)
    return Interval(start, end, msg.reason)


def _history(msg: pb.HistoricDuty, path: str, bad: Violations) -> HistoricDuty:
    start, end = _times(msg, path, bad, "a historic duty")
    if start is None or end is None:
        start = start or (end - timedelta(minutes=1) if end else _PLACEHOLDER)
        end = end or start + timedelta(minutes=1)
    return HistoricDuty(start, end, msg.location_id or None, msg.category)


def _staff(msg: pb.Staff, path: str, bad: Violations) -> Staff:
    grants = tuple(
        CompetencyGrant(
            g.competency_id,
            ts_from_proto(g, "valid_from", f"{path}.competencies[{k}]", bad),
            ts_from_proto(g, "valid_until", f"{path}.competencies[{k}]", bad),
        )
        for k, g in enumerate(msg.competencies)
    )
    return Staff(
        id=msg.id,
        name=msg.name,
        organisation=msg.organisation,
        home_location_id=msg.home_location_id or None,
        competencies=grants,
        contract_id=msg.contract_id or None,
        rules=rules_from_proto(msg.rules),
        unavailable=tuple(_interval(iv, f"{path}.unavailable[{k}]", bad) for k, iv in enumerate(msg.unavailable)),
        availability=tuple(_interval(iv, f"{path}.availability[{k}]", bad) for k, iv in enumerate(msg.availability)),
        cost_per_hour=msg.cost_per_hour,
        group=msg.group,
        history=tuple(_history(h, f"{path}.history[{k}]", bad) for k, h in enumerate(msg.history)),
    )


def _requirement(msg: pb.Requirement, index: int) -> Requirement:
    names = ("min_headcount", "max_headcount", "weight_under", "weight_over")
    return Requirement(id=msg.id or str(index), competency_ids=tuple(msg.competency_ids), **_set_fields(msg, names))


def _shift(msg: pb.Shift, path: str, bad: Violations, fallback: datetime) -> Shift:
    start, end = _times(msg, path, bad, "a shift")
    if start is None or end is None:
        start = start or (end - timedelta(minutes=1) if end else fallback)
        end = end or start + timedelta(minutes=1)
    return Shift(
        id=msg.id,
        start=start,
        end=end,
        location_id=msg.location_id or None,
        category=msg.category,
        requirements=tuple(_requirement(r, k) for k, r in enumerate(msg.requirements)),
    )


def _preference(msg: pb.Preference, path: str, bad: Violations) -> Preference:
    target = msg.WhichOneof("target")
    shift_id, day = None, None
    if target == "shift_id":
        shift_id = msg.shift_id
    elif target == "date":
        try:
            if not _DATE.match(msg.date):
                raise ValueError("expected YYYY-MM-DD")
            day = date.fromisoformat(msg.date)
        except ValueError as e:
            field = join(path, "date")
            bad.add(field, Reason.INVALID_VALUE, f"{msg.date!r} is not a date YYYY-MM-DD ({e})", field)
            day = _PLACEHOLDER.date()
    return Preference(
        staff_id=msg.staff_id,
        want=msg.want,
        weight=msg.weight,
        shift_id=shift_id,
        date=day,
        category=msg.category or None,
    )


def _travel(msg: pb.Travel, path: str, bad: Violations) -> TravelSettings:
    kwargs = {}
    if msg.HasField("speed_kmh"):
        kwargs["speed_kmh"] = finite(msg.speed_kmh, f"{path}.speed_kmh", bad)
    if msg.HasField("road_factor"):
        kwargs["road_factor"] = finite(msg.road_factor, f"{path}.road_factor", bad)
    if msg.HasField("travel_is_working_time"):
        kwargs["is_working_time"] = msg.travel_is_working_time
    matrix = tuple(tuple(row.minutes) for row in msg.matrix) or None
    return TravelSettings(matrix=matrix, **kwargs)


def _location(msg: pb.Location, path: str, bad: Violations) -> Location:
    lat, lon = _optional(msg, "latitude"), _optional(msg, "longitude")
    if lat is not None:
        finite(lat, f"{path}.latitude", bad)
    if lon is not None:
        finite(lon, f"{path}.longitude", bad)
    return Location(msg.id, msg.name, lat, lon)


def assignments_from_proto(msgs, path: str = "assignments") -> tuple[Assignment, ...]:
    """Assignments as given (references are checked by ``Problem.check_roster``)."""
    return tuple(Assignment(a.staff_id, a.shift_id, a.requirement_id) for a in msgs)


def problem_from_proto(msg: pb.Problem, path: str = "problem") -> Problem:
    """The domain problem of ``msg``; raises ``InvalidProblemError`` listing every bad field,
    each path prefixed with ``path``."""
    bad = Violations()
    p = lambda rest: join(path, rest)  # noqa: E731
    horizon_start = ts_from_proto(msg, "horizon_start", path, bad)
    horizon_end = ts_from_proto(msg, "horizon_end", path, bad)
    fallback = horizon_start or _PLACEHOLDER
    kwargs = dict(
        id=msg.id,
        timezone=msg.timezone or DEFAULT_TIME_ZONE,
        horizon_start=horizon_start,
        horizon_end=horizon_end,
        locations=tuple(_location(x, p(f"locations[{i}]"), bad) for i, x in enumerate(msg.locations)),
        travel=_travel(msg.travel, p("travel"), bad),
        competency_ids=tuple(msg.competency_ids),
        contracts=tuple(Contract(c.id, rules_from_proto(c.rules)) for c in msg.contracts),
        defaults=rules_from_proto(msg.defaults),
        staff=tuple(_staff(s, p(f"staff[{i}]"), bad) for i, s in enumerate(msg.staff)),
        shifts=tuple(_shift(s, p(f"shifts[{i}]"), bad, fallback) for i, s in enumerate(msg.shifts)),
        forbidden_successions=tuple((r.from_category, r.to_category) for r in msg.forbidden_successions),
        preferences=tuple(_preference(x, p(f"preferences[{i}]"), bad) for i, x in enumerate(msg.preferences)),
        pinned=assignments_from_proto(msg.pinned, p("pinned")),
        weights=ObjectiveWeights(**_set_fields(msg.weights, WEIGHT_FIELDS)),
    )
    try:
        problem = Problem(**kwargs)
    except InvalidProblemError as e:
        bad.raise_with(e.prefixed(path))
        raise  # not reached: raise_with always raises with the domain's violations
    bad.raise_with()
    return problem


# ---------------------------------------------------------------- to proto


def rules_to_proto(rules: RuleParams, target: pb.RuleParameters) -> None:
    for name in INT_PARAMS:
        value = getattr(rules, name)
        if value is not None:
            setattr(target, name, value)
    for key, value in rules.category_max.items():
        target.category_max[key] = value
    target.disabled_rules.extend(sorted(rules.disabled_rules))


def assignments_to_proto(assignments, target=None) -> list[pb.Assignment]:
    """Assignments as messages, appended to the repeated field ``target`` when given."""
    msgs = [pb.Assignment(staff_id=a.staff_id, shift_id=a.shift_id, requirement_id=a.requirement_id) for a in assignments]
    if target is not None:
        target.extend(msgs)
    return msgs


def _changed(value, default) -> dict:
    """Only the fields of dataclass ``value`` that differ from ``default``'s."""
    return {
        f.name: getattr(value, f.name)
        for f in dataclasses.fields(value)
        if getattr(value, f.name) != getattr(default, f.name)
    }


def _interval_to_proto(iv: Interval, target: pb.TimeInterval) -> None:
    ts_to_proto(iv.start, target.start)
    ts_to_proto(iv.end, target.end)
    target.reason = iv.reason


def _staff_to_proto(s: Staff, m: pb.Staff) -> None:
    m.id, m.name, m.organisation, m.group = s.id, s.name, s.organisation, s.group
    m.home_location_id = s.home_location_id or ""
    m.contract_id = s.contract_id or ""
    m.cost_per_hour = s.cost_per_hour
    for g in s.competencies:
        gm = m.competencies.add(competency_id=g.competency_id)
        if g.valid_from is not None:
            ts_to_proto(g.valid_from, gm.valid_from)
        if g.valid_until is not None:
            ts_to_proto(g.valid_until, gm.valid_until)
    rules_to_proto(s.rules, m.rules)
    for iv in s.unavailable:
        _interval_to_proto(iv, m.unavailable.add())
    for iv in s.availability:
        _interval_to_proto(iv, m.availability.add())
    for h in s.history:
        hm = m.history.add(location_id=h.location_id or "", category=h.category)
        ts_to_proto(h.start, hm.start)
        ts_to_proto(h.end, hm.end)


def _shift_to_proto(s: Shift, m: pb.Shift) -> None:
    m.id, m.category, m.location_id = s.id, s.category, s.location_id or ""
    ts_to_proto(s.start, m.start)
    ts_to_proto(s.end, m.end)
    for r in s.requirements:
        fields = _changed(r, Requirement(r.id))
        fields.pop("competency_ids", None)
        m.requirements.add(id=r.id, competency_ids=r.competency_ids, **fields)


def _preference_to_proto(x: Preference, m: pb.Preference) -> None:
    m.staff_id, m.want, m.weight, m.category = x.staff_id, x.want, x.weight, x.category or ""
    if x.shift_id is not None:
        m.shift_id = x.shift_id
    elif x.date is not None:
        m.date = x.date.isoformat()


def problem_to_proto(problem: Problem, description: str = "") -> pb.Problem:
    """The message of a domain problem (the inverse of ``problem_from_proto``); values equal
    to their defaults are left unset, so scenario files stay short."""
    m = pb.Problem(id=problem.id, timezone=problem.timezone, description=description)
    ts_to_proto(problem.horizon_start, m.horizon_start)
    ts_to_proto(problem.horizon_end, m.horizon_end)
    for loc in problem.locations:
        m.locations.add(id=loc.id, name=loc.name, latitude=loc.latitude, longitude=loc.longitude)
    travel = problem.travel
    for row in travel.matrix or ():
        m.travel.matrix.add(minutes=row)
    changed = _changed(dataclasses.replace(travel, matrix=None), TravelSettings())
    if "speed_kmh" in changed:
        m.travel.speed_kmh = travel.speed_kmh
    if "road_factor" in changed:
        m.travel.road_factor = travel.road_factor
    if "is_working_time" in changed:
        m.travel.travel_is_working_time = travel.is_working_time
    m.competency_ids.extend(problem.competency_ids)
    for c in problem.contracts:
        rules_to_proto(c.rules, m.contracts.add(id=c.id).rules)
    rules_to_proto(problem.defaults, m.defaults)
    for s in problem.staff:
        _staff_to_proto(s, m.staff.add())
    for s in problem.shifts:
        _shift_to_proto(s, m.shifts.add())
    for a, b in problem.forbidden_successions:
        m.forbidden_successions.add(from_category=a, to_category=b)
    for x in problem.preferences:
        _preference_to_proto(x, m.preferences.add())
    assignments_to_proto(problem.pinned, m.pinned)
    for name, value in _changed(problem.weights, ObjectiveWeights()).items():
        setattr(m.weights, name, value)
    return m
