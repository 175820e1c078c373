"""LNS neighbourhoods around a requirement left short: the people who may fill it, in turn
with the people under their maximum minutes (H10), who can take over what the others drop."""

from __future__ import annotations

import random

import pytest
from cpsat_builders import person, problem, shift

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.search import lns


def _ward():
    """Day 0: a night shift (2 people) and day shifts of 480 and 600 minutes. Only ``a`` and
    ``b`` may work nights; ``room1``, ``room2`` may work 960 minutes, ``full`` 480, ``free``
    has no maximum."""
    no_nights = {"category_max": {"N": 0}}
    staff = [
        person("a", max_total_minutes=960),
        person("b", max_total_minutes=960),
        person("room1", max_total_minutes=960, **no_nights),
        person("room2", max_total_minutes=960, **no_nights),
        person("full", max_total_minutes=480, **no_nights),
        person("free", **no_nights),
    ]
    shifts = [
        shift("night", 0, 20, cat="N", need=2),
        shift("early", 0, 6, 480, need=2),
        shift("late", 0, 12, 600, need=1),
    ]
    p = problem(staff, shifts)
    return p, compute_feasibility(p)


def _index(p):
    data = p.indexed
    staff = {s.id: i for i, s in enumerate(p.staff)}
    reqs = {p.shifts[j].id: data.req_offset[j] for j in range(data.n_shifts)}
    return staff, reqs


def test_headroom_is_the_minutes_left_under_each_maximum():
    p, feasibility = _ward()
    staff, reqs = _index(p)
    cover = lns._Cover(p, feasibility)
    pairs = {(staff["room1"], reqs["early"]), (staff["room2"], reqs["late"]), (staff["full"], reqs["early"])}
    pairs |= {(staff["free"], reqs["early"])}
    room = cover.headroom(pairs)
    expected = {"a": 960, "b": 960, "room1": 480, "room2": 360, "full": 0, "free": 0}
    assert {sid: int(room[i]) for sid, i in staff.items()} == expected


@pytest.mark.parametrize("seed", range(5))
def test_around_a_short_requirement_the_able_alternate_with_those_who_have_room(seed):
    p, feasibility = _ward()
    staff, reqs = _index(p)
    cover = lns._Cover(p, feasibility)
    pairs = {(staff["room1"], reqs["early"]), (staff["room2"], reqs["late"]), (staff["full"], reqs["early"])}
    assert reqs["night"] in cover.short(pairs)
    movable = list(range(p.indexed.n_staff))
    group = lns._fillers(cover, pairs, movable, reqs["night"], 4, random.Random(seed))
    names = [p.staff[i].id for i in group]
    assert sorted(names[0::2]) == ["a", "b"]  # who may fill the night
    assert sorted(names[1::2]) == ["room1", "room2"]  # then who has room, in turn


def test_with_few_people_who_have_room_the_rest_are_random():
    p, feasibility = _ward()
    staff, reqs = _index(p)
    cover = lns._Cover(p, feasibility)
    pairs = {(staff[sid], reqs["early"]) for sid in ("room1", "room2", "full")}
    pairs.add((staff["room1"], reqs["late"]))  # room1 is past their maximum now (only minutes are counted here)
    movable = list(range(p.indexed.n_staff))
    group = lns._fillers(cover, pairs, movable, reqs["night"], 6, random.Random(0))
    names = [p.staff[i].id for i in group]
    assert names[1] == "room2" and {names[0], names[2]} == {"a", "b"}
    assert sorted(names[3:]) == ["free", "full", "room1"] and len(set(group)) == 6


def _fortnight(max_minutes: int):
    """14 days with a day shift each (anyone) and, on day 3, a night only ``a`` may work;
    three people with ``max_minutes`` each. The cover asks for 15 x 480 = 7,200 minutes."""
    no_nights = {"category_max": {"N": 0}, "max_total_minutes": max_minutes}
    staff = [person("a", max_total_minutes=max_minutes), person("b", **no_nights), person("c", **no_nights)]
    shifts = [shift(f"day{d}", d) for d in range(14)]
    shifts.append(shift("night3", 3, 20, cat="N"))
    p = problem(staff, shifts, days=14)
    return p, compute_feasibility(p)


class _Draws(random.Random):
    """A generator whose ``random()`` is always 0.7: above the usual rate of windows around
    short cover, below the rate where cover is tight."""

    def random(self):
        return 0.7


@pytest.mark.parametrize(("max_minutes", "tight"), [(2400, True), (2520, True), (2560, False), (2880, False)])
def test_cover_is_tight_when_the_maxima_barely_cover_the_demand(max_minutes, tight):
    p, feasibility = _fortnight(max_minutes)
    cover = lns._Cover(p, feasibility)
    assert cover.tight is tight  # 3 x 2,520 = 7,560 = 1.05 x 7,200
    assert cover.around_short == (lns.AROUND_SHORT_TIGHT if tight else lns.AROUND_SHORT)


def test_without_a_maximum_for_everyone_cover_is_not_tight():
    p, feasibility = _ward()  # ``free`` has no maximum
    assert not lns._Cover(p, feasibility).tight


@pytest.mark.parametrize(("max_minutes", "around"), [(2400, True), (2880, False)])
def test_where_cover_is_tight_more_windows_are_placed_around_short_cover(max_minutes, around):
    p, feasibility = _fortnight(max_minutes)
    staff, reqs = _index(p)
    cover = lns._Cover(p, feasibility)
    pairs = {(staff["bc"[d % 2]], reqs[f"day{d}"]) for d in range(14)}
    assert cover.short(pairs) == [reqs["night3"]]
    movable = list(range(3))
    placed = []
    for seed in range(20):
        group, scope = lns._neighbourhood("window", p.indexed, cover, pairs, movable, 60.0, 30.0, _Draws(seed))
        placed.append(group[0] == staff["a"] and 3 in scope.days)
    assert all(placed) if around else not all(placed)
