"""Fixtures for the fatigue-rule tests: compile the kernels once, before any timed solve."""

from __future__ import annotations

import pytest

from safeshift.engine.feasibility import warm_up


@pytest.fixture(scope="session", autouse=True)
def _warm_kernels():
    """Pay the kernels' compile cost outside the solves' time limits."""
    warm_up()
