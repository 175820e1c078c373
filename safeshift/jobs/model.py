"""Jobs as the store keeps them: plain values, no protobuf (payloads are opaque bytes)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from ..api.errors import InvalidRequestError

NAME_PREFIX = "jobs/"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
RESOURCE_TYPE = "safeshift.v1.SolveJob"


class JobState(str, enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def terminal(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


@dataclass(frozen=True)
class Job:
    """One solve job. ``request``, ``result`` and ``checkpoint`` are serialized messages
    (``SolveRequest``, ``SolveResponse``, ``SolveResponse`` holding the best roster) and
    are None when not loaded. Times are microseconds since the epoch."""

    id: str
    seq: int
    state: JobState
    request_id: str
    caller: str
    problem_id: str
    request_sha256: str
    time_limit_seconds: float
    create_us: int
    update_us: int
    start_us: int | None = None
    end_us: int | None = None
    attempts: int = 0
    cancel_requested: bool = False
    lease_owner: str = ""
    lease_expires_us: int | None = None
    progress: bytes | None = None  # SolveImprovement
    used_seconds: float = 0.0  # solve time spent by interrupted attempts
    checkpoint_us: int | None = None
    error_code: int = 0
    error_message: str = ""
    request: bytes | None = None
    result: bytes | None = None
    checkpoint: bytes | None = None

    @property
    def name(self) -> str:
        return NAME_PREFIX + self.id


@dataclass(frozen=True)
class NewJob:
    """What a create stores."""

    id: str
    request: bytes
    request_sha256: str
    request_id: str
    caller: str
    problem_id: str
    time_limit_seconds: float


def job_id_from_name(name: str, field: str = "name") -> str:
    """The id in ``jobs/{id}``; INVALID_ARGUMENT for anything else."""
    if not name.startswith(NAME_PREFIX) or not ID_PATTERN.fullmatch(name[len(NAME_PREFIX):]):
        raise InvalidRequestError.of(
            field, "INVALID_NAME", f"expected a job name like jobs/0a1b2c3d4e5f6789, got {name!r}"
        )
    return name[len(NAME_PREFIX):]
