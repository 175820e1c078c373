"""explain_exclusion: the first hard rule that adding an assignment would break."""

import pytest

from safeshift.engine.errors import InvalidProblemError
from safeshift.engine.model import Interval
from safeshift.engine.result import Exclusion
from safeshift.engine.validation import explain_exclusion

# H -> W 50 min, W -> H 50 min.
TRAVEL = ((0, 50, 0), (50, 0, 0), (0, 0, 0))


def _problem(build, shifts=None, **person):
    shifts = shifts or [
        build.shift("y", day=1, hour=7, location="W", competencies=("PTS",)),  # 07:00-15:00
        build.shift("z", day=2, hour=3, location="W", competencies=("PTS",)),  # 03:00, 12 h after y ends
    ]
    person.setdefault("competencies", ("PTS",))
    return build.problem([build.staff("ann", home="H", **person)], shifts, travel=TRAVEL, competencies=("PTS",))


def test_rest_after_a_shift_spec_example(build):
    """12 h on the clock minus 1 h 40 min travel leaves 10 h 20 min: H4, worded after shift y."""
    p = _problem(build)
    assert explain_exclusion(p, build.assign("ann:y"), "ann", "z", "r") == Exclusion(
        "ann",
        "H4",
        "H4: only 10 h 20 min rest after shift y including 1 h 40 min travel (12 h 00 min required)",
        {"rest_minutes": 620, "min_rest_minutes": 720, "travel_minutes": 100, "gap_minutes": 720},
    )


def test_rest_before_a_shift(build):
    """Adding the earlier shift is worded as rest before the later one."""
    ex = explain_exclusion(_problem(build), build.assign("ann:z"), "ann", "y", "")
    assert ex.message == "H4: only 10 h 20 min rest before shift z including 1 h 40 min travel (12 h 00 min required)"


def test_competency_comes_first(build):
    """A person lacking the competency is excluded by H1 even when the rest is short too."""
    p = _problem(build, competencies=())
    assert explain_exclusion(p, build.assign("ann:y"), "ann", "z", "r") == Exclusion(
        "ann", "H1", "H1: lacks competency PTS", {}
    )


def test_expiring_competency(build):
    """A grant expiring before the shift ends is explained with its expiry time."""
    from safeshift.engine.model import CompetencyGrant

    p = _problem(build, competencies=(CompetencyGrant("PTS", valid_until=build.at(1, 14)),))
    ex = explain_exclusion(p, [], "ann", "y", "r")
    assert ex.message == "H1: competency PTS expires 2026-03-03 14:00 (Europe/London), before the shift ends"
    assert ex.values == {"uncovered_minutes": 60}


def test_unavailability(build):
    """Leave over the shift excludes by H2."""
    p = _problem(build, unavailable=[Interval(build.at(1), build.at(2), "leave")])
    assert explain_exclusion(p, [], "ann", "y", "r").rule == "H2"


def test_duty_length_comes_before_rest(build):
    """A shift too long door to door is H5 even when the rest is short too."""
    p = _problem(build, max_door_to_door_minutes=500)
    ex = explain_exclusion(p, build.assign("ann:y"), "ann", "z", "r")
    assert (ex.rule, ex.values["door_to_door_minutes"]) == ("H5", 580)


def test_overlap(build):
    """A shift overlapping one already worked is H3."""
    shifts = [build.shift("y", day=1, hour=7), build.shift("o", day=1, hour=14)]
    p = _problem(build, shifts)
    assert explain_exclusion(p, build.assign("ann:y"), "ann", "o", "r") == Exclusion(
        "ann", "H3", "H3: overlaps shift y by 1 h 00 min door to door (including 0 h 00 min travel)",
        {"overlap_minutes": 60, "travel_minutes": 0},
    )


def test_already_on_the_shift(build):
    """Someone already on the shift is excluded by H3 (one assignment per shift)."""
    p = _problem(build)
    assert explain_exclusion(p, build.assign("ann:y"), "ann", "y", "r").rule == "H3"


def test_free_person_is_not_excluded(build):
    """None when the assignment breaks no rule."""
    assert explain_exclusion(_problem(build), [], "ann", "z", "r") is None


def test_daily_limit(build):
    """A second duty on one day is excluded by H10 with the count and the limit."""
    shifts = [build.shift("a", day=1, hour=6, minutes=60), build.shift("b", day=1, hour=20, minutes=60)]
    p = build.problem([build.staff("ann", min_rest_minutes=0)], shifts)
    assert explain_exclusion(p, build.assign("ann:a"), "ann", "b", "r") == Exclusion(
        "ann", "H10", "H10: 2 duties start on 2026-03-03, at most 1 per day", {"duties": 2, "max_duties_per_day": 1}
    )


def _days(build, **rules):
    shifts = [build.shift(f"d{d}", day=d) for d in range(14)]
    return build.problem([build.staff("ann", **rules)], shifts, horizon_start=build.at(0), horizon_end=build.at(14))


def test_min_total_minutes_never_excludes(build):
    """Adding work to someone below min_total_minutes helps, so it is no reason to exclude."""
    assert explain_exclusion(_days(build, min_total_minutes=10_000), [], "ann", "d3", "r") is None


def test_splitting_days_off_excludes(build):
    """A duty in the middle of three days off leaves runs of one: H10 min_consecutive_days_off."""
    p = _days(build, min_consecutive_days_off=2)
    ex = explain_exclusion(p, build.assign("ann:d2", "ann:d6"), "ann", "d4", "r")
    assert (ex.rule, ex.values) == ("H10", {"days_off": 1, "min_consecutive_days_off": 2})
    assert explain_exclusion(p, build.assign("ann:d2", "ann:d6"), "ann", "d3", "r") is None


@pytest.mark.parametrize(
    "worked, candidate, excluded",
    [
        ([], "d5", True),  # a new lone day in the middle
        ([4], "d5", False),  # completes a run of two
        ([], "d0", False),  # touches the first horizon day
    ],
)
def test_min_consecutive_days(build, worked, candidate, excluded):
    """min_consecutive_days excludes a duty only when it makes a short run, not when it fixes one."""
    p = _days(build, min_consecutive_days=2)
    roster = build.assign(*(f"ann:d{d}" for d in worked))
    assert (explain_exclusion(p, roster, "ann", candidate, "r") is not None) == excluded


def test_max_weekends_counts_new_weekends_only(build):
    """A Sunday of a weekend already worked adds no weekend; a new weekend does."""
    p = _days(build, max_weekends=1)
    assert explain_exclusion(p, build.assign("ann:d5"), "ann", "d6", "r") is None
    ex = explain_exclusion(p, build.assign("ann:d5"), "ann", "d12", "r")
    assert ex.message == "H10: 2 weekends worked, above the maximum 1"


def test_unknown_candidate_is_an_input_error(build):
    """An unknown staff id for the candidate raises InvalidProblemError naming the field."""
    with pytest.raises(InvalidProblemError) as e:
        explain_exclusion(_problem(build), [], "nobody", "y", "r")
    assert [v.field for v in e.value.violations] == ["candidate[0].staff_id"]


def test_local_rules_compare_only_the_days_around_the_new_duty(build):
    """Ann already breaks the forbidden succession (days 1-2) and the one-duty-a-day limit
    (day 3). A Late on day 5 before her Early on day 6 is a new succession breach; a second
    duty on day 8 is a new per-day breach; an Early on day 10 breaks nothing new, however
    much she already breaks."""
    shifts = [
        build.shift("late1", day=1, hour=14, category="Late"),
        build.shift("early2", day=2, hour=10, category="Early"),
        build.shift("a3", day=3, hour=6, minutes=60),
        build.shift("b3", day=3, hour=20, minutes=60),
        build.shift("late5", day=5, hour=14, category="Late"),
        build.shift("early6", day=6, hour=10, category="Early"),
        build.shift("a8", day=8, hour=6, minutes=60),
        build.shift("b8", day=8, hour=20, minutes=60),
        build.shift("early10", day=10, hour=10, category="Early"),
    ]
    staff = [build.staff("ann", min_rest_minutes=0)]
    p = build.problem(staff, shifts, forbidden_successions=[("Late", "Early")])
    roster = build.assign("ann:late1", "ann:early2", "ann:a3", "ann:b3", "ann:early6", "ann:a8")
    succession = explain_exclusion(p, roster, "ann", "late5", "r")
    assert succession is not None and succession.rule == "H10"
    assert "late5" in succession.message and "forbidden succession" in succession.message
    per_day = explain_exclusion(p, roster, "ann", "b8", "r")
    assert per_day is not None and per_day.rule == "H10"
    assert per_day.values == {"duties": 2, "max_duties_per_day": 1}
    assert explain_exclusion(p, roster, "ann", "early10", "r") is None
