"""FRED series as CSV, in two layouts:

- FRED's graph download (fredgraph.csv): ``observation_date,<ID>`` (or the older ``DATE,<ID>``),
  one row per date, ``.`` for a missing value. The header names the series, and it must be the
  series the file's name says (``T10Y2Y.csv`` holds T10Y2Y).
- the reference layout (``../shared/reference/fred/``): ``date,value[,source]``; the series is
  the one the file's name says (``DFEDTAR_pre2008.csv`` holds DFEDTAR).

Values are percent or percentage points: anything non-finite or beyond +/-10,000 is an error,
as are dates after today and a date given twice with different values (``FILE:LINE: reason``).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

from planner.core.errors import InputError
from planner.market.dated import DatedValues

LIMIT = 10_000.0  # percent: no FRED rate, spread or growth series comes near it


def series_id_from_name(stem: str) -> str:
    """The series a file's name says: ``T10Y2Y`` -> T10Y2Y, ``DFEDTAR_pre2008`` -> DFEDTAR."""
    return stem.split("_")[0].upper() if "_" in stem else stem.upper()


def parse_fred(
    text: str, path: str, expected: str | None = None, today: date | None = None
) -> tuple[str, pd.Series]:
    """(series id, levels indexed by date, missing values dropped). ``expected`` is the series
    the file's name (or the request) says; ``today`` refuses later dates."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise InputError(path, 1, "empty file; expected a FRED CSV (observation_date,<SERIES>)")
    head = [c.strip() for c in lines[0].split(",")]
    if len(head) < 2 or head[0].lower() not in ("observation_date", "date"):
        raise InputError(path, 1, "not a FRED CSV: the header must be observation_date,<SERIES>")
    reference = head[0].lower() == "date" and head[1].lower() == "value"
    if reference:
        if expected is None:
            raise InputError(
                path, 1, "the header (date,value) names no series and none was expected"
            )
        series_id = expected.upper()
    else:
        if len(head) != 2:
            raise InputError(
                path, 1, "not a FRED CSV: the header must be observation_date,<SERIES>"
            )
        series_id = head[1].upper()
        if expected is not None and series_id != expected.upper():
            raise InputError(
                path,
                1,
                f"the header names the series {head[1][:40]!r} but the "
                f"file is for {expected.upper()}",
            )
    values = DatedValues(path, today, f"{series_id} value", -LIMIT, LIMIT)
    width = len(head)
    for n, row in enumerate(csv.reader(io.StringIO("\n".join(lines[1:]))), 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != width:
            raise InputError(
                path, n, f"expected {width} cells ({','.join(head)}), found {len(row)}"
            )
        if row[1].strip() in (".", ""):
            continue
        values.add(row[0], row[1], n)
    if not len(values):
        raise InputError(path, None, f"{series_id}: no observations")
    return series_id, values.series(series_id)
