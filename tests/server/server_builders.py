"""Problem messages and helpers for the server tests (plain functions, no fixtures)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from google.protobuf.timestamp_pb2 import Timestamp

from safeshift.v1 import roster_pb2 as pb

DAY0 = datetime(2024, 1, 1, tzinfo=timezone.utc)  # a Monday; London is on UTC in January


def ts(day: int, hour: float) -> Timestamp:
    """The instant ``hour`` hours after midnight UTC on day ``day`` (0 = 2024-01-01)."""
    out = Timestamp()
    out.FromDatetime(DAY0 + timedelta(days=day, hours=hour))
    return out


def shift(sid: str, day: int, start_h: float, end_h: float, *, weight_under: int = 100,
          min_headcount: int = 1, category: str = "Day", competencies=()) -> pb.Shift:
    """A shift with one requirement (id "0")."""
    return pb.Shift(
        id=sid,
        start=ts(day, start_h),
        end=ts(day, end_h),
        category=category,
        requirements=[pb.Requirement(competency_ids=list(competencies), min_headcount=min_headcount,
                                     weight_under=weight_under)],
    )


def tiny_problem() -> pb.Problem:
    """One nurse, two overlapping shifts worth 100 and 7: the optimum leaves the 7 uncovered."""
    return pb.Problem(
        id="tiny",
        timezone="Europe/London",
        staff=[pb.Staff(id="ann")],
        shifts=[shift("big", 0, 8, 16, weight_under=100), shift("small", 0, 9, 17, weight_under=7)],
    )


def tiny_request(time_limit: float = 10.0) -> pb.SolveRequest:
    return pb.SolveRequest(problem=tiny_problem(), parameters=pb.SolveParameters(time_limit_seconds=time_limit))


def short_rest_request() -> pb.ValidateRosterRequest:
    """Ann works 14-22 then 06-14 next day: 8 h rest, below the 12 h minimum (H4)."""
    problem = pb.Problem(
        id="short-rest",
        staff=[pb.Staff(id="ann")],
        shifts=[shift("late", 0, 14, 22, category="Late"), shift("early", 1, 6, 14, category="Early")],
    )
    return pb.ValidateRosterRequest(
        problem=problem,
        assignments=[pb.Assignment(staff_id="ann", shift_id="late"), pb.Assignment(staff_id="ann", shift_id="early")],
    )


SHIFT_TYPES = (("Early", 6, 14), ("Late", 14, 22), ("Night", 22, 30))


def hard_problem(n_staff: int = 40, n_days: int = 28, seed: int = 7) -> pb.Problem:
    """A generated rostering problem CP-SAT cannot close in a few seconds: random cover of
    three shift types a day, min/max consecutive days, days off, forbidden successions
    and random shift preferences."""
    rng = random.Random(seed)
    shifts = [
        shift(f"d{d}-{name}", d, start, end, category=name, min_headcount=rng.randint(4, 9),
              weight_under=rng.choice((60, 100, 150)))
        for d in range(n_days)
        for name, start, end in SHIFT_TYPES
    ]
    staff = []
    for i in range(n_staff):
        off = [rng.randrange(n_days) for _ in range(2)]
        staff.append(pb.Staff(
            id=f"s{i:02d}",
            cost_per_hour=rng.choice((0, 10, 25)),
            unavailable=[pb.TimeInterval(start=ts(d, 0), end=ts(d + 1, 0), reason="leave") for d in off],
        ))
    preferences = [
        pb.Preference(staff_id=f"s{rng.randrange(n_staff):02d}", want=rng.random() < 0.5,
                      weight=rng.randint(1, 20), shift_id=rng.choice(shifts).id)
        for _ in range(n_staff * 6)
    ]
    return pb.Problem(
        id=f"hard-{n_staff}x{n_days}",
        timezone="Europe/London",
        defaults=pb.RuleParameters(max_consecutive_days=5, min_consecutive_days=2, min_consecutive_days_off=2,
                                   max_total_minutes=n_days * 8 * 60 * 5 // 7),
        staff=staff,
        shifts=shifts,
        forbidden_successions=[pb.SuccessionRule(from_category="Late", to_category="Early"),
                               pb.SuccessionRule(from_category="Night", to_category="Early"),
                               pb.SuccessionRule(from_category="Night", to_category="Late")],
        preferences=preferences,
    )


def hard_request(time_limit: float = 60.0, **problem_args) -> pb.SolveRequest:
    return pb.SolveRequest(problem=hard_problem(**problem_args),
                           parameters=pb.SolveParameters(time_limit_seconds=time_limit))
