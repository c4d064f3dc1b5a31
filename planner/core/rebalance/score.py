"""The solver's own check of a plan: is every rule of the model kept, and what does it cost?

The fast method rounds a relaxed solution to whole shares and repairs it; this check decides
whether a candidate is a plan at all and which candidate is cheapest. The independent judge
(:mod:`planner.core.judge`) re-derives the same rules without this code, and the proof tests
hold the two against each other.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from planner.core.policy import BUCKETS, VEHICLE_RANK_COST
from planner.core.problem import Objective, Problem, Trade
from planner.core.rebalance.readout import CENT, netted_tax, post_bucket_values
from planner.core.rebalance.slots import (
    Slot,
    band_widths,
    build_slots,
    household_security_values,
    household_total,
    location_costs,
    mix_vector,
    new_cash_accounts,
    reserve_floor,
    starting_cash,
)
from planner.core.rebalance.taxlots import is_loss, lot_gain, lot_term, recent_groups


def score(
    problem: Problem,
    trades: Sequence[Trade],
    new_cash: Mapping[str, float] | None = None,
    slots_: Sequence[Slot] | None = None,
) -> Objective | None:
    """The objective of a plan, or None when it breaks a rule of the model (rounding can;
    the fast method then keeps another candidate). ``new_cash``: the household's new cash
    placed per account."""
    policy = problem.policy
    trading = policy.trading
    tax_rules = policy.tax
    total = household_total(problem)
    slot_list = list(slots_ or build_slots(problem))
    slots = {(s.account_id, s.symbol): s for s in slot_list}
    recent = recent_groups(slot_list)
    held: dict[tuple[str, str], float] = {k: s.shares for k, s in slots.items()}
    cash = {a.id: starting_cash(a) + (new_cash or {}).get(a.id, 0.0) for a in problem.accounts}
    bought_groups: set[str] = set()
    loss_groups: set[str] = set()
    sides: dict[tuple[str, str], set[str]] = {}
    turnover = rank_cost = 0.0
    gains = {"short": 0.0, "long": 0.0}
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
            bought_groups.add(slot.group)
            rank_cost += VEHICLE_RANK_COST * slot.rank * value
        else:
            if not slot.can_sell or t.shares > slot.shares - slot.floor + 1e-6:
                return None
            whole_position = abs(t.shares - slot.shares) < 1e-6
            if value < trading.min_trade - CENT and not (
                whole_position and slot.shares * slot.price < trading.min_trade
            ):
                return None
            if slot.shares * slot.price < trading.min_trade and not whole_position:
                return None
            if not _lots_ok(slot, t, recent):
                return None
            held[key] -= t.shares
            cash[t.account_id] += value
            if slot.taxed:
                for sale in t.lots:
                    gains[lot_term(slot, sale.lot, tax_rules.unknown_term)] += (
                        lot_gain(slot, sale.lot) * sale.shares
                    )
                    if is_loss(slot, sale.lot):
                        loss_groups.add(slot.group)
        turnover += value
    if loss_groups & bought_groups:
        return None
    if not _limits_ok(problem, trades, total):
        return None
    eligible = {problem.accounts[j].id for j in new_cash_accounts(problem)}
    if any(v > CENT and k not in eligible for k, v in (new_cash or {}).items()):
        return None
    if any(cash[a.id] < reserve_floor(a, trading.cash_reserve) - CENT for a in problem.accounts):
        return None
    if trading.mode == "cash_flow" and any(t.side == "sell" for t in trades):
        return None
    if trading.mode == "raise_cash":
        if any(t.side == "buy" for t in trades):
            return None
        if sum(t.value for t in trades if t.side == "sell") < trading.raise_cash - CENT:
            return None
    rs, rl = tax_rules.rate("short"), tax_rules.rate("long")
    tax = netted_tax(gains["short"], gains["long"], rs, rl)
    net = gains["short"] + gains["long"]
    if tax_rules.max_realized_gain is not None and net > tax_rules.max_realized_gain + CENT:
        return None
    if tax_rules.max_tax is not None and tax > tax_rules.max_tax + CENT:
        return None
    credit = rl * max(0.0, -net) if tax_rules.harvest else 0.0
    values = post_bucket_values(problem, trades)
    dev = np.array([values[k] - problem.targets.get(k, 0.0) * total for k in BUCKETS])
    bands = band_widths(problem) * total
    outside = float(np.maximum(0.0, np.abs(dev) - bands).sum())
    drift = float(np.abs(dev).sum())
    low_q = sum(
        held[k] * s.price for k, s in slots.items() if problem.securities[s.symbol].low_quality
    )
    per_account = {a.id: location_costs(policy, a.type) for a in problem.accounts}
    location = 0.0
    if policy.location.enabled:
        for k, s in slots.items():
            if held[k]:
                location += (
                    held[k]
                    * s.price
                    * float(per_account[s.account_id] @ mix_vector(problem.securities[s.symbol]))
                )
    w = policy.weights
    n_trades = len(trades)
    total_cost = (
        w.outside_band * outside
        + w.drift * drift
        + w.turnover * turnover
        + rank_cost
        + tax
        - credit
        + trading.cost_per_trade * n_trades
        + w.low_quality * low_q
        + location
    )
    return Objective(outside, drift, turnover, tax, n_trades, low_q, total_cost, location, credit)


def _lots_ok(slot: Slot, trade: Trade, recent: set[str]) -> bool:
    """The sale names lots that exist, none oversold, adding up to the shares sold, and no
    loss lot of a group bought within the wash-sale window."""
    if not slot.lots:
        return not trade.lots
    taken = [0.0] * len(slot.lots)
    for sale in trade.lots:
        if not 0 <= sale.lot < len(slot.lots):
            return False
        taken[sale.lot] += sale.shares
        if slot.taxed and is_loss(slot, sale.lot) and slot.group in recent:
            return False
    if any(t > slot.lots[k].shares + 1e-6 for k, t in enumerate(taken)):
        return False
    return abs(sum(taken) - trade.shares) < 1e-6


def _limits_ok(problem: Problem, trades: Sequence[Trade], total: float) -> bool:
    """A single stock the plan buys ends at or below the position limit."""
    cap = problem.policy.trading.max_position * total
    values = household_security_values(problem)
    bought = {t.symbol for t in trades if t.side == "buy"}
    for sym in bought:
        if problem.securities[sym].kind != "stock":
            continue
        after = values.get(sym, 0.0) + sum(
            (t.value if t.side == "buy" else -t.value) for t in trades if t.symbol == sym
        )
        if after > cap + CENT:
            return False
    return True
