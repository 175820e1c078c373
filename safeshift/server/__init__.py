"""The gRPC server: RosterService over the facade, health, reflection and interceptors."""

from .app import build_server, serve
from .servicer import RosterServicer

__all__ = ["RosterServicer", "build_server", "serve"]
