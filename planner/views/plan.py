"""The Plan tab: the headline, the trades, the scenarios."""

from __future__ import annotations

import pandas as pd

from planner.core.plan import Plan
from planner.core.privacy import mask_account

TRADE_COLUMNS = [
    "Account",
    "Side",
    "Symbol",
    "Shares",
    "Price",
    "Value",
    "Gain",
    "Tax",
    "Reasons",
    "_why",
]
SCENARIO_COLUMNS = ["Scenario", "Trades", "Turnover", "Tax", "Residual drift"]


def headline(plan: Plan | None) -> str:
    if plan is None:
        return "No plan yet: load a household."
    return (
        f"{len(plan.trades)} trades, turnover ${plan.turnover:,.0f}, estimated tax "
        f"${plan.tax_total:,.0f}; solver {plan.method}, within ${plan.gap or 0:,.2f} of the "
        f"best plan's cost. Hover a trade for its reason."
    )


def trades_frame(plan: Plan | None) -> pd.DataFrame:
    """One row per trade in the plan's order; ``_why`` is its sentence (shown on hover)."""
    rows = [
        {
            "Account": mask_account(t.account_id),
            "Side": t.side,
            "Symbol": t.symbol,
            "Shares": t.shares,
            "Price": t.price,
            "Value": t.value,
            "Gain": t.realized_gain,
            "Tax": t.tax,
            "Reasons": ", ".join(t.reasons),
            "_why": t.explanation,
        }
        for t in (plan.trades if plan is not None else [])
    ]
    return pd.DataFrame(rows, columns=TRADE_COLUMNS)


def scenarios_frame(plan: Plan | None) -> pd.DataFrame:
    rows = [
        {
            "Scenario": s.title,
            "Trades": s.trades,
            "Turnover": s.turnover,
            "Tax": s.tax_total,
            "Residual drift": s.residual_deviation,
        }
        for s in (plan.scenarios.values() if plan is not None else [])
    ]
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS)
