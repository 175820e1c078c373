"""The CP-SAT model builder: typed variables, one module per rule family, the objective."""

from .model import RosterModel, build_model
from .variables import Variables

__all__ = ["RosterModel", "Variables", "build_model"]
