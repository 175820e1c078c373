"""The one in-process entry point of SafeShift: the gRPC server and the CLI both call it,
so a request gets the same answer either way.

Requests and responses are ``safeshift.v1`` protobuf messages. Bad input raises
``InvalidProblemError`` (every bad field, with its path and reason) and oversize input
``LimitExceededError``; the server maps them to INVALID_ARGUMENT / RESOURCE_EXHAUSTED
and the CLI prints them. The engine is imported lazily, inside the methods.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Callable, Sequence

from ..v1 import roster_pb2 as pb
from .convert import (
    assignments_from_proto,
    assignments_to_proto,
    progress_to_proto,
    solve_request_from_proto,
    solve_result_to_proto,
    validate_request_from_proto,
    validation_to_proto,
)
from .limits import Limits

ProgressCallback = Callable[[pb.SolveProgress], None]


class RosterFacade:
    """Solve and validate rosters from protobuf requests, within ``limits``."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        from .whatif import EvaluatorCache

        self.evaluators = EvaluatorCache()  # what-if: the last few (problem, roster) precomputes

    def solve(
        self,
        req: pb.SolveRequest,
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        deadline_seconds: float | None = None,
        *,
        hint: Sequence[pb.Assignment] | None = None,
        on_best_roster: Callable[[Callable[[], list[pb.Assignment]]], None] | None = None,
    ) -> pb.SolveResponse:
        """Build a roster. The time limit is the request's (0: the default; clamped to the
        maximum), cut to ``deadline_seconds`` (e.g. the time left of a gRPC deadline) when
        given. ``on_progress`` receives one ``SolveProgress(improvement=...)`` per improving
        solution; the caller sends the final ``SolveProgress(result=...)`` itself (see
        ``convert.final_progress``). Setting ``cancel`` stops the search early.
        ``hint`` is a roster to warm-start from (unknown references are ignored);
        ``on_best_roster`` receives, with each improving solution, a function returning
        its roster (cheap to pass on; call it sparingly, e.g. to save a checkpoint)."""
        problem, params = solve_request_from_proto(req, self.limits)
        if deadline_seconds is not None:
            limit = max(0.0, min(params.time_limit_seconds, float(deadline_seconds)))
            params = dataclasses.replace(params, time_limit_seconds=limit)
        from ..engine.solver import solve

        callback = None
        if on_progress is not None or on_best_roster is not None:

            def callback(progress):
                if on_progress is not None:
                    on_progress(progress_to_proto(progress))
                if on_best_roster is not None and progress.roster is not None:
                    roster = progress.roster
                    on_best_roster(lambda: assignments_to_proto(roster()))

        extra = {"hint": assignments_from_proto(hint)} if hint else {}
        result = solve(problem, params, on_progress=callback, cancel=cancel, **extra)
        return solve_result_to_proto(result)

    def check_solve(self, req: pb.SolveRequest) -> float:
        """Check a solve request without solving (the errors ``solve`` would raise);
        returns its effective time limit in seconds."""
        _, params = solve_request_from_proto(req, self.limits)
        return params.time_limit_seconds

    def validate(self, req: pb.ValidateRosterRequest) -> pb.ValidateRosterResponse:
        """Every rule violation of the request's roster, with the recomputed objective."""
        problem, assignments = validate_request_from_proto(req, self.limits)
        from ..engine.validation import validate_roster

        return validation_to_proto(validate_roster(problem, assignments))

    def evaluate_jobs(
        self,
        req: pb.EvaluateJobsRequest,
        deadline_seconds: float | None = None,
        cancel: threading.Event | None = None,
    ) -> pb.EvaluateJobsResponse:
        """What-if (docs/whatif.md): per candidate job, ACCEPTABLE_AS_IS with ranked
        candidates, ACCEPTABLE_WITH_CHANGES with the smallest re-plan found, or
        NOT_ACCEPTABLE with the first rule excluding each competent person. Re-plans use
        the request's time limit (default 2 s), cut to ``deadline_seconds`` when given."""
        from .whatif import evaluate_jobs

        return evaluate_jobs(req, self.limits, self.evaluators, deadline_seconds, cancel)
