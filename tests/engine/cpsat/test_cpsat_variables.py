"""The typed variable holders: which variables exist, derived literals, the roster warm start."""

from __future__ import annotations

from cpsat_builders import day, person, problem, shift

from safeshift.engine.cpsat import build_model
from safeshift.engine.model import Assignment, Preference, Requirement


def test_variables_only_for_eligible_triples():
    """No x for a requirement the person lacks a competency for, or a category capped at 0."""
    reqs = (Requirement("plain", ()), Requirement("als", ("ALS",)))
    p = problem(
        [person("A", category_max={"N": 0})],
        [shift("d", 0, reqs=reqs, cat="D"), shift("n", 1, 20, cat="N")],
        competency_ids=("ALS",),
    )
    v = build_model(p).variables
    assert list(v.x) == [(0, 0)]  # A may only fill "plain" of shift d
    assert v.y[0, 0] is v.x[0, 0]  # one requirement: y is that x


def test_pinned_triples_get_a_variable():
    """A pinned assignment has a variable even when eligibility would exclude it."""
    p = problem([person("A", category_max={"N": 0})], [shift("n", 0, cat="N")], pinned=(Assignment("A", "n", "r"),))
    v = build_model(p).variables
    assert v.pinned == {(0, 0)} and (0, 0) in v.x


def test_shift_with_two_requirements_has_its_own_y():
    """y is a separate literal when a person may fill two requirements of one shift."""
    reqs = (Requirement("a", ()), Requirement("b", ()))
    v = build_model(problem([person("A")], [shift("s", reqs=reqs)])).variables
    assert set(v.x) == {(0, 0), (0, 1)}
    assert v.y[0, 0] is not v.x[0, 0] and v.y[0, 0] is not v.x[0, 1]


def test_derived_literals_are_cached_and_none_when_impossible():
    """worked() returns one literal per (person, day), and None on a day without shifts."""
    p = problem([person("A")], [shift("a", 0, 6, 240), shift("b", 0, 14, 240)], days=3)
    v = build_model(p).variables
    assert v.worked(0, 0) is v.worked(0, 0)
    assert v.worked(0, 0) is not v.y[0, 0] and v.worked(0, 0) is not v.y[0, 1]
    assert v.worked(0, 1) is None
    assert v.works_category(0, 0, 0) is not None and v.works_category(0, 1, 0) is None


def test_hint_sets_every_literal_to_the_roster():
    """add_hint gives x, y and derived literals the values of the hinted roster."""
    reqs = (Requirement("a", ()), Requirement("b", ()))
    p = problem(
        [person("A")],
        [shift("s", 0, reqs=reqs), shift("t", 1), shift("u", 2)],
        preferences=(Preference("A", True, 1, date=day(0)),),
    )
    roster = [Assignment("A", "s", "b"), Assignment("A", "u", "r")]
    built = build_model(p, hint=roster)
    v = built.variables
    hints = dict(zip(built.model.proto.solution_hint.vars, built.model.proto.solution_hint.values))
    assert {key: hints[var.index] for key, var in v.x.items()} == {(0, 0): 0, (0, 1): 1, (0, 2): 0, (0, 3): 1}
    assert hints[v.y[0, 0].index] == 1 and hints[v.y[0, 1].index] == 0
    assert hints[v.worked(0, 0).index] == 1
