"""``AuditInterceptor``: one audit record per decision RPC, written before the answer
leaves the server (for SolveStream: before the final result message), so the record
exists when the call returns. A handler may write it earlier, inside the transaction of
its change (``audit.notes.record_in``: a created job's record precedes its finish).

It sits between the logging and the error interceptors: an error has already been
mapped to its status code when the record is written. A failure to write the record is
logged and does not change the answer.
"""

from __future__ import annotations

import functools
import logging

import grpc

from ..audit.log import AUDITED_METHODS, AuditLog
from ..audit.notes import close_notes, open_notes
from .interceptors import Behaviour, final_code, wrap_handler

log = logging.getLogger("safeshift.audit")
CALLER_METADATA = "x-safeshift-caller"


def caller_of(context: grpc.ServicerContext) -> str:
    """The caller identity from the request metadata (``x-safeshift-caller``), or ""."""
    for key, value in context.invocation_metadata() or ():
        if key == CALLER_METADATA:
            return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return ""


def _details(context) -> str:
    text = context.details()
    if isinstance(text, bytes):
        return text.decode("utf-8", "replace")
    return text or ""


class AuditInterceptor(grpc.ServerInterceptor):
    """Records Solve, SolveStream, ValidateRoster, EvaluateJobs, CreateSolveJob and CancelSolveJob."""

    def __init__(self, audit: AuditLog, methods=AUDITED_METHODS):
        self.audit = audit
        self.methods = frozenset(methods)

    def _write(self, method, request, context, response=None, failed=False, notes=None) -> None:
        try:
            code = "OK" if response is not None else final_code(context, failed).name
            self.audit.record_call(method, request, response, code, _details(context) if response is None else "",
                                   caller_of(context), context.peer(), notes)
        except Exception:  # noqa: BLE001 - the answer stands; the gap is in the log
            log.exception("could not write the audit record of %s", method)

    def _writer_in(self, method, request, context):
        """For ``record_in``: the success record, in the handler's transaction (errors propagate:
        the change and its record stand or fall together)."""
        def write_in(cur, response, values):
            self.audit.record_call(method, request, response, "OK", "", caller_of(context), context.peer(),
                                   values, cur=cur)

        return write_in

    def intercept_service(self, continuation, handler_call_details):
        method = handler_call_details.method
        handler = continuation(handler_call_details)
        if method not in self.methods:
            return handler

        def wrap_call(behaviour: Behaviour) -> Behaviour:
            @functools.wraps(behaviour)
            def call(request, context, *extra):
                open_notes(self._writer_in(method, request, context))
                try:
                    response = behaviour(request, context, *extra)
                except BaseException:
                    self._write(method, request, context, failed=True, notes=close_notes().values)
                    raise
                notes = close_notes()
                if not notes.written:
                    self._write(method, request, context, response, notes=notes.values)
                return response

            return call

        def wrap_stream(behaviour: Behaviour) -> Behaviour:
            @functools.wraps(behaviour)
            def stream(request, context):
                written = False
                try:
                    for item in behaviour(request, context):
                        if item.DESCRIPTOR.name == "SolveProgress" and item.WhichOneof("event") == "result":
                            self._write(method, request, context, item)
                            written = True
                        yield item
                except GeneratorExit:
                    raise
                except BaseException:
                    if not written:
                        self._write(method, request, context, failed=True)
                        written = True
                    raise
                finally:
                    if not written:  # closed early or ended without a result
                        self._write(method, request, context, failed=False)

            return stream

        return wrap_handler(handler, wrap_call, wrap_stream)
