"""``RosterService``: a thin adapter from gRPC to ``RosterFacade``.

No conversion or rule logic lives here: each method takes a solve slot (Solve and
SolveStream only), ties the RPC's end to a cancel event, turns the gRPC deadline into a
time budget and calls the facade. Errors are raised as domain exceptions and mapped to
statuses by ``interceptors.ErrorInterceptor``.

Deadline: the solve gets ``min(request time limit, time left before the gRPC deadline
minus a margin)``, so a client with a deadline receives a roster (FEASIBLE, or
NO_SOLUTION_IN_TIME if none was found) *before* its deadline rather than
DEADLINE_EXCEEDED. The margin (``deadline_margin``) covers conversion, the independent
re-validation of the roster and transport. If the RPC ends anyway (client cancel,
deadline, server stop) the cancel event stops CP-SAT.
"""

from __future__ import annotations

import logging
import queue
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import grpc

from ..api.facade import RosterFacade
from ..api.limits import Limits
from ..engine.errors import LimitExceededError
from ..v1 import roster_pb2 as pb
from ..v1 import roster_pb2_grpc as pb_grpc

log = logging.getLogger("safeshift.server")

CONCURRENT_SOLVES_LIMIT = "max_concurrent_solves"
_NO_DEADLINE_SECONDS = 1e8  # time_remaining() beyond this means "no deadline set"


@dataclass(frozen=True)
class DeadlineMargin:
    """Time kept back from the gRPC deadline: ``fixed + fraction * remaining``, at most
    ``maximum`` seconds; the solve always gets at least ``minimum_budget`` seconds."""

    fixed: float = 0.3
    fraction: float = 0.1
    maximum: float = 3.0
    minimum_budget: float = 0.05

    def budget(self, remaining: float | None) -> float | None:
        """Seconds the solve may use given ``remaining`` seconds to the deadline (None: no deadline)."""
        if remaining is None or remaining >= _NO_DEADLINE_SECONDS:
            return None
        margin = min(self.maximum, self.fixed + self.fraction * remaining)
        return max(self.minimum_budget, remaining - margin)


class SolveSlots:
    """At most ``maximum`` solves at once; past it ``acquire`` raises ``LimitExceededError``."""

    def __init__(self, maximum: int):
        self.maximum = maximum
        self._active = 0
        self._changed = threading.Condition()

    @property
    def active(self) -> int:
        with self._changed:
            return self._active

    def acquire(self) -> None:
        with self._changed:
            if self._active >= self.maximum:
                raise LimitExceededError(CONCURRENT_SOLVES_LIMIT, self._active + 1, self.maximum)
            self._active += 1

    def release(self) -> None:
        with self._changed:
            self._active -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no solve runs; False if ``timeout`` seconds passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._active == 0, timeout)

    @contextmanager
    def hold(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


def cancel_on_termination(context: grpc.ServicerContext) -> threading.Event:
    """An event that is set when the RPC terminates (completion, client cancel, deadline)."""
    cancel = threading.Event()
    if not context.add_callback(cancel.set):
        cancel.set()  # already terminated
    return cancel


_DONE = object()


@dataclass(frozen=True)
class _Failure:
    error: BaseException


class RosterServicer(pb_grpc.RosterServiceServicer):
    """Solve, SolveStream, ValidateRoster and EvaluateJobs over ``facade`` (default ``RosterFacade(limits)``)."""

    def __init__(
        self,
        limits: Limits = Limits(),
        facade: RosterFacade | None = None,
        deadline_margin: DeadlineMargin = DeadlineMargin(),
    ):
        self.limits = limits
        self.facade = facade if facade is not None else RosterFacade(limits)
        self.slots = SolveSlots(limits.max_concurrent_solves)
        self.evaluations = threading.BoundedSemaphore(max(1, limits.max_concurrent_evaluations))
        self.deadline_margin = deadline_margin

    def _budget(self, context: grpc.ServicerContext) -> float | None:
        return self.deadline_margin.budget(context.time_remaining())

    def Solve(self, request: pb.SolveRequest, context: grpc.ServicerContext) -> pb.SolveResponse:
        with self.slots.hold():
            cancel = cancel_on_termination(context)
            return self.facade.solve(request, None, cancel, self._budget(context))

    def SolveStream(
        self, request: pb.SolveRequest, context: grpc.ServicerContext
    ) -> Iterator[pb.SolveProgress]:
        self.slots.acquire()
        try:
            cancel = cancel_on_termination(context)
            budget = self._budget(context)
            events: queue.SimpleQueue = queue.SimpleQueue()
            worker = threading.Thread(
                target=self._solve_into,
                args=(request, events, cancel, budget),
                name="safeshift-solve-stream",
                daemon=True,
            )
            worker.start()
        except BaseException:
            self.slots.release()
            raise
        return self._drain(events, cancel)

    def _solve_into(self, request, events: queue.SimpleQueue, cancel: threading.Event, budget) -> None:
        """Worker thread: run the solve, queue progress and the result, free the slot."""
        try:
            outcome = pb.SolveProgress(result=self.facade.solve(request, events.put, cancel, budget))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the RPC thread
            outcome = _Failure(exc)
        self.slots.release()  # before the result goes out: the client may solve again at once
        events.put(outcome)
        events.put(_DONE)

    @staticmethod
    def _drain(events: queue.SimpleQueue, cancel: threading.Event) -> Iterator[pb.SolveProgress]:
        try:
            while True:
                item = events.get()
                if item is _DONE:
                    return
                if isinstance(item, _Failure):
                    raise item.error
                yield item
        finally:
            cancel.set()  # the stream was closed early (client gone): stop the solve

    def ValidateRoster(
        self, request: pb.ValidateRosterRequest, context: grpc.ServicerContext
    ) -> pb.ValidateRosterResponse:
        return self.facade.validate(request)

    def EvaluateJobs(
        self, request: pb.EvaluateJobsRequest, context: grpc.ServicerContext
    ) -> pb.EvaluateJobsResponse:
        # No solve slot: the fast path takes milliseconds and re-plans are bounded by the
        # request's small budget (docs/whatif.md). At most ``max_concurrent_evaluations``
        # compute at once (CPU-bound, mostly under the GIL); the others wait here, within
        # their deadline, so health checks and quick calls are never starved of threads.
        if not self.evaluations.acquire(timeout=context.time_remaining()):
            context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "deadline passed waiting for an evaluation slot")
        try:
            return self.facade.evaluate_jobs(request, self._budget(context), cancel_on_termination(context))
        finally:
            self.evaluations.release()
