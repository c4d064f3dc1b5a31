"""The bundled symbol -> CIK table (built from the reference universe; see PROVENANCE.md), or
one the user names: read without the network code of :mod:`planner.market.sec_refresh`, so
the quality screen's start stays light."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from planner.core.errors import InputError
from planner.resources import resource

CIKS_FILE = "sec_ciks.csv"


def load_ciks(path: Path | None = None) -> dict[str, str]:
    """Symbol → ten-digit CIK from a CSV with ``symbol`` and ``cik`` (or ``cik_sec``)
    columns; default: the bundled table built from the reference universe."""
    path = path or resource(CIKS_FILE)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), None, "file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), None, f"cannot read: {err}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    column = "cik" if "cik" in header else "cik_sec" if "cik_sec" in header else None
    if "symbol" not in header or column is None:
        raise InputError(str(path), 1, "needs a symbol column and a cik (or cik_sec) column")
    at_symbol, at_cik = header.index("symbol"), header.index(column)
    out: dict[str, str] = {}
    for row in reader:  # rows, not dicts: the bundled table has 6,600 of them
        if len(row) <= max(at_symbol, at_cik):
            continue
        symbol, cik = row[at_symbol].strip(), row[at_cik].strip()
        if not symbol or not cik:
            continue
        if not cik.isdigit() or len(cik) > 10:
            raise InputError(str(path), reader.line_num, f"{column} {cik!r} is not a CIK")
        out[symbol.upper()] = cik.zfill(10)
    return out
