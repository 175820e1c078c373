"""Calendar correctness: local days and night windows in the problem's zone, and real
minutes across the March and October clock changes (Europe/London, 2026)."""

from __future__ import annotations

from datetime import datetime

import pytest
from fatigue_builders import LONDON, UTC, checked_solve, person, problem, roster, shift, uncovered, violations

from safeshift.engine.model.calendar import is_night, night_minutes
from safeshift.engine.validation.context import RosterContext
from safeshift.engine.validation.nights import is_night as validator_is_night

SPRING = datetime(2026, 3, 23, tzinfo=UTC)  # Monday; clocks go forward on Sunday 29 March
AUTUMN = datetime(2026, 10, 19, tzinfo=UTC)  # Monday; clocks go back on Sunday 25 October


def saturday_night(monday):
    """Saturday 21:00 to Sunday 07:00 local: 9 h real in March, 11 h in October."""
    start = shift("n", 5, 21, 60, zone=LONDON, monday=monday).start
    end = datetime(monday.year, monday.month, monday.day + 6, 7, tzinfo=LONDON).astimezone(UTC)
    return shift("n", 5, 21, int((end - start).total_seconds() // 60), zone=LONDON, monday=monday)


@pytest.mark.parametrize(("monday", "real"), [(SPRING, 540), (AUTUMN, 660)])
def test_night_across_a_clock_change_lasts_its_real_minutes(monday, real):
    """The 21:00-07:00 night is 9 h in March and 11 h in October, and H6 counts exactly that."""
    night = saturday_night(monday)
    assert (night.end - night.start).total_seconds() == real * 60
    for limit, missing in ((real, 0), (real - 1, 1)):
        p = problem([person()], [night], on=("H6",), zone="Europe/London", window_minutes=1440,
                    max_minutes_in_window=limit)  # fmt: skip
        assert len(violations(p, roster(p), "H6")) == missing
        assert uncovered(checked_solve(p)) == missing


@pytest.mark.parametrize(
    ("monday", "hour", "minutes", "night"),
    [
        (SPRING, 0, 150, False),  # 00:00-03:30 local on 29 March: 2 h 30 min real in the night window
        (SPRING, 0, 180, True),  # 00:00-04:00 local: 3 h real
        (AUTUMN, 0, 180, True),  # 00:00-02:00 local on 25 October: 3 h real
        (AUTUMN, 4, 150, False),  # 04:00-06:30: 2 h before 06:00
    ],
)
def test_night_window_is_local_and_counted_in_real_minutes(monday, hour, minutes, night):
    """Night shifts are found in local time, with real minutes, by the model and the validator."""
    s = shift("x", 6, hour, minutes, zone=LONDON, monday=monday)
    p = problem([person()], [s], zone="Europe/London")
    assert is_night(s.start, s.end, LONDON) is night
    ctx = RosterContext(p)
    duty = ctx.people(tuple(roster(p)))["p"].duties[0]
    assert validator_is_night(ctx, duty) is night
    assert night_minutes(s.start, s.end, LONDON) == min(minutes, 360 - 60 * hour if hour else minutes)


@pytest.mark.parametrize(("wall_gap_minutes", "breaches"), [(1500, 0), (1499, 1)])
def test_weekly_rest_across_the_spring_change_is_real_time(wall_gap_minutes, breaches):
    """Saturday 22:00 to Sunday 23:00 local is 25 h on the clock but 24 h of real rest in March."""
    before = [shift(f"a{d}", d, 8, 840, zone=LONDON, monday=SPRING) for d in range(5)]  # 10 h gaps
    sat = shift("sat", 5, 8, 840, zone=LONDON, monday=SPRING)  # ends 22:00
    hour, minute = divmod(22 * 60 + wall_gap_minutes - 1440, 60)
    sun = shift("sun", 6, hour, 60, minute=minute, zone=LONDON, monday=SPRING)
    p = problem([person()], before + [sat, sun], on=("H9",), zone="Europe/London", horizon_start=SPRING.replace(
        hour=0), horizon_end=datetime(2026, 3, 30, tzinfo=LONDON))  # fmt: skip
    found = violations(p, roster(p), "H9")
    assert len(found) == breaches
    if breaches:
        assert found[0].values["longest_rest_minutes"] == 1439
    assert uncovered(checked_solve(p)) == breaches


def test_day_of_a_duty_is_its_local_date():
    """A duty at 23:30 UTC on Sunday 29 March starts on Monday in London: a different H7 span."""
    late = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    p = problem([person()], [shift("x", 0, 0, 60, monday=late)], zone="Europe/London")
    assert p.indexed.shift_day == (0,)
    assert p.indexed.day_dates[0].isoformat() == "2026-03-30"
