"""H10 runs of days: max/min consecutive worked days, min consecutive days off, weekends.

- ``max_consecutive_days`` K: every window of K + 1 consecutive days has at most K worked;
  days worked before the horizon (``Staff.history``) count.
- ``min_consecutive_days`` m (``min_consecutive_days_off`` m): a run of worked days (days
  off) that starts on day d after a day of the other kind must go on to day d + i for
  each i < m: the three-literal clause ``kind(d-1) or not kind(d) or kind(d+i)``. A run
  that touches the first or the last horizon day is exempt, so d >= 1 and d + i is
  inside the horizon. These clauses subsume the forbidden patterns ``off, L x on, off``
  and propagate as soon as two days are known (Curtois 8 and 10, 60 s, 2 seeds:
  1,427-1,638 and 4,748-4,835 against 1,607-1,928 and 4,937-4,945).
- ``max_weekends``: at most that many weekends with a shift starting on Saturday or Sunday.

A day the person cannot work is a constant "off" (``None`` from ``Variables.worked``).
"""

from __future__ import annotations

from ortools.sat.python.cp_model import LinearExpr

from .variables import Variables


def add_sequence_rules(v: Variables) -> None:
    """Windows for max consecutive days, forbidden short runs, and the weekend count."""
    model, data = v.model, v.data
    for s in v.staff:
        if s not in v.staff_shifts:
            continue  # works nothing: every rule here holds
        rules = data.rules[s]
        k, min_on, min_off = rules.max_consecutive_days, rules.min_consecutive_days, rules.min_consecutive_days_off
        if k is not None or min_on or min_off:
            on = [v.worked(s, d) for d in range(data.n_days)]
            if k is not None:
                past = {h.day for h in data.history[s]}
                _limit_windows(model, [True if d in past else None for d in range(-k, 0)] + on, k)
            if min_on:
                _forbid_short_runs(model, on, min_on, working=True)
            if min_off:
                _forbid_short_runs(model, on, min_off, working=False)
        if rules.max_weekends is not None:
            weekends = [lit for w in range(data.n_weekends) if (lit := v.weekend(s, w)) is not None]
            if len(weekends) > rules.max_weekends:
                model.add(LinearExpr.sum(weekends) <= rules.max_weekends)


def _limit_windows(model, on, k: int) -> None:
    """At most ``k`` worked days in every window of ``k + 1`` consecutive days (``True``:
    a day worked before the horizon)."""
    for d in range(len(on) - k):
        window = [lit for lit in on[d : d + k + 1] if lit is not None and lit is not True]
        fixed = sum(1 for lit in on[d : d + k + 1] if lit is True)
        if window and len(window) + fixed > k:
            model.add(LinearExpr.sum(window) <= k - fixed)


def _forbid_short_runs(model, on, minimum: int, working: bool) -> None:
    """Forbid every run of length L < ``minimum`` of days with ``worked == working`` that
    has a day of the other kind before and after it inside the horizon."""

    def kind(d: int, same: bool):
        """The literal "day d is (same) / is not (not same) of the run's kind", or a
        constant bool for a day that cannot be worked."""
        if on[d] is None:
            return working != same
        return on[d] if working == same else ~on[d]

    n = len(on)
    for start in range(1, n - 1):
        for i in range(1, min(minimum, n - start)):
            clause = [kind(start - 1, True), kind(start, False), kind(start + i, True)]
            if not any(lit is True for lit in clause):
                model.add_bool_or([lit for lit in clause if lit is not False])
