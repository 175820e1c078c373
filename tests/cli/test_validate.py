"""safeshift validate: violations by rule, exit codes, problem and roster file shapes."""

from __future__ import annotations

from cli_scenarios import scenario, shift
from safeshift.api.json_io import load_message
from safeshift.v1 import roster_pb2 as pb

LATE_THEN_EARLY = [shift("l2", 2, 14, 22, "Late"), shift("e3", 3, 6, 14, "Early"), shift("e4", 4, 6, 14, "Early")]


def _roster(*pairs) -> dict:
    return {"assignments": [{"staffId": s, "shiftId": t} for s, t in pairs]}


def test_short_rest_is_h4_with_its_numbers(run, write_json):
    """Late 14-22 then Early 06-14 leaves 8 h rest: exit 1, H4 with staff, shifts and numbers."""
    problem = write_json("problem.json", scenario(LATE_THEN_EARLY))
    roster = write_json("roster.json", _roster(("a", "l2"), ("a", "e3"), ("b", "e4")))
    code, out, err = run("validate", problem, roster)
    assert (code, err) == (1, "")
    assert out.startswith("Roster INVALID: 1 violation (H4 1)\n")
    assert "\nH4 Minimum rest, door to door (1)\n  Alice (a) shifts l2, e3: only 8 h 00 min rest" in out
    assert "min_rest_minutes=720, rest_minutes=480" in out
    assert "Objective: 320 = S1 uncovered 0 + S2 over-cover 0 + S3 preferences 0 + S4 cost 320" in out
    assert "KPIs: coverage 100.0% (3 of 3 people required), total cost 320" in out


def test_valid_roster_from_a_saved_response_exits_zero(run, write_json):
    """A saved SolveResponse (extra keys besides "assignments") against a bare Problem: exit 0."""
    saved = {"status": "FEASIBLE", "objective": "400", **_roster(("b", "l2"), ("a", "e3"), ("a", "e4"))}
    problem = write_json("bare.json", scenario(LATE_THEN_EARLY)["problem"])
    code, out, _ = run("validate", problem, write_json("saved.json", saved))
    assert code == 0
    assert out.startswith("Roster valid: no hard-rule violations\n")


def test_json_output_is_a_validate_response(run, write_json):
    """--json prints the ValidateRosterResponse in canonical JSON."""
    problem = write_json("problem.json", scenario(LATE_THEN_EARLY))
    roster = write_json("roster.json", _roster(("a", "l2"), ("a", "e3")))
    code, out, _ = run("validate", problem, roster, "--json")
    response = load_message(out, pb.ValidateRosterResponse)
    assert code == 1 and not response.valid
    assert [(v.rule, v.staff_id, list(v.shift_ids)) for v in response.violations] == [("H4", "a", ["l2", "e3"])]
    assert response.violations[0].values["rest_minutes"] == 480


def test_unknown_shift_in_roster_is_bad_input(run, write_json):
    """A roster naming a shift the problem lacks: exit 2 with the assignment's field path."""
    problem = write_json("problem.json", scenario(LATE_THEN_EARLY))
    code, out, err = run("validate", problem, write_json("roster.json", _roster(("a", "zz"))))
    assert (code, out) == (2, "")
    assert err.startswith("assignments[0].shift_id: ")
    assert err.rstrip().endswith("(UNKNOWN_REFERENCE)")


def test_bare_problem_errors_are_named_as_in_that_file(run, write_json):
    """For a bare Problem file the field paths have no ``problem.`` prefix."""
    bad = scenario(LATE_THEN_EARLY)["problem"]
    bad["shifts"][0]["end"] = bad["shifts"][0]["start"]
    code, _, err = run("validate", write_json("bare.json", bad), write_json("r.json", _roster()))
    assert code == 2
    assert err.startswith("shifts[0].end: ") and "END_NOT_AFTER_START" in err


def test_neither_request_nor_problem_is_bad_input(run, write_json):
    """A problem file with keys of neither shape names the unknown keys."""
    code, _, err = run("validate", write_json("p.json", {"staf": []}), write_json("r.json", _roster()))
    assert code == 2
    assert err.strip() == 'staf: neither a Problem field nor "problem" of a SolveRequest (UNKNOWN_FIELD)'


def test_roster_file_without_assignments_is_bad_input(run, write_json):
    """Passing the problem as the roster is caught, not read as an empty roster."""
    problem = write_json("problem.json", scenario(LATE_THEN_EARLY))
    code, out, err = run("validate", problem, problem)
    assert (code, out) == (2, "")
    assert err == f'{problem}: assignments: expected a JSON object with an "assignments" array (MISSING_FIELD)\n'
