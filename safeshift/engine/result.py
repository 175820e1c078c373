"""What the engine answers: solve results, violations, objective breakdowns, KPIs.

Plain immutable values shared by the solver, the validator, the what-if evaluator and
the API conversion. Numbers a user sees are recomputed from the roster by the validator.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Mapping

from .model import Assignment


class SolveStatus(enum.Enum):
    OPTIMAL = "OPTIMAL"  # proved optimal
    FEASIBLE = "FEASIBLE"  # a roster, not proved optimal (time limit, deadline or cancel)
    INFEASIBLE = "INFEASIBLE"  # no roster satisfies the hard rules (e.g. pins break a rule)
    NO_SOLUTION_IN_TIME = "NO_SOLUTION_IN_TIME"  # stopped before any roster was found
    INVALID = "INVALID"  # the model was rejected (input errors raise InvalidProblemError instead)


DEFAULT_WORKERS = 8  # CP-SAT's portfolio (LNS, feasibility jump, ...) needs about 8 workers


@dataclass(frozen=True)
class SolveParams:
    """Search settings; every request may set them."""

    time_limit_seconds: float = 30.0
    workers: int = 0  # 0: the engine chooses (``solver._set_workers``: 4 or 8 or one per core)
    seed: int = 0
    log_search: bool = False
    # "off": one CP-SAT model of the whole problem; "hint": a first roster built group of
    # people by group of people (engine.search), then the whole model from it; "lns": that
    # roster, then large-neighbourhood search over staff subsets (needs S5 off, else
    # "hint"). "auto": "off" for small problems, short limits or S5, else "lns"
    # (thresholds in solver.py).
    decomposition: str = "auto"
    # With "lns": "auto" runs column generation (engine.search.columns) between the
    # construction and LNS where its pricing is fast enough: a proved lower bound
    # (``best_bound``; OPTIMAL when LNS reaches it) and a start near the LP optimum. "off": not.
    column_generation: str = "auto"


@dataclass(frozen=True)
class Progress:
    """One improving solution, as streamed to clients."""

    elapsed_seconds: float
    objective: float
    best_bound: float
    solutions: int
    # The roster of this solution, computed on demand (jobs save it to warm-start a restart).
    roster: Callable[[], tuple[Assignment, ...]] | None = field(default=None, compare=False, repr=False)

    @property
    def gap(self) -> float:
        """Relative gap (objective - bound) / max(1, |objective|)."""
        return abs(self.objective - self.best_bound) / max(1.0, abs(self.objective))


@dataclass(frozen=True)
class Violation:
    """A hard-rule breach: rule code (H1..H11, or S7 for the fatigue hard threshold), who,
    which shifts, a sentence and the numbers."""

    rule: str
    staff_id: str
    shift_ids: tuple[str, ...]
    message: str
    values: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectiveBreakdown:
    """The objective by soft goal (rules.md S1..S7), each already weighted."""

    s1_uncovered: int = 0
    s2_overcover: int = 0
    s3_preferences: int = 0
    s4_cost: int = 0
    s5_fairness: int = 0
    s6_stability: int = 0
    s7_fatigue: int = 0

    @property
    def total(self) -> int:
        return (
            self.s1_uncovered
            + self.s2_overcover
            + self.s3_preferences
            + self.s4_cost
            + self.s5_fairness
            + self.s6_stability
            + self.s7_fatigue
        )


@dataclass(frozen=True)
class Exclusion:
    """Why one staff member cannot fill a requirement: the first hard rule that stops them."""

    staff_id: str
    rule: str
    message: str
    values: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class UncoveredDemand:
    """A requirement left short (S1), with the reason for each candidate.

    ``explained`` is False when the report's budget of explanations was spent before
    this requirement (``validation.explain.MAX_EXPLANATIONS``): ``exclusions`` is then
    empty because nobody was checked, not because nobody is excluded."""

    shift_id: str
    requirement_id: str
    missing: int
    exclusions: tuple[Exclusion, ...] = ()
    explained: bool = True


@dataclass(frozen=True)
class StaffKpi:
    staff_id: str
    shifts: int
    worked_minutes: int
    travel_minutes: int
    cost: int


@dataclass(frozen=True)
class Kpis:
    """Recomputed from the roster: coverage, hours per person and cost."""

    required_headcount: int
    covered_headcount: int
    coverage_percent: float
    total_cost: int
    staff: tuple[StaffKpi, ...] = ()


@dataclass(frozen=True)
class DutyFatigue:
    """The fatigue model's verdict on one duty (docs/fatigue.md): scores are
    ``round(10 x (16 - lowest alertness))``; higher is more fatigued."""

    staff_id: str
    shift_id: str
    score: int  # roster score: the duty in its roster, after the duties before it
    planning_score: int  # the duty alone after the history: what S7 penalises
    min_alertness: float  # lowest predicted alertness during the duty (roster)


@dataclass(frozen=True)
class StaffFatigue:
    """One person's fatigue exposure over the roster (roster scores)."""

    staff_id: str
    duties: int
    max_score: int
    mean_score: float
    duties_above_soft_threshold: int
    soft_threshold: int | None = None


@dataclass(frozen=True)
class FatigueReport:
    duties: tuple[DutyFatigue, ...] = ()
    staff: tuple[StaffFatigue, ...] = ()


@dataclass(frozen=True)
class ValidationReport:
    """An independent check of a roster: every violation and the recomputed objective."""

    violations: tuple[Violation, ...]
    breakdown: ObjectiveBreakdown
    kpis: Kpis
    uncovered: tuple[UncoveredDemand, ...] = ()
    fatigue: FatigueReport = field(default_factory=FatigueReport)

    @property
    def valid(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class SolveStats:
    wall_seconds: float = 0.0
    first_solution_seconds: float | None = None
    solutions: int = 0
    variables: int = 0
    constraints: int = 0
    stopped_by: str = ""  # "", "time_limit", "cancelled"


@dataclass(frozen=True)
class SolveResult:
    """A solve's answer. Objective, breakdown, KPIs and uncovered demand come from the
    validator's recomputation of ``assignments``; ``best_bound`` from the solver."""

    status: SolveStatus
    assignments: tuple[Assignment, ...] = ()
    objective: int | None = None
    best_bound: float | None = None
    breakdown: ObjectiveBreakdown = field(default_factory=ObjectiveBreakdown)
    kpis: Kpis | None = None
    uncovered: tuple[UncoveredDemand, ...] = ()
    violations: tuple[Violation, ...] = ()  # for INFEASIBLE: e.g. the pins that break a rule
    stats: SolveStats = field(default_factory=SolveStats)
    message: str = ""
    fatigue: FatigueReport = field(default_factory=FatigueReport)
