"""Tests for the PostgreSQL backend (a temporary cluster, see safeshift.server.testing)."""

import threading
import time

from safeshift.server.testing import fresh_store_url, require_backend
from safeshift.storage import open_database, postgres


def test_a_transaction_stalled_while_holding_locks_is_ended_and_its_locks_freed(tmp_path, monkeypatch):
    """Regression: a replica paused inside a heartbeat kept the job's row locked, and the
    others' ``SKIP LOCKED`` claim skipped the job until it woke up. The server now ends such
    a session; the stalled block fails, the row can be locked again, and the pool goes on."""
    require_backend("postgresql")
    monkeypatch.setattr(postgres, "IDLE_IN_TRANSACTION_SECONDS", 1)
    db = open_database(fresh_store_url("postgresql", tmp_path))
    with db.write() as cur:
        cur.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        cur.execute("INSERT INTO t VALUES (1)")
    locked, release, failed = threading.Event(), threading.Event(), []

    def stall():
        try:
            with db.write() as cur:
                cur.execute("SELECT id FROM t WHERE id = 1 FOR UPDATE")
                locked.set()
                release.wait(30)  # stalled, holding the row lock, until the test is done looking
        except Exception as e:  # noqa: BLE001 - asserted below
            failed.append(e)

    thread = threading.Thread(target=stall)
    thread.start()
    assert locked.wait(10)
    with db.write() as cur:
        cur.execute("SELECT id FROM t WHERE id = 1 FOR UPDATE SKIP LOCKED")
        assert cur.fetchall() == []  # held by the stalled block
    # Polled (a loaded machine), while the stalled block still holds on: only the server
    # ending its session can free the row.
    end, rows = time.monotonic() + 10.0, []
    while not rows and time.monotonic() < end:
        time.sleep(0.2)
        with db.write() as cur:
            cur.execute("SELECT id FROM t WHERE id = 1 FOR UPDATE SKIP LOCKED")
            rows = cur.fetchall()
    release.set()
    thread.join()
    assert rows == [(1,)]
    assert len(failed) == 1
    with db.read() as cur:
        cur.execute("SELECT count(*) FROM t")
        assert cur.fetchone() == (1,)
    db.close()


def test_sessions_end_idle_transactions_and_keep_the_url_options(tmp_path):
    """The timeout is added to the URL's own options (the test store's search_path)."""
    require_backend("postgresql")
    url = fresh_store_url("postgresql", tmp_path)
    schema = url.rsplit("%3D", 1)[1]
    db = open_database(url)
    with db.read() as cur:
        cur.execute("SHOW idle_in_transaction_session_timeout")
        assert cur.fetchone() == (f"{postgres.IDLE_IN_TRANSACTION_SECONDS}s",)
        cur.execute("SHOW search_path")
        assert cur.fetchone() == (schema,)
    db.close()
