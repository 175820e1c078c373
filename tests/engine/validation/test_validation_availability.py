"""H2 Availability."""

from safeshift.engine.model import Interval
from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster


def _h2(build, **person):
    p = build.problem([build.staff("ann", **person)], [build.shift("s1", day=1, hour=8, minutes=480)])
    return [v for v in validate_roster(p, build.assign("ann:s1")).violations if v.rule == "H2"]


def test_unavailability_overlapping_the_shift(build):
    """Leave covering the last two hours of the shift breaks H2 with the overlap."""
    leave = Interval(build.at(1, 14), build.at(2, 0), "annual leave")
    assert _h2(build, unavailable=[leave]) == [
        Violation(
            "H2",
            "ann",
            ("s1",),
            "H2: annual leave 2026-03-03 14:00 to 2026-03-04 00:00 (Europe/London) overlaps the shift by 2 h 00 min",
            {"overlap_minutes": 120},
        )
    ]


def test_unavailability_touching_the_shift_is_fine(build):
    """Half-open intervals: leave ending at the shift start or starting at its end does not overlap."""
    before = Interval(build.at(1, 0), build.at(1, 8))
    after = Interval(build.at(1, 16), build.at(1, 20))
    assert _h2(build, unavailable=[before, after]) == []


def test_unavailability_one_minute_into_the_shift(build):
    """Leave ending one minute after the shift starts breaks H2."""
    [v] = _h2(build, unavailable=[Interval(build.at(1, 0), build.at(1, 8, 1))])
    assert v.values == {"overlap_minutes": 1}


def test_shift_exactly_inside_a_window_is_fine(build):
    """A window equal to the shift contains it."""
    assert _h2(build, availability=[Interval(build.at(1, 8), build.at(1, 16))]) == []


def test_shift_one_minute_outside_every_window(build):
    """Windows that miss the shift by one minute break H2."""
    windows = [Interval(build.at(1, 8, 1), build.at(1, 20)), Interval(build.at(0, 8), build.at(0, 16))]
    assert _h2(build, availability=windows) == [
        Violation(
            "H2",
            "ann",
            ("s1",),
            "H2: the shift 2026-03-03 08:00 to 2026-03-03 16:00 (Europe/London) lies outside "
            "all 2 availability window(s)",
            {"availability_windows": 2},
        )
    ]
