"""The fatigue model behind S7 (docs/fatigue.md): the Three-Process Model of Alertness on
sleep inferred from a roster, as Numba kernels (``compute``) and a plain-Python reference
(``reference``, used by the validator)."""

from .compute import planning_alertness, problem_calendar, scores_of, sequence_alertness
from .model import score_of
from .reference import FatigueDuty, min_alertness

__all__ = [
    "FatigueDuty",
    "min_alertness",
    "planning_alertness",
    "problem_calendar",
    "score_of",
    "scores_of",
    "sequence_alertness",
]
