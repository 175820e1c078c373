"""Solve a few people's rosters with everyone else fixed (a CP-SAT sub-model).

A roster is held as a set of ``(staff, flat requirement)`` pairs. The hard rules are per
person (rules.md H1..H10; H11 pins are part of the model), so a sub-model's solution put
together with the fixed rest is a valid roster whenever the rest was. Its objective is
the full objective up to a constant (``build_model``); S5 fairness is not (``exact``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model, cp_model_helper

from ..cpsat import RosterModel, RosterRules, build_rules
from ..feasibility import Feasibility
from ..model import Assignment, Problem

Pairs = frozenset[tuple[int, int]]  # (staff index, flat requirement index)

STOP_POLL_SECONDS = 0.05
COMPLETE_SECONDS = 1.0  # at most this to complete the hint of the current roster (``_hint_current``)
# For searches that want a first roster fast: a lighter presolve, and no workers that only
# prove bounds (the full search's core, max_lp, reduced_costs, quick_restart). On one-person,
# 364-day sub-models (Curtois 22 and 24, 2 cores) the first roster comes in about a third
# of the time, and without the time-outs of 2 plain workers.
FAST_START = {
    "cp_model_probing_level": 0, "symmetry_level": 0, "find_big_linear_overlap": False, "max_presolve_iterations": 1,
    "presolve_inclusion_work_limit": 0, "merge_at_most_one_work_limit": 0, "presolve_use_bva": False,
    "linearization_level": 0, "detect_table_with_cost": False,
}
FAST_START_WORKERS = 4
FAST_START_IGNORED = ("core", "max_lp", "reduced_costs", "quick_restart")
# The cheapest search for a first roster: one worker, no presolve, the quick-restart
# portfolio (FAST_START's worker that finds the first roster from a cover hint). Curtois
# 24, one person at a time (2 cores): 0.20 s a person on one core, against 0.27 s on
# both cores with FAST_START's 4 workers, but the rosters leave more cover short
# (1,180,000 against 685,000), so the construction only uses it when behind schedule.
LIGHT_START = {**FAST_START, "cp_model_presolve": False,
               "search_branching": cp_model_helper.SatParameters.PORTFOLIO_WITH_QUICK_RESTART_SEARCH}  # fmt: skip
# For improving a roster with 2 workers: the full-problem worker with the stronger LP
# relaxation (max_lp) instead of default_lp; the second worker runs CP-SAT's own LNS as
# before. Same sub-models of the Curtois instances, 1 s each, 2 cores: 29 % more gain on
# 2-6 people of 13 and 15, 19 % of 12 (optimal in a third of the time), 24-58 % on 2
# people of 20 and 21. A weak bound kept default_lp from proving small sub-models optimal.
IMPROVE_SUBSOLVERS = ("max_lp",)
# Only with exactly 2 workers, the measured case. CP-SAT 9.15's full-problem workers by
# default: 2 -> default_lp; 3 -> default_lp, no_lp (not measured here with max_lp); 4 or
# more -> max_lp among them.
IMPROVE_WORKERS = 2
# With one worker (a lane of LNS on 2 cores, ``lns.LANES``): CP-SAT's single search with
# max_lp's LP (linearization level 2; the default, 1, is default_lp's). Two lanes of one
# such worker, from the same rosters, 40 s, seeds 0 and 1, against two lanes of
# IMPROVE_WORKERS: 13 3,974 and 4,041 against 4,581 and 3,956; 12 4,542 and 4,330 against
# 4,541 and 4,543; 20 1 % higher (7,260 and 7,550 against 7,222 and 7,477); one default
# worker per lane ended far higher (13 6,736).
IMPROVE_ALONE_LINEARIZATION = 2
# A lighter presolve where a person has thousands of options (``lean``; LNS on Curtois 23
# and 24): there it is a large part of a sub-solve (0.28 s of 1 s for one person's 364
# days on 24, two passes of FindBigAtMostOneAndLinearOverlap alone 0.11 s). The same 20
# sub-models (2 workers) reached the same values in 27-33 % less time on 23 (one person's
# horizon; one category) and 24 (one category), and 4 % more in 20 % less on 24's people; LNS
# from the same rosters, 150 s, seeds 1 and 2: 24 167,360 and 153,756 against 177,538 and
# 174,773, 23 38,562 and 38,090 against 39,370 and 38,502. Not below: on one person of 22
# (2,171 options, 1 worker) the same sub-models gained 412 instead of 728, fewer proved;
# LNS there (seeds 1, 2) ended level: 42,198 and 40,429 against 42,493 and 41,920.
LEAN_PRESOLVE = {"find_big_linear_overlap": False, "max_presolve_iterations": 1, "cp_model_probing_level": 0}


def objective_is_separable(problem: Problem) -> bool:
    """Whether a sub-model's objective differs from the full one by a constant only (no
    S5 fairness term, which compares people across the whole group)."""
    w = problem.weights
    return not (w.fairness_minutes > 0 or w.fairness_nights > 0 or w.fairness_weekends > 0)


def counts_without(n_requirements: int, pairs: Iterable[tuple[int, int]], staff: set[int]) -> np.ndarray:
    """Per flat requirement, how many ``pairs`` belong to people not in ``staff``."""
    ks = [k for s, k in pairs if s not in staff]
    return np.bincount(np.array(ks, dtype=np.int64), minlength=n_requirements)


def cover_minimum(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """Per flat requirement: its minimum headcount and its weight per missing person (S1)."""
    data = problem.indexed
    return np.array(data.req_min, dtype=np.int64), np.array(data.req_weight_under, dtype=np.int64)


def to_assignments(problem: Problem, pairs: Iterable[tuple[int, int]]) -> tuple[Assignment, ...]:
    """The roster of ``pairs``, in (staff, requirement) order."""
    data = problem.indexed
    out = []
    for s, k in sorted(pairs):
        j = data.req_shift[k]
        req = problem.shifts[j].requirements[k - data.req_offset[j]]
        out.append(Assignment(problem.staff[s].id, problem.shifts[j].id, req.id))
    return tuple(out)


def to_pairs(problem: Problem, roster: Iterable[Assignment]) -> set[tuple[int, int]]:
    """The ``(staff, flat requirement)`` pairs of a roster (unknown ids are skipped)."""
    data, out = problem.indexed, set()
    for a in roster:
        s, j = data.staff_index.get(a.staff_id), data.shift_index.get(a.shift_id)
        r = None if s is None or j is None else problem.shifts[j].requirement_index(a.requirement_id)
        if r is not None:
            out.add((s, data.req_offset[j] + r))
    return out


@dataclass(frozen=True)
class Scope:
    """Which of a sub-model's people's duties may change: those starting on ``days``
    and of shift ``category`` (index into ``IndexedProblem.categories``); None: any.
    The rest stay as in the current roster."""

    days: frozenset[int] | None = None
    category: int | None = None

    @property
    def everything(self) -> bool:
        return self.days is None and self.category is None

    def free_shifts(self, data) -> np.ndarray:
        """Per shift: whether its duties may change."""
        free = np.ones(len(data.shift_day), dtype=bool)
        if self.days is not None:
            free &= np.isin(np.asarray(data.shift_day, dtype=np.int64), np.fromiter(self.days, np.int64))
        if self.category is not None:
            free &= np.asarray(data.shift_category, dtype=np.int64) == self.category
        return free


class SubSolve:
    """One sub-model: build, evaluate a roster of its people, search."""

    def __init__(
        self,
        problem: Problem,
        feasibility: Feasibility,
        staff: Iterable[int],
        pairs: set[tuple[int, int]],
        rules: RosterRules | None = None,
        scope: Scope | None = None,
    ):
        """``rules``: the sub-model's hard rules built ahead (``build_rules`` with the
        same ``staff``), else built here. ``scope``: only the duties it frees may change,
        the people's other duties stay as in ``pairs`` (a day window or one shift
        category; default: all)."""
        self.staff = set(staff)
        self.problem = problem
        if rules is None:
            rules = build_rules(problem, feasibility, staff=self.staff)
        filled = counts_without(problem.indexed.n_requirements, pairs, self.staff)
        self.filled = filled  # per flat requirement, the people outside the sub-model on it
        mine = [(s, k) for s, k in pairs if s in self.staff]
        self.built: RosterModel = rules.finish(filled)
        self.current = {key for key in mine if key in self.built.variables.x}
        self.complete = len(self.current) == len(mine)  # every current pair has a variable
        self.status = cp_model.UNKNOWN  # CP-SAT's status of the last ``search``
        if scope is not None and not scope.everything:
            self._fix_outside(scope)

    def _fix_outside(self, scope: Scope) -> None:
        """Fix every decision ``scope`` does not free to the current roster (presolve removes them)."""
        data = self.problem.indexed
        free = scope.free_shifts(data)
        proto = self.built.model.proto.variables
        for key, var in self.built.variables.x.items():
            if not free[data.req_shift[key[1]]]:
                value = int(key in self.current)
                domain = proto[var.index].domain  # [0, 1]: a Boolean's
                domain[0] = domain[1] = value

    def _hint_current(self) -> None:
        """Hint every variable of the model to its value under the current roster, found by
        CP-SAT with the decisions fixed (a few ms: presolve settles the rest). With the
        decisions alone hinted CP-SAT has to find the rest itself, and on a 12-person
        sub-model of Curtois 13 it took 0.6 s to get back to the current roster; with all
        of them hinted it starts from it."""
        built = self.built
        fixed = built.model.clone()
        fixed.clear_hints()
        variables = fixed.proto.variables
        for key, var in built.variables.x.items():
            domain = variables[var.index].domain  # [0, 1], or already fixed
            domain[0] = domain[1] = int(key in self.current)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = COMPLETE_SECONDS
        solver.parameters.catch_sigint_signal = False
        if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            built.variables.hint_pairs(self.current)  # not expected: the current roster is valid
            return
        values = solver.response_proto.solution
        built.model.clear_hints()
        hint = built.model.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)

    def value(self, chosen: set[tuple[int, int]]) -> int:
        """The sub-model's objective of its people working ``chosen`` (exact for the
        separable objectives, see ``objective_is_separable``)."""
        v = self.built.variables
        values = v.values_of(chosen)
        counts: dict[int, int] = {}
        for _, k in chosen:
            counts[k] = counts.get(k, 0) + 1
        for var, k, sign, offset in v.count_terms:
            values[var.index] = max(0, sign * counts.get(k, 0) + offset)
        terms, constant = v.objective_terms
        return constant + sum(coef * int(values[var.index]) for coef, var in terms)

    def search(
        self,
        seconds: float,
        workers: int,
        seed: int,
        cancel: threading.Event | None,
        hint: bool = True,
        patience: float | None = None,
        fast_start: bool = False,
        soft_seconds: float | None = None,
        start: set[tuple[int, int]] | None = None,
        light: bool = False,
        improve: bool = False,
        lean: bool = False,
    ) -> tuple[set[tuple[int, int]] | None, int | None, bool]:
        """The best roster of the sub-model's people within ``seconds``, its objective, and
        whether it is proved optimal; ``(None, None, False)`` without one. ``patience``:
        stop once that many seconds pass without a better roster (0: at the first one);
        ``soft_seconds``: stop after that long if a roster was found; ``fast_start``: a
        lighter presolve (``FAST_START``); ``light``: one worker, no presolve
        (``LIGHT_START``, ``workers`` ignored); ``improve``: the LP-strong full-problem
        worker (``IMPROVE_SUBSOLVERS`` with 2 workers, its LP with 1); ``lean``: a lighter
        presolve (``LEAN_PRESOLVE``); ``start``: the pairs to hint (``hint`` on), instead of
        the current roster."""
        built = self.built
        if hint and start is not None:
            built.model.clear_hints()  # a search may be repeated (a restart): one hint per variable
            built.variables.hint_pairs(start)
        elif hint and self.complete:
            self._hint_current()
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.01)
        solver.parameters.num_workers = 1 if light else workers
        solver.parameters.random_seed = seed
        solver.parameters.catch_sigint_signal = False
        if light:
            for name, value in LIGHT_START.items():
                setattr(solver.parameters, name, value)
        elif fast_start:
            for name, value in FAST_START.items():
                setattr(solver.parameters, name, value)
            solver.parameters.ignore_subsolvers.extend(FAST_START_IGNORED)
        elif improve and workers == IMPROVE_WORKERS:
            solver.parameters.subsolvers.extend(IMPROVE_SUBSOLVERS)
        elif improve and workers == 1:
            solver.parameters.linearization_level = IMPROVE_ALONE_LINEARIZATION
        if lean and not (light or fast_start):
            for name, value in LEAN_PRESOLVE.items():
                setattr(solver.parameters, name, value)
        if patience == 0:  # the first roster will do
            solver.parameters.stop_after_first_solution = True
            patience = soft_seconds = None
        soft_until = None if soft_seconds is None else time.monotonic() + soft_seconds
        status = self.status = _Stopper(solver, cancel, patience, soft_until).solve(built.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, None, False
        return built.variables.chosen(solver), int(solver.value(built.objective)), status == cp_model.OPTIMAL


class _Stopper(cp_model.CpSolverSolutionCallback):
    """Runs ``solver.solve`` and stops it within ``STOP_POLL_SECONDS`` once ``cancel`` is
    set, ``patience`` seconds pass after the last improving solution, or at ``soft_until``
    (monotonic time) once there is a solution."""

    def __init__(
        self,
        solver: cp_model.CpSolver,
        cancel: threading.Event | None,
        patience: float | None,
        soft_until: float | None = None,
    ):
        super().__init__()
        self.solver, self.cancel, self.patience, self.soft_until = solver, cancel, patience, soft_until
        self.last: float | None = None  # when the last solution came

    def on_solution_callback(self) -> None:
        self.last = time.monotonic()

    def solve(self, model: cp_model.CpModel) -> int:
        watched = self.patience is not None or self.soft_until is not None
        if self.cancel is None and not watched:
            return self.solver.solve(model)
        done = threading.Event()
        thread = threading.Thread(target=self._watch, args=(done,), name="safeshift-sub-stop", daemon=True)
        thread.start()
        try:
            return self.solver.solve(model, self if watched else None)
        finally:
            done.set()
            thread.join()

    def _watch(self, done: threading.Event) -> None:
        while not done.wait(STOP_POLL_SECONDS):
            now = time.monotonic()
            late = self.last is not None and (
                (self.patience is not None and now - self.last > self.patience)
                or (self.soft_until is not None and now >= self.soft_until)
            )
            if late or (self.cancel is not None and self.cancel.is_set()):
                self.solver.stop_search()
