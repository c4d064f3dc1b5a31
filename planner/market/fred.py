"""FRED graph CSV (fredgraph.csv): ``observation_date,<ID>`` (or the older ``DATE,<ID>``), one
row per date, ``.`` for a missing value."""

from __future__ import annotations

import pandas as pd

from planner.core.errors import InputError


def parse_fred(text: str, path: str) -> tuple[str, pd.Series]:
    """(series id, levels indexed by date, missing values dropped)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise InputError(path, 1, "empty file; expected a FRED CSV (observation_date,<SERIES>)")
    head = [c.strip() for c in lines[0].split(",")]
    if len(head) != 2 or head[0].lower() not in ("observation_date", "date"):
        raise InputError(path, 1, "not a FRED CSV: the header must be observation_date,<SERIES>")
    series_id = head[1]
    dates, values = [], []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != 2:
            raise InputError(path, n, f"expected 2 cells (date,value), found {len(cells)}")
        try:
            day = pd.Timestamp(cells[0])
        except ValueError:
            raise InputError(path, n, f"not a date: {cells[0]!r}") from None
        if cells[1] in (".", ""):
            continue
        try:
            values.append(float(cells[1]))
        except ValueError:
            raise InputError(path, n, f"not a number: {cells[1]!r}") from None
        dates.append(day)
    if not values:
        raise InputError(path, None, f"{series_id}: no observations")
    s = pd.Series(values, index=pd.DatetimeIndex(dates), name=series_id).sort_index()
    return series_id, s[~s.index.duplicated(keep="last")]
