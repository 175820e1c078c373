"""The worker pool with a spy facade: warm start, remaining budget, shutdown release,
lost leases and failures."""

from __future__ import annotations

import threading
import time

import pytest

from safeshift.api.facade import RosterFacade
from safeshift.jobs.model import JobState, NewJob
from safeshift.jobs.pool import PoolConfig, WorkerPool
from safeshift.jobs.store import JobStore
from safeshift.storage import open_database
from safeshift.v1 import roster_pb2 as pb
from server_builders import hard_request, tiny_request

POOL = PoolConfig(workers=1, lease_seconds=5, heartbeat_seconds=0.1, checkpoint_seconds=0.1, poll_seconds=0.1)


class SpyFacade(RosterFacade):
    """The real facade, recording each solve's budget and hint."""

    def __init__(self):
        super().__init__()
        self.calls: list[dict] = []

    def solve(self, req, on_progress=None, cancel=None, deadline_seconds=None, **kwargs):
        self.calls.append({"deadline": deadline_seconds, "hint": kwargs.get("hint")})
        return super().solve(req, on_progress, cancel, deadline_seconds, **kwargs)


class Failing(RosterFacade):
    def solve(self, *args, **kwargs):
        raise RuntimeError("boom")


@pytest.fixture
def store(store_url):
    db = open_database(store_url)
    yield JobStore(db)
    db.close()


def add(store, request: pb.SolveRequest, job_id: str = "j1") -> None:
    store.create(NewJob(job_id, request.SerializeToString(), "sha", "", "ann", request.problem.id,
                        request.parameters.time_limit_seconds or 30.0))


def wait_state(store, job_id, state, timeout=30.0):
    end = time.monotonic() + timeout
    while store.get(job_id).state is not state:
        assert time.monotonic() < end, store.get(job_id)
        time.sleep(0.05)
    return store.get(job_id)


def test_restarted_job_is_warm_started_with_remaining_budget(store):
    """A job released with a saved roster and 6 of 10 s used restarts with that roster as
    hint and a 4 s budget, then finishes (attempt 2)."""
    add(store, tiny_request(time_limit=10))
    job = store.claim("dead-worker", 5)
    roster = pb.SolveResponse(assignments=[pb.Assignment(staff_id="ann", shift_id="small", requirement_id="0")])
    store.release(job, "dead-worker", 6.0, checkpoint=roster.SerializeToString())
    facade = SpyFacade()
    pool = WorkerPool(store, facade, POOL)
    pool.start()
    try:
        done = wait_state(store, "j1", JobState.SUCCEEDED)
    finally:
        pool.stop()
    assert done.attempts == 2 and done.checkpoint is None
    assert facade.calls[0]["deadline"] == pytest.approx(4.0)
    assert [(a.staff_id, a.shift_id) for a in facade.calls[0]["hint"]] == [("ann", "small")]
    assert pb.SolveResponse.FromString(done.result).objective == 7


def test_stop_releases_running_job_with_best_roster(store):
    """Graceful stop: the running job goes back to QUEUED with its best roster saved."""
    add(store, hard_request(time_limit=60))
    pool = WorkerPool(store, RosterFacade(), POOL)
    pool.start()
    end = time.monotonic() + 30
    while store.get("j1").checkpoint_us is None:
        assert time.monotonic() < end
        time.sleep(0.05)
    pool.stop(release=True)
    job = store.get("j1")
    assert job.state is JobState.QUEUED and job.attempts == 1 and job.used_seconds > 0
    again = store.claim("next", 5)
    assert len(pb.SolveResponse.FromString(again.checkpoint).assignments) > 0


def test_lost_lease_stops_the_solve_and_never_finishes(store):
    """When another worker takes the lease over, the local solve stops and does not finish the job."""
    add(store, hard_request(time_limit=60))
    pool = WorkerPool(store, RosterFacade(), POOL)
    pool.start()
    try:
        wait_state(store, "j1", JobState.RUNNING)
        # The pool may win the expired job back before the thief asks (a race on a busy
        # machine): expire again until the thief holds it.
        end = time.monotonic() + 10
        thief = None
        while thief is None:
            assert time.monotonic() < end, "the thief never got the expired job"
            store.expire_leases([pool.owner])
            thief = store.claim("thief", 60)
        assert thief.id == "j1" and thief.attempts >= 2
        end = time.monotonic() + 10
        while pool.running_ids():
            assert time.monotonic() < end, "the local solve did not stop"
            time.sleep(0.05)
        job = store.get("j1")
        assert job.state is JobState.RUNNING and job.lease_owner == "thief"
    finally:
        pool.stop()


def test_solve_error_fails_the_job_with_internal(store):
    """An unexpected error in the solve: FAILED with code INTERNAL and a generic message."""
    add(store, tiny_request())
    pool = WorkerPool(store, Failing(), POOL)
    pool.start()
    try:
        job = wait_state(store, "j1", JobState.FAILED)
    finally:
        pool.stop()
    assert job.error_code == 13 and "internal error" in job.error_message and "boom" not in job.error_message


def test_finish_hook_runs_in_the_finishing_transaction(store):
    """on_finish gets the cursor of the finishing transaction and the finished job."""
    add(store, tiny_request())
    seen = []
    event = threading.Event()

    def hook(cur, job, request, response):
        cur.execute("SELECT state FROM solve_jobs WHERE id = %s", (job.id,))
        seen.append((cur.fetchone()[0], job.state, request.problem.id, response.objective))
        event.set()

    pool = WorkerPool(store, RosterFacade(), POOL, on_finish=hook)
    pool.start()
    try:
        assert event.wait(30)
    finally:
        pool.stop()
    assert seen == [("SUCCEEDED", JobState.SUCCEEDED, "tiny", 7)]
