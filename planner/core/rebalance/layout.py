"""The mixed-integer programme: variables, bounds, constraint rows and costs, in scipy's form.

The model (all terms in dollars)::

    minimise   W_out * sum_k out_k            drift beyond each bucket's band
             + W_drift * sum_k |dev_k|        drift inside it
             + W_turn * sum_i p_i (b_i + s_i) turnover
             + tax                            estimated tax on net realised gains
             + C * (number of trades)         a cost per ticket
             + W_q * (value left in low-quality names)
    subject to
      dev_k = sum_i p_i m_ik (q_i + b_i - s_i) + [k = cash] cash_after - w_k T
      out_k >= |dev_k| - band_k T,  out_k >= 0
      tax >= sum_{i taxable} rate (p_i - c_i) s_i,  tax >= 0      (losses offset gains)
      cash_a + sum_{i in a} p_i (s_i - b_i) >= reserve_a            (per account)
      0 <= s_i <= q_i (no shorts), b_i, s_i whole shares unless fractional,
      every trade is zero or at least min_trade dollars (a smaller position may be sold whole),
      no buy of a flagged low-quality name, nor of anything but held securities and vehicles,
      no loss sale and buy of the same symbol anywhere in the plan (wash sale).

Units: money in dollars, quantities in shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix

from planner.core.policy import BUCKETS
from planner.core.problem import AccountState, Problem
from planner.core.rebalance.slots import Slot, band_widths, mix_vector, reserve_floor

#: How close to the best plan the solver must prove its plan is: within ``ABS_GAP`` dollars
#: of objective plus ``MIP_GAP`` of the objective itself (see the offset in :func:`build_model`).
ABS_GAP = 1.0
#: The MILP's objective in thousands of dollars: keeps HiGHS's cost range well conditioned.
OBJECTIVE_SCALE = 1e-3
MIP_GAP = 1e-4


@dataclass
class Layout:
    """Column indices of the MILP's variables."""

    n_slots: int
    n_accounts: int
    n_buckets: int

    def __post_init__(self) -> None:
        n, a, k = self.n_slots, self.n_accounts, self.n_buckets
        self.b = 0
        self.s = n
        self.c = 2 * n  # "close": sell the fractional remainder too
        self.zb = 3 * n
        self.zs = 4 * n
        self.new = 5 * n  # new cash placed in each account (cash_flow)
        self.dp = 5 * n + a
        self.dm = self.dp + k
        self.out = self.dm + k
        self.tax = self.out + k
        self.one = self.tax + 1  # fixed at 1: carries the objective's constant terms
        self.size = self.one + 1


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
        mat = coo_matrix(
            (np.concatenate(self.v), (np.concatenate(self.r), np.concatenate(self.c))),
            shape=(self.count, size),
        ).tocsr()  # duplicates are summed
        return mat, np.concatenate(self.lo), np.concatenate(self.hi)


def wash_sale_pairs(slots: Sequence[Slot], buyable: np.ndarray) -> list[tuple[int, int]]:
    """(i, j): selling slot i would realise a loss and slot j buys the same security - the
    plan may do one or the other, never both."""
    by_symbol: dict[str, list[int]] = {}
    for i, sl in enumerate(slots):
        by_symbol.setdefault(sl.symbol, []).append(i)
    return [
        (i, j)
        for i, sl in enumerate(slots)
        if sl.taxed and sl.can_sell and sl.avg_cost is not None and sl.price < sl.avg_cost
        for j in by_symbol[sl.symbol]
        if buyable[j]
    ]


def build_model(problem: Problem, slots: list[Slot], total: float) -> Model:
    policy = problem.policy
    trading = policy.trading
    accounts = list(problem.accounts)
    n, na, nk = len(slots), len(accounts), len(BUCKETS)
    L = Layout(n, na, nk)
    idx = np.arange(n)
    price = np.array([s.price for s in slots], dtype=float)
    q = np.array([s.shares for s in slots], dtype=float)
    whole = np.floor(q + 1e-9) if not trading.fractional else q.copy()
    frac = np.where(q - whole > 1e-9, q - whole, 0.0)
    mixes = np.array([mix_vector(problem.securities[s.symbol]) for s in slots]).reshape(n, nk)
    targets = np.array([problem.targets.get(k, 0.0) for k in BUCKETS])
    bands = band_widths(problem)
    cash_k = BUCKETS.index("cash")
    w = policy.weights
    rate = policy.tax.long_term
    lq = np.array([problem.securities[s.symbol].low_quality for s in slots], dtype=bool)
    can_buy = np.array([s.can_buy for s in slots], dtype=bool)
    can_sell = np.array([s.can_sell for s in slots], dtype=bool)
    acct_of = np.array([[a.id for a in accounts].index(s.account_id) for s in slots], dtype=int)

    cost = np.zeros(L.size)
    lb = np.zeros(L.size)
    ub = np.full(L.size, np.inf)
    integrality = np.zeros(L.size)

    # turnover, tickets, drift, tax; low-quality value left (its constant part goes on "one")
    lq_sell = np.where(lq, -w.low_quality * price, 0.0)
    cost[L.b : L.b + n] = w.turnover * price
    cost[L.s : L.s + n] = w.turnover * price + lq_sell
    cost[L.c : L.c + n] = (w.turnover * price + lq_sell) * frac
    cost[L.zb : L.zb + 2 * n] = trading.cost_per_trade
    cost[L.dp : L.dp + 2 * nk] = w.drift
    cost[L.out : L.out + nk] = w.outside_band
    cost[L.tax] = 1.0
    # Constant terms on a variable fixed at 1: the low-quality value held now (so the objective
    # is the plan's true cost) and an offset that turns HiGHS's relative gap into an absolute
    # one - the plan is proven within ABS_GAP dollars (+ MIP_GAP of its cost) of the best
    # plan there is, instead of chasing fractions of a cent.
    offset = ABS_GAP / MIP_GAP
    cost[L.one] = w.low_quality * float(np.sum(np.where(lq, q * price, 0.0))) + offset
    lb[L.one] = ub[L.one] = 1.0

    # The most an account could spend on one security: its cash, all it could sell, and
    # (cash_flow) all the new cash; and never more than would fill every bucket the security
    # is in to target + band, plus one minimum trade: beyond that each dollar adds as much
    # drift where it goes as it takes from where it came from, and costs turnover. Tight
    # bounds, tight model.
    spendable = np.array([max(0.0, a.cash) for a in accounts])
    np.add.at(spendable, acct_of, np.where(can_sell, q * price, 0.0))
    if trading.mode == "cash_flow":
        spendable += trading.new_cash
    room = (targets + bands) * total  # dollars each bucket may hold before it is over its band
    with np.errstate(divide="ignore"):
        per_bucket = np.where(mixes > 1e-12, room / np.where(mixes > 1e-12, mixes, 1.0), 0.0)
    fill = per_bucket.max(axis=1) if n else np.zeros(0)
    most = np.minimum(spendable[acct_of], fill + trading.min_trade + price)
    buy_cap = most / price if trading.fractional else np.floor(most / price + 1e-9)
    ub[L.b : L.b + n] = np.where(can_buy, buy_cap, 0.0)
    ub[L.s : L.s + n] = np.where(can_sell, whole, 0.0)
    ub[L.c : L.c + n] = np.where(can_sell & (frac > 0), 1.0, 0.0)
    ub[L.zb : L.zb + n] = np.where(ub[L.b : L.b + n] > 0, 1.0, 0.0)
    ub[L.zs : L.zs + n] = np.where(can_sell, 1.0, 0.0)
    if trading.mode != "cash_flow":
        ub[L.new : L.new + na] = 0.0
    integrality[L.c : L.c + n] = 1
    integrality[L.zb : L.zb + 2 * n] = 1
    if not trading.fractional:
        integrality[L.b : L.b + 2 * n] = 1

    R = Rows()
    b, s_, c, zb, zs = idx + L.b, idx + L.s, idx + L.c, idx + L.zb, idx + L.zs
    # buys: zero or at least min_trade dollars
    R.block([(b, 1.0), (zb, -ub[b])], -np.inf, 0.0)
    R.block([(b, price), (zb, -trading.min_trade)], 0.0, np.inf)
    # sells: whole shares, plus the fraction only when closing the position
    R.block([(s_, 1.0), (zs, -whole)], -np.inf, 0.0)
    R.block([(c, 1.0), (zs, -1.0)], -np.inf, 0.0)
    f = frac > 0
    R.block([(s_[f], 1.0), (c[f], -whole[f])], 0.0, np.inf)
    # a position smaller than min_trade is sold whole or not at all
    small = (q * price < trading.min_trade) & can_sell
    R.block([(s_[small], 1.0), (zs[small], -whole[small])], 0.0, 0.0)
    sf = small & f
    R.block([(c[sf], 1.0), (zs[sf], -1.0)], 0.0, 0.0)
    big = ~small
    R.block(
        [(s_[big], price[big]), (c[big], price[big] * frac[big]), (zs[big], -trading.min_trade)],
        0.0,
        np.inf,
    )
    R.block([(zb, 1.0), (zs, 1.0)], -np.inf, 1.0)  # never both ways

    # wash sales: no loss sale and purchase of the same symbol anywhere in the plan
    pairs = wash_sale_pairs(slots, ub[L.zb : L.zb + n] > 0)
    if pairs:
        pi, pj = np.array(pairs).T
        R.block([(zs[pi], 1.0), (zb[pj], 1.0)], -np.inf, 1.0)

    # cash per account never below its floor: cash + new + sales - buys >= floor
    for j, acct in enumerate(accounts):
        mine = acct_of == j
        R.row(
            [L.new + j, *s_[mine], *c[mine], *b[mine]],
            [1.0, *price[mine], *(price * frac)[mine], *(-price[mine])],
            reserve_floor(acct, trading.cash_reserve) - acct.cash,
            np.inf,
        )
    if trading.mode == "cash_flow":
        R.row(list(range(L.new, L.new + na)), [1.0] * na, trading.new_cash, trading.new_cash)
    if trading.mode == "raise_cash":
        R.row([*s_, *c], [*price, *(price * frac)], trading.raise_cash, np.inf)

    # bucket deviations: value_k after trades - target_k * total = dp_k - dm_k
    cash_now = sum(a.cash for a in accounts)
    if trading.mode == "raise_cash":
        cash_now -= trading.raise_cash
    for k in range(nk):
        mk = mixes[:, k].copy()
        const = float(np.dot(q * price, mk))
        sell_k = -mk
        cols = [L.dp + k, L.dm + k]
        vals = [-1.0, 1.0]
        if k == cash_k:
            const += cash_now
            mk = mk - 1.0
            sell_k = sell_k + 1.0
            cols += list(range(L.new, L.new + na))
            vals += [1.0] * na
        nz = np.flatnonzero(mk) if k != cash_k else idx
        cols += [*b[nz], *s_[nz], *c[nz]]
        vals += [*(price * mk)[nz], *(price * sell_k)[nz], *(price * frac * sell_k)[nz]]
        target = targets[k] * total - const
        R.row(cols, vals, target, target)
    kk = np.arange(nk)
    R.block([(L.out + kk, 1.0), (L.dp + kk, -1.0), (L.dm + kk, -1.0)], -bands * total, np.inf)

    # tax on net realised gains in taxed accounts (losses offset gains)
    taxed = np.array([sl.taxed for sl in slots], dtype=bool) & can_sell
    basis = np.array([sl.avg_cost if sl.avg_cost is not None else 0.0 for sl in slots])
    per_share = rate * (price - basis)
    R.row(
        [L.tax, *s_[taxed], *c[taxed]],
        [1.0, *(-per_share[taxed]), *(-(per_share * frac)[taxed])],
        0.0,
        np.inf,
    )
    a_mat, lo, hi = R.matrix(L.size)
    return Model(
        slots,
        accounts,
        L,
        price,
        q,
        whole,
        frac,
        cost,
        lb,
        ub,
        integrality,
        a_mat,
        lo,
        hi,
        offset,
    )
