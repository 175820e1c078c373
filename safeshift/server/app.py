"""Build and run the SafeShift gRPC server: RosterService, grpc.health.v1.Health and
server reflection (so grpcurl, grpcui and Postman work without the .proto files)."""

from __future__ import annotations

import logging
import signal
import threading
import time
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from ..api.facade import RosterFacade
from ..api.limits import Limits
from ..v1 import roster_pb2 as pb
from ..v1 import roster_pb2_grpc as pb_grpc
from .durable import DurableServices, StoreConfig
from .interceptors import ErrorInterceptor, LoggingInterceptor
from .servicer import RosterServicer

log = logging.getLogger("safeshift.server")

DEFAULT_PORT = 50051
DEFAULT_GRACE_SECONDS = 10.0
# Threads beyond the solve slots, so health checks, reflection, validation and the quick
# RESOURCE_EXHAUSTED answers never queue behind running solves.
RESERVED_WORKERS = 8
# Threads for what-if requests waiting for an evaluation slot (``Limits.max_concurrent_
# evaluations``): waiting there, not in gRPC's queue, keeps health checks answered.
WAITING_EVALUATIONS = 24
SOLVE_WIND_DOWN_SECONDS = 10.0  # after stop: how long to wait for cancelled solves to return

ROSTER_SERVICE = pb.DESCRIPTOR.services_by_name["RosterService"].full_name
HEALTH_SERVICE = health.SERVICE_NAME
# Health is reported for the whole server ("") and for the roster service.
HEALTH_REPORTED = ("", ROSTER_SERVICE)


def default_max_workers(limits: Limits) -> int:
    """Worker threads: one per concurrent solve and evaluation, ``WAITING_EVALUATIONS``
    and ``RESERVED_WORKERS``."""
    return limits.max_concurrent_solves + limits.max_concurrent_evaluations + WAITING_EVALUATIONS + RESERVED_WORKERS


def format_address(host: str, port: int) -> str:
    """``host:port``, with IPv6 literals in brackets."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def set_health(health_servicer: health.HealthServicer, status: int) -> None:
    """Set ``status`` (a ``HealthCheckResponse`` enum value) for every reported service
    (with a store: also SolveJobService and AuditService)."""
    for service in getattr(health_servicer, "safeshift_reported", HEALTH_REPORTED):
        health_servicer.set(service, status)


def build_server(
    port: int,
    limits: Limits = Limits(),
    host: str = "127.0.0.1",
    max_workers: int | None = None,
    *,
    facade: RosterFacade | None = None,
    durable: DurableServices | None = None,
) -> tuple[grpc.Server, health.HealthServicer, int]:
    """A configured, not yet started server bound to ``host:port`` (0: a free port).

    Returns ``(server, health_servicer, bound_port)``. Health starts NOT_SERVING for ""
    and ``safeshift.v1.RosterService``; ``serve`` (or the caller) flips it after warm-up.
    ``facade`` replaces the default ``RosterFacade(limits)`` (tests use a spy). ``durable``
    adds SolveJobService, AuditService and the audit interceptor (the caller starts its
    pool with ``durable.start()`` and closes it after the server stopped)."""
    server, health_servicer, bound_port, _ = _build(port, limits, host, max_workers, facade, durable)
    return server, health_servicer, bound_port


def _build(port, limits, host, max_workers, facade, durable=None):
    """``build_server``, also returning the ``RosterServicer`` (``serve`` waits on its solves)."""
    workers = max_workers if max_workers is not None else default_max_workers(limits)
    if durable is not None and max_workers is None:
        workers += durable.extra_threads  # watch streams hold a thread each
    if workers <= limits.max_concurrent_solves:
        raise ValueError(
            f"max_workers={workers} must exceed max_concurrent_solves={limits.max_concurrent_solves}"
            " so health checks answer during solves"
        )
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="safeshift-rpc"),
        interceptors=[LoggingInterceptor(), *([durable.interceptor] if durable else []), ErrorInterceptor()],
        options=[
            ("grpc.max_receive_message_length", limits.max_message_bytes),
            ("grpc.max_send_message_length", limits.max_message_bytes),
            ("grpc.so_reuseport", 0),  # a taken port is an error, not a shared socket
        ],
    )
    roster_servicer = RosterServicer(limits, facade)
    pb_grpc.add_RosterServiceServicer_to_server(roster_servicer, server)

    extra_services = durable.register(server) if durable is not None else ()

    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_servicer.safeshift_reported = HEALTH_REPORTED + tuple(extra_services)
    set_health(health_servicer, health_pb2.HealthCheckResponse.NOT_SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)

    reflection.enable_server_reflection(
        (ROSTER_SERVICE, *extra_services, HEALTH_SERVICE, reflection.SERVICE_NAME), server)

    bound_port = server.add_insecure_port(format_address(host, port))
    if not bound_port:  # older grpc returns 0 instead of raising
        raise RuntimeError(f"could not bind {format_address(host, port)}")
    return server, health_servicer, bound_port, roster_servicer


def _warm_up_request() -> pb.SolveRequest:
    """One person, one shift: solving it imports and initialises the whole solve path."""
    shift = pb.Shift(id="warm-up", requirements=[pb.Requirement()])
    shift.start.FromSeconds(1_704_096_000)  # 2024-01-01T08:00:00Z
    shift.end.FromSeconds(1_704_096_000 + 8 * 3600)
    problem = pb.Problem(id="warm-up", staff=[pb.Staff(id="warm-up")], shifts=[shift])
    return pb.SolveRequest(problem=problem, parameters=pb.SolveParameters(time_limit_seconds=5, workers=1))


def warm_up_and_serve(health_servicer: health.HealthServicer) -> float:
    """Compile the Numba kernels and run one tiny solve (so no request pays the JIT or the
    lazy imports), then report SERVING. Returns the warm-up time in seconds."""
    from ..engine.feasibility import warm_up

    started = time.monotonic()
    warm_up()
    RosterFacade(Limits()).solve(_warm_up_request())
    elapsed = time.monotonic() - started
    set_health(health_servicer, health_pb2.HealthCheckResponse.SERVING)
    return elapsed


def _install_stop_signals(stop: threading.Event):
    """SIGTERM/SIGINT set ``stop``; returns a function restoring the old handlers.
    Signals can only be handled in the main thread; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {}

    def handler(signum, _frame):
        log.info("received %s, shutting down", signal.Signals(signum).name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, handler)

    def restore():
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def serve(
    port: int = DEFAULT_PORT,
    host: str = "127.0.0.1",
    limits: Limits = Limits(),
    *,
    max_workers: int | None = None,
    grace_seconds: float = DEFAULT_GRACE_SECONDS,
    stop: threading.Event | None = None,
    store: StoreConfig | None = None,
) -> None:
    """Run the server until SIGTERM/SIGINT (or ``stop`` is set).

    Health is NOT_SERVING while the kernels compile, then SERVING. The bound address is
    logged and printed (``listening on HOST:PORT``; port 0 picks a free port). On stop,
    health flips to NOT_SERVING, new RPCs are refused and running ones get
    ``grace_seconds`` to finish before they are cancelled (which stops their solves);
    ``serve`` returns once the cancelled solves have wound down.

    With ``store`` the server also runs solve jobs and keeps the audit log there; its
    worker pool starts after warm-up, and on stop interrupted jobs go back to the queue."""
    durable = DurableServices(store, RosterFacade(limits)) if store is not None else None
    server, health_servicer, bound_port, roster_servicer = _build(port, limits, host, max_workers, None, durable)
    address = format_address(host, bound_port)
    stop = stop if stop is not None else threading.Event()
    restore_signals = _install_stop_signals(stop)
    server.start()
    try:
        log.info("warming up (health NOT_SERVING) on %s", address)
        elapsed = warm_up_and_serve(health_servicer)
        log.info("warm-up done in %.2f s; SERVING", elapsed)
        if durable is not None:
            durable.start()
            log.info("jobs and audit log in %s (%d job worker(s))", store.url.split("@")[-1], store.pool.workers)
        log.info("listening on %s", address)
        print(f"listening on {address}", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        health_servicer.enter_graceful_shutdown()
        log.info("stopping (grace %.1f s)", grace_seconds)
        if durable is not None:
            durable.begin_shutdown()  # end watch streams; running jobs go back to the queue
        server.stop(grace_seconds).wait()
        if durable is not None:
            durable.close()
        # Cancelled solves stop within a second; CP-SAT threads must not outlive the process.
        if not roster_servicer.slots.wait_idle(SOLVE_WIND_DOWN_SECONDS):
            log.warning("%d solve(s) still running at exit", roster_servicer.slots.active)
        restore_signals()
        log.info("stopped")
