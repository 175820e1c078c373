"""H10 runs of days as a flow through run states, one path per person (redundant).

``sequences`` posts the run rules as windows and clauses, whose LP relaxation is weak.
Here each person's days are also a path through the states "worked, a run of j days so
far" and "off, a run of j days so far": a Boolean per (day, transition), the
transitions of a day sum to one and flow into the next day's, and the day's worked
transitions sum to ``Variables.worked``. The network's LP is integral, so the relaxation
only holds mixes of valid run patterns. Same rules as ``sequences`` (days worked just
before the horizon count for the maximum; runs touching the first or the last day are
exempt from the minima), so no roster is lost.

Measured on 2 cores, Curtois 5 (full model, 60 s): the LP bound 848 without, 1,140
with (optimum 1,143), the roster 1,240 against 1,151. It slows first solutions
(feasibility jump copes badly with the equalities) and made LNS worse on Curtois 8, 10
and 15 (60 s), so only small full models use it (``build_model(run_states=True)``,
``solver._use_run_states``).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import LinearExpr

from .variables import Variables

# A state: (worked, length of the run so far (capped), its minimum met or exempt).


def add_run_states(v: Variables) -> None:
    """The run-state flow of every person of the model with a run rule."""
    data = v.data
    for s in v.staff:
        if s not in v.staff_shifts:
            continue
        rules = data.rules[s]
        k = rules.max_consecutive_days
        min_on, min_off = rules.min_consecutive_days or 1, rules.min_consecutive_days_off or 1
        if k is None and min_on <= 1 and min_off <= 1:
            continue
        past = {h.day for h in data.history[s]}
        before = 0
        while -(before + 1) in past:
            before += 1
        on = [v.worked(s, d) for d in range(data.n_days)]
        _add_flow(v.model, on, k, min_on, min_off, before)


def _next(state, work: bool, k, min_on: int, min_off: int):
    """The state after a day worked (``work``) or off from ``state``; None: not allowed."""
    worked, length, met = state
    if work:
        if worked:
            if k is not None and length + 1 > k:
                return None
            cap = k if k is not None else min_on
            return (True, min(length + 1, cap), met or length + 1 >= min_on)
        if not met:
            return None  # an off run shorter than the minimum
        return (True, 1, min_on <= 1)
    if worked:
        if not met:
            return None
        return (False, 1, min_off <= 1)
    return (False, min(length + 1, min_off), met or length + 1 >= min_off)


def _add_flow(model, on, k, min_on: int, min_off: int, before: int) -> None:
    """The flow over the days ``on`` (literal, or None: cannot work); ``before``: days
    worked in a row just before the horizon."""
    n = len(on)
    cap = k if k is not None else min_on  # longer work runs share the last state
    # Day 0: runs touching the first day are exempt from the minima.
    start = [((False, min_off, True), False)]
    if k is None or before + 1 <= k:
        start.append(((True, min(before + 1, cap), True), True))
    arcs_in: dict = defaultdict(list)  # state -> arc literals entering it on the current day
    day_arcs = []
    worked_arcs = []
    for state, work in start:
        if work and on[0] is None:
            continue
        lit = model.new_bool_var("")
        arcs_in[state].append(lit)
        day_arcs.append(lit)
        if work:
            worked_arcs.append(lit)
    _link(model, on[0], day_arcs, worked_arcs)
    for d in range(1, n):
        nxt: dict = defaultdict(list)
        day_arcs, worked_arcs = [], []
        for state, entering in arcs_in.items():
            leaving = []
            for work in (True, False):
                if work and on[d] is None:
                    continue
                target = _next(state, work, k, min_on, min_off)
                if target is None:
                    continue
                lit = model.new_bool_var("")
                leaving.append(lit)
                nxt[target].append(lit)
                day_arcs.append(lit)
                if work:
                    worked_arcs.append(lit)
            model.add(LinearExpr.sum(leaving) == LinearExpr.sum(entering))
        _link(model, on[d], day_arcs, worked_arcs)
        arcs_in = nxt


def _link(model, lit, day_arcs, worked_arcs) -> None:
    model.add_exactly_one(day_arcs)
    if lit is None:
        return
    model.add(LinearExpr.sum(worked_arcs) == lit)
