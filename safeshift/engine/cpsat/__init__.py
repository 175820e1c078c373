"""The CP-SAT model builder: typed variables, one module per rule family, the objective."""

from .model import RosterModel, RosterRules, build_model, build_rules
from .variables import Variables

__all__ = ["RosterModel", "RosterRules", "Variables", "build_model", "build_rules"]
