"""The Plan tab: the summary card, the trades in the order to place them, the scenarios, the
warnings - in plain words, money with $ and thousands separators."""

from __future__ import annotations

import pandas as pd

from planner.core.plan import Plan
from planner.core.plan_warnings import stale_days
from planner.views.labels import (
    SIDES,
    STATUSES,
    account_label,
    count,
    label,
    money,
    pct,
    reasons,
)

TRADE_COLUMNS = [
    "Step",
    "Account",
    "Action",
    "Symbol",
    "Shares",
    "Price",
    "Value",
    "Gain",
    "Tax",
    "Why",
    "Price as of",
    "_why",
]
SCENARIO_COLUMNS = ["Scenario", "Trades", "Turnover", "Tax", "Drift left"]
FROZEN_COLUMNS = ["Account", "Symbol", "Value", "Why it stays"]


def holdings_age(plan: Plan | None) -> int | None:
    """How many days the newest holdings file is older than the plan date, when they are
    stale (the plan trades that day's shares and prices); else None."""
    return None if plan is None else stale_days(plan.holdings_as_of, plan.as_of)


def summary(plan: Plan | None, current: bool = True) -> str:
    """The card above the trades: where mega- and small-caps go, what it takes; first, when
    the holdings are stale, how old they are."""
    if plan is None:
        return "No plan yet: open a household."
    b = plan.buckets
    lines = [
        f"{label(STATUSES, plan.status)}: {count(len(plan.trades), 'trade')}, turnover "
        f"{money(plan.turnover)}, estimated tax {money(plan.tax_total)}.",
        f"Mega-caps {pct(b['mega'].current)} → {pct(b['mega'].post)} "
        f"(target {pct(b['mega'].target)}); small-caps {pct(b['small'].current)} → "
        f"{pct(b['small'].post)} (target {pct(b['small'].target)}).",
    ]
    if plan.tilt:
        direction = "mega- to small-caps" if plan.tilt > 0 else "small- to mega-caps"
        lines.append(
            f"The regime moves {abs(plan.tilt) * 100:.1f} points of target from {direction}."
        )
    age = holdings_age(plan)
    if age is not None and plan.holdings_as_of is not None:
        lines.insert(
            0,
            f"HOLDINGS {age:,} DAYS OLD (as of {plan.holdings_as_of.isoformat()}): download "
            "the files again before trading.",
        )
    if not current:
        lines.insert(
            0,
            "OUT OF DATE: the policy changed or is not valid; this plan is not the policy's "
            "and cannot be exported until it is re-planned.",
        )
    return "\n".join(lines)


def trades_frame(plan: Plan | None) -> pd.DataFrame:
    """One row per trade in execution order (per account: sells, then buys); ``_why`` is its
    sentence, shown on hover."""
    trades = sorted(plan.trades, key=lambda t: t.step) if plan is not None else []
    rows = [
        {
            "Step": t.step,
            "Account": account_label(t.account_name, t.account_id),
            "Action": label(SIDES, t.side),
            "Symbol": t.symbol,
            "Shares": t.shares,
            "Price": t.price,
            "Value": t.value,
            "Gain": t.realized_gain,
            "Tax": t.tax,
            "Why": reasons(t.reasons),
            "Price as of": t.price_as_of.isoformat() if t.price_as_of else "",
            "_why": t.explanation,
        }
        for t in trades
    ]
    return pd.DataFrame(rows, columns=TRADE_COLUMNS)


def scenarios_frame(plan: Plan | None) -> pd.DataFrame:
    rows = [
        {
            "Scenario": s.title,
            "Trades": s.trades,
            "Turnover": s.turnover,
            "Tax": s.tax_total,
            "Drift left": s.residual_deviation,
        }
        for s in (plan.scenarios.values() if plan is not None else [])
    ]
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS)


def frozen_frame(plan: Plan | None) -> pd.DataFrame:
    """What the plan may not touch, and why."""
    names = {a.id: a.name for a in plan.accounts} if plan is not None else {}
    rows = [
        {
            "Account": account_label(names.get(f.account_id, ""), f.account_id),
            "Symbol": f.symbol,
            "Value": f.market_value,
            "Why it stays": f.why,
        }
        for f in (plan.frozen if plan is not None else [])
    ]
    return pd.DataFrame(rows, columns=FROZEN_COLUMNS)
