"""problem_from_proto / problem_to_proto: defaults, empty input and round trips."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeshift.api.convert import problem_from_proto, problem_to_proto
from safeshift.engine.model import (
    DEFAULT_TIME_ZONE,
    Assignment,
    CompetencyGrant,
    Contract,
    Interval,
    Location,
    ObjectiveWeights,
    Preference,
    Problem,
    Requirement,
    RuleParams,
    Shift,
    Staff,
    TravelSettings,
)
from safeshift.v1 import roster_pb2 as pb

UTC = timezone.utc


def test_empty_problem_converts():
    """An empty message is a valid, empty problem in the default time zone."""
    problem = problem_from_proto(pb.Problem())
    assert problem.timezone == DEFAULT_TIME_ZONE
    assert problem.staff == () and problem.shifts == () and problem.travel.matrix is None


def test_defaults_applied(problem_msg):
    """Unset optional fields get the documented defaults; empty ids become None."""
    problem_msg.timezone = ""
    problem_msg.staff[1].home_location_id = ""
    problem_msg.shifts[0].location_id = ""
    problem = problem_from_proto(problem_msg)
    assert problem.timezone == "Europe/London"
    req = problem.shifts[0].requirements[0]
    assert (req.id, req.min_headcount, req.max_headcount, req.weight_under, req.weight_over) == ("0", 1, None, 100, 1)
    assert problem.shifts[1].requirements[1].id == "hca"
    assert problem.shifts[0].location_id is None and problem.staff[1].home_location_id is None
    assert problem.staff[1].contract_id is None and problem.staff[0].contract_id == "full"
    assert problem.travel == TravelSettings(matrix=None, speed_kmh=60.0, road_factor=1.3, is_working_time=True)
    assert problem.weights == ObjectiveWeights(cost=1, preference=1)
    assert problem.defaults == RuleParams()
    assert problem.contracts[0].rules.max_total_minutes == 2400 and problem.contracts[0].rules.min_rest_minutes is None
    grant = problem.staff[0].competencies[0]
    assert grant.valid_from is None and grant.valid_until is None
    assert problem.preferences[0].date == date(2024, 1, 2) and problem.preferences[0].shift_id is None
    assert problem.preferences[0].category is None


def test_explicit_zero_differs_from_unset(problem_msg):
    """Optional fields set to 0 stay 0 (presence, not truthiness, decides)."""
    req = problem_msg.shifts[0].requirements[0]
    req.min_headcount, req.weight_under, req.weight_over = 0, 0, 0
    problem_msg.defaults.max_duties_per_day = 0
    problem_msg.travel.travel_is_working_time = False
    problem = problem_from_proto(problem_msg)
    r = problem.shifts[0].requirements[0]
    assert (r.min_headcount, r.weight_under, r.weight_over) == (0, 0, 0)
    assert problem.defaults.max_duties_per_day == 0
    assert problem.travel.is_working_time is False


def test_timestamps_are_aware_utc(problem_msg):
    """Timestamps become aware UTC datetimes, and the horizon defaults to local midnights."""
    problem = problem_from_proto(problem_msg)
    assert problem.shifts[0].start == datetime(2024, 1, 1, 7, tzinfo=UTC)
    assert problem.shifts[0].start.tzinfo == UTC
    assert problem.horizon_start == datetime(2024, 1, 1, tzinfo=UTC)
    assert problem.horizon_end == datetime(2024, 1, 3, tzinfo=UTC)


def test_tiny_problem_round_trips(problem_msg):
    """problem -> proto -> problem is the identity on the fixture problem."""
    problem = problem_from_proto(problem_msg)
    assert problem_from_proto(problem_to_proto(problem)) == problem


def test_hand_problem_round_trips():
    """A problem using every field survives problem -> proto -> problem."""
    t0 = datetime(2024, 3, 30, 22, 0, tzinfo=UTC)
    rules = RuleParams(min_rest_minutes=600, max_weekends=2, min_consecutive_days=0, category_max={"Night": 3})
    problem = Problem(
        id="p",
        timezone="Europe/Berlin",
        horizon_start=t0 - timedelta(hours=22),
        horizon_end=t0 + timedelta(days=3),
        locations=(Location("A", "a", 52.5, 13.4), Location("B", "b")),
        travel=TravelSettings(matrix=((0, 25), (30, 0)), speed_kmh=50.0, road_factor=1.0, is_working_time=False),
        competency_ids=("RN", "X"),
        contracts=(Contract("c", rules),),
        defaults=RuleParams(max_duties_per_day=2),
        staff=(
            Staff(
                "s",
                "Sam",
                "org",
                "A",
                (CompetencyGrant("RN", t0, t0 + timedelta(days=1)), CompetencyGrant("X")),
                "c",
                RuleParams(max_total_minutes=900),
                (Interval(t0, t0 + timedelta(hours=2), "leave"),),
                (Interval(t0 - timedelta(hours=1), t0 + timedelta(days=2, microseconds=5)),),
                1500,
                "g",
            ),
        ),
        shifts=(
            Shift(
                "n1",
                t0,
                t0 + timedelta(hours=10),
                "B",
                "Night",
                (Requirement("r", ("RN",), 0, 3, 7, 0), Requirement("q", (), 2, None, 100, 1)),
            ),
        ),
        forbidden_successions=(("Night", "Early"),),
        preferences=(
            Preference("s", True, 4, shift_id="n1"),
            Preference("s", False, 2, date=date(2024, 3, 31), category="Night"),
        ),
        pinned=(Assignment("s", "n1", "r"),),
        weights=ObjectiveWeights(cost=0, preference=3),
    )
    msg = problem_to_proto(problem, description="every field")
    assert msg.description == "every field"
    assert problem_from_proto(msg) == problem


def test_to_proto_leaves_defaults_unset():
    """Default-valued optional fields are omitted, so scenario JSON stays short."""
    shift = Shift("a", datetime(2024, 1, 1, 8, tzinfo=UTC), datetime(2024, 1, 1, 9, tzinfo=UTC), requirements=(Requirement("0"),))
    msg = problem_to_proto(Problem(shifts=(shift,)))
    req = msg.shifts[0].requirements[0]
    assert not any(req.HasField(f) for f in ("min_headcount", "max_headcount", "weight_under", "weight_over"))
    assert not msg.travel.HasField("speed_kmh") and not msg.weights.HasField("cost")


# ---------------------------------------------------------------- property test

_ids = st.text(alphabet="abcdefgh0123456789-_", min_size=1, max_size=6)
_small = st.integers(min_value=0, max_value=10_000)
_opt_small = st.none() | _small
_BASE = datetime(2024, 1, 1, tzinfo=UTC)
_instants = st.integers(min_value=0, max_value=14 * 24 * 60 * 60 * 1_000_000).map(
    lambda us: _BASE + timedelta(microseconds=us)
)


@st.composite
def _rules(draw):
    lo_total = draw(_opt_small)
    hi_total = None if lo_total is None else draw(st.none() | st.integers(lo_total, lo_total + 5000))
    return RuleParams(
        min_rest_minutes=draw(_opt_small),
        max_shift_minutes=draw(_opt_small),
        max_weekends=draw(_opt_small),
        min_total_minutes=lo_total,
        max_total_minutes=hi_total,
        category_max=draw(st.dictionaries(_ids, _small, max_size=2)),
    )


@st.composite
def _interval(draw):
    start = draw(_instants)
    return Interval(start, start + timedelta(minutes=draw(st.integers(1, 3000))), draw(st.text(max_size=5)))


@st.composite
def problems(draw):
    """Valid problems with unique ids and consistent references."""
    locs = draw(st.lists(_ids, unique=True, max_size=3))
    with_coords = draw(st.booleans())
    coord = st.floats(-89, 89, allow_nan=False)
    locations = tuple(
        Location(i, draw(st.text(max_size=5)), *((draw(coord), draw(coord)) if with_coords else (None, None)))
        for i in locs
    )
    if locs and draw(st.booleans()):  # an empty matrix means "none" in the message
        travel = TravelSettings(matrix=tuple(tuple(draw(_small) for _ in locs) for _ in locs))
    else:
        travel = TravelSettings(speed_kmh=draw(st.floats(1, 200)), road_factor=draw(st.floats(1, 2)))
    comps = draw(st.lists(_ids, unique=True, max_size=3))
    contracts = tuple(Contract(c, draw(_rules())) for c in draw(st.lists(_ids, unique=True, max_size=2)))
    maybe_loc = st.none() | st.sampled_from(locs) if locs else st.none()
    maybe_contract = st.none() | st.sampled_from([c.id for c in contracts]) if contracts else st.none()
    grant = st.builds(CompetencyGrant, st.sampled_from(comps), st.none() | _instants, st.none()) if comps else st.nothing()
    staff = tuple(
        Staff(
            sid,
            name=draw(st.text(max_size=5)),
            home_location_id=draw(maybe_loc),
            competencies=tuple(draw(st.lists(grant, max_size=2))) if comps else (),
            contract_id=draw(maybe_contract),
            rules=draw(_rules()),
            unavailable=tuple(draw(st.lists(_interval(), max_size=2))),
            availability=tuple(draw(st.lists(_interval(), max_size=1))),
            cost_per_hour=draw(_small),
            group=draw(st.text(max_size=3)),
        )
        for sid in draw(st.lists(_ids, unique=True, max_size=4))
    )
    shifts = []
    for sid in draw(st.lists(_ids, unique=True, max_size=5)):
        start = draw(_instants)
        reqs = []
        for rid in draw(st.lists(_ids, unique=True, min_size=1, max_size=2)):
            lo = draw(_small)
            reqs.append(
                Requirement(
                    rid,
                    tuple(draw(st.lists(st.sampled_from(comps), unique=True, max_size=2))) if comps else (),
                    lo,
                    draw(st.none() | st.integers(lo, lo + 5)),
                    draw(_small),
                    draw(_small),
                )
            )
        shifts.append(
            Shift(sid, start, start + timedelta(minutes=draw(st.integers(1, 1440))), draw(maybe_loc), draw(st.text(max_size=4)), tuple(reqs))
        )
    prefs = []
    if staff:
        for _ in range(draw(st.integers(0, 3))):
            who = draw(st.sampled_from([s.id for s in staff]))
            if shifts and draw(st.booleans()):
                prefs.append(Preference(who, draw(st.booleans()), draw(_small), shift_id=draw(st.sampled_from([s.id for s in shifts]))))
            else:
                prefs.append(Preference(who, draw(st.booleans()), draw(_small), date=draw(st.dates()), category=draw(st.none() | _ids)))
    pinned = []
    if staff and shifts:
        for _ in range(draw(st.integers(0, 2))):
            shift = draw(st.sampled_from(shifts))
            pinned.append(Assignment(draw(st.sampled_from([s.id for s in staff])), shift.id, draw(st.sampled_from(shift.requirements)).id))
    return Problem(
        id=draw(st.text(max_size=5)),
        timezone=draw(st.sampled_from(["Europe/London", "UTC", "America/New_York", "Asia/Kolkata"])),
        locations=locations,
        travel=travel,
        competency_ids=tuple(comps),
        contracts=contracts,
        defaults=draw(_rules()),
        staff=staff,
        shifts=tuple(shifts),
        forbidden_successions=tuple(draw(st.lists(st.tuples(_ids, _ids), max_size=2))),
        preferences=tuple(prefs),
        pinned=tuple(pinned),
        weights=ObjectiveWeights(draw(_small), draw(_small)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_round_trip_property(problem):
    """Any valid problem survives problem -> proto -> problem, also through binary bytes."""
    msg = problem_to_proto(problem)
    assert problem_from_proto(msg) == problem
    assert problem_from_proto(pb.Problem.FromString(msg.SerializeToString())) == problem
