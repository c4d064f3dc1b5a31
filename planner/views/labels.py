"""Plain words for every code the core uses - what the app, the workbook and the summaries show
instead of ``tax_deferred`` or ``regime_tilt`` - and money and percent as an advisor writes
them."""

from __future__ import annotations

from collections.abc import Iterable

from planner.core.privacy import mask_account

ACCOUNT_TYPES = {
    "taxable": "Taxable",
    "tax_deferred": "Tax-deferred (IRA, 401(k))",
    "tax_free": "Tax-free (Roth, HSA, 529)",
    "unknown": "Unknown type (taxed, to be safe)",
}
MODES = {
    "full": "Full rebalance",
    "cash_flow": "Cash flow only (buy with cash, sell nothing)",
    "raise_cash": "Raise cash",
    "out_of_band": "Only buckets outside their band",
}
REASONS = {
    "drift": "Rebalance",
    "regime_tilt": "Regime tilt",
    "quality_exit": "Refinancing risk: exit",
    "quality_trim": "Refinancing risk: trim",
    "cash_raise": "Raise cash",
    "cash_invest": "Invest cash",
    "withdrawal": "Fund a withdrawal",
    "location": "Asset location",
    "tax_loss_harvest": "Harvest a tax loss",
    "funding": "Fund purchases",
    "rounding": "Complete the plan",
}
SIDES = {"buy": "Buy", "sell": "Sell"}
SOURCES = {
    "override": "Your override",
    "master": "Security master",
    "fund": "Fund holdings",
    "guessed": "Guessed",
    "unknown": "Unknown",
}
TERMS = {"short": "short-term", "long": "long-term", "unknown": "term unknown"}
STATUSES = {
    "optimal": "Plan ready",
    "no_trades": "No trades needed",
    "infeasible": "No plan satisfies the rules",
    "time_limit": "No plan found within the solver's time limit",
}


def label(table: dict[str, str], code: str) -> str:
    """The plain word for ``code``; an unknown code is shown as it is (never hidden)."""
    return table.get(code, code.replace("_", " "))


def reasons(codes: Iterable[str]) -> str:
    return ", ".join(label(REASONS, c) for c in codes)


def money(x: float | None, cents: bool = False) -> str:
    """``$1,234`` (or ``$1,234.56``); negative as ``-$1,234``; unknown as an empty string."""
    if x is None or x != x:
        return ""
    text = f"${abs(x):,.2f}" if cents else f"${abs(x):,.0f}"
    return f"-{text}" if x < 0 else text


def short_money(x: float) -> str:
    """``$1.2M``, ``$850k``, ``$950``: for chart axes and cards."""
    a = abs(x)
    sign = "-" if x < 0 else ""
    if a >= 1e9:
        return f"{sign}${a / 1e9:,.1f}B"
    if a >= 1e6:
        return f"{sign}${a / 1e6:,.1f}M"
    if a >= 1e3:
        return f"{sign}${a / 1e3:,.0f}k"
    return f"{sign}${a:,.0f}"


def pct(x: float | None, digits: int = 1) -> str:
    return "" if x is None or x != x else f"{100 * x:.{digits}f}%"


def count(n: int, one: str, many: str | None = None) -> str:
    """``1 trade``, ``3 trades``."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def account_label(name: str, account_id: str) -> str:
    """An account as a person reads it: its name and its masked number ("Joint ...4417")."""
    masked = mask_account(account_id)
    return f"{name} {masked}" if name and masked not in name else (name or masked)
