"""Every policy key in words, with how its value reads on paper (percent, dollars, days...).

The Assumptions sheet walks the policy's sections field by field, so a key added to the policy
appears on paper even before it has words here (then with its value only)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from typing import Any

from planner.core.policy import Policy
from planner.core.policy_file import SECTIONS
from planner.reports.labels import LOT_METHOD_WORDS, MODE_WORDS, TERM_WORDS, word
from planner.reports.workbook.layout import DOLLARS, MONEY, PCT, WHOLE

#: section.key -> (format, meaning). Formats: a number format, or "yes/no", "text", "list",
#: "accounts" (account ids), "account money" (account id = dollars), "table" (shown apart).
KEYS: dict[str, tuple[str, str]] = {
    "bands.absolute": (PCT, "widest band around a target, in points of the household"),
    "bands.relative": (PCT, "band as a share of its target, when narrower (the 5/25 rule)"),
    "tilt.enabled": ("yes/no", "may the market regime move target weight from mega to small"),
    "tilt.max": (PCT, "the most a full-strength regime moves from mega-caps to small-caps"),
    "tilt.full_until_days": (WHOLE, "days the regime tilts at full strength"),
    "tilt.zero_after_days": (
        WHOLE,
        "days after which the regime tilts nothing (linear fade in between)",
    ),
    "tilt.override_reason": (
        "text",
        "why the advisor applies the tilt at full strength whatever its age (empty: no override)",
    ),
    "trading.mode": ("mode", "what the plan may do"),
    "trading.min_trade": (DOLLARS, "smallest trade (a smaller position may still be sold whole)"),
    "trading.fractional": ("yes/no", "fractional shares allowed (no: whole shares only)"),
    "trading.cash_reserve": (DOLLARS, "cash kept in each account"),
    "trading.new_cash": (
        DOLLARS,
        "cash added to the household, placed where the plan chooses (cash-flow mode)",
    ),
    "trading.raise_cash": (DOLLARS, "cash to free up (raise-cash mode)"),
    "trading.cost_per_trade": (MONEY, "what one more ticket costs in effort and spread"),
    "trading.buy_single_stocks": (
        "yes/no",
        "may the plan add to single stocks the household holds (no: it buys approved funds only)",
    ),
    "trading.max_position": (
        PCT,
        "largest share of the household one security other than a "
        "diversified fund may reach after the plan",
    ),
    "trading.deposits": ("account money", "dollars deposited into each account"),
    "trading.withdrawals": ("account money", "dollars withdrawn from each account"),
    "restrictions.do_not_sell": ("list", "symbols the plan never sells"),
    "restrictions.do_not_buy": ("list", "symbols the plan never buys"),
    "restrictions.held_away": ("accounts", "accounts counted but never traded (held away)"),
    "restrictions.unsupervised": ("list", "symbols counted but never traded, wherever held"),
    "tax.short_term": (PCT, "federal rate on short-term gains (held a year or less)"),
    "tax.long_term": (PCT, "federal rate on long-term gains"),
    "tax.niit": (PCT, "net investment income tax, when it applies"),
    "tax.niit_applies": ("yes/no", "the household pays NIIT whatever its income"),
    "tax.income": (DOLLARS, "the household's modified AGI, to test against the NIIT threshold"),
    "tax.niit_threshold": (DOLLARS, "income above which NIIT applies"),
    "tax.state": (PCT, "state rate on every gain"),
    "tax.lot_method": ("lot method", "which lots a sell names"),
    "tax.unknown_term": ("term", "how a lot without an acquisition date is taxed"),
    "tax.max_realized_gain": (DOLLARS, "most net gain the plan may realise (budget)"),
    "tax.max_tax": (DOLLARS, "most tax the plan may cause (budget)"),
    "tax.harvest": (
        "yes/no",
        "sell losing taxable lots for a substitute when the tax saved pays for the trade",
    ),
    "weights.outside_band": ("0.0000", "solver cost per dollar of drift outside a band"),
    "weights.drift": ("0.0000", "solver cost per dollar of drift inside a band"),
    "weights.turnover": ("0.0000", "solver cost per dollar traded"),
    "weights.low_quality": ("0.0000", "solver cost per dollar held in a low-quality name"),
    "location.enabled": ("yes/no", "asset location counts in the plan (the table below)"),
    "location.taxable": ("table", "cost a year per dollar of each bucket in a taxable account"),
    "location.tax_deferred": ("table", "the same in a tax-deferred account"),
    "location.tax_free": ("table", "the same in a tax-free account"),
}
_NO_LIMIT = {"tax.max_realized_gain", "tax.max_tax"}


def in_force(policy: Policy) -> Iterator[tuple[str, str, Any, str, str]]:
    """(``section.key``, ``[section] key``, value, format, meaning) for every key of every
    section of the policy file."""
    for section in SECTIONS:
        part = getattr(policy, section)
        for f in fields(part):
            key = f"{section}.{f.name}"
            fmt, meaning = KEYS.get(key, ("", ""))
            yield key, f"[{section}] {f.name}", getattr(part, f.name), fmt, meaning


def reads(key: str, value: Any, fmt: str, number: Callable[[str], str]) -> tuple[str | float, str]:
    """The value as a cell holds it: text (format ""), or a number and its format.
    ``number`` shows an account number as paper may (masked)."""
    if value is None:
        return ("no limit" if key in _NO_LIMIT else "none"), ""
    if fmt == "yes/no" or isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if fmt == "mode":
        return f"{value} ({word(MODE_WORDS, str(value))})", ""
    if fmt == "lot method":
        return f"{value} ({word(LOT_METHOD_WORDS, str(value))})", ""
    if fmt == "term":
        return word(TERM_WORDS, str(value)), ""
    if fmt == "accounts":
        return (", ".join(number(str(a)) for a in value) or "none"), ""
    if fmt == "account money" and isinstance(value, Mapping):
        parts = [f"{number(str(a))}: ${float(v):,.2f}" for a, v in value.items()]
        return ("; ".join(parts) or "none"), ""
    if fmt == "table" and isinstance(value, Mapping):
        return "see the location table", ""
    if isinstance(value, tuple):
        return (", ".join(str(v) for v in value) or "none"), ""
    if isinstance(value, (int, float)) and fmt:
        return float(value), fmt
    return (str(value) if value != "" else "none"), ""
