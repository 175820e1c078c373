"""H3 One place at a time and H4 Minimum rest, door to door."""

from hypothesis import given, settings
from hypothesis import strategies as st

from safeshift.engine.model import Assignment
from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster
from safeshift.engine.validation.context import RosterContext
from safeshift.engine.validation.overlap_rest import check_pair, check_person

# Home H, work W: 5 minutes each way.
TRAVEL = ((0, 5, 0), (5, 0, 0), (0, 0, 0))


def _violations(build, shifts, pairs, travel=TRAVEL, **rules):
    p = build.problem([build.staff("ann", home="H", **rules)], shifts, travel=travel)
    return [v for v in validate_roster(p, build.assign(*pairs)).violations if v.rule in ("H3", "H4")]


def test_twelve_hour_clock_gap_with_travel_breaks_rest(build):
    """A 12 h gap between shifts with 5 + 5 min travel leaves 11 h 50 min door to door: H4 with 710."""
    shifts = [
        build.shift("a", day=1, hour=7, minutes=480, location="W"),  # ends 15:00
        build.shift("b", day=2, hour=3, minutes=480, location="W"),  # starts 03:00, 12 h later
    ]
    assert _violations(build, shifts, ["ann:a", "ann:b"]) == [
        Violation(
            "H4",
            "ann",
            ("a", "b"),
            "H4: only 11 h 50 min rest between shift a and shift b including 0 h 10 min travel "
            "(12 h 00 min required)",
            {"rest_minutes": 710, "min_rest_minutes": 720, "travel_minutes": 10, "gap_minutes": 720},
        )
    ]


def test_rest_exactly_at_the_limit_passes(build):
    """Exactly 720 minutes door to door passes; 719 fails."""
    a = build.shift("a", day=1, hour=7, minutes=480, location="W")
    ok = build.shift("b", day=2, hour=3, minute=10, location="W")
    short = build.shift("b", day=2, hour=3, minute=9, location="W")
    assert _violations(build, [a, ok], ["ann:a", "ann:b"]) == []
    [v] = _violations(build, [a, short], ["ann:a", "ann:b"])
    assert (v.rule, v.values["rest_minutes"]) == ("H4", 719)


def test_min_rest_override(build):
    """A staff-level min_rest_minutes of 660 accepts 11 h 50 min."""
    shifts = [build.shift("a", day=1, hour=7, location="W"), build.shift("b", day=2, hour=3, location="W")]
    assert _violations(build, shifts, ["ann:a", "ann:b"], min_rest_minutes=660) == []


def test_every_pair_is_checked_not_only_neighbours(build):
    """A long shift a hides behind a short shift b; rest(a, c) is still too short."""
    shifts = [
        build.shift("a", day=1, hour=8, minutes=720),  # 08:00-20:00
        build.shift("b", day=1, hour=6, minutes=60),  # 06:00-07:00, rest to a only 1 h
        build.shift("c", day=2, hour=6),  # rest(b, c) 23 h, rest(a, c) 10 h
    ]
    violations = _violations(build, shifts, ["ann:a", "ann:b", "ann:c"], travel=None)
    found = {(v.rule, v.shift_ids, v.values["rest_minutes"]) for v in violations}
    assert found == {("H4", ("b", "a"), 60), ("H4", ("a", "c"), 600)}


def test_door_to_door_overlap_is_h3(build):
    """Back-to-back shifts at places 30 min apart overlap door to door: H3, not H4."""
    travel = ((0, 0, 0), (0, 0, 30), (0, 30, 0))  # W <-> X 30 min, home H is W's neighbour at 0
    shifts = [
        build.shift("a", day=1, hour=8, minutes=240, location="X"),
        build.shift("b", day=1, hour=12, minutes=240, location="W"),
    ]
    p = build.problem([build.staff("ann", home="W")], shifts, travel=travel)
    [v] = [v for v in validate_roster(p, build.assign("ann:a", "ann:b")).violations if v.rule in ("H3", "H4")]
    assert v == Violation(
        "H3",
        "ann",
        ("a", "b"),
        "H3: shift a and shift b overlap by 0 h 30 min door to door (including 0 h 30 min travel)",
        {"overlap_minutes": 30, "travel_minutes": 30},
    )


def test_back_to_back_is_short_rest_and_one_minute_more_is_overlap(build):
    """Touching door-to-door intervals do not overlap (H4, rest 0); one minute of overlap is H3."""
    a = build.shift("a", day=1, hour=8, minutes=240)
    touching = build.shift("b", day=1, hour=12, minutes=240)
    overlapping = build.shift("b", day=1, hour=11, minute=59, minutes=240)
    [v] = _violations(build, [a, touching], ["ann:a", "ann:b"], travel=None)
    assert (v.rule, v.values["rest_minutes"]) == ("H4", 0)
    [v] = _violations(build, [a, overlapping], ["ann:a", "ann:b"], travel=None)
    assert (v.rule, v.values["overlap_minutes"]) == ("H3", 1)


def test_same_shift_twice_is_h3(build):
    """A person on two requirements of one shift breaks H3 once."""
    from safeshift.engine.model import Requirement

    s = build.shift("s", requirements=(Requirement("r1"), Requirement("r2")))
    p = build.problem([build.staff("ann")], [s])
    roster = [Assignment("ann", "s", "r1"), Assignment("ann", "s", "r2")]
    assert [v for v in validate_roster(p, roster).violations] == [
        Violation(
            "H3",
            "ann",
            ("s",),
            "H3: assigned 2 times to shift s (requirements r1, r2); at most once",
            {"assignments": 2},
        )
    ]


# Property: the early-stopping scan finds exactly the breaches of the naive all-pairs scan.
_duty = st.tuples(st.integers(0, 6), st.integers(0, 23), st.integers(1, 900), st.sampled_from(["H", "W", "X"]))


@settings(max_examples=150, deadline=None)
@given(duties=st.lists(_duty, min_size=1, max_size=9), min_rest=st.sampled_from([0, 60, 720, 2000]))
def test_pairwise_scan_equals_naive_all_pairs(build, duties, min_rest):
    """check_person reports the same H3/H4 pairs as checking every ordered pair."""
    travel = ((0, 40, 200), (35, 0, 15), (190, 20, 0))
    shifts = [build.shift(f"s{i}", d, h, minutes, location=loc) for i, (d, h, minutes, loc) in enumerate(duties)]
    p = build.problem([build.staff("ann", home="H", min_rest_minutes=min_rest)], shifts, travel=travel)
    ctx = RosterContext(p)
    person = ctx.people(p.check_roster([Assignment("ann", s.id) for s in shifts]))["ann"]
    fast = [b.violation for b in check_person(ctx, person)]
    naive = []
    for i, a in enumerate(person.duties):
        for later in person.duties[i + 1 :]:
            breach = check_pair("ann", min_rest, a, later)
            if breach is not None:
                naive.append(breach.violation)
    assert fast == naive
