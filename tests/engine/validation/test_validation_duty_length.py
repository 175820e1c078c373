"""H5 Maximum duty length, including a night across the UK clock changes."""

from datetime import datetime

import pytest

from safeshift.engine.model import Requirement, Shift
from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster

# H -> W 60 min, W -> H 61 min.
TRAVEL = ((0, 60, 0), (61, 0, 0), (0, 0, 0))


def _h5(build, minutes, travel=None, **rules):
    p = build.problem(
        [build.staff("ann", home="H", **rules)],
        [build.shift("s1", day=1, hour=6, minutes=minutes, location="W")],
        travel=travel,
    )
    return [v for v in validate_roster(p, build.assign("ann:s1")).violations if v.rule == "H5"]


@pytest.mark.parametrize(
    "minutes, breaks",
    [
        (720, False),  # exactly the maximum
        (721, True),  # one minute over
    ],
)
def test_max_shift_minutes_boundary(build, minutes, breaks):
    """A 720-minute shift passes, 721 breaks H5."""
    assert bool(_h5(build, minutes, max_door_to_door_minutes=2000)) == breaks


def test_max_shift_minutes_message(build):
    """The breach carries the shift length and the limit."""
    assert _h5(build, 721, max_door_to_door_minutes=2000) == [
        Violation(
            "H5",
            "ann",
            ("s1",),
            "H5: the shift lasts 12 h 01 min, above the maximum 12 h 00 min",
            {"shift_minutes": 721, "max_shift_minutes": 720},
        )
    ]


def test_door_to_door_boundary(build):
    """719 + 121 travel = 840 passes; 720 + 121 = 841 breaks the door-to-door limit."""
    assert _h5(build, 719, TRAVEL) == []
    assert _h5(build, 720, TRAVEL) == [
        Violation(
            "H5",
            "ann",
            ("s1",),
            "H5: a door-to-door day of 14 h 01 min (12 h 00 min shift + 2 h 01 min travel), "
            "above the maximum 14 h 00 min",
            {
                "door_to_door_minutes": 841,
                "shift_minutes": 720,
                "travel_minutes": 121,
                "max_door_to_door_minutes": 840,
            },
        )
    ]


def _night(build, start_local: datetime, end_local: datetime):
    shift = Shift("n1", start_local, end_local, requirements=(Requirement("r"),))
    p = build.problem([build.staff("ann")], [shift])
    return [v for v in validate_roster(p, build.assign("ann:n1")).violations if v.rule == "H5"]


def test_night_across_march_clock_change_counts_real_minutes(build):
    """20:00 GMT to 08:30 BST on 28/29 March 2026 is 12 h 30 min on the clock but 690 real minutes."""
    z = build.zone
    assert _night(build, datetime(2026, 3, 28, 20, tzinfo=z), datetime(2026, 3, 29, 8, 30, tzinfo=z)) == []


def test_night_across_october_clock_change_counts_real_minutes(build):
    """20:00 BST to 07:30 GMT on 24/25 October 2026 is 11 h 30 min on the clock but 750 real minutes."""
    z = build.zone
    [v] = _night(build, datetime(2026, 10, 24, 20, tzinfo=z), datetime(2026, 10, 25, 7, 30, tzinfo=z))
    assert v.values == {"shift_minutes": 750, "max_shift_minutes": 720}
    assert v.message == "H5: the shift lasts 12 h 30 min, above the maximum 12 h 00 min"


def test_same_place_means_no_travel_even_with_a_matrix_diagonal(build):
    """docs/rules.md: travel from a place to itself is 0, whatever the matrix diagonal says."""
    diagonal = ((30, 60, 0), (61, 30, 0), (0, 0, 30))
    p = build.problem([build.staff("ann", home="W")], [build.shift("s1", minutes=720, location="W")], travel=diagonal)
    report = validate_roster(p, build.assign("ann:s1"))
    assert report.valid and report.kpis.staff[0].travel_minutes == 0
