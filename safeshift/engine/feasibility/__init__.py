"""Feasibility precompute: static eligibility (H1, H2, H5, H10 category_max 0) and the
per-staff conflicting shift pairs (H3, H4), by Numba kernels with a plain-Python reference."""

from .compute import compute_feasibility, warm_up
from .exclusion import first_static_exclusion
from .feasibility import RULE_H3, RULE_H4, Feasibility

__all__ = [
    "Feasibility",
    "RULE_H3",
    "RULE_H4",
    "compute_feasibility",
    "first_static_exclusion",
    "warm_up",
]
