"""Property tests: the Numba kernels agree with the plain-Python reference on random problems."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.engine.feasibility import compute_feasibility, first_static_exclusion
from safeshift.engine.model import (
    CompetencyGrant,
    Interval,
    Location,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)

T0 = datetime(2026, 3, 27, tzinfo=timezone.utc)  # the UK clocks go forward on the 29th
COMPS = ("A", "B", "C")
CATS = ("day", "night", "late")
FIELDS = ("elig_staff", "elig_req", "elig_shift", "pair_offset", "pair_a", "pair_b", "pair_rule", "pair_rest")


def _t(minute: int, second: int = 0) -> datetime:
    return T0 + timedelta(minutes=minute, seconds=second)


@st.composite
def problems(draw, max_staff=5, max_shifts=10, days=4, static_rules=True):
    """Random valid problems; interval and grant bounds often sit on shift boundaries.

    With ``static_rules=False`` everybody may work every shift, so only H3/H4 are at play.
    """
    n_loc = draw(st.integers(1, 4))
    big = draw(st.booleans())  # sometimes long trips, to test the sweep's stopping bound
    travel = tuple(tuple(draw(st.integers(0, 400 if big else 90)) for _ in range(n_loc)) for _ in range(n_loc))
    locs = [f"L{x}" for x in range(n_loc)]
    second = st.sampled_from((0, 0, 0, 30))

    shifts, marks = [], []
    for j in range(draw(st.integers(0, max_shifts))):
        near = st.sampled_from([m + d for m in marks for d in (-1, 0, 1)] or [0])
        after_rest = st.tuples(st.sampled_from(marks or [0]), st.integers(500, 900)).map(sum)  # around 12 h later
        start = min(max(draw(st.integers(0, days * 1440 - 1) | near | after_rest), 0), days * 1440 - 1)
        length = draw(st.integers(30, 900))
        reqs = tuple(
            Requirement(f"r{k}", tuple(draw(st.lists(st.sampled_from(COMPS), max_size=2, unique=True))))
            for k in range(draw(st.integers(1, 3)))
        )
        loc = draw(st.none() | st.sampled_from(locs))
        s0 = draw(second)
        shifts.append(Shift(f"s{j}", _t(start, s0), _t(start + length, s0), loc, draw(st.sampled_from(CATS)), reqs))
        marks += [start, start + length]

    def instant():
        near = st.sampled_from([m + d for m in marks for d in (-1, 0, 1)] or [0])
        return st.builds(_t, st.integers(-600, days * 1440 + 600) | near, second)

    def interval():
        lo = draw(instant())
        hi = draw(instant() | st.integers(1, 2000).map(lambda m: lo + timedelta(minutes=m)))
        lo, hi = min(lo, hi), max(lo, hi)
        return Interval(lo, hi if hi > lo else lo + timedelta(minutes=1))

    def grant():
        lo, until = draw(st.none() | instant()), draw(st.none() | instant())
        if lo is not None and until is not None and until <= lo:
            lo, until = until, lo + timedelta(minutes=1) if until == lo else lo
        return CompetencyGrant(draw(st.sampled_from(COMPS)), lo, until)

    staff = []
    for i in range(draw(st.integers(0 if static_rules else 1, max_staff))):
        home = draw(st.none() | st.sampled_from(locs))
        min_rest = draw(st.sampled_from((None, 0, 300, 720, 1000)))
        if not static_rules:
            grants = tuple(CompetencyGrant(c) for c in COMPS)
            staff.append(Staff(f"p{i}", home_location_id=home, competencies=grants, rules=RuleParams(
                min_rest_minutes=min_rest, max_shift_minutes=10**6, max_door_to_door_minutes=10**6)))
            continue
        rules = RuleParams(
            min_rest_minutes=min_rest,
            max_shift_minutes=draw(st.sampled_from((None, 480, 720))),
            max_door_to_door_minutes=draw(st.sampled_from((None, 600, 840))),
            category_max=draw(st.dictionaries(st.sampled_from(CATS), st.integers(0, 2), max_size=2)),
        )
        staff.append(
            Staff(
                f"p{i}",
                home_location_id=home,
                competencies=tuple(grant() for _ in range(draw(st.integers(0, 4)))),
                unavailable=tuple(interval() for _ in range(draw(st.integers(0, 3)))),
                availability=tuple(interval() for _ in range(draw(st.sampled_from((0, 0, 1, 2))))),
                rules=rules,
            )
        )
    return Problem(
        timezone=draw(st.sampled_from(("UTC", "Europe/London"))),
        locations=tuple(Location(x) for x in locs),
        travel=TravelSettings(matrix=travel),
        competency_ids=COMPS,
        defaults=RuleParams(min_rest_minutes=draw(st.sampled_from((None, 600)))),
        staff=tuple(staff),
        shifts=tuple(shifts),
    )


def assert_same(p: Problem):
    got, want = compute_feasibility(p), compute_feasibility(p, use_reference=True)
    for name in FIELDS:
        g, w = getattr(got, name), getattr(want, name)
        assert g.dtype == w.dtype, name
        np.testing.assert_array_equal(g, w, err_msg=name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_kernels_match_reference(p):
    """Kernels and reference give identical arrays on small random problems."""
    assert_same(p)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(problems(max_staff=8, max_shifts=40, days=6))
def test_kernels_match_reference_dense(p):
    """Kernels and reference agree on denser problems with many pairs to sweep."""
    assert_same(p)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(problems(max_staff=3, max_shifts=25, days=5, static_rules=False))
def test_conflicts_match_reference_all_eligible(p):
    """With every shift eligible, the sweep finds exactly the all-pairs conflicts."""
    assert_same(p)
    assert len(compute_feasibility(p).elig_req) == p.indexed.n_staff * p.indexed.n_requirements


@settings(max_examples=60, deadline=None)
@given(problems(), st.data())
def test_exclusion_iff_ineligible(p, data):
    """first_static_exclusion is None exactly when the kernels call the pair eligible."""
    ix = p.indexed
    if ix.n_staff == 0 or ix.n_requirements == 0:
        return
    i = data.draw(st.integers(0, ix.n_staff - 1))
    k = data.draw(st.integers(0, ix.n_requirements - 1))
    reason = first_static_exclusion(p, i, k)
    assert (reason is None) == compute_feasibility(p).is_eligible(i, k)
    if reason is not None:
        assert reason[0] in ("H1", "H2", "H5", "H10") and reason[1]
