"""Property tests with every fatigue rule on (tight limits, history, nights, clock changes):
the solver's roster passes the validator with the same objective, and on tiny problems the
proved optimum equals a brute-force optimum over every roster (the encodings are exact)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.engine.model import (
    Assignment,
    HistoricDuty,
    Location,
    ObjectiveWeights,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)
from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.solver import solve
from safeshift.engine.validation import validate_roster

PARAMS = SolveParams(time_limit_seconds=10, workers=2)
CATEGORIES = ("E", "L", "N")
# Mondays just before the European clock changes (29 March, 25 October 2026), and a plain week.
STARTS = (datetime(2026, 3, 23), datetime(2026, 10, 19), datetime(2026, 6, 1))
HOURS = (0, 2, 6, 7, 13, 21, 22, 23)


def _maybe(draw, values):
    return draw(st.sampled_from((None, *values)))


@st.composite
def problems(draw, max_staff=3, max_shifts=7, max_reqs=2, days=3):
    """A random problem where the empty roster is valid, with the H6..H9 and S5/S7 knobs tight."""
    zone = draw(st.sampled_from(("UTC", "Europe/London")))
    t0 = draw(st.sampled_from(STARTS)).replace(tzinfo=timezone.utc) + timedelta(days=draw(st.sampled_from((0, 5))))
    locations = (Location("home"), Location("site"))
    far = draw(st.sampled_from((0, 30, 90)))
    shifts = []
    for j in range(draw(st.integers(1, max_shifts))):
        start = t0 + timedelta(days=draw(st.integers(0, days - 1)), hours=draw(st.sampled_from(HOURS)))
        length = draw(st.sampled_from((240, 480, 600, 720)))
        reqs = tuple(
            Requirement(f"r{k}", (), draw(st.sampled_from((0, 1, 1, 2))), None, draw(st.integers(50, 100)), 1)
            for k in range(draw(st.integers(1, max_reqs)))
        )
        shifts.append(Shift(f"s{j}", start, start + timedelta(minutes=length), draw(st.sampled_from(("home", "site"))),
                            draw(st.sampled_from(CATEGORIES)), reqs))  # fmt: skip
    staff = []
    for i in range(draw(st.integers(1, max_staff))):
        history = tuple(
            HistoricDuty(
                (h := t0 - timedelta(hours=draw(st.integers(2, 80)))),
                h + timedelta(minutes=draw(st.sampled_from((240, 480, 600)))),
                "site",
                draw(st.sampled_from(CATEGORIES)),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        rules = RuleParams(
            window_minutes=_maybe(draw, (720, 1440, 2880)),
            max_minutes_in_window=_maybe(draw, (480, 700, 1000, 1500)),
            span_days=_maybe(draw, (1, 2, 3)),
            max_duties_in_span=_maybe(draw, (1, 2)),
            max_consecutive_nights=_maybe(draw, (0, 1, 2)),
            min_rest_after_nights_minutes=_maybe(draw, (0, 900, 2760)),
            weekly_rest_minutes=_maybe(draw, (300, 600, 1440)),
            weekly_rest_period_days=_maybe(draw, (1, 2, 7)),
            max_consecutive_days=_maybe(draw, (1, 2)),
            fatigue_soft_threshold=_maybe(draw, (50, 90)),
            fatigue_hard_threshold=_maybe(draw, (80, 100)),
            disabled_rules=frozenset(draw(st.sets(st.sampled_from(("H6", "H7", "H8", "H9", "S7")), max_size=2))),
        )
        staff.append(Staff(f"p{i}", home_location_id=draw(st.sampled_from((None, "home"))), rules=rules,
                           history=history, group=draw(st.sampled_from(("", "G", "G"))),
                           cost_per_hour=draw(st.integers(0, 6))))  # fmt: skip
    return Problem(
        timezone=zone,
        locations=locations,
        travel=TravelSettings(matrix=((0, far), (far, 0)), is_working_time=draw(st.booleans())),
        defaults=RuleParams(
            min_rest_minutes=draw(st.sampled_from((0, 480, 720))),
            max_duties_per_day=draw(st.integers(1, 2)),
            max_shift_minutes=900,
            max_door_to_door_minutes=1440,
        ),
        staff=tuple(staff),
        shifts=tuple(shifts),
        forbidden_successions=tuple(draw(st.sets(st.tuples(*[st.sampled_from(CATEGORIES)] * 2), max_size=2))),
        weights=ObjectiveWeights(
            fairness_minutes=draw(st.sampled_from((0, 0, 1))),
            fairness_nights=draw(st.integers(0, 20)),
            fairness_weekends=draw(st.integers(0, 20)),
            fatigue=draw(st.integers(0, 3)),
        ),
    )


def _checked(p: Problem):
    result = solve(p, PARAMS)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE), result.message
    report = validate_roster(p, result.assignments)
    assert report.violations == (), report.violations[:3]
    assert report.breakdown.total == result.objective
    return result


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_roster_passes_the_validator(p):
    """Random problems with all rules on: the roster is valid and its recomputed objective is the solver's."""
    _checked(p)


def _brute_force(p: Problem) -> int:
    triples = [Assignment(s.id, j.id, r.id) for s in p.staff for j in p.shifts for r in j.requirements]
    best = None
    for mask in itertools.product((False, True), repeat=len(triples)):
        report = validate_roster(p, [a for a, keep in zip(triples, mask) if keep])
        if report.valid and (best is None or report.breakdown.total < best):
            best = report.breakdown.total
    return best


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_staff=2, max_shifts=4, max_reqs=1))
def test_optimum_equals_brute_force(p):
    """Tiny problems: the proved optimum is the best objective over every valid roster."""
    result = _checked(p)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == _brute_force(p)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_staff=2, max_shifts=4, max_reqs=1, days=5))
def test_optimum_equals_brute_force_many(p):
    """The brute-force comparison on many more problems (slow)."""
    result = _checked(p)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == _brute_force(p)
