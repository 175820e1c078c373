#!/usr/bin/env python
"""Generate the example scenarios: complete ``SolveRequest`` messages as canonical JSON.

    python scenarios/generate.py             # rewrites scenarios/*.json
    python scenarios/generate.py --out DIR   # writes them into DIR instead

Each scenario is built directly as ``safeshift.v1`` protobuf messages from fixed data and
a fixed random seed, then written with ``google.protobuf.json_format.MessageToJson``
(indent 2), so the files are byte-for-byte reproducible and replayable with
``safeshift solve FILE`` or ``grpcurl -d @ ... safeshift.v1.RosterService/Solve < FILE``.

Local clock times are given in Europe/London and stored as UTC instants, so a shift
across a clock change is an hour shorter or longer in real minutes (docs/rules.md, "Time").

Scenarios:
- ``ward.json``: an acute medical ward, 4 weeks across the March 2027 clock change.
- ``rail.json``: track maintenance crews from three depots, 2 weeks across the October 2027
  clock change, where door-to-door rest (H4) and duty length (H5) bind on far sites.
- ``community.json``: a community nursing team with employed, bank and agency staff.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from google.protobuf import json_format

from safeshift.v1 import roster_pb2 as pb

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
TIME_LIMIT_SECONDS = 30.0
HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------- helpers


def local(d: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of local clock time ``hour:minute`` on ``d`` in Europe/London."""
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def set_ts(field, instant: datetime) -> None:
    """Set a ``google.protobuf.Timestamp`` field from an aware datetime."""
    field.FromDatetime(instant.astimezone(UTC))


def add_interval(repeated, start: datetime, end: datetime, reason: str = "") -> None:
    iv = repeated.add(reason=reason)
    set_ts(iv.start, start)
    set_ts(iv.end, end)


def add_requirement(shift, rid: str, competencies, n: int, weight_under: int, weight_over: int | None = None):
    """A requirement with ``min_headcount = max_headcount = n`` when ``weight_over`` is given."""
    r = shift.requirements.add(id=rid, competency_ids=list(competencies), min_headcount=n, weight_under=weight_under)
    if weight_over is not None:
        r.max_headcount = n
        r.weight_over = weight_over
    return r


def add_shift(problem, sid: str, day: date, start: tuple[int, int], end: tuple[int, int], location: str, category: str):
    """A shift from local ``start`` on ``day`` to local ``end`` (the next day when not after the start)."""
    end_day = day if end > start else day + timedelta(days=1)
    s = problem.shifts.add(id=sid, location_id=location, category=category)
    set_ts(s.start, local(day, *start))
    set_ts(s.end, local(end_day, *end))
    return s


def add_grant(staff, competency: str, valid_from: datetime | None = None, valid_until: datetime | None = None):
    g = staff.competencies.add(competency_id=competency)
    if valid_from is not None:
        set_ts(g.valid_from, valid_from)
    if valid_until is not None:
        set_ts(g.valid_until, valid_until)
    return g


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


def request(problem: pb.Problem, horizon_start: date, n_days: int) -> pb.SolveRequest:
    """Wrap ``problem`` with its horizon (local midnights) and the standard solve parameters."""
    set_ts(problem.horizon_start, local(horizon_start, 0))
    set_ts(problem.horizon_end, local(horizon_start + timedelta(days=n_days), 0))
    return pb.SolveRequest(problem=problem, parameters=pb.SolveParameters(time_limit_seconds=TIME_LIMIT_SECONDS))


# ---------------------------------------------------------------------------- ward

WARD_START = date(2027, 3, 15)  # a Monday; clocks go forward on Sunday 28 March 2027 (Easter Day)
WARD_DAYS = 28
WARD_SHIFTS = {  # category: (start, end) local clock times
    "Early": ((7, 0), (15, 30)),
    "Late": ((13, 0), (21, 30)),
    "Night": ((21, 0), (7, 30)),
}
# (NIC, RN, HCA) headcounts per shift, weekdays and weekends.
WARD_DEMAND = {
    "Early": ((1, 4, 3), (1, 3, 2)),
    "Late": ((1, 3, 2), (1, 2, 2)),
    "Night": ((1, 2, 1), (1, 2, 1)),
}
WARD_PAY = {"RN band 6": 2250, "RN band 5": 1850, "HCA": 1350}  # pence per hour

# id, name, group, contract, extra competencies
WARD_STAFF = [
    ("rn01", "Helen Achterberg", "RN band 6", "FT", ("NIC",)),  # ward sister
    ("rn02", "Kwame Boateng", "RN band 6", "FT", ("NIC",)),
    ("rn03", "Siobhan Carty", "RN band 6", "FT", ("NIC",)),
    ("rn04", "Priya Desai", "RN band 6", "FT", ("NIC",)),
    ("rn05", "Tomasz Lewandowski", "RN band 6", "FT", ("NIC",)),
    ("rn06", "Grace Mensah", "RN band 6", "FT", ("NIC",)),
    ("rn07", "Fiona MacLeod", "RN band 6", "PT", ("NIC",)),
    ("rn08", "Joseph Adeyemi", "RN band 5", "FT", ("NIC",)),
    ("rn09", "Rachel Whitfield", "RN band 5", "FT", ("NIC",)),
    ("rn10", "Maria Santos", "RN band 5", "FT", ()),  # signed off as NIC mid-horizon, see below
    ("rn11", "Daniel Hughes", "RN band 5", "FT", ()),
    ("rn12", "Aisha Rahman", "RN band 5", "FT", ()),
    ("rn13", "Liam O'Connor", "RN band 5", "FT", ()),
    ("rn14", "Chloe Bennett", "RN band 5", "FT", ()),
    ("rn15", "Emeka Nwosu", "RN band 5", "FT", ()),
    ("rn16", "Sophie Turner", "RN band 5", "FT", ()),
    ("rn17", "Ravi Patel", "RN band 5", "FT", ()),
    ("rn18", "Hannah Price", "RN band 5", "FT", ()),
    ("rn19", "Gemma Lloyd", "RN band 5", "PT", ()),
    ("rn20", "Olivia Kamara", "RN band 5", "PT", ()),
    ("rn21", "Nadia Haddad", "RN band 5", "PT", ()),
    ("rn22", "Ben Sutherland", "RN band 5", "PT", ()),
    ("hca01", "Tracey Dobson", "HCA", "FT", ()),
    ("hca02", "Mohammed Iqbal", "HCA", "FT", ()),
    ("hca03", "Julie Parkinson", "HCA", "FT", ()),
    ("hca04", "Stacey Hill", "HCA", "FT", ()),
    ("hca05", "Adebayo Ojo", "HCA", "FT", ()),
    ("hca06", "Karen Walsh", "HCA", "FT", ()),
    ("hca07", "Lee Fletcher", "HCA", "FT", ()),
    ("hca08", "Agnieszka Nowak", "HCA", "FT", ()),
    ("hca09", "Paula Reid", "HCA", "PT", ()),
    ("hca10", "Jade Morgan", "HCA", "PT", ()),
    ("hca11", "Bogdan Popescu", "HCA", "FT", ()),
]
WARD_CONTRACTS = {  # (hours per week, min hours over 4 weeks, max hours over 4 weeks)
    "FT": (37.5, 130, 150),
    "PT": (22.5, 75, 90),
}
# Annual leave: staff id -> first day of a week (Monday) off.
WARD_LEAVE = {"rn04": 1, "rn12": 2, "rn16": 0, "rn20": 3, "hca03": 2, "hca07": 1}
WARD_DAYS_ONLY = ("rn05", "hca06")  # occupational-health restriction: no nights
WARD_NIGHT_WISH = {"rn17": 2500, "hca08": 2000}  # wish to work nights, weight per night
WARD_PIN = ("rn01", "Early", 0, "NIC")  # the sister is in charge on the first Monday morning


def ward_request() -> pb.SolveRequest:
    """The ward scenario (see ``description`` for what it shows)."""
    rng = random.Random(20270315)
    p = pb.Problem(id="ward-7b-march-2027", timezone="Europe/London")
    p.locations.add(id="ward-7b", name="Ward 7B, Acute Medicine, St Oswald's Hospital")
    p.competency_ids.extend(["RN", "NIC", "HCA"])
    for cid, (hours, lo, hi) in WARD_CONTRACTS.items():
        p.contracts.add(
            id=cid,
            rules=pb.RuleParameters(min_total_minutes=lo * 60, max_total_minutes=hi * 60),
        )
    p.defaults.min_rest_minutes = 660  # 11 h: Working Time Regulations, a common health setting
    p.defaults.max_consecutive_days = 5
    p.defaults.max_weekends = 2
    for a, b in (("Night", "Early"), ("Night", "Late"), ("Late", "Early")):
        p.forbidden_successions.add(from_category=a, to_category=b)

    dates = days(WARD_START, WARD_DAYS)
    for sid, name, group, contract, extra in WARD_STAFF:
        st = p.staff.add(
            id=sid, name=name, organisation="St Oswald's NHS Foundation Trust", contract_id=contract,
            cost_per_hour=WARD_PAY[group], group=group,
        )  # fmt: skip
        for comp in ("HCA",) if group == "HCA" else ("RN", *extra):
            add_grant(st, comp)
        if sid in WARD_LEAVE:
            first = WARD_START + timedelta(weeks=WARD_LEAVE[sid])
            add_interval(st.unavailable, local(first, 0), local(first + timedelta(days=7), 0), "Annual leave")
            # Leave counts towards contracted hours: the 4-week band shrinks by one week.
            hours, lo, hi = WARD_CONTRACTS[contract]
            st.rules.min_total_minutes = int((lo - hours) * 60)
            st.rules.max_total_minutes = int((hi - hours) * 60)
        if sid in WARD_DAYS_ONLY:
            st.rules.category_max["Night"] = 0
    # rn10 completes her nurse-in-charge sign-off on Monday 29 March.
    add_grant(p.staff[9], "NIC", valid_from=local(date(2027, 3, 29), 0))
    # A study day for rn11 (an interval inside the day: Early and Late both overlap it).
    add_interval(p.staff[10].unavailable, local(date(2027, 3, 24), 9), local(date(2027, 3, 24), 17), "Study day")

    for d in dates:
        weekend = d.weekday() >= 5
        for cat, (start, end) in WARD_SHIFTS.items():
            s = add_shift(p, f"{d.isoformat()}-{cat}", d, start, end, "ward-7b", cat)
            nic, rn, hca = WARD_DEMAND[cat][weekend]
            add_requirement(s, "NIC", ("RN", "NIC"), nic, weight_under=200_000, weight_over=20_000)
            add_requirement(s, "RN", ("RN",), rn, weight_under=100_000, weight_over=20_000)
            add_requirement(s, "HCA", ("HCA",), hca, weight_under=80_000, weight_over=20_000)

    # Requests: days off (some only for one shift type), and wishes to work nights.
    off_requests = [
        ("rn02", 4, None, 8000), ("rn06", 12, None, 8000), ("rn09", 19, None, 8000),
        ("rn13", 11, None, 6000), ("rn14", 25, None, 6000), ("rn18", 6, None, 6000),
        ("hca02", 17, None, 6000), ("hca05", 8, None, 6000), ("rn21", 3, "Late", 4000),
        ("rn21", 10, "Late", 4000), ("rn21", 17, "Late", 4000), ("rn21", 24, "Late", 4000),
    ]  # fmt: skip
    for sid, day, cat, weight in off_requests:
        pref = p.preferences.add(staff_id=sid, want=False, weight=weight, date=dates[day].isoformat())
        if cat:
            pref.category = cat
    for sid, weight in WARD_NIGHT_WISH.items():
        for day in sorted(rng.sample(range(WARD_DAYS), 8)):
            p.preferences.add(staff_id=sid, want=True, weight=weight, date=dates[day].isoformat(), category="Night")

    staff_id, cat, day, req = WARD_PIN
    p.pinned.add(staff_id=staff_id, shift_id=f"{dates[day].isoformat()}-{cat}", requirement_id=req)

    p.description = (
        "Ward 7B (acute medicine), 4 weeks from Monday 15 March 2027 (Europe/London), 33 staff: "
        "22 registered nurses (7 band 6 and 2 band 5 hold the nurse-in-charge competency NIC; "
        "rn10 is signed off as NIC from 29 March) and 11 healthcare assistants. "
        "Early 07:00-15:30, Late 13:00-21:30, Night 21:00-07:30, each with separate requirements "
        "NIC (1), RN (4/3/2 on weekdays, 3/2/2 at weekends) and HCA (3/2/1; 2/2/1 at weekends); a shortfall costs "
        "200000 (NIC), 100000 (RN) or 80000 (HCA) per person. "
        "The horizon spans the spring clock change: the night of Saturday 27 March (Easter weekend) "
        "is 9 h 30 min of real time instead of 10 h 30 min, and totals count real minutes. "
        "Rules: minimum rest 11 h (660 min, the Working Time Regulations value and a common health "
        "setting) door to door, with no travel (staff have no home location and the ward no "
        "coordinates, so travel is 0); at most 5 consecutive days, 2 weekends in 4 and one shift a day; "
        "no Night->Early, Night->Late or Late->Early on consecutive days. Contracts: full time 130-150 h "
        "over the 4 weeks, part time 75-90 h; six people have a week of annual leave (unavailable, with "
        "their hours band reduced by a week), rn11 has a study day, rn05 and hca06 work no nights "
        "(category_max Night = 0). Preferences: days off (rn21 only asks not to work Lates on Thursdays) "
        "and rn17 and hca08 wish to work nights on 8 dates each. Cost per hour by band (pence): "
        "band 6 2250, band 5 1850, HCA 1350. Pinned: the ward sister rn01 is nurse in charge on "
        "the Early of Monday 15 March."
    )
    return request(p, WARD_START, WARD_DAYS)


# ---------------------------------------------------------------------------- rail

RAIL_START = date(2027, 10, 25)  # a Monday; clocks go back on Sunday 31 October 2027
RAIL_DAYS = 14
RAIL_DEPOTS = [  # id, name, latitude, longitude
    ("dep-man", "Manchester Longsight depot", 53.4606, -2.2049),
    ("dep-lds", "Leeds Neville Hill depot", 53.7935, -1.5008),
    ("dep-pre", "Preston depot", 53.7560, -2.7070),
]
RAIL_SITES = [
    ("site-sty", "Stalybridge station throat", 53.4847, -2.0627),
    ("site-spt", "Stockport viaduct", 53.4057, -2.1624),
    ("site-msn", "Marsden, Standedge tunnel west portal", 53.6030, -1.9300),
    ("site-hud", "Huddersfield viaduct", 53.6483, -1.7848),
    ("site-dew", "Dewsbury", 53.6919, -1.6330),
    ("site-tod", "Todmorden viaduct", 53.7136, -2.0990),
    ("site-bol", "Bolton, Johnson Street", 53.5740, -2.4260),
    ("site-wgn", "Wigan North Western", 53.5437, -2.6331),
    ("site-ski", "Skipton, Aire valley", 53.9586, -2.0260),
    ("site-yrk", "York, Holgate junction", 53.9570, -1.0950),
    ("site-lan", "Lancaster, Lune viaduct", 54.0530, -2.8090),
]
RAIL_PAY = {"PC": 3000, "COSS": 2600, "Welder": 2500, "Lookout": 2100, "Operative": 1950}  # pence per hour

# Crews: depot -> list of (role, extra competencies beyond PTS). A PC also holds COSS.
RAIL_CREWS = {
    "dep-man": ["PC", "PC", "PC", "COSS", "COSS", "COSS", "Welder", "Welder", "Lookout", "Lookout",
                "Operative", "Operative", "Operative", "Operative"],
    "dep-lds": ["PC", "PC", "PC", "COSS", "COSS", "COSS", "Welder", "Welder", "Lookout", "Lookout",
                "Operative", "Operative"],
    "dep-pre": ["PC", "PC", "COSS", "COSS", "Welder", "Lookout", "Operative", "Operative"],
}  # fmt: skip
RAIL_ROLE_COMPETENCIES = {
    "PC": ("PTS", "COSS", "PC"),
    "COSS": ("PTS", "COSS"),
    "Welder": ("PTS", "Welder"),
    "Lookout": ("PTS", "Lookout"),
    "Operative": ("PTS",),
}
RAIL_FIRST_NAMES = [
    "Gary", "Steve", "Dave", "Paul", "Mark", "Wayne", "Andy", "Kev", "Lee", "Craig", "Darren", "Jason",
    "Sam", "Jo", "Karen", "Michelle", "Nicola", "Shaun", "Ian", "Carl", "Dean", "Ryan", "Tom", "Chris",
    "Matt", "Danny", "Phil", "Rob", "Jamie", "Liam", "Zoe", "Becky", "Imran", "Tariq",
]  # fmt: skip
RAIL_SURNAMES = [
    "Ackroyd", "Barraclough", "Cropper", "Dyson", "Entwistle", "Firth", "Greenwood", "Haigh", "Illingworth",
    "Jagger", "Kershaw", "Lumb", "Mellor", "Naylor", "Ormerod", "Pickles", "Quarmby", "Ramsden", "Sutcliffe",
    "Tattersall", "Uttley", "Varley", "Whiteley", "Yates", "Ashworth", "Brearley", "Crabtree", "Dobson",
    "Earnshaw", "Fielding", "Gaukroger", "Holroyd", "Ibbotson", "Jowett",
]  # fmt: skip

# The work plan. Night possessions 23:00-06:00 on Sunday to Thursday nights; an extended
# weekend possession Saturday 23:00 - Sunday 09:00; day work under lookout protection 07:00-17:00
# on weekdays. The site lists rotate over the nights and weekdays of each week.
RAIL_NIGHT_SITES = [  # per night slot: three possessions
    ("site-sty", "site-hud", "site-wgn"),
    ("site-msn", "site-dew", "site-bol"),
    ("site-spt", "site-tod", "site-yrk"),
    ("site-hud", "site-dew", "site-lan"),
    ("site-sty", "site-tod", "site-bol"),
]
RAIL_WEEKEND_SITES = (("site-msn", "site-wgn"), ("site-hud", "site-spt"))  # per week
RAIL_DAY_SITES = [  # per weekday: two day jobs (the Skipton and York jobs run on consecutive days)
    ("site-ski", "site-bol"),
    ("site-ski", "site-spt"),
    ("site-yrk", "site-tod"),
    ("site-yrk", "site-sty"),
    ("site-dew", "site-wgn"),
]
RAIL_WELD_SITES = {"site-hud", "site-tod", "site-yrk", "site-wgn"}  # possessions that need welders


def rail_request() -> pb.SolveRequest:
    """The rail scenario (see ``description`` for what it shows)."""
    rng = random.Random(20271025)
    p = pb.Problem(id="pennine-track-maintenance-oct-2027", timezone="Europe/London")
    for lid, name, lat, lon in RAIL_DEPOTS + RAIL_SITES:
        p.locations.add(id=lid, name=name, latitude=lat, longitude=lon)
    p.travel.speed_kmh = 60.0
    p.travel.road_factor = 1.3
    p.travel.travel_is_working_time = True
    p.competency_ids.extend(["PTS", "COSS", "PC", "Lookout", "Welder"])
    # Built-in H4/H5 defaults apply: 12 h rest door to door, 12 h duty, 14 h door to door.
    p.contracts.add(id="track-2wk", rules=pb.RuleParameters(max_total_minutes=96 * 60))
    p.contracts.add(id="contractor", rules=pb.RuleParameters(max_total_minutes=72 * 60))
    p.defaults.max_consecutive_days = 6

    horizon_end = local(RAIL_START + timedelta(days=RAIL_DAYS), 0)
    names = rng.sample(range(len(RAIL_FIRST_NAMES)), len(RAIL_FIRST_NAMES))
    surnames = rng.sample(RAIL_SURNAMES, len(RAIL_SURNAMES))
    n = 0
    for depot, roles in RAIL_CREWS.items():
        for role in roles:
            n += 1
            st = p.staff.add(
                id=f"t{n:02d}", name=f"{RAIL_FIRST_NAMES[names[n - 1]]} {surnames[n - 1]}",
                organisation="Pennine Track Maintenance", home_location_id=depot, contract_id="track-2wk",
                cost_per_hour=RAIL_PAY[role], group=role,
            )  # fmt: skip
            for comp in RAIL_ROLE_COMPETENCIES[role]:
                # Certificates renewed at a random point of the last three years, valid for two:
                # most run past the horizon; set explicitly below where one lapses inside it.
                add_grant(st, comp, valid_until=horizon_end + timedelta(days=rng.randint(30, 700)))
    # Contractors (agency): based in Manchester and Leeds, dearer, fewer hours.
    for depot, role in (("dep-man", "COSS"), ("dep-man", "Operative"), ("dep-lds", "Operative")):
        n += 1
        st = p.staff.add(
            id=f"c{n - 34:02d}", name=f"Contractor {n - 34} ({role})", organisation="Northern Rail Labour Ltd",
            home_location_id=depot, contract_id="contractor", cost_per_hour=RAIL_PAY[role] * 2, group=role,
        )  # fmt: skip
        for comp in RAIL_ROLE_COMPETENCIES[role]:
            add_grant(st, comp)

    def staff(staff_id: str) -> pb.Staff:
        return next(s for s in p.staff if s.id == staff_id)

    def lapse(staff_id: str, comp: str, when: datetime) -> None:
        g = next(g for g in staff(staff_id).competencies if g.competency_id == comp)
        set_ts(g.valid_until, when)

    # Certificates that lapse inside the horizon (H1: a grant must cover the whole shift).
    lapse("t11", "PTS", local(date(2027, 11, 3), 0))  # Manchester operative: PTS lapses Wed 3 Nov
    lapse("t17", "PC", local(date(2027, 10, 29), 12))  # Leeds PC: PC lapses Fri 29 Oct noon (still COSS)
    lapse("t20", "COSS", local(date(2027, 11, 1), 0))  # Leeds COSS: lapses Mon 1 Nov
    lapse("t31", "PTS", local(date(2027, 10, 28), 3))  # Preston welder: PTS lapses mid-possession
    # A Leeds operative qualifies as COSS from Monday 1 November.
    add_grant(staff("t26"), "COSS", valid_from=local(date(2027, 11, 1), 0))
    # Leave and training (H2).
    add_interval(staff("t03").unavailable, local(date(2027, 11, 1), 0), local(date(2027, 11, 8), 0), "Annual leave")
    add_interval(staff("t22").unavailable, local(date(2027, 10, 25), 0), local(date(2027, 10, 29), 0), "Annual leave")
    add_interval(staff("t29").unavailable, local(date(2027, 11, 2), 8), local(date(2027, 11, 2), 17), "COSS refresher")

    for week in range(RAIL_DAYS // 7):
        monday = RAIL_START + timedelta(weeks=week)
        # Night possessions on Monday to Thursday nights and on the Sunday night ending the week
        # (the Sunday night before the first Monday lies outside the horizon).
        for slot, weekday in enumerate((0, 1, 2, 3, 6)):
            d = monday + timedelta(days=weekday)
            for site in RAIL_NIGHT_SITES[(slot + 2 * week) % len(RAIL_NIGHT_SITES)]:
                s = add_shift(p, f"N-{d.isoformat()}-{site[5:]}", d, (23, 0), (6, 0), site, "Night")
                add_requirement(s, "PC", ("PTS", "PC"), 1, weight_under=300_000)
                add_requirement(s, "COSS", ("PTS", "COSS"), 1, weight_under=200_000)
                if site in RAIL_WELD_SITES:
                    add_requirement(s, "Welder", ("PTS", "Welder"), 1, weight_under=120_000)
                    add_requirement(s, "PTS", ("PTS",), 2, weight_under=100_000, weight_over=5_000)
                else:
                    add_requirement(s, "PTS", ("PTS",), 3, weight_under=100_000, weight_over=5_000)
        saturday = monday + timedelta(days=5)
        for site in RAIL_WEEKEND_SITES[week]:
            s = add_shift(p, f"W-{saturday.isoformat()}-{site[5:]}", saturday, (23, 0), (9, 0), site, "Weekend")
            add_requirement(s, "PC", ("PTS", "PC"), 1, weight_under=300_000)
            add_requirement(s, "COSS", ("PTS", "COSS"), 1, weight_under=200_000)
            add_requirement(s, "Welder", ("PTS", "Welder"), 1, weight_under=120_000)
            add_requirement(s, "PTS", ("PTS",), 3, weight_under=100_000, weight_over=5_000)
        for weekday in range(5):
            d = monday + timedelta(days=weekday)
            for site in RAIL_DAY_SITES[weekday]:
                s = add_shift(p, f"D-{d.isoformat()}-{site[5:]}", d, (7, 0), (17, 0), site, "Day")
                add_requirement(s, "COSS", ("PTS", "COSS"), 1, weight_under=200_000)
                add_requirement(s, "Lookout", ("PTS", "Lookout"), 1, weight_under=150_000)
                add_requirement(s, "PTS", ("PTS",), 2, weight_under=100_000, weight_over=5_000)
    # Shifts in time order (ties by id), as a planning system would send them.
    ordered = sorted(p.shifts, key=lambda s: (s.start.seconds, s.id))
    del p.shifts[:]
    p.shifts.extend(ordered)

    # A crew member who prefers not to work the Sunday nights, and one who asks for a day job.
    p.preferences.add(staff_id="t05", want=False, weight=20_000, date="2027-10-31", category="Night")
    p.preferences.add(staff_id="t05", want=False, weight=20_000, date="2027-11-07", category="Night")
    p.preferences.add(staff_id="t24", want=True, weight=15_000, shift_id="D-2027-10-27-yrk")
    # The possession at Huddersfield on the first night is planned with its PC already booked.
    p.pinned.add(staff_id="t16", shift_id="N-2027-10-25-hud", requirement_id="PC")

    p.description = (
        "Track maintenance on the Pennine routes, 2 weeks from Monday 25 October 2027 (Europe/London), "
        "37 staff: 34 employees of Pennine Track Maintenance based at three depots (Manchester "
        "Longsight, Leeds Neville Hill, Preston; home_location_id = depot) and 3 dearer contractors. "
        "Work at 11 sites with real-ish coordinates (Stalybridge to York, Lancaster to Stockport); "
        "travel is derived from coordinates (great circle x 1.3 road factor at 60 km/h) and counts as "
        "working time. Jobs: night possessions 23:00-06:00 Sunday to Thursday nights (PC + COSS + 3 "
        "PTS, or PC + COSS + welder + 2 PTS on rail-defect sites), extended weekend possessions "
        "Saturday 23:00 - Sunday 09:00 (PC + COSS + welder + 3 PTS), and day work under lookout "
        "protection 07:00-17:00 (COSS + lookout + 2 PTS). The weekend possession of 30/31 October "
        "spans the autumn clock change and lasts 11 h of real time. Built-in fatigue defaults "
        "apply: 12 h rest door to door (H4), 12 h duty and 14 h door to door (H5); at most 6 "
        "consecutive days and 96 h per employee over the fortnight (72 h for contractors). "
        "Door-to-door rest bites on far sites: the Skipton and York day jobs run on consecutive days, "
        "a 14 h clock gap that becomes under 12 h for anyone more than an hour's drive away "
        "(Manchester to York is 2 h each way: 10 h door to door; Manchester to Skipton 1 h 14 min: "
        "11 h 32 min). The 14 h door-to-door limit binds too: Preston to York (2 h 21 min each way) "
        "rules Preston crews out of a 10 h day there, and the Wigan weekend possession of 30/31 "
        "October, 11 h long, is out of reach for Leeds crews (1 h 44 min each way) although a 10 h "
        "one would not be. Competencies (PTS, COSS, PC, Lookout, Welder) carry expiry dates; four lapse "
        "inside the horizon (t11 PTS on 3 Nov, t17 PC at noon on 29 Oct, t20 COSS on 1 Nov, t31 PTS "
        "at 03:00 during a night possession) and t26 qualifies as COSS from 1 Nov. Some leave and a "
        "refresher course, two preferences, and one pinned assignment (t16 as PC of the first "
        "Huddersfield possession)."
    )
    return request(p, RAIL_START, RAIL_DAYS)


# ---------------------------------------------------------------------------- community

COMMUNITY_START = date(2028, 1, 10)  # a Monday in winter pressures
COMMUNITY_DAYS = 14
COMMUNITY_LOCATIONS = [
    ("base-thb", "Thornbury Health Centre (team base)", 51.6094, -2.5247),
    ("clinic-yate", "Yate West Gate Centre (leg ulcer clinic)", 51.5402, -2.4181),
    ("clinic-fc", "Frampton Cotterell Clinic", 51.5386, -2.4806),
    ("round-thb", "Thornbury and Alveston caseload", 51.6030, -2.5290),
    ("round-yate", "Yate and Chipping Sodbury caseload", 51.5370, -2.4000),
    ("round-win", "Winterbourne and Frampton caseload", 51.5230, -2.5040),
    ("round-sev", "Severnside caseload (Pilning, Severn Beach)", 51.5600, -2.6300),
    ("home-bristol", "Bristol (city centre)", 51.4545, -2.5879),
    ("home-glos", "Gloucester", 51.8642, -2.2382),
    ("home-bath", "Bath", 51.3811, -2.3590),
    ("home-stroud", "Stroud", 51.7449, -2.2166),
]
ROUNDS_WEEKDAY = ("round-thb", "round-yate", "round-win", "round-sev")
ROUNDS_WEEKEND = ("round-thb", "round-yate")
CLINICS = {0: "clinic-fc", 2: "clinic-yate", 4: "clinic-yate"}  # weekday -> clinic location

# id, name, tier, role, competencies beyond RN/HCA, cost per hour (pence), home
COMMUNITY_STAFF = [
    ("e01", "Joanne Pritchard", "employed", "RN", ("IV", "SD", "TV"), 2400, "base-thb"),
    ("e02", "Marcus Webb", "employed", "RN", ("IV", "SD"), 2400, "base-thb"),
    ("e03", "Ellie Hartley", "employed", "RN", ("TV",), 1950, "base-thb"),
    ("e04", "Sunita Sharma", "employed", "RN", ("SD",), 1950, "base-thb"),
    ("e05", "Catrin Jones", "employed", "RN", ("IV",), 1950, "base-thb"),
    ("e06", "Owen Fisher", "employed", "RN", (), 1950, "base-thb"),
    ("e07", "Lisa Carpenter", "employed", "HCA", (), 1350, "base-thb"),
    ("e08", "Dawn Tucker", "employed", "HCA", (), 1350, "base-thb"),
    ("e09", "Abdi Warsame", "employed", "HCA", (), 1350, "base-thb"),
    ("e10", "Nicole Ford", "employed", "HCA", (), 1350, "base-thb"),
    ("b01", "Ruth Oakley", "bank", "RN", ("SD", "TV"), 2900, "home-bristol"),
    ("b02", "Peter Kowalczyk", "bank", "RN", ("IV",), 2900, "round-yate"),
    ("b03", "Amelia Grant", "bank", "RN", (), 2900, "home-stroud"),
    ("b04", "Yusuf Ali", "bank", "RN", ("SD",), 2900, "home-bristol"),
    ("b05", "Sharon Giles", "bank", "HCA", (), 1900, "round-sev"),
    ("b06", "Kerry Bishop", "bank", "HCA", (), 1900, "home-bristol"),
    ("b07", "Precious Moyo", "bank", "HCA", (), 1900, "round-win"),
    ("a01", "Agency RN 1", "agency", "RN", ("IV", "SD"), 5400, "home-glos"),
    ("a02", "Agency RN 2", "agency", "RN", ("TV",), 5400, "home-bath"),
    ("a03", "Agency RN 3", "agency", "RN", (), 5400, "home-bristol"),
    ("a04", "Agency HCA 1", "agency", "HCA", (), 3400, "home-glos"),
    ("a05", "Agency HCA 2", "agency", "HCA", (), 3400, "home-bath"),
]
COMMUNITY_ORG = {
    "employed": "Severnvale Community Health NHS Trust",
    "bank": "Severnvale staff bank",
    "agency": "Brightwater Nursing Agency",
}
# Bank availability: staff id -> list of (day offset, start, end) local windows.
COMMUNITY_BANK_PATTERNS = {
    "b01": ("weekdays", (7, 30), (22, 30), 0.45),  # school hours ... evenings, about half the days
    "b02": ("any", (7, 0), (17, 0), 0.5),  # days only
    "b03": ("weekends", (7, 0), (22, 30), 1.0),  # weekends only
    "b04": ("any", (15, 30), (22, 30), 0.6),  # evenings only: twilight shifts
    "b05": ("weekdays", (7, 30), (16, 30), 0.5),
    "b06": ("any", (7, 30), (16, 30), 0.35),
    "b07": ("weekends", (7, 0), (17, 0), 1.0),
}


def community_request() -> pb.SolveRequest:
    """The community nursing scenario (see ``description`` for what it shows)."""
    rng = random.Random(20280110)
    p = pb.Problem(id="thornbury-community-nursing-jan-2028", timezone="Europe/London")
    for lid, name, lat, lon in COMMUNITY_LOCATIONS:
        p.locations.add(id=lid, name=name, latitude=lat, longitude=lon)
    p.travel.speed_kmh = 40.0  # lanes and town traffic
    p.travel.road_factor = 1.3
    p.travel.travel_is_working_time = True
    p.competency_ids.extend(["RN", "HCA", "IV", "SD", "TV"])
    p.contracts.add(id="employed-ft", rules=pb.RuleParameters(max_total_minutes=75 * 60, max_weekends=1))
    p.contracts.add(id="employed-pt", rules=pb.RuleParameters(max_total_minutes=45 * 60, max_weekends=1))
    p.contracts.add(id="bank", rules=pb.RuleParameters(max_total_minutes=48 * 60))
    p.contracts.add(id="agency", rules=pb.RuleParameters(max_total_minutes=60 * 60))
    p.defaults.min_rest_minutes = 660  # 11 h, the health setting
    p.defaults.max_consecutive_days = 5

    dates = days(COMMUNITY_START, COMMUNITY_DAYS)
    for sid, name, tier, role, extra, pay, home in COMMUNITY_STAFF:
        contract = tier if tier != "employed" else ("employed-pt" if sid in ("e06", "e10") else "employed-ft")
        st = p.staff.add(
            id=sid, name=name, organisation=COMMUNITY_ORG[tier], home_location_id=home,
            contract_id=contract, cost_per_hour=pay, group=f"{role} {tier}",
        )  # fmt: skip
        for comp in (role, *extra):
            add_grant(st, comp)
        if tier == "bank":
            which, start, end, share = COMMUNITY_BANK_PATTERNS[sid]
            for d in dates:
                weekend = d.weekday() >= 5
                if (which == "weekdays" and weekend) or (which == "weekends" and not weekend):
                    continue
                if rng.random() < share:
                    add_interval(st.availability, local(d, *start), local(d, *end), "Offered to bank")
    # Employed leave and training (H2).
    add_interval(p.staff[2].unavailable, local(dates[7], 0), local(dates[12], 0), "Annual leave")
    add_interval(p.staff[8].unavailable, local(dates[0], 0), local(dates[3], 0), "Sickness")
    add_interval(p.staff[1].unavailable, local(dates[3], 9), local(dates[3], 16, 30), "Mandatory training")

    for d in dates:
        weekday = d.weekday()
        rounds = ROUNDS_WEEKDAY if weekday < 5 else ROUNDS_WEEKEND
        for loc in rounds:
            s = add_shift(p, f"{d.isoformat()}-visits-{loc[6:]}", d, (8, 0), (16, 0), loc, "Visits")
            needs_iv = loc == "round-yate"  # the caseload with IV antibiotics at home
            add_requirement(s, "RN", ("RN", "IV") if needs_iv else ("RN",), 1, weight_under=100_000, weight_over=50_000)
            add_requirement(s, "HCA", ("HCA",), 1, weight_under=60_000, weight_over=50_000)
        if weekday in CLINICS:
            s = add_shift(p, f"{d.isoformat()}-clinic", d, (9, 0), (13, 0), CLINICS[weekday], "Clinic")
            add_requirement(s, "RN", ("RN", "TV"), 1, weight_under=80_000, weight_over=50_000)
        s = add_shift(p, f"{d.isoformat()}-twilight", d, (16, 0), (22, 0), "base-thb", "Twilight")
        add_requirement(s, "RN", ("RN", "SD"), 1, weight_under=150_000, weight_over=50_000)

    # Preferences of the employed team.
    p.preferences.add(staff_id="e04", want=False, weight=5_000, date=dates[4].isoformat())
    p.preferences.add(staff_id="e07", want=False, weight=5_000, date=dates[9].isoformat())
    p.preferences.add(staff_id="e01", want=True, weight=3_000, shift_id=f"{dates[2].isoformat()}-clinic")

    p.description = (
        "A community (district) nursing team in South Gloucestershire, 2 weeks from Monday 10 January "
        "2028 (Europe/London), 22 staff in three cost tiers: 10 employed by the trust (RNs 1950-2400 "
        "pence an hour, HCAs 1350, based at Thornbury Health Centre), 7 bank staff (RN 2900, HCA 1900) "
        "who may only work inside the availability windows they offered (H2: the shift must lie inside "
        "a window), and 5 agency staff (RN 5400, HCA 3400), always available but living further away. "
        "Travel from each person's home to the work location is derived from coordinates (x 1.3 at "
        "40 km/h) and paid as working time, so S4 cost prefers employed staff, then bank, then agency. "
        "Demand: home-visit rounds 08:00-16:00 in four caseloads on weekdays and two at weekends (1 RN "
        "+ 1 HCA; the Yate round needs an IV-trained RN), a leg-ulcer clinic 09:00-13:00 on Monday, "
        "Wednesday and Friday (RN with tissue viability, TV), and a twilight shift 16:00-22:00 every "
        "day (RN trained for syringe drivers, SD). Rules: 11 h rest door to door (660 min), at most "
        "5 consecutive days; employed full time up to 75 h and at most one of the two weekends, part "
        "time up to 45 h; bank up to 48 h, agency up to 60 h. Some employed leave, sickness and a "
        "training day, and three preferences."
    )
    return request(p, COMMUNITY_START, COMMUNITY_DAYS)


# ---------------------------------------------------------------------------- main

SCENARIOS = {
    "ward.json": ward_request,
    "rail.json": rail_request,
    "community.json": community_request,
}


def to_json(req: pb.SolveRequest) -> str:
    """Protobuf's canonical JSON mapping, indent 2, with a final newline."""
    return json_format.MessageToJson(req, indent=2) + "\n"


def write_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCENARIOS.items():
        path = out / name
        path.write_text(to_json(build()), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write into (default: scenarios/)")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
