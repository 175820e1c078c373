"""Generated benchmark problems: a regional maintenance workforce with real travel.

``rail_like(n_staff, n_days, seed)``: crews at 3 depots, jobs at 12 sites spread over
~80 km (travel from coordinates), day and night jobs every day, competencies some of
which expire inside the horizon. Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from safeshift.engine.model import (
    CompetencyGrant,
    Interval,
    Location,
    Problem,
    Requirement,
    Shift,
    Staff,
)

START = datetime(2027, 1, 4, tzinfo=timezone.utc)  # a Monday
COMPETENCIES = ("PTS", "COSS", "PC", "LOOKOUT")


def rail_like(n_staff: int = 100, n_days: int = 28, seed: int = 0, jobs_per_staff_day: float = 0.18) -> Problem:
    rng = random.Random(seed)
    depots = [Location(f"depot-{i}", latitude=53.4 + 0.3 * i, longitude=-2.2 + 0.5 * i) for i in range(3)]
    sites = [
        Location(f"site-{i:02d}", latitude=53.2 + rng.random() * 0.9, longitude=-2.6 + rng.random() * 1.6)
        for i in range(12)
    ]
    end = START + timedelta(days=n_days)
    staff = []
    for i in range(n_staff):
        grants = [CompetencyGrant("PTS", valid_until=_maybe_expiry(rng, end))]
        for comp in COMPETENCIES[1:]:
            if rng.random() < 0.35:
                grants.append(CompetencyGrant(comp, valid_until=_maybe_expiry(rng, end)))
        leave = []
        if rng.random() < 0.2:
            first = START + timedelta(days=rng.randrange(n_days))
            leave.append(Interval(first, first + timedelta(days=rng.randint(2, 7)), "annual leave"))
        staff.append(
            Staff(
                f"E{i:04d}",
                home_location_id=depots[i % len(depots)].id,
                competencies=grants,
                unavailable=leave,
                cost_per_hour=rng.choice((1800, 2100, 2600)),
            )
        )
    shifts = []
    jobs_per_day = max(1, round(n_staff * jobs_per_staff_day / 3))
    for d in range(n_days):
        day = START + timedelta(days=d)
        for k in range(jobs_per_day):
            night = rng.random() < 0.6
            begin = day + (timedelta(hours=23) if night else timedelta(hours=8, minutes=rng.choice((0, 30))))
            shifts.append(
                Shift(
                    f"J{d:03d}-{k:02d}",
                    begin,
                    begin + timedelta(hours=rng.choice((6, 7, 8))),
                    location_id=rng.choice(sites).id,
                    category="N" if night else "D",
                    requirements=(
                        Requirement("coss", ("COSS",), 1),
                        Requirement("pts", ("PTS",), rng.randint(1, 2)),
                    ),
                )
            )
    return Problem(
        id=f"rail-like-{n_staff}x{n_days}-{seed}",
        horizon_start=START,
        horizon_end=end + timedelta(days=1),
        locations=depots + sites,
        competency_ids=COMPETENCIES,
        staff=staff,
        shifts=shifts,
        forbidden_successions=(("N", "D"),),
    )


def _maybe_expiry(rng: random.Random, end: datetime):
    """Mostly open-ended; sometimes expiring inside the horizon."""
    if rng.random() < 0.15:
        return end - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 23))
    return None
