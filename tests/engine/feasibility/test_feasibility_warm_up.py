"""warm_up compiles the kernels on a tiny problem, once for every later problem."""

from __future__ import annotations

import pytest

from feasibility_builders import T0, at, problem, shift, staff
from safeshift.engine.feasibility import compute_feasibility, kernels, warm_up
from safeshift.engine.feasibility.compute import _tiny_problem
from safeshift.engine.model import Problem


def test_warm_up_runs():
    """warm_up returns, and the tiny problem gives the same answer by kernels and reference."""
    warm_up()
    got, want = compute_feasibility(_tiny_problem()), compute_feasibility(_tiny_problem(), use_reference=True)
    assert got.elig_req.tolist() == want.elig_req.tolist()
    assert got.pair_rest.tolist() == want.pair_rest.tolist() != []


def test_no_recompile_after_warm_up():
    """Other shapes of problem (empty, no locations) reuse the warmed-up compilation."""
    if not hasattr(kernels.conflicts_kernel, "signatures"):
        pytest.skip("JIT disabled")
    warm_up()
    compute_feasibility(problem([], [], horizon_start=T0, horizon_end=T0))
    compute_feasibility(Problem(staff=(staff(home=None),), shifts=(shift("a", at(0, 8), at(0, 16), loc=None),),
                                competency_ids=("PTS",)))  # fmt: skip
    for kernel in (kernels.eligibility_kernel, kernels.conflict_pairs_kernel, kernels.history_kernel):
        assert len(kernel.signatures) == 1
