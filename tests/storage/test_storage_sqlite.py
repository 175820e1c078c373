"""Tests for the SQLite backend of the job store and audit log."""

import threading

from safeshift.storage import open_database


def test_concurrent_opens_of_a_new_file_all_succeed(tmp_path):
    """Regression: opening a new file while other connections write to it got 'database is
    locked' from the WAL switch (no busy handler there); each open now retries."""
    errors = []
    for trial in range(30):
        url = f"sqlite:///{tmp_path / f'fresh{trial}.db'}"
        barrier = threading.Barrier(6)

        def open_close():
            barrier.wait()
            try:
                db = open_database(url)
                for _ in range(20):  # hold the write lock while the others open
                    with db.write() as cur:
                        cur.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
                        cur.execute("INSERT INTO t VALUES (1)")
                db.close()
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)

        threads = [threading.Thread(target=open_close) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
