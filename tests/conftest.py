"""Shared fixtures. Store-backed tests (jobs, audit) run on SQLite and on a real
PostgreSQL server (a temporary cluster from Debian's binaries, see safeshift.server.testing)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from safeshift.cli import main
from safeshift.server.testing import BACKENDS, DurableServer, fresh_store_url, require_backend

sys.path.insert(0, str(Path(__file__).resolve().parent / "server"))  # server_builders


@pytest.fixture(params=BACKENDS)
def backend(request):
    """The storage backend under test: "sqlite" or "postgresql"."""
    require_backend(request.param)
    return request.param


@pytest.fixture
def store_url(backend, tmp_path):
    """A fresh, empty store on the backend under test."""
    return fresh_store_url(backend, tmp_path)


@pytest.fixture
def make_server(store_url):
    """Start in-process servers with jobs and audit on ``store_url``; stopped afterwards."""
    started = []

    def make(**kwargs) -> DurableServer:
        server = DurableServer(kwargs.pop("url", store_url), **kwargs).start()
        started.append(server)
        return server

    yield make
    for server in reversed(started):
        server.stop()


@pytest.fixture
def cli(capsys):
    """Run ``safeshift ARGS`` in-process; returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
