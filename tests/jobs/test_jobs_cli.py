"""``safeshift jobs ...`` against an in-process server (SQLite store)."""

from __future__ import annotations

import json

import pytest

from safeshift.api.json_io import load_message
from safeshift.cli.job_progress import bar_text
from safeshift.jobs.pool import PoolConfig
from safeshift.server.testing import DurableServer
from safeshift.v1 import jobs_pb2
from safeshift.v1 import roster_pb2 as pb
from server_builders import tiny_request

from google.protobuf import json_format


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json_format.MessageToJson(tiny_request()), encoding="utf-8")
    return str(path)


@pytest.fixture
def sqlite_server(tmp_path):
    servers = []

    def make(**kwargs):
        server = DurableServer(f"sqlite:///{tmp_path / 'cli.db'}", **kwargs).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


def test_submit_watch_get_list(cli, scenario, sqlite_server, tmp_path):
    """submit --watch shows progress then the roster; get -o writes the result; list shows the job."""
    server = sqlite_server()
    out_path = tmp_path / "result.json"
    code, out, err = cli("jobs", "submit", scenario, "--server", server.address, "--request-id", "r1",
                         "--caller", "ann", "--watch", "-o", str(out_path))
    assert code == 0, err
    name = out.split()[0]
    assert name.startswith("jobs/") and "QUEUED" in out.splitlines()[0]
    assert "State: SUCCEEDED" in out and "Status: OPTIMAL" in out and "caller: ann" in out
    assert "%  " in err and "] 100%" in err and "SUCCEEDED  best 7" in err  # the bar, one line per change
    assert load_message(out_path.read_text(encoding="utf-8"), pb.SolveResponse).objective == 7
    code, out, _ = cli("jobs", "get", name.split("/")[1], "--server", server.address, "--json")
    assert code == 0 and json.loads(out)["name"] == name
    code, out, _ = cli("jobs", "list", "--server", server.address, "--state", "SUCCEEDED")
    assert code == 0 and name in out and "SUCCEEDED" in out and "tiny" in out
    code, out, _ = cli("jobs", "submit", scenario, "--server", server.address, "--request-id", "r1")
    assert code == 0 and out.split()[0] == name  # idempotent


def test_cancel_and_errors(cli, scenario, sqlite_server):
    """cancel of a queued job prints CANCELLED; an unknown job exits 3 naming NOT_FOUND; a bad filter exits 2."""
    server = sqlite_server(pool=PoolConfig(workers=0))
    _, out, _ = cli("jobs", "submit", scenario, "--server", server.address)
    name = out.split()[0]
    code, out, _ = cli("jobs", "cancel", name, "--server", server.address)
    assert code == 0 and out.strip() == f"{name}  CANCELLED"
    code, _, err = cli("jobs", "get", "jobs/feedbeef", "--server", server.address)
    assert code == 3 and "(NOT_FOUND)" in err
    code, _, err = cli("jobs", "list", "--server", server.address, "--filter", "colour = red")
    assert code == 2 and "filter:" in err and "(INVALID_FILTER)" in err


def test_progress_bar_text():
    """The bar shows the share of the time limit, the state, the attempt and the best objective."""
    job = jobs_pb2.SolveJob(state=jobs_pb2.SolveJob.RUNNING, time_limit_seconds=20, attempts=2)
    job.start_time.FromSeconds(1000)
    job.progress.objective, job.progress.best_bound, job.progress.gap = 120, 100, 1 / 6
    text = bar_text(job, now=1010.0)
    assert text.startswith("[" + "#" * 12 + "-" * 12 + "]  50%   10.0/20 s  RUNNING (attempt 2)")
    assert "best 120" in text and "gap 16.67%" in text
