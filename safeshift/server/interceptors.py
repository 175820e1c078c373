"""Server interceptors, one per concern: error mapping and access logging.

Both wrap the method handler's behaviour, for unary and streaming responses alike, and
keep the behaviour's ``experimental_*`` attributes (the health service's non-blocking
``Watch`` relies on them). Order matters: ``[LoggingInterceptor(), ErrorInterceptor()]``
puts logging outside, so it sees the status code the error interceptor chose.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import Callable

import grpc

from .errors import domain_status, internal_status, to_grpc_status

log = logging.getLogger("safeshift.server")
access_log = logging.getLogger("safeshift.server.access")

Behaviour = Callable[..., object]
_BEHAVIOUR_ATTRS = ("experimental_non_blocking", "experimental_thread_pool")


def _is_non_blocking(behaviour: Behaviour) -> bool:
    return bool(getattr(behaviour, "experimental_non_blocking", False))


def _keep_attrs(wrapper: Behaviour, behaviour: Behaviour) -> Behaviour:
    for name in _BEHAVIOUR_ATTRS:
        if hasattr(behaviour, name):
            setattr(wrapper, name, getattr(behaviour, name))
    return wrapper


def wrap_handler(
    handler: grpc.RpcMethodHandler | None,
    wrap_call: Callable[[Behaviour], Behaviour],
    wrap_stream: Callable[[Behaviour], Behaviour],
) -> grpc.RpcMethodHandler | None:
    """A copy of ``handler`` whose behaviour is wrapped: ``wrap_call`` for behaviours that
    return (unary responses, non-blocking streams), ``wrap_stream`` for generators."""
    if handler is None:
        return None

    def wrap(behaviour: Behaviour, streaming: bool) -> Behaviour:
        chosen = wrap_stream if streaming and not _is_non_blocking(behaviour) else wrap_call
        return _keep_attrs(chosen(behaviour), behaviour)

    serdes = {
        "request_deserializer": handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(wrap(handler.unary_unary, False), **serdes)
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(wrap(handler.unary_stream, True), **serdes)
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(wrap(handler.stream_unary, False), **serdes)
    if handler.stream_stream is not None:
        return grpc.stream_stream_rpc_method_handler(wrap(handler.stream_stream, True), **serdes)
    return handler


def _is_abort(exc: BaseException, context: grpc.ServicerContext) -> bool:
    """True for the bare ``Exception()`` that ``context.abort*`` raises after setting a code."""
    return type(exc) is Exception and not exc.args and context.code() not in (None, grpc.StatusCode.OK)


class ErrorInterceptor(grpc.ServerInterceptor):
    """Maps exceptions to gRPC statuses: domain errors to rich errors (see ``errors``),
    anything else to INTERNAL with a generic message and the traceback in the log only."""

    def intercept_service(self, continuation, handler_call_details):
        method = handler_call_details.method

        def handle(exc: Exception, context: grpc.ServicerContext) -> None:
            if _is_abort(exc, context):
                raise exc
            status = domain_status(exc)
            if status is None:
                log.error("unhandled error in %s", method, exc_info=exc)
                status = internal_status()
            context.abort_with_status(to_grpc_status(status))

        def wrap_call(behaviour: Behaviour) -> Behaviour:
            @functools.wraps(behaviour)
            def call(request, context, *extra):
                try:
                    return behaviour(request, context, *extra)
                except Exception as exc:  # noqa: BLE001 - mapped, never leaked
                    handle(exc, context)

            return call

        def wrap_stream(behaviour: Behaviour) -> Behaviour:
            @functools.wraps(behaviour)
            def stream(request, context):
                try:
                    yield from behaviour(request, context)
                except Exception as exc:  # noqa: BLE001 - mapped, never leaked
                    handle(exc, context)

            return stream

        return wrap_handler(continuation(handler_call_details), wrap_call, wrap_stream)


def final_code(context: grpc.ServicerContext, failed: bool) -> grpc.StatusCode:
    """The status code an RPC ends with, as far as the server can tell when it returns."""
    code = context.code()
    if code is not None:
        return code
    if failed:
        return grpc.StatusCode.UNKNOWN
    if not context.is_active():
        remaining = context.time_remaining()
        if remaining is not None and remaining <= 0:
            return grpc.StatusCode.DEADLINE_EXCEEDED
        return grpc.StatusCode.CANCELLED
    return grpc.StatusCode.OK


class LoggingInterceptor(grpc.ServerInterceptor):
    """One access-log line per RPC: method, peer, status code and duration.

    Methods in ``quiet_methods`` (by default the health checks, which load balancers call
    every few seconds) log at DEBUG, everything else at INFO."""

    DEFAULT_QUIET = frozenset({"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"})

    def __init__(self, logger: logging.Logger = access_log, quiet_methods=DEFAULT_QUIET):
        self._logger = logger
        self._quiet = frozenset(quiet_methods)

    def _log(self, method: str, context, started: float, failed: bool) -> None:
        code = final_code(context, failed)
        level = logging.DEBUG if method in self._quiet else logging.INFO
        if not self._logger.isEnabledFor(level):
            return
        details = ""
        if code is not grpc.StatusCode.OK and context.details():
            text = context.details()
            text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
            details = f" details={text[:200]!r}"
        self._logger.log(
            level,
            "rpc method=%s peer=%s code=%s duration_ms=%.1f%s",
            method,
            context.peer(),
            code.name,
            (time.monotonic() - started) * 1000.0,
            details,
        )

    def intercept_service(self, continuation, handler_call_details):
        method = handler_call_details.method

        def wrap_call(behaviour: Behaviour) -> Behaviour:
            @functools.wraps(behaviour)
            def call(request, context, *extra):
                started, failed = time.monotonic(), True
                try:
                    result = behaviour(request, context, *extra)
                    failed = False
                    return result
                finally:
                    self._log(method, context, started, failed)

            return call

        def wrap_stream(behaviour: Behaviour) -> Behaviour:
            @functools.wraps(behaviour)
            def stream(request, context):
                started, failed = time.monotonic(), False
                try:
                    yield from behaviour(request, context)
                except GeneratorExit:
                    raise  # closed early (client gone): not a failure
                except BaseException:
                    failed = True
                    raise
                finally:
                    self._log(method, context, started, failed)

            return stream

        return wrap_handler(continuation(handler_call_details), wrap_call, wrap_stream)
