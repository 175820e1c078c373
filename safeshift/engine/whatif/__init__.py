"""What-if job acceptance (docs/whatif.md): can we take this job (or bundle) safely, who
does it, what moves, and why not.

- ``Evaluator(problem, roster)``: built once; checks new jobs incrementally against each
  person's duties (H1..H5, H10, agreeing with the validator's ``explain_exclusion``).
- ``evaluate_jobs(evaluator, jobs, options)`` -> ``WhatIfResult``: per job ACCEPTABLE_AS_IS
  (ranked candidates), ACCEPTABLE_WITH_CHANGES (the smallest re-plan found, as moves) or
  NOT_ACCEPTABLE (the first rule excluding each competent person); optionally as a bundle.
"""

from .evaluate import evaluate_jobs
from .evaluator import Evaluator
from .results import (
    BundleEvaluation,
    Candidate,
    CompetencySummary,
    Decision,
    JobEvaluation,
    Move,
    Plan,
    WhatIfOptions,
    WhatIfResult,
)

__all__ = [
    "BundleEvaluation",
    "Candidate",
    "CompetencySummary",
    "Decision",
    "Evaluator",
    "JobEvaluation",
    "Move",
    "Plan",
    "WhatIfOptions",
    "WhatIfResult",
    "evaluate_jobs",
]
