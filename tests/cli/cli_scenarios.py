"""Tiny scenarios for the CLI tests, as canonical-JSON dicts."""

from __future__ import annotations

DAY = "2026-03-0{}T{:02d}:00:00Z"  # March 2026: Europe/London is on UTC (GMT)


def shift(shift_id: str, day: int, start: int, end: int, category: str, competencies=()) -> dict:
    """A one-requirement shift on day ``day`` (2 = Monday 2026-03-02), hours in UTC."""
    end_day, end_hour = (day + 1, end - 24) if end >= 24 else (day, end)
    requirement = {"id": "r", "minHeadcount": 1}
    if competencies:
        requirement["competencyIds"] = list(competencies)
    return {
        "id": shift_id,
        "start": DAY.format(day, start),
        "end": DAY.format(end_day, end_hour),
        "category": category,
        "requirements": [requirement],
    }


def scenario(shifts=None, time_limit: float = 10) -> dict:
    """Alice (cost 10/h) and Bob (cost 20/h); by default one Early shift on each of three days."""
    shifts = shifts if shifts is not None else [shift(f"e{d}", d, 7, 15, "Early") for d in (2, 3, 4)]
    return {
        "problem": {
            "id": "tiny",
            "timezone": "Europe/London",
            "staff": [
                {"id": "a", "name": "Alice", "costPerHour": "10"},
                {"id": "b", "name": "Bob", "costPerHour": "20"},
            ],
            "shifts": shifts,
        },
        "parameters": {"timeLimitSeconds": time_limit, "workers": 1, "seed": 1},
    }
