"""Fidelity's single-account positions view ("trader" view), downloaded as CSV.

``Symbol,Quantity,Last,$ Avg Cost,Value``: one account's positions and nothing else - no
account column, no account number anywhere, no totals, no footer. Cash and core positions
read ``Cash (FCASH)`` or ``Cash (SPAXX)``; options are compact OCC-style symbols
(``RDW260227P9``) valued at 100 shares a contract. The cost basis is quantity x ``$ Avg Cost``
(x 100 for an option); an average cost that is not a number leaves it blank with a warning,
as every unreadable number does, and one that is infinity or NaN is refused.

The symbol is all the file says of a holding: a row with cells but no symbol cannot be read
and is refused, and so is a file with no rows at all (it holds no positions).

The file names no account, so it becomes one account named from the file name (the id is
made from the file's content, so re-importing the same file finds the same account), with a
warning saying so. Nothing in it shows that it is whole: it imports with a warning that
completeness could not be checked.
"""

from __future__ import annotations

from pathlib import PurePath

from planner.brokers.base import (
    ParsedFile,
    Reader,
    content_id,
    header_key,
    mask_number,
    strip_text,
    window,
)
from planner.brokers.complete import filled, table_end, unchecked
from planner.brokers.numbers import parse_column
from planner.brokers.positions import make_positions, read_numbers
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.assets import infer_asset_type, normalize_symbols
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning

HEADER = ("symbol", "quantity", "last", "$ avg cost", "value")
_CORE_CASH = frozenset({"FCASH", "CORE"})


def _header_line(src: Source) -> int | None:
    for n in window(src):
        keys = [header_key(c) for c in src.cells(n)]
        while keys and not keys[-1]:
            keys.pop()
        if tuple(keys) == HEADER:
            return n
    return None


def detect(src: Source) -> int | None:
    return _header_line(src)


def _cash_symbol(cell: str) -> str | None:
    """``Cash (SPAXX)`` -> ``SPAXX``; None for any other symbol."""
    if cell.lower().startswith("cash (") and cell.endswith(")"):
        return cell[len("cash (") : -1].strip().upper() or "CASH"
    return None


def read(src: Source) -> ParsedFile:
    h = _header_line(src)
    assert h is not None
    last = table_end(src, h + 1, lambda n: filled(src, n) >= 2)
    block = src.columns(h + 1, last, len(HEADER), joined=[1, 2, 3, 4])
    raw = strip_text(block[0])
    keep = [i for i, s in enumerate(raw) if s]
    if len(keep) < len(raw):
        others = [strip_text(block[k]) for k in range(1, len(HEADER))]
        unnamed = next((i for i, s in enumerate(raw) if not s and any(c[i] for c in others)), None)
        if unnamed is not None:
            raise InputError(
                src.path,
                h + 1 + unnamed,
                "a row without a symbol: the symbol is all this view says of a holding, so the "
                "row cannot be read; the file is damaged",
            )
    symbols: list[str] = []
    descriptions: list[str] = []
    types: list[str] = []
    for i in keep:
        cash = _cash_symbol(raw[i])
        if cash is None:
            symbols.append(raw[i])
            descriptions.append("")
            types.append(infer_asset_type(raw[i]))
        else:
            symbols.append("CASH" if cash in _CORE_CASH else cash)
            descriptions.append(raw[i])
            types.append("cash" if cash in _CORE_CASH else "money_market")
    lines = [h + 1 + i for i in keep]
    acct_id = f"fidelity-{content_id(src, h)}"
    ids = [acct_id] * len(keep)
    quantity = [block[1][i] for i in keep]
    avg_cost = [block[3][i] for i in keep]
    q, _ = parse_column(quantity)
    c, cost_warnings = read_numbers(
        src, lines, ids, normalize_symbols(symbols), avg_cost, "average cost"
    )
    per_unit = [100.0 if t == "option" else 1.0 for t in types]
    cost = [
        "" if qq != qq or cc != cc else f"{qq * cc * m:.4f}"
        for qq, cc, m in zip(q.tolist(), c.tolist(), per_unit, strict=True)
    ]
    stem = PurePath(src.path).stem
    name = f"Fidelity {mask_number(stem)}"
    frame, warnings = make_positions(
        src,
        lines,
        ids,
        symbols,
        descriptions,
        [block[4][i] for i in keep],
        quantity=quantity,
        price=[block[2][i] for i in keep],
        cost_basis=cost,
        asset_type=types,
    )
    warnings = [
        ImportWarning(
            src.path,
            h,
            acct_id,
            f"the file names no account (Fidelity's single-account view): imported as one "
            f"account named {name!r} from the file name - rename it or set its type in the app",
        ),
        *cost_warnings,
        *warnings,
        unchecked(src, "Fidelity's single-account view states no totals and no end marker"),
    ]
    account = Account(acct_id, name, account_type_from_name(stem), src.path)
    # A view without rows holds no positions: no account, and the import refuses it.
    accounts = [account] if keep else []
    return ParsedFile("fidelity-single-account", None, accounts, frame, warnings)


READER = Reader("fidelity-view", detect, read)
