"""The roster as the validator sees it: duties in real minutes, grouped per person.

Everything here is computed from the domain objects (docs/rules.md, "Time"): an instant
is a whole number of real elapsed minutes since the horizon start, starts floored and
ends ceiled; a duty's calendar day is the local date of its start in the problem's zone.
Only the travel matrix is borrowed from ``problem.indexed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Mapping

from ..model import Assignment, Problem, Requirement, Shift, Staff
from ..model.rules import ResolvedRules
from ..model.timeutil import format_minutes, local_date, minutes_between
from ..result import Violation

# Rule codes in report order (S7: the fatigue hard threshold).
RULE_ORDER = ("H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "H11", "S7")


@dataclass(frozen=True)
class ShiftInfo:
    """A shift in engine units: minutes since the horizon start, day number, location."""

    shift: Shift
    order: int  # position in problem.shifts (breaks ties between equal starts)
    start: int
    end: int
    day: int
    local_day: date
    location: int  # index into problem.locations, -1 when none

    @property
    def id(self) -> str:
        return self.shift.id

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Duty:
    """One assignment of one person, with the travel it needs from and back home.

    Door-to-door interval: ``[start - travel_in, end + travel_out)``.
    """

    info: ShiftInfo
    requirement: Requirement
    travel_in: int  # home -> shift location
    travel_out: int  # shift location -> home
    shift_id: str = field(init=False)
    door_start: int = field(init=False)
    door_end: int = field(init=False)
    sort_key: tuple[int, int] = field(init=False)  # (start, shift order)

    def __post_init__(self):
        object.__setattr__(self, "shift_id", self.info.shift.id)
        object.__setattr__(self, "door_start", self.info.start - self.travel_in)
        object.__setattr__(self, "door_end", self.info.end + self.travel_out)
        object.__setattr__(self, "sort_key", (self.info.start, self.info.order))

    @property
    def historic(self) -> bool:
        """A duty worked before the horizon (``Staff.history``), not part of the roster."""
        return self.info.order < 0


def roster_ids(duties) -> list[str]:
    """The shift ids of the roster duties among ``duties`` (historic ones left out)."""
    return [d.shift_id for d in duties if not d.historic]


@dataclass(frozen=True)
class PersonRoster:
    """One staff member's assignments.

    ``assignments`` keeps every assignment (H1 and H3 duplicates are per assignment);
    ``duties`` keeps one duty per distinct shift, sorted by (start, shift order): the
    other rules look at the shifts a person works, not at how often they are listed.
    ``history`` holds the duties worked before the horizon, in time order.
    """

    staff: Staff
    rules: ResolvedRules
    assignments: tuple[Duty, ...]
    duties: tuple[Duty, ...]
    shift_ids: frozenset[str] = frozenset()
    history: tuple[Duty, ...] = ()

    @staticmethod
    def of(staff: Staff, rules: ResolvedRules, assignments, history=()) -> PersonRoster:
        distinct: dict[str, Duty] = {}
        for d in assignments:
            distinct.setdefault(d.shift_id, d)
        duties = tuple(sorted(distinct.values(), key=lambda d: d.sort_key))
        return PersonRoster(staff, rules, tuple(assignments), duties, frozenset(distinct), tuple(history))

    def with_duty(self, duty: Duty) -> PersonRoster:
        """This roster with one more assignment (for explanations)."""
        return PersonRoster.of(self.staff, self.rules, self.assignments + (duty,), self.history)

    @property
    def all_duties(self) -> tuple[Duty, ...]:
        """The history, then the roster's duties: everything worked, in time order."""
        return self.history + self.duties


@dataclass(frozen=True)
class Breach:
    """A violation plus what explanations need to compare rosters.

    ``part`` names the rule part (e.g. ``H10.max_weekends``); ``excess`` is how far past
    the limit it is (1 for yes/no rules). ``viewpoint`` optionally words the breach as
    seen from one of its shifts being the newly added one (shift id -> message).
    """

    violation: Violation
    part: str
    excess: int = 1
    viewpoint: Mapping[str, str] = field(default_factory=dict)

    def message_for(self, shift_id: str) -> str:
        return self.viewpoint.get(shift_id, self.violation.message)


class RosterContext:
    """Shared, per-problem data for every check: shifts in minutes, travel, rules."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.zone = problem.zone
        self.origin = problem.horizon_start
        self.first_date = local_date(self.origin, self.zone)
        self.n_days = horizon_days(problem)
        self._location_index = {loc.id: i for i, loc in enumerate(problem.locations)}
        self._travel = problem.indexed.travel
        self._rules: dict[str, ResolvedRules] = {}
        self.cache: dict = {}  # per-validation memo for expensive checks (fatigue scores)
        self.shifts: dict[str, ShiftInfo] = {}
        for order, s in enumerate(problem.shifts):
            local_day = local_date(s.start, self.zone)
            self.shifts[s.id] = ShiftInfo(
                shift=s,
                order=order,
                start=minutes_between(self.origin, s.start),
                end=minutes_between(self.origin, s.end, round_up=True),
                day=(local_day - self.first_date).days,
                local_day=local_day,
                location=self._location_index.get(s.location_id, -1),
            )

    # Travel and rules ----------------------------------------------------------
    def travel(self, from_location: int, to_location: int) -> int:
        """Minutes between two location indices; same place or no location: 0."""
        if from_location < 0 or to_location < 0 or from_location == to_location:
            return 0
        return self._travel[from_location][to_location]

    def home(self, staff: Staff) -> int:
        return self._location_index.get(staff.home_location_id, -1)

    def rules(self, staff: Staff) -> ResolvedRules:
        if staff.id not in self._rules:
            self._rules[staff.id] = self.problem.rules_for(staff)
        return self._rules[staff.id]

    # Duties ----------------------------------------------------------------------
    def duty(self, staff: Staff, shift_id: str, requirement_id: str) -> Duty:
        info = self.shifts[shift_id]
        home = self.home(staff)
        requirement = info.shift.requirements[info.shift.requirement_index(requirement_id)]
        return Duty(info, requirement, self.travel(home, info.location), self.travel(info.location, home))

    def history(self, staff: Staff) -> tuple[Duty, ...]:
        """The duties ``staff`` worked before the horizon, as duties of made-up shifts whose
        id describes them (``order`` < 0 marks them historic), in time order."""
        out = []
        home = self.home(staff)
        for k, h in enumerate(sorted(staff.history, key=lambda h: (h.start, h.end))):
            label = f"(worked before the horizon, {self.clock(h.start)} to {self.clock(h.end)})"
            local_day = local_date(h.start, self.zone)
            location = self._location_index.get(h.location_id, -1)
            info = ShiftInfo(
                shift=Shift(label, h.start, h.end, h.location_id, h.category),
                order=-1 - k,
                start=minutes_between(self.origin, h.start),
                end=minutes_between(self.origin, h.end, round_up=True),
                day=(local_day - self.first_date).days,
                local_day=local_day,
                location=location,
            )
            out.append(Duty(info, Requirement("history"), self.travel(home, location), self.travel(location, home)))
        return tuple(out)

    def people(self, roster: tuple[Assignment, ...]) -> dict[str, PersonRoster]:
        """Every staff member's roster (empty for those with no assignment), in staff order."""
        return self.people_of(roster, None)

    def people_of(self, roster: tuple[Assignment, ...], staff_ids: set[str] | None) -> dict[str, PersonRoster]:
        """The rosters of the staff in ``staff_ids`` (None: everyone), in staff order;
        ``roster`` must only name them."""
        staff = [s for s in self.problem.staff if staff_ids is None or s.id in staff_ids]
        by_staff: dict[str, list[Duty]] = {s.id: [] for s in staff}
        for a in roster:
            by_staff[a.staff_id].append(self.duty(self.problem.staff_by_id[a.staff_id], a.shift_id, a.requirement_id))
        return {s.id: PersonRoster.of(s, self.rules(s), tuple(by_staff[s.id]), self.history(s)) for s in staff}

    # Text --------------------------------------------------------------------------
    def when(self, t: datetime) -> str:
        """``2026-03-10 14:00 (Europe/London)``: an instant in the problem's zone."""
        return f"{t.astimezone(self.zone):%Y-%m-%d %H:%M} ({self.problem.timezone})"

    def clock(self, t: datetime) -> str:
        """``2026-03-10 14:00``: local time without the zone name."""
        return f"{t.astimezone(self.zone):%Y-%m-%d %H:%M}"

    def day_text(self, day: int) -> str:
        return (self.first_date + timedelta(days=day)).isoformat()

    def minute_text(self, minute: int) -> str:
        """``Tue 2026-03-03 03:00``: minute ``minute`` since the horizon start, local time."""
        return f"{(self.origin + timedelta(minutes=minute)).astimezone(self.zone):%a %Y-%m-%d %H:%M}"


def horizon_days(problem: Problem) -> int:
    """Number of local calendar days the horizon touches (day 0 = horizon start's date)."""
    start, end = problem.horizon_start, problem.horizon_end
    if end <= start:
        return 0
    first = local_date(start, problem.zone)
    last = local_date(end - timedelta(minutes=1), problem.zone)
    return (last - first).days + 1


def hm(minutes: int) -> str:
    """Shorthand for ``format_minutes`` (``10 h 05 min``)."""
    return format_minutes(minutes)


def violation(rule: str, staff_id: str, shift_ids, message: str, **values: int) -> Violation:
    return Violation(rule, staff_id, tuple(shift_ids), message, dict(values))
