"""The hash chain on both backends: appends, verify against edits and deletions, retention."""

from __future__ import annotations

import threading

import pytest

from safeshift.audit.record import GENESIS_HASH, PRUNE, AuditEntry, canonical_json, seal
from safeshift.audit.store import AuditQuery, AuditStore
from safeshift.storage import open_database


class Clock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(store_url):
    database = open_database(store_url)
    yield database
    database.close()


@pytest.fixture
def store(db, clock):
    return AuditStore(db, clock)


def entry(i: int, **kwargs) -> AuditEntry:
    return AuditEntry(rpc="safeshift.v1.RosterService/ValidateRoster", caller=f"c{i % 2}", request_sha256=f"{i:064x}",
                      outcome={"code": "OK", "valid": i % 3 == 0, "violations": i}, staff_ids=(f"s{i}", "all"),
                      shift_ids=(f"sh{i}",), **kwargs)


def fill(store, clock, n: int) -> None:
    for i in range(1, n + 1):
        store.append(entry(i))
        clock.now += 60


def problems(store) -> list[tuple[int, str]]:
    return [(p.seq, p.reason) for p in store.verify().problems]


def test_canonical_json_is_deterministic():
    """Key order and spacing do not change the canonical text."""
    assert canonical_json({"b": 1, "a": [1, {"y": 2, "x": "é"}]}) == '{"a":[1,{"x":"é","y":2}],"b":1}'


def test_hash_covers_every_field():
    """Changing any field of a record, the previous hash included, changes its hash."""
    base = seal(entry(1), 1, 5, GENESIS_HASH)
    assert base.computed_hash() == base.hash
    assert seal(entry(1), 1, 5, "f" * 64).hash != base.hash
    assert seal(entry(1), 1, 6, GENESIS_HASH).hash != base.hash
    assert seal(entry(2), 1, 5, GENESIS_HASH).hash != base.hash


def test_records_link_and_verify(store, clock):
    """Each record carries the previous one's hash; an untouched log verifies."""
    fill(store, clock, 5)
    records = store.list()
    assert [r.seq for r in records] == [1, 2, 3, 4, 5] and records[0].previous_hash == GENESIS_HASH
    assert all(b.previous_hash == a.hash for a, b in zip(records, records[1:]))
    report = store.verify()
    assert report.ok and report.records_checked == 5 and report.head_hash == records[-1].hash


def test_edited_record_is_detected(store, clock, db):
    """Changing the outcome of record 3 in the database: HASH_MISMATCH at 3."""
    fill(store, clock, 5)
    with db.write() as cur:
        cur.execute("UPDATE audit_records SET outcome = %s WHERE seq = 3", ('{"code":"OK","valid":true}',))
    assert problems(store) == [(3, "HASH_MISMATCH")]


def test_edited_record_with_recomputed_hash_breaks_the_next_link(store, clock, db):
    """Editing record 2 and fixing its own hash still breaks record 3's link."""
    fill(store, clock, 4)
    forged = seal(entry(99), 2, store.get(2).time_us, store.get(1).hash)
    with db.write() as cur:
        cur.execute("UPDATE audit_records SET caller = %s, request_sha256 = %s, outcome = %s, staff_ids = %s, "
                    "shift_ids = %s, hash = %s WHERE seq = 2",
                    (forged.caller, forged.request_sha256, forged.outcome, forged.staff_ids, forged.shift_ids,
                     forged.hash))
    assert problems(store) == [(3, "BROKEN_LINK")]


@pytest.mark.parametrize(
    "deleted, expected",
    [
        ([3], [(4, "GAP")]),  # from the middle
        ([1], [(2, "BAD_START")]),  # the first
        ([5], [(4, "HEAD_MISMATCH")]),  # the last
    ],
)
def test_deleted_record_is_detected(store, clock, db, deleted, expected):
    """Deleting a record anywhere is reported with the right reason."""
    fill(store, clock, 5)
    with db.write() as cur:
        for seq in deleted:
            cur.execute("DELETE FROM audit_records WHERE seq = %s", (seq,))
    assert problems(store) == expected


def test_retention_prunes_and_stays_verifiable(store, clock, db):
    """Pruning old records leaves a checkpoint anchoring the first kept one: the log
    verifies; deleting one more old record afterwards does not."""
    fill(store, clock, 10)  # records at t0, t0+60, ... t0+540
    checkpoint = store.prune(retention_seconds=clock.now - (1_700_000_000.0 + 300))
    assert checkpoint.rpc == PRUNE and checkpoint.outcome_dict()["first_kept_sequence"] == 6
    assert [r.seq for r in store.list()] == [6, 7, 8, 9, 10, 11]
    assert store.verify().ok
    assert store.list(AuditQuery(staff_id="s2")) == []  # subjects of pruned records are gone
    with db.write() as cur:
        cur.execute("DELETE FROM audit_records WHERE seq = 6")
    assert problems(store) == [(7, "BAD_START")]


def test_prune_everything_then_append(store, clock):
    """When every record is older than the cutoff, the checkpoint alone remains and anchors the chain."""
    fill(store, clock, 3)
    clock.now += 10 * 86400
    store.prune(retention_seconds=86400)
    store.append(entry(7))
    assert [r.seq for r in store.list()] == [4, 5] and store.verify().ok
    assert store.prune(retention_seconds=86400) is None  # nothing old enough any more


def test_concurrent_appends_form_one_chain(store_url, clock):
    """Four writers (own connections) appending 25 records each: one gapless, verified chain."""
    def write(k):
        database = open_database(store_url)
        try:
            own = AuditStore(database, clock)
            for i in range(25):
                own.append(entry(k * 100 + i))
        finally:
            database.close()

    threads = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    database = open_database(store_url)
    try:
        report = AuditStore(database, clock).verify()
    finally:
        database.close()
    assert report.ok and report.records_checked == 100 and report.last_seq == 100


def test_list_filters(store, clock):
    """Filters by time range, caller, rpc (method name alone), staff and shift id, with paging keys."""
    fill(store, clock, 6)
    t0 = 1_700_000_000 * 1_000_000
    assert [r.seq for r in store.list(AuditQuery(start_us=t0 + 60_000_000, end_us=t0 + 180_000_000))] == [2, 3]
    assert [r.seq for r in store.list(AuditQuery(caller="c0"))] == [2, 4, 6]
    assert [r.seq for r in store.list(AuditQuery(staff_id="s4"))] == [4]
    assert [r.seq for r in store.list(AuditQuery(shift_id="sh5"))] == [5]
    assert len(store.list(AuditQuery(staff_id="all"))) == 6
    assert len(store.list(AuditQuery(rpc="ValidateRoster"))) == 6 and store.list(AuditQuery(rpc="Solve")) == []
    assert [r.seq for r in store.list(AuditQuery(newest_first=True), after_seq=4, limit=2)] == [3, 2]
