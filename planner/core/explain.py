"""Why each trade: the bucket it serves, its reasons and a sentence built from the numbers;
and the plan's warnings about what it could not do.

Units: dollars, shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.core.plan_model import (
    BUCKET_NAMES,
    BucketRow,
    PlannedTrade,
    SecurityFacts,
)
from planner.core.policy import BUCKETS
from planner.core.problem import AccountState, Problem, Security, Solution, Trade


def _main_bucket(mix: Mapping[str, float]) -> str:
    return max(BUCKETS, key=lambda k: (mix.get(k, 0.0), -BUCKETS.index(k)))


def _trade_bucket(side: str, mix: Mapping[str, float], rows: Mapping[str, BucketRow]) -> str:
    """The bucket a trade is for: of the buckets the security is in, the one most below its
    target (a buy) or most above it (a sell), weighted by the security's share in it."""
    sign = 1.0 if side == "buy" else -1.0
    held = [k for k in BUCKETS if mix.get(k, 0.0) > 0]
    if not held:
        return _main_bucket(mix)
    return max(
        held,
        key=lambda k: (sign * (rows[k].target - rows[k].current) * mix[k], -BUCKETS.index(k)),
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _money(x: float) -> str:
    return f"${x:,.0f}"


def _reasons(
    trade: Trade,
    sec: Security,
    rows: Mapping[str, BucketRow],
    mode: str,
) -> tuple[str, ...]:
    k = _trade_bucket(trade.side, sec.mix, rows)
    row = rows[k]
    reasons: list[str] = []
    if trade.side == "sell":
        if sec.low_quality:
            reasons.append("quality_exit")
        if mode == "raise_cash":
            reasons.append("cash_raise")
        if row.current > row.policy_target + 1e-9:
            reasons.append("drift")
        if row.target < row.policy_target - 1e-9 and row.current > row.target + 1e-9:
            reasons.append("regime_tilt")
    else:
        if mode == "cash_flow":
            reasons.append("cash_invest")
        if row.current < row.policy_target - 1e-9:
            reasons.append("drift")
        if row.target > row.policy_target + 1e-9 and row.current < row.target - 1e-9:
            reasons.append("regime_tilt")
    if not reasons:
        reasons.append("drift")
    return tuple(reasons)


def _explain(
    trade: Trade,
    sec: Security,
    account: AccountState,
    rows: Mapping[str, BucketRow],
    reasons: Sequence[str],
    quality_note: str,
) -> str:
    k = _trade_bucket(trade.side, sec.mix, rows)
    row = rows[k]
    verb = "Sell" if trade.side == "sell" else "Buy"
    shares = f"{trade.shares:,.4f}".rstrip("0").rstrip(".")
    kind = account.type.replace("_", "-")
    where = f"{account.name or account.id} ({kind})"
    head = (
        f"{verb} {shares} {trade.symbol} at ${trade.price:,.2f} ({_money(trade.value)}) in {where}"
    )
    target = f"a {_pct(row.target)} target"
    if abs(row.target - row.policy_target) > 1e-9:
        sign = "+" if row.target > row.policy_target else "-"
        tilt = abs(row.target - row.policy_target) * 100
        target = (
            f"a {_pct(row.target)} target ({_pct(row.policy_target)} policy {sign} "
            f"{tilt:.1f} pts regime tilt)"
        )
    share = sec.mix.get(k, 0.0)
    what = BUCKET_NAMES[k]
    if share < 0.999:
        what = f"{what} ({share:.0%} of {trade.symbol})"
    parts = [f"{head}: {what} are {_pct(row.current)} of the household against {target}"]
    if "quality_exit" in reasons:
        note = f" ({quality_note})" if quality_note else ""
        parts.append(f"{trade.symbol} is flagged low quality{note}, so the plan exits it")
    if "cash_raise" in reasons:
        parts.append("raises the cash the policy asks for")
    if "cash_invest" in reasons:
        parts.append("invests new cash")
    if trade.side == "sell":
        if trade.realized_gain is None:
            parts.append(f"no tax inside a {kind} account")
        elif trade.realized_gain >= 0:
            parts.append(
                f"realises a {_money(trade.realized_gain)} gain, about {_money(trade.tax)} tax"
            )
        else:
            parts.append(f"realises a {_money(-trade.realized_gain)} loss that offsets gains")
    parts.append(f"after the plan {what.split(' (')[0]} are {_pct(row.post)}")
    return "; ".join(parts) + "."


def planned_trades(
    problem: Problem,
    solution: Solution,
    rows: Mapping[str, BucketRow],
    facts: Mapping[str, SecurityFacts],
) -> list[PlannedTrade]:
    """The solver's trades with their reasons and sentences, sells before buys per account."""
    accounts = {a.id: a for a in problem.accounts}
    mode = problem.policy.trading.mode
    loss_sold = {
        t.symbol
        for t in solution.trades
        if t.side == "sell" and t.realized_gain is not None and t.realized_gain < 0
    }
    bought = {t.symbol for t in solution.trades if t.side == "buy"}
    out = []
    for t in solution.trades:
        sec = problem.securities[t.symbol]
        acct = accounts[t.account_id]
        reasons = _reasons(t, sec, rows, mode)
        fact = facts.get(t.symbol)
        note = fact.quality_note if fact is not None else ""
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
                reasons,
                _explain(t, sec, acct, rows, reasons, note),
                wash_sale=t.symbol in loss_sold and t.symbol in bought,
            )
        )
    # sells before buys (the cash for the buys comes from them), accounts in file order
    order = {a.id: j for j, a in enumerate(problem.accounts)}
    out.sort(key=lambda p: (order[p.account_id], p.side != "sell", -p.value, p.symbol))
    return out


def restriction_warnings(problem: Problem, rows: Mapping[str, BucketRow]) -> list[str]:
    out = []
    r = problem.policy.restrictions
    held = {h.symbol for h in problem.holdings}
    for sym in r.do_not_sell:
        if sym not in held:
            continue
        k = _main_bucket(problem.securities[sym].mix)
        row = rows[k]
        if row.post > row.target + row.band + 1e-9:
            out.append(
                f"do-not-sell {sym} keeps {BUCKET_NAMES[k]} at {_pct(row.post)}, above the "
                f"{_pct(row.target)} target and its band"
            )
    return out


def band_warnings(rows: Mapping[str, BucketRow], solution: Solution) -> list[str]:
    if solution.status != "optimal":
        return []
    out = []
    for k, row in rows.items():
        if abs(row.post - row.target) > row.band + 1e-6:
            out.append(
                f"{BUCKET_NAMES[k]} stay outside the band after the plan: {_pct(row.post)} "
                f"against {_pct(row.target)} +/- {_pct(row.band)} (the constraints - cash per "
                f"account, restrictions, whole shares, tax - do not allow more)"
            )
    return out
