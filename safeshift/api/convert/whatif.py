"""``EvaluateJobsRequest`` in, ``EvaluateJobsResponse`` out (docs/whatif.md).

The problem and roster are converted by ``problem.py`` (paths ``problem...``,
``roster[i]...``); jobs are shifts (paths ``jobs[i]...``), checked against the problem by
``Evaluator.prepare``. Defaults: ``top_n`` 5, ``time_limit_seconds`` 2.
"""

from __future__ import annotations

import math

from ...engine.errors import FieldViolation, Reason
from ...engine.whatif.results import (
    BundleEvaluation,
    Candidate,
    Decision,
    JobEvaluation,
    Move,
    Plan,
    WhatIfOptions,
    WhatIfResult,
)
from ...v1 import roster_pb2 as pb
from ._common import Violations
from .problem import _shift, assignments_to_proto
from .results import _exclusion_to_proto, breakdown_to_proto

DEFAULT_TOP_N = 5
DEFAULT_TIME_LIMIT_SECONDS = 2.0
MAX_JOBS = 500  # jobs in one request

DECISION_TO_PROTO = {
    Decision.ACCEPTABLE_AS_IS: pb.ACCEPTABLE_AS_IS,
    Decision.ACCEPTABLE_WITH_CHANGES: pb.ACCEPTABLE_WITH_CHANGES,
    Decision.NOT_ACCEPTABLE: pb.NOT_ACCEPTABLE,
}


def whatif_options_from_proto(req: pb.EvaluateJobsRequest, max_time_limit: float) -> tuple[WhatIfOptions, list]:
    """The options of a request, and the field violations of its settings."""
    bad: list[FieldViolation] = []
    top_n = req.top_n or DEFAULT_TOP_N
    if req.top_n < 0:
        bad.append(FieldViolation("top_n", Reason.NEGATIVE_VALUE, f"top_n must be >= 0 (0: {DEFAULT_TOP_N})"))
        top_n = DEFAULT_TOP_N
    limit = req.time_limit_seconds
    if math.isnan(limit) or limit < 0:
        bad.append(FieldViolation("time_limit_seconds", Reason.NEGATIVE_VALUE if limit < 0 else Reason.INVALID_VALUE,
                                  f"a time limit must be >= 0 seconds (0: the default), got {limit}"))
        limit = DEFAULT_TIME_LIMIT_SECONDS
    limit = min(limit or DEFAULT_TIME_LIMIT_SECONDS, max_time_limit)
    if not req.jobs:
        bad.append(FieldViolation("jobs", Reason.MISSING, "name at least one candidate job"))
    return WhatIfOptions(top_n=top_n, time_limit_seconds=limit, bundle=req.bundle), bad


def jobs_from_proto(msgs, fallback, bad: Violations) -> list:
    """The candidate jobs as domain shifts (their cross-checks come with the problem)."""
    return [_shift(m, f"jobs[{i}]", bad, fallback) for i, m in enumerate(msgs)]


def _candidate_to_proto(c: Candidate, m: pb.Candidate) -> None:
    m.staff_id, m.requirement_id, m.rank = c.staff_id, c.requirement_id, c.rank
    breakdown_to_proto(c.objective_delta, m.objective_delta)
    m.fatigue_margin_minutes, m.margin_rule = c.fatigue_margin_minutes, c.margin_rule


def _move_to_proto(x: Move, m: pb.Move) -> None:
    m.staff_id, m.message = x.staff_id, x.message
    m.from_shift_id, m.from_requirement_id = x.from_shift_id, x.from_requirement_id
    m.to_shift_id, m.to_requirement_id = x.to_shift_id, x.to_requirement_id


def _plan_to_proto(plan: Plan | None, m) -> None:
    if plan is None:
        return
    assignments_to_proto(plan.assignments, m.assignments)
    for x in plan.moves:
        _move_to_proto(x, m.moves.add())
    m.changed_assignments = plan.changed_assignments
    breakdown_to_proto(plan.objective_delta, m.objective_delta)


def _evaluation_to_proto(e: JobEvaluation, m: pb.JobEvaluation) -> None:
    m.job_id, m.decision, m.message = e.job_id, DECISION_TO_PROTO[e.decision], e.message
    for c in e.candidates:
        _candidate_to_proto(c, m.candidates.add())
    _plan_to_proto(e.plan, m)
    for x in e.exclusions:
        _exclusion_to_proto(x, m.exclusions.add())
    m.lacking_competencies.staff = e.lacking.staff
    for comp, n in e.lacking.missing.items():
        m.lacking_competencies.missing_competencies[comp] = n


def _bundle_to_proto(b: BundleEvaluation, m: pb.BundleEvaluation) -> None:
    m.decision, m.message = DECISION_TO_PROTO[b.decision], b.message
    m.job_ids.extend(b.job_ids)
    _plan_to_proto(b.plan, m)


def whatif_result_to_proto(result: WhatIfResult) -> pb.EvaluateJobsResponse:
    m = pb.EvaluateJobsResponse(baseline_violations=result.baseline_violations)
    for e in result.evaluations:
        _evaluation_to_proto(e, m.evaluations.add())
    if result.bundle is not None:
        _bundle_to_proto(result.bundle, m.bundle)
    return m
