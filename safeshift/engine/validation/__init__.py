"""The independent roster validator (docs/rules.md): pure Python, from the domain objects.

- ``validate_roster(problem, assignments)`` -> ``ValidationReport``: every hard-rule
  violation (H1..H5, H10, H11), the objective S1..S4, KPIs and uncovered demand with
  the reason each other person cannot fill it.
- ``explain_exclusion(problem, assignments, staff_id, shift_id, requirement_id)`` ->
  ``Exclusion | None``: the first hard rule adding that assignment would break.

One module per rule family: ``competency`` (H1), ``availability`` (H2),
``overlap_rest`` (H3, H4), ``duty_length`` (H5), ``daily_limits`` and ``sequences``
(H10), ``pins`` (H11), ``objective`` (S1..S4, KPIs), ``explain``.
"""

from .explain import explain_exclusion
from .validator import validate_roster

__all__ = ["explain_exclusion", "validate_roster"]
