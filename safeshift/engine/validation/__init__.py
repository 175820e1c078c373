"""The independent roster validator (docs/rules.md): pure Python, from the domain objects.

- ``validate_roster(problem, assignments)`` -> ``ValidationReport``: every hard-rule
  violation (H1..H11, the S7 hard threshold), the objective S1..S5 and S7, KPIs,
  uncovered demand with the reason each other person cannot fill it, and the fatigue
  scores per duty and per person.
- ``roster_violations(problem, assignments)``: the violations alone.
- ``roster_objective(problem, assignments)``: the objective breakdown alone.
- ``explain_exclusion(problem, assignments, staff_id, shift_id, requirement_id)`` ->
  ``Exclusion | None``: the first hard rule adding that assignment would break.

One module per rule family: ``competency`` (H1), ``availability`` (H2),
``overlap_rest`` (H3, H4), ``duty_length`` (H5), ``working_time`` (H6, H7), ``nights``
(H8), ``weekly_rest`` (H9), ``daily_limits`` and ``sequences`` (H10), ``pins`` (H11),
``objective`` (S1..S4, KPIs), ``fairness`` (S5), ``fatigue`` (S7), ``explain``.
"""

from .explain import explain_exclusion
from .validator import roster_objective, roster_violations, validate_roster

__all__ = ["explain_exclusion", "roster_objective", "roster_violations", "validate_roster"]
