"""Importers of published benchmark formats into ``Problem``."""

from .curtois import CurtoisFormatError, load_curtois

__all__ = ["CurtoisFormatError", "load_curtois"]
