"""Feasibility precompute: static eligibility (H1, H2, H5, H10 category_max 0, H3/H4/H8
against duties worked before the horizon, the S7 hard threshold) and the per-staff
conflicting shift pairs (H3, H4, H8 rest after nights), by Numba kernels with a
plain-Python reference."""

from .compute import compute_feasibility, warm_up
from .exclusion import first_static_exclusion
from .feasibility import RULE_H3, RULE_H4, RULE_H8, Feasibility

__all__ = [
    "Feasibility",
    "RULE_H3",
    "RULE_H4",
    "RULE_H8",
    "compute_feasibility",
    "first_static_exclusion",
    "warm_up",
]
