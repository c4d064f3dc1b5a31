"""The household rebalancing solver: an exact mixed-integer programme over the shares bought
and sold of each security in each account.

In plain words (README "How the plan is made"): every bucket has a target share of the
household. The solver looks for the trades that leave the household closest to those
targets - above all inside the bands around them - while paying as little tax, turnover and
ticket cost as it can. Cash never moves between accounts, nothing is sold short, restricted
names are left alone, and a sale in an IRA costs no tax, so the solver rebalances there first.

Units: money in dollars, quantities in shares, weights as fractions of the household.

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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp
from scipy.sparse import coo_matrix, csr_matrix

from planner.core.holdings import AccountType
from planner.core.policy import BUCKETS, Policy

Progress = Callable[[float, str], None]

#: How close to the best plan the solver must prove its plan is: within ``ABS_GAP`` dollars
#: of objective plus ``MIP_GAP`` of the objective itself (see the offset in :func:`solve`).
ABS_GAP = 1.0
#: The MILP's objective in thousands of dollars: keeps HiGHS's cost range well conditioned.
OBJECTIVE_SCALE = 1e-3
MIP_GAP = 1e-4
#: Money compares to the half cent: 124.378109 shares at $16.08 raise $2,000.
CENT = 0.005
#: Households with more tradeable positions than this are solved by the fast method.
EXACT_MAX_SLOTS = 40
#: Seconds the exact solver may take before it returns its best plan so far, with a warning.
EXACT_TIME_LIMIT = 30.0


@dataclass(frozen=True)
class Security:
    """A security the solver knows: its price (dollars per share) and bucket mix (fractions
    summing to 1)."""

    symbol: str
    price: float
    mix: Mapping[str, float]
    low_quality: bool = False
    description: str = ""
    tradeable: bool = True  # False: counted in the buckets, never traded (options, T-bills)


@dataclass(frozen=True)
class Holding:
    """Shares of one security in one account; ``cost_basis`` is total dollars (None: unknown)."""

    account_id: str
    symbol: str
    shares: float
    cost_basis: float | None = None


@dataclass(frozen=True)
class AccountState:
    id: str
    type: AccountType
    cash: float  # dollars of cash and money market the account can spend
    name: str = ""


@dataclass(frozen=True)
class Problem:
    accounts: tuple[AccountState, ...]
    holdings: tuple[Holding, ...]
    securities: Mapping[str, Security]
    targets: Mapping[str, float]  # after the regime tilt
    policy: Policy
    base_targets: Mapping[str, float] | None = None  # before the tilt, for explanations
    frozen_cash: float = 0.0  # dollars held but not invested (money market treated as cash)


@dataclass(frozen=True)
class Slot:
    """One (account, security) pair the solver may trade."""

    account_id: str
    symbol: str
    shares: float
    price: float
    avg_cost: float | None
    taxed: bool
    can_buy: bool
    can_sell: bool


@dataclass(frozen=True)
class Trade:
    account_id: str
    symbol: str
    side: str  # "buy" | "sell"
    shares: float
    price: float
    realized_gain: float | None  # taxable sells only
    tax: float

    @property
    def value(self) -> float:
        return self.shares * self.price


@dataclass(frozen=True)
class Objective:
    """The terms of the objective for one plan, in dollars."""

    outside_band: float
    drift: float
    turnover: float
    tax: float
    trades: int
    low_quality: float
    total: float


@dataclass
class Solution:
    status: str  # "optimal" | "infeasible" | "no_trades"
    trades: list[Trade]
    cash_after: dict[str, float]
    post_values: dict[str, float]  # dollars per bucket after the trades
    objective: Objective | None
    total: float  # dollars the targets apply to
    warnings: list[str] = field(default_factory=list)
    bound: float | None = None  # no plan can cost less than this (dollars of objective)
    method: str = ""  # "exact" | "fast"

    @property
    def gap(self) -> float | None:
        """Dollars of objective this plan may be above the best plan there is."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective.total - self.bound)


def _mix(sec: Security) -> np.ndarray:
    return np.array([float(sec.mix.get(k, 0.0)) for k in BUCKETS])


def _band_widths(problem: Problem) -> np.ndarray:
    return np.array([problem.policy.bands.width(problem.targets.get(k, 0.0)) for k in BUCKETS])


def build_slots(problem: Problem) -> list[Slot]:
    """Every (account, security) the plan may touch: what each account holds, plus what it may
    buy - securities held anywhere in the household and the buckets' vehicles."""
    policy = problem.policy
    r = policy.restrictions
    mode = policy.trading.mode
    held: dict[tuple[str, str], Holding] = {}
    for hold in problem.holdings:
        key = (hold.account_id, hold.symbol)
        if key in held:  # the same symbol on two rows: one position
            prev = held[key]
            basis = (
                None
                if prev.cost_basis is None or hold.cost_basis is None
                else prev.cost_basis + hold.cost_basis
            )
            held[key] = Holding(hold.account_id, hold.symbol, prev.shares + hold.shares, basis)
        else:
            held[key] = hold

    def may_buy(sym: str) -> bool:
        sec = problem.securities.get(sym)
        return sec is not None and not sec.low_quality and sym not in r.do_not_buy and sec.price > 0

    vehicles = {v for v in policy.vehicles.values() if may_buy(v)}
    slots: list[Slot] = []
    for acct in problem.accounts:
        taxed = acct.type in ("taxable", "unknown")
        own = {s for (a, s) in held if a == acct.id}
        buyable = {s for s in own if may_buy(s)} | vehicles
        symbols = sorted(own | buyable)
        for sym in symbols:
            sec = problem.securities.get(sym)
            if sec is None or sec.price <= 0:
                continue
            h = held.get((acct.id, sym))
            shares = h.shares if h else 0.0
            avg = None
            if h and h.cost_basis is not None and h.shares > 0:
                avg = h.cost_basis / h.shares
            elif h is None:
                avg = sec.price
            slots.append(
                Slot(
                    acct.id,
                    sym,
                    shares,
                    sec.price,
                    avg,
                    taxed,
                    can_buy=sym in buyable and mode != "raise_cash",
                    can_sell=shares > 0
                    and sec.tradeable
                    and sym not in r.do_not_sell
                    and mode != "cash_flow",
                )
            )
    return slots


def _out_of_band_buckets(problem: Problem, slots: Sequence[Slot], total: float) -> set[str]:
    values = np.zeros(len(BUCKETS))
    for s in slots:
        values += s.shares * s.price * _mix(problem.securities[s.symbol])
    values[BUCKETS.index("cash")] += sum(a.cash for a in problem.accounts)
    targets = np.array([problem.targets.get(k, 0.0) for k in BUCKETS]) * total
    out = np.abs(values - targets) > _band_widths(problem) * total + 0.01
    return {k for k, o in zip(BUCKETS, out, strict=True) if o}


def household_total(problem: Problem) -> float:
    """Dollars the targets apply to: holdings + cash (+ new cash, - cash to raise)."""
    value = sum(
        h.shares * problem.securities[h.symbol].price
        for h in problem.holdings
        if h.symbol in problem.securities
    )
    value += sum(a.cash for a in problem.accounts)
    t = problem.policy.trading
    if t.mode == "cash_flow":
        value += t.new_cash
    if t.mode == "raise_cash":
        value -= t.raise_cash
    return value


@dataclass
class _Layout:
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
class _Model:
    """The MILP in scipy's form, with what is needed to read its solution back."""

    slots: list[Slot]
    accounts: list[AccountState]
    layout: _Layout
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


class _Rows:
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


def _build(problem: Problem, slots: list[Slot], total: float) -> _Model:
    policy = problem.policy
    trading = policy.trading
    accounts = list(problem.accounts)
    n, na, nk = len(slots), len(accounts), len(BUCKETS)
    L = _Layout(n, na, nk)
    idx = np.arange(n)
    price = np.array([s.price for s in slots], dtype=float)
    q = np.array([s.shares for s in slots], dtype=float)
    whole = np.floor(q + 1e-9) if not trading.fractional else q.copy()
    frac = np.where(q - whole > 1e-9, q - whole, 0.0)
    mixes = np.array([_mix(problem.securities[s.symbol]) for s in slots]).reshape(n, nk)
    targets = np.array([problem.targets.get(k, 0.0) for k in BUCKETS])
    bands = _band_widths(problem)
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

    R = _Rows()
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
    by_symbol: dict[str, list[int]] = {}
    for i, sl in enumerate(slots):
        by_symbol.setdefault(sl.symbol, []).append(i)
    pairs = [
        (i, j)
        for i, sl in enumerate(slots)
        if sl.taxed and sl.can_sell and sl.avg_cost is not None and sl.price < sl.avg_cost
        for j in by_symbol[sl.symbol]
        if ub[L.zb + j] > 0
    ]
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
    return _Model(
        slots, accounts, L, price, q, whole, frac, cost, lb, ub, integrality, a_mat, lo, hi,
        offset,
    )  # fmt: skip


def solve(problem: Problem, progress: Progress | None = None, method: str = "auto") -> Solution:
    """The plan for ``problem`` (deterministic: the same problem, the same plan).

    ``method``: ``"exact"`` solves the mixed-integer programme to within ``ABS_GAP`` dollars of
    the best plan; ``"fast"`` solves its continuous relaxation, rounds to whole shares and
    repairs every constraint, and reports how far the plan can be from the best (the
    relaxation is a lower bound on every plan's cost). ``"auto"`` is exact up to
    ``EXACT_MAX_SLOTS`` tradeable positions, fast beyond.
    """
    if progress is not None:
        progress(0.0, "building the model")
    trading = problem.policy.trading
    slots = build_slots(problem)
    total = household_total(problem)
    if total <= 0:
        if evaluate(problem, []) is None:
            return _infeasible(problem, total)
        return _no_trades(problem, total, "the household has no value to rebalance")
    if trading.mode == "out_of_band":
        outside = _out_of_band_buckets(problem, slots, total)
        if not outside:
            return _no_trades(problem, total, "every bucket is inside its band")

        def touches(sym: str) -> bool:
            mix = problem.securities[sym].mix
            return max(BUCKETS, key=lambda k: mix.get(k, 0.0)) in outside

        slots = [
            Slot(s.account_id, s.symbol, s.shares, s.price, s.avg_cost, s.taxed,
                 s.can_buy and touches(s.symbol), s.can_sell and touches(s.symbol))
            for s in slots
        ]  # fmt: skip
    model = _build(problem, slots, total)
    tradeable = sum(1 for s in slots if s.can_buy or s.can_sell)
    if method == "auto":
        method = "exact" if tradeable <= EXACT_MAX_SLOTS else "fast"
    if progress is not None:
        progress(0.3, "solving")
    if method == "fast":
        sol = _solve_fast(problem, model, total)
        if sol is not None:
            return sol
    return _solve_exact(problem, model, total)


def _milp(model: _Model, integer: bool, time_limit: float) -> OptimizeResult:
    return milp(
        model.cost * OBJECTIVE_SCALE,
        integrality=model.integrality if integer else np.zeros_like(model.integrality),
        bounds=Bounds(model.lb, model.ub),
        constraints=LinearConstraint(model.a_mat, model.lo, model.hi),
        options={"disp": False, "mip_rel_gap": MIP_GAP, "time_limit": time_limit},
    )


def _infeasible(problem: Problem, total: float) -> Solution:
    return Solution(
        "infeasible", [], {a.id: a.cash for a in problem.accounts}, {}, None, total,
        ["no plan satisfies every constraint (cash reserve, restrictions, cash to raise); "
         "relax one of them"],
    )  # fmt: skip


def _solve_exact(problem: Problem, model: _Model, total: float) -> Solution:
    result = _milp(model, integer=True, time_limit=EXACT_TIME_LIMIT)
    if result.x is None:
        return _infeasible(problem, total)
    L, n, frac = model.layout, len(model.slots), model.frac
    x = np.round(result.x, 6)
    if not problem.policy.trading.fractional:
        x[L.b : L.b + 2 * n] = np.round(x[L.b : L.b + 2 * n])
    x[L.c : L.c + n] = np.round(x[L.c : L.c + n])
    bought = x[L.b : L.b + n]
    sold = x[L.s : L.s + n] + x[L.c : L.c + n] * frac
    placed = {a.id: float(x[L.new + j]) for j, a in enumerate(model.accounts)}
    warnings = []
    if result.status == 1:  # time limit with a feasible plan
        warnings.append(f"the solver stopped at its {EXACT_TIME_LIMIT:.0f} s limit")
    sol = _finish(
        problem, _trades(problem, model, bought, sold), total, warnings, placed, model.slots
    )
    dual = getattr(result, "mip_dual_bound", None)
    if dual is not None and math.isfinite(dual) and sol.objective is not None:
        sol.bound = min(dual / OBJECTIVE_SCALE - model.offset, sol.objective.total)
    sol.method = "exact"
    return sol


def _trades(problem: Problem, model: _Model, bought: np.ndarray, sold: np.ndarray) -> list[Trade]:
    trades: list[Trade] = []
    for i, s in enumerate(model.slots):
        if bought[i] > 1e-9:
            trades.append(Trade(s.account_id, s.symbol, "buy", float(bought[i]), s.price, None,
                                0.0))  # fmt: skip
        if sold[i] > 1e-9:
            gain: float | None = None
            if s.taxed:
                basis = s.avg_cost if s.avg_cost is not None else 0.0
                gain = round((s.price - basis) * float(sold[i]), 2)
            trades.append(Trade(s.account_id, s.symbol, "sell", round(float(sold[i]), 6),
                                s.price, gain, 0.0))  # fmt: skip
    return _allocate_tax(trades, problem.policy.tax.long_term)


def _solve_fast(problem: Problem, model: _Model, total: float) -> Solution | None:
    """Relaxation, rounding, repair - then once more with the trades chosen fixed, so the
    relaxation places the dollars among them. None when rounding cannot make a feasible plan
    (the exact solver then decides)."""
    result = _milp(model, integer=False, time_limit=EXACT_TIME_LIMIT)
    if result.x is None:
        return None
    L, n = model.layout, len(model.slots)
    best: Solution | None = None
    x = result.x
    for attempt in range(2):
        plan = _round(problem, model, x)
        if plan is None:
            break
        bought, sold = plan
        sol = _finish(problem, _trades(problem, model, bought, sold), total, [],
                      _place_new_cash(problem, model, bought, sold), model.slots)  # fmt: skip
        if sol.objective is not None and (
            best is None or best.objective is None or sol.objective.total < best.objective.total
        ):
            best = sol
        if attempt == 1:
            break
        lb, ub = model.lb.copy(), model.ub.copy()
        lb[L.zb : L.zb + n] = ub[L.zb : L.zb + n] = (bought > 0).astype(float)
        lb[L.zs : L.zs + n] = ub[L.zs : L.zs + n] = (sold > 0).astype(float)
        again = _milp(replace(model, lb=lb, ub=ub), integer=False, time_limit=EXACT_TIME_LIMIT)
        if again.x is None:
            break
        x = again.x
    if best is None or best.objective is None:
        return None
    relaxed = float(result.fun) / OBJECTIVE_SCALE - model.offset
    best.bound = min(relaxed, best.objective.total)
    best.method = "fast"
    return best


def _round(problem: Problem, model: _Model, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Whole shares from a relaxed solution, with every constraint repaired: min_trade, small
    positions all or nothing, wash sales, cash floors, cash to raise."""
    trading = problem.policy.trading
    L, n, slots = model.layout, len(model.slots), model.slots
    price, q, whole, frac = model.price, model.q, model.whole, model.frac
    net = x[L.b : L.b + n] - x[L.s : L.s + n] - x[L.c : L.c + n] * frac
    digits = 6 if trading.fractional else 0

    def rnd(v: np.ndarray) -> np.ndarray:
        return np.asarray(np.round(v, digits))

    bought = np.where(net > 0, rnd(np.maximum(net, 0.0)), 0.0)
    want = np.maximum(-net, 0.0)
    if trading.mode == "raise_cash" and not trading.fractional:
        want = np.ceil(want - 1e-6)
    sold = np.where(want >= q - 0.5 + 1e-9, q, np.minimum(rnd(want), whole))
    # every trade zero or at least min_trade; positions below it sold whole or not at all
    minimum = trading.min_trade
    small = q * price < minimum
    for i in range(n):
        if 0 < bought[i] * price[i] < minimum:
            need = math.ceil(minimum / price[i] - 1e-9) if not trading.fractional else (
                minimum / price[i])  # fmt: skip
            bought[i] = need if bought[i] * price[i] >= minimum / 2 and need <= model.ub[
                L.b + i] else 0.0  # fmt: skip
        if sold[i] > 0:
            if small[i]:
                sold[i] = q[i] if want[i] >= q[i] / 2 else 0.0
            elif sold[i] * price[i] < minimum:
                need = math.ceil(minimum / price[i] - 1e-9) if not trading.fractional else (
                    minimum / price[i])  # fmt: skip
                sold[i] = need if (sold[i] * price[i] >= minimum / 2 and need <= whole[i]) else 0.0
    # wash sales: a loss sale and a buy of the same symbol - keep the larger side
    for i, s in enumerate(slots):
        if sold[i] > 0 and s.taxed and s.avg_cost is not None and s.price < s.avg_cost:
            buys = [j for j in range(n) if slots[j].symbol == s.symbol and bought[j] > 0]
            if buys and sum(bought[j] for j in buys) > sold[i]:
                sold[i] = 0.0
            else:
                for j in buys:
                    bought[j] = 0.0
    _repair_cash(problem, model, bought, sold)
    if trading.mode == "raise_cash" and float(np.dot(sold, price)) < trading.raise_cash - CENT:
        return None
    return bought, sold


def _spare_cash(
    problem: Problem, model: _Model, bought: np.ndarray, sold: np.ndarray
) -> np.ndarray:
    """Cash above its floor per account after the trades (before any new cash)."""
    reserve = problem.policy.trading.cash_reserve
    spare = np.array([a.cash - reserve_floor(a, reserve) for a in model.accounts])
    ids = [a.id for a in model.accounts]
    for i, s in enumerate(model.slots):
        spare[ids.index(s.account_id)] += (sold[i] - bought[i]) * model.price[i]
    return spare


def _repair_cash(problem: Problem, model: _Model, bought: np.ndarray, sold: np.ndarray) -> None:
    """Trim buys (largest first) until every account's cash stays at or above its floor; in
    cash_flow mode the new cash covers shortfalls first."""
    trading = problem.policy.trading
    new_cash = trading.new_cash if trading.mode == "cash_flow" else 0.0
    ids = [a.id for a in model.accounts]
    for _ in range(4 * len(model.slots) + 4):
        spare = _spare_cash(problem, model, bought, sold)
        short = np.maximum(-spare, 0.0)
        if short.sum() <= new_cash + 1e-6:
            return
        # the account to trim: the one short of cash (in cash_flow, the one short the most)
        j = int(np.argmax(short))
        excess = short.sum() - new_cash if new_cash else short[j]
        excess = min(excess, short[j])
        mine = [i for i, s in enumerate(model.slots) if ids.index(s.account_id) == j
                and bought[i] > 0]  # fmt: skip
        if not mine:
            return
        i = max(mine, key=lambda i: (bought[i] * model.price[i], -i))
        cut = math.ceil(excess / model.price[i] - 1e-9)
        if trading.fractional:
            cut = excess / model.price[i]
        left = bought[i] - cut
        if left <= 0 or left * model.price[i] < trading.min_trade:
            left = 0.0
        bought[i] = left


def _place_new_cash(
    problem: Problem, model: _Model, bought: np.ndarray, sold: np.ndarray
) -> dict[str, float]:
    """cash_flow: new cash goes first where an account needs it to pay for its buys, the rest
    to the account whose cash is most below its share (the first account on ties)."""
    trading = problem.policy.trading
    if trading.mode != "cash_flow":
        return {}
    spare = _spare_cash(problem, model, bought, sold)
    placed = {a.id: float(max(0.0, -spare[j])) for j, a in enumerate(model.accounts)}
    rest = trading.new_cash - sum(placed.values())
    if model.accounts:
        placed[model.accounts[0].id] += max(0.0, rest)
    return placed


def _allocate_tax(trades: list[Trade], rate: float) -> list[Trade]:
    """Tax on the plan's net gain, spread over the gaining sales in proportion to their gains
    (losses offset gains first)."""
    gains = [t.realized_gain for t in trades if t.realized_gain is not None]
    net = sum(gains)
    positive = sum(g for g in gains if g > 0)
    tax_total = rate * max(0.0, net)
    out = []
    for t in trades:
        tax = 0.0
        if t.realized_gain is not None and t.realized_gain > 0 and positive > 0:
            tax = round(tax_total * t.realized_gain / positive, 2)
        out.append(Trade(t.account_id, t.symbol, t.side, t.shares, t.price, t.realized_gain, tax))
    return out


def reserve_floor(account: AccountState, reserve: float) -> float:
    """The least cash an account may end with: its reserve, or what it has if that is less
    (a plan never makes an account's cash worse than it is)."""
    return min(reserve, account.cash)


def _no_trades(problem: Problem, total: float, why: str) -> Solution:
    sol = _finish(problem, [], total, [why], {})
    sol.status = "no_trades"
    return sol


def _finish(
    problem: Problem,
    trades: list[Trade],
    total: float,
    warnings: list[str],
    new_cash: Mapping[str, float],
    slots: Sequence[Slot] | None = None,
) -> Solution:
    """Cash per account after the trades (and any new cash placed), bucket values, objective."""
    cash_after = {a.id: a.cash + new_cash.get(a.id, 0.0) for a in problem.accounts}
    t = problem.policy.trading
    if t.mode == "cash_flow" and not new_cash and problem.accounts:
        cash_after[problem.accounts[0].id] += t.new_cash
    for trade in trades:
        cash_after[trade.account_id] += trade.value if trade.side == "sell" else -trade.value
    return Solution(
        "optimal",
        trades,
        {k: round(v, 2) for k, v in cash_after.items()},
        post_bucket_values(problem, trades),
        evaluate(problem, trades, slots),
        total,
        warnings,
    )


def post_bucket_values(problem: Problem, trades: Sequence[Trade]) -> dict[str, float]:
    """Dollars per bucket after ``trades`` (cash includes new cash, excludes cash raised)."""
    values = np.zeros(len(BUCKETS))
    shares: dict[str, float] = {}
    for h in problem.holdings:
        shares[h.symbol] = shares.get(h.symbol, 0.0) + h.shares
    cash = sum(a.cash for a in problem.accounts)
    for t in trades:
        sign = 1.0 if t.side == "buy" else -1.0
        shares[t.symbol] = shares.get(t.symbol, 0.0) + sign * t.shares
        cash -= sign * t.value
    for sym, sh in shares.items():
        sec = problem.securities.get(sym)
        if sec is not None:
            values += sh * sec.price * _mix(sec)
    rules = problem.policy.trading
    if rules.mode == "cash_flow":
        cash += rules.new_cash
    if rules.mode == "raise_cash":
        cash -= rules.raise_cash
    values[BUCKETS.index("cash")] += cash
    return {k: float(v) for k, v in zip(BUCKETS, values, strict=True)}


def evaluate(
    problem: Problem, trades: Sequence[Trade], slots_: Sequence[Slot] | None = None
) -> Objective | None:
    """The objective of a plan computed directly from its trades, or None when the plan breaks
    a constraint. Independent of the MILP formulation: the proof tests compare the solver's
    plan against every other plan with this function (``slots_``: :func:`build_slots` of the
    problem, when the caller has it already)."""
    policy = problem.policy
    trading = policy.trading
    total = household_total(problem)
    slots = {(s.account_id, s.symbol): s for s in (slots_ or build_slots(problem))}
    held: dict[tuple[str, str], float] = {k: s.shares for k, s in slots.items()}
    cash = {a.id: a.cash for a in problem.accounts}
    bought: dict[str, set[str]] = {}
    loss_sold: set[str] = set()
    sides: dict[tuple[str, str], set[str]] = {}
    turnover = 0.0
    gains = 0.0
    for t in trades:
        key = (t.account_id, t.symbol)
        slot = slots.get(key)
        if slot is None or t.shares <= 0:
            return None
        sides.setdefault(key, set()).add(t.side)
        if len(sides[key]) > 1:
            return None
        value = t.shares * slot.price
        closing = t.side == "sell" and abs(t.shares - slot.shares) < 1e-6
        if not trading.fractional and abs(t.shares - round(t.shares)) > 1e-6 and not closing:
            return None
        if t.side == "buy":
            if not slot.can_buy or value < trading.min_trade - CENT:
                return None
            held[key] += t.shares
            cash[t.account_id] -= value
            bought.setdefault(t.symbol, set()).add(t.account_id)
        else:
            if not slot.can_sell or t.shares > slot.shares + 1e-6:
                return None
            whole_position = abs(t.shares - slot.shares) < 1e-6
            if value < trading.min_trade - CENT and not (
                whole_position and slot.shares * slot.price < trading.min_trade
            ):
                return None
            if slot.shares * slot.price < trading.min_trade and not whole_position:
                return None
            held[key] -= t.shares
            cash[t.account_id] += value
            if slot.taxed:
                basis = slot.avg_cost if slot.avg_cost is not None else 0.0
                gains += (slot.price - basis) * t.shares
                if slot.avg_cost is not None and slot.price < slot.avg_cost:
                    loss_sold.add(t.symbol)
        turnover += value
    if any(sym in bought for sym in loss_sold):
        return None
    # Cash: each account stays at or above its floor; in cash_flow mode new cash may be split
    # among accounts at will, so the household only needs enough of it to cover every gap.
    gaps = sum(
        max(0.0, reserve_floor(a, trading.cash_reserve) - cash[a.id]) for a in problem.accounts
    )
    allowed = trading.new_cash if trading.mode == "cash_flow" else 0.0
    if gaps > allowed + CENT:
        return None
    if trading.mode == "cash_flow" and any(t.side == "sell" for t in trades):
        return None
    if trading.mode == "raise_cash":
        if any(t.side == "buy" for t in trades):
            return None
        raised = sum(t.value for t in trades if t.side == "sell")
        if raised < trading.raise_cash - CENT:
            return None
    values = post_bucket_values(problem, trades)
    dev = np.array([values[k] - problem.targets.get(k, 0.0) * total for k in BUCKETS])
    bands = _band_widths(problem) * total
    outside = float(np.maximum(0.0, np.abs(dev) - bands).sum())
    drift = float(np.abs(dev).sum())
    tax = policy.tax.long_term * max(0.0, gains)
    low_q = sum(
        held[k] * s.price for k, s in slots.items() if problem.securities[s.symbol].low_quality
    )
    w = policy.weights
    n_trades = len(trades)
    total_cost = (
        w.outside_band * outside
        + w.drift * drift
        + w.turnover * turnover
        + tax
        + trading.cost_per_trade * n_trades
        + w.low_quality * low_q
    )
    return Objective(outside, drift, turnover, tax, n_trades, low_q, total_cost)


def is_finite_plan(solution: Solution) -> bool:
    return all(math.isfinite(t.shares) and t.shares > 0 for t in solution.trades)
