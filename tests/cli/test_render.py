"""Report sections: objective breakdown, violations by rule, uncovered demand, statistics."""

from __future__ import annotations

from google.protobuf import json_format

from safeshift.cli.render import (
    MAX_EXCLUSIONS,
    MAX_UNCOVERED,
    breakdown_text,
    render_solve,
    statistics_text,
    uncovered_text,
    violations_text,
)
from safeshift.v1 import roster_pb2 as pb

PROBLEM = json_format.ParseDict(
    {
        "timezone": "Europe/London",
        "staff": [{"id": f"p{i}"} for i in range(9)],
        "shifts": [
            {"id": f"s{d}", "start": f"2026-03-{d:02d}T07:00:00Z", "end": f"2026-03-{d:02d}T15:00:00Z",
             "category": "Early"}
            for d in range(1, 30)
        ],
    },
    pb.Problem(),
)


def test_breakdown_shows_s1_to_s4_and_used_later_goals():
    """S1..S4 always, S5..S7 only when not zero."""
    b = pb.ObjectiveBreakdown(s1_uncovered=100, s4_cost=20, s6_stability=3, total=123)
    assert breakdown_text(b) == "S1 uncovered 100 + S2 over-cover 0 + S3 preferences 0 + S4 cost 20 + S6 stability 3"


def test_violations_grouped_by_rule_in_numeric_order():
    """H2 before H10; each line names staff, shifts, the message without its code, numbers sorted."""
    violations = [
        pb.Violation(rule="H10", staff_id="p1", shift_ids=["s1", "s2"], message="H10: two duties",
                     values={"b": 2, "a": 1}),
        pb.Violation(rule="H2", staff_id="p0", shift_ids=["s3"], message="on leave"),
        pb.Violation(rule="H10", staff_id="zz", message="too many weekends"),
    ]
    assert violations_text(violations, PROBLEM) == "\n".join(
        [
            "H2 Availability (1)",
            "  p0 shifts s3: on leave",
            "H10 Daily and category limits (2)",
            "  p1 shifts s1, s2: two duties  [a=1, b=2]",
            "  zz: too many weekends",
        ]
    )


def test_uncovered_lists_are_truncated_with_counts():
    """Past the limits, requirements and exclusions end in "... and N more"."""
    exclusions = [pb.Exclusion(staff_id=f"p{i}", rule="H1", message=f"H1: lacks X{i}") for i in range(8)]
    uncovered = [pb.UncoveredDemand(shift_id=f"s{d}", requirement_id="r", missing=1, exclusions=exclusions)
                 for d in range(29, 0, -1)]
    lines = uncovered_text(uncovered, PROBLEM).splitlines()
    assert lines[0] == "Uncovered demand: 29 requirements, 29 people short"
    assert lines[1] == "  Sun 2026-03-01 07:00-15:00 Early (shift s1), requirement r: 1 short"  # earliest first
    assert lines[2] == "      p0  H1  lacks X0"
    assert lines[2 + MAX_EXCLUSIONS] == f"      ... and {8 - MAX_EXCLUSIONS} more excluded"
    assert lines[3 + MAX_EXCLUSIONS].endswith(": p8")  # the one candidate not excluded
    assert lines[-1] == f"  ... and {29 - MAX_UNCOVERED} more uncovered requirements"


def test_unexplained_uncovered_demand_says_so():
    """A requirement past the explanation budget says its candidates were not checked
    (not that everyone is eligible)."""
    uncovered = [pb.UncoveredDemand(shift_id="s1", requirement_id="r", missing=1, exclusions_omitted=True)]
    lines = uncovered_text(uncovered, PROBLEM).splitlines()
    assert lines[2] == "      (candidates not checked: the report's budget of explanations was spent)"
    assert len(lines) == 3


def test_statistics_line():
    """Wall time, first solution, counts and why the search stopped."""
    stats = pb.SolveStatistics(wall_seconds=3.456, first_solution_seconds=0.5, solutions=1, variables=10,
                               constraints=2, stopped_by="time_limit")
    assert statistics_text(stats) == (
        "Statistics: 3.46 s wall, first solution after 0.50 s, 1 solution, 10 variables, 2 constraints,"
        " stopped by the time limit"
    )


def test_no_roster_has_no_grid():
    """NO_SOLUTION_IN_TIME: status, message, no objective, no grid."""
    response = pb.SolveResponse(status=pb.NO_SOLUTION_IN_TIME, message="no roster was found within the time limit",
                                statistics=pb.SolveStatistics(stopped_by="time_limit"))
    text = render_solve(response, PROBLEM)
    assert text.startswith("Status: NO_SOLUTION_IN_TIME (stopped by the time limit)\n"
                           "Message: no roster was found within the time limit\nObjective: none (no roster)\n")
    assert "Roster (" not in text


def test_gap_from_objective_and_bound():
    """The best bound line carries the relative gap."""
    response = pb.SolveResponse(status=pb.FEASIBLE, objective=200, best_bound=150.0)
    assert "\nBest bound: 150 (gap 25.00%)\n" in render_solve(response, PROBLEM)
