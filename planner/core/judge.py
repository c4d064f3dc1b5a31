"""The independent judge: is a plan allowed, and what does it cost?

It reads the problem statement - holdings, cash, securities, policy - and a list of trades,
re-derives every rule of the plan from the policy in its own words, and prices the plan term
by term. It shares no code with the solver (an import-linter contract forbids this module to
import :mod:`planner.core.rebalance`), so when the proof tests find the solver's plan allowed
and no enumerated plan cheaper, two separate readings of the rules agree.

Units: money in dollars, quantities in shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.core.policy import BUCKETS
from planner.core.problem import Objective, Problem, Trade

#: Money compares to the half cent; share counts to a millionth of a share.
HALF_CENT = 0.005
SHARE_EPS = 1e-6


@dataclass
class _Position:
    shares: float = 0.0
    cost: float | None = 0.0  # total dollars; None once any row's basis is unknown


class Verdict:
    """Why a plan was refused (None while it is allowed) - the tests print it."""

    def __init__(self) -> None:
        self.reason: str | None = None

    def refuse(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason


def _positions(problem: Problem) -> dict[tuple[str, str], _Position]:
    out: dict[tuple[str, str], _Position] = {}
    for h in problem.holdings:
        p = out.setdefault((h.account_id, h.symbol), _Position())
        p.shares += h.shares
        p.cost = None if p.cost is None or h.cost_basis is None else p.cost + h.cost_basis
    return out


def _main_bucket(mix: dict[str, float]) -> str:
    best = BUCKETS[0]
    for k in BUCKETS:
        if mix.get(k, 0.0) > mix.get(best, 0.0):
            best = k
    return best


def _bucket_dollars(problem: Problem, shares: dict[str, float], cash: float) -> dict[str, float]:
    dollars = dict.fromkeys(BUCKETS, 0.0)
    for sym, n in shares.items():
        sec = problem.securities.get(sym)
        if sec is None:
            continue
        for k in BUCKETS:
            dollars[k] += n * sec.price * float(sec.mix.get(k, 0.0))
    dollars["cash"] += cash
    return dollars


def _band(problem: Problem, bucket: str) -> float:
    target = problem.targets.get(bucket, 0.0)
    bands = problem.policy.bands
    return bands.absolute if target <= 0 else min(bands.absolute, bands.relative * target)


def judge(problem: Problem, trades: Sequence[Trade]) -> tuple[Objective | None, str | None]:
    """The plan's cost, or None and the first rule it breaks."""
    policy, rules = problem.policy, problem.policy.trading
    verdict = Verdict()
    accounts = {a.id: a for a in problem.accounts}
    start = _positions(problem)
    cash = {a.id: a.cash for a in problem.accounts}
    new_cash = rules.new_cash if rules.mode == "cash_flow" else 0.0
    raise_cash = rules.raise_cash if rules.mode == "raise_cash" else 0.0
    total = sum(
        p.shares * problem.securities[s].price
        for (_, s), p in start.items()
        if s in problem.securities
    )
    total += sum(cash.values()) + new_cash - raise_cash

    # out_of_band mode trades only securities whose main bucket is outside its band today
    eligible: set[str] | None = None
    if rules.mode == "out_of_band":
        held_now: dict[str, float] = {}
        for (_, s), p in start.items():
            if s in problem.securities and problem.securities[s].price > 0:
                held_now[s] = held_now.get(s, 0.0) + p.shares
        now = _bucket_dollars(problem, held_now, sum(cash.values()))
        outside = {
            k
            for k in BUCKETS
            if abs(now[k] - problem.targets.get(k, 0.0) * total) > _band(problem, k) * total + 0.01
        }
        eligible = {
            s for s, sec in problem.securities.items() if _main_bucket(dict(sec.mix)) in outside
        }

    after = {k: _Position(p.shares, p.cost) for k, p in start.items()}
    seen: dict[tuple[str, str], str] = {}
    gains, turnover = 0.0, 0.0
    loss_sales: set[str] = set()
    buys: set[str] = set()
    for t in trades:
        key = (t.account_id, t.symbol)
        sec = problem.securities.get(t.symbol)
        acct = accounts.get(t.account_id)
        if acct is None or sec is None or not sec.price > 0:
            verdict.refuse(f"{key}: no such account or priced security")
            break
        if not t.shares > 0 or t.shares != t.shares:
            verdict.refuse(f"{key}: shares must be positive")
            break
        if seen.setdefault(key, t.side) != t.side:
            verdict.refuse(f"{key}: bought and sold in one plan")
            break
        if eligible is not None and t.symbol not in eligible:
            verdict.refuse(f"{key}: out_of_band mode and its bucket is inside its band")
        pos = start.get(key, _Position(0.0, None))
        dollars = t.shares * sec.price
        turnover += dollars
        is_whole = abs(t.shares - round(t.shares)) <= SHARE_EPS
        if t.side == "buy":
            own = key in start
            vehicle = t.symbol in set(policy.vehicles.values())
            if rules.mode == "raise_cash":
                verdict.refuse(f"{key}: raise_cash mode buys nothing")
            if sec.low_quality or t.symbol in policy.restrictions.do_not_buy:
                verdict.refuse(f"{key}: may not be bought (low quality or restricted)")
            if not own and not vehicle:
                verdict.refuse(f"{key}: neither held in the account nor a vehicle")
            if not rules.fractional and not is_whole:
                verdict.refuse(f"{key}: fractional purchase")
            if dollars < rules.min_trade - HALF_CENT:
                verdict.refuse(f"{key}: purchase below the minimum trade")
            after.setdefault(key, _Position(0.0, 0.0)).shares += t.shares
            cash[t.account_id] -= dollars
            buys.add(t.symbol)
            continue
        # a sale
        closes = abs(t.shares - pos.shares) <= SHARE_EPS
        if rules.mode == "cash_flow":
            verdict.refuse(f"{key}: cash_flow mode sells nothing")
        if not sec.tradeable or t.symbol in policy.restrictions.do_not_sell:
            verdict.refuse(f"{key}: may not be sold")
        if t.shares > pos.shares + SHARE_EPS:
            verdict.refuse(f"{key}: sells more than is held (a short)")
        if not rules.fractional and not is_whole and not closes:
            verdict.refuse(f"{key}: fractional sale that does not close the position")
        position_value = pos.shares * sec.price
        if position_value < rules.min_trade:
            if not closes:
                verdict.refuse(f"{key}: a position below the minimum trade is sold whole")
        elif dollars < rules.min_trade - HALF_CENT:
            verdict.refuse(f"{key}: sale below the minimum trade")
        after[key].shares -= t.shares
        cash[t.account_id] += dollars
        if acct.type in ("taxable", "unknown"):
            avg = pos.cost / pos.shares if pos.cost is not None and pos.shares > 0 else None
            gains += (sec.price - (avg if avg is not None else 0.0)) * t.shares
            if avg is not None and sec.price < avg:
                loss_sales.add(t.symbol)
    if verdict.reason is None and loss_sales & buys:
        verdict.refuse(f"wash sale: {sorted(loss_sales & buys)} sold at a loss and bought")
    if verdict.reason is None:
        short = 0.0
        for a in problem.accounts:
            floor = min(rules.cash_reserve, a.cash)
            short += max(0.0, floor - cash[a.id])
        if short > new_cash + HALF_CENT:
            verdict.refuse(f"cash below the reserve by ${short - new_cash:,.2f}")
    if verdict.reason is None and rules.mode == "raise_cash":
        raised = sum(
            t.shares * problem.securities[t.symbol].price for t in trades if t.side == "sell"
        )
        if raised < rules.raise_cash - HALF_CENT:
            verdict.refuse(f"raises ${raised:,.2f} of ${rules.raise_cash:,.2f}")
    if verdict.reason is not None:
        return None, verdict.reason

    shares_after: dict[str, float] = {}
    for (_, s), p in after.items():
        shares_after[s] = shares_after.get(s, 0.0) + p.shares
    dollars_after = _bucket_dollars(
        problem, shares_after, sum(cash.values()) + new_cash - raise_cash
    )
    outside_band = drift = 0.0
    for k in BUCKETS:
        gap = abs(dollars_after[k] - problem.targets.get(k, 0.0) * total)
        drift += gap
        outside_band += max(0.0, gap - _band(problem, k) * total)
    tax = policy.tax.long_term * max(0.0, gains)
    low_quality = sum(
        p.shares * problem.securities[s].price
        for (_, s), p in after.items()
        if s in problem.securities
        and problem.securities[s].low_quality
        and problem.securities[s].price > 0
    )
    w = policy.weights
    cost = (
        w.outside_band * outside_band
        + w.drift * drift
        + w.turnover * turnover
        + tax
        + rules.cost_per_trade * len(trades)
        + w.low_quality * low_quality
    )
    return Objective(outside_band, drift, turnover, tax, len(trades), low_quality, cost), None


def evaluate(problem: Problem, trades: Sequence[Trade]) -> Objective | None:
    """The plan's cost by the judge, or None when it breaks a rule."""
    return judge(problem, trades)[0]
