"""Plain-Python reference of the fatigue model (``model.py``): sleep inferred from the
duties, then the Three-Process Model of Alertness sampled over each scored duty.

Works in real minutes since ``origin`` and finds local times with ``zoneinfo`` directly
(the kernels get precomputed calendar arrays instead); the property tests compare the
two. The validator computes every fatigue number it reports with this module.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Sequence

from ..model.timeutil import minutes_between, to_utc
from . import model as m


@dataclass(frozen=True)
class FatigueDuty:
    """One duty in minutes since the origin: the shift and its door-to-door interval."""

    start: int
    end: int
    door_start: int
    door_end: int
    night: bool


class _Clock:
    """Local dates and clock hours of minutes since ``origin`` in ``zone``."""

    def __init__(self, origin: datetime, zone):
        self.origin, self.zone = to_utc(origin), zone

    def local(self, minute: float) -> datetime:
        return (self.origin + timedelta(minutes=minute)).astimezone(self.zone)

    def date_of(self, minute: int) -> date:
        return self.local(minute).date()

    def hour_of(self, minute: float) -> float:
        t = self.local(minute)
        return t.hour + t.minute / 60 + (t.second + t.microsecond / 1e6) / 3600

    def at(self, d: date, hour: int) -> int:
        """Minutes since the origin of local ``hour``:00 on ``d`` (floored)."""
        return minutes_between(self.origin, datetime(d.year, d.month, d.day, hour, tzinfo=self.zone))


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(x for x in intervals if x[1] > x[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _minus(base: list[tuple[int, int]], cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``base`` minus ``cut`` (both sorted and disjoint)."""
    out = []
    for a, b in base:
        pieces = [(a, b)]
        for c, d in cut:
            pieces = [p for x, y in pieces for p in ((x, min(y, c)), (max(x, d), y)) if p[1] > p[0]]
        out += pieces
    return out


def sleep_periods(origin: datetime, zone, duties: Sequence[FatigueDuty]) -> tuple[int, list[tuple[int, int]]]:
    """The simulation start (local 07:00, ``RUN_IN_DAYS`` before the first duty) and the
    inferred sleep periods ``[a, b)`` after it, sorted and disjoint."""
    clock = _Clock(origin, zone)
    first = clock.date_of(min(d.door_start for d in duties) - m.PREP_MINUTES) - timedelta(days=m.RUN_IN_DAYS)
    t0 = clock.at(first, m.HABIT_TO_HOUR)
    last = clock.date_of(max(d.end for d in duties))
    windows = []
    d = first
    while d <= last:
        windows.append((clock.at(d, m.HABIT_FROM_HOUR), clock.at(d + timedelta(days=1), m.HABIT_TO_HOUR)))
        d += timedelta(days=1)
    for duty in duties:
        if duty.night:
            a = duty.door_end + m.UNWIND_MINUTES
            windows.append((a, a + m.DAY_SLEEP_MINUTES))
    blocked = [(x.door_start - m.PREP_MINUTES, x.door_end + m.UNWIND_MINUTES) for x in duties]
    sleeps = [(max(a, t0), b) for a, b in _minus(_union(windows), _union(blocked)) if b > t0]
    return t0, sleeps


def _awake(s0: float, minutes: float) -> float:
    return m.S_LOW + (s0 - m.S_LOW) * math.exp(-m.S_WAKE_RATE * minutes / 60)


def _asleep(s0: float, minutes: float) -> float:
    return m.S_HIGH - (m.S_HIGH - s0) * math.exp(-m.S_SLEEP_RATE * minutes / 60)


def min_alertness(origin: datetime, zone, duties: Sequence[FatigueDuty], scored: Sequence[int]) -> list[float]:
    """The lowest predicted alertness during each duty ``duties[k]`` for ``k`` in ``scored``
    (the others only shape sleep), in the order of ``scored``."""
    if not scored:
        return []
    clock = _Clock(origin, zone)
    t0, sleeps = sleep_periods(origin, zone, duties)
    wake_s, ends = [], []  # S on waking from each sleep, and when
    s, t = m.S_START, t0
    for a, b in sleeps:
        s = _asleep(_awake(s, a - t), b - a)
        wake_s.append(s)
        ends.append(b)
        t = b
    out = []
    for k in scored:
        duty = duties[k]
        lowest = math.inf
        samples = list(range(duty.start, duty.end, m.SAMPLE_MINUTES)) + [duty.end]
        # Without a clock change during the duty, local hours advance with real time.
        steady = clock.local(duty.start).utcoffset() == clock.local(duty.end).utcoffset()
        first_hour = clock.hour_of(duty.start)
        for minute in samples:
            i = bisect_right(ends, minute) - 1
            woke, s_woke = (t0, m.S_START) if i < 0 else (ends[i], wake_s[i])
            awake = minute - woke
            hour = (first_hour + (minute - duty.start) / 60) % 24 if steady else clock.hour_of(minute)
            c = m.C_AMPLITUDE * math.cos(2 * math.pi * (hour - m.C_ACROPHASE) / 24)
            w = m.W_AMPLITUDE * math.exp(-m.W_RATE * awake / 60)
            lowest = min(lowest, _awake(s_woke, awake) + c + w)
        out.append(lowest)
    return out


def planning_alertness_reference(problem, staff: int, shift: int) -> float:
    """Lowest alertness of ``shift`` worked by ``staff`` alone after their history
    (``compute.planning_alertness``, in plain Python)."""
    ix = problem.indexed
    duties = [FatigueDuty(h.start, h.end, *ix.past_door(staff, h), h.night) for h in ix.history[staff]]
    duties.append(FatigueDuty(ix.shift_start[shift], ix.shift_end[shift], *ix.door(staff, shift), ix.shift_night[shift]))
    return min_alertness(problem.horizon_start, problem.zone, duties, [len(duties) - 1])[0]
