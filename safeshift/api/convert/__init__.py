"""All protobuf <-> domain conversion (the domain never imports protobuf)."""

from .problem import assignments_from_proto, assignments_to_proto, problem_from_proto, problem_to_proto
from .requests import solve_request_from_proto, time_limit_from_proto, validate_request_from_proto
from .results import (
    STATUS_TO_PROTO,
    final_progress,
    progress_to_proto,
    solve_result_to_proto,
    validation_to_proto,
)
from .whatif import whatif_options_from_proto, whatif_result_to_proto

__all__ = [
    "STATUS_TO_PROTO",
    "assignments_from_proto",
    "assignments_to_proto",
    "final_progress",
    "problem_from_proto",
    "problem_to_proto",
    "progress_to_proto",
    "solve_request_from_proto",
    "solve_result_to_proto",
    "time_limit_from_proto",
    "validate_request_from_proto",
    "validation_to_proto",
    "whatif_options_from_proto",
    "whatif_result_to_proto",
]
