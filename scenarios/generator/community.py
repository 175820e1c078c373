"""The community scenario: a community nursing team with employed, bank and agency staff."""

from __future__ import annotations

import random
from datetime import date

from safeshift.v1 import roster_pb2 as pb

from .common import add_grant, add_interval, add_requirement, add_shift, days, local, request

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
