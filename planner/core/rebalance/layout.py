"""The mixed-integer programme: variables, bounds, constraint rows and costs, in scipy's form.

The model (all terms in dollars)::

    minimise   W_out * sum_k out_k            drift beyond each bucket's band
             + W_drift * sum_k |dev_k|        drift inside it
             + W_turn * sum_i p_i (b_i + s_i) turnover (+ a hair per dollar for a vehicle
                                              further down its bucket's list)
             + tax - credit                   tax on net realised gains, netted short against
                                              long as the tax code does; with harvesting, the
                                              value of a net loss carried forward
             + C * (number of trades)         a cost per ticket
             + W_q * (value left in low-quality names)
             + sum_i loc_i p_i (q_i + b_i - s_i)  a year's tax drag of where things are held
    subject to
      dev_k = sum_i p_i m_ik (q_i + b_i - s_i) + [k = cash] cash_after - w_k T
      out_k >= |dev_k| - band_k T,  out_k >= 0
      cash_a + deposit_a - withdraw_a + new_a + sum_{i in a} p_i (s_i - b_i) >= floor_a
      0 <= s_i <= q_i - cover_i (no shorts, a short call stays covered), whole shares unless
      fractional; sales name their lots (min_tax chooses; hifo and fifo follow their order)
      every trade is zero or at least min_trade dollars (a smaller position may be sold whole)
      only approved vehicles are bought (and held single stocks when the policy allows)
      a single stock stays at or below the position limit when the plan buys it
      no loss sale in a taxable account and purchase of its wash-sale group anywhere
      realised gains and tax within the policy's budget

Units: money in dollars, quantities in shares, weights as fractions of the household.
"""

from __future__ import annotations

import itertools

import numpy as np

from planner.core.policy import BUCKETS, VEHICLE_RANK_COST
from planner.core.problem import Problem
from planner.core.rebalance.model import (
    ABS_GAP,
    MIP_GAP,
    Layout,
    Model,
    Rows,
)
from planner.core.rebalance.slots import (
    Slot,
    band_widths,
    household_security_values,
    location_costs,
    mix_vector,
    new_cash_accounts,
    reserve_floor,
    starting_cash,
)
from planner.core.rebalance.taxlots import (
    add_lots_and_tax,
    is_loss,
    lot_order,
    recent_groups,
    uses_lot_columns,
    wash_groups,
)

__all__ = ["ABS_GAP", "MIP_GAP", "build_model"]


def build_model(problem: Problem, slots: list[Slot], total: float) -> Model:
    policy = problem.policy
    trading = policy.trading
    tax_rules = policy.tax
    accounts = list(problem.accounts)
    n, na, nk = len(slots), len(accounts), len(BUCKETS)
    recent = recent_groups(slots)
    lot_cols = [
        (i, k)
        for i, s in enumerate(slots)
        if uses_lot_columns(s, tax_rules.lot_method)
        for k in range(len(s.lots))
    ]
    ordered = tax_rules.lot_method in ("hifo", "fifo")
    order_pairs: list[tuple[int, int, int]] = []  # (slot, lot sold first, lot after it)
    if ordered:
        for i, s in enumerate(slots):
            if uses_lot_columns(s, tax_rules.lot_method):
                # a loss lot that may not be sold (wash-sale window) is skipped, not a stop
                seq = [
                    k
                    for k in lot_order(s, tax_rules.lot_method)
                    if not (is_loss(s, k) and s.group in recent)
                ]
                order_pairs += [(i, a, b) for a, b in itertools.pairwise(seq)]
    groups = wash_groups(slots, recent)
    L = Layout(n, na, nk, len(lot_cols), len(order_pairs), len(groups))
    idx = np.arange(n)
    price = np.array([s.price for s in slots], dtype=float)
    q = np.array([s.shares for s in slots], dtype=float)
    cover = np.array([s.floor for s in slots], dtype=float)
    whole = np.floor(q - cover + 1e-9) if not trading.fractional else q - cover
    whole = np.maximum(whole, 0.0)
    # the fractional remainder is sold only by closing the position (never one that covers)
    frac = np.where((q - whole > 1e-9) & (cover <= 0), q - whole, 0.0)
    mixes = np.array([mix_vector(problem.securities[s.symbol]) for s in slots]).reshape(n, nk)
    targets = np.array([problem.targets.get(k, 0.0) for k in BUCKETS])
    bands = band_widths(problem)
    cash_k = BUCKETS.index("cash")
    w = policy.weights
    lq = np.array([problem.securities[s.symbol].low_quality for s in slots], dtype=bool)
    can_buy = np.array([s.can_buy for s in slots], dtype=bool)
    can_sell = np.array([s.can_sell for s in slots], dtype=bool)
    ids = [a.id for a in accounts]
    acct_of = np.array([ids.index(s.account_id) for s in slots], dtype=int)
    per_kind = {a.type: location_costs(policy, a.type) for a in accounts}
    loc_rows = np.array([per_kind[accounts[j].type] for j in acct_of]).reshape(n, nk)
    loc = (mixes * loc_rows).sum(axis=1) if n else np.zeros(0)
    rank = np.array([s.rank for s in slots], dtype=float)

    cost = np.zeros(L.size)
    lb = np.zeros(L.size)
    ub = np.full(L.size, np.inf)
    integrality = np.zeros(L.size)

    # turnover, tickets, drift, low-quality value left, location (constants go on "one")
    lq_sell = np.where(lq, -w.low_quality * price, 0.0)
    cost[L.b : L.b + n] = w.turnover * price + VEHICLE_RANK_COST * rank * price + loc * price
    cost[L.s : L.s + n] = w.turnover * price + lq_sell - loc * price
    cost[L.c : L.c + n] = (w.turnover * price + lq_sell - loc * price) * frac
    cost[L.zb : L.zb + 2 * n] = trading.cost_per_trade
    cost[L.dp : L.dp + 2 * nk] = w.drift
    cost[L.out : L.out + nk] = w.outside_band
    cost[L.tax] = 1.0
    # Constant terms on a variable fixed at 1: the low-quality value and the location drag held
    # now (so the objective is the plan's true cost), and an offset that turns HiGHS's relative
    # gap into an absolute one - the plan is proven within ABS_GAP dollars (+ MIP_GAP of its
    # cost) of the best plan there is, instead of chasing fractions of a cent.
    offset = ABS_GAP / MIP_GAP
    held_value = q * price
    cost[L.one] = (
        w.low_quality * float(np.sum(np.where(lq, held_value, 0.0)))
        + float(np.dot(loc, held_value))
        + offset
    )
    lb[L.one] = ub[L.one] = 1.0

    # The most an account could spend on one security: its cash, all it could sell, the new
    # cash; and never more than would fill every bucket the security is in to target + band,
    # plus one minimum trade. Tight bounds, tight model.
    eligible = new_cash_accounts(problem)
    new_cash = trading.new_cash if trading.mode == "cash_flow" else 0.0
    spendable = np.array([max(0.0, starting_cash(a)) for a in accounts])
    np.add.at(spendable, acct_of, np.where(can_sell, np.maximum(q - cover, 0.0) * price, 0.0))
    spendable[eligible] += new_cash
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
    ub[L.new : L.new + na] = 0.0
    if new_cash > 0:
        ub[[L.new + j for j in eligible]] = np.inf
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
    small = (q * price < trading.min_trade) & can_sell & (cover <= 0)
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

    # cash per account never below its floor: cash + deposit - withdrawal + new + sales - buys
    for j, acct in enumerate(accounts):
        mine = acct_of == j
        R.row(
            [L.new + j, *s_[mine], *c[mine], *b[mine]],
            [1.0, *price[mine], *(price * frac)[mine], *(-price[mine])],
            reserve_floor(acct, trading.cash_reserve) - starting_cash(acct),
            np.inf,
        )
    if new_cash > 0 and eligible:
        R.row(list(range(L.new, L.new + na)), [1.0] * na, new_cash, new_cash)
    if trading.mode == "raise_cash":
        R.row([*s_, *c], [*price, *(price * frac)], trading.raise_cash, np.inf)

    # a single stock the plan buys stays within the position limit
    values = household_security_values(problem)
    for sym in sorted({sl.symbol for sl in slots if sl.can_buy}):
        if problem.securities[sym].kind != "stock":
            continue
        mine_i = [i for i, sl in enumerate(slots) if sl.symbol == sym]
        R.row(
            [*b[mine_i], *s_[mine_i], *c[mine_i]],
            [*price[mine_i], *(-price[mine_i]), *(-(price * frac)[mine_i])],
            -np.inf,
            trading.max_position * total - values.get(sym, 0.0),
        )

    # bucket deviations: value_k after trades - target_k * total = dp_k - dm_k
    cash_now = sum(starting_cash(a) for a in accounts)
    if new_cash > 0 and not eligible:  # no account may take it: it stays outside, as cash
        cash_now += new_cash
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

    add_lots_and_tax(
        problem, slots, L, R, lot_cols, order_pairs, groups, recent, frac, ub, lb, integrality, cost
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
        lot_cols,
    )
