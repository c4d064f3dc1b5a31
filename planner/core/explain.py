"""Why each trade: the bucket whose deviation it reduces most after the plan, or else what it
does instead (asset location, a harvested loss, cash for a purchase, a withdrawal), the trades
of the other side that move that bucket back, the other buckets it moves the wrong way, its
reasons and a sentence built from the numbers (written as :mod:`planner.core.wording` says).
The plan's trades in order are :mod:`planner.core.plan_trades`, its warnings
:mod:`planner.core.plan_warnings`.

Units: dollars, shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.core.plan_model import BucketRow, SecurityFacts
from planner.core.policy import BUCKETS, main_bucket
from planner.core.problem import AccountState, Problem, Security, Trade
from planner.core.wording import (
    SINGULAR,
    Describe,
    a,
    band_text,
    money,
    pct,
    plain,
    share_of,
    target_text,
)

ACCOUNT_KINDS = {
    "taxable": "taxable",
    "tax_deferred": "tax-deferred",
    "tax_free": "tax-free",
    "unknown": "unknown type, taxed to be safe",
}
#: A trade "reduces a bucket's deviation" when that reduction is at least this share of the
#: trade's dollars (below it - a fund's sliver of micro-caps, say - the trade serves another
#: purpose). Of the buckets it narrows, the one it narrows most (to the percent of the trade)
#: is named, the one the security holds most of on a tie.
DRIFT_SHARE = 0.10


@dataclass(frozen=True)
class Why:
    """A trade's reasons (first = main) and the bucket its drift reason is about."""

    reasons: tuple[str, ...]
    bucket: str | None
    drift_cut: float  # dollars by which the trade narrows that bucket's deviation
    location_change: float  # dollars a year of tax drag the trade adds (negative: saves)
    #: The bucket trades of the other side move against this one (:func:`pair_trades`), their
    #: symbols (the largest first), and how: "swap" (they are named by it, and this trade,
    #: against its deviation, is named by what else it does) or "net" (they outweigh it).
    paired: str | None = None
    partners: tuple[str, ...] = ()
    pairing: str = ""
    #: The trades of the other side that move :attr:`bucket`, and the household's new cash
    #: (deposits and a cash-flow plan's new cash, less withdrawals): what else moves the
    #: bucket's share. Whether the plan sells anything (what a purchase's cash comes from).
    movers: tuple[str, ...] = ()
    new_cash: float = 0.0
    plan_sells: bool = False
    plan_losses: bool = False  # the plan realises a loss somewhere (what offsets a gain)


def reasons_for(
    trade: Trade,
    sec: Security,
    account: AccountState,
    problem: Problem,
    post: Mapping[str, float],
    total: float,
    sold_whole: bool,
    harvested: bool,
    passed_over: frozenset[str] = frozenset(),
    cash_after: float | None = None,
) -> Why:
    """Why the plan makes ``trade``, judged after the plan: the bucket whose deviation from its
    target it narrows most (``post``: dollars per bucket after the plan), other than those
    ``passed_over``. A sale its account could not do without - it ends the plan with less
    cash (``cash_after``) than the sale raised - pays for the account's purchases, whatever it
    does to the household's cash."""
    sign = 1.0 if trade.side == "buy" else -1.0
    value = trade.value
    # what the trade moves: its security's buckets one way, cash the other
    moves = {k: sign * value * float(m) for k, m in sec.mix.items() if float(m) > 0}
    moves["cash"] = moves.get("cash", 0.0) - sign * value
    best, cut, rank = None, 0.0, (0.0, 0.0)
    for k in BUCKETS:  # the security's own buckets first; cash only when none of them
        delta = moves.get(k, 0.0)
        if k == "cash" or delta == 0 or value <= 0 or k in passed_over:
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
    # without the sale its account would be overdrawn by its purchases (not a withdrawal)
    funds = (
        trade.side == "sell"
        and cash_after is not None
        and cash_after < value - 0.005
        and "withdrawal" not in reasons
    )
    if best == "cash" and funds:
        best = None
    if best == "cash":
        reasons.insert(0, "cash_invest" if trade.side == "buy" else "cash_raise")
        best = None
    elif best is not None:
        reasons.insert(0, "drift")
        base = (problem.base_targets or problem.targets).get(best, 0.0)
        target = problem.targets.get(best, 0.0) - problem.held.get(best, 0.0)
        if abs(target - base) > 1e-9 and (target - base) * sign > 0:
            reasons.insert(1, "regime_tilt")
    elif funds:
        reasons.insert(0, "funding")
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
        f"{verb} {shares} {trade.symbol} at ${trade.price:,.2f} ({money(trade.value)}) in {where}"
    ]
    k = why.bucket
    if k is not None:
        row = rows[k]
        target = target_text(k, row, rows)
        share = float(sec.mix.get(k, 0.0))
        what = describe(k)
        if share < 0.999:
            what = f"{what}, {estimated(fact)}{share_of(share)} of {trade.symbol},"
        moved = "adds" if trade.side == "buy" else "takes off"
        # a sale from a bucket below its target (a purchase into one above it) narrows the
        # deviation the plan's other trades would leave: say so, or the sentence reads wrong
        against = (row.current < row.target) if trade.side == "sell" else (row.current > row.target)
        others = ""
        if against:
            others = against_clause(trade.side, why)
        are, them = ("is", "it") if k in SINGULAR else ("are", "them")
        others = others.replace("them", them)
        parts[0] += (
            f": {what} {are} {pct(row.current)} of the household against {target}{others}; "
            f"this {moved} {money(trade.value * share)} of {them}; after the plan {plain(k)} "
            f"{are} {pct(row.post)}"
        )
        if round(100 * row.post, 1) < 0:  # only a short position is worth less than nothing
            parts[0] += " (short positions, which the plan does not trade, count below zero)"
        # the share moves against the trade, and no trade of the other side moves it
        if (
            not others
            and why.paired is None
            and (row.post - row.current) * (1 if trade.side == "sell" else -1) > 0
        ):
            if trade.side == "buy" and why.new_cash > 0:
                parts.append(f"the new cash grows the household more than this adds to {them}")
            if trade.side == "sell" and why.new_cash < 0:
                parts.append(
                    f"the withdrawal shrinks the household more than this takes off {them}"
                )
    if why.paired is not None and not (why.pairing == "net" and others):
        parts.append(pairing_clause(trade, why, rows[why.paired]))
    if k is not None or trade.side == "buy":
        parts += _also_moved(trade, sec, rows, why, estimated(fact))
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
            f"holds it where it is taxed least: about {money(-why.location_change)} a year "
            f"less estimated tax drag (asset location)"
        )
    if "funding" in why.reasons:
        parts.append("raises the cash this account's purchases need")
    if "cash_raise" in why.reasons:
        cash = rows["cash"]
        # cash above its target now and below it after, as the sentence shows them: the plan's
        # purchases spend it (in whichever accounts they are), and this sale keeps some back
        shown = [round(100 * x, 1) for x in (cash.current, cash.target, cash.post)]
        spent = shown[0] > shown[1] > shown[2]
        what = "cash, which the plan's purchases bring below its target" if spent else "cash"
        parts.append(
            f"raises {what}: cash is {pct(cash.current)} of the household against "
            f"{target_text('cash', cash, rows)}, {pct(cash.post)} after the plan"
        )
    if "withdrawal" in why.reasons:
        parts.append(f"pays the {money(account.withdraw)} withdrawal from this account")
    if "cash_invest" in why.reasons:
        cash = rows["cash"]
        # cash already below its target: the purchase spends what the plan's sales raise, or
        # the new cash when it sells nothing
        what = "idle cash"
        if cash.current < cash.target:
            what = "the cash the plan's sales raise" if why.plan_sells else "cash"
            what = "the new cash" if not why.plan_sells and why.new_cash > 0 else what
        deposit = account.deposit > 0 or why.new_cash > 0
        new = " and new cash" if deposit and what != "the new cash" else ""
        parts.append(
            f"invests {what}{new}: cash is {pct(cash.current)} of the household against "
            f"{target_text('cash', cash, rows)}, {pct(cash.post)} after the plan"
        )
    if "rounding" in why.reasons:
        parts.append("completes the plan's purchases within whole shares and minimum trades")
    if k is None and trade.side == "sell":
        parts += _below_target(sec, rows, describe)
    if trade.side == "sell":
        if trade.realized_gain is None:
            parts.append(f"no tax inside a {kind} account")
        elif trade.realized_gain >= 0:
            # an undated lot is taxed at the policy's term, which the sentence cannot name
            dated = all(s.term != "unknown" for s in trade.lots)
            terms = sorted({s.term for s in trade.lots}) if dated else []
            term = f" {'/'.join(terms)}-term" if terms else ""
            tax = f"about {money(trade.tax)} tax"
            if trade.tax == 0 and trade.realized_gain >= 0.5:  # the plan's net is no gain
                tax = "no tax (the plan's losses offset it)" if why.plan_losses else "no tax"
            gain = f"realises {a(money(trade.realized_gain))}{term} gain, {tax}"
            unknown = [s for s in trade.lots if s.cost is None]
            if len(unknown) == len(trade.lots) and unknown:  # the solver's safe assumption
                gain = (
                    f"its cost basis is not in the files, so the whole {money(trade.value)} "
                    f"counts as gain, to be safe: {tax}"
                )
            elif unknown:
                n = f"{sum(s.shares for s in unknown):,.4f}".rstrip("0").rstrip(".")
                gain = (
                    f"the cost of {n} of the shares is not in the files, so their whole proceeds "
                    f"count as gain, to be safe: {gain.removeprefix('realises ')}"
                )
            parts.append(gain)
        else:
            parts.append(f"realises {a(money(-trade.realized_gain))} loss that offsets gains")
    return "; ".join(parts) + "."


def _below_target(sec: Security, rows: Mapping[str, BucketRow], describe: Describe) -> list[str]:
    """A sale named by something other than a bucket (funding, location, cash, a loss) that
    takes from a bucket ending the plan below its target says so, and whether that is inside the
    bucket's band: the advisor is asked why the plan sells what the household lacks."""
    k = main_bucket(sec.mix)
    if k not in rows or float(sec.mix.get(k, 0.0)) < DRIFT_SHARE:
        return []
    row = rows[k]
    if round(100 * row.post, 1) >= round(100 * row.target, 1):
        return []
    are = "is" if k in SINGULAR else "are"
    return [
        f"{describe(k)} {are} {pct(row.current)} of the household against "
        f"{target_text(k, row, rows)}, {pct(row.post)} after the plan, {band_text(row)}"
    ]


def estimated(fact: SecurityFacts | None) -> str:
    """ "an estimated " before a share of a fund placed like a fund of its kind rather than by
    its own holdings (``guessed``): the sentence must not state it as fact."""
    return "an estimated " if fact is not None and fact.source == "guessed" else ""


def _also_moved(
    trade: Trade, sec: Security, rows: Mapping[str, BucketRow], why: Why, about: str = ""
) -> list[str]:
    """The other buckets of the security the trade moves the wrong way - a purchase adding to
    one that ends the plan above its target, a sale taking from one that ends it below - at
    least ``DRIFT_SHARE`` of the trade each: the advisor is asked why the plan buys VOO for
    its large-caps when its mega-caps are already too many."""
    buy = trade.side == "buy"
    out = []
    for j, m in sorted(sec.mix.items(), key=lambda jm: -float(jm[1])):
        share = float(m)
        if j in (why.bucket, why.paired, "cash") or j not in rows or share < DRIFT_SHARE:
            continue
        row = rows[j]
        post, target = round(100 * row.post, 1), round(100 * row.target, 1)
        if (post <= target) if buy else (post >= target):
            continue
        ends, its = ("ends", "its") if j in SINGULAR else ("end", "their")
        out.append(
            f"it also {'adds' if buy else 'takes off'} {money(trade.value * share)} of "
            f"{plain(j)} ({about}{share_of(share)} of {trade.symbol}), which {ends} the plan "
            f"{'above' if buy else 'below'} {its} target ({pct(row.current)} now, "
            f"{pct(row.post)} after the plan, against {target_text(j, row, rows)}, "
            f"{band_text(row, its)})"
        )
    return out


def against_clause(side: str, why: Why) -> str:
    """What takes a bucket past its target when a sale from it (a purchase into it) narrows
    its deviation: the trades of the other side that move it, or else the cash the client
    takes out (puts in), which shrinks (grows) the household around it."""
    if side == "sell":
        if not why.movers and why.new_cash < 0:
            return ", and the withdrawal would take them past it"
        named = f" ({_listed(why.movers)})" if why.movers else ""
        return f", and the plan's other purchases{named} would take them past it"
    if not why.movers and why.new_cash > 0:
        return ", and the new cash would take them below it"
    named = f" ({_listed(why.movers)})" if why.movers else ""
    return f", and the plan's other sales{named} would take them below it"


def _listed(symbols: tuple[str, ...], most: int = 4) -> str:
    """``A``, ``A and B``, ``A, B and C``; past ``most``, ``A, B, C, D and 3 more``."""
    if len(symbols) > most:
        return f"{', '.join(symbols[:most])} and {len(symbols) - most} more"
    return " and ".join(x for x in (", ".join(symbols[:-1]), symbols[-1]) if x)


def pairing_clause(trade: Trade, why: Why, row: BucketRow) -> str:
    """The clause that names the trades of the other side that move ``why.paired`` back."""
    names = _listed(why.partners)
    what = plain(why.paired or "")
    sell = trade.side == "sell"
    if why.pairing == "net":
        them = "it" if why.paired in SINGULAR else "them"
        if sell:
            return (
                f"the plan's purchases of {names} add back more of {them} than its sales take off"
            )
        return f"the plan's sales of {names} take off more of {them} than its purchases add"
    are = "is" if why.paired in SINGULAR else "are"
    figures = (
        f"({what} {are} {pct(row.current)} now, {pct(row.post)} after the plan, against a "
        f"{pct(row.target)} target)"
    )
    if sell:
        return f"the purchase of {names} puts {what} back {figures}"
    replace_ = "replaces" if are == "is" else "replace"
    return f"its {what} {replace_} those the sale of {names} takes out {figures}"
