"""Columns of raw cells to the canonical positions table, in bulk.

This is the import's hot path: numbers are parsed a column at a time
(:func:`planner.brokers.numbers.parse_column`), rows are selected by slicing where possible,
and line numbers are a numpy range, not a list of Python integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from planner.brokers import table
from planner.brokers.base import strip_text
from planner.brokers.numbers import MAX_MAGNITUDE, is_absurd, parse_column
from planner.brokers.source import Source
from planner.core.assets import infer_asset_types, normalize_symbols, price_multiplier
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, normalize_positions

Lines = Sequence[int] | np.ndarray


class RowSelection:
    """Which rows of a parsed block are positions: usually all of the first ``count`` (then
    columns are sliced, not copied cell by cell), else the block rows in ``keep`` (sorted)."""

    def __init__(self, keep: Sequence[int] | np.ndarray, count: int) -> None:
        self.keep = np.asarray(keep, dtype=np.int64)
        self.count = count
        self.contiguous = len(self.keep) == count and (
            count == 0 or (int(self.keep[0]) == 0 and int(self.keep[-1]) == count - 1)
        )

    def __len__(self) -> int:
        return len(self.keep)

    def positions_of(self, block_rows: Iterable[int]) -> list[int]:
        """Indices within the selection of the given block rows (those selected)."""
        rows = np.asarray(sorted(block_rows), dtype=np.int64)
        if not len(self.keep):
            return []  # nothing selected (indexing the empty selection would fail)
        at = np.searchsorted(self.keep, rows)
        found = (at < len(self.keep)) & (self.keep[np.minimum(at, len(self.keep) - 1)] == rows)
        return [int(j) for j in at[found]]

    def take(
        self, column: Sequence[str], replace: Mapping[int, str] | None = None
    ) -> Sequence[str]:
        out = column[: self.count] if self.contiguous else table.take(column, self.keep)
        if not replace:
            return out
        cells = list(out)
        for j, text in replace.items():
            cells[j] = text
        return cells

    def lines(self, first_line: int) -> np.ndarray:
        """Source line numbers of the selected rows, the block starting at ``first_line``."""
        return self.keep + first_line


_MULTIPLIERS = {t: price_multiplier(t) for t in ("bond", "option")}


def read_numbers(
    src: Source,
    lines: Lines,
    account_id: Sequence[str],
    symbol: Sequence[str],
    cells: Sequence[str],
    what: str,
    decimal_comma: bool = False,
) -> tuple[np.ndarray, list[ImportWarning]]:
    """One column of number cells of position rows (``what`` names it in messages): NaN for
    a placeholder; a cell that is not a number is NaN with a warning naming its line;
    infinity, NaN or a number beyond ten trillion is an :class:`InputError`."""
    values, bad = parse_column(cells, decimal_comma)
    with np.errstate(invalid="ignore"):
        huge = [int(j) for j in np.flatnonzero(np.abs(values) > MAX_MAGNITUDE)]
    absurd = [i for i in bad if is_absurd(cells[i], decimal_comma)]
    if huge or absurd:
        i = min(huge + absurd)
        raise InputError(
            src.path,
            int(lines[i]),
            f"{what} {cells[i].strip()[:40]!r} of {symbol[i] or 'this row'} is not a finite "
            "number within ten trillion: the file is damaged",
        )
    warnings = [
        ImportWarning(
            src.path,
            int(lines[i]),
            account_id[i],
            f"{what} {cells[i].strip()[:40]!r} of {symbol[i] or 'this row'} is not a "
            "number; left blank",
        )
        for i in bad
    ]
    return values, warnings


def make_positions(
    src: Source,
    lines: Lines,
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
    multiplier: Sequence[float | None] | None = None,
    decimal_comma: bool = False,
) -> tuple[pd.DataFrame, list[ImportWarning]]:
    """Columns of raw cells (one entry per position row) to the canonical positions table.

    A cell that should be a number and is not gives a warning naming its line; infinity, NaN
    or a number beyond ten trillion is an :class:`InputError` (no holding is that, and sums
    of them break everything after); a row whose market value cannot be read nor computed
    from quantity x price is an :class:`InputError`, because leaving it out would present a
    partial household as complete.

    Quantity x price x multiplier is a row's value: the ``multiplier`` the file states for the
    row when it states one (None where it does not), else 100 for an option and 0.01 for a
    bond (priced per 100 of face) - or 1 where the file's price already reconciles per unit.
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
    stated = np.zeros(n, dtype=bool)
    if multiplier is not None:
        given = np.array([np.nan if m is None else m for m in multiplier], dtype=float)
        stated = ~np.isnan(given)
        mult = np.where(stated, given, mult)

    def line_of(i: int) -> int:
        return int(lines[i])

    def numbers(cells: Sequence[str] | None, what: str) -> np.ndarray:
        if cells is None:
            return np.full(n, np.nan)
        values, warns = read_numbers(src, lines, account_id, sym, cells, what, decimal_comma)
        warnings.extend(warns)
        return values

    qty = numbers(quantity, "quantity")
    px = numbers(price, "price")
    cost = numbers(cost_basis, "cost basis")
    mv = numbers(value, "market value")

    # Bonds and options: if the file's price is already per unit, quantity x price matches
    # with a multiplier of 1; take the multiplier that reconciles (one the file states stands).
    with np.errstate(invalid="ignore"):
        special = (mult != 1.0) & ~stated
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
                    line_of(i),
                    account_id[i],
                    f"{sym[i]}: no market value in the file; quantity x price "
                    f"(${mv[i]:,.2f}) is used",
                )
            )
        else:
            raise InputError(
                src.path,
                line_of(i),
                f"the row for {sym[i] or desc[i][:60] or 'a position'} has no market value "
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
    # Built with the canonical columns, order and dtypes: normalising would only copy it.
    return (frame if n else normalize_positions(frame)), warnings


def concat_positions(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return normalize_positions(pd.DataFrame())
    if len(parts) == 1:
        return parts[0]
    return normalize_positions(pd.concat(parts, ignore_index=True))
