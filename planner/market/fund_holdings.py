"""Fund holdings files: an issuer's download (the iShares CSV layout) or the reference layout
of ``../shared/reference/holdings`` (one row per holding with ``weight_pct`` and ``as_of``).

Only equity holdings size a fund: cash, money-market sweeps, collateral, futures and currency
rows are counted apart (``other_weight``) and left out of the profile. Weights are fractions
of the fund (a file's ``1.93`` percent is 0.0193). A file that is not one of these layouts,
has no date or no equity rows is an ``InputError`` naming the file and line.

iShares layout (as downloaded from a fund page): a title line with the fund's name, then
``Fund Holdings as of,"May 05, 2026"`` and a few more ``key,value`` lines, a blank line, the
header ``Ticker,Name,Sector,Asset Class,Market Value,Weight (%),...``, the holdings, and after
another blank line BlackRock's disclaimer.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from planner.core.errors import InputError
from planner.core.profiles import Holding
from planner.storage import read_input_bytes

_NOT_EQUITY_CLASS = re.compile(
    r"cash|money market|futures?|collateral|fx|swap|forward|option", re.I
)
_NOT_EQUITY_NAME = re.compile(
    r"\bUS DOLLAR\b|\b[A-Z]{3} CASH\b|\bCASH COLLATERAL\b|\bCSH FND\b|\bEMINI\b|\bFUTURES?\b", re.I
)
_ISHARES_DATE = re.compile(r"^\s*Fund Holdings as of\s*$", re.I)


@dataclass(frozen=True)
class HoldingsFile:
    """A fund's holdings as read from one file."""

    path: str
    fund_name: str
    as_of: date
    holdings: tuple[Holding, ...]  # equity holdings, weights as fractions of the fund
    other_weight: float  # fraction in cash, futures and other non-equity rows
    layout: str  # "ishares" | "reference"


def is_equity_row(asset_class: str, sector: str, name: str) -> bool:
    """Whether a holdings row is a stock (not cash, a sweep fund, collateral or a future)."""
    if "cash" in sector.lower() and "derivative" in sector.lower():
        return False
    if asset_class and _NOT_EQUITY_CLASS.search(asset_class):
        return False
    return not _NOT_EQUITY_NAME.search(name)


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("$", "").replace("%", "").strip())


def _ishares_date(text: str) -> date:
    return datetime.strptime(text.strip(), "%b %d, %Y").date()


def _rows(reader: csv.DictReader[str], line0: int) -> list[tuple[int, dict[str, str]]]:
    """Non-empty rows with their line numbers in the file (``line0``: lines before the
    header)."""
    out: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if any(values.values()):
            out.append((line0 + reader.line_num, values))
    return out


def _holdings(
    rows: list[tuple[int, dict[str, str]]],
    path: str,
    symbol_col: str,
    weight_col: str,
    value_col: str,
    cusip_col: str | None,
    stop_on_text: bool,
) -> tuple[list[Holding], float]:
    """Equity holdings and the weight of everything else. Weights come from the market-value
    column when every row has one (exact), else from the rounded percent column."""
    parsed: list[tuple[int, dict[str, str], float, float | None]] = []
    for line, r in rows:
        raw = r.get(weight_col, "")
        try:
            w = _number(raw) / 100.0
        except ValueError:
            if stop_on_text:
                break  # a footer line in the weight column
            raise InputError(path, line, f"{weight_col}: {raw!r} is not a number") from None
        try:
            v: float | None = _number(r.get(value_col, ""))
        except ValueError:
            v = None
        parsed.append((line, r, w, v))
    values = [v for *_, v in parsed]
    total_value = sum(v for v in values if v is not None)
    by_value = bool(parsed) and all(v is not None for v in values) and total_value > 0
    holdings: list[Holding] = []
    other = 0.0
    for _, r, w, v in parsed:
        if by_value and v is not None:
            w = v / total_value
        name = r.get("Name", r.get("name", ""))
        asset_class = r.get("Asset Class", r.get("asset_class", ""))
        if not is_equity_row(asset_class, r.get("Sector", r.get("sector", "")), name):
            other += w
            continue
        symbol = r.get(symbol_col, "").upper()
        cusip = r.get(cusip_col, "").upper() if cusip_col else ""
        if symbol in ("", "-") and not cusip:
            other += w
            continue
        holdings.append(Holding(symbol if symbol != "-" else "", w, cusip, name))
    return holdings, other


def parse_ishares(text: str, path: str) -> HoldingsFile:
    """An iShares holdings download (see the module docstring)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise InputError(path, 1, "the file is empty")
    fund_name = next(csv.reader([lines[0]]), [""])[0].strip()
    as_of: date | None = None
    header_at: int | None = None
    for n, line in enumerate(lines[:40], 1):
        cells = next(csv.reader([line]), [])
        if cells and _ISHARES_DATE.match(cells[0]):
            value = cells[1] if len(cells) > 1 else ""
            try:
                as_of = _ishares_date(value)
            except ValueError:
                raise InputError(
                    path, n, f"Fund Holdings as of: {value!r} is not a date like 'May 05, 2026'"
                ) from None
        if cells and cells[0].strip() == "Ticker" and "Weight (%)" in [c.strip() for c in cells]:
            header_at = n
            break
    if header_at is None:
        raise InputError(
            path,
            None,
            "no 'Ticker,...,Weight (%)' header in the first 40 lines; not an iShares holdings file",
        )
    if as_of is None:
        raise InputError(path, 2, "no 'Fund Holdings as of' date before the header")
    end = header_at
    while end < len(lines) and lines[end].strip(' ,"\t'):
        end += 1  # the holdings end at the blank line before the disclaimer
    reader = csv.DictReader(io.StringIO("\n".join(lines[header_at - 1 : end])))
    rows = _rows(reader, header_at - 1)
    holdings, other = _holdings(rows, path, "Ticker", "Weight (%)", "Market Value", None, False)
    if not holdings:
        raise InputError(path, header_at + 1, "no equity holdings (Asset Class 'Equity')")
    return HoldingsFile(path, fund_name, as_of, tuple(holdings), other, "ishares")


REFERENCE_COLUMNS = ("fund", "holding_symbol", "name", "weight_pct", "as_of")


def parse_reference(text: str, path: str) -> HoldingsFile:
    """The reference layout: fund, holding_symbol, name, weight_pct, sector, asset_class,
    cusip, ..., as_of (one date for the whole file)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REFERENCE_COLUMNS if c not in header]
    if missing:
        raise InputError(path, 1, f"missing column(s): {', '.join(missing)}")
    rows = _rows(reader, 0)
    dates = {r["as_of"] for _, r in rows if r.get("as_of")}
    if len(dates) != 1:
        raise InputError(path, 2, f"as_of must be one date for the file, found {sorted(dates)}")
    try:
        as_of = date.fromisoformat(dates.pop())
    except ValueError:
        raise InputError(path, 2, "as_of is not a date (YYYY-MM-DD)") from None
    holdings, other = _holdings(
        rows, path, "holding_symbol", "weight_pct", "market_value_usd", "cusip", True
    )
    if not holdings:
        raise InputError(path, 2, "no equity holdings")
    fund = rows[0][1].get("fund", "") if rows else ""
    return HoldingsFile(path, fund, as_of, tuple(holdings), other, "reference")


def parse_holdings(text: str, path: str) -> HoldingsFile:
    """Whichever layout the file's content is."""
    head = text.lstrip("\ufeff")[:4000]
    first = head.splitlines()[0] if head else ""
    if first.startswith("fund,holding_symbol"):
        return parse_reference(text, path)
    if "Fund Holdings as of" in head or "Ticker,Name" in head:
        return parse_ishares(text, path)
    raise InputError(
        path,
        1,
        "not a holdings file this version reads (iShares CSV download, "
        "or fund,holding_symbol,name,weight_pct,...,as_of)",
    )


def read_holdings(path: Path) -> HoldingsFile:
    raw = read_input_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return parse_holdings(text, str(path))
