"""The independent judge: is a plan allowed, and what does it cost?

It reads the problem statement - holdings and their lots, cash, deposits and withdrawals,
securities, the policy, the plan date - and a list of trades, re-derives every rule of the plan
from the policy in its own words, and prices the plan term by term. It shares no code with the
solver (an import-linter contract forbids this module to import :mod:`planner.core.rebalance`),
so when the proof tests find the solver's plan allowed and no enumerated plan cheaper, two
separate readings of the rules agree.

Units: money in dollars, quantities in shares, weights as fractions of the household.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.core.policy import BUCKETS, VEHICLE_RANK_COST
from planner.core.problem import Objective, Problem, Trade

#: Money compares to the half cent; share counts to a millionth of a share.
HALF_CENT = 0.005
SHARE_EPS = 1e-6


@dataclass
class _Lot:
    shares: float
    cost: float | None
    acquired: date | None


@dataclass
class _Position:
    shares: float = 0.0
    lots: list[_Lot] = field(default_factory=list)


class Refused(Exception):
    """The first rule a plan breaks."""


def _positions(problem: Problem) -> dict[tuple[str, str], _Position]:
    out: dict[tuple[str, str], _Position] = {}
    for h in problem.holdings:
        p = out.setdefault((h.account_id, h.symbol), _Position())
        p.shares += h.shares
        if h.lots:
            p.lots += [_Lot(lot.shares, lot.cost, lot.acquired) for lot in h.lots]
            # shares no lot names: one more lot, of unknown cost and date
            rest = h.shares - sum(lot.shares for lot in h.lots)
            if rest > SHARE_EPS:
                p.lots.append(_Lot(rest, None, None))
        else:
            p.lots.append(_Lot(h.shares, h.cost_basis, None))
    return out


def _band(problem: Problem, bucket: str) -> float:
    target = problem.targets.get(bucket, 0.0)
    bands = problem.policy.bands
    return bands.absolute if target <= 0 else min(bands.absolute, bands.relative * target)


def _dollars(problem: Problem, shares: dict[str, float], cash: float) -> dict[str, float]:
    dollars = dict.fromkeys(BUCKETS, 0.0)
    for sym, n in shares.items():
        sec = problem.securities.get(sym)
        if sec is not None:
            for k in BUCKETS:
                dollars[k] += n * sec.price * float(sec.mix.get(k, 0.0))
    dollars["cash"] += cash
    return dollars


def _term(acquired: date | None, as_of: date | None, unknown: str) -> str:
    if acquired is None or as_of is None:
        return unknown
    return "long" if (as_of - acquired).days > 365 else "short"


def _unit(lot: _Lot) -> float | None:
    return lot.cost / lot.shares if lot.cost is not None and lot.shares > 0 else None


def _taxed(kind: str) -> bool:
    return kind not in ("tax_deferred", "tax_free")


def _ranks(problem: Problem, held_here: set[str]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for bucket in BUCKETS:
        listed = list(problem.policy.vehicles.get(bucket, ()))
        mine = [s for s in listed if s in held_here] + [s for s in listed if s not in held_here]
        for place, sym in enumerate(mine):
            ranks[sym] = min(place, ranks.get(sym, place))
    return ranks


def _order(lots: list[_Lot], method: str) -> list[int]:
    idx = list(range(len(lots)))
    if method == "hifo":  # highest cost per share first; an unknown cost counts as nothing
        return sorted(idx, key=lambda k: (-(_unit(lots[k]) or 0.0), k))
    dated = sorted(
        (k for k in idx if lots[k].acquired is not None), key=lambda k: (lots[k].acquired, k)
    )
    return dated + [k for k in idx if lots[k].acquired is None]


def _netted(short: float, long: float, rate_short: float, rate_long: float) -> float:
    """IRC 1222, step by step: each term nets within itself (done: these are net figures),
    then a net loss of one term reduces a net gain of the other."""
    if short < 0 < long:
        long, short = max(0.0, long + short), 0.0
    elif long < 0 < short:
        short, long = max(0.0, short + long), 0.0
    return rate_short * max(0.0, short) + rate_long * max(0.0, long)


def judge(problem: Problem, trades: Sequence[Trade]) -> tuple[Objective | None, str | None]:
    """The plan's cost, or None and the first rule it breaks."""
    try:
        return _judge(problem, trades), None
    except Refused as why:
        return None, str(why)


def _judge(problem: Problem, trades: Sequence[Trade]) -> Objective:
    policy, rules, tax_rules = problem.policy, problem.policy.trading, problem.policy.tax
    restrict = policy.restrictions
    accounts = {a.id: a for a in problem.accounts}
    start = _positions(problem)
    cash = {a.id: a.cash + a.deposit - a.withdraw for a in problem.accounts}
    new_cash = rules.new_cash if rules.mode == "cash_flow" else 0.0
    raise_cash = rules.raise_cash if rules.mode == "raise_cash" else 0.0
    holdings_value = sum(
        p.shares * problem.securities[s].price
        for (_, s), p in start.items()
        if s in problem.securities
    )
    total = holdings_value + sum(cash.values()) + new_cash - raise_cash
    value_of: dict[str, float] = {}
    for (_, s), p in start.items():
        if s in problem.securities:
            value_of[s] = value_of.get(s, 0.0) + p.shares * problem.securities[s].price

    def group(sym: str) -> str:
        return problem.securities[sym].group or sym

    recent: set[str] = set()  # groups bought in the 30 days before the plan, anywhere
    for (_, s), p in start.items():
        for lot in p.lots:
            days = (problem.as_of - lot.acquired).days if problem.as_of and lot.acquired else None
            if days is not None and 0 <= days <= 30 and s in problem.securities:
                recent.add(group(s))

    eligible: set[str] | None = None  # out_of_band: securities whose main bucket is outside
    if rules.mode == "out_of_band":
        now_shares: dict[str, float] = {}
        for (_, s), p in start.items():
            if s in problem.securities and problem.securities[s].price > 0:
                now_shares[s] = now_shares.get(s, 0.0) + p.shares
        now = _dollars(problem, now_shares, sum(a.cash for a in problem.accounts))
        outside_now = {
            k
            for k in BUCKETS
            if abs(now[k] - problem.targets.get(k, 0.0) * total) > _band(problem, k) * total + 0.01
        }
        eligible = set()
        for s, candidate in problem.securities.items():
            main = BUCKETS[0]
            for k in BUCKETS:
                if candidate.mix.get(k, 0.0) > candidate.mix.get(main, 0.0):
                    main = k
            if main in outside_now:
                eligible.add(s)

    after = {k: p.shares for k, p in start.items()}
    seen: dict[tuple[str, str], str] = {}
    gains = {"short": 0.0, "long": 0.0}
    turnover = rank_cost = 0.0
    loss_groups: set[str] = set()
    buy_groups: set[str] = set()
    for t in trades:
        key = (t.account_id, t.symbol)
        sec = problem.securities.get(t.symbol)
        acct = accounts.get(t.account_id)
        if acct is None or sec is None or not sec.price > 0:
            raise Refused(f"{key}: no such account or priced security")
        if not t.shares > 0 or t.shares != t.shares:
            raise Refused(f"{key}: shares must be positive")
        if seen.setdefault(key, t.side) != t.side:
            raise Refused(f"{key}: bought and sold in one plan")
        if acct.frozen or acct.id in restrict.held_away:
            raise Refused(f"{key}: the account is held away")
        if t.symbol in restrict.unsupervised or not sec.tradeable:
            raise Refused(f"{key}: never traded (unsupervised, an option, a bond block)")
        if eligible is not None and t.symbol not in eligible:
            raise Refused(f"{key}: out_of_band mode and its bucket is inside its band")
        dollars = t.shares * sec.price
        turnover += dollars
        whole = abs(t.shares - round(t.shares)) <= SHARE_EPS
        pos = start.get(key, _Position())
        if t.side == "buy":
            held_here = {s for (a, s) in start if a == t.account_id}
            ranks = _ranks(problem, held_here)
            single = rules.buy_single_stocks and sec.kind == "stock" and key in start
            if rules.mode == "raise_cash":
                raise Refused(f"{key}: raise_cash mode buys nothing")
            if sec.low_quality or t.symbol in restrict.do_not_buy:
                raise Refused(f"{key}: may not be bought (low quality or restricted)")
            if t.symbol not in ranks and not single:
                raise Refused(f"{key}: not an approved vehicle")
            cap = rules.max_position * total
            if sec.kind == "stock" and value_of.get(t.symbol, 0.0) >= cap:
                raise Refused(f"{key}: a single stock already at the position limit")
            if not rules.fractional and not whole:
                raise Refused(f"{key}: fractional purchase")
            if dollars < rules.min_trade - HALF_CENT:
                raise Refused(f"{key}: purchase below the minimum trade")
            rank_cost += VEHICLE_RANK_COST * ranks.get(t.symbol, 0) * dollars
            after[key] = after.get(key, 0.0) + t.shares
            cash[t.account_id] -= dollars
            buy_groups.add(group(t.symbol))
            continue
        cover = float(problem.floors.get(key, 0.0))
        closes = abs(t.shares - pos.shares) <= SHARE_EPS and cover <= 0
        if rules.mode == "cash_flow":
            raise Refused(f"{key}: cash_flow mode sells nothing")
        if t.symbol in restrict.do_not_sell:
            raise Refused(f"{key}: do not sell")
        if t.shares > pos.shares - cover + SHARE_EPS:
            raise Refused(f"{key}: sells more than it may (a short, or a short call uncovered)")
        if not rules.fractional and not whole and not closes:
            raise Refused(f"{key}: fractional sale that does not close the position")
        if pos.shares * sec.price < rules.min_trade:
            if not closes:
                raise Refused(f"{key}: a position below the minimum trade is sold whole")
        elif dollars < rules.min_trade - HALF_CENT:
            raise Refused(f"{key}: sale below the minimum trade")
        taken = [0.0] * len(pos.lots)
        for sale in t.lots:
            if not 0 <= sale.lot < len(pos.lots) or sale.shares < 0:
                raise Refused(f"{key}: names a lot it does not hold")
            taken[sale.lot] += sale.shares
        if any(x > pos.lots[j].shares + SHARE_EPS for j, x in enumerate(taken)):
            raise Refused(f"{key}: sells more of a lot than it holds")
        if abs(sum(taken) - t.shares) > SHARE_EPS:
            raise Refused(f"{key}: its lots do not add up to the shares sold")
        if _taxed(acct.type):
            blocked: set[int] = set()
            for j, lot in enumerate(pos.lots):
                unit = _unit(lot)
                loss = unit is not None and sec.price < unit
                if loss and group(t.symbol) in recent:
                    blocked.add(j)
                if taken[j] <= 0:
                    continue
                if j in blocked:
                    raise Refused(f"{key}: a loss sale of what was bought in the last 30 days")
                gain = (sec.price - (unit if unit is not None else 0.0)) * taken[j]
                gains[_term(lot.acquired, problem.as_of, tax_rules.unknown_term)] += gain
                if loss:
                    loss_groups.add(group(t.symbol))
            if tax_rules.lot_method in ("hifo", "fifo") and len(pos.lots) > 1:
                order = [j for j in _order(pos.lots, tax_rules.lot_method) if j not in blocked]
                for first, then in itertools.pairwise(order):
                    if taken[then] > SHARE_EPS and taken[first] < pos.lots[first].shares - 1e-4:
                        raise Refused(f"{key}: lots sold out of {tax_rules.lot_method} order")
        after[key] -= t.shares
        cash[t.account_id] += dollars
    if loss_groups & buy_groups:
        raise Refused(f"wash sale: {sorted(loss_groups & buy_groups)} sold at a loss and bought")
    for t in trades:
        sec = problem.securities[t.symbol]
        if t.side == "buy" and sec.kind == "stock":
            held = sum(n for (_, s), n in after.items() if s == t.symbol) * sec.price
            if held > rules.max_position * total + HALF_CENT:
                raise Refused(f"{t.symbol}: bought past the position limit")

    open_accounts = [a for a in problem.accounts if not a.frozen]
    taxable = [a.id for a in open_accounts if _taxed(a.type)]
    may_take = set(taxable or [a.id for a in open_accounts])
    gaps_covered = gaps_uncovered = 0.0
    for a in problem.accounts:
        base = a.cash + a.deposit - a.withdraw
        floor = (
            min(rules.cash_reserve, base)
            if base >= 0
            else min(rules.cash_reserve, 0.0, a.cash + a.deposit)
        )
        gap = max(0.0, floor - cash[a.id])
        if a.id in may_take:
            gaps_covered += gap
        else:
            gaps_uncovered += gap
    if gaps_uncovered > HALF_CENT or gaps_covered > new_cash + HALF_CENT:
        raise Refused("an account's cash ends below its floor")
    if rules.mode == "cash_flow" and any(t.side == "sell" for t in trades):
        raise Refused("cash_flow mode sells nothing")
    if rules.mode == "raise_cash":
        if any(t.side == "buy" for t in trades):
            raise Refused("raise_cash mode buys nothing")
        raised = sum(
            t.shares * problem.securities[t.symbol].price for t in trades if t.side == "sell"
        )
        if raised < rules.raise_cash - HALF_CENT:
            raise Refused(f"raises ${raised:,.2f} of ${rules.raise_cash:,.2f}")
    niit = (
        tax_rules.niit
        if tax_rules.niit_applies or tax_rules.income > tax_rules.niit_threshold
        else 0.0
    )
    rs = tax_rules.short_term + niit + tax_rules.state
    rl = tax_rules.long_term + niit + tax_rules.state
    tax = _netted(gains["short"], gains["long"], rs, rl)
    net = gains["short"] + gains["long"]
    if tax_rules.max_realized_gain is not None and net > tax_rules.max_realized_gain + HALF_CENT:
        raise Refused("realises more gain than the budget")
    if tax_rules.max_tax is not None and tax > tax_rules.max_tax + HALF_CENT:
        raise Refused("costs more tax than the budget")
    credit = rl * max(0.0, -net) if tax_rules.harvest else 0.0

    shares_after: dict[str, float] = {}
    for (_, s), n in after.items():
        shares_after[s] = shares_after.get(s, 0.0) + n
    dollars_after = _dollars(problem, shares_after, sum(cash.values()) + new_cash - raise_cash)
    outside_band = drift = 0.0
    for k in BUCKETS:
        gap = abs(dollars_after[k] - problem.targets.get(k, 0.0) * total)
        drift += gap
        outside_band += max(0.0, gap - _band(problem, k) * total)
    low_quality = location = 0.0
    loc = policy.location
    tables = {"tax_deferred": loc.tax_deferred, "tax_free": loc.tax_free}
    for (acct_id, sym), n in after.items():
        held_sec = problem.securities.get(sym)
        if held_sec is None or held_sec.price <= 0:
            continue
        if held_sec.low_quality:
            low_quality += n * held_sec.price
        if loc.enabled:
            table = tables.get(accounts[acct_id].type, loc.taxable)
            mix = held_sec.mix
            location += n * held_sec.price * sum(m * table.get(k, 0.0) for k, m in mix.items())
    w = policy.weights
    cost = (
        w.outside_band * outside_band
        + w.drift * drift
        + w.turnover * turnover
        + rank_cost
        + tax
        - credit
        + rules.cost_per_trade * len(trades)
        + w.low_quality * low_quality
        + location
    )
    return Objective(
        outside_band, drift, turnover, tax, len(trades), low_quality, cost, location, credit
    )


def evaluate(problem: Problem, trades: Sequence[Trade]) -> Objective | None:
    """The plan's cost by the judge, or None when it breaks a rule."""
    return judge(problem, trades)[0]
