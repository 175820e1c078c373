"""``solve``: build a roster for a problem with CP-SAT within a time limit.

Steps: feasibility precompute, pin check (H11), model build, search (streaming each
improving solution, cancellable), then the independent validator recomputes every number
the caller sees from the roster found. Large problems with a long enough limit are
decomposed instead (``SolveParams.decomposition``, package ``search``): a first roster
built group of people by group of people, then large-neighbourhood search.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from .cpsat import build_model
from .errors import InvalidProblemError
from .feasibility import Feasibility, compute_feasibility
from .model import Assignment, Problem
from .result import DEFAULT_WORKERS, Progress, SolveParams, SolveResult, SolveStats, SolveStatus, Violation
from .search import FAST_START_WORKERS, construct, improve, objective_is_separable, to_assignments, to_pairs
from .search.columns import generate
from .validation import roster_objective, roster_violations, validate_roster

log = logging.getLogger(__name__)

STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.NO_SOLUTION_IN_TIME,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
}

# Violation value keys of the "at least" rules: adding assignments can repair them, so a
# pinned-only roster that breaks them does not prove the pins wrong.
REPAIRABLE_KEYS = ("min_total_minutes", "min_consecutive_days", "min_consecutive_days_off")

# The time limit covers the whole solve; the search gets what the precompute and model
# build left, but never less than this share of the limit.
MIN_SEARCH_SHARE = 0.1

STOP_POLL_SECONDS = 0.05  # how often the watcher looks at the cancel event

# decomposition "auto" (SolveParams), when sub-models compute the objective exactly (no
# S5) and the limit is long enough: below DECOMPOSE_MIN_PAIRS (staff, requirement)
# decision pairs the full model alone, from there construction + LNS. Measured on the
# Curtois instances, 2 cores, 60 s: from 2000 pairs (Instances 8-24) LNS ends lower than
# the full model (8 1,548 vs 1,717, 10 4,766 vs 5,042, 14 1,431 vs 1,909, 18 5,510 vs
# 5,809; 9 and 16 about level); below it (4-7) neither stands out.
DECOMPOSE_MIN_PAIRS = 2000
DECOMPOSE_MIN_SECONDS = 10.0
# The construction's share of the time limit, at most: LNS has no other first roster.
# "lns": a roster late beats none, so most of the limit; the rest covers the final check
# (validating Curtois 24's roster takes 2.4 s; its construction 50-67 s of 2 cores, so at
# 60 s it is often not done in time).
CONSTRUCT_SHARE = {"hint": 0.4, "lns": 0.92}
FINAL_CHECK_SHARE = 0.05  # of the time limit, kept for validating the result of LNS
# Column generation before LNS (``SolveParams.column_generation``): at most this share of
# the time left after the construction (half of it for the root LP, see ``columns.generate``).
COLUMNS_SHARE = 0.7
# Where LNS stalls after column generation's dive (no better roster for RESTART_STALL
# seconds, and for as long as its last better roster took), another, randomised dive
# from the same columns (``columns.Diver``) gives it a new start, while at least
# RESTART_LEFT times the first dive's time is left; each dive gets at most
# RESTART_DIVE times that time.
RESTART_STALL = 10.0
RESTART_LEFT = 4.0
RESTART_DIVE = 1.5
# Before LNS, EARLY_DIVES more dives (same conditions), LNS starting from the best roster.
# 60 s, seeds 0-3: Curtois 12 4,324, 4,064, 4,071, 4,072 against 4,067, 4,159, 4,176,
# 4,519 without; 9 (seed 1) 439 (best known) against 443; 8 and 10 level.
EARLY_DIVES = 2
# CP-SAT workers of LNS (workers=0), shared by its lanes (``lns.LANES``). On 2 cores
# (Curtois 12, 13, 20, 30 s of LNS from one start, 2 seeds, one lane) 2 workers ended
# lower than 3 or 4 on 2 of 3, and 1 worker far higher on all.
MAX_SUB_WORKERS = 2
# The search of a full model with run states (``_use_run_states``), default workers, up
# to FULL_PORTFOLIO_CORES cores: CP-SAT's LP-strong full-problem workers (max_lp uses the
# run states' tight LP) and its LNS. 2 cores, 60 s, Curtois 5, 6, 7: 1,147, 1,950 (proved
# optimal at 29 s), 1,069 against 1,151, 2,044, 1,072 with 8 default workers; without
# max_lp (4 default workers) 2,676 on 6. More cores keep CP-SAT's default portfolio.
FULL_WORKERS = 4
FULL_SUBSOLVERS = ("max_lp", "core", "quick_restart")
FULL_PORTFOLIO_CORES = 4


def solve(
    problem: Problem,
    params: SolveParams = SolveParams(),
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    hint: Iterable[Assignment] | None = None,
) -> SolveResult:
    """A roster for ``problem`` (rules.md H1..H11; objective S1..S5, S7).

    ``on_progress`` is called from the search with each improving solution; setting
    ``cancel`` stops the search within a second and returns the best roster so far.
    ``hint`` is an optional roster to start from. Raises ``RuntimeError`` if the
    validator finds a hard-rule violation in the solver's roster (an engine bug).
    """
    t0 = time.monotonic()
    if params.column_generation not in ("auto", "off"):
        raise ValueError(f"unknown column_generation {params.column_generation!r}: auto or off")
    pin_violations = _pin_violations(problem)
    if pin_violations:
        return SolveResult(
            status=SolveStatus.INFEASIBLE,
            violations=pin_violations,
            stats=SolveStats(wall_seconds=time.monotonic() - t0),
            message="pinned assignments break hard rules: " + _describe(pin_violations),
        )
    feasibility = compute_feasibility(problem)
    mode = _decomposition(problem, feasibility, params)
    start = None  # the construction's roster, as (staff, requirement) pairs
    if mode in ("hint", "lns") and not (cancel is not None and cancel.is_set()):
        start = _start_roster(problem, feasibility, params, hint, t0, cancel, CONSTRUCT_SHARE[mode])
        if mode == "lns":
            if start is not None:
                return _solve_lns(problem, feasibility, params, start, t0, on_progress, cancel)
            # The full model is too large for the time left.
            stopped_by = "cancelled" if cancel is not None and cancel.is_set() else "time_limit"
            stats = SolveStats(wall_seconds=time.monotonic() - t0, stopped_by=stopped_by)
            status = SolveStatus.NO_SOLUTION_IN_TIME
            return SolveResult(status=status, stats=stats, message=_no_roster_message(status, stopped_by))
        if start is not None:
            hint = to_assignments(problem, start)
    run_states = _use_run_states(feasibility, params)
    built = build_model(problem, feasibility, hint, run_states=run_states)
    solver = cp_model.CpSolver()
    limit = params.time_limit_seconds
    solver.parameters.max_time_in_seconds = max(limit - (time.monotonic() - t0), MIN_SEARCH_SHARE * limit, 0.0)
    _set_workers(solver.parameters, params, run_states)
    # Cancellation goes through ``cancel``; CP-SAT's own SIGINT handler would abort the process.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.random_seed = params.seed
    solver.parameters.log_search_progress = params.log_search
    callback = _Progress(t0, built.objective, on_progress, built.variables)
    if cancel is not None and cancel.is_set():
        status = cp_model.UNKNOWN
    else:
        with _Watcher(solver, cancel):
            status = solver.solve(built.model, callback)
    if callback.error is not None:
        raise callback.error
    cancelled = cancel is not None and cancel.is_set()
    mapped = STATUS.get(status, SolveStatus.NO_SOLUTION_IN_TIME)
    stopped_by = ""
    if mapped in (SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION_IN_TIME):
        stopped_by = "cancelled" if cancelled else "time_limit"
    stats = SolveStats(
        wall_seconds=time.monotonic() - t0,
        first_solution_seconds=callback.first,
        solutions=callback.count,
        variables=built.n_variables,
        constraints=built.n_constraints,
        stopped_by=stopped_by,
    )
    no_roster = mapped in (SolveStatus.NO_SOLUTION_IN_TIME, SolveStatus.INFEASIBLE)
    if no_roster and start is not None:
        roster = to_assignments(problem, start)  # CP-SAT found nothing in time: the construction's roster
        return _result(problem, roster, SolveStatus.FEASIBLE, None, stats)
    if mapped not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return SolveResult(status=mapped, stats=stats, message=_no_roster_message(mapped, stopped_by))
    if callback.best_solution is not None:
        values = callback.best_solution
        roster = built.variables.roster(lambda var: values[var.index])
    else:  # every solution is reported to the callback; this is only a safety net
        roster = built.variables.roster(solver.boolean_value)
    result = _result(problem, roster, mapped, solver.best_objective_bound, stats, callback.best)
    if start is not None and mapped is SolveStatus.FEASIBLE:
        constructed = _result(problem, to_assignments(problem, start), mapped, solver.best_objective_bound, stats)
        if constructed.objective < result.objective:  # CP-SAT did not get back to its hint
            return constructed
    return result


def _result(
    problem: Problem, roster, status: SolveStatus, bound, stats: SolveStats, model_objective=None
) -> SolveResult:
    """The answer for ``roster``, every number recomputed by the validator; raises
    ``RuntimeError`` if it breaks a hard rule (an engine bug)."""
    report = validate_roster(problem, roster)
    if report.violations:
        raise RuntimeError(
            f"the solver's roster breaks hard rules (an engine bug): {_describe(report.violations)}"
        )
    if model_objective is not None and model_objective != report.breakdown.total:
        log.warning(
            "model objective %s differs from the recomputed objective %s", model_objective, report.breakdown.total
        )
    return SolveResult(
        status=status,
        assignments=roster,
        objective=report.breakdown.total,
        best_bound=None if bound is None else min(bound, report.breakdown.total),
        breakdown=report.breakdown,
        kpis=report.kpis,
        uncovered=report.uncovered,
        stats=stats,
        fatigue=report.fatigue,
    )


def _decomposition(problem: Problem, feasibility: Feasibility, params: SolveParams) -> str:
    """The decomposition mode to use (``SolveParams.decomposition``)."""
    mode = params.decomposition
    if mode not in ("auto", "off", "hint", "lns"):
        raise ValueError(f"unknown decomposition {mode!r}: auto, off, hint or lns")
    if mode == "lns" and not objective_is_separable(problem):
        return "hint"  # LNS needs sub-model objectives that are exact up to a constant
    if mode != "auto":
        return mode
    pairs = len(feasibility.elig_staff)
    if pairs < DECOMPOSE_MIN_PAIRS or params.time_limit_seconds < DECOMPOSE_MIN_SECONDS:
        return "off"
    if not objective_is_separable(problem):
        return "off"
    return "lns"


def _use_run_states(feasibility: Feasibility, params: SolveParams) -> bool:
    """Whether the full model gets the run-state flow (``build_model``): a tighter bound,
    but slower first solutions, so only on models below DECOMPOSE_MIN_PAIRS decision pairs
    and limits of DECOMPOSE_MIN_SECONDS or more (Curtois 8, over 2,000 pairs: first
    roster at 30 s instead of 1 s; 10: none within 2 s)."""
    small = len(feasibility.elig_staff) < DECOMPOSE_MIN_PAIRS
    return small and params.time_limit_seconds >= DECOMPOSE_MIN_SECONDS


def _set_workers(parameters, params: SolveParams, run_states: bool) -> None:
    """The full model's workers: ``params.workers``; else, for a model with run states on
    a small machine, ``FULL_SUBSOLVERS``; else CP-SAT's default portfolio with
    ``DEFAULT_WORKERS`` or one per core (CP-SAT's portfolio, LNS, feasibility jump and
    the rest, needs about 8; on 2 cores 8 interleaved workers beat one per core)."""
    cores = os.cpu_count() or 1
    if params.workers > 0:
        parameters.num_workers = params.workers
    elif run_states and cores <= FULL_PORTFOLIO_CORES:
        parameters.num_workers = FULL_WORKERS
        parameters.subsolvers.extend(FULL_SUBSOLVERS)
    else:
        parameters.num_workers = max(DEFAULT_WORKERS, cores)


def _sub_workers(params: SolveParams) -> int:
    return params.workers if params.workers > 0 else min(MAX_SUB_WORKERS, os.cpu_count() or 1)


def _construct_workers(params: SolveParams) -> int:
    """The construction's sub-models want a first roster fast, which several kinds of
    search workers find most reliably (``search.submodel.FAST_START``): on 2 cores,
    one-person 364-day sub-models of Curtois 22 and 24 take 0.04-0.13 s on average with
    4 of them, 0.1-2 s (some time out) with 2 plain workers."""
    return params.workers if params.workers > 0 else max(FAST_START_WORKERS, os.cpu_count() or 1)


def _start_roster(problem, feasibility, params, hint, t0, cancel, share: float):
    """A valid ``hint`` as pairs, else the construction's roster (None: none in time)."""
    if hint is not None:
        roster = tuple(hint)
        try:
            if not roster_violations(problem, roster):
                return to_pairs(problem, roster)
        except InvalidProblemError:
            pass  # names unknown staff or shifts: construct instead
    deadline = t0 + share * params.time_limit_seconds
    return construct(problem, feasibility, deadline, cancel, _construct_workers(params), params.seed)


def _solve_lns(problem, feasibility, params, start, t0, on_progress, cancel) -> SolveResult:
    """Column generation where it fits (``COLUMNS_SHARE``), then large-neighbourhood
    search from the better of its roster and ``start`` until the time limit or the proved
    bound, streaming each improving roster; the best one is returned."""
    first = roster_objective(problem, to_assignments(problem, start)).total
    found = {"count": 0, "first": None, "bound": None}

    def report(pairs, objective) -> None:
        found["count"] += 1
        elapsed = time.monotonic() - t0
        found["first"] = found["first"] if found["first"] is not None else elapsed
        bound = 0.0 if found["bound"] is None else float(found["bound"])
        if on_progress is not None:
            on_progress(Progress(elapsed, objective, bound, found["count"], lambda: to_assignments(problem, pairs)))

    report(start, first)
    deadline = t0 + params.time_limit_seconds * (1 - FINAL_CHECK_SHARE)
    workers = _sub_workers(params)
    columns = None
    if params.column_generation == "auto" and not (cancel is not None and cancel.is_set()):
        now = time.monotonic()
        columns = generate(problem, feasibility, start, now + COLUMNS_SHARE * (deadline - now), cancel, workers,
                           params.seed)  # fmt: skip
        found["bound"] = columns.bound
        if columns.pairs is not None:
            value = roster_objective(problem, to_assignments(problem, columns.pairs)).total
            if value < first:
                start, first = columns.pairs, value
                report(start, first)
    bound = found["bound"]
    pairs, objective = _improve_and_dive(problem, feasibility, params, start, first, deadline, cancel, report,
                                         bound, columns.diver if columns is not None else None)  # fmt: skip
    cancelled = cancel is not None and cancel.is_set()
    optimal = bound is not None and objective <= bound
    stats = SolveStats(
        wall_seconds=time.monotonic() - t0,
        first_solution_seconds=found["first"],
        solutions=found["count"],
        stopped_by="" if optimal else "cancelled" if cancelled else "time_limit",
    )
    status = SolveStatus.OPTIMAL if optimal else SolveStatus.FEASIBLE
    return _result(problem, to_assignments(problem, pairs), status, bound, stats)


def _improve_and_dive(problem, feasibility, params, start, first, deadline, cancel, report, bound, diver):
    """LNS from ``start`` until ``deadline`` or the proved ``bound``; with a ``diver``,
    from the best of ``start`` and EARLY_DIVES more dives' rosters, and each time it
    stalls and time is left, again from a new dive's roster (see ``RESTART_STALL``).
    The best roster of them all; ``report`` gets each one better than every one before."""
    best = {"pairs": start, "objective": first}
    dives = 0

    def better(pairs, objective) -> None:
        if objective < best["objective"]:
            best["pairs"], best["objective"] = pairs, objective
            report(pairs, objective)

    def can_dive() -> bool:
        return diver is not None and deadline - time.monotonic() >= RESTART_LEFT * diver.seconds

    def dive():
        """A new dive's roster and its objective (None: an LP failed, or cancelled)."""
        nonlocal dives
        dives += 1
        pairs = diver.dive(min(deadline, time.monotonic() + RESTART_DIVE * diver.seconds), params.seed + dives)
        if pairs is None:
            return None
        value = roster_objective(problem, to_assignments(problem, pairs)).total
        log.debug("dive %d: %d (best %d)", dives, value, best["objective"])
        better(pairs, value)
        return pairs, value

    while dives < EARLY_DIVES and can_dive() and dive() is not None:
        pass
    start, first = best["pairs"], best["objective"]  # the start or a better dive's roster
    while True:
        stalls = can_dive()  # LNS returns where it stalls only while a dive would fit
        stall = RESTART_STALL if stalls else None
        pairs, objective = improve(problem, feasibility, start, first, deadline, cancel, better, _sub_workers(params),
                                   params.seed + dives, target=bound, stall=stall)  # fmt: skip
        better(pairs, objective)
        if not stalls or (cancel is not None and cancel.is_set()) or (bound is not None and objective <= bound):
            return best["pairs"], best["objective"]
        found = dive() if can_dive() else (best["pairs"], best["objective"])  # too late: on from the best
        if found is None:
            return best["pairs"], best["objective"]
        start, first = found


def _pin_violations(problem: Problem) -> tuple[Violation, ...]:
    """The hard-rule violations of the pinned-only roster that more assignments cannot
    repair (minimum totals and minimum runs can still be met by adding duties)."""
    if not problem.pinned:
        return ()
    violations = roster_violations(problem, problem.pinned)
    return tuple(v for v in violations if not any(key in v.values for key in REPAIRABLE_KEYS))


def _describe(violations: tuple[Violation, ...], limit: int = 5) -> str:
    parts = [f"{v.rule} {v.staff_id} [{', '.join(v.shift_ids)}]: {v.message}" for v in violations[:limit]]
    more = len(violations) - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _no_roster_message(status: SolveStatus, stopped_by: str) -> str:
    if status is SolveStatus.INFEASIBLE:
        return "no roster satisfies the hard rules (with the pinned assignments, if any)"
    if status is SolveStatus.INVALID:
        return "the solver rejected the model"
    if stopped_by == "cancelled":
        return "cancelled before any roster was found"
    return "no roster was found within the time limit"


class _Progress(cp_model.CpSolverSolutionCallback):
    """Keeps the best solution and streams each improving one.

    The objective of a solution is the model's objective expression evaluated on it (the
    roster's true objective); CP-SAT's ``objective_value`` may be higher, see
    ``cpsat.objective``. So a solution counts as improving when that value drops, and the
    values of the best one are kept (a copy of the response's solution vector). Runs
    under the GIL: nothing else is done here.
    """

    def __init__(self, t0: float, objective, on_progress: Callable[[Progress], None] | None, variables=None):
        super().__init__()
        self.variables = variables  # to turn a solution into a roster on demand
        self.t0, self.objective, self.on_progress = t0, objective, on_progress
        self.count = 0  # solutions found by the solver
        self.first: float | None = None
        self.best: int | None = None  # objective of the best solution
        self.best_solution = None  # its values, indexed by variable index
        self.error: BaseException | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.t0
        self.count += 1
        if self.first is None:
            self.first = elapsed
        value = int(self.value(self.objective))
        if self.best is not None and value >= self.best:
            return
        self.best = value
        self.best_solution = list(self.response_proto.solution)  # a copy: the proto is reused
        if self.on_progress is None or self.error is not None:
            return
        bound = min(self.best_objective_bound, value)
        try:
            self.on_progress(Progress(elapsed, value, bound, self.count, self._roster_of(self.best_solution)))
        except BaseException as e:  # re-raised by solve() once the search has stopped
            self.error = e
            self.stop_search()

    def _roster_of(self, values):
        """A function computing the roster of solution ``values`` (None without variables)."""
        if self.variables is None:
            return None
        variables = self.variables
        return lambda: variables.roster(lambda var: values[var.index])


class _Watcher:
    """While the search runs, stops it once ``cancel`` is set.

    ``stop_search`` only acts on a running search and is asynchronous, so it is repeated
    every ``STOP_POLL_SECONDS`` until ``solve`` returns.
    """

    def __init__(self, solver: cp_model.CpSolver, cancel: threading.Event | None):
        self.solver, self.cancel = solver, cancel
        self.done = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> _Watcher:
        if self.cancel is not None:
            self.thread = threading.Thread(target=self._run, name="safeshift-cancel-watcher", daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()

    def _run(self) -> None:
        while not self.done.wait(STOP_POLL_SECONDS):
            if self.cancel is not None and self.cancel.is_set():
                self.solver.stop_search()
