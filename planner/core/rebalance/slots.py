"""What the solver may touch, and what the household is worth by bucket.

A *slot* is one (account, security) pair the plan may trade: what each account holds, plus
what it may buy - securities held anywhere in the household and the buckets' vehicles.
:func:`bucket_values` is the one place dollars per bucket are computed from shares.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from planner.core.policy import BUCKETS
from planner.core.problem import AccountState, Holding, Problem, Security


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


def mix_vector(sec: Security) -> np.ndarray:
    """The security's bucket mix as a vector in the order of ``BUCKETS``."""
    return np.array([float(sec.mix.get(k, 0.0)) for k in BUCKETS])


def band_widths(problem: Problem) -> np.ndarray:
    """Half-width of each bucket's band around its (tilted) target, as fractions."""
    return np.array([problem.policy.bands.width(problem.targets.get(k, 0.0)) for k in BUCKETS])


def merged_holdings(problem: Problem) -> dict[tuple[str, str], Holding]:
    """One holding per (account, symbol): the same symbol on two rows is one position (its
    cost basis unknown if either row's is)."""
    held: dict[tuple[str, str], Holding] = {}
    for hold in problem.holdings:
        key = (hold.account_id, hold.symbol)
        if key in held:
            prev = held[key]
            basis = (
                None
                if prev.cost_basis is None or hold.cost_basis is None
                else prev.cost_basis + hold.cost_basis
            )
            held[key] = Holding(hold.account_id, hold.symbol, prev.shares + hold.shares, basis)
        else:
            held[key] = hold
    return held


def build_slots(problem: Problem) -> list[Slot]:
    """Every (account, security) the plan may touch, in account order then symbol order."""
    policy = problem.policy
    r = policy.restrictions
    mode = policy.trading.mode
    held = merged_holdings(problem)

    def may_buy(sym: str) -> bool:
        sec = problem.securities.get(sym)
        return sec is not None and not sec.low_quality and sym not in r.do_not_buy and sec.price > 0

    vehicles = {v for v in policy.vehicles.values() if may_buy(v)}
    slots: list[Slot] = []
    for acct in problem.accounts:
        taxed = acct.type in ("taxable", "unknown")
        own = {s for (a, s) in held if a == acct.id}
        buyable = {s for s in own if may_buy(s)} | vehicles
        for sym in sorted(own | buyable):
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


def bucket_values(
    securities: Mapping[str, Security], shares: Iterable[tuple[str, float]], cash: float
) -> np.ndarray:
    """Dollars per bucket (in the order of ``BUCKETS``) of ``shares`` - (symbol, shares)
    pairs, a symbol may repeat - plus ``cash`` in the cash bucket. Unknown symbols count
    nothing."""
    by_symbol: dict[str, float] = {}
    for sym, sh in shares:
        by_symbol[sym] = by_symbol.get(sym, 0.0) + sh
    values = np.zeros(len(BUCKETS))
    for sym, sh in by_symbol.items():
        sec = securities.get(sym)
        if sec is not None:
            values += sh * sec.price * mix_vector(sec)
    values[BUCKETS.index("cash")] += cash
    return values


def current_values(problem: Problem) -> dict[str, float]:
    """Dollars per bucket today: holdings plus the accounts' cash."""
    values = bucket_values(
        problem.securities,
        ((h.symbol, h.shares) for h in problem.holdings),
        sum(a.cash for a in problem.accounts),
    )
    return {k: float(v) for k, v in zip(BUCKETS, values, strict=True)}


def out_of_band_buckets(problem: Problem, slots: Sequence[Slot], total: float) -> set[str]:
    """The buckets outside their band today (``out_of_band`` mode trades only those)."""
    values = bucket_values(
        problem.securities,
        ((s.symbol, s.shares) for s in slots),
        sum(a.cash for a in problem.accounts),
    )
    targets = np.array([problem.targets.get(k, 0.0) for k in BUCKETS]) * total
    out = np.abs(values - targets) > band_widths(problem) * total + 0.01
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


def reserve_floor(account: AccountState, reserve: float) -> float:
    """The least cash an account may end with: its reserve, or what it has if that is less
    (a plan never makes an account's cash worse than it is)."""
    return min(reserve, account.cash)
