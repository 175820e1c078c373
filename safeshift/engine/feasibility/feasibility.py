"""The result of the feasibility precompute: who may fill what, and which shift pairs clash."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RULE_H3 = 3  # door-to-door intervals overlap
RULE_H4 = 4  # rest between the two duties is below min_rest_minutes
RULE_H8 = 8  # a night shift, then a non-night one with rest below min_rest_after_nights_minutes


@dataclass(frozen=True)
class Feasibility:
    """Static eligibility (H1, H2, H5, H10 category_max 0; H3/H4/H8 against duties worked
    before the horizon; the S7 hard threshold) and per-staff conflicts (H3, H4, H8).

    Eligible triples are sorted by (staff, flat requirement): staff ``elig_staff[n]`` may
    fill flat requirement ``elig_req[n]`` of shift ``elig_shift[n]``. Conflicting pairs are
    CSR by staff (``pair_offset``); within a staff member they are sorted by the time order
    (start, then shift index) of ``a``, then of ``b``, and ``a`` comes before ``b``.
    """

    elig_staff: np.ndarray  # int32 [n_elig]
    elig_req: np.ndarray  # int32 [n_elig], flat requirement index
    elig_shift: np.ndarray  # int32 [n_elig], req_shift[elig_req]
    pair_offset: np.ndarray  # int64 [n_staff + 1]
    pair_a: np.ndarray  # int32, shift index, a before b
    pair_b: np.ndarray  # int32
    pair_rule: np.ndarray  # int8: RULE_H3 or RULE_H4
    pair_rest: np.ndarray  # int32: rest(a, b) minutes (rules.md H4); < 0 for H3
    # S7 planning fatigue score of each eligible triple's (staff, shift); -1: not computed
    # for that person. None when S7 matters for nobody (no weights.fatigue, no hard threshold).
    elig_fatigue: np.ndarray | None = None

    @property
    def n_staff(self) -> int:
        return len(self.pair_offset) - 1

    def eligible_range(self, staff: int) -> tuple[int, int]:
        """The slice ``lo:hi`` of the eligible triples of ``staff``."""
        lo = int(np.searchsorted(self.elig_staff, staff, side="left"))
        hi = int(np.searchsorted(self.elig_staff, staff, side="right"))
        return lo, hi

    def eligible_reqs(self, staff: int) -> np.ndarray:
        """Flat requirement indices ``staff`` may fill, ascending."""
        lo, hi = self.eligible_range(staff)
        return self.elig_req[lo:hi]

    def eligible_shifts(self, staff: int) -> np.ndarray:
        """Distinct shifts with any requirement ``staff`` may fill, ascending."""
        lo, hi = self.eligible_range(staff)
        return np.unique(self.elig_shift[lo:hi])

    def is_eligible(self, staff: int, flat_req: int) -> bool:
        """Whether ``staff`` may fill flat requirement ``flat_req``."""
        reqs = self.eligible_reqs(staff)
        pos = int(np.searchsorted(reqs, flat_req))
        return pos < len(reqs) and int(reqs[pos]) == flat_req

    def conflicts_of(self, staff: int) -> tuple[np.ndarray, np.ndarray]:
        """The conflicting shift pairs ``(a, b)`` of ``staff`` (views, a before b)."""
        lo, hi = int(self.pair_offset[staff]), int(self.pair_offset[staff + 1])
        return self.pair_a[lo:hi], self.pair_b[lo:hi]

    def conflict_details(self, staff: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(a, b, rule, rest)`` of the conflicting pairs of ``staff``."""
        lo, hi = int(self.pair_offset[staff]), int(self.pair_offset[staff + 1])
        return self.pair_a[lo:hi], self.pair_b[lo:hi], self.pair_rule[lo:hi], self.pair_rest[lo:hi]

    def fatigue_of(self, staff: int) -> dict[int, int]:
        """Planning fatigue score by shift for ``staff`` (empty when not computed)."""
        if self.elig_fatigue is None:
            return {}
        lo, hi = self.eligible_range(staff)
        return {int(j): int(f) for j, f in zip(self.elig_shift[lo:hi], self.elig_fatigue[lo:hi]) if f >= 0}

    @staticmethod
    def from_lists(n_staff: int, elig, pairs, fatigue=None) -> Feasibility:
        """Build from ``elig`` rows (staff, req, shift) sorted by (staff, req) and ``pairs``
        rows (staff, a, b, rule, rest) sorted by staff (then in the documented order);
        ``fatigue`` optionally gives the planning score of each ``elig`` row."""
        e = np.asarray(elig, dtype=np.int64).reshape(-1, 3)
        p = np.asarray(pairs, dtype=np.int64).reshape(-1, 5)
        counts = np.bincount(p[:, 0], minlength=n_staff) if len(p) else np.zeros(n_staff, np.int64)
        offset = np.zeros(n_staff + 1, dtype=np.int64)
        offset[1:] = np.cumsum(counts)
        return Feasibility(
            elig_staff=e[:, 0].astype(np.int32),
            elig_req=e[:, 1].astype(np.int32),
            elig_shift=e[:, 2].astype(np.int32),
            pair_offset=offset,
            pair_a=p[:, 1].astype(np.int32),
            pair_b=p[:, 2].astype(np.int32),
            pair_rule=p[:, 3].astype(np.int8),
            pair_rest=p[:, 4].astype(np.int32),
            elig_fatigue=None if fatigue is None else np.asarray(fatigue, dtype=np.int32).reshape(-1),
        )
