"""S7 fatigue: scores in the report, the soft threshold in the objective and the hard
threshold as an exclusion, in solver and validator."""

from __future__ import annotations

import pytest
from fatigue_builders import checked_solve, past, person, problem, roster, shift, uncovered, violations

from safeshift.engine.feasibility import compute_feasibility, first_static_exclusion
from safeshift.engine.model import Assignment, ObjectiveWeights
from safeshift.engine.validation import explain_exclusion, validate_roster

DAY, NIGHT = shift("day", 0, 9, 480), shift("night", 1, 23, 480)


def scores(p, assignments):
    return {d.shift_id: d for d in validate_roster(p, assignments).fatigue.duties}


def test_scores_of_a_day_and_a_night():
    """A first night (alertness about 5.2 at dawn) scores 108; a 09:00-17:00 day 42."""
    p = problem([person()], [DAY, NIGHT], on=())
    got = scores(p, roster(p))
    assert (got["day"].score, got["night"].score) == (42, 108)
    assert got["night"].min_alertness == pytest.approx(5.194, abs=1e-3)


def test_roster_score_sees_the_duties_before():
    """An early after a late gets less sleep than the same early alone: roster score above planning."""
    p = problem([person()], [shift("late", 0, 15, 480), shift("early", 1, 4, 480)], on=())
    early = scores(p, roster(p))["early"]
    assert early.score > early.planning_score
    alone = problem([person()], [shift("early", 1, 4, 480)], on=())
    assert scores(alone, roster(alone))["early"].score == early.planning_score


def test_history_shapes_the_planning_score():
    """After last week's night, a Monday day duty is planned with that night's sleep."""
    fresh = problem([person()], [shift("mon", 0, 14, 480)], on=())
    tired = problem([person(history=[past(-1, 21, 600)])], [shift("mon", 0, 14, 480)], on=())
    assert scores(tired, roster(tired))["mon"].planning_score != scores(fresh, roster(fresh))["mon"].planning_score


def test_person_summary():
    """Per person: duties, the worst and the mean roster score, and duties above the soft threshold."""
    p = problem([person()], [DAY, NIGHT], on=())
    (summary,) = validate_roster(p, roster(p)).fatigue.staff
    assert (summary.duties, summary.max_score, summary.mean_score) == (2, 108, 75.0)
    assert (summary.duties_above_soft_threshold, summary.soft_threshold) == (1, 90)


def test_disabled_s7_reports_nothing():
    """With S7 switched off the person has no scores."""
    p = problem([person(disabled_rules={"S7"})], [DAY], on=())
    assert validate_roster(p, roster(p)).fatigue.duties == ()


def test_soft_threshold_steers_the_solver_away_from_the_night():
    """One duty a day: with weights.fatigue the day duty is chosen and S7 is 0."""
    day, night = shift("day", 0, 9, 480), shift("night", 0, 23, 480)
    p = problem([person()], [day, night], on=(), max_duties_per_day=1, weights=ObjectiveWeights(fatigue=1))
    result = checked_solve(p)
    assert {a.shift_id for a in result.assignments} == {"day"}
    assert result.breakdown.s7_fatigue == 0
    forced = validate_roster(p, [Assignment("p", "night", "r")]).breakdown
    assert forced.s7_fatigue == 108 - 90


@pytest.mark.parametrize(("soft", "penalty"), [(108, 0), (107, 3)])
def test_soft_penalty_is_weight_times_excess(soft, penalty):
    """S7 = weight x (planning score - soft threshold), 0 at the threshold."""
    p = problem([person(fatigue_soft_threshold=soft)], [NIGHT], on=(), weights=ObjectiveWeights(fatigue=3))
    result = checked_solve(p)
    assert uncovered(result) == 0
    assert result.breakdown.s7_fatigue == penalty


@pytest.mark.parametrize(("hard", "missing"), [(108, 0), (107, 1)])
def test_hard_threshold_excludes_the_duty(hard, missing):
    """A duty scoring above the hard threshold gets no variable and is reported as S7."""
    p = problem([person(fatigue_hard_threshold=hard)], [NIGHT], on=())
    assert uncovered(checked_solve(p)) == missing
    assert len(compute_feasibility(p).elig_staff) == 1 - missing
    found = violations(p, roster(p), "S7")
    assert len(found) == missing
    if missing:
        assert found[0].values == {"fatigue_score": 108, "fatigue_hard_threshold": 107}
        assert first_static_exclusion(p, 0, 0)[0] == "S7"
        why = explain_exclusion(p, [], "p", "night", "r")
        assert why.rule == "S7" and "fatigue score 108" in why.message
