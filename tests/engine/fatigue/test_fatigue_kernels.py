"""Property tests: the fatigue kernel, the window-bound kernel and the feasibility kernels
with history agree with their plain-Python references on random inputs."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.engine.fatigue import FatigueDuty, min_alertness, planning_alertness, problem_calendar
from safeshift.engine.fatigue.kernels import min_alertness_kernel
from safeshift.engine.fatigue.model import SCORE_SCALE, SCORE_TOP
from safeshift.engine.fatigue.reference import planning_alertness_reference
from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.feasibility.bounds import window_bounds_kernel, window_bounds_reference
from safeshift.engine.model import (
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

# Mondays before the UK clock changes (forward 29 March, back 25 October 2026), and a plain one.
ORIGINS = (datetime(2026, 3, 23), datetime(2026, 10, 19), datetime(2026, 6, 1))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def rosters(draw):
    """A random problem with one person, history before the horizon and up to 8 duties."""
    zone = draw(st.sampled_from(("UTC", "Europe/London", "America/New_York")))
    origin = draw(st.sampled_from(ORIGINS)).replace(tzinfo=timezone.utc) + timedelta(minutes=draw(st.sampled_from((0, 0, 17))))
    n_loc = 2
    matrix = tuple(tuple(0 if i == j else draw(st.integers(0, 120)) for j in range(n_loc)) for i in range(n_loc))
    shifts = []
    for j in range(draw(st.integers(1, 8))):
        start = origin + timedelta(minutes=draw(st.integers(0, 9 * 1440)))
        shifts.append(Shift(f"s{j}", start, start + timedelta(minutes=draw(st.integers(60, 720))),
                            draw(st.sampled_from(("L0", "L1"))), "", (Requirement("r"),)))  # fmt: skip
    history = []
    for _ in range(draw(st.integers(0, 3))):
        start = origin - timedelta(minutes=draw(st.integers(60, 5 * 1440)))
        history.append(HistoricDuty(start, start + timedelta(minutes=draw(st.integers(30, 720))), "L1"))
    p = Problem(
        timezone=zone,
        horizon_start=origin,
        horizon_end=origin + timedelta(days=10),
        locations=(Location("L0"), Location("L1")),
        travel=TravelSettings(matrix=matrix),
        staff=(Staff("p", home_location_id="L0", history=tuple(history)),),
        shifts=tuple(shifts),
    )
    return p


def _duties(p: Problem, shifts):
    ix = p.indexed
    rows = [FatigueDuty(h.start, h.end, *ix.past_door(0, h), h.night) for h in ix.history[0]]
    return rows + [FatigueDuty(ix.shift_start[j], ix.shift_end[j], *ix.door(0, j), ix.shift_night[j]) for j in shifts]


def _same_score(a: float, b: float) -> bool:
    """Equal rounded scores unless the value sits on a rounding boundary."""
    x, y = SCORE_SCALE * (SCORE_TOP - a), SCORE_SCALE * (SCORE_TOP - b)
    return math.floor(x + 0.5) == math.floor(y + 0.5) or abs((x % 1) - 0.5) < 1e-6


@SETTINGS
@given(rosters())
def test_sequence_kernel_matches_reference(p):
    """The roster (sequence) alertness of every duty: kernel == reference, across clock changes."""
    ix = p.indexed
    order = sorted(range(ix.n_shifts), key=lambda j: (ix.shift_start[j], j))
    duties = _duties(p, order)
    scored = list(range(len(ix.history[0]), len(duties)))
    want = min_alertness(p.horizon_start, p.zone, duties, scored)
    cal = problem_calendar(p)
    cols = [np.array([getattr(d, f) for d in duties], dtype=np.int64) for f in ("start", "end", "door_start", "door_end")]
    got = min_alertness_kernel(*cols, np.array([d.night for d in duties]), np.array(scored, dtype=np.int64), *cal.args())
    assert np.allclose(got, want, atol=1e-9)
    assert all(_same_score(a, b) for a, b in zip(got, want))


@SETTINGS
@given(rosters())
def test_planning_kernel_matches_reference(p):
    """The planning alertness of each shift alone after the history: kernel == reference."""
    n = p.indexed.n_shifts
    got = planning_alertness(p, [0] * n, list(range(n)))
    want = [planning_alertness_reference(p, 0, j) for j in range(n)]
    assert np.allclose(got, want, atol=1e-9)


@st.composite
def chains(draw):
    """Random duties of one person (sorted by start), conflicts and window bounds."""
    n = draw(st.integers(1, 7))
    start = sorted(draw(st.lists(st.integers(0, 6000), min_size=n, max_size=n)))
    end = [s + draw(st.integers(30, 900)) for s in start]
    day = [s // 1440 for s in start]
    night = [draw(st.booleans()) for _ in range(n)]
    conflict = np.array([[i < j and draw(st.booleans()) and draw(st.booleans()) for j in range(n)] for i in range(n)])
    windows = draw(st.lists(st.tuples(st.integers(-500, 6000), st.integers(1, 4000)), min_size=1, max_size=4))
    return (np.array(start), np.array(end), np.array(day), np.array(night, dtype=np.bool_), conflict,
            draw(st.booleans()), draw(st.sampled_from((-1, 1, 2, 3))), draw(st.sampled_from((-1, 0, 1, 2))), windows)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(chains(), st.booleans())
def test_window_bounds_match_brute_force(case, by_minutes):
    """The chain bound equals the best chain found by trying every subset (one duty a day, or
    any day: then the kernel may only be larger)."""
    start, end, day, night, conflict, one_a_day, max_run, max_nights, windows = case
    lo = np.array([w for w, _ in windows], dtype=np.int64)
    hi = lo + np.array([n for _, n in windows], dtype=np.int64)
    if not by_minutes:
        lo, hi = lo // 1440, hi // 1440 + 1
    args = (lo, hi, start.astype(np.int64), end.astype(np.int64), day.astype(np.int64), night, conflict, one_a_day,
            max_run, max_nights, by_minutes)  # fmt: skip
    got, want = window_bounds_kernel(*args), window_bounds_reference(*args)
    if one_a_day:
        assert got.tolist() == want.tolist()
    else:
        assert all(g >= w for g, w in zip(got, want))


@st.composite
def feasibility_problems(draw):
    """Small problems with history, night shifts and fatigue thresholds."""
    origin = draw(st.sampled_from(ORIGINS)).replace(tzinfo=timezone.utc)
    shifts = []
    for j in range(draw(st.integers(1, 8))):
        start = origin + timedelta(minutes=draw(st.integers(0, 4 * 1440)))
        shifts.append(Shift(f"s{j}", start, start + timedelta(minutes=draw(st.sampled_from((240, 480, 600)))),
                            draw(st.sampled_from(("A", "B"))), "", (Requirement("r"),)))  # fmt: skip
    staff = []
    for i in range(draw(st.integers(1, 3))):
        history = []
        for _ in range(draw(st.integers(0, 2))):
            start = origin - timedelta(minutes=draw(st.integers(60, 3 * 1440)))
            history.append(HistoricDuty(start, start + timedelta(minutes=draw(st.integers(60, 900))), "B"))
        rules = RuleParams(
            min_rest_minutes=draw(st.sampled_from((None, 0, 660))),
            min_rest_after_nights_minutes=draw(st.sampled_from((None, 0, 1500, 2760))),
            fatigue_hard_threshold=draw(st.sampled_from((None, 60, 90, 110))),
        )
        staff.append(Staff(f"p{i}", home_location_id="A", history=tuple(history), rules=rules))
    return Problem(
        timezone=draw(st.sampled_from(("UTC", "Europe/London"))),
        horizon_start=origin,
        horizon_end=origin + timedelta(days=5),
        locations=(Location("A"), Location("B")),
        travel=TravelSettings(matrix=((0, draw(st.integers(0, 90))), (draw(st.integers(0, 90)), 0))),
        staff=tuple(staff),
        shifts=tuple(shifts),
        weights=ObjectiveWeights(fatigue=draw(st.integers(0, 1))),
    )


@SETTINGS
@given(feasibility_problems())
def test_feasibility_with_history_matches_reference(p):
    """History exclusions (H3/H4/H8), H8 pairs and planning scores: kernels == reference."""
    got, want = compute_feasibility(p), compute_feasibility(p, use_reference=True)
    for name in ("elig_staff", "elig_req", "pair_offset", "pair_a", "pair_b", "pair_rule", "pair_rest"):
        assert getattr(got, name).tolist() == getattr(want, name).tolist(), name
    assert (got.elig_fatigue is None) == (want.elig_fatigue is None)
    if got.elig_fatigue is not None:
        assert got.elig_fatigue.tolist() == want.elig_fatigue.tolist()
