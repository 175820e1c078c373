"""The new rule parameters: built-in defaults (on), resolution over levels, disabled_rules
(a union over levels), validation, and the proto round trip (history, weights, reports)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fatigue_builders import MONDAY, past, person, problem, roster, shift

from safeshift.api.convert import problem_from_proto, problem_to_proto, solve_result_to_proto, validation_to_proto
from safeshift.engine.errors import InvalidProblemError
from safeshift.engine.importers.curtois import DISABLED_RULES
from safeshift.engine.model import Contract, ObjectiveWeights, Problem, ResolvedRules, RuleParams, Staff
from safeshift.engine.result import SolveStatus
from safeshift.engine.solver import solve
from safeshift.engine.validation import validate_roster


def test_built_in_defaults_switch_the_rules_on():
    """72 h in 7 days, 13 duties in 14 days, 4 nights then 46 h, 24 h rest in 7 days, S7 soft 90."""
    r = ResolvedRules.resolve()
    assert (r.window_minutes, r.max_minutes_in_window, r.span_days, r.max_duties_in_span) == (10080, 4320, 14, 13)
    assert (r.max_consecutive_nights, r.min_rest_after_nights_minutes) == (4, 2760)
    assert (r.weekly_rest_minutes, r.weekly_rest_period_days) == (1440, 7)
    assert (r.fatigue_soft_threshold, r.fatigue_hard_threshold) == (90, None)


def test_disabled_rules_merge_over_levels_and_switch_parameters_off():
    """Codes disabled at any level are off; their parameters resolve to None."""
    p = Problem(
        defaults=RuleParams(disabled_rules={"H6"}),
        contracts=(Contract("c", RuleParams(disabled_rules={"H8"})),),
        staff=(Staff("a", contract_id="c", rules=RuleParams(disabled_rules={"S7"})), Staff("b")),
    )
    a, b = (p.rules_for(s) for s in p.staff)
    assert a.disabled_rules == {"H6", "H8", "S7"} and b.disabled_rules == {"H6"}
    assert a.max_minutes_in_window is None and a.max_consecutive_nights is None and a.fatigue_soft_threshold is None
    assert b.max_consecutive_nights == 4 and not b.enabled("H6") and b.enabled("H8")


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        (RuleParams(disabled_rules={"H4"}), "defaults.disabled_rules"),  # only H6..H9 and S7 can be disabled
        (RuleParams(window_minutes=0), "defaults.window_minutes"),
        (RuleParams(weekly_rest_period_days=0), "defaults.weekly_rest_period_days"),
        (RuleParams(max_minutes_in_window=-1), "defaults.max_minutes_in_window"),
    ],
)
def test_bad_parameters_are_field_violations(rules, field):
    """Unknown rule codes, zero-length windows and negative limits are rejected with their path."""
    with pytest.raises(InvalidProblemError) as err:
        Problem(defaults=rules)
    assert field in {v.field for v in err.value.violations}


def test_curtois_import_disables_the_fatigue_rules():
    """Benchmark instances keep their semantics: H6..H9 and S7 off."""
    assert DISABLED_RULES == {"H6", "H7", "H8", "H9", "S7"}


def test_proto_round_trip_of_history_weights_and_disabled_rules():
    """History, the S5/S7 weights and disabled_rules survive problem_to_proto / problem_from_proto."""
    p = problem(
        [person(history=[past(-1, 21, 600, cat="Night")])],
        [shift("s", 0, 8, 60)],
        on=("H6",),
        weights=ObjectiveWeights(fairness_minutes=1, fairness_nights=2, fairness_weekends=3, fatigue=4),
        days=1,
        fatigue_hard_threshold=120,
    )
    back = problem_from_proto(problem_to_proto(p))
    assert back.staff == p.staff and back.weights == p.weights and back.defaults == p.defaults


def test_history_errors_name_the_proto_path():
    """A historic duty inside the horizon is reported at problem.staff[0].history[0].start."""
    msg = problem_to_proto(problem([person(history=[past(-1, 8, 60)])], [shift("s", 0, 8, 60)], days=1))
    msg.staff[0].history[0].start.FromDatetime(MONDAY + timedelta(hours=1))
    with pytest.raises(InvalidProblemError) as err:
        problem_from_proto(msg, "problem")
    assert "problem.staff[0].history[0].start" in {v.field for v in err.value.violations}


def test_responses_carry_fatigue_per_duty_and_per_person():
    """SolveResponse and ValidateRosterResponse list the scores of each assignment and person."""
    p = problem([person()], [shift("day", 0, 9, 480), shift("night", 1, 23, 480)], on=())
    result = solve(p)
    assert result.status is SolveStatus.OPTIMAL
    msg = solve_result_to_proto(result)
    assert {(d.shift_id, d.score, d.planning_score) for d in msg.duty_fatigue} == {("day", 42, 42), ("night", 108, 108)}
    assert [(s.staff_id, s.max_score, s.duties_above_soft_threshold, s.soft_threshold) for s in msg.staff_fatigue] == [
        ("p", 108, 1, 90)
    ]
    check = validation_to_proto(validate_roster(p, roster(p)))
    assert len(check.duty_fatigue) == 2 and check.staff_fatigue[0].mean_score == 75.0
