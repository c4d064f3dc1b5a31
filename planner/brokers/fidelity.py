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

Completeness: the disclaimer and ``Date downloaded`` footer closes every download, so a file
without it was cut off and is refused. The file states no totals; each row's ``Percent Of
Account`` does, so an account whose percentages do not add up to 100% has rows missing or
repeated, and a row whose value is not its percentage of the account has a damaged value;
both say so. (An account whose only row is missing cannot be noticed.) A row that holds
anything but names no account number is refused: it belongs to no account.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.brokers.base import ParsedFile, Reader, find_columns, find_date, strip_text, window
from planner.brokers.complete import ends_before, filled, next_text_line, no_account, table_end
from planner.brokers.numbers import parse_column
from planner.brokers.positions import RowSelection, make_positions
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
    "percent": ["percent of account"],
}
NUMBERS = ("quantity", "price", "value", "cost_basis", "percent")
_SWEEP = re.compile(r"^[A-Z]{3,5}\*\*$|^CORE\*\*$")
FOOTER = ("date downloaded", "the data and information in this spreadsheet", "brokerage services")


def _header_line(src: Source) -> int | None:
    for n in window(src):
        keys = find_columns(src.cells(n), ALIASES)
        if (
            "symbol" in keys
            and "value" in keys
            and ("account_id" in keys or "account_both" in keys)
            and "price" in keys
        ):
            return n
    return None


def detect(src: Source) -> int | None:
    return _header_line(src)


def is_footer(src: Source, n: int) -> bool:
    return src.line(n).strip().strip('"').lower().startswith(FOOTER)


def read(src: Source) -> ParsedFile:
    h = _header_line(src)
    assert h is not None
    header = src.cells(h)
    cols = find_columns(header, ALIASES)
    last = table_end(src, h + 1, lambda n: filled(src, n) >= 3 and not is_footer(src, n))
    after = next_text_line(src, last + 1)
    if after is None or not any(is_footer(src, n) for n in range(after, len(src) + 1)):
        raise ends_before(src, "Fidelity's closing disclaimer and 'Date downloaded' line")
    numbers = [cols[k] for k in NUMBERS if k in cols]
    block = src.columns(h + 1, last, len(header), list(cols.values()), joined=numbers)
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
    warnings: list[ImportWarning] = []
    keep: list[int] = []
    symbols: list[str] = []
    types: list[str | None] = []
    descriptions: list[str] = []
    external: dict[str, int] = {}
    pending: list[bool] = []
    held = [raw_symbols, desc, *(block[cols[k]] for k in NUMBERS if k in cols)]
    for i in range(n):
        if not ids[i]:
            if not any(cells[i].strip() for cells in held):
                continue  # no holding on this line (an account name, a Type)
            raise no_account(src, h + 1 + i, raw_symbols[i] or desc[i][:60])
        sym = raw_symbols[i]
        if sym.lower() == "pending activity" or desc[i].lower() == "pending activity":
            symbols.append("PENDING")
            types.append("cash")
            descriptions.append("Pending activity (counted by Fidelity in the account value)")
        elif sym in ("**", ""):
            symbols.append("CASH")
            types.append("cash")
            descriptions.append(desc[i] or "Linked external account balance")
            external.setdefault(ids[i], h + 1 + i)
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
        pending.append(symbols[-1] == "PENDING")
        keep.append(i)
    rows = RowSelection(keep, n)
    acct_ids = [ids[i] for i in keep]
    # Fill types the file does not state from the symbol and description.
    final_types = [
        t if t is not None else infer_asset_type(normalize_symbol(s), d)
        for s, d, t in zip(symbols, descriptions, types, strict=True)
    ]
    value_only = {j for j, t in enumerate(final_types) if t in ("cash", "money_market")}

    def pick(field: str) -> Sequence[str] | None:
        if field not in cols:
            return None
        cells = rows.take(block[cols[field]])
        if field in ("quantity", "price") and value_only:
            return ["" if j in value_only else c for j, c in enumerate(cells)]
        return cells

    lines = rows.lines(h + 1)
    frame, warns = make_positions(
        src,
        lines,
        acct_ids,
        symbols,
        descriptions,
        pick("value") or [],
        quantity=pick("quantity") or [""] * len(keep),
        price=pick("price"),
        cost_basis=pick("cost_basis"),
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
    percent = pick("percent")
    if percent is not None:
        values = frame["market_value"].to_numpy(dtype=float)
        warnings.extend(_percent_check(src, acct_ids, lines, percent, values, pending))
    footer = " ".join(src.lines[last : last + 20])
    return ParsedFile("fidelity-positions", find_date(footer), accounts, frame, warnings)


def _percent_check(
    src: Source,
    acct_ids: Sequence[str],
    lines: np.ndarray,
    percent: Sequence[str],
    values: np.ndarray,
    pending: Sequence[bool],
) -> list[ImportWarning]:
    """Each account's ``Percent Of Account`` figures must add up to 100% (each is rounded to
    a hundredth of a percent): if they do not, rows are missing or repeated. When they do,
    each row's value must be its percentage of the account's total: if not, a value (or a
    percentage) is damaged. Fidelity may count pending activity in the account's value or
    not; either basis is accepted."""
    pct, _ = parse_column(percent)
    codes, accounts = pd.factorize(pd.Series(list(acct_ids), dtype=object))
    k = len(accounts)
    stated = ~np.isnan(pct)
    total = np.bincount(codes, weights=np.where(stated, pct, 0.0), minlength=k)
    count = np.bincount(codes, weights=stated.astype(float), minlength=k)
    whole = np.bincount(codes, weights=values, minlength=k)
    in_flight = np.bincount(codes, weights=np.where(np.asarray(pending), values, 0.0), minlength=k)
    last = np.zeros(k, dtype=np.int64)
    np.maximum.at(last, codes[stated], np.asarray(lines, dtype=np.int64)[stated])
    out: list[ImportWarning] = []
    for a in range(k):
        if not count[a]:
            continue
        tolerance = 0.01 + 0.005 * count[a]
        off = abs(total[a] - 100.0)
        if in_flight[a] and whole[a]:
            off = min(off, abs(total[a] - 100.0 * (whole[a] - in_flight[a]) / whole[a]))
        if off > tolerance:
            out.append(
                ImportWarning(
                    src.path,
                    int(last[a]),
                    str(accounts[a]),
                    f"the 'Percent Of Account' figures of this account add up to "
                    f"{total[a]:.2f}%, not 100%: rows may be missing or repeated; "
                    "compare with Fidelity's site",
                )
            )
            continue
        # The figures add up: each row's value must then be its percentage of the account.
        rows = np.flatnonzero((codes == a) & stated)
        # Percentages of the rows that state one, or of the whole account with pending activity.
        basis = float(values[rows].sum()) if abs(total[a] - 100.0) <= tolerance else whole[a]
        if not basis or not len(rows):
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            gap = np.abs(values[rows] / basis * 100.0 - pct[rows])
        if (gap > 0.006).any():
            # A damaged value moves the account's total, so every row seems a little off: the
            # damaged one is the furthest from its percentage.
            j = int(rows[np.argmax(gap)])
            out.append(
                ImportWarning(
                    src.path,
                    int(lines[j]),
                    str(accounts[a]),
                    f"the value on this line, {_money(values[j])}, is not the {pct[j]:.2f}% of "
                    f"the account's ${basis:,.2f} its Percent Of Account states: the value or "
                    "the percentage is damaged; compare with Fidelity's site",
                )
            )
    return out


def _money(x: float) -> str:
    return f"-${-x:,.2f}" if x < 0 else f"${x:,.2f}"


READER = Reader("fidelity", detect, read)
