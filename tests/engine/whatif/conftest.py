"""Fixtures of the what-if tests (builders in ``whatif_builders``)."""

from __future__ import annotations

import pytest
from whatif_builders import assign, at, past, problem, shift, staff


class Tiny:
    at, shift, staff, problem, assign = staticmethod(at), staticmethod(shift), staticmethod(staff), \
        staticmethod(problem), staticmethod(assign)
    past = staticmethod(past)


@pytest.fixture(scope="session")
def tiny() -> type[Tiny]:
    """The tiny-problem builders."""
    return Tiny
