"""The construction keeps to its deadline: behind schedule it searches each group with one
worker and no presolve, a group without a roster in time restarts with another seed, and
its rosters stay valid; the sub-model's cover terms are exact
whether linear in the assignments or not."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from cpsat_builders import person, problem, shift

from safeshift.engine.feasibility import compute_feasibility
from safeshift.engine.importers.curtois import load_curtois
from safeshift.engine.search import construct, to_assignments
from safeshift.engine.search.construct import (
    GROUP_SECONDS,
    PACE_GROUPS,
    PACE_MARGIN,
    RESTART_MIN_SECONDS,
    RESTART_TYPICAL,
    behind_schedule,
    group_attempts,
)
from safeshift.engine.search.submodel import SubSolve, _Stopper
from safeshift.engine.validation import validate_roster

CURTOIS = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "curtois"
construct_module = sys.modules["safeshift.engine.search.construct"]


def test_not_behind_before_enough_groups_were_timed():
    assert not behind_schedule([10.0] * (PACE_GROUPS - 1), 0.1)


def test_behind_when_the_recent_groups_took_longer_than_the_share_allows():
    share = 1.0
    assert behind_schedule([PACE_MARGIN * share + 0.01] * PACE_GROUPS, share)
    assert not behind_schedule([PACE_MARGIN * share - 0.01] * PACE_GROUPS, share)


def test_only_the_most_recent_groups_set_the_pace():
    slow_then_fast = [5.0] * PACE_GROUPS + [0.1] * PACE_GROUPS
    assert not behind_schedule(slow_then_fast, 0.5)
    assert behind_schedule(slow_then_fast[::-1], 0.5)


def test_the_pace_is_judged_on_the_time_left_per_group_not_the_capped_share(monkeypatch):
    """With time to spare a group may use its whole share (``GROUP_SECONDS``), so that
    cap is not the yardstick: Curtois 20 went light on 12 of 20 groups when it was."""
    seen = []
    monkeypatch.setattr(construct_module, "behind_schedule", lambda full, per_group: seen.append(per_group) or False)
    p = load_curtois(CURTOIS / "Instance2.txt")
    assert construct(p, compute_feasibility(p), time.monotonic() + 30.0) is not None
    assert seen and min(seen) > 10 * GROUP_SECONDS


def test_behind_schedule_every_group_gets_the_light_search_and_the_roster_is_valid(monkeypatch):
    """Instance2 with ``behind_schedule`` forced: each group's CP-SAT runs one worker without
    presolve, and the roster passes the validator."""
    seen, real_solve = [], _Stopper.solve

    def recording_solve(self, model):
        params = self.solver.parameters
        seen.append((params.num_workers, params.cp_model_presolve))
        return real_solve(self, model)

    monkeypatch.setattr(construct_module, "behind_schedule", lambda full, share: True)
    monkeypatch.setattr(_Stopper, "solve", recording_solve)
    p = load_curtois(CURTOIS / "Instance2.txt")
    pairs = construct(p, compute_feasibility(p), time.monotonic() + 10.0, workers=4)
    assert pairs is not None and validate_roster(p, to_assignments(p, pairs)).valid
    assert seen and set(seen) == {(1, False)}


def test_on_schedule_groups_keep_the_configured_workers(monkeypatch):
    seen, real_solve = [], _Stopper.solve

    def recording_solve(self, model):
        seen.append(self.solver.parameters.num_workers)
        return real_solve(self, model)

    monkeypatch.setattr(construct_module, "behind_schedule", lambda full, share: False)
    monkeypatch.setattr(_Stopper, "solve", recording_solve)
    p = load_curtois(CURTOIS / "Instance1.txt")
    assert construct(p, compute_feasibility(p), time.monotonic() + 10.0, workers=3) is not None
    assert seen and set(seen) == {3}


@pytest.mark.parametrize(
    ("fixed", "expected"),
    [
        # nobody fixed: A and B may both work the shift (need 1, max 1), both terms are variables
        (set(), {frozenset(): 50, frozenset({0}): 0, frozenset({0, 1}): 7}),
        # C fixed on it: the shortfall is gone and the excess is linear (7 per person added)
        ({(2, 0)}, {frozenset(): 0, frozenset({0}): 7, frozenset({0, 1}): 14}),
    ],
)
def test_sub_model_cover_terms_are_exact_linear_or_not(fixed, expected):
    p = problem([person("A"), person("B"), person("C")], [shift("s", need=1, most=1, under=50, over=7)])
    sub = SubSolve(p, compute_feasibility(p), [0, 1], fixed)
    for chosen, value in expected.items():
        assert sub.value({(s, 0) for s in chosen}) == value
    chosen, value, optimal = sub.search(2.0, 1, 0, None)
    assert optimal and value == min(expected.values()) and len(chosen) == (0 if fixed else 1)


def test_group_attempts_start_at_a_multiple_of_a_typical_group_and_double():
    recent = [0.5] * (PACE_GROUPS - 1) + [30.0]  # the median, not one slow group
    limits = group_attempts(recent, 10.0)
    assert [next(limits) for _ in range(3)] == [RESTART_TYPICAL * 0.5, 2 * RESTART_TYPICAL * 0.5, 4 * RESTART_TYPICAL * 0.5]
    # Too few groups timed yet: the time left per group sets the first limit.
    assert next(group_attempts(recent[:2], 10.0)) == RESTART_TYPICAL * 10.0
    assert next(group_attempts([], 0.0)) == RESTART_MIN_SECONDS


def test_a_group_with_no_roster_in_its_attempt_restarts_with_another_seed(monkeypatch):
    """The first search of every group comes back empty-handed (as at a time-out of the
    heavy tail): each group searches again with the next seed and a longer limit, and the
    construction still returns a valid roster."""
    calls, real_search = [], SubSolve.search

    def flaky_search(self, seconds, workers, seed, *args, **kwargs):
        calls.append((id(self), seconds, seed))
        if sum(1 for c in calls if c[0] == id(self)) == 1:
            return None, None, False
        return real_search(self, seconds, workers, seed, *args, **kwargs)

    monkeypatch.setattr(SubSolve, "search", flaky_search)
    monkeypatch.setattr(construct_module, "RESTART_TYPICAL", 0.01)  # limits 1 s, 2 s, ...: below the deadline
    p = load_curtois(CURTOIS / "Instance1.txt")
    pairs = construct(p, compute_feasibility(p), time.monotonic() + 20.0, seed=7)
    assert pairs is not None and validate_roster(p, to_assignments(p, pairs)).valid
    by_group: dict[int, list] = {}
    for group, seconds, seed in calls:
        by_group.setdefault(group, []).append((seconds, seed))
    assert by_group and all(len(tries) == 2 for tries in by_group.values())
    for (first, seed0), (second, seed1) in by_group.values():
        assert (seed0, seed1) == (7, 8) and second > first


def test_a_group_proved_infeasible_does_not_restart():
    """Ann must work 1,000 minutes but the only shift is 480: her group is proved
    infeasible, so the construction gives up at once instead of restarting to the deadline."""
    p = problem([person("Ann", min_total_minutes=1000)], [shift("s", need=1)])
    started = time.monotonic()
    assert construct(p, compute_feasibility(p), started + 30.0) is None
    assert time.monotonic() - started < 10.0


def test_a_sub_model_searched_again_from_a_start_still_finds_its_roster():
    """A restart hints the start again: the old hint is replaced, not doubled (CP-SAT
    rejects a hint naming a variable twice as an invalid model)."""
    p = problem([person("A"), person("B")], [shift("s", need=1)])
    sub = SubSolve(p, compute_feasibility(p), [0, 1], set())
    for seed in (0, 1):
        chosen, value, optimal = sub.search(2.0, 1, seed, None, start={(0, 0)})
        assert optimal and value == 0 and len(chosen) == 1
    assert sub.built.model.validate() == ""
