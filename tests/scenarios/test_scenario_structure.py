"""What each scenario is meant to show is really in it (checked on the domain problem)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from scenario_helpers import load_problem

from safeshift.engine.model.timeutil import minutes_between


def _offset(problem, instant):
    return instant.astimezone(problem.zone).utcoffset()


# ---------------------------------------------------------------- ward


def test_ward_spans_the_clock_change():
    """The ward horizon crosses a UTC-offset change and one night is shorter in real minutes."""
    p = load_problem("ward")
    assert _offset(p, p.horizon_start) != _offset(p, p.horizon_end - timedelta(minutes=1))
    nights = Counter(minutes_between(s.start, s.end) for s in p.shifts if s.category == "Night")
    assert nights == Counter({630: 27, 570: 1})  # 21:00-07:30, and the night the clocks go forward


def test_ward_shape():
    """About 30 staff over 4 weeks, separate NIC/RN/HCA requirements on Early, Late and Night."""
    p = load_problem("ward")
    assert 28 <= len(p.staff) <= 36
    assert (p.horizon_end - p.horizon_start) == timedelta(days=28) - timedelta(hours=1)  # 1 h lost in March
    for s in p.shifts:
        assert [(r.id, r.competency_ids) for r in s.requirements] == [
            ("NIC", ("RN", "NIC")),
            ("RN", ("RN",)),
            ("HCA", ("HCA",)),
        ]
    assert Counter(s.category for s in p.shifts) == {"Early": 28, "Late": 28, "Night": 28}
    night = max(sum(r.min_headcount for r in s.requirements) for s in p.shifts if s.category == "Night")
    early = min(sum(r.min_headcount for r in s.requirements) for s in p.shifts if s.category == "Early")
    assert night < early


def test_ward_rules_and_people():
    """11 h rest with zero travel, contracts, weekends, successions, leave, wishes and one pin."""
    p = load_problem("ward")
    assert p.defaults.min_rest_minutes == 660
    assert p.defaults.max_consecutive_days == 5 and p.defaults.max_weekends == 2
    assert set(p.forbidden_successions) == {("Night", "Early"), ("Night", "Late"), ("Late", "Early")}
    assert all(s.home_location_id is None for s in p.staff)
    assert not any(loc.has_coordinates for loc in p.locations) and p.travel.matrix is None
    ft = p.contract_by_id["FT"].rules
    assert 125 * 60 <= ft.min_total_minutes < ft.max_total_minutes <= 155 * 60
    assert p.contract_by_id["PT"].rules.max_total_minutes < ft.min_total_minutes
    assert sum(1 for s in p.staff if any(iv.reason == "Annual leave" for iv in s.unavailable)) >= 4
    assert {pref.want for pref in p.preferences} == {True, False}
    assert any(pref.want and pref.category == "Night" for pref in p.preferences)
    assert len(p.pinned) == 1
    assert len({s.cost_per_hour for s in p.staff}) == 3  # by band


# ---------------------------------------------------------------- rail


def test_rail_competency_lapses_inside_horizon():
    """Some competency grant expires (valid_until) strictly inside the rail horizon."""
    p = load_problem("rail")
    lapsing = [
        (s.id, g.competency_id)
        for s in p.staff
        for g in s.competencies
        if g.valid_until is not None and p.horizon_start < g.valid_until < p.horizon_end
    ]
    assert len(lapsing) >= 2
    starting = [g for s in p.staff for g in s.competencies if g.valid_from and g.valid_from > p.horizon_start]
    assert starting  # and one is gained mid-horizon


def test_rail_travel_turns_a_long_gap_into_short_rest():
    """For some staff member and shift pair, a >= 12 h clock gap is < 12 h door to door."""
    p = load_problem("rail")
    ix = p.indexed
    found = []
    for s in range(ix.n_staff):
        for a in range(ix.n_shifts):
            for b in range(ix.n_shifts):
                gap = ix.shift_start[b] - ix.shift_end[a]
                if gap >= 720 and gap - ix.from_work(s, a) - ix.to_work(s, b) < 720:
                    found.append((p.staff[s].id, p.shifts[a].id, p.shifts[b].id))
    assert found
    assert all(ix.rules[s].min_rest_minutes == 720 for s in range(ix.n_staff))


def test_rail_door_to_door_limit_binds():
    """With the built-in 840 min door-to-door limit, some staff member cannot reach some job."""
    p = load_problem("rail")
    ix = p.indexed
    binding = [
        (p.staff[s].id, p.shifts[j].id)
        for s in range(ix.n_staff)
        for j in range(ix.n_shifts)
        if ix.shift_end[j] - ix.shift_start[j] <= 720
        and ix.to_work(s, j) + ix.shift_end[j] - ix.shift_start[j] + ix.from_work(s, j) > 840
    ]
    assert binding
    assert all(ix.rules[s].max_door_to_door_minutes == 840 for s in range(ix.n_staff))


def test_rail_shape():
    """25-40 staff based at 2-3 depots, 8+ sites with coordinates, night possessions and day jobs."""
    p = load_problem("rail")
    assert 25 <= len(p.staff) <= 40
    depots = {s.home_location_id for s in p.staff}
    assert 2 <= len(depots) <= 3
    sites = {s.location_id for s in p.shifts}
    assert len(sites) >= 8 and not sites & depots
    assert all(loc.has_coordinates for loc in p.locations) and p.travel.matrix is None
    assert {"Night", "Day"} <= {s.category for s in p.shifts}
    nights = [s for s in p.shifts if s.category == "Night"]
    assert all(s.start.astimezone(p.zone).hour == 23 and s.end.astimezone(p.zone).hour == 6 for s in nights)
    needs = {tuple(sorted(c for r in s.requirements for c in r.competency_ids)) for s in nights}
    assert all("PC" in n and "COSS" in n for n in needs)
    assert 14 <= (p.horizon_end - p.horizon_start).days <= 28


# ---------------------------------------------------------------- community


def _tiers(p):
    tiers = {}
    for s in p.staff:
        tiers.setdefault(s.organisation, []).append(s)
    return tiers


def test_community_three_cost_tiers():
    """Employed < bank < agency in cost per hour, for every role, with no overlap between tiers."""
    p = load_problem("community")
    tiers = _tiers(p)
    assert len(tiers) == 3
    for role in ("RN", "HCA"):
        ranges = sorted(
            (min(costs), max(costs))
            for costs in (
                [s.cost_per_hour for s in members if s.group.startswith(role)] for members in tiers.values()
            )
        )
        assert ranges[0][1] < ranges[1][0] and ranges[1][1] < ranges[2][0]


def test_community_bank_availability_windows():
    """Exactly the bank (middle) tier has availability windows, and they exclude some shifts."""
    p = load_problem("community")
    by_cost = sorted(_tiers(p).values(), key=lambda members: min(s.cost_per_hour for s in members))
    employed, bank, agency = by_cost
    assert all(s.availability for s in bank)
    assert not any(s.availability for s in employed + agency)
    assert not any(s.unavailable for s in agency)
    outside = [
        (s.id, j.id)
        for s in bank
        for j in p.shifts
        if not any(w.start <= j.start and j.end <= w.end for w in s.availability)
    ]
    assert outside


def test_community_shape():
    """Two weeks, several work locations, travel from coordinates paid as working time."""
    p = load_problem("community")
    assert (p.horizon_end - p.horizon_start) == timedelta(days=14)
    assert len({s.location_id for s in p.shifts}) >= 5
    assert p.travel.is_working_time and p.travel.matrix is None
    assert all(s.home_location_id for s in p.staff)
