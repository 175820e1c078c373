"""The imported problem means what the benchmark means: on random tiny instances the
solver's optimum equals a brute-force optimum of the benchmark's own rules (README of
shared/benchmarks/curtois), written here independently of the engine."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.engine.importers import load_curtois
from safeshift.engine.result import SolveParams, SolveStatus
from safeshift.engine.solver import solve
from safeshift.engine.validation import validate_roster

DAYS = 7


@st.composite
def instances(draw):
    """Instance data: 2 people and 1 shift type, or 1 person and 2 types (small enough to enumerate)."""
    n_types = draw(st.integers(1, 2))
    types = {t: draw(st.sampled_from((240, 480, 600))) for t in "EL"[:n_types]}
    forbid = {t: sorted(draw(st.sets(st.sampled_from(sorted(types))))) for t in types}
    staff = []
    for e in "AB"[: 3 - n_types]:
        min_cons = draw(st.integers(1, 3))
        staff.append(
            dict(
                id=e,
                max_shifts={t: draw(st.integers(0, DAYS)) for t in types},
                max_total=draw(st.integers(960, 3000)),
                min_total=draw(st.integers(0, 960)),
                max_cons=draw(st.integers(min_cons, 5)),
                min_cons=min_cons,
                min_off=draw(st.integers(1, 3)),
                max_weekends=draw(st.integers(0, 1)),
                days_off=sorted(draw(st.sets(st.integers(0, DAYS - 1), max_size=2))),
            )
        )
    requests = [
        (draw(st.sampled_from([s["id"] for s in staff])), draw(st.integers(0, DAYS - 1)),
         draw(st.sampled_from(sorted(types))), draw(st.integers(1, 3)), draw(st.booleans()))
        for _ in range(draw(st.integers(0, 4)))
    ]  # fmt: skip
    cover = [(d, t, draw(st.integers(0, 2)), draw(st.sampled_from((100, 20))), 1) for d in range(DAYS) for t in types]
    return dict(types=types, forbid=forbid, staff=staff, requests=requests, cover=cover)


def render(data) -> str:
    """The instance in the benchmark's text format (CRLF, trailing comma on shift lines)."""
    lines = ["SECTION_HORIZON", str(DAYS), "", "SECTION_SHIFTS"]
    lines += [f"{t},{length},{'|'.join(data['forbid'][t])}" for t, length in data["types"].items()]
    lines += ["", "SECTION_STAFF"]
    for s in data["staff"]:
        caps = "|".join(f"{t}={n}" for t, n in s["max_shifts"].items())
        lines.append(
            f"{s['id']},{caps},{s['max_total']},{s['min_total']},{s['max_cons']},{s['min_cons']},"
            f"{s['min_off']},{s['max_weekends']}"
        )
    lines += ["", "SECTION_DAYS_OFF"]
    lines += [",".join([s["id"], *map(str, s["days_off"])]) for s in data["staff"] if s["days_off"]]
    for section, want in (("SECTION_SHIFT_ON_REQUESTS", True), ("SECTION_SHIFT_OFF_REQUESTS", False)):
        lines += ["", section] + [f"{e},{d},{t},{w}" for e, d, t, w, on in data["requests"] if on == want]
    lines += ["", "SECTION_COVER"] + [",".join(map(str, row)) for row in data["cover"]]
    return "\r\n".join(lines) + "\r\n"


def runs(flags, value):
    """(first, last) of each maximal run of ``value`` in ``flags``."""
    out, start = [], None
    for d, f in enumerate(flags + [not value]):
        if f == value and start is None:
            start = d
        elif f != value and start is not None:
            out.append((start, d - 1))
            start = None
    return out


def schedule_ok(s, schedule, data) -> bool:
    """The README's hard constraints 2-9 for one employee's schedule (one type or None per day)."""
    worked = [t is not None for t in schedule]
    if any(worked[d] for d in s["days_off"]):
        return False
    if any(a is not None and b in data["forbid"][a] for a, b in zip(schedule, schedule[1:])):
        return False
    if any(schedule.count(t) > n for t, n in s["max_shifts"].items()):
        return False
    total = sum(data["types"][t] for t in schedule if t is not None)
    if not s["min_total"] <= total <= s["max_total"]:
        return False
    for first, last in runs(worked, True):
        length = last - first + 1
        if length > s["max_cons"]:
            return False
        if length < s["min_cons"] and first > 0 and last < DAYS - 1:
            return False
    for first, last in runs(worked, False):
        if last - first + 1 < s["min_off"] and first > 0 and last < DAYS - 1:
            return False
    weekends = {d // 7 for d in range(DAYS) if worked[d] and d % 7 >= 5}
    return len(weekends) <= s["max_weekends"]


def objective(data, schedules) -> int:
    """The README objective: requests plus under/over cover."""
    total = 0
    for e, d, t, w, on in data["requests"]:
        if (schedules[e][d] == t) != on:
            total += w
    for d, t, need, under, over in data["cover"]:
        n = sum(sch[d] == t for sch in schedules.values())
        total += under * max(0, need - n) + over * max(0, n - need)
    return total


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimum_equals_the_benchmark_rules_brute_force(data):
    """The solver's optimum (and the validator's objective of its roster) equal the brute force."""
    options = [None, *data["types"]]
    valid = {
        s["id"]: [sch for sch in itertools.product(options, repeat=DAYS) if schedule_ok(s, list(sch), data)]
        for s in data["staff"]
    }
    ids = list(valid)
    best = None
    for combo in itertools.product(*(valid[e] for e in ids)):
        value = objective(data, dict(zip(ids, combo)))
        best = value if best is None else min(best, value)
    p = load_curtois(render(data))
    result = solve(p, SolveParams(time_limit_seconds=10, workers=2))
    if best is None:
        assert result.status is SolveStatus.INFEASIBLE
        return
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == best
    assert validate_roster(p, result.assignments).breakdown.total == best
