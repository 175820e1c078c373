"""Fixtures for the server tests: real servers on loopback ports, with a spy facade."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from safeshift.api.facade import RosterFacade
from safeshift.api.limits import Limits
from safeshift.server.app import build_server, warm_up_and_serve
from safeshift.v1 import roster_pb2_grpc as pb_grpc


@dataclass
class SolveRecord:
    """One facade.solve call as the server made it."""

    deadline_seconds: float | None
    cancel: threading.Event
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    done: threading.Event = field(default_factory=threading.Event)


class SpyFacade(RosterFacade):
    """The real facade, recording each solve's budget, cancel event and end time."""

    def __init__(self, limits: Limits):
        super().__init__(limits)
        self.records: list[SolveRecord] = []
        self._lock = threading.Lock()

    def solve(self, req, on_progress=None, cancel=None, deadline_seconds=None):
        record = SolveRecord(deadline_seconds, cancel)
        with self._lock:
            self.records.append(record)
        try:
            return super().solve(req, on_progress, cancel, deadline_seconds)
        finally:
            record.ended = time.monotonic()
            record.done.set()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every recorded solve has ended (within ``timeout`` seconds)."""
        end = time.monotonic() + timeout
        with self._lock:
            records = list(self.records)
        return all(r.done.wait(max(0.0, end - time.monotonic())) for r in records)


@dataclass
class Running:
    """A started server and a channel to it."""

    server: grpc.Server
    port: int
    facade: SpyFacade
    channel: grpc.Channel

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def stub(self) -> pb_grpc.RosterServiceStub:
        return pb_grpc.RosterServiceStub(self.channel)

    def health(self, service: str = "", timeout: float = 2.0) -> int:
        stub = health_pb2_grpc.HealthStub(self.channel)
        return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout).status


def start(limits: Limits) -> Running:
    facade = SpyFacade(limits)
    server, health, port = build_server(0, limits, facade=facade)
    server.start()
    warm_up_and_serve(health)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    grpc.channel_ready_future(channel).result(timeout=10)
    return Running(server, port, facade, channel)


def stop(running: Running) -> None:
    running.channel.close()
    running.server.stop(0).wait()
    running.facade.wait_idle(10)


@pytest.fixture(scope="session")
def server():
    """A shared server with default limits except two solve slots."""
    running = start(Limits(max_concurrent_solves=2))
    yield running
    stop(running)


@pytest.fixture
def single_slot_server():
    """A fresh server that allows one solve at a time."""
    running = start(Limits(max_concurrent_solves=1))
    yield running
    stop(running)


@pytest.fixture
def small_server():
    """A fresh server with a 4 KiB message limit and at most 3 staff per problem."""
    running = start(Limits(max_message_bytes=4096, max_staff=3))
    yield running
    stop(running)
