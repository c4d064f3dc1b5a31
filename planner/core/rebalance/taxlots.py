"""Lots and tax in the programme: which lots a sale takes, the net short- and long-term gains,
the tax on them netted as the tax code nets them (IRC 1222), the tax budget, harvesting's
carried loss, and the wash-sale switches that keep a loss sale and a purchase of the same
group (substantially identical securities) out of one plan.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.core.problem import Problem
from planner.core.rebalance.model import Layout, Rows
from planner.core.rebalance.slots import Slot


def lot_gain(slot: Slot, k: int) -> float:
    """Dollars of gain per share sold from lot ``k`` of ``slot`` (an unknown cost counts the
    whole price as gain: the estimate errs on the side of more tax)."""
    unit = slot.lots[k].unit_cost
    return slot.price - (unit if unit is not None else 0.0)


def lot_term(slot: Slot, k: int, unknown_term: str) -> str:
    term = slot.lots[k].term
    return unknown_term if term == "unknown" else term


def is_loss(slot: Slot, k: int) -> bool:
    unit = slot.lots[k].unit_cost
    return unit is not None and slot.price < unit


def wash_groups(slots: Sequence[Slot], recent: set[str]) -> list[str]:
    """Wash-sale groups in which the plan could both sell at a loss (in a taxable account) and
    buy: each gets a switch - a loss sale or a purchase, never both."""
    losing = {
        s.group
        for s in slots
        if s.taxed and s.can_sell and s.group not in recent
        for k in range(len(s.lots))
        if is_loss(s, k)
    }
    buying = {s.group for s in slots if s.can_buy}
    return sorted(losing & buying)


def recent_groups(slots: Sequence[Slot]) -> set[str]:
    """Groups bought within the wash-sale window before the plan, anywhere in the household:
    selling any of them at a loss now would be a wash sale."""
    return {s.group for s in slots for lot in s.lots if lot.recent}


def uses_lot_columns(slot: Slot, lot_method: str) -> bool:
    """A taxed sale from a position with several lots names them in the model; one lot needs
    no column of its own."""
    return slot.taxed and slot.can_sell and len(slot.lots) > 1


def lot_order(slot: Slot, lot_method: str) -> list[int]:
    """The order hifo (highest cost first) or fifo (oldest first) sells the lots in."""
    ks = list(range(len(slot.lots)))
    if lot_method == "hifo":
        return sorted(ks, key=lambda k: (-(slot.lots[k].unit_cost or 0.0), k))
    dated = [k for k in ks if slot.lots[k].acquired is not None]
    undated = [k for k in ks if slot.lots[k].acquired is None]
    return sorted(dated, key=lambda k: (slot.lots[k].acquired, k)) + undated


def add_lots_and_tax(
    problem: Problem,
    slots: list[Slot],
    L: Layout,
    R: Rows,
    lot_cols: list[tuple[int, int]],
    order_pairs: list[tuple[int, int, int]],
    groups: list[str],
    recent: set[str],
    frac: np.ndarray,
    ub: np.ndarray,
    lb: np.ndarray,
    integrality: np.ndarray,
    cost: np.ndarray,
) -> None:
    """Lot sales, net short- and long-term gains, the tax on them netted as the tax code nets
    them, the budget, harvesting's carried loss, and the wash-sale switches."""
    tax_rules = problem.policy.tax
    unknown = tax_rules.unknown_term
    col_of = {ik: L.lot + j for j, ik in enumerate(lot_cols)}
    lot_ub = np.zeros(len(lot_cols))
    gains: dict[str, list[tuple[int, float]]] = {"short": [], "long": []}
    bound = 0.0  # the most any net gain can be, either way: the big-M of the netting rows
    for j, (i, k) in enumerate(lot_cols):
        sl = slots[i]
        blocked = is_loss(sl, k) and sl.group in recent
        lot_ub[j] = 0.0 if blocked else sl.lots[k].shares
        ub[L.lot + j] = lot_ub[j]
    for i, sl in enumerate(slots):
        if not (sl.taxed and sl.can_sell):
            continue
        if uses_lot_columns(sl, tax_rules.lot_method):
            ks = [k for (ii, k) in lot_cols if ii == i]
            # the lots sold add up to the shares sold
            R.row(
                [*(col_of[(i, k)] for k in ks), L.s + i, L.c + i],
                [*([1.0] * len(ks)), -1.0, -float(frac[i])],
                0.0,
                0.0,
            )
            for k in ks:
                g = lot_gain(sl, k)
                gains[lot_term(sl, k, unknown)].append((col_of[(i, k)], g))
                bound += abs(g) * sl.lots[k].shares
        else:
            g = lot_gain(sl, 0) if sl.lots else sl.price - (sl.avg_cost or 0.0)
            term = lot_term(sl, 0, unknown) if sl.lots else unknown
            gains[term] += [(L.s + i, g), (L.c + i, g * float(frac[i]))]
            bound += abs(g) * sl.shares
            if sl.lots and is_loss(sl, 0) and sl.group in recent:
                ub[L.s + i] = ub[L.c + i] = ub[L.zs + i] = 0.0
    for i, a, b_ in order_pairs:  # lot a is sold out before any of lot b
        u = L.order + order_pairs.index((i, a, b_))
        integrality[u] = 1
        ub[u] = 1.0
        R.row([col_of[(i, a)], u], [1.0, -lot_ub[lot_cols.index((i, a))]], 0.0, np.inf)
        R.row([col_of[(i, b_)], u], [1.0, -lot_ub[lot_cols.index((i, b_))]], -np.inf, 0.0)

    for term, col in (("short", L.gs), ("long", L.gl)):
        lb[col] = -np.inf
        terms = gains[term]
        R.row([col, *(c for c, _ in terms)], [1.0, *(-g for _, g in terms)], 0.0, 0.0)
    rs, rl = tax_rules.rate("short"), tax_rules.rate("long")
    big = 2.0 * max(1.0, rs, rl) * (bound + 1.0)
    gs, gl, tax = L.gs, L.gl, L.tax
    if gains["short"] and gains["long"]:
        # net each term, then a net loss of one offsets a net gain of the other (IRC 1222)
        y_s, y_l = L.y, L.y + 1
        integrality[[y_s, y_l]] = 1
        ub[[y_s, y_l]] = 1.0
        R.row([gs, y_s], [1.0, -big], -np.inf, 0.0)
        R.row([gs, y_s], [1.0, -big], -big, np.inf)
        R.row([gl, y_l], [1.0, -big], -np.inf, 0.0)
        R.row([gl, y_l], [1.0, -big], -big, np.inf)
        R.row([tax, gs, gl, y_s, y_l], [1.0, -rs, -rl, -big, -big], -2 * big, np.inf)
        R.row([tax, gs, gl, y_l, y_s], [1.0, -rl, -rl, -big, big], -big, np.inf)
        R.row([tax, gs, gl, y_s, y_l], [1.0, -rs, -rs, -big, big], -big, np.inf)
    else:
        R.row([tax, gs, gl], [1.0, -rs, -rl], 0.0, np.inf)
    if tax_rules.max_realized_gain is not None:
        R.row([gs, gl], [1.0, 1.0], -np.inf, tax_rules.max_realized_gain)
    if tax_rules.max_tax is not None:
        ub[tax] = tax_rules.max_tax
    if tax_rules.harvest:
        # a net loss is worth the long-term rate on it, carried forward to future gains
        y_n = L.y + 2
        integrality[y_n] = 1
        ub[y_n] = 1.0
        R.row([L.carry, gs, gl, y_n], [1.0, 1.0, 1.0, -big], -np.inf, 0.0)
        R.row([L.carry, y_n], [1.0, big], -np.inf, big)
        R.row([gs, gl, y_n], [1.0, 1.0, -big], -big, 0.0)
        cost[L.carry] = -rl
    else:
        ub[L.carry] = 0.0

    # wash sales: in each group, a loss sale in a taxable account or a purchase, never both
    for g_i, group in enumerate(groups):
        w = L.wash + g_i
        integrality[w] = 1
        ub[w] = 1.0
        for i, sl in enumerate(slots):
            if sl.group != group:
                continue
            if sl.can_buy:
                R.row([L.zb + i, w], [1.0, 1.0], -np.inf, 1.0)
            if not (sl.taxed and sl.can_sell):
                continue
            if uses_lot_columns(sl, tax_rules.lot_method):
                for k in range(len(sl.lots)):
                    if is_loss(sl, k):
                        col = col_of[(i, k)]
                        R.row([col, w], [1.0, -sl.lots[k].shares], -np.inf, 0.0)
            elif sl.lots and is_loss(sl, 0):
                R.row([L.zs + i, w], [1.0, -1.0], -np.inf, 0.0)
