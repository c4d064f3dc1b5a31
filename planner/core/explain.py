"""Why each trade: the bucket whose deviation it reduces most after the plan, or else what it
does instead (asset location, a harvested loss, cash for a purchase, a withdrawal), its reasons
and a sentence built from the numbers; the execution order; the plan's warnings.

Units: dollars, shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planner.core.plan_model import (
    BUCKET_NAMES,
    BucketRow,
    PlannedTrade,
    PriceUsed,
    SecurityFacts,
)
from planner.core.policy import BUCKETS
from planner.core.problem import AccountState, Problem, Security, Solution, Trade

ACCOUNT_KINDS = {
    "taxable": "taxable",
    "tax_deferred": "tax-deferred",
    "tax_free": "tax-free",
    "unknown": "unknown type (taxed, to be safe)",
}
#: A trade "reduces a bucket's deviation" when that reduction is at least this share of the
#: trade's dollars (below it - a fund's sliver of micro-caps, say - the trade serves another
#: purpose). Of the buckets it narrows, the one it narrows most (to the percent of the trade)
#: is named, the one the security holds most of on a tie.
DRIFT_SHARE = 0.10

#: Describes a bucket under the size scheme in use ("small-caps (ranks 1,001-3,000, ...)").
Describe = Callable[[str], str]


#: Buckets named in the singular ("international equity is", "cash is").
SINGULAR = frozenset({"intl_equity", "cash"})


def plain(bucket: str) -> str:
    return BUCKET_NAMES[bucket]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _money(x: float) -> str:
    return f"${x:,.0f}"


@dataclass(frozen=True)
class Why:
    """A trade's reasons (first = main) and the bucket its drift reason is about."""

    reasons: tuple[str, ...]
    bucket: str | None
    drift_cut: float  # dollars by which the trade narrows that bucket's deviation
    location_change: float  # dollars a year of tax drag the trade adds (negative: saves)


def reasons_for(
    trade: Trade,
    sec: Security,
    account: AccountState,
    problem: Problem,
    post: Mapping[str, float],
    total: float,
    sold_whole: bool,
    harvested: bool,
) -> Why:
    """Why the plan makes ``trade``, judged after the plan: the bucket whose deviation from its
    target it narrows most (``post``: dollars per bucket after the plan)."""
    sign = 1.0 if trade.side == "buy" else -1.0
    value = trade.value
    # what the trade moves: its security's buckets one way, cash the other
    moves = {k: sign * value * float(m) for k, m in sec.mix.items() if float(m) > 0}
    moves["cash"] = moves.get("cash", 0.0) - sign * value
    best, cut, rank = None, 0.0, (0.0, 0.0)
    for k in BUCKETS:  # the security's own buckets first; cash only when none of them
        delta = moves.get(k, 0.0)
        if k == "cash" or delta == 0 or value <= 0:
            continue
        dev = post[k] - problem.targets.get(k, 0.0) * total
        narrowed = abs(dev - delta) - abs(dev)
        key = (round(narrowed / value, 2), abs(delta) / value)
        if narrowed >= DRIFT_SHARE * value and key > rank:
            best, cut, rank = k, narrowed, key
    if best is None and value > 0:
        dev = post["cash"] - problem.targets.get("cash", 0.0) * total
        narrowed = abs(dev - moves["cash"]) - abs(dev)
        if narrowed >= DRIFT_SHARE * value:
            best, cut = "cash", narrowed
    loc = (
        sign
        * value
        * sum(m * problem.policy.location.cost(account.type, k) for k, m in sec.mix.items())
    )
    mode = problem.policy.trading.mode
    reasons: list[str] = []
    if trade.side == "sell":
        if sec.low_quality:
            reasons.append("quality_exit" if sold_whole else "quality_trim")
        if harvested:
            reasons.append("tax_loss_harvest")
        if mode == "raise_cash":
            reasons.append("cash_raise")
        if account.withdraw > 0:
            reasons.append("withdrawal")
    else:
        if mode == "cash_flow" or account.deposit > 0:
            reasons.append("cash_invest")
    if best == "cash":
        reasons.insert(0, "cash_invest" if trade.side == "buy" else "cash_raise")
        best = None
    elif best is not None:
        reasons.insert(0, "drift")
        base = (problem.base_targets or problem.targets).get(best, 0.0)
        target = problem.targets.get(best, 0.0)
        if abs(target - base) > 1e-9 and (target - base) * sign > 0:
            reasons.insert(1, "regime_tilt")
    elif loc < -0.5:
        reasons.insert(0, "location")
    if not reasons:
        reasons.append("funding" if trade.side == "sell" else "rounding")
    return Why(tuple(dict.fromkeys(reasons)), best, cut, loc)


def explain(
    trade: Trade,
    sec: Security,
    account: AccountState,
    rows: Mapping[str, BucketRow],
    why: Why,
    fact: SecurityFacts | None,
    describe: Describe = plain,
) -> str:
    """One sentence (several clauses) an advisor can read to a client."""
    verb = "Sell" if trade.side == "sell" else "Buy"
    shares = f"{trade.shares:,.4f}".rstrip("0").rstrip(".")
    kind = ACCOUNT_KINDS.get(account.type, account.type)
    where = f"{account.name or 'account'} ({kind})"
    parts = [
        f"{verb} {shares} {trade.symbol} at ${trade.price:,.2f} ({_money(trade.value)}) in {where}"
    ]
    k = why.bucket
    if k is not None:
        row = rows[k]
        target = f"a {_pct(row.target)} target"
        if abs(row.target - row.policy_target) > 1e-9:
            sign = "+" if row.target > row.policy_target else "-"
            tilt = abs(row.target - row.policy_target) * 100
            target = (
                f"a {_pct(row.target)} target ({_pct(row.policy_target)} policy {sign} "
                f"{tilt:.1f} pts regime tilt)"
            )
        share = float(sec.mix.get(k, 0.0))
        what = describe(k)
        if share < 0.999:
            what = f"{what}, {share:.0%} of {trade.symbol},"
        moved = "adds" if trade.side == "buy" else "takes off"
        # a sale from a bucket below its target (a purchase into one above it) narrows the
        # deviation the plan's other trades would leave: say so, or the sentence reads wrong
        against = (row.current < row.target) if trade.side == "sell" else (row.current > row.target)
        others = ""
        if against:
            others = (
                ", and the plan's other purchases would take them past it"
                if trade.side == "sell"
                else ", and the plan's other sales would take them below it"
            )
        are, them = ("is", "it") if k in SINGULAR else ("are", "them")
        others = others.replace("them", them)
        parts[0] += (
            f": {what} {are} {_pct(row.current)} of the household against {target}{others}; "
            f"this {moved} {_money(trade.value * share)} of {them}; after the plan {plain(k)} "
            f"{are} {_pct(row.post)}"
        )
    note = fact.quality_note if fact is not None else ""
    flagged = f"{trade.symbol} is flagged low quality" + (f" ({note})" if note else "")
    if "quality_exit" in why.reasons:
        parts.append(f"{flagged}, so the plan sells all of it")
    if "quality_trim" in why.reasons:
        parts.append(f"{flagged}; the plan trims it")
    if "tax_loss_harvest" in why.reasons:
        parts.append("harvests a tax loss")
    if "location" in why.reasons and why.location_change < 0:
        parts.append(
            f"holds it where it is taxed least: about {_money(-why.location_change)} a year "
            f"less estimated tax drag (asset location)"
        )
    if "funding" in why.reasons:
        parts.append("raises the cash this account's purchases need")
    if "cash_raise" in why.reasons:
        cash = rows["cash"]
        # cash already above its target: the sale pays for the plan's purchases
        what = "the cash the plan's purchases use" if cash.current > cash.target else "cash"
        parts.append(
            f"raises {what}: cash is {_pct(cash.current)} of the household against a "
            f"{_pct(cash.target)} target, {_pct(cash.post)} after the plan"
        )
    if "withdrawal" in why.reasons:
        parts.append(f"pays the {_money(account.withdraw)} withdrawal from this account")
    if "cash_invest" in why.reasons:
        cash = rows["cash"]
        new = " and new cash" if account.deposit > 0 else ""
        # cash already below its target: the purchase spends what the plan's sales raise
        what = "the cash the plan's sales raise" if cash.current < cash.target else "idle cash"
        parts.append(
            f"invests {what}{new}: cash is {_pct(cash.current)} of the household against a "
            f"{_pct(cash.target)} target, {_pct(cash.post)} after the plan"
        )
    if "rounding" in why.reasons:
        parts.append("completes the plan's purchases within whole shares and minimum trades")
    if trade.side == "sell":
        if trade.realized_gain is None:
            parts.append(f"no tax inside a {kind} account")
        elif trade.realized_gain >= 0:
            terms = sorted({s.term for s in trade.lots if s.term != "unknown"})
            term = f" {'/'.join(terms)}-term" if terms else ""
            tax = _money(trade.tax)
            gain = f"realises a {_money(trade.realized_gain)}{term} gain, about {tax} tax"
            unknown = [s for s in trade.lots if s.cost is None]
            if len(unknown) == len(trade.lots) and unknown:  # the solver's safe assumption
                gain = (
                    f"its cost basis is not in the files, so the whole {_money(trade.value)} "
                    f"counts as gain, to be safe: about {tax} tax"
                )
            elif unknown:
                n = f"{sum(s.shares for s in unknown):,.4f}".rstrip("0").rstrip(".")
                gain = (
                    f"the cost of {n} of the shares is not in the files, so their whole proceeds "
                    f"count as gain, to be safe: {gain.removeprefix('realises ')}"
                )
            parts.append(gain)
        else:
            parts.append(f"realises a {_money(-trade.realized_gain)} loss that offsets gains")
    return "; ".join(parts) + "."


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
    out = []
    for t in solution.trades:
        sec = problem.securities[t.symbol]
        acct = accounts[t.account_id]
        whole = t.side == "sell" and abs(t.shares - held.get((t.account_id, t.symbol), 0.0)) < 1e-6
        harvested = (
            t.side == "sell"
            and t.realized_gain is not None
            and t.realized_gain < 0
            and problem.policy.tax.harvest
        )
        why = reasons_for(
            t, sec, acct, problem, solution.post_values, solution.total, whole, harvested
        )
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
    from dataclasses import replace

    return [replace(p, step=n) for n, p in enumerate(out, 1)]


def restriction_warnings(problem: Problem, rows: Mapping[str, BucketRow]) -> list[str]:
    out = []
    r = problem.policy.restrictions
    held = {h.symbol for h in problem.holdings}
    for sym in r.do_not_sell:
        if sym not in held:
            continue
        mix = problem.securities[sym].mix
        k = max(BUCKETS, key=lambda b: (mix.get(b, 0.0), -BUCKETS.index(b)))
        row = rows[k]
        if row.post > row.target + row.band + 1e-9:
            out.append(
                f"do-not-sell {sym} keeps {BUCKET_NAMES[k]} at {_pct(row.post)}, above the "
                f"{_pct(row.target)} target and its band"
            )
    return out


def position_warnings(problem: Problem, total: float) -> list[str]:
    """Single stocks already above the position limit (the plan buys no more of them)."""
    cap = problem.policy.trading.max_position
    values: dict[str, float] = {}
    for h in problem.holdings:
        sec = problem.securities[h.symbol]
        if sec.kind == "stock":
            values[h.symbol] = values.get(h.symbol, 0.0) + h.shares * sec.price
    return [
        f"{sym} is {v / total:.1%} of the household, above the {cap:.0%} position limit: the "
        f"plan buys no more of it"
        for sym, v in sorted(values.items(), key=lambda kv: -kv[1])
        if total > 0 and v > cap * total + 0.005
    ]
