"""Micro-benchmarks: the Numba feasibility kernels against the plain-Python reference.

    pytest benchmarks/test_bench_feasibility.py

Both run on the same generated problem in the same run, so compare their ratio.
"""

import pytest

from safeshift.engine.feasibility import compute_feasibility, warm_up

from .problems import rail_like

SIZES = {"100x28": (100, 28), "300x28": (300, 28)}


@pytest.fixture(scope="module", params=sorted(SIZES))
def problem(request):
    warm_up()
    n_staff, n_days = SIZES[request.param]
    return rail_like(n_staff, n_days, seed=1)


def test_kernels(benchmark, problem):
    """Numba kernels: eligibility and conflict pairs."""
    benchmark.group = problem.id
    out = benchmark(compute_feasibility, problem)
    assert len(out.elig_staff) > 0


def test_reference(benchmark, problem):
    """Plain-Python reference implementation on the same problem."""
    benchmark.group = problem.id
    out = benchmark.pedantic(compute_feasibility, args=(problem,), kwargs={"use_reference": True}, rounds=2)
    assert len(out.elig_staff) > 0
