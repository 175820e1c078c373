"""roster_grid: staff x local-day cells, wrapped into blocks of days."""

from __future__ import annotations

from google.protobuf import json_format

from safeshift.cli.grid import category_codes, roster_grid
from safeshift.v1 import roster_pb2 as pb


def _problem(shifts, staff=(("a", "Alice"), ("b", ""))) -> pb.Problem:
    return json_format.ParseDict(
        {
            "timezone": "Europe/London",
            "staff": [{"id": i, "name": n} for i, n in staff],
            "shifts": [{"id": i, "start": s, "end": e, "category": c} for i, s, e, c in shifts],
        },
        pb.Problem(),
    )


def _roster(*pairs) -> list[pb.Assignment]:
    return [pb.Assignment(staff_id=s, shift_id=t) for s, t in pairs]


THREE_DAYS = [
    ("e2", "2026-03-02T07:00:00Z", "2026-03-02T15:00:00Z", "Early"),
    ("l3", "2026-03-03T14:00:00Z", "2026-03-03T22:00:00Z", "Late"),
    ("n4", "2026-03-04T22:00:00Z", "2026-03-05T06:00:00Z", "Night"),
]


def test_two_staff_three_days_exact_text():
    """Two staff x three days: weekday and date headers, names, category codes and their
    legend, dots for days off."""
    text = roster_grid(_problem(THREE_DAYS), _roster(("a", "e2"), ("b", "l3"), ("a", "n4")))
    assert text == "\n".join(
        [
            "2026-03-02 .. 2026-03-04",
            "           Mo Tu We",
            "           02 03 04",
            "Alice (a)  E  .  N",
            "b          .  L  .",
            "Cells: E Early, L Late, N Night; . off",
        ]
    )


def test_category_codes_are_shortest_free_prefixes():
    """Early -> E, Evening -> Ev, one-letter categories stay; no legend entry for those."""
    assert category_codes(["Early", "Evening", "D", "Early", "Eve"]) == {
        "Early": "E", "Evening": "Ev", "D": "D", "Eve": "Eve"}
    assert category_codes(["Ab", "A", "Ab2"]) == {"Ab": "A", "A": "?1", "Ab2": "Ab"}


def test_day_is_the_local_date_of_the_start():
    """23:30 UTC in London summer time is 00:30 the next local day."""
    shifts = [
        ("x", "2026-07-01T08:00:00Z", "2026-07-01T16:00:00Z", "D"),
        ("y", "2026-07-01T23:30:00Z", "2026-07-02T07:30:00Z", "N"),
    ]
    text = roster_grid(_problem(shifts), _roster(("a", "y")))
    assert text.splitlines()[2].split() == ["01", "02"]
    assert text.splitlines()[3].split() == ["Alice", "(a)", ".", "N"]


def test_long_horizon_wraps_into_blocks_of_fourteen_days():
    """28 days print as two blocks of 14 columns, each headed by its dates."""
    shifts = [
        (f"s{d}", f"2026-03-{d:02d}T08:00:00Z", f"2026-03-{d:02d}T16:00:00Z", "D") for d in range(2, 30)
    ]
    text = roster_grid(_problem(shifts), _roster(*(("a", f"s{d}") for d in range(2, 30, 2))))
    blocks = text.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == ["2026-03-02 .. 2026-03-15", "2026-03-16 .. 2026-03-29"]
    assert all(len(b.splitlines()[1].split()) == 14 for b in blocks)
    assert blocks[1].splitlines()[3].split()[2:] == ["D", "."] * 7


def test_two_duties_in_a_day_and_unknown_staff():
    """Two duties on one day share a cell; a person missing from the problem gets a row."""
    shifts = [
        ("e", "2026-03-02T06:00:00Z", "2026-03-02T10:00:00Z", "E"),
        ("l", "2026-03-02T15:00:00Z", "2026-03-02T19:00:00Z", ""),
    ]
    text = roster_grid(_problem(shifts), _roster(("a", "l"), ("a", "e"), ("zed", "e")))
    rows = text.splitlines()[3:]
    assert rows[0].split()[-1] == "E+l"
    assert rows[2].split() == ["zed", "E"]


def test_short_row_counts_missing_people_per_day():
    """With uncovered demand, a ``short`` row counts the missing people per day."""
    uncovered = [pb.UncoveredDemand(shift_id="l3", requirement_id="r", missing=2)]
    text = roster_grid(_problem(THREE_DAYS), [], uncovered)
    assert text.splitlines()[-2].split() == ["short", ".", "2", "."]
