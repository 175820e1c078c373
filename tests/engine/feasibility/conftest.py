"""Fixtures for feasibility tests."""

from __future__ import annotations

import pytest

from safeshift.engine.feasibility import compute_feasibility


@pytest.fixture(params=[False, True], ids=["kernels", "reference"])
def feasibility(request):
    """``compute_feasibility`` run by the kernels, then by the reference."""
    return lambda p: compute_feasibility(p, use_reference=request.param)
