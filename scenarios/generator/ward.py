"""The ward scenario: an acute medical ward, 4 weeks across the March 2027 clock change."""

from __future__ import annotations

import random
from datetime import date, timedelta

from safeshift.v1 import roster_pb2 as pb

from .common import add_grant, add_interval, add_requirement, add_shift, days, local, request

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
