"""From the solver's numbers to a plan: trades, the tax each carries, cash per account after,
bucket values after, and the plan's cost by the solver's own scoring.

:func:`score` is the solver's check of a rounded plan (the fast method keeps the cheapest
feasible candidate); the independent judge in :mod:`planner.core.judge` re-derives every rule
without this code, and the proof tests hold the two against each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from planner.core.policy import BUCKETS
from planner.core.problem import Objective, Problem, Solution, Trade
from planner.core.rebalance.layout import Model
from planner.core.rebalance.slots import (
    Slot,
    band_widths,
    bucket_values,
    build_slots,
    household_total,
    reserve_floor,
)

#: Money compares to the half cent: 124.378109 shares at $16.08 raise $2,000.
CENT = 0.005


def trades_from(
    problem: Problem, model: Model, bought: np.ndarray, sold: np.ndarray
) -> list[Trade]:
    """Trades from shares bought and sold per slot, with the plan's tax spread over them."""
    trades: list[Trade] = []
    for i, s in enumerate(model.slots):
        if bought[i] > 1e-9:
            trades.append(
                Trade(s.account_id, s.symbol, "buy", float(bought[i]), s.price, None, 0.0)
            )
        if sold[i] > 1e-9:
            gain: float | None = None
            if s.taxed:
                basis = s.avg_cost if s.avg_cost is not None else 0.0
                gain = round((s.price - basis) * float(sold[i]), 2)
            shares = round(float(sold[i]), 6)
            trades.append(Trade(s.account_id, s.symbol, "sell", shares, s.price, gain, 0.0))
    return allocate_tax(trades, problem.policy.tax.long_term)


def allocate_tax(trades: list[Trade], rate: float) -> list[Trade]:
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


def infeasible(problem: Problem, total: float) -> Solution:
    why = (
        "no plan satisfies every constraint (cash reserve, restrictions, cash to raise); "
        "relax one of them"
    )
    return Solution(
        "infeasible", [], {a.id: a.cash for a in problem.accounts}, {}, None, total, [why]
    )


def no_trades(problem: Problem, total: float, why: str) -> Solution:
    sol = finish(problem, [], total, [why], {})
    sol.status = "no_trades"
    return sol


def finish(
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
        score(problem, trades, slots),
        total,
        warnings,
    )


def post_bucket_values(problem: Problem, trades: Sequence[Trade]) -> dict[str, float]:
    """Dollars per bucket after ``trades`` (cash includes new cash, excludes cash raised)."""
    moves = [(h.symbol, h.shares) for h in problem.holdings]
    cash = sum(a.cash for a in problem.accounts)
    for t in trades:
        sign = 1.0 if t.side == "buy" else -1.0
        moves.append((t.symbol, sign * t.shares))
        cash -= sign * t.value
    rules = problem.policy.trading
    if rules.mode == "cash_flow":
        cash += rules.new_cash
    if rules.mode == "raise_cash":
        cash -= rules.raise_cash
    values = bucket_values(problem.securities, moves, cash)
    return {k: float(v) for k, v in zip(BUCKETS, values, strict=True)}


def score(
    problem: Problem, trades: Sequence[Trade], slots_: Sequence[Slot] | None = None
) -> Objective | None:
    """The objective of a plan computed from its trades, or None when the plan breaks a rule
    of the model (rounding can; the fast method then keeps another candidate)."""
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
    bands = band_widths(problem) * total
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
