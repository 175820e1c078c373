"""``SolveJobService`` and ``AuditService``: thin adapters over ``JobService`` and the
audit store. Errors are domain exceptions, mapped to statuses by ``ErrorInterceptor``."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import grpc

from ..api.errors import InvalidRequestError
from ..audit.convert import record_to_proto, report_to_proto
from ..audit.record import seq_from_name
from ..audit.store import AuditQuery, AuditStore
from ..engine.errors import LimitExceededError
from ..jobs.service import JobService
from ..storage.paging import decode_token, encode_token, page_size, query_digest
from ..v1 import audit_pb2, audit_pb2_grpc, jobs_pb2_grpc
from .audit_interceptor import caller_of

WATCHERS_LIMIT = "max_watchers"
AUDIT_DEFAULT_PAGE = 100
AUDIT_MAX_PAGE = 1000


class WatchSlots:
    """At most ``maximum`` open watch streams (each holds an RPC thread)."""

    def __init__(self, maximum: int):
        self.maximum, self.active = maximum, 0
        self._lock = threading.Lock()

    @contextmanager
    def hold(self):
        with self._lock:
            if self.active >= self.maximum:
                raise LimitExceededError(WATCHERS_LIMIT, self.active + 1, self.maximum)
            self.active += 1
        try:
            yield
        finally:
            with self._lock:
                self.active -= 1


class SolveJobServicer(jobs_pb2_grpc.SolveJobServiceServicer):
    def __init__(self, service: JobService, max_watchers: int = 8):
        self.service = service
        self.watch_slots = WatchSlots(max_watchers)

    def CreateSolveJob(self, request, context):
        return self.service.create(request, caller_of(context))

    def GetSolveJob(self, request, context):
        return self.service.get(request)

    def ListSolveJobs(self, request, context):
        return self.service.list(request)

    def CancelSolveJob(self, request, context):
        return self.service.cancel(request)

    def WatchSolveJob(self, request, context):
        with self.watch_slots.hold():
            ended = False
            for job in self.service.watch(request, context.is_active):
                ended = job.HasField("end_time")
                yield job
            if not ended and self.service.closing.is_set():
                context.abort(grpc.StatusCode.UNAVAILABLE, "the server is shutting down; watch again")


def _time_us(ts) -> int | None:
    return ts.ToMicroseconds() if ts.seconds or ts.nanos else None


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(self, store: AuditStore):
        self.store = store

    def ListAuditRecords(self, request, context):
        size = page_size(request.page_size, AUDIT_DEFAULT_PAGE, AUDIT_MAX_PAGE)
        query = AuditQuery(
            start_us=_time_us(request.start_time) if request.HasField("start_time") else None,
            end_us=_time_us(request.end_time) if request.HasField("end_time") else None,
            rpc=request.rpc, caller=request.caller, staff_id=request.staff_id, shift_id=request.shift_id,
            job=request.job, newest_first=request.newest_first,
        )
        if query.start_us is not None and query.end_us is not None and query.end_us <= query.start_us:
            raise InvalidRequestError.of("end_time", "END_NOT_AFTER_START", "end_time must be after start_time")
        digest = query_digest("audit", query)
        after = decode_token(request.page_token, digest)
        records = self.store.list(query, after, size + 1)
        out = audit_pb2.ListAuditRecordsResponse(records=[record_to_proto(r) for r in records[:size]])
        if len(records) > size:
            out.next_page_token = encode_token(records[size - 1].seq, digest)
        return out

    def GetAuditRecord(self, request, context):
        return record_to_proto(self.store.get(seq_from_name(request.name)))

    def VerifyAuditLog(self, request, context):
        return report_to_proto(self.store.verify())
