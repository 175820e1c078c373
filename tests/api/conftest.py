"""Shared builders for the API tests: a small valid problem message and error capture."""

from __future__ import annotations

import pytest
from google.protobuf import json_format

from safeshift.engine.errors import InvalidProblemError
from safeshift.v1 import roster_pb2 as pb

TINY_PROBLEM = {
    "id": "tiny",
    "timezone": "Europe/London",
    "locations": [
        {"id": "L1", "name": "North", "latitude": 51.5, "longitude": -0.12},
        {"id": "L2", "name": "South", "latitude": 51.45, "longitude": -0.97},
    ],
    "competencyIds": ["RN", "HCA"],
    "contracts": [{"id": "full", "rules": {"maxTotalMinutes": 2400}}],
    "staff": [
        {"id": "alice", "homeLocationId": "L1", "contractId": "full", "competencies": [{"competencyId": "RN"}]},
        {"id": "bob", "homeLocationId": "L2", "competencies": [{"competencyId": "HCA"}]},
    ],
    "shifts": [
        {
            "id": "s1",
            "start": "2024-01-01T07:00:00Z",
            "end": "2024-01-01T15:00:00Z",
            "locationId": "L1",
            "category": "Early",
            "requirements": [{"competencyIds": ["RN"]}],
        },
        {
            "id": "s2",
            "start": "2024-01-02T07:00:00Z",
            "end": "2024-01-02T15:00:00Z",
            "locationId": "L2",
            "category": "Early",
            "requirements": [
                {"id": "rn", "competencyIds": ["RN"], "minHeadcount": 1, "maxHeadcount": 2},
                {"id": "hca", "competencyIds": ["HCA"]},
            ],
        },
    ],
    "preferences": [{"staffId": "bob", "want": False, "weight": 5, "date": "2024-01-02"}],
}


@pytest.fixture
def problem_msg() -> pb.Problem:
    """A fresh, valid two-staff, two-shift problem message (edit it per test)."""
    return json_format.ParseDict(TINY_PROBLEM, pb.Problem())


@pytest.fixture
def violations_of():
    """Call ``fn(*args)``, expect InvalidProblemError, return its (field, reason) pairs."""

    def run(fn, *args, **kwargs):
        with pytest.raises(InvalidProblemError) as info:
            fn(*args, **kwargs)
        return [(v.field, v.reason) for v in info.value.violations]

    return run
