"""The fast method for large households: the continuous relaxation, rounded to whole shares,
every rule repaired, then solved once more with the chosen trades fixed. The relaxation's cost
is a lower bound on every plan, so the plan reports how far it can be from the best.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from planner.core.problem import Problem, Solution
from planner.core.rebalance.exact import run_milp
from planner.core.rebalance.model import OBJECTIVE_SCALE, Model
from planner.core.rebalance.readout import (
    CENT,
    choose_lots,
    finish,
    place_new_cash,
    spare_cash,
    trades_from,
)
from planner.core.rebalance.slots import (
    household_security_values,
    household_total,
    new_cash_accounts,
)
from planner.core.rebalance.taxlots import is_loss, recent_groups


def solve_fast(problem: Problem, model: Model, total: float) -> Solution | None:
    """Relaxation, rounding, repair - then once more with the trades chosen fixed, so the
    relaxation places the dollars among them. None when rounding cannot make a feasible plan
    (the exact solver then decides)."""
    result = run_milp(model, integer=False)
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
        trades = trades_from(problem, model, bought, sold)
        placed = place_new_cash(problem, model, bought, sold)
        sol = finish(problem, trades, total, [], placed, model.slots)
        if sol.objective is not None and (
            best is None or best.objective is None or sol.objective.total < best.objective.total
        ):
            best = sol
        if attempt == 1:
            break
        lb, ub = model.lb.copy(), model.ub.copy()
        lb[L.zb : L.zb + n] = ub[L.zb : L.zb + n] = (bought > 0).astype(float)
        lb[L.zs : L.zs + n] = ub[L.zs : L.zs + n] = (sold > 0).astype(float)
        again = run_milp(replace(model, lb=lb, ub=ub), integer=False)
        if again.x is None:
            break
        x = again.x
    if best is None or best.objective is None:
        return None
    relaxed = float(result.fun) / OBJECTIVE_SCALE - model.offset
    best.bound = min(relaxed, best.objective.total)
    best.method = "fast"
    return best


def _round(problem: Problem, model: Model, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
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
    closable = np.array([s.floor <= 0 for s in slots], dtype=bool)
    sold = np.where(closable & (want >= q - 0.5 + 1e-9), q, np.minimum(rnd(want), whole))
    # every trade zero or at least min_trade; positions below it sold whole or not at all
    minimum = trading.min_trade
    small = q * price < minimum

    def least(i: int) -> float:
        """The fewest shares of slot ``i`` worth ``min_trade``."""
        if trading.fractional:
            return float(minimum / price[i])
        return float(math.ceil(minimum / price[i] - 1e-9))

    for i in range(n):
        if 0 < bought[i] * price[i] < minimum:
            need = least(i)
            half = bought[i] * price[i] >= minimum / 2
            bought[i] = need if half and need <= model.ub[L.b + i] else 0.0
        if sold[i] > 0:
            if small[i]:
                sold[i] = q[i] if want[i] >= q[i] / 2 else 0.0
            elif sold[i] * price[i] < minimum:
                need = least(i)
                half = sold[i] * price[i] >= minimum / 2
                sold[i] = need if half and need <= whole[i] else 0.0
    _repair_wash_sales(problem, model, bought, sold)
    _repair_position_limits(problem, model, bought)
    _repair_cash(problem, model, bought, sold)
    if trading.mode == "raise_cash" and float(np.dot(sold, price)) < trading.raise_cash - CENT:
        return None
    return bought, sold


def _repair_wash_sales(
    problem: Problem, model: Model, bought: np.ndarray, sold: np.ndarray
) -> None:
    """A loss sale in a taxable account and a purchase in its wash-sale group: keep the larger
    side (in dollars) and drop the other."""
    slots, method = model.slots, problem.policy.tax.lot_method
    recent = recent_groups(slots)
    losing: dict[str, list[int]] = {}
    for i, s in enumerate(slots):
        if sold[i] > 0 and s.taxed:
            take = choose_lots(s, float(sold[i]), method, recent)
            if any(t > 0 and is_loss(s, k) for k, t in enumerate(take)):
                losing.setdefault(s.group, []).append(i)
    for group, sellers in losing.items():
        buys = [j for j, s in enumerate(slots) if s.group == group and bought[j] > 0]
        if not buys:
            continue
        bought_value = sum(bought[j] * model.price[j] for j in buys)
        if bought_value > sum(sold[i] * model.price[i] for i in sellers):
            sold[sellers] = 0.0
        else:
            bought[buys] = 0.0


def _repair_position_limits(problem: Problem, model: Model, bought: np.ndarray) -> None:
    """Trim buys of a single stock that would take it past the position limit: a share of the
    household total, cash included, as the model's row and the check of every plan count it."""
    trading = problem.policy.trading
    cap = trading.max_position * household_total(problem)
    values = household_security_values(problem)
    for sym in {s.symbol for i, s in enumerate(model.slots) if bought[i] > 0}:
        if problem.securities[sym].kind != "stock":
            continue
        room = cap - values.get(sym, 0.0)
        for i, s in enumerate(model.slots):
            if s.symbol != sym or bought[i] <= 0:
                continue
            most = max(0.0, room) / model.price[i]
            most = most if trading.fractional else math.floor(most + 1e-9)
            bought[i] = min(bought[i], most)
            if bought[i] * model.price[i] < trading.min_trade:
                bought[i] = 0.0
            room -= bought[i] * model.price[i]


def _repair_cash(problem: Problem, model: Model, bought: np.ndarray, sold: np.ndarray) -> None:
    """Trim buys (largest first) until every account's cash stays at or above its floor; in
    cash_flow mode the new cash covers the shortfalls of the accounts it may go to first."""
    trading = problem.policy.trading
    new_cash = trading.new_cash if trading.mode == "cash_flow" else 0.0
    eligible = np.zeros(len(model.accounts), dtype=bool)
    eligible[new_cash_accounts(problem)] = True
    ids = [a.id for a in model.accounts]
    for _ in range(4 * len(model.slots) + 4):
        short = np.maximum(-spare_cash(problem, model, bought, sold), 0.0)
        covered = short[eligible].sum() <= new_cash + 1e-6
        if covered and short[~eligible].sum() <= 1e-6:
            return
        # the account to trim: one short of cash that new cash cannot cover
        need = np.where(eligible, 0.0 if covered else short, short)
        j = int(np.argmax(need))
        excess = need[j]
        if eligible[j]:
            excess = min(excess, short[eligible].sum() - new_cash)
        mine = [
            i for i, s in enumerate(model.slots) if ids.index(s.account_id) == j and bought[i] > 0
        ]
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
