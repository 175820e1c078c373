"""The job store on both backends: create, claim order, leases, finish, release, cancel."""

from __future__ import annotations

import threading

import pytest

from safeshift.api.errors import NotFoundError
from safeshift.engine.errors import LimitExceededError
from safeshift.jobs.model import JobState, NewJob
from safeshift.jobs.store import JobStore
from safeshift.storage import open_database


class Clock:
    """A settable clock (seconds since the epoch)."""

    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def new_job(i: int, request_id: str = "") -> NewJob:
    return NewJob(id=f"job{i:04d}", request=b"req%d" % i, request_sha256=f"sha{i}", request_id=request_id,
                  caller="ann", problem_id=f"p{i}", time_limit_seconds=10.0)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(store_url, clock):
    db = open_database(store_url)
    yield JobStore(db, clock)
    db.close()


def test_create_and_get_round_trip(store):
    """A created job is QUEUED with its fields; get returns the request payload too."""
    job, created = store.create(new_job(1))
    assert created and job.state is JobState.QUEUED and job.name == "jobs/job0001"
    full = store.get("job0001")
    assert full.request == b"req1" and full.caller == "ann" and full.attempts == 0 and full.result is None


def test_get_unknown_is_not_found(store):
    """An unknown id raises NotFoundError naming jobs/{id}."""
    with pytest.raises(NotFoundError, match="jobs/nope"):
        store.get("nope")


def test_same_request_id_gives_one_job(store):
    """A second create with the same request_id returns the first job, not a new one."""
    first, created1 = store.create(new_job(1, "rid"))
    again, created2 = store.create(new_job(2, "rid"))
    assert (created1, created2) == (True, False) and again.id == first.id and store.count() == 1


def test_concurrent_creates_with_one_request_id_give_one_job(store_url, clock):
    """Eight threads (own connections) creating with one request_id: exactly one job."""
    results = []

    def create(i):
        db = open_database(store_url)
        try:
            results.append(JobStore(db, clock).create(new_job(i, "same"))[0].id)
        finally:
            db.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and len(results) == 8


def test_max_active_jobs(store):
    """Past max_active queued/running jobs, create raises LimitExceededError."""
    store.create(new_job(1), max_active=2)
    store.create(new_job(2), max_active=2)
    with pytest.raises(LimitExceededError, match="max_active_jobs"):
        store.create(new_job(3), max_active=2)


def test_claims_follow_creation_order(store):
    """Workers claim the oldest queued job first and each job once."""
    for i in range(3):
        store.create(new_job(i))
    claimed = [store.claim("w", 30).id for _ in range(3)]
    assert claimed == ["job0000", "job0001", "job0002"] and store.claim("w", 30) is None


def test_expired_lease_is_taken_over_and_old_owner_cannot_finish(store, clock):
    """After the lease runs out another worker claims the job (attempt 2); the first
    worker can neither renew nor finish it, so it is finished once."""
    store.create(new_job(1))
    a = store.claim("worker-a", 10)
    assert store.claim("worker-b", 10) is None  # lease still valid
    clock.now += 11
    b = store.claim("worker-b", 10)
    assert b.id == a.id and b.attempts == 2
    assert store.heartbeat(a, "worker-a", 10) == (False, False)
    assert store.finish(a, "worker-a", JobState.SUCCEEDED, b"x") is None
    assert store.finish(b, "worker-b", JobState.SUCCEEDED, b"y").state is JobState.SUCCEEDED
    assert store.get(a.id).result == b"y"


def test_heartbeat_renews_lease_and_saves_progress_and_checkpoint(store, clock):
    """A heartbeat keeps the job, stores progress, the best roster and the time used."""
    store.create(new_job(1))
    job = store.claim("w", 10)
    clock.now += 8
    assert store.heartbeat(job, "w", 10, progress=b"p", checkpoint=b"c", used_seconds=8.0) == (True, False)
    clock.now += 8  # 16 s after the claim, 8 after the renewal
    assert store.claim("other", 10) is None
    job2 = store.get(job.id)
    assert job2.progress == b"p" and job2.checkpoint_us is not None and job2.used_seconds == 8.0


def test_release_requeues_with_checkpoint(store):
    """A released job is QUEUED again, keeps its checkpoint, and the next claim sees it."""
    store.create(new_job(1))
    job = store.claim("w", 10)
    assert store.release(job, "w", 4.5, checkpoint=b"roster")
    again = store.claim("w2", 10)
    assert again.id == job.id and again.attempts == 2 and again.checkpoint == b"roster"
    assert again.used_seconds == 4.5


def test_cancel_queued_is_immediate_and_running_is_requested(store):
    """Cancelling a queued job ends it; a running one gets cancel_requested (heartbeat reports it)."""
    store.create(new_job(1))
    store.create(new_job(2))
    running = store.claim("w", 10)
    queued_after, before = store.cancel("job0002")
    assert before is JobState.QUEUED and queued_after.state is JobState.CANCELLED and queued_after.end_us
    running_after, before = store.cancel(running.id)
    assert before is JobState.RUNNING and running_after.state is JobState.RUNNING
    assert running_after.cancel_requested
    assert store.heartbeat(running, "w", 10) == (True, True)
    assert store.claim("w", 10) is None  # the cancelled queued job is never run


def test_expire_leases_of_dead_owner(store):
    """Ending a dead worker's leases makes its job claimable at once."""
    store.create(new_job(1))
    store.claim("host/1/dead", 3600)
    assert store.running_owners() == ["host/1/dead"]
    assert store.expire_leases(["host/1/dead"]) == 1
    assert store.claim("w", 10).attempts == 2


def test_claims_from_two_replicas_never_overlap(store_url, clock):
    """Two replicas (own databases) with 3 threads each claim 30 jobs: each exactly once."""
    dbs = [open_database(store_url) for _ in range(2)]
    stores = [JobStore(db, clock) for db in dbs]
    for i in range(30):
        stores[0].create(new_job(i))
    claimed, lock = [], threading.Lock()

    def work(s, name):
        while (job := s.claim(name, 60)) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=work, args=(stores[i % 2], f"w{i}")) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for db in dbs:
        db.close()
    assert sorted(claimed) == [f"job{i:04d}" for i in range(30)]
