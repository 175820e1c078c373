"""The baseline: a direct, textbook CP-SAT model of a Curtois instance.

One boolean per (employee, day, shift type), every rule as plain clauses and sums,
CP-SAT's default parameters (only the time limit is set; workers: CP-SAT's default, one per core). It shares
no code with the engine's model builder; it reads the imported ``Problem`` only for the
instance data. Used by the quality harness as the same-machine, same-run reference.
"""

from __future__ import annotations

import time
from datetime import timedelta
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from safeshift.engine.model import Problem


@dataclass
class Trace:
    """Improving solutions seen: (elapsed seconds, objective)."""

    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class BaselineResult:
    status: str
    objective: float | None
    best_bound: float
    first_seconds: float | None
    best_seconds: float | None
    trace: tuple[tuple[float, float], ...]


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, t0: float):
        super().__init__()
        self.t0, self.points = t0, []

    def on_solution_callback(self):
        self.points.append((time.monotonic() - self.t0, self.objective_value))


def solve_baseline(problem: Problem, time_limit: float) -> BaselineResult:
    """Solve ``problem`` (imported from a Curtois file) with the textbook model."""
    t0 = time.monotonic()
    ix = problem.indexed
    m = cp_model.CpModel()
    n_days, types = ix.n_days, ix.categories
    shift_of = {(ix.shift_day[j], ix.shift_category[j]): j for j in range(ix.n_shifts)}
    length = {t: ix.shift_end[j] - ix.shift_start[j] for (_, t), j in shift_of.items()}
    x = {
        (e, d, t): m.new_bool_var(f"x{e}_{d}_{t}")
        for e in range(ix.n_staff)
        for (d, t) in shift_of
    }
    work = {}
    objective = []
    for e, staff in enumerate(problem.staff):
        rules = ix.rules[e]
        off_days = {
            d for iv in staff.unavailable for d in range(n_days)
            if iv.start <= problem.horizon_start + timedelta(days=d) < iv.end
        }
        for d in range(n_days):
            day = [x[e, d, t] for t in range(len(types)) if (d, t) in shift_of]
            work[e, d] = m.new_bool_var(f"w{e}_{d}")
            m.add(sum(day) == work[e, d])  # one shift per day
            if d in off_days:
                m.add(work[e, d] == 0)
        for t, name in enumerate(types):
            cap = rules.category_max.get(name)
            if cap is not None:
                m.add(sum(x[e, d, t] for d in range(n_days) if (d, t) in shift_of) <= cap)
        minutes = sum(length[t] * x[e, d, t] for (d, t) in shift_of)
        if rules.max_total_minutes is not None:
            m.add(minutes <= rules.max_total_minutes)
        if rules.min_total_minutes is not None:
            m.add(minutes >= rules.min_total_minutes)
        for a, b in problem.forbidden_successions:
            if a in ix.category_index and b in ix.category_index:
                ta, tb = ix.category_index[a], ix.category_index[b]
                for d in range(n_days - 1):
                    if (d, ta) in shift_of and (d + 1, tb) in shift_of:
                        m.add_bool_or([x[e, d, ta].Not(), x[e, d + 1, tb].Not()])
        k = rules.max_consecutive_days
        if k is not None:
            for d in range(n_days - k):
                m.add(sum(work[e, d + i] for i in range(k + 1)) <= k)
        _forbid_short_runs(m, [work[e, d] for d in range(n_days)], rules.min_consecutive_days)
        _forbid_short_runs(m, [work[e, d].Not() for d in range(n_days)], rules.min_consecutive_days_off)
        if rules.max_weekends is not None:
            weekends = []
            for w in range(ix.n_weekends):
                days = [work[e, d] for d in range(n_days) if ix.weekend_of_day[d] == w]
                worked = m.new_bool_var(f"we{e}_{w}")
                m.add_max_equality(worked, days)
                weekends.append(worked)
            m.add(sum(weekends) <= rules.max_weekends)
    for (d, t), j in shift_of.items():
        req = problem.shifts[j].requirements[0]
        assigned = sum(x[e, d, t] for e in range(ix.n_staff))
        under = m.new_int_var(0, req.min_headcount, f"u{j}")
        over = m.new_int_var(0, ix.n_staff, f"o{j}")
        m.add(assigned + under - over == req.min_headcount)
        objective += [req.weight_under * under, req.weight_over * over]
    for pref in problem.preferences:
        j = ix.shift_index[pref.shift_id]
        var = x[ix.staff_index[pref.staff_id], ix.shift_day[j], ix.shift_category[j]]
        objective.append(pref.weight * (1 - var) if pref.want else pref.weight * var)
    m.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, time_limit - (time.monotonic() - t0))
    recorder = _Recorder(t0)
    status = solver.solve(m, recorder)
    points = tuple(recorder.points)
    return BaselineResult(
        status=solver.status_name(status),
        objective=points[-1][1] if points else None,
        best_bound=solver.best_objective_bound,
        first_seconds=points[0][0] if points else None,
        best_seconds=points[-1][0] if points else None,
        trace=points,
    )


def _forbid_short_runs(m: cp_model.CpModel, on: list, minimum: int | None) -> None:
    """No run of ``on`` literals shorter than ``minimum`` between two ``off`` days.

    Runs touching the first or last day are exempt (the benchmark's published reading).
    """
    if not minimum or minimum < 2:
        return
    n = len(on)
    for length in range(1, minimum):
        for start in range(1, n - length):
            m.add_bool_or([on[start - 1]] + [on[start + i].Not() for i in range(length)] + [on[start + length]])
