"""H10 runs of days: max/min consecutive worked days, min consecutive days off, weekends.

- ``max_consecutive_days`` K: every window of K + 1 consecutive days has at most K worked;
  days worked before the horizon (``Staff.history``) count.
- ``min_consecutive_days`` m (``min_consecutive_days_off`` m): a run of L < m worked days
  (days off) is forbidden as a pattern ``off, L x on, off`` (``on, L x off, on``). A run
  that touches the first or the last horizon day is exempt, so each pattern needs a day
  on each side inside the horizon.
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
    n = len(on)
    for start in range(1, n - 1):
        for length in range(1, minimum):
            end = start + length  # the day after the run
            if end > n - 1:
                break
            # The clause "not this pattern": some day differs from the pattern.
            clause, satisfied = [], False
            for d in range(start - 1, end + 1):
                inside = start <= d < end
                want_on = working == inside  # the pattern's value of day d
                lit = on[d]
                if lit is None:
                    if want_on:
                        satisfied = True  # the pattern needs d worked: impossible
                        break
                    continue  # pattern wants off, and d is off: no escape here
                clause.append(~lit if want_on else lit)
            if not satisfied:
                model.add_bool_or(clause)
