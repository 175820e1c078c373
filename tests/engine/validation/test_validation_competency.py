"""H1 Competency."""

from safeshift.engine.model import CompetencyGrant
from safeshift.engine.result import Violation
from safeshift.engine.validation import validate_roster


def _h1(build, grants):
    p = build.problem(
        [build.staff("ann", competencies=grants)],
        [build.shift("s1", day=7, hour=8, minutes=480, competencies=("PTS",))],
        competencies=("PTS",),
    )
    return [v for v in validate_roster(p, build.assign("ann:s1")).violations if v.rule == "H1"]


def test_lacking_competency_is_reported(build):
    """A person with no grant of the competency breaks H1."""
    assert _h1(build, ()) == [Violation("H1", "ann", ("s1",), "H1: lacks competency PTS", {})]


def test_grant_expiring_mid_shift_does_not_count(build):
    """A grant that expires one minute before the shift ends breaks H1, with the expiry time."""
    grant = CompetencyGrant("PTS", valid_until=build.at(7, 15, 59))
    assert _h1(build, (grant,)) == [
        Violation(
            "H1",
            "ann",
            ("s1",),
            "H1: competency PTS expires 2026-03-09 15:59 (Europe/London), before the shift ends",
            {"uncovered_minutes": 1},
        )
    ]


def test_grant_expiring_exactly_at_shift_end_counts(build):
    """valid_until == end is allowed."""
    assert _h1(build, (CompetencyGrant("PTS", valid_until=build.at(7, 16)),)) == []


def test_grant_starting_after_shift_start_does_not_count(build):
    """A grant valid from one hour into the shift breaks H1; from the start exactly is fine."""
    late = CompetencyGrant("PTS", valid_from=build.at(7, 9))
    assert _h1(build, (late,))[0].message == (
        "H1: competency PTS is valid only from 2026-03-09 09:00 (Europe/London), after the shift starts"
    )
    assert _h1(build, (late,))[0].values == {"uncovered_minutes": 60}
    assert _h1(build, (CompetencyGrant("PTS", valid_from=build.at(7, 8)),)) == []


def test_any_one_valid_grant_is_enough(build):
    """An expired grant next to a valid one does not break H1."""
    grants = (CompetencyGrant("PTS", valid_until=build.at(1)), CompetencyGrant("PTS", valid_from=build.at(5)))
    assert _h1(build, grants) == []


def test_every_missing_competency_is_reported(build):
    """Each competency the requirement lists and the person lacks is its own violation."""
    p = build.problem(
        [build.staff("ann", competencies=("B",))],
        [build.shift("s1", competencies=("A", "B", "C"))],
    )
    messages = [v.message for v in validate_roster(p, build.assign("ann:s1")).violations]
    assert messages == ["H1: lacks competency A", "H1: lacks competency C"]
