"""The security universe on disk: the bundled master, CUSIP index, fund table and fund size
profiles (built by ``scripts/build_universe.py``, described in docs/data.md), and a firm's
own data imported into the user data folder.

- ``import_firm_master(FILE)`` (``rotation-planner securities import``): a firm's master CSV
  with symbol, market cap and as-of date, optionally name, CUSIP and bucket. It is checked,
  written to ``data_dir()/firm_master.csv`` in one canonical form, and from then on its rows
  win over the bundled rows of the same security (a row's bucket wins over any scheme).
- ``import_fund_holdings(FUND, FILE)`` (``rotation-planner securities fund``): an issuer's
  holdings download; the checked file is kept as ``data_dir()/funds/FUND.csv`` and the fund's
  size profile is computed from it against the master whenever the data is loaded.

Every row keeps its source and date. A bad file is an ``InputError`` naming the file and line,
and nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, cast

from planner.core.buckets import CapThresholds, FundView
from planner.core.classify import Reference
from planner.core.errors import InputError
from planner.core.policy import BUCKETS, BucketChoice
from planner.core.profiles import (
    Fund,
    SizeProfile,
    profile_from_holdings,
)
from planner.core.universe import (
    SecurityInfo,
    is_cusip,
    rank_scheme_of,
    symbol_key,
)
from planner.market.fund_holdings import HoldingsFile, read_holdings
from planner.market.overrides import load_overrides
from planner.market.tables import (
    CUSIPS_FILE,
    FUNDS_FILE,
    MASTER_FILE,
    PROFILES_FILE,
    SOURCE_COLUMNS,
    T,
    _bundled_fund_details,
    _date,
    _dollars,
    _norm_header,
    _parse,
    _read,
    _rows,
    parse_cusips,
    parse_funds,
    parse_master,
    parse_profiles,
)
from planner.resources import resource
from planner.storage import data_dir, write_bytes_atomic, write_text_atomic

SOURCES_FILE = "sources.csv"
FIRM_MASTER_FILE = "firm_master.csv"
FIRM_FUNDS_DIR = "funds"

#: The firm master's columns, canonical name -> accepted header spellings (normalised).
FIRM_COLUMNS: dict[str, tuple[str, ...]] = {
    "symbol": ("symbol", "ticker"),
    "market_cap_usd": ("market_cap_usd", "market_cap", "marketcap", "mkt_cap", "market_value"),
    "as_of": ("as_of", "asof", "date", "market_cap_as_of", "as_of_date"),
    "name": ("name", "security_name", "description"),
    "cusip": ("cusip",),
    "bucket": ("bucket", "size_bucket", "size"),
    "price": ("price", "close", "last", "last_price", "nav"),
    "source": ("source",),
}
FIRM_CANONICAL: tuple[str, ...] = (
    "symbol",
    "name",
    "market_cap_usd",
    "as_of",
    "cusip",
    "bucket",
    "price",
    "source",
)


_CACHE: dict[tuple[str, str, int, int], Any] = {}
_CACHE_LOCK = threading.RLock()  # a plan waits for a warm-up already reading the file


def _cached(path: Path, what: str, parse: Callable[[str, str], T]) -> T:
    """Parse a bundled file once per process (keyed by what is read, the path, its size and
    modification time)."""
    st = path.stat()
    key = (what, str(path), st.st_size, st.st_mtime_ns)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = parse(_read(path), str(path))
        return cast(T, _CACHE[key])


def _with_details(profiles: dict[str, SizeProfile], funds_text: str) -> dict[str, SizeProfile]:
    details = _bundled_fund_details(funds_text)
    out: dict[str, SizeProfile] = {}
    for symbol, p in profiles.items():
        d = details.get(symbol, {})
        held = re.search(r"(\d+) equity holdings", d.get("source", ""))
        out[symbol] = replace(
            p,
            holdings_as_of=date.fromisoformat(d["holdings_as_of"])
            if d.get("holdings_as_of")
            else p.holdings_as_of,
            caps_as_of=date.fromisoformat(d["caps_as_of"]) if d.get("caps_as_of") else None,
            coverage=float(d["coverage"]) if d.get("coverage") else p.coverage,
            holdings=int(held.group(1)) if held else 0,
        )
    return out


def _bundled() -> tuple[
    dict[str, SecurityInfo], dict[str, str], dict[str, Fund], dict[str, SizeProfile], dict[str, str]
]:
    master = _cached(resource(MASTER_FILE), "master", parse_master)
    cusips = _cached(resource(CUSIPS_FILE), "cusips", parse_cusips)
    funds = _cached(resource(FUNDS_FILE), "funds", parse_funds)
    funds_text = _cached(resource(FUNDS_FILE), "text", lambda text, _p: text)

    def profiles_of(text: str, path: str) -> dict[str, SizeProfile]:
        return _with_details(parse_profiles(text, funds, path), funds_text)

    profiles = _cached(resource(PROFILES_FILE), "profiles", profiles_of)
    sources = _cached(
        resource(SOURCES_FILE),
        "sources",
        lambda text, p: {r["id"]: r["description"] for _, r in _rows(text, p, SOURCE_COLUMNS)},
    )
    return master, cusips, funds, profiles, sources


def parse_firm_master(text: str, path: str, source: str = "") -> list[dict[str, str]]:
    """A firm master's rows in canonical form (:data:`FIRM_CANONICAL`). Required columns:
    symbol, market cap, as-of; optional: name, CUSIP, bucket, price (dollars per share on the
    as-of date - how a firm prices a fund the bundled data cannot, a bond fund say). A row
    needs a market cap (and its date) or a bucket."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError(path, 1, "the file is empty; expected a header row")
    where: dict[str, int] = {}
    for i, h in enumerate(header):
        n = _norm_header(h)
        for canonical, spellings in FIRM_COLUMNS.items():
            if n in spellings and canonical not in where:
                where[canonical] = i
    missing = [c for c in ("symbol", "market_cap_usd", "as_of") if c not in where]
    if missing:
        names = {"symbol": "symbol", "market_cap_usd": "market cap", "as_of": "as-of date"}
        raise InputError(
            path,
            1,
            "missing column(s): "
            + ", ".join(names[m] for m in missing)
            + "; expected symbol, market cap, as-of (optional name, CUSIP, bucket)",
        )
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(path, line, "more fields than the header has")
        cell = {k: (cells[i].strip() if i < len(cells) else "") for k, i in where.items()}
        symbol = cell["symbol"].upper()
        if not symbol:
            raise InputError(path, line, "symbol is empty")
        if symbol in seen:
            raise InputError(path, line, f"symbol {symbol} appears twice")
        seen.add(symbol)
        cap = _parse(
            path,
            line,
            "market cap",
            cell["market_cap_usd"],
            _dollars,
            "a dollar amount (30333371730, $30,333,371,730 or 30.3B)",
        )
        as_of = _parse(path, line, "as-of", cell["as_of"], _date, "a date (YYYY-MM-DD)")
        bucket = cell.get("bucket", "").lower().replace(" ", "_").replace("-", "_")
        if bucket and bucket not in BUCKETS:
            known = ", ".join(BUCKETS)
            raise InputError(path, line, f"bucket {cell['bucket']!r}; buckets: {known}")
        price = _parse(path, line, "price", cell.get("price", ""), _dollars, "a dollar amount")
        if price is not None and not price > 0:
            raise InputError(path, line, "price must be more than 0")
        if cap is None and not bucket:
            raise InputError(path, line, "market cap is empty (give a market cap or a bucket)")
        if cap is not None and cap <= 0:
            raise InputError(path, line, "market cap must be more than 0")
        if as_of is None:
            raise InputError(path, line, "as-of date is empty; every row must be dated")
        cusip = cell.get("cusip", "").upper()
        if cusip and not is_cusip(cusip):
            raise InputError(path, line, f"CUSIP {cusip!r} is not valid (check digit)")
        out.append(
            {
                "symbol": symbol,
                "name": cell.get("name", ""),
                "market_cap_usd": "" if cap is None else f"{cap:.0f}",
                "as_of": as_of.isoformat(),
                "cusip": cusip,
                "bucket": bucket,
                "price": "" if price is None else f"{price:.6g}",
                "source": cell.get("source") or source or f"firm master {Path(path).name}",
            }
        )
    if not out:
        raise InputError(path, 2, "no rows after the header")
    return out


def firm_master_path() -> Path:
    return data_dir() / FIRM_MASTER_FILE


def firm_funds_dir() -> Path:
    return data_dir() / FIRM_FUNDS_DIR


def _csv_text(header: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    return buf.getvalue()


def import_firm_master(source: Path, today: date | None = None) -> tuple[Path, int]:
    """Check a firm's master and keep it (canonical form) in the user data folder, replacing
    an earlier import. Returns where it went and how many rows it has."""
    text = _read(source)
    when = (today or date.today()).isoformat()
    rows = parse_firm_master(text, str(source), f"firm master {source.name} (imported {when})")
    dest = firm_master_path()
    write_text_atomic(dest, _csv_text(FIRM_CANONICAL, rows))
    return dest, len(rows)


def _apply_firm(
    master: dict[str, SecurityInfo], cusips: dict[str, str], rows: list[dict[str, str]]
) -> tuple[dict[str, SecurityInfo], dict[str, str]]:
    out = dict(master)
    cmap = dict(cusips)
    keyed: dict[str, str] = {}
    for s in master:
        keyed.setdefault(symbol_key(s), s)
    for r in rows:
        symbol = r["symbol"]
        target = symbol if symbol in master else keyed.get(symbol_key(symbol), symbol)
        if target not in master and r["cusip"] in cmap and cmap[r["cusip"]] in master:
            target = cmap[r["cusip"]]
        cap = float(r["market_cap_usd"]) if r["market_cap_usd"] else None
        as_of = date.fromisoformat(r["as_of"])
        price = float(r["price"]) if r.get("price") else None
        old = master.get(target)
        if old is not None:
            info = replace(
                old,
                name=r["name"] or old.name,
                market_cap_usd=cap if cap is not None else old.market_cap_usd,
                market_cap_as_of=as_of if cap is not None else old.market_cap_as_of,
                source=r["source"],
                rank=None,
                bucket=r["bucket"] or None,
                price=price if price is not None else old.price,
                price_as_of=as_of if price is not None else old.price_as_of,
            )
        else:
            info = SecurityInfo(
                symbol=target,
                name=r["name"],
                asset_type="equity",
                market_cap_usd=cap,
                sector="",
                price=price,
                price_as_of=as_of if price is not None else None,
                market_cap_as_of=as_of if cap is not None else None,
                source=r["source"],
                country="",
                bucket=r["bucket"] or None,
            )
        out[target] = info
        if r["cusip"]:
            cmap[r["cusip"]] = target
    return out, cmap


def load_firm_master(path: Path | None = None) -> list[dict[str, str]]:
    path = path or firm_master_path()
    if not path.exists():
        return []
    return parse_firm_master(_read(path), str(path))


# -- a firm's fund holdings ------------------------------------------------------------------
_FUND_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]{0,9}$")


def import_fund_holdings(fund: str, source: Path) -> tuple[Path, HoldingsFile]:
    """Check an issuer's holdings file for ``fund`` and keep a copy in the user data folder
    (replacing an earlier one). Returns where it went and what was read."""
    symbol = fund.strip().upper()
    if not _FUND_SYMBOL.match(symbol):
        raise InputError(fund, None, "not a fund symbol (letters, digits and '.', up to 10)")
    held = read_holdings(source)
    try:
        raw = source.read_bytes()
    except OSError as err:
        raise InputError(str(source), None, f"cannot read: {err.strerror}") from None
    dest = firm_funds_dir() / f"{symbol}.csv"
    write_bytes_atomic(dest, raw)
    return dest, held


def _user_funds(
    ref: Reference, funds: dict[str, Fund]
) -> tuple[dict[str, Fund], dict[str, SizeProfile]]:
    folder = firm_funds_dir()
    new_funds: dict[str, Fund] = {}
    profiles: dict[str, SizeProfile] = {}
    if not folder.is_dir():
        return new_funds, profiles
    for path in sorted(folder.glob("*.csv")):
        symbol = path.stem.upper()
        held = read_holdings(path)
        source = f"holdings file {path.name} imported by the firm ({held.fund_name or symbol})"
        p = profile_from_holdings(symbol, held.holdings, ref.cap_of, held.as_of, source)
        bundled = funds.get(symbol)
        profiles[symbol] = p
        new_funds[symbol] = Fund(
            symbol=symbol,
            name=held.fund_name or (bundled.name if bundled else symbol),
            placement="holdings",
            index=bundled.index if bundled else "the firm's holdings file",
            segment=bundled.segment if bundled else None,
            profile=symbol,
            fixed={},
            source=source,
            as_of=held.as_of,
        )
    return new_funds, profiles


# -- everything together ---------------------------------------------------------------------
def load_reference(overrides: Path | None = None) -> Reference:
    """Everything classification needs: the bundled universe with the firm's master and fund
    files on top, the user's overrides, and the ``rank`` scheme of the bundled universe (the
    scheme in force until a policy chooses another, see :meth:`Reference.with_buckets`)."""
    o = load_overrides(overrides)
    master, cusips, funds, profiles, sources = _bundled()
    rank = rank_scheme_of(
        master, "companies of the bundled universe ranked by market cap (docs/data.md)"
    )
    origin = "bundled"
    firm_rows = load_firm_master()
    if firm_rows:
        master, cusips = _apply_firm(master, cusips, firm_rows)
        origin = f"bundled + {firm_master_path()}"
    ref = Reference(
        master, dict(funds), o, None, "look-through", dict(profiles), cusips, origin, rank, sources
    )
    user_funds, user_profiles = _user_funds(ref, funds)
    if user_funds:
        ref = replace(
            ref,
            funds={**funds, **user_funds},
            profiles={**profiles, **user_profiles},
            origin=f"{origin} + {len(user_funds)} fund file(s)",
        )
    return ref


def apply_buckets(
    ref: Reference, scheme: str, funds: FundView | str, dollars: CapThresholds | None = None
) -> Reference:
    """``ref`` under a size scheme and fund view; a bad name is an ``InputError``."""
    try:
        return ref.with_buckets(scheme, funds, dollars)
    except ValueError as err:
        raise InputError("[buckets]", None, str(err)) from None


def with_policy(ref: Reference, choice: BucketChoice) -> Reference:
    """``ref`` under a policy's ``[buckets]`` section."""
    d = choice.dollars
    lines = CapThresholds(d.mega, d.large, d.mid, d.small) if d is not None else None
    return apply_buckets(ref, choice.scheme, choice.funds, lines)
