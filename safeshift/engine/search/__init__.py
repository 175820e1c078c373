"""Search beyond one CP-SAT model, for large problems: a fast construction of a first
roster (``construct``) and large-neighbourhood search over staff subsets (``lns``), both
made of small CP-SAT sub-models (``submodel``)."""

from .construct import construct
from .lns import improve
from .submodel import FAST_START_WORKERS, objective_is_separable, to_assignments, to_pairs

__all__ = ["FAST_START_WORKERS", "construct", "improve", "objective_is_separable", "to_assignments", "to_pairs"]
