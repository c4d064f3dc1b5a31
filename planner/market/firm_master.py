"""A firm's own security master: ``import_firm_master(FILE)`` (``rotation-planner securities
import``) checks a CSV with symbol, market cap and as-of date - optionally name, CUSIP, bucket
and price - and writes it to ``data_dir()/firm_master.csv`` in one canonical form; from then on
its rows win over the bundled rows of the same security (:func:`apply_firm`). A bad file is an
``InputError`` naming the file and line, and nothing is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

from planner.core.errors import InputError
from planner.core.policy import BUCKETS
from planner.core.universe import SecurityInfo, is_cusip, symbol_key
from planner.market.tables import _date, _dollars, _norm_header, _parse, _read
from planner.storage import data_dir, write_text_atomic

FIRM_MASTER_FILE = "firm_master.csv"

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


def apply_firm(
    master: dict[str, SecurityInfo], cusips: dict[str, str], rows: list[dict[str, str]]
) -> tuple[dict[str, SecurityInfo], dict[str, str]]:
    """The master and CUSIP index with the firm's rows applied: a row of a security the master
    has (by symbol, symbol key or CUSIP) replaces its figures, unranked; any other is added."""
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
