"""The bundled security tables read from CSV - the master, the CUSIP index, the fund table, the
funds' size profiles - each row checked, a bad row an :class:`InputError` naming the file and
line; and the small parsers (dollars, dates) the firm's own files share."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar, cast

from planner.core.errors import InputError
from planner.core.policy import BUCKETS
from planner.core.profiles import (
    FIXED_BUCKETS,
    PLACEMENTS,
    Fund,
    Placement,
    SizeProfile,
)
from planner.core.universe import (
    INDEXES,
    Profitable,
    SecurityInfo,
)

MASTER_FILE = "securities.csv"
CUSIPS_FILE = "cusips.csv"
FUNDS_FILE = "funds.csv"
PROFILES_FILE = "fund_profiles.csv"

MASTER_COLUMNS: tuple[str, ...] = (
    "symbol",
    "name",
    "asset_type",
    "market_cap_usd",
    "as_of",
    "company",
    "rank",
    "country",
    "sector",
    "indexes",
    "price",
    "profitable",
    "net_debt_to_ebitda",
    "interest_coverage",
    "source",
)


FUND_COLUMNS: tuple[str, ...] = (
    "symbol",
    "name",
    "placement",
    "index",
    "segment",
    "profile",
    *FIXED_BUCKETS,
    "holdings_as_of",
    "caps_as_of",
    "coverage",
    "source",
    "as_of",
)


PROFILE_COLUMNS: tuple[str, ...] = ("fund", "cap_lo", "cap_hi", "weight")


SOURCE_COLUMNS: tuple[str, ...] = ("id", "description")


MASTER_ASSET_TYPES = frozenset(
    {
        "equity",
        "etf",
        "mutual_fund",
        "money_market",
        "bond",
        "preferred",
        "warrant",
        "right",
        "unit",
        "closed_end_fund",
        "other",
    }
)


T = TypeVar("T")


# -- small parsing helpers -------------------------------------------------------------------
def _rows(text: str, path: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise InputError(path, 1, "the file is empty; expected a header row")
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(path, 1, f"missing column(s): {', '.join(missing)}")
    reader.fieldnames = header
    out: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        if None in row:
            raise InputError(path, reader.line_num, "more fields than the header has")
        values = {k: (v or "").strip() for k, v in row.items()}
        if any(values.values()):
            out.append((reader.line_num, values))
    return out


def _parse(
    path: str, line: int, column: str, value: str, conv: Callable[[str], T], what: str
) -> T | None:
    if value == "":
        return None
    try:
        return conv(value)
    except ValueError:
        raise InputError(path, line, f"{column}: {value!r} is not {what}") from None


def _number(value: str) -> float:
    x = float(value.replace(",", "").replace("$", ""))
    if not math.isfinite(x):
        raise ValueError(value)
    return x


_SUFFIX = {"K": 1e3, "M": 1e6, "MM": 1e6, "B": 1e9, "BN": 1e9, "T": 1e12}


def _dollars(value: str) -> float:
    """A dollar amount as firms write it: ``30333371730``, ``$30,333,371,730``, ``30.3B``."""
    m = re.fullmatch(r"\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Za-z]{0,2})", value.strip())
    if not m:
        raise ValueError(value)
    unit = m.group(2).upper()
    if unit and unit not in _SUFFIX:
        raise ValueError(value)
    return float(m.group(1).replace(",", "")) * _SUFFIX.get(unit, 1.0)


def _date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), None, "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "not UTF-8 text") from None
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from None


# -- the bundled files -----------------------------------------------------------------------
def _table(
    text: str, path: str, required: tuple[str, ...]
) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Header positions and the non-empty data rows with their line numbers (a faster path
    than :func:`_rows` for the large bundled files)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    if not rows:
        raise InputError(path, 1, "the file is empty; expected a header row")
    col = {h.strip(): i for i, h in enumerate(rows[0])}
    missing = [c for c in required if c not in col]
    if missing:
        raise InputError(path, 1, f"missing column(s): {', '.join(missing)}")
    width = len(rows[0])
    for n, r in enumerate(rows[1:], 2):
        if len(r) != width and any(r):
            raise InputError(path, n, f"{len(r)} fields, the header has {width}")
    return col, [(n, r) for n, r in enumerate(rows[1:], 2) if any(r)]


def parse_master(text: str, path: str = MASTER_FILE) -> dict[str, SecurityInfo]:
    """The bundled master's rows by symbol (columns: :data:`MASTER_COLUMNS`)."""
    col, rows = _table(text, path, MASTER_COLUMNS)
    c = [col[k] for k in MASTER_COLUMNS]
    out: dict[str, SecurityInfo] = {}
    dates: dict[str, date] = {}
    known = set(INDEXES)
    for n, row in rows:
        (
            symbol,
            name,
            kind,
            cap_s,
            as_of_s,
            company,
            rank_s,
            country,
            sector,
            indexes_s,
            price_s,
            profitable,
            nde_s,
            ic_s,
            source,
        ) = (row[i].strip() for i in c)
        symbol = symbol.upper()
        if not symbol or symbol in out:
            raise InputError(path, n, f"symbol {symbol!r} is empty or appears twice")
        if kind not in MASTER_ASSET_TYPES:
            raise InputError(
                path,
                n,
                f"asset_type {kind!r} is not one of " + ", ".join(sorted(MASTER_ASSET_TYPES)),
            )
        if not source:
            raise InputError(path, n, "source is empty; every row must say where it came from")
        try:
            cap = float(cap_s) if cap_s else None
            price = float(price_s) if price_s else None
            rank = int(rank_s) if rank_s else None
            nde = float(nde_s) if nde_s else None
            ic = float(ic_s) if ic_s else None
        except ValueError:
            raise InputError(
                path,
                n,
                "market_cap_usd, price, rank, net_debt_to_ebitda and "
                "interest_coverage must be numbers",
            ) from None
        as_of = dates.get(as_of_s)
        if as_of is None and as_of_s:
            as_of = _parse(path, n, "as_of", as_of_s, date.fromisoformat, "a date (YYYY-MM-DD)")
            if as_of is not None:
                dates[as_of_s] = as_of
        if (cap is not None or price is not None) and as_of is None:
            raise InputError(path, n, "market_cap_usd and price need an as_of date")
        if (cap is not None and cap < 0) or (price is not None and price < 0):
            raise InputError(path, n, "market_cap_usd and price must not be negative")
        profitable = profitable.lower() or "unknown"
        if profitable not in ("yes", "no", "unknown"):
            raise InputError(path, n, f"profitable must be yes, no or unknown, not {profitable!r}")
        indexes = frozenset(indexes_s.split(";")) if indexes_s else frozenset()
        if not indexes <= known:
            raise InputError(path, n, f"indexes: {indexes_s!r}; known: {', '.join(INDEXES)}")
        out[symbol] = SecurityInfo(
            symbol,
            name,
            kind,
            cap,
            sector,
            price,
            as_of if price is not None else None,
            as_of if cap is not None else None,
            source,
            cast(Profitable, profitable),
            nde,
            ic,
            country,
            company,
            rank,
            indexes,
        )
    return out


def parse_cusips(text: str, path: str = CUSIPS_FILE) -> dict[str, str]:
    """CUSIP -> symbol (the build checked every check digit; here only the shape)."""
    col, rows = _table(text, path, ("cusip", "symbol"))
    ci, si = col["cusip"], col["symbol"]
    out: dict[str, str] = {}
    for n, r in rows:
        cusip = r[ci].strip().upper()
        if len(cusip) != 9:
            raise InputError(path, n, f"cusip {cusip!r} is not 9 characters")
        out[cusip] = r[si].strip().upper()
    return out


def parse_funds(text: str, path: str = FUNDS_FILE) -> dict[str, Fund]:
    """The fund table by symbol (columns: :data:`FUND_COLUMNS`)."""
    out: dict[str, Fund] = {}
    for line, r in _rows(text, path, FUND_COLUMNS):
        symbol = r["symbol"].upper()
        if not symbol or symbol in out:
            raise InputError(path, line, f"symbol {symbol!r} is empty or appears twice")
        if r["placement"] not in PLACEMENTS:
            raise InputError(path, line, f"placement {r['placement']!r}; known: {PLACEMENTS}")
        if r["segment"] and r["segment"] not in BUCKETS:
            raise InputError(path, line, f"segment {r['segment']!r} is not a bucket")
        if not r["source"]:
            raise InputError(path, line, "source is empty; every row must say where it came from")
        fixed: dict[str, float] = {}
        for b in FIXED_BUCKETS:
            v = _parse(path, line, b, r[b], _number, "a fraction")
            if v is not None and v != 0:
                if not 0 < v <= 1:
                    raise InputError(path, line, f"{b}: {v} is not a fraction between 0 and 1")
                fixed[b] = v
        if sum(fixed.values()) > 1 + 1e-9:
            raise InputError(path, line, f"fixed fractions add up to {sum(fixed.values()):.4f}")
        as_of = _parse(path, line, "as_of", r["as_of"], date.fromisoformat, "a date (YYYY-MM-DD)")
        out[symbol] = Fund(
            symbol=symbol,
            name=r["name"],
            placement=cast(Placement, r["placement"]),
            index=r["index"],
            segment=r["segment"] or None,
            profile=r["profile"] or None,
            fixed=fixed,
            source=r["source"],
            as_of=as_of,
        )
    return out


def parse_profiles(
    text: str, funds: dict[str, Fund], path: str = PROFILES_FILE
) -> dict[str, SizeProfile]:
    """Bundled size profiles; dates and coverage come from the funds' rows."""
    bins: dict[str, list[tuple[float, float, float]]] = {}
    for line, r in _rows(text, path, PROFILE_COLUMNS):
        try:
            lo, hi, w = _number(r["cap_lo"]), _number(r["cap_hi"]), _number(r["weight"])
        except ValueError:
            raise InputError(path, line, "cap_lo, cap_hi and weight must be numbers") from None
        if not (0 < lo <= hi) or not 0 < w <= 1:
            raise InputError(path, line, "need 0 < cap_lo <= cap_hi and 0 < weight <= 1")
        bins.setdefault(r["fund"].upper(), []).append((lo, hi, w))
    return {symbol: _profile(symbol, b, funds.get(symbol)) for symbol, b in bins.items()}


def _profile(symbol: str, bins: list[tuple[float, float, float]], fund: Fund | None) -> SizeProfile:
    total = sum(w for *_, w in bins)
    return SizeProfile(
        fund=symbol,
        bins=tuple((lo, hi, w / total) for lo, hi, w in bins),
        holdings_as_of=fund.as_of if fund else None,
        caps_as_of=None,
        coverage=1.0,
        holdings=0,
        source=fund.source if fund else "",
    )


def _bundled_fund_details(text: str) -> dict[str, dict[str, str]]:
    """holdings_as_of, caps_as_of, coverage and the holdings count of bundled funds."""
    return {r["symbol"].upper(): r for _, r in _rows(text, FUNDS_FILE, FUND_COLUMNS)}


# -- the firm's own master -------------------------------------------------------------------
def _norm_header(h: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", h.strip().lower()).strip("_")
