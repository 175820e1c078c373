"""The objective (rules.md S1..S5, S7): a weighted sum of integers, minimised.

- S1 per requirement: ``weight_under * max(0, min_headcount - assigned)``.
- S2 per requirement with ``max_headcount``: ``weight_over * max(0, assigned - max_headcount)``.
- S3 per preference, times ``weights.preference``: ``want`` costs its weight when the wish
  is not met (shift not worked; for a date: no shift that day, of that category if given),
  ``want=False`` costs it when it is (shift worked; date: any shift that day, of that category).
- S4 per assignment, times ``weights.cost``: ``(cost_per_hour * paid + 30) // 60`` with paid
  minutes = shift minutes plus travel to and from the job when travel is working time.

- S5 and S7 come in as extra terms from ``fairness`` and ``fatigue``.

Shortfall and excess are exact (``max`` equalities; plain terms on the assignment literals
when they are linear: too few people to ever reach the minimum, or a sub-model's fixed
people already at the maximum), so the objective expression evaluated
on a solution is that roster's objective, the one the validator recomputes. CP-SAT's own
``objective_value`` can be higher on non-optimal solutions: presolve relaxes these
equalities to inequalities (a dual reduction) and its internal solution may carry slack
that postsolve removes. Report the expression's value, not ``objective_value``.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from .variables import Variables


def set_objective(v: Variables, extra=(), filled=None) -> cp_model.LinearExpr:
    """Minimise S1 + S2 + S3 + S4 plus ``extra`` terms ``(weight, variable)`` (S5, S7),
    constant terms included; returns the objective.

    ``filled[k]``: people outside the model already on flat requirement ``k`` (a
    sub-model, see ``Variables.staff``); the cover terms count them.
    """
    terms, constant = _cover(v, filled)
    own, own_constant = own_terms(v, extra)
    terms, constant = terms + own, constant + own_constant
    objective = cp_model.LinearExpr.weighted_sum([var for _, var in terms], [coef for coef, _ in terms]) + constant
    _minimize(v.model, terms, constant, objective)
    v.objective_terms = (terms, constant)
    return objective


def own_terms(v: Variables, extra=()) -> tuple[list, int]:
    """The terms ``(coef, variable)`` and constant of the objective that each person
    carries alone (S3 + S4 and ``extra``: S7): everything but the cover terms."""
    terms, constant = list(extra), 0
    for part in (_preferences, _cost):
        t, c = part(v)
        terms += t
        constant += c
    return terms, constant


def _minimize(model: cp_model.CpModel, terms, constant: int, objective: cp_model.LinearExpr) -> None:
    """``model.minimize(objective)``, written to the proto in bulk when every term is a
    variable (not a negated literal): ``minimize`` appends term by term in Python, 13 ms
    of a one-person 364-day sub-model's 50 ms objective."""
    coefs: dict[int, int] = defaultdict(int)
    for coef, var in terms:
        coefs[var.index] += coef
    if any(index < 0 for index in coefs):
        model.minimize(objective)
        return
    model.clear_objective()
    proto = model.proto.objective
    kept = [(index, coef) for index, coef in coefs.items() if coef]
    proto.vars.extend(index for index, _ in kept)
    proto.coeffs.extend(coef for _, coef in kept)
    proto.offset = constant
    proto.scaling_factor = 1.0


def _cover(v: Variables, filled=None):
    """S1 shortfall and S2 excess per requirement (``filled``: see ``set_objective``).

    The linear terms are computed for all requirements at once (numpy): on a one-person
    sub-model every term is linear, and 364-day ones have 5,000-11,000 of them."""
    data, ks = v.data, v.x_req
    n = data.n_requirements
    lo, hi = np.asarray(data.req_min, dtype=np.int64), np.asarray(data.req_max, dtype=np.int64)
    w_under = np.asarray(data.req_weight_under, dtype=np.int64)
    w_over = np.asarray(data.req_weight_over, dtype=np.int64)
    count = np.bincount(ks, minlength=n)  # variables per requirement
    before = np.zeros(n, dtype=np.int64) if filled is None else np.asarray(filled, dtype=np.int64)
    # A sub-model leaves out the requirements it has no variable for: constants.
    listed = np.ones(n, dtype=bool) if filled is None else count > 0
    need = lo - before  # people missing without the model's
    under = listed & (need > 0) & (w_under > 0)
    under_linear = under & (count + before <= lo)  # never over the minimum
    over = listed & (hi >= 0) & (w_over > 0) & (count + before > hi)
    over_linear = over & (before >= hi)  # always at or over the maximum
    constant = int((w_under * need)[under_linear].sum() + (w_over * (before - hi))[over_linear].sum())
    coef = np.where(under_linear[ks], -w_under[ks], 0) + np.where(over_linear[ks], w_over[ks], 0)
    xs = list(v.x.values())
    terms = [(int(coef[i]), xs[i]) for i in np.flatnonzero(coef)]
    rest = np.flatnonzero((under & ~under_linear) | (over & ~over_linear))
    if len(rest):
        terms += _cover_variables(v, xs, rest.tolist(), before, under & ~under_linear, over & ~over_linear)
    return terms, constant


def _cover_variables(v: Variables, xs: list, rest: list[int], before, under, over) -> list:
    """Shortfall and excess variables (exact ``max`` equalities) of the requirements ``rest``."""
    model, data, ks = v.model, v.data, v.x_req
    on = defaultdict(list)
    for i in np.flatnonzero(np.isin(ks, rest)).tolist():
        on[int(ks[i])].append(xs[i])
    terms = []
    for k in rest:
        b, lo, hi = int(before[k]), data.req_min[k], data.req_max[k]
        assigned = cp_model.LinearExpr.sum(on[k]) + b
        if under[k]:
            short = model.new_int_var(0, lo - b, f"under[{k}]")
            model.add_max_equality(short, [lo - assigned, 0])
            terms.append((data.req_weight_under[k], short))
            v.count_terms.append((short, k, -1, lo - b))
        if over[k]:
            extra = model.new_int_var(0, len(on[k]) + b - hi, f"over[{k}]")
            model.add_max_equality(extra, [assigned - hi, 0])
            terms.append((data.req_weight_over[k], extra))
            v.count_terms.append((extra, k, 1, b - hi))
    return terms


def _preferences(v: Variables):
    """S3: each unmet wish, times ``weights.preference``."""
    data, p = v.data, v.problem
    scale = p.weights.preference
    day_of = {date: d for d, date in enumerate(data.day_dates)}
    model_staff = set(v.staff)
    terms, constant = [], 0
    if scale == 0:
        return terms, constant
    for pref in p.preferences:
        weight = pref.weight * scale
        if weight == 0:
            continue
        s = data.staff_index[pref.staff_id]
        if s not in model_staff:
            continue  # a constant of a sub-model
        if pref.shift_id is not None:
            lit = v.y.get((s, data.shift_index[pref.shift_id]))
        else:
            d = day_of.get(pref.date)
            if d is None:
                lit = None
            elif pref.category is None:
                lit = v.worked(s, d)
            else:
                c = data.category_index.get(pref.category)
                lit = None if c is None else v.works_category(s, d, c)
        if pref.want:  # costs weight * (1 - lit)
            constant += weight
            if lit is not None:
                terms.append((-weight, lit))
        elif lit is not None:
            terms.append((weight, lit))
    return terms, constant


def _cost(v: Variables):
    """S4: rounded cost of each worked shift, times ``weights.cost``."""
    data, p = v.data, v.problem
    scale = p.weights.cost
    travel_paid = p.travel.is_working_time
    terms = []
    if scale == 0:
        return terms, 0
    for (s, j), lit in v.y.items():
        rate = p.staff[s].cost_per_hour
        if rate == 0:
            continue
        paid = data.shift_end[j] - data.shift_start[j]
        if travel_paid:
            paid += data.to_work(s, j) + data.from_work(s, j)
        cost = (rate * paid + 30) // 60 * scale
        if cost:
            terms.append((cost, lit))
    return terms, 0
