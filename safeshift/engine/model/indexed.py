"""Integer views of a problem for kernels and solvers.

Instants become real minutes since the horizon start; ids become indices; calendar
days are local dates in the problem's time zone, numbered from the horizon start's.
Flat requirement index k runs over all (shift, requirement) pairs in shift order:
the requirements of shift j are ``req_offset[j] .. req_offset[j+1]-1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import is_night
from .rules import ResolvedRules
from .timeutil import local_date, local_midnight, minutes_between
from .travel import travel_matrix


@dataclass(frozen=True)
class PastDuty:
    """A duty worked before the horizon (``Staff.history``), in engine units."""

    start: int  # minutes since the horizon start (negative)
    end: int
    location: int  # -1: none
    day: int  # local calendar day, numbered like the horizon's (negative)
    night: bool
    category: str


@dataclass(frozen=True)
class IndexedProblem:
    horizon_minutes: int
    day_dates: tuple[date, ...]
    day_start: tuple[int, ...]  # minute of each local midnight, n_days + 1 entries
    weekend_of_day: tuple[int, ...]  # weekend number of a Sat/Sun, -1 on weekdays
    n_weekends: int
    staff_index: dict[str, int]
    shift_index: dict[str, int]
    location_index: dict[str, int]
    competency_index: dict[str, int]
    categories: tuple[str, ...]
    category_index: dict[str, int]
    shift_start: tuple[int, ...]
    shift_end: tuple[int, ...]
    shift_day: tuple[int, ...]
    shift_location: tuple[int, ...]  # -1: none
    shift_category: tuple[int, ...]
    req_offset: tuple[int, ...]
    req_shift: tuple[int, ...]
    staff_home: tuple[int, ...]  # -1: none
    travel: tuple[tuple[int, ...], ...]
    rules: tuple[ResolvedRules, ...]
    shift_night: tuple[bool, ...] = ()  # H8: a night shift (docs/rules.md)
    history: tuple[tuple[PastDuty, ...], ...] = ()  # per staff member, in time order
    # per flat requirement (S1, S2): min and max headcount (-1: no max), weights per person
    req_min: tuple[int, ...] = ()
    req_max: tuple[int, ...] = ()
    req_weight_under: tuple[int, ...] = ()
    req_weight_over: tuple[int, ...] = ()

    @property
    def n_staff(self) -> int:
        return len(self.staff_home)

    @property
    def n_shifts(self) -> int:
        return len(self.shift_start)

    @property
    def n_days(self) -> int:
        return len(self.day_dates)

    @property
    def n_requirements(self) -> int:
        return self.req_offset[-1]

    def travel_minutes(self, a: int, b: int) -> int:
        """Minutes from location index a to b; -1 (no location) means no travel."""
        if a < 0 or b < 0:
            return 0
        return self.travel[a][b]

    def to_work(self, staff: int, shift: int) -> int:
        return self.travel_minutes(self.staff_home[staff], self.shift_location[shift])

    def from_work(self, staff: int, shift: int) -> int:
        return self.travel_minutes(self.shift_location[shift], self.staff_home[staff])

    def door(self, staff: int, shift: int) -> tuple[int, int]:
        """The door-to-door interval ``[start - travel in, end + travel out)`` of a shift."""
        return self.shift_start[shift] - self.to_work(staff, shift), self.shift_end[shift] + self.from_work(staff, shift)

    def past_door(self, staff: int, past: PastDuty) -> tuple[int, int]:
        """The door-to-door interval of a duty worked before the horizon."""
        home = self.staff_home[staff]
        return past.start - self.travel_minutes(home, past.location), past.end + self.travel_minutes(past.location, home)

    @staticmethod
    def build(p) -> IndexedProblem:
        zone, origin = p.zone, p.horizon_start
        first = local_date(origin, zone)
        n_days = 0
        if p.horizon_end > origin:
            n_days = (local_date(p.horizon_end - timedelta(minutes=1), zone) - first).days + 1
        dates = tuple(first + timedelta(days=d) for d in range(n_days))
        day_start = tuple(
            minutes_between(origin, local_midnight(first + timedelta(days=d), zone)) for d in range(n_days + 1)
        )
        weekend, w_of_day = {}, []
        for d in dates:
            if d.weekday() >= 5:
                saturday = d - timedelta(days=d.weekday() - 5)
                w_of_day.append(weekend.setdefault(saturday, len(weekend)))
            else:
                w_of_day.append(-1)
        loc_index = {loc.id: i for i, loc in enumerate(p.locations)}
        categories = tuple(dict.fromkeys(s.category for s in p.shifts))
        cat_index = {c: i for i, c in enumerate(categories)}
        req_offset = [0]
        req_shift = []
        for j, s in enumerate(p.shifts):
            req_offset.append(req_offset[-1] + len(s.requirements))
            req_shift += [j] * len(s.requirements)
        reqs = p.flat_requirements
        return IndexedProblem(
            horizon_minutes=minutes_between(origin, p.horizon_end),
            day_dates=dates,
            day_start=day_start,
            weekend_of_day=tuple(w_of_day),
            n_weekends=len(weekend),
            staff_index={s.id: i for i, s in enumerate(p.staff)},
            shift_index={s.id: j for j, s in enumerate(p.shifts)},
            location_index=loc_index,
            competency_index={c: i for i, c in enumerate(p.competency_ids)},
            categories=categories,
            category_index=cat_index,
            shift_start=tuple(minutes_between(origin, s.start) for s in p.shifts),
            shift_end=tuple(minutes_between(origin, s.end, round_up=True) for s in p.shifts),
            shift_day=tuple((local_date(s.start, zone) - first).days for s in p.shifts),
            shift_location=tuple(loc_index.get(s.location_id, -1) for s in p.shifts),
            shift_category=tuple(cat_index[s.category] for s in p.shifts),
            req_offset=tuple(req_offset),
            req_shift=tuple(req_shift),
            staff_home=tuple(loc_index.get(s.home_location_id, -1) for s in p.staff),
            travel=travel_matrix(p.locations, p.travel),
            rules=tuple(p.rules_for(s) for s in p.staff),
            req_min=tuple(r.min_headcount for r in reqs),
            req_max=tuple(-1 if r.max_headcount is None else r.max_headcount for r in reqs),
            req_weight_under=tuple(r.weight_under for r in reqs),
            req_weight_over=tuple(r.weight_over for r in reqs),
            shift_night=tuple(is_night(s.start, s.end, zone) for s in p.shifts),
            history=tuple(
                tuple(
                    sorted(
                        (
                            PastDuty(
                                start=minutes_between(origin, h.start),
                                end=minutes_between(origin, h.end, round_up=True),
                                location=loc_index.get(h.location_id, -1),
                                day=(local_date(h.start, zone) - first).days,
                                night=is_night(h.start, h.end, zone),
                                category=h.category,
                            )
                            for h in s.history
                        ),
                        key=lambda x: (x.start, x.end),
                    )
                )
                for s in p.staff
            ),
        )
