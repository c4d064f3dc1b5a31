"""What every broker reader shares: the result type, header matching, and turning columns of
cells into the canonical positions table."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from planner.brokers.numbers import parse_column
from planner.brokers.source import Source
from planner.core.assets import infer_asset_types, normalize_symbols, price_multiplier
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning, normalize_positions


@dataclass
class ParsedFile:
    """What one reader made of one file."""

    format: str
    as_of: date | None
    accounts: list[Account]
    positions: pd.DataFrame
    warnings: list[ImportWarning] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """A broker layout: ``detect`` looks at the content, ``read`` parses it."""

    name: str
    detect: Callable[[Source], bool]
    read: Callable[[Source], ParsedFile]


def header_key(cell: str) -> str:
    """Normalise a header cell: lower case, single spaces, the long name of a dual name.

    Schwab's 2025 layout writes ``Qty (Quantity)`` and ``Mkt Val (Market Value)``; the name in
    parentheses is the one earlier layouts used, so that is the key.
    """
    c = " ".join(cell.replace("\ufeff", "").split()).lower()
    m = re.fullmatch(r"(.+?) \((.+)\)", c)
    if m and not re.fullmatch(r"[$%#]", m.group(2)):
        c = m.group(2)
    return c


def find_columns(header: Sequence[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Index of each field whose alias appears in ``header`` (first alias that matches)."""
    keys = [header_key(h) for h in header]
    out: dict[str, int] = {}
    for name, names in aliases.items():
        for alias in names:
            if alias in keys:
                out[name] = keys.index(alias)
                break
    return out


_DATE_FORMATS = ("%Y/%m/%d", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%b-%d-%Y", "%b %d %Y", "%Y%m%d")


def parse_date(text: str) -> date | None:
    """A date in any of the forms brokers use, or None."""
    t = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    return None


_DATE_IN_TEXT = re.compile(
    r"(\d{4}/\d{2}/\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|[A-Z][a-z]{2}-\d{1,2}-\d{4}|[A-Z][a-z]{2} \d{1,2} \d{4})"
)


def find_date(text: str) -> date | None:
    """The last date written anywhere in ``text`` (titles say "... as of 07:49 PM, 2026/07/16")."""
    found = None
    for m in _DATE_IN_TEXT.finditer(text):
        d = parse_date(m.group(1))
        if d is not None:
            found = d
    return found


class RowSelection:
    """Which rows of a parsed block are positions: usually all of the first ``count`` (then
    columns are sliced, not copied cell by cell - the import's hot path), else ``keep``."""

    def __init__(self, keep: list[int], count: int) -> None:
        self.keep = keep
        self.contiguous = keep == list(range(count)) if len(keep) == count else False
        self.count = count

    def positions_of(self, block_rows: Iterable[int]) -> list[int]:
        """Indices within the selection of the given block rows (those selected)."""
        where = {row: j for j, row in enumerate(self.keep)}
        return [where[r] for r in block_rows if r in where]

    def take(self, column: Sequence[str], replace: Mapping[int, str] | None = None) -> list[str]:
        out = list(column[: self.count]) if self.contiguous else [column[i] for i in self.keep]
        for j, text in (replace or {}).items():
            out[j] = text
        return out

    def lines(self, first_line: int) -> list[int]:
        """Source line numbers of the selected rows, the block starting at ``first_line``."""
        if self.contiguous:
            return list(range(first_line, first_line + self.count))
        return [first_line + i for i in self.keep]


def strip_text(cells: Sequence[str]) -> list[str]:
    """Cells without surrounding whitespace (copied only when some cell has any)."""
    joined = "\n".join(cells)
    if (
        joined == joined.strip()
        and " \n" not in joined
        and "\n " not in joined
        and ("\t" not in joined)
    ):
        return list(cells)
    return [c.strip() for c in cells]


_MULTIPLIERS = {t: price_multiplier(t) for t in ("bond", "option")}


def make_positions(
    src: Source,
    lines: Sequence[int],
    account_id: Sequence[str],
    symbol: Sequence[str],
    description: Sequence[str],
    value: Sequence[str],
    *,
    quantity: Sequence[str] | None = None,
    price: Sequence[str] | None = None,
    cost_basis: Sequence[str] | None = None,
    type_hint: Sequence[str] | None = None,
    asset_type: Sequence[str] | None = None,
    decimal_comma: bool = False,
) -> tuple[pd.DataFrame, list[ImportWarning]]:
    """Columns of raw cells (one entry per position row) to the canonical positions table.

    A cell that should be a number and is not gives a warning naming its line; a row whose
    market value cannot be read nor computed from quantity x price is an :class:`InputError`,
    because leaving it out would present a partial household as complete.
    """
    n = len(lines)
    warnings: list[ImportWarning] = []
    sym = normalize_symbols(symbol)
    desc = strip_text(description)
    if asset_type is None:
        hints = type_hint if type_hint is not None else [""] * n
        types: list[str] = list(infer_asset_types(sym, desc, hints))
    else:
        types = [str(t) for t in asset_type]
    mult = np.array([_MULTIPLIERS.get(t, 1.0) for t in types], dtype=float)

    def numbers(cells: Sequence[str] | None, what: str) -> np.ndarray:
        if cells is None:
            return np.full(n, np.nan)
        values, bad = parse_column(cells, decimal_comma)
        for i in bad:
            warnings.append(
                ImportWarning(
                    src.path,
                    lines[i],
                    account_id[i],
                    f"{what} {cells[i].strip()!r} of {sym[i] or 'this row'} is not a number; "
                    "left blank",
                )
            )
        return values

    qty = numbers(quantity, "quantity")
    px = numbers(price, "price")
    cost = numbers(cost_basis, "cost basis")
    mv = numbers(value, "market value")

    # Bonds and options: if the file's price is already per unit, quantity x price matches
    # with a multiplier of 1; take the multiplier that reconciles.
    with np.errstate(invalid="ignore"):
        special = mult != 1.0
        if special.any():
            per_unit = np.abs(qty * px - mv) <= 0.01 + 0.005 * np.abs(qty) + 1e-4 * np.abs(mv)
            per_default = np.abs(qty * px * mult - mv) <= 0.01 + 1e-4 * np.abs(mv)
            mult = np.where(special & per_unit & ~per_default, 1.0, mult)

    for i in (int(j) for j in np.flatnonzero(np.isnan(mv))):
        if not (np.isnan(qty[i]) or np.isnan(px[i])):
            mv[i] = round(qty[i] * px[i] * mult[i], 2)
            warnings.append(
                ImportWarning(
                    src.path,
                    lines[i],
                    account_id[i],
                    f"{sym[i]}: no market value in the file; quantity x price "
                    f"(${mv[i]:,.2f}) is used",
                )
            )
        else:
            raise InputError(
                src.path,
                lines[i],
                f"the row for {sym[i] or desc[i] or 'a position'} has no market value "
                "and no quantity and price to compute it from",
            )

    frame = pd.DataFrame(
        {
            "account_id": list(account_id),
            "symbol": sym,
            "description": desc,
            "asset_type": types,
            "quantity": qty,
            "price": px,
            "market_value": mv,
            "cost_basis": cost,
            "multiplier": mult,
            "source_file": src.path,
            "source_line": np.asarray(lines, dtype=np.int64),
        }
    )
    return normalize_positions(frame), warnings


def concat_positions(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return normalize_positions(pd.DataFrame())
    return normalize_positions(pd.concat(parts, ignore_index=True))


def cash_row(
    src: Source, line: int, account_id: str, value: str, description: str, symbol: str = "CASH"
) -> tuple[pd.DataFrame, list[ImportWarning]]:
    """A cash balance as a position (``asset_type`` cash, quantity = dollars, price 1)."""
    return make_positions(
        src,
        [line],
        [account_id],
        [symbol],
        [description],
        [value],
        asset_type=["cash"],
    )
