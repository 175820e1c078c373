"""H3 One place at a time, and H4 Minimum rest door to door.

For two duties a, b of one person with ``start_a <= start_b`` (ties: shift order)
``rest(a, b) = (start_b - travel(home->loc_b)) - (end_a + travel(loc_a->home))``.
A pair whose door-to-door intervals overlap is H3; otherwise ``rest < min_rest_minutes``
is H4. Every pair is checked, not only neighbours (docs/rules.md, H3/H4), and every
duty against each duty worked before the horizon (``Staff.history``, always first). A
person may also hold at most one assignment per shift (H3).
"""

from __future__ import annotations

from collections import Counter

from .context import Breach, Duty, PersonRoster, RosterContext, hm, roster_ids, violation

PART_DUPLICATE = "H3.one_assignment_per_shift"
PART_OVERLAP = "H3.overlap"
PART_REST = "H4"


def check_person(ctx: RosterContext, person: PersonRoster) -> list[Breach]:
    """Duplicate assignments, then every overlapping or short-rest pair, in time order."""
    out = check_duplicates(person)
    duties, staff_id = person.duties, person.staff.id
    if not duties:
        return out
    # Once start_b - max(travel in) - door_end_a reaches the limit, no later b can breach
    # (starts only grow), so the scan over b may stop there: still every pair, exactly.
    enough = max(person.rules.min_rest_minutes or 0, 0)
    max_in = max(d.travel_in for d in duties)
    for i, a in enumerate(duties):
        for b in duties[i + 1 :]:
            if b.info.start - max_in - a.door_end >= enough:
                break
            breach = check_pair(staff_id, person.rules.min_rest_minutes, a, b)
            if breach is not None:
                out.append(breach)
    for a in person.history:
        for b in duties:
            breach = check_pair(staff_id, person.rules.min_rest_minutes, a, b)
            if breach is not None:
                out.append(breach)
    return out


def check_duplicates(person: PersonRoster) -> list[Breach]:
    """H3: one breach per shift the person is assigned to more than once."""
    counts = Counter(d.shift_id for d in person.assignments)
    out = []
    for shift_id, n in counts.items():
        if n > 1:
            reqs = ", ".join(d.requirement.id for d in person.assignments if d.shift_id == shift_id)
            message = f"H3: assigned {n} times to shift {shift_id} (requirements {reqs}); at most once"
            v = violation("H3", person.staff.id, [shift_id], message, assignments=n)
            out.append(Breach(v, PART_DUPLICATE, n - 1))
    return out


def check_against(person: PersonRoster, candidate: Duty) -> list[Breach]:
    """H3/H4 breaches between ``candidate`` and each duty the person already has."""
    out = []
    enough = max(person.rules.min_rest_minutes or 0, 0)
    for other in person.history + person.duties:
        # Exact skip: with rest >= max(min_rest, 0) in either order there is no breach.
        if other.door_end + enough <= candidate.door_start or candidate.door_end + enough <= other.door_start:
            continue
        if other.shift_id == candidate.shift_id:
            continue
        a, b = (other, candidate) if other.sort_key <= candidate.sort_key else (candidate, other)
        breach = check_pair(person.staff.id, person.rules.min_rest_minutes, a, b)
        if breach is not None:
            out.append(breach)
    return out


def check_pair(staff_id: str, min_rest: int | None, a: Duty, b: Duty) -> Breach | None:
    """The H3 or H4 breach of duties a then b (``a.sort_key <= b.sort_key``), if any."""
    rest = b.door_start - a.door_end
    travel = a.travel_out + b.travel_in
    ids = roster_ids([a, b])
    if rest < 0:
        overlap = min(a.door_end, b.door_end) - max(a.door_start, b.door_start)
        tail = f"by {hm(overlap)} door to door (including {hm(travel)} travel)"
        message = f"H3: shift {a.shift_id} and shift {b.shift_id} overlap {tail}"
        v = violation("H3", staff_id, ids, message, overlap_minutes=overlap, travel_minutes=travel)
        return Breach(
            v,
            PART_OVERLAP,
            overlap,
            {
                a.shift_id: f"H3: overlaps shift {b.shift_id} {tail}",
                b.shift_id: f"H3: overlaps shift {a.shift_id} {tail}",
            },
        )
    if min_rest is not None and rest < min_rest:
        tail = f"including {hm(travel)} travel ({hm(min_rest)} required)"
        message = f"H4: only {hm(rest)} rest between shift {a.shift_id} and shift {b.shift_id} {tail}"
        v = violation(
            "H4",
            staff_id,
            ids,
            message,
            rest_minutes=rest,
            min_rest_minutes=min_rest,
            travel_minutes=travel,
            gap_minutes=b.info.start - a.info.end,
        )
        return Breach(
            v,
            PART_REST,
            min_rest - rest,
            {
                a.shift_id: f"H4: only {hm(rest)} rest before shift {b.shift_id} {tail}",
                b.shift_id: f"H4: only {hm(rest)} rest after shift {a.shift_id} {tail}",
            },
        )
    return None
