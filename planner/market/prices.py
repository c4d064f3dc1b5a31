"""Daily closes as CSV, in three layouts:

- Stooq: ``Date,Open,High,Low,Close,Volume``; a body of ``No data`` is an error;
- Yahoo history: ``Date,Open,High,Low,Close,Adj Close,Volume`` (the adjusted close is used);
- a table of many symbols, one row per symbol and day: ``date,symbol,adj_close`` (the
  reference layout, ``../shared/reference/prices/etf_adjclose_daily.csv``; ``close`` also
  accepted).

A close must be a finite positive number of dollars (below 10 million), dated no later than
today, one per date: anything else is an error naming the file and line.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

from planner.core.errors import InputError
from planner.market.dated import DatedValues

MAX_PRICE = 1e7  # dollars per share


def _rows(text: str, path: str, what: str) -> list[list[str]]:
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise InputError(path, 1, f"empty file; expected {what}")
    if body.lower().startswith("no data"):
        raise InputError(path, 1, "the price service returned 'No data' (unknown symbol?)")
    if body.lstrip().startswith("<"):
        raise InputError(path, 1, "an HTML page, not price data (an error page from the service?)")
    return list(csv.reader(io.StringIO(body)))


def is_price_table(header_line: str) -> bool:
    """Whether a CSV's first line is the many-symbol layout (``date,symbol,adj_close``)."""
    head = [c.strip().lower() for c in header_line.lstrip("\ufeff").split(",")]
    return (
        len(head) >= 3
        and head[0] == "date"
        and head[1] == "symbol"
        and ("adj_close" in head or "close" in head)
    )


def parse_prices(text: str, path: str, today: date | None = None) -> pd.Series:
    """Closing prices indexed by date (Yahoo: the adjusted close when present)."""
    rows = _rows(text, path, "daily prices (Date,Open,High,Low,Close)")
    head = [c.strip().lower() for c in rows[0]]
    if not head or head[0] != "date" or "close" not in head:
        raise InputError(path, 1, "not a daily price CSV: expected Date,Open,High,Low,Close,...")
    col = head.index("adj close") if "adj close" in head else head.index("close")
    closes = DatedValues(path, today, "a close", 0.0, MAX_PRICE, positive=True)
    for n, row in enumerate(rows[1:], 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) <= col:
            raise InputError(path, n, f"expected {len(head)} cells, found {len(row)}")
        if row[col].strip() in ("null", ""):
            continue
        closes.add(row[0], row[col], n)
    if not len(closes):
        raise InputError(path, None, "no prices in the file")
    return closes.series("close")


def _fast_table(text: str, col: str, today: date | None) -> dict[str, pd.Series] | None:
    """The table read whole by pandas when every row is clean; None sends it to the
    line-by-line reader, which finds and names the first bad line (same result when clean)."""
    body = text.lstrip("\ufeff")
    names = [c.strip() for c in body.split("\n", 1)[0].split(",")]
    lower = [n.lower() for n in names]
    try:
        types: dict[str, str] = {"date": "str", "symbol": "category", col: "float64"}
        df = pd.read_csv(
            io.StringIO(body),
            header=0,
            names=lower,
            dtype=types,
            keep_default_na=False,
            na_values={col: ["", "null"]},
            usecols=["date", "symbol", col],
        )
    except (ValueError, pd.errors.ParserError):
        return None
    if df.empty:
        return None
    days = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    closes = df[col].to_numpy()
    renamed = [str(c).strip().upper() for c in df["symbol"].cat.categories]
    if len(set(renamed)) != len(renamed):  # "iwm" and "IWM": one symbol, read line by line
        return None
    symbols = df["symbol"].cat.rename_categories(renamed)
    clean = (
        bool(days.notna().all())
        and bool(((closes > 0) & (closes <= MAX_PRICE)).all())  # False for NaN and inf
        and all(1 <= len(c) <= 12 for c in renamed)
        and (today is None or days.max() <= pd.Timestamp(today))
    )
    if not clean:
        return None
    frame = pd.DataFrame({"day": days.dt.as_unit("ns"), "symbol": symbols, "close": closes})
    if frame.duplicated(["symbol", "day"]).any():
        return None
    out = {}
    for sym, part in frame.groupby("symbol", sort=False, observed=True):
        index = pd.DatetimeIndex(part["day"].to_numpy())
        s = pd.Series(part["close"].to_numpy(), index=index, name=sym)
        out[str(sym)] = s.sort_index()
    return out


def parse_price_table(text: str, path: str, today: date | None = None) -> dict[str, pd.Series]:
    """Closes by symbol (upper case) from the many-symbol layout."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if is_price_table(first):
        head = [c.strip().lower() for c in first.split(",")]
        fast = _fast_table(text, "adj_close" if "adj_close" in head else "close", today)
        if fast:
            return fast
    return slow_price_table(text, path, today)


def slow_price_table(text: str, path: str, today: date | None = None) -> dict[str, pd.Series]:
    """:func:`parse_price_table` line by line: every check names its line."""
    rows = _rows(text, path, "date,symbol,adj_close")
    head = [c.strip().lower() for c in rows[0]]
    if not is_price_table(",".join(head)):
        raise InputError(path, 1, "not a price table: expected date,symbol,adj_close")
    col = head.index("adj_close") if "adj_close" in head else head.index("close")
    by_symbol: dict[str, DatedValues] = {}
    for n, row in enumerate(rows[1:], 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) <= col:
            raise InputError(path, n, f"expected {len(head)} cells, found {len(row)}")
        symbol = row[1].strip().upper()
        if not symbol or len(symbol) > 12:
            raise InputError(path, n, f"not a symbol: {row[1][:20]!r}")
        if row[col].strip() in ("null", ""):
            continue
        values = by_symbol.get(symbol)
        if values is None:
            values = by_symbol[symbol] = DatedValues(
                path, today, f"a close of {symbol}", 0.0, MAX_PRICE, positive=True
            )
        values.add(row[0], row[col], n)
    if not by_symbol:
        raise InputError(path, None, "no prices in the file")
    return {s: v.series(s) for s, v in by_symbol.items()}
