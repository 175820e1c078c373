"""LNS's turns, recorded: which kind of neighbourhood it planned, in order."""

from __future__ import annotations

import time

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.search import construct, improve, lns, to_assignments
from safeshift.engine.validation import validate_roster


def kinds_planned(monkeypatch, p, seconds):
    """Construction, then LNS: the final report, its objective, the construction's, and the
    kind of each neighbourhood planned."""
    kinds = []
    real_category, real_other = lns._category_neighbourhood, lns._neighbourhood
    real_weekends = lns._weekend_neighbourhood

    def category(*args):
        kinds.append("category")
        return real_category(*args)

    def weekends(*args):
        kinds.append("weekends")
        return real_weekends(*args)

    def other(kind, *args):
        kinds.append(kind)
        return real_other(kind, *args)

    monkeypatch.setattr(lns, "_category_neighbourhood", category)
    monkeypatch.setattr(lns, "_neighbourhood", other)
    monkeypatch.setattr(lns, "_weekend_neighbourhood", weekends)
    feasibility = compute_feasibility(p)
    start = construct(p, feasibility, time.monotonic() + 10.0)
    first = validate_roster(p, to_assignments(p, start)).breakdown.total
    pairs, objective = improve(p, feasibility, start, first, time.monotonic() + seconds, workers=2)
    return validate_roster(p, to_assignments(p, pairs)), objective, first, kinds
