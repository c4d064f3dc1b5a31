"""Fidelity "Portfolio_Positions" downloads.

One file holds every account: ``Account Number,Account Name,Symbol,Description,Quantity,...``
(older downloads: ``Account Name/Number``). Quirks handled:

* money-market and core sweep rows (``SPAXX**``, ``FZFXX**``, ``CORE**``) carry a value only;
* ``Pending Activity`` rows are money in flight that Fidelity counts in the account value, so
  they are imported as cash;
* linked external accounts (a bank account shown in "Full View") have symbol ``**`` and a
  value only: imported as cash, with a warning;
* Treasury bills by CUSIP are priced per 100 of face value;
* a blank line, then quoted disclaimers and ``Date downloaded ...`` end the data.

The file has no totals, so accounts reconcile per row only.
"""

from __future__ import annotations

import re

from planner.brokers.base import (
    ParsedFile,
    Reader,
    find_columns,
    find_date,
    make_positions,
    strip_text,
)
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.assets import CUSIP, infer_asset_type, normalize_symbol
from planner.core.holdings import Account, ImportWarning

ALIASES = {
    "account_id": ["account number"],
    "account_name": ["account name"],
    "account_both": ["account name/number"],
    "symbol": ["symbol"],
    "description": ["description"],
    "quantity": ["quantity"],
    "price": ["last price"],
    "value": ["current value"],
    "cost_basis": ["cost basis total", "cost basis"],
}
_SWEEP = re.compile(r"^[A-Z]{3,5}\*\*$|^CORE\*\*$")


def _header_line(src: Source) -> int | None:
    for n in range(1, min(len(src), 10) + 1):
        keys = find_columns(src.cells(n), ALIASES)
        if (
            "symbol" in keys
            and "value" in keys
            and ("account_id" in keys or "account_both" in keys)
            and "price" in keys
        ):
            return n
    return None


def detect(src: Source) -> bool:
    return _header_line(src) is not None


def read(src: Source) -> ParsedFile:
    h = _header_line(src)
    assert h is not None
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    last = h
    while last < len(src) and not src.is_blank(last + 1):
        last += 1
    block = src.columns(h + 1, last, len(header), list(cols.values()))
    n = last - h
    if "account_id" in cols:
        ids = strip_text(block[cols["account_id"]])
        names = strip_text(block[cols["account_name"]]) if "account_name" in cols else ids
    else:  # older layout: "Account Name/Number" holds e.g. "ROTH IRA X12345678"
        both = strip_text(block[cols["account_both"]])
        ids = [b.split()[-1] if b.split() else b for b in both]
        names = [" ".join(b.split()[:-1]) or b for b in both]
    raw_symbols = strip_text(block[cols["symbol"]])
    desc = strip_text(block[cols["description"]]) if "description" in cols else [""] * n
    qty = block[cols["quantity"]] if "quantity" in cols else [""] * n
    price = block[cols["price"]]
    warnings: list[ImportWarning] = []
    keep: list[int] = []
    symbols: list[str] = []
    types: list[str | None] = []
    descriptions: list[str] = []
    external: dict[str, int] = {}
    for i in range(n):
        if not ids[i] and not raw_symbols[i]:
            continue
        sym = raw_symbols[i]
        line = h + 1 + i
        if sym.lower() == "pending activity" or desc[i].lower() == "pending activity":
            symbols.append("PENDING")
            types.append("cash")
            descriptions.append("Pending activity (counted by Fidelity in the account value)")
        elif sym in ("**", ""):
            symbols.append("CASH")
            types.append("cash")
            descriptions.append(desc[i] or "Linked external account balance")
            external.setdefault(ids[i], line)
        elif _SWEEP.match(sym):
            core = sym.rstrip("*")
            symbols.append(core)
            types.append("cash" if core == "CORE" else "money_market")
            descriptions.append(desc[i])
        else:
            symbols.append(sym)
            is_bill = bool(CUSIP.match(sym)) and "TREAS" in desc[i].upper()
            types.append("bond" if is_bill else None)
            descriptions.append(desc[i])
        keep.append(i)
    lines = [h + 1 + i for i in keep]
    acct_ids = [ids[i] for i in keep]
    # Fill types the file does not state from the symbol and description.
    final_types = [
        t if t is not None else infer_asset_type(normalize_symbol(s), d)
        for s, d, t in zip(symbols, descriptions, types, strict=True)
    ]
    cash_like = [t in ("cash", "money_market") for t in final_types]
    frame, warns = make_positions(
        src,
        lines,
        acct_ids,
        symbols,
        descriptions,
        [block[cols["value"]][i] for i in keep],
        quantity=["" if c else qty[i] for i, c in zip(keep, cash_like, strict=True)],
        price=["" if c else price[i] for i, c in zip(keep, cash_like, strict=True)],
        cost_basis=[block[cols["cost_basis"]][i] for i in keep] if "cost_basis" in cols else None,
        asset_type=final_types,
    )
    warnings.extend(warns)
    accounts: list[Account] = []
    seen: set[str] = set()
    for i in keep:
        if ids[i] in seen:
            continue
        seen.add(ids[i])
        name = names[i] or ids[i]
        accounts.append(Account(ids[i], name, account_type_from_name(name), src.path))
    for acct_id, line in external.items():
        warnings.append(
            ImportWarning(
                src.path,
                line,
                acct_id,
                "an external account linked to Fidelity (balance only, no holdings): "
                "imported as cash; set its type if it belongs in the plan",
            )
        )
    footer = " ".join(src.lines[last:])
    return ParsedFile("fidelity-positions", find_date(footer), accounts, frame, warnings)


READER = Reader("fidelity", detect, read)
