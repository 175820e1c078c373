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

from ortools.sat.python import cp_model

from .variables import Variables


def set_objective(v: Variables, extra=(), filled=None) -> cp_model.LinearExpr:
    """Minimise S1 + S2 + S3 + S4 plus ``extra`` terms ``(weight, variable)`` (S5, S7),
    constant terms included; returns the objective.

    ``filled[k]``: people outside the model already on flat requirement ``k`` (a
    sub-model, see ``Variables.staff``); the cover terms count them.
    """
    terms, constant = list(extra), 0
    for part in (lambda v: _cover(v, filled), _preferences, _cost):
        t, c = part(v)
        terms += t
        constant += c
    objective = cp_model.LinearExpr.weighted_sum([var for _, var in terms], [coef for coef, _ in terms]) + constant
    v.model.minimize(objective)
    v.objective_terms = (terms, constant)
    return objective


def _cover(v: Variables, filled=None):
    """S1 shortfall and S2 excess per requirement (``filled``: see ``set_objective``)."""
    model, data = v.model, v.data
    reqs = v.problem.flat_requirements
    on = defaultdict(list)
    for (s, k), var in v.x.items():
        on[k].append(var)
    terms, constant = [], 0
    # A sub-model leaves out the requirements it has no variable for: constants.
    for k in range(data.n_requirements) if filled is None else sorted(on):
        req = reqs[k]
        xs = on.get(k, ())
        before = 0 if filled is None else int(filled[k])  # fixed people outside the model
        lo, hi = req.min_headcount, req.max_headcount
        assigned = None  # the headcount expression, made only when a term needs it
        if lo - before > 0 and req.weight_under > 0:
            if len(xs) + before <= lo:  # never over the minimum: the shortfall is linear
                constant += req.weight_under * (lo - before)
                terms += [(-req.weight_under, x) for x in xs]
            else:
                assigned = cp_model.LinearExpr.sum(xs) + before
                under = model.new_int_var(0, lo - before, f"under[{k}]")
                model.add_max_equality(under, [lo - assigned, 0])
                terms.append((req.weight_under, under))
                v.count_terms.append((under, k, -1, lo - before))
        if hi is not None and req.weight_over > 0 and len(xs) + before > hi:
            if before >= hi:  # always at or over the maximum: the excess is linear
                constant += req.weight_over * (before - hi)
                terms += [(req.weight_over, x) for x in xs]
            else:
                if assigned is None:
                    assigned = cp_model.LinearExpr.sum(xs) + before
                over = model.new_int_var(0, len(xs) + before - hi, f"over[{k}]")
                model.add_max_equality(over, [assigned - hi, 0])
                terms.append((req.weight_over, over))
                v.count_terms.append((over, k, 1, before - hi))
    return terms, constant


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
