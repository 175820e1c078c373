"""``safeshift audit list|show|verify`` through a server and straight from the store."""

from __future__ import annotations

import json
import sqlite3

import pytest

from safeshift.server.testing import DurableServer
from server_builders import short_rest_request, tiny_request


@pytest.fixture
def server(tmp_path):
    running = DurableServer(f"sqlite:///{tmp_path / 'audit.db'}").start()
    running.roster.ValidateRoster(short_rest_request(), metadata=(("x-safeshift-caller", "ann"),), timeout=10)
    running.roster.Solve(tiny_request(), metadata=(("x-safeshift-caller", "bo"),), timeout=30)
    running.roster.ValidateRoster(short_rest_request(), timeout=10)
    yield running
    running.stop()


def test_list_and_show(cli, server, tmp_path):
    """list prints one line per record (filtered by caller); show prints the whole record."""
    code, out, _ = cli("audit", "list", "--server", server.address)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3 and "ValidateRoster" in lines[0] and "valid=False" in lines[0]
    code, out, _ = cli("audit", "list", "--server", server.address, "--caller", "bo")
    assert out.count("\n") == 1 and "status=OPTIMAL" in out and "objective=7" in out
    code, out, _ = cli("audit", "show", "2", "--store", f"sqlite:///{tmp_path / 'audit.db'}")
    record = json.loads(out)
    assert code == 0 and record["rpc"] == "safeshift.v1.RosterService/Solve" and record["caller"] == "bo"


def test_verify_detects_a_tampered_record(cli, server, tmp_path):
    """verify passes, then after an edit in the database file fails naming the record (exit 1)."""
    store = f"sqlite:///{tmp_path / 'audit.db'}"
    code, out, _ = cli("audit", "verify", "--store", store)
    assert code == 0 and out.startswith("OK: 3 records (1..3) verified")
    with sqlite3.connect(tmp_path / "audit.db") as conn:
        conn.execute("UPDATE audit_records SET outcome = replace(outcome, 'false', 'true') WHERE seq = 1")
    code, out, err = cli("audit", "verify", "--store", store)
    assert code == 1 and "record 1: HASH_MISMATCH" in out and "FAILED" in err
    code, out, _ = cli("audit", "verify", "--server", server.address)
    assert code == 1 and "record 1: HASH_MISMATCH" in out


def test_missing_store_file_is_bad_input(cli, tmp_path):
    """--store naming a file that does not exist exits 2 with one line."""
    code, _, err = cli("audit", "verify", "--store", f"sqlite:///{tmp_path / 'nope.db'}")
    assert code == 2 and "--store: no such file" in err
