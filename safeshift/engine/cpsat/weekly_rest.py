"""H9 weekly rest (docs/rules.md): ``weekly_rest_minutes`` X of continuous time off in each
fixed reference period of ``weekly_rest_period_days`` local days (from Monday 00:00).

Time off is time outside every door-to-door interval (history included; nothing is
worked outside the horizon but the history). If some stretch ``[t, t + X)`` inside the
period is off, so is the one starting at the latest door-to-door end before ``t`` (or at
the period start): so the candidate starts ``t`` are the period start and every possible
duty's door-to-door end, and a period is fine iff some candidate's stretch is off.
Encoding per period: a literal ``r_t`` per candidate, ``r_t => not y`` for each duty
whose door-to-door interval overlaps ``[t, t + X)``, and ``OR r_t``. Candidates that a
duty worked before the horizon overlaps are dropped; if none is left, the history alone
leaves no rest in the period and no roster duty may touch it.
"""

from __future__ import annotations

from ..model.calendar import rest_periods
from ..model.timeutil import minutes_between
from .variables import Variables


def add_weekly_rest_rules(v: Variables) -> None:
    """One clause per (staff, reference period) that some roster duty can touch."""
    data, p = v.data, v.problem
    periods: dict[int, list[tuple[int, int]]] = {}
    for s in sorted(v.staff_shifts):
        rules = data.rules[s]
        rest, days = rules.weekly_rest_minutes, rules.weekly_rest_period_days
        if rest is None or not days:
            continue
        if days not in periods:
            periods[days] = [
                (minutes_between(p.horizon_start, a), minutes_between(p.horizon_start, b))
                for a, b in rest_periods(p.horizon_start, p.horizon_end, p.zone, days)
            ]
        doors = {j: data.door(s, j) for j in v.staff_shifts[s]}
        past = [data.past_door(s, h) for h in data.history[s]]
        for lo, hi in periods[days]:
            _period(v, s, doors, past, lo, hi, rest)


def _period(v: Variables, s: int, doors, past, lo: int, hi: int, rest: int) -> None:
    touching = [j for j, (a, b) in doors.items() if a < hi and b > lo]
    if not touching:
        return
    candidates = {lo} | {b for _, b in doors.values()} | {b for _, b in past}
    options = []
    for t in sorted(c for c in candidates if lo <= c <= hi - rest):
        if any(a < t + rest and b > t for a, b in past):
            continue
        blockers = [j for j in touching if doors[j][0] < t + rest and doors[j][1] > t]
        if not blockers:
            return  # nothing can take this stretch: the period always has its rest
        options.append(blockers)
    if not options:
        for j in touching:
            v.model.add(v.y[s, j] == 0)
        return
    sets = sorted({frozenset(b) for b in options}, key=len)
    minimal = [b for k, b in enumerate(sets) if not any(a < b for a in sets[:k])]
    lits = []
    for k, blockers in enumerate(sorted(sorted(b) for b in minimal)):
        if len(blockers) == 1:
            lits.append(~v.y[s, blockers[0]])
            continue
        r = v.model.new_bool_var(f"rest[{s},{lo},{k}]")
        v.model.add_bool_and([~v.y[s, j] for j in blockers]).only_enforce_if(r)
        lits.append(r)
    v.model.add_bool_or(lits)
