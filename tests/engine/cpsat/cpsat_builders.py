"""Builders for tiny solver problems (UTC, days from Monday 2026-03-02), a checked solve,
and the day sequences a run rule allows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ortools.sat.python import cp_model

from safeshift.engine.model import Location, Problem, Requirement, RuleParams, Shift, Staff, TravelSettings
from safeshift.engine.result import SolveParams, SolveResult, SolveStatus
from safeshift.engine.solver import solve
from safeshift.engine.validation import validate_roster

MONDAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
FAST = SolveParams(time_limit_seconds=10.0, workers=2, seed=0)


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def day(d: int) -> date:
    return (MONDAY + timedelta(days=d)).date()


def shift(
    sid, d=0, hour=8, minutes=480, *, loc=None, cat="", need=1, most=None, under=100, over=1, comps=(), reqs=None
):
    """Shift ``sid`` on day ``d`` at ``hour``:00 for ``minutes``, one requirement ``r``."""
    reqs = reqs if reqs is not None else (Requirement("r", tuple(comps), need, most, under, over),)
    start = at(d, hour)
    return Shift(sid, start, start + timedelta(minutes=minutes), loc, cat, tuple(reqs))


def person(sid, *, home=None, cost=0, unavailable=(), competencies=(), **rules) -> Staff:
    return Staff(
        sid,
        home_location_id=home,
        cost_per_hour=cost,
        unavailable=tuple(unavailable),
        competencies=tuple(competencies),
        rules=RuleParams(**rules),
    )


def problem(staff, shifts, *, days=None, travel=None, defaults=None, **kw) -> Problem:
    """UTC problem; horizon from day 0 over ``days`` days (default: derived from shifts).

    ``travel`` is a matrix over locations ``home`` (0) and ``site`` (1).
    """
    extra = {}
    if days is not None:
        extra.update(horizon_start=MONDAY, horizon_end=at(days))
    if travel is not None:
        extra.update(locations=(Location("home"), Location("site")), travel=TravelSettings(matrix=travel))
    return Problem(
        timezone="UTC",
        defaults=defaults if defaults is not None else RuleParams(min_rest_minutes=0),
        staff=tuple(staff),
        shifts=tuple(shifts),
        **extra,
        **kw,
    )


def checked_solve(p: Problem, params: SolveParams = FAST, **kw) -> SolveResult:
    """``solve``, then check the roster independently: no violation, same objective."""
    result = solve(p, params, **kw)
    if result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        report = validate_roster(p, result.assignments)
        assert report.violations == ()
        assert report.breakdown.total == result.objective
    return result


def optimum(p: Problem, **kw) -> int:
    """The proved optimal objective of ``p`` (fails unless the solve proves optimality)."""
    result = checked_solve(p, **kw)
    assert result.status is SolveStatus.OPTIMAL, result.message
    return result.objective


def works(result: SolveResult, staff_id: str) -> set[str]:
    """The shift ids ``staff_id`` works in ``result``."""
    return {a.shift_id for a in result.assignments if a.staff_id == staff_id}


def day_sequences(n: int, closed, post) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """For a rule posted by ``post(model, on)`` over ``n`` day literals (``closed`` days:
    None, cannot be worked): every solution projected on the days (0/1 per day, in the
    order found, one per solution), and every 0/1 sequence with the closed days at 0."""
    model = cp_model.CpModel()
    on = [None if d in closed else model.new_bool_var(f"on{d}") for d in range(n)]
    post(model, on)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    found: list[tuple[int, ...]] = []

    class Collect(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self):
            found.append(tuple(0 if lit is None else self.value(lit) for lit in on))

    solver.solve(model, Collect())
    free = [d for d in range(n) if d not in closed]
    every = [
        tuple(1 if d in free and mask >> free.index(d) & 1 else 0 for d in range(n)) for mask in range(1 << len(free))
    ]
    return found, every
