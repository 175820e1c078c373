"""Bad problem messages: each yields InvalidProblemError naming the exact field and reason."""

from __future__ import annotations

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from safeshift.api.convert import problem_from_proto
from safeshift.engine.errors import Reason


def _ts(text: str) -> Timestamp:
    t = Timestamp()
    t.FromJsonString(text)
    return t


def test_tiny_problem_is_valid(problem_msg):
    """The fixture problem converts without error (so each case below breaks one thing)."""
    problem = problem_from_proto(problem_msg)
    assert [s.id for s in problem.shifts] == ["s1", "s2"]


def _unknown_location(m):
    m.shifts[1].location_id = "L9"


def _unknown_home(m):
    m.staff[1].home_location_id = "nowhere"


def _unknown_competency_in_requirement(m):
    m.shifts[1].requirements[1].competency_ids.append("ICU")


def _unknown_competency_grant(m):
    m.staff[0].competencies.add(competency_id="ICU")


def _unknown_contract(m):
    m.staff[1].contract_id = "part"


def _unknown_preference_staff(m):
    m.preferences[0].staff_id = "carol"


def _unknown_preference_shift(m):
    m.preferences.add(staff_id="alice", want=True, weight=1, shift_id="s9")


def _unknown_pinned_staff(m):
    m.pinned.add(staff_id="carol", shift_id="s1")


def _unknown_pinned_shift(m):
    m.pinned.add(staff_id="alice", shift_id="s9")


def _duplicate_staff(m):
    m.staff.add(id="alice")


def _duplicate_shift(m):
    m.shifts[1].id = "s1"


def _duplicate_requirement(m):
    m.shifts[1].requirements[1].id = "rn"


def _duplicate_location(m):
    m.locations.add(id="L1", latitude=51.0, longitude=0.0)


def _end_before_start(m):
    m.shifts[1].end.CopyFrom(_ts("2024-01-02T06:00:00Z"))


def _end_equals_start(m):
    m.shifts[0].end.CopyFrom(m.shifts[0].start)


def _unavailable_end_before_start(m):
    m.staff[0].unavailable.add(start=_ts("2024-01-02T00:00:00Z"), end=_ts("2024-01-01T00:00:00Z"))


def _shift_longer_than_horizon(m):
    m.horizon_start.CopyFrom(_ts("2024-01-01T00:00:00Z"))
    m.horizon_end.CopyFrom(_ts("2024-01-03T00:00:00Z"))
    m.shifts[0].end.CopyFrom(_ts("2024-01-04T00:00:00Z"))


def _negative_headcount(m):
    m.shifts[0].requirements[0].min_headcount = -1


def _negative_weight_under(m):
    m.shifts[1].requirements[1].weight_under = -5


def _negative_weight_over(m):
    m.shifts[0].requirements[0].weight_over = -1


def _negative_preference_weight(m):
    m.preferences[0].weight = -3


def _negative_objective_weight(m):
    m.weights.cost = -1


def _negative_rule(m):
    m.staff[1].rules.min_rest_minutes = -60


def _min_above_max(m):
    m.shifts[1].requirements[0].min_headcount = 3


def _unknown_time_zone(m):
    m.timezone = "Europe/Atlantis"


def _matrix_too_few_rows(m):
    m.travel.matrix.add(minutes=[0, 10])


def _matrix_short_row(m):
    m.travel.matrix.add(minutes=[0, 10])
    m.travel.matrix.add(minutes=[10])


def _matrix_negative(m):
    m.travel.matrix.add(minutes=[0, 10])
    m.travel.matrix.add(minutes=[-10, 0])


def _bad_preference_date(m):
    m.preferences[0].date = "2024-02-30"


def _badly_formatted_date(m):
    m.preferences[0].date = "02/01/2024"


def _missing_shift_start(m):
    m.shifts[1].ClearField("start")


def _missing_shift_end(m):
    m.shifts[0].ClearField("end")


def _missing_interval_end(m):
    m.staff[0].availability.add(start=_ts("2024-01-01T00:00:00Z"))


def _empty_staff_id(m):
    m.staff[0].id = ""


def _no_requirements(m):
    del m.shifts[0].requirements[:]


def _shift_outside_horizon(m):
    m.horizon_start.CopyFrom(_ts("2024-01-02T00:00:00Z"))


CASES = [
    (_unknown_location, "problem.shifts[1].location_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_home, "problem.staff[1].home_location_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_competency_in_requirement, "problem.shifts[1].requirements[1].competency_ids[1]", Reason.UNKNOWN_REFERENCE),
    (_unknown_competency_grant, "problem.staff[0].competencies[1].competency_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_contract, "problem.staff[1].contract_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_preference_staff, "problem.preferences[0].staff_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_preference_shift, "problem.preferences[1].shift_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_pinned_staff, "problem.pinned[0].staff_id", Reason.UNKNOWN_REFERENCE),
    (_unknown_pinned_shift, "problem.pinned[0].shift_id", Reason.UNKNOWN_REFERENCE),
    (_duplicate_staff, "problem.staff[2].id", Reason.DUPLICATE_ID),
    (_duplicate_shift, "problem.shifts[1].id", Reason.DUPLICATE_ID),
    (_duplicate_requirement, "problem.shifts[1].requirements[1].id", Reason.DUPLICATE_ID),
    (_duplicate_location, "problem.locations[2].id", Reason.DUPLICATE_ID),
    (_end_before_start, "problem.shifts[1].end", Reason.END_NOT_AFTER_START),
    (_end_equals_start, "problem.shifts[0].end", Reason.END_NOT_AFTER_START),
    (_unavailable_end_before_start, "problem.staff[0].unavailable[0].end", Reason.END_NOT_AFTER_START),
    (_shift_longer_than_horizon, "problem.shifts[0].end", Reason.SHIFT_LONGER_THAN_HORIZON),
    (_negative_headcount, "problem.shifts[0].requirements[0].min_headcount", Reason.NEGATIVE_VALUE),
    (_negative_weight_under, "problem.shifts[1].requirements[1].weight_under", Reason.NEGATIVE_VALUE),
    (_negative_weight_over, "problem.shifts[0].requirements[0].weight_over", Reason.NEGATIVE_VALUE),
    (_negative_preference_weight, "problem.preferences[0].weight", Reason.NEGATIVE_VALUE),
    (_negative_objective_weight, "problem.weights.cost", Reason.NEGATIVE_VALUE),
    (_negative_rule, "problem.staff[1].rules.min_rest_minutes", Reason.NEGATIVE_VALUE),
    (_min_above_max, "problem.shifts[1].requirements[0].min_headcount", Reason.MIN_ABOVE_MAX),
    (_unknown_time_zone, "problem.timezone", Reason.UNKNOWN_TIME_ZONE),
    (_matrix_too_few_rows, "problem.travel.matrix", Reason.MATRIX_NOT_SQUARE),
    (_matrix_short_row, "problem.travel.matrix[1]", Reason.MATRIX_NOT_SQUARE),
    (_matrix_negative, "problem.travel.matrix[1][0]", Reason.NEGATIVE_VALUE),
    (_bad_preference_date, "problem.preferences[0].date", Reason.INVALID_VALUE),
    (_badly_formatted_date, "problem.preferences[0].date", Reason.INVALID_VALUE),
    (_missing_shift_start, "problem.shifts[1].start", Reason.MISSING),
    (_missing_shift_end, "problem.shifts[0].end", Reason.MISSING),
    (_missing_interval_end, "problem.staff[0].availability[0].end", Reason.MISSING),
    (_empty_staff_id, "problem.staff[0].id", Reason.EMPTY_ID),
    (_no_requirements, "problem.shifts[0].requirements", Reason.NO_REQUIREMENTS),
    (_shift_outside_horizon, "problem.shifts[0].start", Reason.OUTSIDE_HORIZON),
]


@pytest.mark.parametrize("breaks, field, reason", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_bad_field_is_named(problem_msg, violations_of, breaks, field, reason):
    """One broken field yields exactly one violation with its full path and stable reason."""
    breaks(problem_msg)
    assert violations_of(problem_from_proto, problem_msg) == [(field, reason)]


def test_negative_max_headcount(problem_msg, violations_of):
    """A negative max_headcount is named (and, being below min, also MIN_ABOVE_MAX on min)."""
    problem_msg.shifts[1].requirements[0].max_headcount = -2
    assert set(violations_of(problem_from_proto, problem_msg)) == {
        ("problem.shifts[1].requirements[0].max_headcount", Reason.NEGATIVE_VALUE),
        ("problem.shifts[1].requirements[0].min_headcount", Reason.MIN_ABOVE_MAX),
    }


def test_every_bad_field_is_reported_at_once(problem_msg, violations_of):
    """Conversion and domain violations come together, in one error."""
    _bad_preference_date(problem_msg)
    _negative_headcount(problem_msg)
    _unknown_location(problem_msg)
    _missing_shift_end(problem_msg)
    found = violations_of(problem_from_proto, problem_msg)
    assert set(found) == {
        ("problem.preferences[0].date", Reason.INVALID_VALUE),
        ("problem.shifts[0].requirements[0].min_headcount", Reason.NEGATIVE_VALUE),
        ("problem.shifts[1].location_id", Reason.UNKNOWN_REFERENCE),
        ("problem.shifts[0].end", Reason.MISSING),
    }


def test_path_prefix_is_configurable(problem_msg, violations_of):
    """The ``path`` argument prefixes every field (empty: relative to the problem)."""
    _negative_headcount(problem_msg)
    assert violations_of(problem_from_proto, problem_msg, path="") == [
        ("shifts[0].requirements[0].min_headcount", Reason.NEGATIVE_VALUE)
    ]


def test_out_of_range_timestamp_is_invalid_value(problem_msg, violations_of):
    """A Timestamp outside 0001..9999 (possible in binary) is INVALID_VALUE, not a crash."""
    problem_msg.shifts[0].end.seconds = 10**13
    assert violations_of(problem_from_proto, problem_msg) == [("problem.shifts[0].end", Reason.INVALID_VALUE)]


def test_non_finite_speed_is_invalid_value(problem_msg, violations_of):
    """A NaN travel speed is reported rather than silently producing nonsense minutes."""
    problem_msg.travel.speed_kmh = float("nan")
    assert violations_of(problem_from_proto, problem_msg) == [("problem.travel.speed_kmh", Reason.INVALID_VALUE)]
