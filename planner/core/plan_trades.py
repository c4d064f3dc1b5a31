"""The solver's trades as the plan lists them: each judged (:func:`explain.reasons_for`),
paired with the trades of the other side that move its bucket (:func:`pair_trades`), put in
words (:func:`explain.explain`) and in execution order.

Units: dollars, shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from planner.core.explain import DRIFT_SHARE, Why, explain, reasons_for
from planner.core.plan_model import BucketRow, PlannedTrade, PriceUsed, SecurityFacts
from planner.core.problem import Problem, Solution, Trade
from planner.core.wording import Describe, plain


def pair_trades(
    trades: Sequence[Trade],
    whys: Sequence[Why],
    mixes: Sequence[Mapping[str, float]],
    rows: Mapping[str, BucketRow],
    again: Callable[[int, str], Why],
    new_cash: float = 0.0,
) -> list[Why]:
    """Trades of the other side that move the bucket a trade is named by.

    A trade against its bucket's deviation (a sale from a bucket below its target, a purchase
    into one above it) is named by it only because trades of the other side overshoot. When
    those trades are themselves named by that bucket, the two would justify each other (sell
    IJH for its mid-caps, buy VO for its mid-caps; sell NVDA for its mega-caps, buy VOO for its
    mega-caps): the trade against the deviation is judged again without the bucket
    (``again(i, bucket)``) and named by what else it does - another bucket, asset location, a
    loss, idle cash - and says which trades it pairs with ("swap"). One that does nothing else
    (it would only fund or round the others) keeps the bucket, whose sentence names them, and
    they name it (sell COKE for its mid-caps, which the purchase of VO overshoots; VO's
    mid-caps replace those the sale of COKE takes out). Otherwise, when trades of the other
    side outweigh a trade - a sale's bucket ends the plan higher than it started, a
    purchase's lower - the sentence names them, or its figure after the plan reads wrong
    ("net"). A trade moves a bucket that is at least :data:`DRIFT_SHARE`
    of it; every trade keeps those that move its bucket (the largest first), and the
    household's ``new_cash``."""
    moving: dict[tuple[str, str], list[tuple[float, str]]] = {}
    naming: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for t, w, mix in zip(trades, whys, mixes, strict=True):
        for k, m in mix.items():
            if float(m) >= DRIFT_SHARE:
                moving.setdefault((k, t.side), []).append((t.value * float(m), t.symbol))
        if w.bucket is not None:
            naming.setdefault((w.bucket, t.side), []).append((t.value, t.symbol))

    def largest(found: list[tuple[float, str]]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for _, s in sorted(found, key=lambda vs: -vs[0])))

    sells = any(t.side == "sell" for t in trades)
    losses = any((t.realized_gain or 0.0) < 0 for t in trades)
    judged: dict[int, Why] = {}  # the trades against their bucket's deviation, judged again
    keeping: dict[tuple[str, str], list[tuple[float, str]]] = {}  # those that keep the bucket
    for i, (t, w) in enumerate(zip(trades, whys, strict=True)):
        if w.bucket is None:
            continue
        other = "sell" if t.side == "buy" else "buy"
        row = rows[w.bucket]
        against = row.current < row.target if t.side == "sell" else row.current > row.target
        named = largest(naming.get((w.bucket, other), []))
        if against and named:
            new = again(i, w.bucket)
            if new.reasons[0] not in ("funding", "rounding"):
                judged[i] = replace(new, paired=w.bucket, pairing="swap", partners=named)
            else:
                judged[i] = w
                keeping.setdefault((w.bucket, t.side), []).append((t.value, t.symbol))
    out: list[Why] = []
    for i, (t, w) in enumerate(zip(trades, whys, strict=True)):
        other = "sell" if t.side == "buy" else "buy"
        w = judged.get(i, w)
        kept = largest(keeping.get((w.bucket or "", other), []))
        if i not in judged and w.bucket is not None and kept:
            # the other side's trades against this bucket keep it only because this trade
            # overshoots: it names them as they name it
            w = replace(w, paired=w.bucket, pairing="swap", partners=kept)
        k = w.bucket or ""
        movers = largest(moving.get((k, other), [])) if w.bucket else ()
        if (
            not w.pairing
            and movers
            and (rows[k].post - rows[k].current) * (1 if t.side == "sell" else -1) >= 0
        ):
            w = replace(w, paired=k, pairing="net", partners=movers)
        out.append(
            replace(w, movers=movers, new_cash=new_cash, plan_sells=sells, plan_losses=losses)
        )
    return out


def household_new_cash(problem: Problem) -> float:
    """Dollars the client puts into the household with the plan: deposits and a cash-flow
    plan's new cash, less withdrawals."""
    trading = problem.policy.trading
    placed = trading.new_cash if trading.mode == "cash_flow" else 0.0
    return placed + sum(a.deposit - a.withdraw for a in problem.accounts)


def planned_trades(
    problem: Problem,
    solution: Solution,
    rows: Mapping[str, BucketRow],
    facts: Mapping[str, SecurityFacts],
    prices: Mapping[str, PriceUsed],
    describe: Describe = plain,
) -> list[PlannedTrade]:
    """The solver's trades with their reasons and sentences, in execution order: account by
    account (file order), sells before buys - the cash for the buys comes from them."""
    accounts = {a.id: a for a in problem.accounts}
    held: dict[tuple[str, str], float] = {}
    for h in problem.holdings:
        held[(h.account_id, h.symbol)] = held.get((h.account_id, h.symbol), 0.0) + h.shares
    loss_sold = {
        problem.securities[t.symbol].group or t.symbol
        for t in solution.trades
        if t.side == "sell" and t.realized_gain is not None and t.realized_gain < 0
    }
    bought = {
        problem.securities[t.symbol].group or t.symbol for t in solution.trades if t.side == "buy"
    }
    trades = list(solution.trades)

    def why_of(t: Trade, passed_over: frozenset[str] = frozenset()) -> Why:
        whole = t.side == "sell" and abs(t.shares - held.get((t.account_id, t.symbol), 0.0)) < 1e-6
        harvested = (
            t.side == "sell"
            and t.realized_gain is not None
            and t.realized_gain < 0
            and problem.policy.tax.harvest
        )
        sec, acct = problem.securities[t.symbol], accounts[t.account_id]
        post, total = solution.post_values, solution.total
        after = solution.cash_after.get(t.account_id)
        return reasons_for(t, sec, acct, problem, post, total, whole, harvested, passed_over, after)

    whys = pair_trades(
        trades,
        [why_of(t) for t in trades],
        [problem.securities[t.symbol].mix for t in trades],
        rows,
        lambda i, b: why_of(trades[i], frozenset({b})),
        household_new_cash(problem),
    )
    out = []
    for t, why in zip(trades, whys, strict=True):
        sec = problem.securities[t.symbol]
        acct = accounts[t.account_id]
        fact = facts.get(t.symbol)
        price = prices.get(t.symbol)
        group = sec.group or t.symbol
        out.append(
            PlannedTrade(
                t.account_id,
                acct.name,
                acct.type,
                t.symbol,
                t.side,
                t.shares,
                t.price,
                round(t.value, 2),
                t.realized_gain,
                t.tax,
                why.reasons,
                explain(t, sec, acct, rows, why, fact, describe),
                wash_sale=group in loss_sold and group in bought,
                price_as_of=price.as_of if price else sec.price_as_of,
                price_source=price.source if price else (sec.price_source or "security master"),
                lots=t.lots,
            )
        )
    order = {a.id: j for j, a in enumerate(problem.accounts)}
    out.sort(key=lambda p: (order[p.account_id], p.side != "sell", -p.value, p.symbol))
    return [replace(p, step=n) for n, p in enumerate(out, 1)]
