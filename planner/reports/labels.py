"""Plain words for the plan's codes, for paper: the workbook and anything printed.

The plan keeps codes (``drift``, ``tax_deferred``, ``cash_flow``) because programs read them;
a client or an operations desk reads these words instead. An unknown code reads as itself
with its underscores turned to spaces, so a code added later never prints as nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Why a trade is in the plan (``planner.core.plan_model.REASONS``).
REASON_WORDS: dict[str, str] = {
    "drift": "rebalance toward the target",
    "regime_tilt": "market-regime tilt",
    "quality_exit": "exit a low-quality holding",
    "quality_trim": "trim a low-quality holding",
    "cash_raise": "raise cash",
    "cash_invest": "invest idle cash",
    "withdrawal": "fund a withdrawal",
    "location": "better account for this asset (location)",
    "tax_loss_harvest": "harvest a tax loss",
    "funding": "pay for the purchases",
    "rounding": "whole-share rounding",
}

ACCOUNT_TYPE_WORDS: dict[str, str] = {
    "taxable": "taxable",
    "tax_deferred": "tax-deferred (IRA, 401(k))",
    "tax_free": "tax-free (Roth)",
    "unknown": "type unknown (taxed)",
}

MODE_WORDS: dict[str, str] = {
    "full": "full rebalance",
    "cash_flow": "cash flow only: buy with the cash there is, sell nothing",
    "raise_cash": "raise cash",
    "out_of_band": "trade only buckets outside their bands",
}

TERM_WORDS: dict[str, str] = {
    "short": "short-term",
    "long": "long-term",
    "unknown": "unknown",
}

LOT_METHOD_WORDS: dict[str, str] = {
    "min_tax": "least tax first: losses, then highest cost, long-term before short-term gains",
    "hifo": "highest cost first",
    "fifo": "first in, first out",
}

SIDE_WORDS: dict[str, str] = {"buy": "Buy", "sell": "Sell"}

#: Kinds of account in the location table, in its order.
LOCATION_KIND_WORDS: dict[str, str] = {
    "taxable": "Taxable",
    "tax_deferred": "Tax-deferred",
    "tax_free": "Tax-free (Roth)",
}


def _fallback(code: str) -> str:
    return code.replace("_", " ")


def word(table: dict[str, str], code: str) -> str:
    """``code`` in words from ``table``; an unknown code as itself, without underscores."""
    return table.get(code, _fallback(code))


def reasons_in_words(reasons: Iterable[str]) -> str:
    """``("drift", "quality_exit")`` -> ``"rebalance toward the target; exit a low-quality
    holding"``."""
    return "; ".join(word(REASON_WORDS, r) for r in reasons)
