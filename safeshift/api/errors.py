"""Errors of the resource-oriented RPCs (jobs, audit records), AIP-193 style.

The server maps each to its canonical code in ``server/errors.py``: bad names, page
tokens and filters to INVALID_ARGUMENT (``BadRequest``), unknown names to NOT_FOUND
(``ResourceInfo``), a wrong state to FAILED_PRECONDITION (``PreconditionFailure``) and a
reused idempotency key to ALREADY_EXISTS (``ResourceInfo``).
"""

from __future__ import annotations

from ..engine.errors import FieldViolation, InvalidProblemError, SafeShiftError


class InvalidRequestError(InvalidProblemError):
    """Bad request fields other than the problem: names, page tokens, filters."""

    @classmethod
    def of(cls, field: str, reason: str, description: str) -> InvalidRequestError:
        return cls([FieldViolation(field, reason, description)])


class NotFoundError(SafeShiftError):
    """No resource has this name."""

    def __init__(self, resource_type: str, name: str):
        self.resource_type, self.name = resource_type, name
        super().__init__(f"{name} not found")


class FailedPreconditionError(SafeShiftError):
    """The resource is in a state that does not allow the call."""

    def __init__(self, subject: str, type_: str, description: str):
        self.subject, self.type, self.description = subject, type_, description
        super().__init__(description)


class AlreadyExistsError(SafeShiftError):
    """A create collides with an existing resource (e.g. a reused request_id)."""

    def __init__(self, resource_type: str, name: str, description: str):
        self.resource_type, self.name, self.description = resource_type, name, description
        super().__init__(description)
