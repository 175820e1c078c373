"""Domain exceptions -> rich gRPC errors (AIP-193), in one place.

``InvalidProblemError`` becomes INVALID_ARGUMENT with a ``google.rpc.BadRequest`` (one
field violation per bad field: path, stable reason, description); ``LimitExceededError``
becomes RESOURCE_EXHAUSTED with a ``google.rpc.QuotaFailure`` naming the limit. Both
also carry a ``google.rpc.ErrorInfo`` (stable reason, domain ``safeshift``). The resource
errors of the job and audit services (``api.errors``) become INVALID_ARGUMENT
(``BadRequest``), NOT_FOUND (``ResourceInfo``), FAILED_PRECONDITION
(``PreconditionFailure``) and ALREADY_EXISTS (``ResourceInfo``). Anything else is INTERNAL
with a generic message: the traceback goes to the server log only.
"""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from ..api.errors import AlreadyExistsError, FailedPreconditionError, InvalidRequestError, NotFoundError
from ..engine.errors import InvalidProblemError, LimitExceededError

ERROR_DOMAIN = "safeshift"
INTERNAL_MESSAGE = "internal error; the server log has the details"


def _pack(*details) -> list[any_pb2.Any]:
    packed = []
    for detail in details:
        any_msg = any_pb2.Any()
        any_msg.Pack(detail)
        packed.append(any_msg)
    return packed


def invalid_problem_status(exc: InvalidProblemError) -> status_pb2.Status:
    """INVALID_ARGUMENT with one BadRequest field violation per bad field."""
    bad_request = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(
                field=v.field, description=v.description, reason=v.reason
            )
            for v in exc.violations
        ]
    )
    info = error_details_pb2.ErrorInfo(
        reason="INVALID_PROBLEM",
        domain=ERROR_DOMAIN,
        metadata={"violations": str(len(exc.violations))},
    )
    return status_pb2.Status(
        code=code_pb2.INVALID_ARGUMENT,
        message=f"invalid request: {exc}",
        details=_pack(bad_request, info),
    )


def limit_exceeded_status(exc: LimitExceededError) -> status_pb2.Status:
    """RESOURCE_EXHAUSTED with a QuotaFailure whose subject is the limit's name."""
    quota = error_details_pb2.QuotaFailure(
        violations=[error_details_pb2.QuotaFailure.Violation(subject=exc.limit, description=str(exc))]
    )
    info = error_details_pb2.ErrorInfo(
        reason="LIMIT_EXCEEDED",
        domain=ERROR_DOMAIN,
        metadata={"limit": exc.limit, "value": str(exc.value), "maximum": str(exc.maximum)},
    )
    return status_pb2.Status(
        code=code_pb2.RESOURCE_EXHAUSTED,
        message=str(exc),
        details=_pack(quota, info),
    )


def internal_status() -> status_pb2.Status:
    """INTERNAL with a generic message (no exception text, no traceback)."""
    return status_pb2.Status(code=code_pb2.INTERNAL, message=INTERNAL_MESSAGE)


def invalid_request_status(exc: InvalidRequestError) -> status_pb2.Status:
    """INVALID_ARGUMENT for a bad name, page token or filter: field violations as for a
    bad problem, ErrorInfo reason INVALID_ARGUMENT."""
    status = invalid_problem_status(exc)
    info = error_details_pb2.ErrorInfo(reason="INVALID_ARGUMENT", domain=ERROR_DOMAIN,
                                       metadata={"violations": str(len(exc.violations))})
    status.details[1].CopyFrom(_pack(info)[0])
    return status


def not_found_status(exc: NotFoundError) -> status_pb2.Status:
    """NOT_FOUND with a ResourceInfo naming the missing resource."""
    resource = error_details_pb2.ResourceInfo(resource_type=exc.resource_type, resource_name=exc.name,
                                              description=str(exc))
    info = error_details_pb2.ErrorInfo(reason="NOT_FOUND", domain=ERROR_DOMAIN, metadata={"name": exc.name})
    return status_pb2.Status(code=code_pb2.NOT_FOUND, message=str(exc), details=_pack(resource, info))


def failed_precondition_status(exc: FailedPreconditionError) -> status_pb2.Status:
    """FAILED_PRECONDITION with a PreconditionFailure (e.g. cancelling a finished job)."""
    failure = error_details_pb2.PreconditionFailure(violations=[error_details_pb2.PreconditionFailure.Violation(
        type=exc.type, subject=exc.subject, description=exc.description)])
    info = error_details_pb2.ErrorInfo(reason="FAILED_PRECONDITION", domain=ERROR_DOMAIN,
                                       metadata={"subject": exc.subject})
    return status_pb2.Status(code=code_pb2.FAILED_PRECONDITION, message=exc.description,
                             details=_pack(failure, info))


def already_exists_status(exc: AlreadyExistsError) -> status_pb2.Status:
    """ALREADY_EXISTS with a ResourceInfo naming the existing resource (a reused request_id)."""
    resource = error_details_pb2.ResourceInfo(resource_type=exc.resource_type, resource_name=exc.name,
                                              description=exc.description)
    info = error_details_pb2.ErrorInfo(reason="REQUEST_ID_REUSED", domain=ERROR_DOMAIN, metadata={"name": exc.name})
    return status_pb2.Status(code=code_pb2.ALREADY_EXISTS, message=exc.description, details=_pack(resource, info))


# Exception type -> status builder. Checked in order; the first isinstance match wins.
_MAPPERS = (
    (InvalidRequestError, invalid_request_status),  # before InvalidProblemError, its base class
    (NotFoundError, not_found_status),
    (FailedPreconditionError, failed_precondition_status),
    (AlreadyExistsError, already_exists_status),
    (InvalidProblemError, invalid_problem_status),
    (LimitExceededError, limit_exceeded_status),
)


def domain_status(exc: BaseException) -> status_pb2.Status | None:
    """The ``google.rpc.Status`` of a domain exception, or None if ``exc`` is not one."""
    for exc_type, build in _MAPPERS:
        if isinstance(exc, exc_type):
            return build(exc)
    return None


def to_grpc_status(status: status_pb2.Status) -> grpc.Status:
    """The ``grpc.Status`` (code, message, trailing metadata) for ``context.abort_with_status``."""
    return rpc_status.to_status(status)
