"""The API layer: protobuf <-> domain conversion, request limits, JSON files and the
facade that the gRPC server and the CLI share."""

from .facade import RosterFacade
from .limits import Limits

__all__ = ["Limits", "RosterFacade"]
