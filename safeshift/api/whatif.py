"""``EvaluateJobs`` behind the facade: request checks, an LRU cache of evaluators, the engine.

The server receives the whole problem and roster with every request. Building an
``Evaluator`` (conversion, per-person duties, kernel arrays) costs far more than
evaluating a job with it, so the last few are kept, keyed by the SHA-256 of the
deterministic serialisation of (problem, roster): repeated what-ifs against one roster
skip straight to the incremental checks.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Callable

from ..engine.errors import InvalidProblemError, LimitExceededError
from ..v1 import roster_pb2 as pb
from .convert._common import Violations
from .convert.problem import assignments_from_proto, problem_from_proto
from .convert.whatif import MAX_JOBS, jobs_from_proto, whatif_options_from_proto, whatif_result_to_proto
from .limits import Limits, check_assignments_size, check_message_size, check_problem_size

DEFAULT_CACHE_SIZE = 8


class EvaluatorCache:
    """A thread-safe LRU of ``Evaluator`` objects keyed by request digest."""

    def __init__(self, size: int = DEFAULT_CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[bytes, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: bytes, build: Callable[[], object]):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        value = build()  # outside the lock: other requests go on meanwhile
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def request_digest(req: pb.EvaluateJobsRequest) -> bytes:
    """SHA-256 over the problem and the roster (not the jobs or settings)."""
    h = hashlib.sha256(req.problem.SerializeToString(deterministic=True))
    for a in req.roster:
        h.update(b"\0" + a.SerializeToString(deterministic=True))
    return h.digest()


def _build(req: pb.EvaluateJobsRequest):
    from ..engine.whatif import Evaluator

    problem = problem_from_proto(req.problem, "problem")
    return Evaluator(problem, assignments_from_proto(req.roster, "roster"))


def evaluate_jobs(
    req: pb.EvaluateJobsRequest,
    limits: Limits,
    cache: EvaluatorCache,
    deadline_seconds: float | None = None,
    cancel: threading.Event | None = None,
) -> pb.EvaluateJobsResponse:
    """The what-if answer for the request's jobs (see ``engine.whatif.evaluate_jobs``)."""
    check_message_size(req, limits)
    check_problem_size(req.problem, limits)
    check_assignments_size(req.roster, limits, "roster")
    if len(req.jobs) > MAX_JOBS:
        raise LimitExceededError("jobs", len(req.jobs), MAX_JOBS)
    options, settings = whatif_options_from_proto(req, limits.max_time_limit_seconds)
    try:
        evaluator = cache.get(request_digest(req), lambda: _build(req))
    except InvalidProblemError as e:
        raise InvalidProblemError(settings + e.violations) from None
    bad = Violations()
    bad.items += settings
    jobs = jobs_from_proto(req.jobs, evaluator.problem.horizon_start, bad)
    try:
        evaluator.prepare(jobs)
    except InvalidProblemError as e:
        bad.raise_with(e)
    bad.raise_with()
    from ..engine.whatif import evaluate_jobs as evaluate

    result = evaluate(evaluator, jobs, options, cancel=cancel, deadline_seconds=deadline_seconds)
    return whatif_result_to_proto(result)
