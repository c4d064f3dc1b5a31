"""The column-mapping fallback for custodian files no built-in reader knows.

A mapping profile is a small JSON file the user (or their operations desk) writes once per
custodian layout::

    {
      "name": "First Regional Trust positions",
      "header_row": 3,
      "delimiter": ",",
      "decimal_comma": false,
      "columns": {
        "account": "Acct No",
        "account_name": "Registration",
        "symbol": "Ticker",
        "description": "Security",
        "quantity": "Units",
        "price": "Unit Price",
        "value": "Market Value",
        "cost_basis": "Book Cost"
      },
      "default_account": "TRUST-1",
      "skip_rows_starting_with": ["Total", "Subtotal"]
    }

``columns.value`` is required, plus ``symbol`` or ``description``; the rest are optional.
``header_row`` is the 1-based line of the header (default: the first line with all the mapped
column names). A row is read when it has a symbol or a description (a cash sweep may have no
symbol); a row with a value and neither is a total, left out, or an error naming its line
(:func:`_check_unnamed`); ``skip_rows_starting_with`` is matched against the first of the two
it has; a row with no account takes ``default_account``. Blank lines inside the table are read
through; the table ends before the first line after a blank line that is not a row (a footer,
another table). A mapping knows no end marker for its layout, so every file read with one carries a
warning that its completeness could not be checked.

A profile with ``"kind": "lots"`` reads a tax-lots CSV instead (one row per lot; its columns
``account``, ``symbol``, ``acquired``, ``quantity``, ``cost`` - dollars for the whole lot - or
``unit_cost`` - dollars per share; ``symbol`` and ``quantity`` required; ``date_format`` a
``strptime`` format such as ``"%d.%m.%Y"`` when the dates are not in a form brokers use). Its
lots are attached to the positions of the same import (:mod:`planner.core.lots`), which is
also their completeness check: no warning is added. A mapping file may hold one profile or a
JSON list of them (a custodian's positions and its lots); an unknown file is read with the
first profile whose header it has.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.brokers import table
from planner.brokers.base import ParsedFile, header_key, header_text, strip_text
from planner.brokers.complete import table_end, unchecked
from planner.brokers.lots import RawLot, make_lots
from planner.brokers.numbers import parse_number
from planner.brokers.positions import make_positions
from planner.brokers.source import Source
from planner.core.accounts import account_type_from_name
from planner.core.errors import InputError
from planner.core.holdings import Account, empty_positions

KINDS = ("positions", "lots")
LOT_FIELDS = ("account", "symbol", "acquired", "quantity", "cost", "unit_cost")
FIELDS = (
    "account",
    "account_name",
    "symbol",
    "description",
    "quantity",
    "price",
    "value",
    "cost_basis",
    "asset_type",
)

HOW_TO = (
    "write a column mapping (a JSON file naming the header row and which column holds the "
    "account, symbol, description, quantity, price, value and cost basis; see README "
    "'Column mapping') and pass it with --mapping FILE"
)


@dataclass(frozen=True)
class Mapping:
    name: str
    columns: dict[str, str]
    header_row: int | None = None
    delimiter: str = ","
    decimal_comma: bool = False
    default_account: str = "ACCOUNT"
    skip_rows_starting_with: tuple[str, ...] = field(default=())
    kind: str = "positions"  # or "lots"
    date_format: str | None = None  # lots: strptime format of the acquisition dates


#: The profiles of one mapping file, tried in order.
Mappings = tuple[Mapping, ...]


def parse_mapping(text: str, path: str) -> Mappings:
    """The profiles of a mapping file (one JSON object, or a list of them) from its text;
    errors name the key that is wrong."""
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(path, err.lineno, f"not valid JSON: {err.msg}") from None
    if isinstance(raw, list) and raw:
        return tuple(_profile(item, path) for item in raw)
    return (_profile(raw, path),)


def _profile(raw: Any, path: str) -> Mapping:
    if not isinstance(raw, dict):
        raise InputError(path, 1, "a mapping must be a JSON object (or a list of them)")
    known = {
        "name",
        "kind",
        "columns",
        "header_row",
        "delimiter",
        "decimal_comma",
        "date_format",
        "default_account",
        "skip_rows_starting_with",
    }
    for key in raw:
        if key not in known:
            raise InputError(path, None, f"unknown key {key!r}; known keys: {sorted(known)}")
    kind = raw.get("kind", "positions")
    if kind not in KINDS:
        raise InputError(path, None, f"'kind' must be one of {list(KINDS)}, not {kind!r}")
    cols = raw.get("columns")
    if not isinstance(cols, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in cols.items()
    ):
        raise InputError(path, None, "'columns' must map field names to column headers")
    fields = LOT_FIELDS if kind == "lots" else FIELDS
    for key in cols:
        if key not in fields:
            raise InputError(
                path, None, f"unknown column field {key!r} for {kind}; fields: {list(fields)}"
            )
    if kind == "lots" and not {"symbol", "quantity"} <= cols.keys():
        raise InputError(path, None, "a lots mapping's 'columns' needs 'symbol' and 'quantity'")
    if kind == "positions" and (
        "value" not in cols or not ({"symbol", "description"} & cols.keys())
    ):
        raise InputError(path, None, "'columns' needs 'value' and 'symbol' or 'description'")
    date_format = raw.get("date_format")
    if date_format is not None and (not isinstance(date_format, str) or "%" not in date_format):
        raise InputError(path, None, "'date_format' must be a strptime format, e.g. \"%d.%m.%Y\"")
    header_row = raw.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        raise InputError(path, None, "'header_row' must be a line number (1 or more)")
    delimiter = raw.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise InputError(path, None, '\'delimiter\' must be one character, e.g. "," or ";"')
    skip = raw.get("skip_rows_starting_with", [])
    if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
        raise InputError(path, None, "'skip_rows_starting_with' must be a list of texts")
    decimal_comma = raw.get("decimal_comma", False)
    if not isinstance(decimal_comma, bool):
        raise InputError(path, None, "'decimal_comma' must be true or false")
    return Mapping(
        name=str(raw.get("name", "custom mapping")),
        columns=dict(cols),
        header_row=header_row,
        delimiter=delimiter,
        decimal_comma=decimal_comma,
        default_account=str(raw.get("default_account", "" if kind == "lots" else "ACCOUNT")),
        skip_rows_starting_with=tuple(skip),
        kind=kind,
        date_format=date_format,
    )


def _column(cells: Sequence[str], name: str) -> int | None:
    """The column of ``name`` in a header: the cell written as the mapping writes it (case and
    spacing aside) first, else the cell of the same :func:`header_key` - so ``Price (USD)`` and
    ``Market Value (USD)``, both keyed ``usd``, are two columns, and Schwab's ``Qty
    (Quantity)`` is still found as ``Quantity``."""
    full = [header_text(c) for c in cells]
    want = header_text(name)
    if want in full:
        return full.index(want)
    keys = [header_key(c) for c in cells]
    key = header_key(name)
    return keys.index(key) if key in keys else None


def header_of(src: Source, mapping: Mapping) -> int | None:
    """The line of the mapping's header in ``src`` (None: the file has no such header)."""
    lines = [mapping.header_row] if mapping.header_row is not None else range(1, 51)
    for n in lines:
        if n > len(src):
            break
        cells = src.cells(n, mapping.delimiter)
        if all(_column(cells, c) is not None for c in mapping.columns.values()):
            return n
    return None


def choose(src: Source, profiles: Mappings) -> Mapping:
    """The first profile whose header the file has (the first profile, to say what is
    missing, when none has)."""
    return next((p for p in profiles if header_of(src, p) is not None), profiles[0])


def _locate(src: Source, mapping: Mapping) -> tuple[int, int, dict[str, int], int]:
    """Header line, header width, each mapped field's column, last line of the table."""
    h = mapping.header_row if mapping.header_row is not None else header_of(src, mapping)
    if h is None or h > len(src):
        raise InputError(
            src.path,
            None,
            f"mapping {mapping.name!r}: no header line with the columns "
            f"{sorted(mapping.columns.values())}",
        )
    header = src.cells(h, mapping.delimiter)
    found = {f: _column(header, c) for f, c in mapping.columns.items()}
    missing = [header_key(mapping.columns[f]) for f, i in found.items() if i is None]
    if missing:
        raise InputError(src.path, h, f"mapping {mapping.name!r}: header has no column {missing}")
    cols = {f: i for f, i in found.items() if i is not None}

    def is_row(n: int) -> bool:
        return sum(1 for c in src.cells(n, mapping.delimiter) if c) >= 2

    return h, len(header), cols, table_end(src, h + 1, is_row)


def read_with_mapping(src: Source, mapping: Mapping) -> ParsedFile:
    if mapping.kind == "lots":
        return _read_lots(src, mapping)
    h, width, cols, last = _locate(src, mapping)
    numbers = [cols[f] for f in ("quantity", "price", "value", "cost_basis") if f in cols]
    block = src.columns(h + 1, last, width, list(cols.values()), mapping.delimiter, joined=numbers)

    def col(f: str) -> Sequence[str] | None:
        return block[cols[f]] if f in cols else None

    # a row is kept if it names a security by symbol or description (a cash sweep may have
    # no symbol); a skip text is matched against the first of them the row has
    symbols = strip_text(col("symbol") or [])
    descriptions = strip_text(col("description") or [])
    rows = max(len(symbols), len(descriptions))
    first = [
        (symbols[i] if i < len(symbols) else "")
        or (descriptions[i] if i < len(descriptions) else "")
        for i in range(rows)
    ]
    skip = tuple(s.lower() for s in mapping.skip_rows_starting_with)
    keep = [i for i, s in enumerate(first) if s and not s.lower().startswith(skip)]
    _check_unnamed(src, h + 1, first, keep, col("value") or [], mapping.decimal_comma)

    def pick(f: str) -> Sequence[str] | None:
        c = col(f)
        return None if c is None else table.take(c, keep)

    ids = [a or mapping.default_account for a in strip_text(pick("account") or [""] * len(keep))]
    frame, warnings = make_positions(
        src,
        [h + 1 + i for i in keep],
        ids,
        [first[i] for i in keep],  # a row without a symbol is named by its description
        pick("description") or [""] * len(keep),
        pick("value") or [],
        quantity=pick("quantity"),
        price=pick("price"),
        cost_basis=pick("cost_basis"),
        type_hint=pick("asset_type"),
        decimal_comma=mapping.decimal_comma,
    )
    names = strip_text(pick("account_name") or ids)
    accounts: dict[str, Account] = {}
    for a, name in zip(ids, names, strict=True):
        if a not in accounts:
            accounts[a] = Account(a, name or a, account_type_from_name(name), src.path)
    warnings.append(
        unchecked(src, f"the column mapping {mapping.name!r} knows no total or end marker")
    )
    return ParsedFile(f"mapping:{mapping.name}", None, list(accounts.values()), frame, warnings)


def _check_unnamed(
    src: Source,
    start: int,
    first: Sequence[str],
    keep: Sequence[int],
    values: Sequence[str],
    decimal_comma: bool,
) -> None:
    """A row with a value but neither a symbol nor a description is left out only when it is
    a total: its value is the sum of the rows read since the last total, or of all of them
    (to the cent a row). Any other is an :class:`InputError` naming its line: leaving out a
    holding the file values would present a partial household as complete."""
    kept = set(keep)
    unnamed = [
        i
        for i, cell in enumerate(values)
        if i not in kept and cell.strip() and (i >= len(first) or not first[i])
    ]
    if not unnamed:  # the usual file: no row to tell from a total
        return
    since = (0.0, 0)  # the sum and count of the rows read since the last total
    every = (0.0, 0)  # and of all of them

    def totals(value: float, rows: tuple[float, int]) -> bool:
        return abs(value - rows[0]) <= 0.01 * max(rows[1], 1)

    for i, cell in enumerate(values[: unnamed[-1] + 1]):  # no row after the last one counts
        try:
            value = parse_number(cell, decimal_comma) or 0.0
        except ValueError:
            value = 0.0  # the reader says what is wrong with a held row's value
        if i in kept:
            since = (since[0] + value, since[1] + 1)
            every = (every[0] + value, every[1] + 1)
        elif (i < len(first) and first[i]) or value == 0.0:
            continue  # skipped by name, or no value: a note, a heading, a blank
        elif totals(value, since) or totals(value, every):
            since = (0.0, 0)
        else:
            raise InputError(
                src.path,
                start + i,
                f"a value of {cell.strip()} with neither a symbol nor a description, and not "
                f"the total of the rows above it: the row names no security; give it a symbol "
                f"or a description, or remove it",
            )


def _read_lots(src: Source, mapping: Mapping) -> ParsedFile:
    """A tax-lots CSV: one row per lot; rows without a symbol (totals, notes) are skipped, as
    are those starting with a ``skip_rows_starting_with`` text."""
    h, width, cols, last = _locate(src, mapping)
    skip = tuple(s.lower() for s in mapping.skip_rows_starting_with)
    raws: list[RawLot] = []
    for n in range(h + 1, last + 1):
        cells = [*src.cells(n, mapping.delimiter), *([""] * (width + 1))]

        def cell(f: str, cells: list[str] = cells) -> str:
            return cells[cols[f]].strip() if f in cols else ""

        if not cell("symbol") or (skip and cell("symbol").lower().startswith(skip)):
            continue
        account = cell("account") or mapping.default_account
        raws.append(
            RawLot(
                n,
                account,
                cell("symbol"),
                cell("acquired"),
                cell("quantity"),
                cost=cell("cost"),
                unit_cost=cell("unit_cost"),
            )
        )
    lots, warnings = make_lots(src, raws, mapping.decimal_comma, mapping.date_format)
    return ParsedFile(f"mapping:{mapping.name}", None, [], empty_positions(), warnings, lots)
