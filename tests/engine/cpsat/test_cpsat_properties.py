"""Property tests: on random small problems every solver roster passes the validator, and
on tiny ones the solver's optimum equals a brute-force optimum over all rosters."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from cpsat_builders import checked_solve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.engine.model import (
    Assignment,
    CompetencyGrant,
    Interval,
    Location,
    Preference,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)
from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.validation import validate_roster

PARAMS = SolveParams(time_limit_seconds=5, workers=2)
COMPETENCIES = ("A", "B")
CATEGORIES = ("E", "L", "N")
# Mondays just before the European clock changes, and a plain week.
STARTS = (datetime(2026, 3, 23), datetime(2026, 10, 19), datetime(2026, 6, 1))


@st.composite
def problems(draw, max_staff=4, max_shifts=8, max_reqs=2):
    """A random small problem; every "at least" rule is left off or exempt, so the empty
    roster is valid and a solve always finds a roster."""
    zone = draw(st.sampled_from(("UTC", "Europe/London")))
    t0 = draw(st.sampled_from(STARTS)).replace(tzinfo=timezone.utc)
    n_loc = draw(st.integers(1, 3))
    locations = tuple(Location(f"L{i}") for i in range(n_loc))
    matrix = tuple(
        tuple(0 if i == j else draw(st.integers(0, 90)) for j in range(n_loc)) for i in range(n_loc)
    )
    loc_ids = [loc.id for loc in locations]
    shifts = []
    for j in range(draw(st.integers(2, max_shifts))):
        start = t0 + timedelta(days=draw(st.integers(0, 3)), hours=draw(st.integers(0, 23)))
        length = draw(st.sampled_from((240, 480, 600, 720, 780)))
        reqs = tuple(
            Requirement(
                f"r{k}",
                tuple(draw(st.sets(st.sampled_from(COMPETENCIES), max_size=1))),
                (need := draw(st.sampled_from((0, 1, 1, 2)))),
                draw(st.one_of(st.none(), st.integers(need, need + 1))),
                draw(st.integers(20, 100)),
                draw(st.integers(0, 5)),
            )
            for k in range(draw(st.integers(1, max_reqs)))
        )
        shifts.append(
            Shift(f"s{j}", start, start + timedelta(minutes=length), draw(st.sampled_from(loc_ids)),
                  draw(st.sampled_from(CATEGORIES)), reqs)
        )  # fmt: skip
    staff = []
    for i in range(draw(st.integers(1, max_staff))):
        grants = tuple(
            CompetencyGrant(c, None, t0 + timedelta(days=draw(st.integers(1, 12))) if draw(st.booleans()) else None)
            for c in draw(st.sets(st.sampled_from(COMPETENCIES)))
        )
        unavailable = ()
        if draw(st.booleans()):
            u0 = t0 + timedelta(hours=draw(st.integers(0, 240)))
            unavailable = (Interval(u0, u0 + timedelta(hours=draw(st.integers(1, 48)))),)
        min_days = draw(st.one_of(st.none(), st.integers(1, 3)))
        rules = RuleParams(
            max_consecutive_days=draw(st.one_of(st.none(), st.integers(max(1, min_days or 1), 4))),
            min_consecutive_days=min_days,
            min_consecutive_days_off=draw(st.one_of(st.none(), st.integers(1, 3))),
            max_weekends=draw(st.one_of(st.none(), st.integers(0, 1))),
            max_total_minutes=draw(st.one_of(st.none(), st.integers(0, 1500))),
            category_max={c: draw(st.integers(0, 2)) for c in draw(st.sets(st.sampled_from(CATEGORIES)))},
        )
        staff.append(
            Staff(f"p{i}", home_location_id=draw(st.one_of(st.none(), st.sampled_from(loc_ids))),
                  competencies=grants, unavailable=unavailable, cost_per_hour=draw(st.integers(0, 90)), rules=rules)
        )  # fmt: skip
    preferences = tuple(
        Preference(
            draw(st.sampled_from([s.id for s in staff])),
            draw(st.booleans()),
            draw(st.integers(0, 50)),
            shift_id=draw(st.sampled_from([s.id for s in shifts])),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return Problem(
        timezone=zone,
        locations=locations,
        travel=TravelSettings(matrix=matrix, is_working_time=draw(st.booleans())),
        competency_ids=COMPETENCIES,
        defaults=RuleParams(
            min_rest_minutes=draw(st.sampled_from((0, 480, 660, 720))),
            max_duties_per_day=draw(st.integers(1, 2)),
        ),
        staff=tuple(staff),
        shifts=tuple(shifts),
        forbidden_successions=tuple(draw(st.sets(st.tuples(*[st.sampled_from(CATEGORIES)] * 2), max_size=3))),
        preferences=preferences,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_roster_passes_the_validator(p):
    """Random small problems: the roster is valid and its recomputed objective is the solver's."""
    seen = []
    result = checked_solve(p, PARAMS, on_progress=seen.append)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert seen[-1].objective == result.objective


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_staff=2, max_shifts=4, max_reqs=1))
def test_optimum_equals_brute_force(p):
    """Tiny problems: the proved optimum is the best objective over every valid roster."""
    triples = [Assignment(s.id, j.id, r.id) for s in p.staff for j in p.shifts for r in j.requirements]
    best = None
    for mask in itertools.product((False, True), repeat=len(triples)):
        report = validate_roster(p, [a for a, keep in zip(triples, mask) if keep])
        if report.valid and (best is None or report.breakdown.total < best):
            best = report.breakdown.total
    result = checked_solve(p, PARAMS)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == best
