"""What a what-if evaluation answers (docs/whatif.md): per job a decision, the ranked
staff who could take it as the roster stands, the smallest re-plan found, or why not.

Plain immutable values; the API converts them to ``EvaluateJobsResponse``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Mapping

from ..model import Assignment
from ..result import Exclusion, ObjectiveBreakdown


class Decision(enum.Enum):
    ACCEPTABLE_AS_IS = "ACCEPTABLE_AS_IS"  # staff can take it without touching anyone else
    ACCEPTABLE_WITH_CHANGES = "ACCEPTABLE_WITH_CHANGES"  # after the re-plan in ``moves``
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"  # no way found; ``exclusions`` say why per person


@dataclass(frozen=True)
class Candidate:
    """One person who can fill one requirement of the job as the roster stands.

    ``objective_delta``: the change of S1..S4 if they alone are added (S1 falls by the
    requirement's weight_under). ``fatigue_margin_minutes``: minutes of slack to the
    nearest minute-valued limit (rest, duty length, door to door, total minutes), named
    by ``margin_rule``.
    """

    staff_id: str
    requirement_id: str
    rank: int
    objective_delta: ObjectiveBreakdown
    fatigue_margin_minutes: int
    margin_rule: str


@dataclass(frozen=True)
class Move:
    """One person's change: leaves ``from_shift_id`` (if any), takes ``to_shift_id`` (if any)."""

    staff_id: str
    from_shift_id: str = ""
    from_requirement_id: str = ""
    to_shift_id: str = ""
    to_requirement_id: str = ""
    message: str = ""


@dataclass(frozen=True)
class CompetencySummary:
    """Staff left out of the exclusions because they lack a needed competency outright."""

    staff: int = 0
    missing: Mapping[str, int] = field(default_factory=dict)  # competency -> staff lacking it


@dataclass(frozen=True)
class Plan:
    """A way to accept jobs: who takes them, what else moves, and what it costs."""

    assignments: tuple[Assignment, ...]  # the jobs' assignments
    moves: tuple[Move, ...] = ()
    changed_assignments: int = 0  # existing assignments removed plus added
    objective_delta: ObjectiveBreakdown = field(default_factory=ObjectiveBreakdown)
    roster: tuple[Assignment, ...] = ()  # the whole resulting roster


@dataclass(frozen=True)
class JobEvaluation:
    job_id: str
    decision: Decision
    candidates: tuple[Candidate, ...] = ()
    plan: Plan | None = None  # as is: the best matching; with changes: the re-plan
    exclusions: tuple[Exclusion, ...] = ()  # NOT_ACCEPTABLE: per competent person
    lacking: CompetencySummary = field(default_factory=CompetencySummary)
    message: str = ""


@dataclass(frozen=True)
class BundleEvaluation:
    job_ids: tuple[str, ...]
    decision: Decision
    plan: Plan | None = None
    message: str = ""


@dataclass(frozen=True)
class WhatIfResult:
    evaluations: tuple[JobEvaluation, ...]
    bundle: BundleEvaluation | None = None
    baseline_violations: int = 0  # hard-rule violations already in the given roster


@dataclass(frozen=True)
class WhatIfOptions:
    top_n: int = 5
    time_limit_seconds: float = 2.0  # budget for the with-changes re-plans of one request
    bundle: bool = False
    window_hours: int = 48  # re-plan neighbourhood: duties this close to a job may move
    max_free_staff: int = 40  # at most this many people are re-planned at once
    workers: int = 1  # CP-SAT workers of a re-plan (1: reproducible answers)
