"""From the solver's numbers to a plan: trades with the lots they sell, the tax each carries,
cash per account after (with the household's new cash placed), bucket values after.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from planner.core.policy import BUCKETS
from planner.core.problem import LotSale, Problem, Solution, Trade
from planner.core.rebalance.model import Model
from planner.core.rebalance.slots import (
    Slot,
    bucket_values,
    new_cash_accounts,
    reserve_floor,
    starting_cash,
)
from planner.core.rebalance.taxlots import is_loss, lot_gain, lot_order, lot_term, recent_groups

#: Money compares to the half cent: 124.378109 shares at $16.08 raise $2,000.
CENT = 0.005


def netted_tax(short: float, long: float, rate_short: float, rate_long: float) -> float:
    """Tax on net short- and long-term gains: each term nets first, then a net loss of one
    offsets a net gain of the other (IRC 1222); a net loss costs nothing."""
    if short >= 0 and long >= 0:
        return rate_short * short + rate_long * long
    if short < 0 <= long:
        return rate_long * max(0.0, long + short)
    if long < 0 <= short:
        return rate_short * max(0.0, short + long)
    return 0.0


def choose_lots(slot: Slot, shares: float, method: str, recent: set[str]) -> list[float]:
    """Shares to sell from each lot of ``slot`` for a sale of ``shares``: hifo and fifo in
    their order; min_tax losses first (the largest per share), then the gains that cost the
    least per share. A loss lot of a group bought within the wash-sale window is never
    chosen."""
    n = len(slot.lots)
    if n == 0:
        return []
    if method in ("hifo", "fifo"):
        order = lot_order(slot, method)
    else:
        order = sorted(range(n), key=lambda k: (lot_gain(slot, k), k))
    take = [0.0] * n
    left = shares
    for k in order:
        if left <= 1e-12:
            break
        if slot.taxed and is_loss(slot, k) and slot.group in recent:
            continue
        part = min(left, slot.lots[k].shares)
        take[k] = part
        left -= part
    if left > 1e-9:  # only blocked lots remain: the caller's check refuses the sale
        take[order[-1]] += left
    return take


def lot_sales(
    slot: Slot, take: Sequence[float], unknown_term: str
) -> tuple[tuple[LotSale, ...], float | None, dict[str, float]]:
    """The lot sales of one sale, its realised gain (taxed accounts only) and its gain by
    term."""
    sales = []
    by_term = {"short": 0.0, "long": 0.0}
    for k, shares in enumerate(take):
        if shares <= 1e-12:
            continue
        lot = slot.lots[k]
        cost = lot.unit_cost * shares if lot.unit_cost is not None else None
        gain = round(lot_gain(slot, k) * shares, 2)
        sales.append(
            LotSale(
                k,
                round(shares, 6),
                None if cost is None else round(cost, 2),
                lot.acquired,
                lot.term,
                None if cost is None else round(slot.price * shares - cost, 2),
            )
        )
        by_term[lot_term(slot, k, unknown_term)] += gain
    if not slot.taxed:
        return tuple(sales), None, {"short": 0.0, "long": 0.0}
    return tuple(sales), round(sum(by_term.values()), 2), by_term


def trades_from(
    problem: Problem,
    model: Model,
    bought: np.ndarray,
    sold: np.ndarray,
    lots: Mapping[int, list[float]] | None = None,
) -> list[Trade]:
    """Trades from shares bought and sold per slot (``lots``: the lots each sale takes, by
    slot; chosen by the policy's method where not given), with the plan's tax spread over
    them."""
    tax_rules = problem.policy.tax
    recent = recent_groups(model.slots)
    trades: list[Trade] = []
    short = long = 0.0
    for i, s in enumerate(model.slots):
        if bought[i] > 1e-9:
            trades.append(
                Trade(s.account_id, s.symbol, "buy", float(bought[i]), s.price, None, 0.0)
            )
        if sold[i] > 1e-9:
            shares = round(float(sold[i]), 6)
            take = (lots or {}).get(i) or choose_lots(s, shares, tax_rules.lot_method, recent)
            sales, gain, by_term = lot_sales(s, take, tax_rules.unknown_term)
            short += by_term["short"]
            long += by_term["long"]
            trades.append(Trade(s.account_id, s.symbol, "sell", shares, s.price, gain, 0.0, sales))
    total = netted_tax(short, long, tax_rules.rate("short"), tax_rules.rate("long"))
    return allocate_tax(trades, total)


def allocate_tax(trades: list[Trade], tax_total: float) -> list[Trade]:
    """The plan's tax spread over the gaining sales in proportion to their gains."""
    positive = sum(max(0.0, t.realized_gain or 0.0) for t in trades)
    out = []
    for t in trades:
        tax = 0.0
        if t.realized_gain is not None and t.realized_gain > 0 and positive > 0:
            tax = round(tax_total * t.realized_gain / positive, 2)
        out.append(
            Trade(t.account_id, t.symbol, t.side, t.shares, t.price, t.realized_gain, tax, t.lots)
        )
    return out


def spare_cash(problem: Problem, model: Model, bought: np.ndarray, sold: np.ndarray) -> np.ndarray:
    """Cash above its floor per account after the trades (before any new cash)."""
    reserve = problem.policy.trading.cash_reserve
    spare = np.array([starting_cash(a) - reserve_floor(a, reserve) for a in model.accounts])
    ids = [a.id for a in model.accounts]
    for i, s in enumerate(model.slots):
        spare[ids.index(s.account_id)] += (sold[i] - bought[i]) * model.price[i]
    return spare


def place_new_cash(
    problem: Problem, model: Model, bought: np.ndarray, sold: np.ndarray
) -> dict[str, float]:
    """cash_flow: the household's new cash goes first where an account needs it to pay for
    its buys, the rest to the first account that may take it (a taxable one when there is
    one)."""
    trading = problem.policy.trading
    if trading.mode != "cash_flow" or trading.new_cash <= 0:
        return {}
    spare = spare_cash(problem, model, bought, sold)
    placed = {a.id: float(max(0.0, -spare[j])) for j, a in enumerate(model.accounts)}
    rest = trading.new_cash - sum(placed.values())
    eligible = new_cash_accounts(problem)
    if eligible:
        placed[model.accounts[eligible[0]].id] += max(0.0, rest)
    return placed


def infeasible(problem: Problem, total: float, time_limit: float | None = None) -> Solution:
    """No plan: none exists, or (``time_limit``) the search found none in its time."""
    why = (
        "no plan satisfies every constraint (cash reserve, withdrawals, restrictions, cash to "
        "raise, tax budget); relax one of them"
    )
    if time_limit is not None:
        why = (
            f"the solver found no plan within its {time_limit:.0f} s limit, which does not "
            "prove there is none: plan again, or relax a constraint (cash reserve, withdrawals, "
            "restrictions, cash to raise, tax budget)"
        )
    cash = {a.id: starting_cash(a) for a in problem.accounts}
    status = "infeasible" if time_limit is None else "time_limit"
    return Solution(status, [], cash, {}, None, total, [why])


def no_trades(problem: Problem, total: float, why: str) -> Solution:
    placed: dict[str, float] = {}
    t = problem.policy.trading
    eligible = new_cash_accounts(problem)
    if t.mode == "cash_flow" and t.new_cash > 0 and eligible:
        placed[problem.accounts[eligible[0]].id] = t.new_cash
    sol = finish(problem, [], total, [why], placed)
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
    from planner.core.rebalance.score import score

    cash_after = {a.id: starting_cash(a) + new_cash.get(a.id, 0.0) for a in problem.accounts}
    for trade in trades:
        cash_after[trade.account_id] += trade.value if trade.side == "sell" else -trade.value
    return Solution(
        "optimal",
        trades,
        {k: round(v, 2) for k, v in cash_after.items()},
        post_bucket_values(problem, trades),
        score(problem, trades, new_cash, slots),
        total,
        warnings,
    )


def post_bucket_values(problem: Problem, trades: Sequence[Trade]) -> dict[str, float]:
    """Dollars per bucket after ``trades`` (cash includes what flows in, excludes what flows
    out)."""
    moves = [(h.symbol, h.shares) for h in problem.holdings]
    cash = sum(starting_cash(a) for a in problem.accounts)
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
