"""Daily price CSVs: Stooq (``Date,Open,High,Low,Close,Volume``) and Yahoo history
(``Date,Open,High,Low,Close,Adj Close,Volume``). A Stooq body of ``No data`` is an error."""

from __future__ import annotations

import csv
import io

import pandas as pd

from planner.core.errors import InputError


def parse_prices(text: str, path: str) -> pd.Series:
    """Closing prices indexed by date (Yahoo: the adjusted close when present)."""
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise InputError(path, 1, "empty file; expected daily prices (Date,Open,High,Low,Close)")
    if body.lower().startswith("no data"):
        raise InputError(path, 1, "the price service returned 'No data' (unknown symbol?)")
    if body.lstrip().startswith("<"):
        raise InputError(path, 1, "an HTML page, not price data (an error page from the service?)")
    rows = list(csv.reader(io.StringIO(body)))
    head = [c.strip().lower() for c in rows[0]]
    if not head or head[0] != "date" or "close" not in head:
        raise InputError(path, 1, "not a daily price CSV: expected Date,Open,High,Low,Close,...")
    col = head.index("adj close") if "adj close" in head else head.index("close")
    dates, closes = [], []
    for n, row in enumerate(rows[1:], 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) <= col:
            raise InputError(path, n, f"expected {len(head)} cells, found {len(row)}")
        if row[col].strip() in ("null", ""):
            continue
        try:
            dates.append(pd.Timestamp(row[0]))
            closes.append(float(row[col]))
        except ValueError:
            raise InputError(path, n, f"not a date and a price: {row[0]!r}, {row[col]!r}") from None
    if not closes:
        raise InputError(path, None, "no prices in the file")
    s = pd.Series(closes, index=pd.DatetimeIndex(dates), name="close").sort_index()
    return s[~s.index.duplicated(keep="last")]
