"""Ejection chains: the smallest re-plans of one job, found by enumeration in milliseconds.

A person who cannot take the job as is may be *freed* by leaving one or two of their
non-pinned duties inside the re-plan window (the minimal such sets are enumerated with
the incremental checker). Each duty left is dropped when its requirement stays covered
to its minimum headcount without them (1 change), else *taken over* by someone: as is
(2 changes), or after freeing them the same way, one level deeper (an ejection chain).
People are tried in order of a cheap lower bound (branch and bound), at both levels, so
most are never looked at. The job's heads are filled at the fewest changes, then the
least approximate objective (a matching over as-is and freed people, whose ways may not
share anyone); the merged roster is checked by the independent validator for everyone
it touches, and people it rejects are left out of the next try.

Lower bounds follow the same recursion with "at least" costs: a duty nobody can take as
is costs at least 3 (someone takes it and leaves something), a person with no small
release at least the cost of leaving three duties, a person not tried their cheap bound.
When the plan found meets the bound it is the smallest in the window
(``ChainResult.proved``) and no CP-SAT search is needed. Adding duties can help only "at
least" rules (minimum consecutive days or days off); when a competent person has one,
nothing is claimed proved.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ..model import Assignment
from .evaluator import Evaluator, Option
from .matching import min_cost_fill
from .plans import PlanChecker
from .state import Held, PersonState, Slot

PAIR_DUTIES = 6  # duties nearest the target tried in pairs
COVER_DEPTH = 4  # people confirmed per duty to take it over as is
DEPTH = 2  # freeing levels: the job's taker, then who takes over their duties
ATTEMPTS = 6  # fills tried when the validator rejects one
REFILLS = 20  # fills tried when takers' ways share people
BIG = 1 << 40  # one changed assignment outweighs any objective difference
NONE = 1 << 20  # "no way" in change counts


@dataclass(frozen=True)
class Way:
    """A way for one person to take a target: changes made, approximate objective, and the
    assignments left and taken (the target itself not included)."""

    changes: int
    score: int
    drops: tuple[tuple[int, Held], ...] = ()
    adds: tuple[tuple[int, Held], ...] = ()
    people: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ChainResult:
    roster: tuple[Assignment, ...] | None  # the re-planned roster, jobs included
    changes: int
    proved: bool  # no plan with fewer changes exists in the window
    touched: frozenset[str] = frozenset()


class _Chains:
    def __init__(self, ev: Evaluator, job: Slot, window_minutes: int, deadline: float):
        self.ev, self.job, self.deadline = ev, job, deadline
        self.lo, self.hi = job.start - window_minutes, job.end + window_minutes
        self.count = Counter((a.shift_id, a.requirement_id) for a in ev.roster)
        self.usable = np.array([p.staff.id not in ev.invalid_staff for p in ev.people], np.bool_)
        self._covers: dict[tuple[str, str], list] = {}
        self._competent: dict[tuple[str, str], list[int]] = {}
        self._eligible: dict[str, list[np.ndarray]] = {}
        self._takers: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self._explored: dict[tuple[str, str], set[int]] = {}  # who was tried on a duty
        self._releases: dict[tuple[int, str], list[tuple[Held, ...]]] = {}
        self._bounds: dict[tuple, int] = {}
        self.banned: set[int] = set()  # people the validator rejected in an earlier fill
        self.covers_only: set[int] = set()  # people kept off the job to take a duty over

    # ------------------------------------------------------------------ building blocks
    def movable(self, person: PersonState, target: Slot) -> list[Held]:
        """Non-pinned duties inside the window, nearest the target first."""
        ev = self.ev
        out = [h for h in person.assignments if self.lo <= h.slot.start and h.slot.end <= self.hi
               and h.slot.id != target.id
               and Assignment(person.staff.id, h.slot.id, h.requirement_id) not in ev.pinned]
        return sorted(out, key=lambda h: min(abs(h.slot.start - target.end), abs(target.start - h.slot.end)))

    def releases(self, s: int, target: Slot) -> list[tuple[Held, ...]]:
        """Minimal sets of one or two duties whose leaving lets ``s`` take ``target``."""
        key = (s, target.id)
        if key not in self._releases:
            person = self.ev.people[s]
            duties = self.movable(person, target)
            found, out = [], []
            for size in (1, 2):
                pool = duties if size == 1 else duties[:PAIR_DUTIES]
                for drops in combinations(pool, size):
                    ids = {h.slot.id for h in drops}
                    if any(f <= ids for f in found):
                        continue
                    if self.ev.dynamic_breach(_without(self.ev, person, ids), target) is None:
                        found.append(ids)
                        out.append(drops)
            self._releases[key] = out
        return self._releases[key]

    def eligible(self, slot: Slot, k: int) -> np.ndarray:
        """Usable people meeting H1, H2 and H5 for requirement ``k`` of ``slot``."""
        if slot.id not in self._eligible:
            self._eligible[slot.id] = [e & self.usable for e in self.ev.static_eligible(slot)]
        return self._eligible[slot.id][k]

    def covers(self, h: Held) -> list[Option]:
        """Up to ``COVER_DEPTH`` people who can take duty ``h`` over as is (incremental
        checks; the plan is validated as a whole), least objective change first among
        those with no duty the day before, of, or after it, then among the others: the
        first few looked at usually pass, so most people are never checked."""
        key = (h.slot.id, h.requirement_id)
        if key not in self._covers:
            ev, k, requirement = self.ev, h.slot.shift.requirement_index(h.requirement_id), _requirement(h)
            day = h.slot.day
            ranked = sorted((any(d in ev.people[s].by_day for d in (day - 1, day, day + 1)),
                             ev.delta(ev.people[s], h.slot, requirement).total, s)
                            for s in np.flatnonzero(self.eligible(h.slot, k)).tolist())
            out = []
            for _, _, s in ranked:
                person = ev.people[s]
                if h.slot.id in person.shift_ids or ev.dynamic_breach(person, h.slot) is not None:
                    continue
                out.append(Option(s, k, ev.delta(person, h.slot, requirement), 0, ""))
                if len(out) >= COVER_DEPTH:
                    break
            self._covers[key] = out
        return self._covers[key]

    def competent(self, h: Held) -> list[int]:
        """Usable people holding the competencies for duty ``h`` (H1, H2, H5), not on it."""
        key = (h.slot.id, h.requirement_id)
        if key not in self._competent:
            k = h.slot.shift.requirement_index(h.requirement_id)
            self._competent[key] = [s for s in np.flatnonzero(self.eligible(h.slot, k)).tolist()
                                    if h.slot.id not in self.ev.people[s].shift_ids]
        return self._competent[key]

    def droppable(self, h: Held) -> bool:
        return self.count[(h.slot.id, h.requirement_id)] > _requirement(h).min_headcount

    # ------------------------------------------------------------------ best ways
    def free(self, s: int, target: Slot, requirement, depth: int, avoid: frozenset[int]) -> Way | None:
        """The cheapest way found for ``s`` to take ``target`` by leaving duties, with
        nobody in ``avoid`` taking anything over."""
        person, best = self.ev.people[s], None
        base = self.ev.delta(person, target, requirement)
        for drops in self.releases(s, target):
            way = Way(0, _without_s1(base) if target is not self.job else base.total, people=frozenset({s}))
            for h in drops:
                way = self._leave(way, s, h, depth, avoid)
                if way is None:
                    break
            if way is not None and (best is None or (way.changes, way.score) < (best.changes, best.score)):
                best = way
        return best

    def _leave(self, way: Way, s: int, h: Held, depth: int, avoid: frozenset[int]) -> Way | None:
        """``way`` extended by ``s`` leaving ``h``, and someone not in ``avoid`` taking it
        over if needed."""
        person = self.ev.people[s]
        way = Way(way.changes + 1, way.score - _without_s1(self.ev.delta(person, h.slot, _requirement(h))),
                  way.drops + ((s, h),), way.adds, way.people)
        if self.droppable(h):
            return way
        taken = way.people | avoid | self.banned
        q = next((o for o in self.covers(h) if o.staff not in taken), None)
        best = None
        if q is not None:
            best = Way(1, _without_s1(q.delta), (), ((q.staff, h),), frozenset({q.staff}))
        if depth > 1 and best is None:
            explored = self._explored.setdefault((h.slot.id, h.requirement_id), set())
            for r, least in self.takers(h):  # branch and bound, as for the job's takers
                if (best is not None and best.changes <= 1 + least) or time.monotonic() >= self.deadline:
                    break
                if r in taken:
                    continue
                explored.add(r)
                sub = self.free(r, h.slot, _requirement(h), depth - 1, taken)
                if sub is not None and (best is None or (sub.changes + 1, sub.score) < (best.changes, best.score)):
                    best = Way(sub.changes + 1, sub.score, sub.drops, sub.adds + ((r, h),), sub.people)
        if best is None:
            return None
        return Way(way.changes + best.changes, way.score + best.score, way.drops + best.drops,
                   way.adds + best.adds, way.people | best.people)

    # ------------------------------------------------------------------ lower bounds
    def bound_free(self, s: int, target: Slot, depth: int, cheap: bool = False) -> int:
        """At least this many changes let ``s`` take ``target`` (NONE: impossible here).
        ``cheap``: without looking for anyone to take duties over (1 per duty that can
        simply be dropped, 2 per other one)."""
        key = ("free", s, target.id, depth, cheap)
        if key not in self._bounds:
            self._bounds[key] = NONE  # guards against cycles
            duties = self.movable(self.ev.people[s], target)
            # Sets not enumerated (three duties, or pairs beyond the nearest) cost at least
            # 1 per droppable duty and 2 per other one.
            least = sorted(self.cheap_leave(h) for h in duties)
            best = sum(least[:3]) if len(least) >= 3 else NONE
            if len(least) > PAIR_DUTIES:
                best = min(best, sum(least[:2]))
            leave = self.cheap_leave if cheap else lambda h: self.bound_leave(h, depth)
            for drops in self.releases(s, target):
                best = min(best, sum(leave(h) for h in drops))
            self._bounds[key] = best
        return self._bounds[key]

    def cheap_leave(self, h: Held) -> int:
        return 1 if self.droppable(h) else 2

    def bound_leave(self, h: Held, depth: int) -> int:
        if self.droppable(h):
            return 1
        if self.covers(h):
            return 2
        if depth <= 1 or time.monotonic() >= self.deadline:
            return 3  # someone takes it over (1) and leaves something (at least 1)
        key = ("leave", h.slot.id, h.requirement_id, depth)
        if key not in self._bounds:
            self._bounds[key] = 3
            explored = self._explored.get((h.slot.id, h.requirement_id), set())
            below = min((self.bound_free(r, h.slot, depth - 1) if r in explored else least
                         for r, least in self.takers(h)), default=NONE)
            self._bounds[key] = 2 + below
        return self._bounds[key]

    def takers(self, h: Held) -> list[tuple[int, int]]:
        """Who could take duty ``h`` over after leaving something, with a trivial bound on
        what they must leave (1 or 2: their cheapest nearby duty; NONE: nothing nearby
        may move), most promising first."""
        key = (h.slot.id, h.requirement_id)
        if key not in self._takers:
            out = []
            for r in self.competent(h):
                duties = self.movable(self.ev.people[r], h.slot)
                least = min((self.cheap_leave(d) for d in duties), default=NONE)
                out.append((least, len(duties), r))
            self._takers[key] = [(r, least) for least, _, r in sorted(out) if least < NONE]
        return self._takers[key]

    def roster(self, takers: list[tuple[int, int]], ways: dict[int, Way]) -> tuple[Assignment, ...]:
        ev, job = self.ev, self.job
        drop, add = set(), []
        for s, k in takers:
            add.append(Assignment(ev.people[s].staff.id, job.id, job.shift.requirements[k].id))
            way = ways.get(s)
            for r, h in way.drops if way else ():
                drop.add(Assignment(ev.people[r].staff.id, h.slot.id, h.requirement_id))
            for r, h in way.adds if way else ():
                add.append(Assignment(ev.people[r].staff.id, h.slot.id, h.requirement_id))
        return tuple(a for a in ev.roster if a not in drop) + tuple(add)


def _disjoint(c: _Chains, job: Slot, takers, ways: dict) -> dict[int, Way] | None:
    """The chosen takers' ways, none using another taker or someone another way uses.
    None when a way had to be re-planned around the others, or, when it cannot be, the
    others it uses were kept off the job (``ways`` or ``c.covers_only`` updated: fill again)."""
    busy, chosen = {s for s, _ in takers}, {}
    for s, k in takers:
        way = ways.get((s, k))
        if way is None:
            continue
        clash = way.people & (busy - {s})
        if clash:
            other = c.free(s, job, job.shift.requirements[k], DEPTH, frozenset(busy - {s}))
            if other is None:
                c.covers_only |= clash  # they take duties over in this way instead of the job
            else:
                ways[(s, k)] = other
            return None
        chosen[s] = way
        busy |= way.people
    return chosen


def _replace(ways: dict, key, way: Way | None) -> None:
    if way is None:
        ways.pop(key, None)
    else:
        ways[key] = way


def _requirement(h: Held):
    shift = h.slot.shift
    return shift.requirements[shift.requirement_index(h.requirement_id)]


def _without(ev: Evaluator, person: PersonState, shift_ids: set[str]) -> PersonState:
    """The person's state with their duties on ``shift_ids`` left."""
    rest = [h for h in person.assignments if h.slot.id not in shift_ids]
    out = PersonState(person.index, person.staff, person.rules, person.home, rest, person.history, ev.calendar)
    out.breached_parts = person.breached_parts
    return out


def _without_s1(delta) -> int:
    return delta.total - delta.s1_uncovered


def _adding_may_help(person: PersonState) -> bool:
    r = person.rules
    return (r.min_consecutive_days or 0) > 1 or (r.min_consecutive_days_off or 0) > 1


def chain_replan(ev: Evaluator, job: Slot, as_is: list, window_hours: int, seconds: float = 0.5,
                 checker: PlanChecker | None = None) -> ChainResult:
    """The smallest re-plan of one job found by ejection chains within ``seconds``
    (``as_is``: the job's confirmed as-is options). ``roster`` is None when none is found."""
    checker = checker or PlanChecker(ev, [job])
    c = _Chains(ev, job, window_hours * 60, time.monotonic() + seconds)
    reqs = job.shift.requirements
    needs = [r.min_headcount for r in reqs]
    free_now = {o.staff for o in as_is}
    blocked = [(s, k) for k in range(len(reqs)) for s in np.flatnonzero(c.eligible(job, k)).tolist()
               if s not in free_now]
    exact = not any(_adding_may_help(ev.people[s]) for s, _ in blocked)
    # Branch and bound: people in order of their cheap bound; stop once every requirement
    # has enough people found at no more changes than anyone left could need.
    cheap = {key: c.bound_free(key[0], job, DEPTH, cheap=True) for key in blocked}
    ways: dict[tuple[int, int], Way] = {}
    queue = sorted((key for key in blocked if cheap[key] < NONE), key=lambda key: (cheap[key], key))
    position = [0]

    def explore() -> bool:
        """Try more people, in order, until every requirement has enough found at no more
        changes than anyone left could need; True if any way was added."""
        added = False
        while position[0] < len(queue) and time.monotonic() < c.deadline:
            key = queue[position[0]]
            off = c.banned | c.covers_only
            ready = [sum(1 for o in as_is if o.req == k and o.staff not in off)
                     + sum(1 for (s, j), w in ways.items() if j == k and s not in off and w.changes <= cheap[key])
                     for k in range(len(reqs))]
            if all(n >= sum(needs) for n, need in zip(ready, needs) if need):
                break
            position[0] += 1
            way = c.free(key[0], job, reqs[key[1]], DEPTH, frozenset())
            if way is not None:
                ways[key], added = way, True
        return added

    explore()
    bounds = [{o.staff: 0 for o in as_is if o.req == k} for k in range(len(reqs))]
    for s, k in blocked:
        bounds[k][s] = c.bound_free(s, job, DEPTH) if (s, k) in ways else cheap[(s, k)]
    floor = min_cost_fill(needs, bounds)
    least = sum(bounds[k][s] for k, people in enumerate(floor) for s in people) if floor else NONE
    index = {p.staff.id: i for i, p in enumerate(ev.people)}
    tries = refills = 0
    while tries < ATTEMPTS and refills < REFILLS:
        off = c.banned | c.covers_only
        costs = [{o.staff: o.delta.total for o in as_is if o.req == k and o.staff not in off}
                 for k in range(len(reqs))]
        for (s, k), way in ways.items():
            if s not in off:
                costs[k][s] = way.changes * BIG + way.score
        fill = min_cost_fill(needs, costs)
        if fill is None:
            if explore():
                continue
            return ChainResult(None, 0, False)
        takers = [(s, k) for k, people in enumerate(fill) for s in people]
        chosen = _disjoint(c, job, takers, ways)
        if chosen is None:  # a way re-planned around the other takers: fill again
            refills += 1
            continue
        roster = c.roster(takers, chosen)
        touched = {a.staff_id for a in set(roster) ^ set(ev.roster)}
        bad = checker.breaches(roster, touched)
        if not bad:
            changes = sum(w.changes for w in chosen.values())
            return ChainResult(roster, changes, exact and changes <= least, frozenset(touched))
        tries += 1
        c.banned |= {index[v.staff_id] for v in bad if v.staff_id in index}
        for key, way in list(ways.items()):  # re-plan the ways that used someone banned
            if key[0] not in c.banned and way.people & c.banned:
                _replace(ways, key, c.free(key[0], job, reqs[key[1]], DEPTH, frozenset()))
    return ChainResult(None, 0, False)
