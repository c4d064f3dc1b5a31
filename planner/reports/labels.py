"""Plain words for the plan's codes, for paper: the workbook and anything printed.

The plan keeps codes (``drift``, ``tax_deferred``, ``cash_flow``) because programs read them;
a client or an operations desk reads these words instead. An unknown code reads as itself
with its underscores turned to spaces, so a code added later never prints as nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.core.holdings import ImportWarning

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


def file_name(path: str) -> str:
    """A file as a page or a screen shows it: its name, never the folders of this machine."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def names_only(text: str, paths: Iterable[str]) -> str:
    """``text`` with each of ``paths`` in it (the import's files) cut to its file name."""
    for path in sorted(set(paths), key=len, reverse=True):  # a path before its prefix
        text = text.replace(path, file_name(path))
    return text


def warning_text(w: ImportWarning, paths: Iterable[str]) -> str:
    """An import warning on paper: ``name.csv:12: [account 1234] message``, with file names
    only (``paths``: every file of the import, which the message may name too)."""
    where = file_name(w.file) + (f":{w.line}" if w.line is not None else "")
    account = f" [account {w.account_id}]" if w.account_id else ""
    return f"{where}:{account} {names_only(w.message, [*paths, w.file])}"
