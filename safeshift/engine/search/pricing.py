"""One person's best schedule at given prices of cover: the pricing problem of column
generation (``columns``).

A person's schedule is a set of flat requirements they fill; every hard rule is per person
(rules.md H1..H11), so any schedule this person's model allows can be combined with any
of the others'. At cover prices ``p[k]`` the pricing problem finds the schedule that
minimises its own objective terms (S3 preferences, S4 cost, S7 fatigue: ``own_terms``)
minus the prices of what it covers. The model is built once per person and solved
again for each set of prices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from ..cpsat import build_rules
from ..cpsat.objective import own_terms
from ..feasibility import Feasibility
from ..model import Problem

# Prices are rounded up to 1/SCALE. Rounding up keeps CP-SAT's bound of the rounded
# problem a valid lower bound of the exact one (each price counted is at least the exact).
SCALE = 100
# CP-SAT's single search with the LP of linearization level 2: one-person models of Curtois
# 13 (28 days, 18 shift types) 53 ms a person against 57 ms at the default level; of 20
# (182 days) 0.5-0.8 s against 5 s (time limit) with the default.
LINEARIZATION = 2
POOL = 3  # schedules kept from one pricing search: its best and those it found on the way


@dataclass(frozen=True)
class Priced:
    """A schedule found at some prices: the flat requirements it fills, its own cost, and a
    lower bound on ``own - prices`` over all the person's schedules (the solver's bound)."""

    reqs: tuple[int, ...]
    own: int
    bound: float
    optimal: bool


class Pricer:
    """One person's schedules: their hard rules as a CP-SAT model, priced again and again."""

    def __init__(self, problem: Problem, feasibility: Feasibility, staff: int):
        rules = build_rules(problem, feasibility, staff=[staff])
        self.staff = staff
        self.extra = bool(rules.extra)  # S5/S7 terms: an own cost that is not a sum over days
        self.model = rules.model
        self.variables = rules.variables
        terms, constant = own_terms(rules.variables, rules.extra)
        self._own: dict[int, int] = {}  # variable index -> coefficient of the own terms
        for coef, var in terms:
            if var.index < 0:  # a negated literal: coef * (1 - x)
                constant += coef
                coef, var = -coef, var.negated()
            self._own[var.index] = self._own.get(var.index, 0) + coef
        self.constant = constant
        keys = list(rules.variables.x)
        self.reqs = np.array([k for _, k in keys], dtype=np.int64)
        self.x_index = rules.variables.x_index

    def own_cost(self, reqs) -> int | None:
        """The own cost of the schedule filling ``reqs``; None if the model has no variable
        for one of them (not a schedule of this person's)."""
        chosen = {(self.staff, int(k)) for k in reqs}
        if any(key not in self.variables.x for key in chosen):
            return None
        values = self.variables.values_of(chosen)
        return self.constant + sum(coef * int(values[index]) for index, coef in self._own.items())

    def option_costs(self) -> tuple[np.ndarray, np.ndarray]:
        """Each flat requirement this person may fill, and the own cost of filling it alone
        minus that of the empty schedule: the variables true then are its ``x``, its shift's
        ``y`` and the derived literals over that shift (``Variables.derived_of``)."""
        v = self.variables
        derived = v.derived_of()
        own = []
        for (s, k), var in v.x.items():
            j = v.data.req_shift[k]
            indices = {var.index, v.y[s, j].index} | {z.index for z in derived.get((s, j), ())}
            own.append(sum(self._own.get(index, 0) for index in indices))
        return self.reqs.copy(), np.array(own, dtype=np.int64)

    def accepts(self, reqs) -> bool:
        """Whether the schedule filling ``reqs`` keeps every hard rule of this person's
        model (CP-SAT with every decision fixed: propagation only)."""
        chosen = {int(k) for k in reqs}
        self.model.proto.clear_solution_hint()
        hint = self.model.proto.solution_hint
        hint.vars.extend(self.x_index.tolist())
        hint.values.extend(int(k in chosen) for k in self.reqs.tolist())
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.stop_after_first_solution = True
        solver.parameters.max_time_in_seconds = 1.0
        solver.parameters.catch_sigint_signal = False
        status = solver.solve(self.model)
        self.model.proto.clear_solution_hint()
        return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def price(self, prices: np.ndarray, seconds: float, seed: int = 0) -> list[Priced] | None:
        """The schedules of least ``own - sum(prices[k] for k filled)`` found within
        ``seconds`` (one CP-SAT worker), the best first and then up to ``POOL - 1`` others
        the search passed on its way; None without any (no time, or no schedule)."""
        coefs = {index: SCALE * coef for index, coef in self._own.items()}
        scaled = np.ceil(SCALE * prices[self.reqs] - 1e-9).astype(np.int64)
        for index, price in zip(self.x_index.tolist(), scaled.tolist()):
            if price:
                coefs[index] = coefs.get(index, 0) - price
        self.model.clear_objective()
        objective = self.model.proto.objective  # SCALE * (own - constant) - scaled prices
        kept = [(index, coef) for index, coef in coefs.items() if coef]
        objective.vars.extend(index for index, _ in kept)
        objective.coeffs.extend(coef for _, coef in kept)
        objective.scaling_factor = 1.0
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(seconds, 0.01)
        solver.parameters.linearization_level = LINEARIZATION
        solver.parameters.random_seed = seed
        solver.parameters.catch_sigint_signal = False
        if POOL > 1:
            solver.parameters.fill_additional_solutions_in_response = True
            solver.parameters.solution_pool_size = POOL
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        response = solver.response_proto
        bound = _floor(self.constant + solver.best_objective_bound / SCALE)
        optimal = status == cp_model.OPTIMAL
        out = [self._schedule(response.solution, bound, optimal)]
        for extra in list(response.additional_solutions)[: POOL - 1]:
            out.append(self._schedule(extra.values, bound, optimal))
        return out

    def _schedule(self, values, bound: float, optimal: bool) -> Priced:
        solution = np.asarray(values, dtype=np.int64)
        reqs = tuple(self.reqs[np.flatnonzero(solution[self.x_index])].tolist())
        own = self.constant + sum(coef * int(solution[index]) for index, coef in self._own.items())
        return Priced(reqs, own, bound, optimal)


def _floor(x: float) -> float:
    """``x`` rounded down to 1/SCALE (CP-SAT's bound of an integer objective, scaled back)."""
    return math.floor(x * SCALE + 1e-6) / SCALE
