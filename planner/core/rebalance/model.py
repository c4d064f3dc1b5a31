"""The programme's containers: column indices, constraint rows, and the built model.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from planner.core.problem import AccountState
from planner.core.rebalance.slots import Slot

#: How close to the best plan the solver must prove its plan is: within ``ABS_GAP`` dollars
#: of objective plus ``MIP_GAP`` of the objective itself (see the offset in :func:`build_model`).
ABS_GAP = 1.0
#: The MILP's objective in thousands of dollars: keeps HiGHS's cost range well conditioned.
OBJECTIVE_SCALE = 1e-3
MIP_GAP = 1e-4


@dataclass(frozen=True)
class Csr:
    """A sparse matrix in compressed-row form, as HiGHS takes it: each row's column indices
    in order, each (row, column) once. (scipy.sparse builds the same arrays; it is not used
    here because importing it costs the app's start a fifth of a second.)"""

    shape: tuple[int, int]
    indptr: np.ndarray  # row i's entries are [indptr[i], indptr[i + 1])
    indices: np.ndarray  # their columns
    data: np.ndarray  # their values

    @property
    def nnz(self) -> int:
        return len(self.data)

    @classmethod
    def from_triplets(
        cls, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, shape: tuple[int, int]
    ) -> Csr:
        """The matrix whose (rows[k], cols[k]) entry is the sum of vals[k] over the k that
        name it (a zero sum stays an explicit entry, as scipy keeps it)."""
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        vals = np.asarray(vals, dtype=np.float64)
        key = rows * max(shape[1], 1) + cols
        order = np.argsort(key, kind="stable")
        key, vals = key[order], vals[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        starts = np.flatnonzero(first)
        data = np.add.reduceat(vals, starts) if len(starts) else np.zeros(0)
        unique = key[starts]
        r, c = np.divmod(unique, max(shape[1], 1))
        indptr = np.zeros(shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=shape[0]), out=indptr[1:])
        return cls(shape, indptr, c, data)


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
    """The MILP (``lo <= a_mat x <= hi``, bounds, costs, integrality), with what is needed to
    read its solution back."""

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
    a_mat: Csr
    lo: np.ndarray
    hi: np.ndarray
    offset: float  # dollars added to the objective so the relative gap acts as an absolute one
    lot_cols: list[tuple[int, int]] = field(default_factory=list)  # (slot, lot) per lot column


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

    def matrix(self, size: int) -> tuple[Csr, np.ndarray, np.ndarray]:
        if not self.r:
            empty = np.zeros(0)
            return Csr.from_triplets(empty, empty, empty, (0, size)), empty, empty
        mat = Csr.from_triplets(  # duplicates are summed
            np.concatenate(self.r),
            np.concatenate(self.c),
            np.concatenate(self.v),
            (self.count, size),
        )
        return mat, np.concatenate(self.lo), np.concatenate(self.hi)
