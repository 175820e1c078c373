"""The rail scenario: track maintenance crews from three depots, 2 weeks across a clock change.

The horizon spans the October 2027 clock change, and door-to-door rest (H4) and duty length
(H5) bind on far sites.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from safeshift.v1 import roster_pb2 as pb

from .common import add_grant, add_interval, add_requirement, add_shift, local, request, set_ts

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
