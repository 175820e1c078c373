"""The public entry points of the fatigue kernels: domain data to arrays, scores back.

- ``planning_alertness(problem, staff, shifts)``: for (staff, shift) pairs, the lowest
  alertness of the shift worked alone after the person's history (the per-duty value the
  CP-SAT model uses for S7; docs/fatigue.md "Planning score").
- ``sequence_alertness(problem, staff, shifts)``: the lowest alertness of each duty of one
  person's roster, every duty and the history shaping sleep ("Roster score").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from ..model import Problem
from ..model.timeutil import local_date, minutes_between, to_utc
from . import kernels
from . import model as m

_FAR_PAST = -(2**62)


@dataclass(frozen=True)
class CalendarArrays:
    """Local dates, habitual sleep and clock changes as minutes since the origin (see ``kernels``)."""

    habit_from: np.ndarray
    habit_to: np.ndarray
    morning: np.ndarray
    tz_at: np.ndarray
    tz_delta: np.ndarray
    l0: float

    def args(self):
        return self.habit_from, self.habit_to, self.morning, self.tz_at, self.tz_delta, self.l0


def _offset_minutes(t: datetime, zone) -> float:
    return t.astimezone(zone).utcoffset().total_seconds() / 60


def calendar_arrays(origin: datetime, zone, lo_minute: int, hi_minute: int) -> CalendarArrays:
    """Calendar arrays covering minutes ``lo_minute .. hi_minute`` since ``origin`` with margins."""
    origin = to_utc(origin)
    first = local_date(origin + timedelta(minutes=lo_minute), zone) - timedelta(days=m.RUN_IN_DAYS + 2)
    last = local_date(origin + timedelta(minutes=hi_minute), zone) + timedelta(days=2)
    n = (last - first).days + 1

    def at(d, hour):
        return minutes_between(origin, datetime(d.year, d.month, d.day, hour, tzinfo=zone))

    dates = [first + timedelta(days=k) for k in range(n)]
    habit_from = np.array([at(d, m.HABIT_FROM_HOUR) for d in dates], dtype=np.int64)
    habit_to = np.array([at(d + timedelta(days=1), m.HABIT_TO_HOUR) for d in dates], dtype=np.int64)
    morning = np.array([at(d, m.HABIT_TO_HOUR) for d in dates], dtype=np.int64)
    base = _offset_minutes(origin, zone)
    t = datetime(first.year, first.month, first.day, tzinfo=zone).astimezone(origin.tzinfo) - timedelta(days=1)
    end = t + timedelta(days=n + 2)
    tz_at, tz_delta = [_FAR_PAST], [_offset_minutes(t, zone) - base]
    hour = timedelta(hours=1)
    while t < end:
        before = _offset_minutes(t, zone)
        if _offset_minutes(t + hour, zone) != before:
            lo, hi = 0, 60  # the change lies in (t + lo, t + hi] minutes: find its minute
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset_minutes(t + timedelta(minutes=mid), zone) == before:
                    lo = mid
                else:
                    hi = mid
            change = t + timedelta(minutes=hi)
            tz_at.append(math.ceil((change - origin).total_seconds() / 60))
            tz_delta.append(_offset_minutes(change, zone) - base)
        t += hour
    naive_origin = origin.astimezone(zone).replace(tzinfo=None)
    l0 = (naive_origin - datetime(first.year, first.month, first.day)).total_seconds() / 60
    return CalendarArrays(
        habit_from, habit_to, morning, np.array(tz_at, dtype=np.int64), np.array(tz_delta, dtype=np.float64), l0
    )


def problem_calendar(problem: Problem) -> CalendarArrays:
    """Calendar arrays covering the horizon and every staff member's history."""
    ix = problem.indexed
    lo = min([0] + [h.start for past in ix.history for h in past])
    hi = max([ix.horizon_minutes] + list(ix.shift_end))
    far = max([0] + [x for row in ix.travel for x in row])
    return calendar_arrays(problem.horizon_start, problem.zone, lo - far - m.PREP_MINUTES, hi + far)


def _history_arrays(problem: Problem):
    ix = problem.indexed
    offset = np.zeros(ix.n_staff + 1, dtype=np.int64)
    offset[1:] = np.cumsum([len(h) for h in ix.history]) if ix.n_staff else []
    rows = [h for past in ix.history for h in past]
    return (
        offset,
        np.array([h.start for h in rows], dtype=np.int64),
        np.array([h.end for h in rows], dtype=np.int64),
        np.array([h.location for h in rows], dtype=np.int64),
        np.array([h.night for h in rows], dtype=np.bool_),
    )


def _travel(problem: Problem) -> np.ndarray:
    ix = problem.indexed
    n = len(problem.locations)
    out = np.zeros((max(n, 1), max(n, 1)), dtype=np.int64)
    if n:
        out[:n, :n] = np.asarray(ix.travel, dtype=np.int64).reshape(n, n)
    return out


def planning_alertness(problem: Problem, staff, shifts, calendar: CalendarArrays | None = None) -> np.ndarray:
    """Lowest alertness of shift ``shifts[p]`` worked by ``staff[p]`` alone after their history."""
    ix = problem.indexed
    staff = np.ascontiguousarray(staff, dtype=np.int64)
    shifts = np.ascontiguousarray(shifts, dtype=np.int64)
    if len(staff) == 0:
        return np.empty(0, dtype=np.float64)
    calendar = calendar or problem_calendar(problem)
    return kernels.planning_kernel(
        staff, shifts,
        np.asarray(ix.shift_start, dtype=np.int64), np.asarray(ix.shift_end, dtype=np.int64),
        np.asarray(ix.shift_location, dtype=np.int64), np.asarray(ix.shift_night, dtype=np.bool_),
        _travel(problem), np.asarray(ix.staff_home, dtype=np.int64),
        *_history_arrays(problem), *calendar.args(),
    )  # fmt: skip


def sequence_alertness(problem: Problem, staff: int, shifts, calendar: CalendarArrays | None = None) -> np.ndarray:
    """Lowest alertness of each shift of ``shifts`` (one person's roster) after their history."""
    ix = problem.indexed
    calendar = calendar or problem_calendar(problem)
    past = ix.history[staff]
    rows = [(h.start, h.end, *ix.past_door(staff, h), h.night) for h in past]
    rows += [(ix.shift_start[j], ix.shift_end[j], *ix.door(staff, j), ix.shift_night[j]) for j in shifts]
    if not shifts:
        return np.empty(0, dtype=np.float64)
    cols = list(zip(*rows))
    arrays = [np.array(c, dtype=np.int64) for c in cols[:4]] + [np.array(cols[4], dtype=np.bool_)]
    scored = np.arange(len(past), len(rows), dtype=np.int64)
    return kernels.min_alertness_kernel(*arrays, scored, *calendar.args())


def scores_of(alertness: np.ndarray) -> np.ndarray:
    """Fatigue scores (``model.score_of``) of an array of lowest alertness values."""
    return np.maximum(0, np.floor(m.SCORE_SCALE * (m.SCORE_TOP - alertness) + 0.5)).astype(np.int64)
