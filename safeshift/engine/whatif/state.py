"""The roster as the evaluator keeps it: each person's duties sorted by time (and those
worked before the horizon), the counters the H10 limits need and the prefix sums the
fatigue rules H6..H9 need, so that one new job is checked against one person in a few
microseconds (docs/whatif.md, "Fast path").

Units follow docs/rules.md "Time" exactly as the validator reads them: real minutes since
the horizon start (starts floored, ends ceiled), calendar days are local dates of starts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import Assignment, Problem, Shift, Staff
from ..model.rules import ResolvedRules
from ..model.timeutil import local_date, minutes_between, to_utc
from ..validation.nights import NIGHT_MINUTES, shift_night_minutes
from ..validation.weekly_rest import longest_rest, reference_periods



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
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)  # e.g. "night"

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
        self.horizon_minutes = minutes_between(self.origin, end)
        self._periods: dict[int, tuple[tuple[int, int], ...]] = {}

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

    def history(self, staff: Staff, home: int) -> tuple[Held, ...]:
        """The duties ``staff`` worked before the horizon, as held duties of made-up slots
        named as the validator names them (``order`` < 0), in time order."""
        out = []
        for k, h in enumerate(sorted(staff.history, key=lambda h: (h.start, h.end))):
            label = f"(worked before the horizon, {self.clock_at(h.start)} to {self.clock_at(h.end)})"
            local_day = local_date(h.start, self.zone)
            location = self.location_index.get(h.location_id, -1)
            slot = Slot(Shift(label, h.start, h.end, h.location_id, h.category), -1 - k,
                        minutes_between(self.origin, h.start), minutes_between(self.origin, h.end, round_up=True),
                        (local_day - self.first_date).days, local_day, location)
            out.append(Held(slot, "history", self.travel(home, location), self.travel(location, home)))
        return tuple(out)

    def is_night(self, slot: Slot) -> bool:
        """At least 180 real minutes of the shift between local 23:00 and 06:00 (every
        night it touches; real minutes, so a clock-change night is 6 h or 8 h long)."""
        found = slot.memo.get("night")
        if found is None:
            found = slot.memo["night"] = shift_night_minutes(slot.shift.start, slot.shift.end, self.zone) >= NIGHT_MINUTES
        return found

    def periods(self, days: int) -> tuple[tuple[int, int], ...]:
        """H9 reference periods ``[lo, hi)`` (minutes) of ``days`` local days from local
        midnight on the Monday of the horizon's first week, up to the horizon end."""
        found = self._periods.get(days)
        if found is None:
            found = self._periods[days] = tuple(reference_periods(self.origin, self.first_date, self.zone,
                                                                  self.horizon_minutes, days))
        return found

    def worked(self, held: Held) -> tuple[int, int]:
        """H6 worked interval: door to door when travel is working time, else the shift."""
        if self.problem.travel.is_working_time:
            return held.door_start, held.door_end
        return held.slot.start, held.slot.end

    def travel(self, a: int, b: int) -> int:
        if a < 0 or b < 0 or a == b:
            return 0
        return self.travel_rows[a][b]

    def home(self, staff: Staff) -> int:
        return self.location_index.get(staff.home_location_id, -1)

    def day_text(self, day: int) -> str:
        return (self.first_date + timedelta(days=day)).isoformat()

    def clock_at(self, t) -> str:
        return f"{to_utc(t).astimezone(self.zone):%Y-%m-%d %H:%M}"

    def minute_text(self, minute: int) -> str:
        """``Tue 2026-03-03 03:00``: a minute since the horizon start, local time."""
        return f"{(self.origin + timedelta(minutes=minute)).astimezone(self.zone):%a %Y-%m-%d %H:%M}"

    def clock(self, minute: int) -> str:
        """``2026-03-10 14:00``: a minute since the horizon start, in local time."""
        return f"{(self.origin + timedelta(minutes=minute)).astimezone(self.zone):%Y-%m-%d %H:%M}"


class PersonState:
    """One person's duties (one per distinct shift, sorted by (start, order)) and counters."""

    def __init__(self, index: int, staff: Staff, rules: ResolvedRules, home: int, held: list[Held],
                 history: tuple[Held, ...] = (), calendar: Calendar | None = None):
        self.index, self.staff, self.rules, self.home = index, staff, rules, home
        self.history = history  # duties worked before the horizon, in time order
        # Rule parts (H6, H7) the roster already breaks for this person: their numbers
        # depend on windows far from the job, so the fast path asks the validator.
        self.breached_parts: frozenset[str] = frozenset()
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
        self.history_days = frozenset(h.slot.day for h in history)
        self.eve = tuple(h for h in history if h.slot.day == -1)  # for successions into day 0
        if calendar is not None:
            self._fatigue(calendar)

    def _fatigue(self, cal: Calendar) -> None:
        """What the H6..H9 checks need, over everything worked (history included)."""
        rules = self.rules
        everything = sorted(self.history + self.duties, key=lambda h: h.key)
        self.all_duties = tuple(everything)
        self.all_keys = [h.key for h in everything]
        if rules.max_minutes_in_window is not None and rules.window_minutes:
            # H6: F(t) = worked minutes before t = sum min(t, end) - sum min(t, start).
            intervals = [cal.worked(h) for h in everything]
            self.w_starts = sorted(a for a, _ in intervals)
            self.w_ends = sorted(b for _, b in intervals)
            self.w_start_sums = _prefix(self.w_starts)
            self.w_end_sums = _prefix(self.w_ends)
            self.w_aligned = frozenset(self.w_starts)
        if rules.max_duties_in_span is not None and rules.span_days:
            self.duty_days = sorted(h.slot.day for h in everything)  # H7
        if rules.max_consecutive_nights is not None or rules.min_rest_after_nights_minutes is not None:
            self.nights = [cal.is_night(h.slot) for h in everything]  # H8
            self.night_days: dict[int, bool] = {}  # day -> a roster night starts on it
            for h, night in zip(everything, self.nights):
                if night:
                    self.night_days[h.slot.day] = self.night_days.get(h.slot.day, False) or h.slot.order >= 0
        need, days = rules.weekly_rest_minutes, rules.weekly_rest_period_days
        if need is not None and days:  # H9: per period, the longest rest and whether a roster duty touches it
            self.busy = sorted((h.door_start, h.door_end) for h in everything)
            self.busy_starts = [a for a, _ in self.busy]
            self.busy_reach = max((b - a for a, b in self.busy), default=0)
            self._rest_in: dict[int, tuple[int, int, bool]] = {}  # filled on first use (period_rest)

    def worked_before(self, t: int) -> int:
        """H6: worked minutes before minute ``t`` (history included), in O(log n)."""
        k = bisect_left(self.w_ends, t)
        ends = self.w_end_sums[k] + t * (len(self.w_ends) - k)
        k = bisect_left(self.w_starts, t)
        return ends - self.w_start_sums[k] - t * (len(self.w_starts) - k)

    def period_rest(self, lo: int, hi: int) -> tuple[int, int, bool]:
        """H9 of the period ``[lo, hi)`` as the roster stands: the longest rest, where it
        starts, and whether a roster duty's door-to-door interval overlaps the period
        (memoised: idempotent, so concurrent readers may race harmlessly)."""
        found = self._rest_in.get(lo)
        if found is None:
            touched = any(h.door_start < hi and h.door_end > lo for h in self.near(lo, hi, 0))
            found = self._rest_in[lo] = (*longest_rest(self.busy_in(lo, hi), lo, hi), touched)
        return found

    def busy_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """H9: the door-to-door intervals overlapping ``[lo, hi)``, sorted."""
        first = bisect_left(self.busy_starts, lo - self.busy_reach)
        last = bisect_left(self.busy_starts, hi)
        return [x for x in self.busy[first:last] if x[1] > lo]

    def near(self, door_start: int, door_end: int, slack: int) -> list[Held]:
        """Duties whose door-to-door interval comes within ``slack`` minutes of
        ``[door_start, door_end)``, in time order (a superset is fine; callers re-check)."""
        lo = bisect_left(self.starts, door_start - slack - self.max_reach)
        hi = bisect_left(self.starts, door_end + slack + self.max_travel_in + 1)
        return list(self.duties[lo:hi])

    def run_through(self, day: int, past=frozenset()) -> tuple[int, int]:
        """Lengths of the worked runs ending at ``day - 1`` and starting at ``day + 1``
        (days in ``past`` count as worked too)."""
        days = self.by_day
        left = 0
        while (day - left - 1) in days or (day - left - 1) in past:
            left += 1
        right = 0
        while (day + right + 1) in days or (day + right + 1) in past:
            right += 1
        return left, right

    def neighbours(self, day: int) -> tuple[int | None, int | None]:
        """The last worked day before ``day`` and the first after it (None: none)."""
        pos = bisect_left(self.worked_days, day)
        before = self.worked_days[pos - 1] if pos > 0 else None
        after_pos = pos + 1 if pos < len(self.worked_days) and self.worked_days[pos] == day else pos
        after = self.worked_days[after_pos] if after_pos < len(self.worked_days) else None
        return before, after


def _prefix(values: list[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out


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
    return [PersonState(i, s, rules[i], homes[i], held[i], calendar.history(s, homes[i]), calendar)
            for i, s in enumerate(problem.staff)]
