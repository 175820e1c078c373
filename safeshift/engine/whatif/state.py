"""The roster as the evaluator keeps it: each person's duties sorted by time, and the
counters the H10 limits need, so that one new job is checked against one person in a
few microseconds (docs/whatif.md, "Fast path").

Units follow docs/rules.md "Time" exactly as the validator reads them: real minutes since
the horizon start (starts floored, ends ceiled), calendar days are local dates of starts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Assignment, Problem, Shift, Staff
from ..model.rules import ResolvedRules
from ..model.timeutil import local_date, minutes_between


@dataclass(frozen=True)
class Slot:
    """A shift (existing or candidate job) in engine units."""

    shift: Shift
    order: int  # position in the problem's shifts (jobs follow the existing shifts)
    start: int
    end: int
    day: int
    local_day: date
    location: int  # -1: none

    @property
    def id(self) -> str:
        return self.shift.id

    @property
    def category(self) -> str:
        return self.shift.category

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def saturday(self) -> date | None:
        """The Saturday of the weekend this slot's day belongs to, or None on weekdays."""
        wd = self.local_day.weekday()
        return self.local_day - timedelta(days=wd - 5) if wd >= 5 else None


@dataclass(frozen=True)
class Held:
    """A duty a person holds: the slot, the requirement, and door-to-door times."""

    slot: Slot
    requirement_id: str
    travel_in: int
    travel_out: int

    @property
    def door_start(self) -> int:
        return self.slot.start - self.travel_in

    @property
    def door_end(self) -> int:
        return self.slot.end + self.travel_out

    @property
    def key(self) -> tuple[int, int]:
        return (self.slot.start, self.slot.order)


class Calendar:
    """Slots of a problem's shifts and the means to place new jobs on the same clock."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.zone = problem.zone
        self.origin = problem.horizon_start
        self.first_date = local_date(self.origin, self.zone)
        end = problem.horizon_end
        self.n_days = 0 if end <= self.origin else (local_date(end - timedelta(minutes=1), self.zone) - self.first_date).days + 1
        self.location_index = {loc.id: i for i, loc in enumerate(problem.locations)}
        self.travel_rows = problem.indexed.travel
        self.forbidden = frozenset(problem.forbidden_successions)
        self.slots = {s.id: self.slot(s, order) for order, s in enumerate(problem.shifts)}

    def slot(self, shift: Shift, order: int) -> Slot:
        local_day = local_date(shift.start, self.zone)
        return Slot(
            shift=shift,
            order=order,
            start=minutes_between(self.origin, shift.start),
            end=minutes_between(self.origin, shift.end, round_up=True),
            day=(local_day - self.first_date).days,
            local_day=local_day,
            location=self.location_index.get(shift.location_id, -1),
        )

    def travel(self, a: int, b: int) -> int:
        if a < 0 or b < 0 or a == b:
            return 0
        return self.travel_rows[a][b]

    def home(self, staff: Staff) -> int:
        return self.location_index.get(staff.home_location_id, -1)

    def day_text(self, day: int) -> str:
        return (self.first_date + timedelta(days=day)).isoformat()

    def clock(self, minute: int) -> str:
        """``2026-03-10 14:00``: a minute since the horizon start, in local time."""
        return f"{(self.origin + timedelta(minutes=minute)).astimezone(self.zone):%Y-%m-%d %H:%M}"


class PersonState:
    """One person's duties (one per distinct shift, sorted by (start, order)) and counters."""

    def __init__(self, index: int, staff: Staff, rules: ResolvedRules, home: int, held: list[Held]):
        self.index, self.staff, self.rules, self.home = index, staff, rules, home
        distinct: dict[str, Held] = {}
        for h in held:
            distinct.setdefault(h.slot.id, h)
        self.assignments = tuple(held)
        self.duties = tuple(sorted(distinct.values(), key=lambda h: h.key))
        self.shift_ids = frozenset(distinct)
        self.starts = [h.slot.start for h in self.duties]
        self.max_reach = max((h.door_end - h.slot.start for h in self.duties), default=0)
        self.max_travel_in = max((h.travel_in for h in self.duties), default=0)
        self.by_day: dict[int, list[Held]] = defaultdict(list)
        for h in self.duties:
            self.by_day[h.slot.day].append(h)
        self.categories = Counter(h.slot.category for h in self.duties)
        self.total_minutes = sum(h.slot.minutes for h in self.duties)
        self.weekends = {h.slot.saturday for h in self.duties if h.slot.saturday is not None}
        self.worked_days = sorted(self.by_day)
        self.keys = [h.key for h in self.duties]
        # For fatigue margins: the duty with the latest door_end among those before
        # position k, and the one with the earliest door_start from position k on.
        self.latest_end: list[Held | None] = [None]
        for h in self.duties:
            last = self.latest_end[-1]
            self.latest_end.append(h if last is None or h.door_end > last.door_end else last)
        self.earliest_start: list[Held | None] = [None] * (len(self.duties) + 1)
        for k in range(len(self.duties) - 1, -1, -1):
            nxt, h = self.earliest_start[k + 1], self.duties[k]
            self.earliest_start[k] = h if nxt is None or h.door_start <= nxt.door_start else nxt

    def near(self, door_start: int, door_end: int, slack: int) -> list[Held]:
        """Duties whose door-to-door interval comes within ``slack`` minutes of
        ``[door_start, door_end)``, in time order (a superset is fine; callers re-check)."""
        lo = bisect_left(self.starts, door_start - slack - self.max_reach)
        hi = bisect_left(self.starts, door_end + slack + self.max_travel_in + 1)
        return list(self.duties[lo:hi])

    def run_through(self, day: int) -> tuple[int, int]:
        """Lengths of the worked runs ending at ``day - 1`` and starting at ``day + 1``."""
        days = self.by_day
        left = 0
        while (day - left - 1) in days:
            left += 1
        right = 0
        while (day + right + 1) in days:
            right += 1
        return left, right

    def neighbours(self, day: int) -> tuple[int | None, int | None]:
        """The last worked day before ``day`` and the first after it (None: none)."""
        pos = bisect_left(self.worked_days, day)
        before = self.worked_days[pos - 1] if pos > 0 else None
        after_pos = pos + 1 if pos < len(self.worked_days) and self.worked_days[pos] == day else pos
        after = self.worked_days[after_pos] if after_pos < len(self.worked_days) else None
        return before, after


def build_people(problem: Problem, calendar: Calendar, roster: tuple[Assignment, ...]) -> list[PersonState]:
    """Every staff member's state, in staff order (empty for those with no assignment)."""
    index = {s.id: i for i, s in enumerate(problem.staff)}
    homes = [calendar.home(s) for s in problem.staff]
    held: list[list[Held]] = [[] for _ in problem.staff]
    for a in roster:
        i = index[a.staff_id]
        slot = calendar.slots[a.shift_id]
        held[i].append(Held(slot, a.requirement_id, calendar.travel(homes[i], slot.location),
                            calendar.travel(slot.location, homes[i])))
    rules = problem.indexed.rules
    return [PersonState(i, s, rules[i], homes[i], held[i]) for i, s in enumerate(problem.staff)]
