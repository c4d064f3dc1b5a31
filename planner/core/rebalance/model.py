"""The programme's containers: column indices, constraint rows, and the built model.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix

from planner.core.problem import AccountState
from planner.core.rebalance.slots import Slot

#: How close to the best plan the solver must prove its plan is: within ``ABS_GAP`` dollars
#: of objective plus ``MIP_GAP`` of the objective itself (see the offset in :func:`build_model`).
ABS_GAP = 1.0
#: The MILP's objective in thousands of dollars: keeps HiGHS's cost range well conditioned.
OBJECTIVE_SCALE = 1e-3
MIP_GAP = 1e-4


class Columns:
    """Hands out column indices a block at a time."""

    def __init__(self) -> None:
        self.size = 0

    def block(self, m: int) -> int:
        start = self.size
        self.size += m
        return start


@dataclass
class Layout:
    """Column indices of the MILP's variables."""

    n_slots: int
    n_accounts: int
    n_buckets: int
    n_lots: int = 0
    n_order: int = 0
    n_groups: int = 0

    def __post_init__(self) -> None:
        n, a, k = self.n_slots, self.n_accounts, self.n_buckets
        cols = Columns()
        self.b = cols.block(n)
        self.s = cols.block(n)
        self.c = cols.block(n)  # "close": sell the fractional remainder too
        self.zb = cols.block(n)
        self.zs = cols.block(n)
        self.new = cols.block(a)  # the household's new cash placed in each account
        self.dp = cols.block(k)
        self.dm = cols.block(k)
        self.out = cols.block(k)
        self.lot = cols.block(self.n_lots)  # shares sold from each lot of a many-lot slot
        self.order = cols.block(self.n_order)  # hifo/fifo: lot sold out before the next
        self.gs = cols.block(1)  # net short-term gain
        self.gl = cols.block(1)  # net long-term gain
        self.tax = cols.block(1)
        self.y = cols.block(3)  # netting: short >= 0, long >= 0, net >= 0
        self.carry = cols.block(1)  # harvesting: net loss carried forward
        self.wash = cols.block(self.n_groups)  # a loss sale in this wash-sale group
        self.one = cols.block(1)  # fixed at 1: carries the objective's constant terms
        self.size = cols.size


@dataclass
class Model:
    """The MILP in scipy's form, with what is needed to read its solution back."""

    slots: list[Slot]
    accounts: list[AccountState]
    layout: Layout
    price: np.ndarray
    q: np.ndarray  # shares held
    whole: np.ndarray  # shares that may be sold one by one
    frac: np.ndarray  # fractional remainder, sold only by closing the position
    cost: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    integrality: np.ndarray
    a_mat: csr_matrix
    lo: np.ndarray
    hi: np.ndarray
    offset: float  # dollars added to the objective so the relative gap acts as an absolute one
    lot_cols: list[tuple[int, int]] = field(default_factory=list)  # (slot, lot) per lot column
    lot_ub: np.ndarray = field(default_factory=lambda: np.zeros(0))  # shares sellable per lot


class Rows:
    """Constraint rows built a block at a time (one row per index), as COO triplets."""

    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lo: list[np.ndarray] = []
        self.hi: list[np.ndarray] = []
        self.count = 0

    def block(
        self,
        terms: Sequence[tuple[np.ndarray, np.ndarray | float]],
        lo: np.ndarray | float,
        hi: np.ndarray | float,
    ) -> None:
        """Rows ``lo <= sum_t vals_t * x[cols_t] <= hi``, one per element of the column arrays."""
        m = len(terms[0][0])
        if m == 0:
            return
        rows = np.arange(self.count, self.count + m)
        for cols, vals in terms:
            self.r.append(rows)
            self.c.append(np.asarray(cols))
            self.v.append(np.broadcast_to(np.asarray(vals, dtype=float), (m,)))
        self.lo.append(np.broadcast_to(np.asarray(lo, dtype=float), (m,)))
        self.hi.append(np.broadcast_to(np.asarray(hi, dtype=float), (m,)))
        self.count += m

    def row(self, cols: Sequence[int], vals: Sequence[float], lo: float, hi: float) -> None:
        """One row with many terms."""
        self.r.append(np.full(len(cols), self.count))
        self.c.append(np.asarray(cols, dtype=int))
        self.v.append(np.asarray(vals, dtype=float))
        self.lo.append(np.array([lo]))
        self.hi.append(np.array([hi]))
        self.count += 1

    def matrix(self, size: int) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
        if not self.r:
            return csr_matrix((0, size)), np.zeros(0), np.zeros(0)
        mat = coo_matrix(
            (np.concatenate(self.v), (np.concatenate(self.r), np.concatenate(self.c))),
            shape=(self.count, size),
        ).tocsr()  # duplicates are summed
        return mat, np.concatenate(self.lo), np.concatenate(self.hi)
