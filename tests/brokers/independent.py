"""Answers computed from a file's text with the csv module and plain string handling, never
with the importer's own parser: what a test compares the import against."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def money(cell: str) -> float:
    c = cell.strip().replace("$", "").replace(",", "").replace("+", "").replace('"', "")
    if c.startswith("(") and c.endswith(")"):
        c = "-" + c[1:-1]
    return float(c)


def rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def column_sum(path: Path, column: str, *, key: str | None = None) -> float:
    """Sum of ``column`` over every row under the first header holding it, to the end of the
    file or the next header, reading through blank lines; rows whose ``key`` column is empty
    (or that are too short) are not positions. Placeholder cells (``--``) count as zero."""
    total = 0.0
    col = keycol = None
    for row in rows(path):
        if column in row:
            if col is not None:
                break
            col = row.index(column)
            keycol = row.index(key) if key is not None else None
            continue
        if col is None or len(row) <= col:
            continue
        if keycol is not None and not row[keycol].strip():
            continue
        cell = row[col].strip()
        if cell in ("", "--"):
            continue
        try:
            total += money(cell)
        except ValueError:
            continue  # a disclaimer or footer line that happens to be long enough
    return total


def row_value(path: Path, first_cell: str, column: str) -> float:
    """The ``column`` cell of the first row whose first cell is ``first_cell`` (a TOTAL row)."""
    header: list[str] | None = None
    for row in rows(path):
        if header is None and column in row:
            header = row
            continue
        if header is not None and row and row[0].strip() == first_cell:
            return money(row[header.index(column)])
    raise LookupError(f"{path}: no row {first_cell!r}")


def accounts_in(path: Path, column: str) -> set[str]:
    """The distinct non-empty values of an account column under its header."""
    found: set[str] = set()
    col: int | None = None
    for row in rows(path):
        if col is None:
            if column in row:
                col = row.index(column)
            continue
        if len(row) > col and row[col].strip() and len(row) > 3:
            found.add(row[col].strip())
    return found
