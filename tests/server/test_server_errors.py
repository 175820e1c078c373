"""Domain exceptions -> google.rpc.Status (safeshift.server.errors)."""

from __future__ import annotations

from google.rpc import code_pb2, error_details_pb2

from safeshift.engine.errors import FieldViolation, InvalidProblemError, LimitExceededError
from safeshift.server.errors import INTERNAL_MESSAGE, domain_status, internal_status, to_grpc_status


def _detail(status, message_type):
    for any_msg in status.details:
        if any_msg.Is(message_type.DESCRIPTOR):
            out = message_type()
            any_msg.Unpack(out)
            return out
    raise AssertionError(f"no {message_type.DESCRIPTOR.full_name} detail in {status}")


def test_invalid_problem_maps_to_invalid_argument_with_bad_request():
    """Every field violation becomes a BadRequest.FieldViolation with field, reason and description."""
    exc = InvalidProblemError([
        FieldViolation("problem.shifts[0].end", "END_NOT_AFTER_START", "end must be after start"),
        FieldViolation("problem.staff[1].id", "DUPLICATE_ID", "duplicate id"),
    ])
    status = domain_status(exc)
    assert status.code == code_pb2.INVALID_ARGUMENT
    bad = _detail(status, error_details_pb2.BadRequest)
    assert [(v.field, v.reason, v.description) for v in bad.field_violations] == [
        ("problem.shifts[0].end", "END_NOT_AFTER_START", "end must be after start"),
        ("problem.staff[1].id", "DUPLICATE_ID", "duplicate id"),
    ]
    assert _detail(status, error_details_pb2.ErrorInfo).reason == "INVALID_PROBLEM"


def test_limit_exceeded_maps_to_resource_exhausted_naming_the_limit():
    """LimitExceededError becomes RESOURCE_EXHAUSTED with a QuotaFailure whose subject is the limit."""
    status = domain_status(LimitExceededError("problem.staff", 2001, 2000))
    assert status.code == code_pb2.RESOURCE_EXHAUSTED
    quota = _detail(status, error_details_pb2.QuotaFailure)
    assert [v.subject for v in quota.violations] == ["problem.staff"]
    info = _detail(status, error_details_pb2.ErrorInfo)
    assert dict(info.metadata) == {"limit": "problem.staff", "value": "2001", "maximum": "2000"}


def test_other_exceptions_are_not_domain_errors():
    """A programming error has no domain status; the INTERNAL status says nothing about it."""
    assert domain_status(ZeroDivisionError("secret")) is None
    status = internal_status()
    assert status.code == code_pb2.INTERNAL and status.message == INTERNAL_MESSAGE and not status.details


def test_grpc_status_carries_details_in_trailing_metadata():
    """to_grpc_status packs the rich status into the grpc-status-details-bin trailer."""
    status = domain_status(LimitExceededError("max_concurrent_solves", 3, 2))
    grpc_status = to_grpc_status(status)
    assert grpc_status.code.value[0] == code_pb2.RESOURCE_EXHAUSTED
    assert dict(grpc_status.trailing_metadata)["grpc-status-details-bin"] == status.SerializeToString()
