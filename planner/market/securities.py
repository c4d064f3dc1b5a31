"""The security master and the fund look-through table, read from CSV.

Bundled: ``resources/securities.csv`` and ``resources/funds.csv`` (docs/data.md describes
their columns, sources and dates). A user can import a newer master or fund table with the
same columns (:func:`import_master`, :func:`import_funds`): it is checked, then copied into
the user data directory (``storage.data_dir()``), and from then on its rows override the
bundled rows of the same symbol (rows it does not have keep the bundled values). A bad row is
an ``InputError`` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar, cast

from planner.core.classify import FundMix, Profitable, Reference, SecurityInfo, clean_mix
from planner.core.errors import InputError
from planner.core.policy import BUCKETS
from planner.market.overrides import load_overrides
from planner.resources import resource
from planner.storage import data_dir, write_text_atomic

MASTER_FILE = "securities.csv"
FUNDS_FILE = "funds.csv"
MASTER_COLUMNS: tuple[str, ...] = (
    "symbol", "name", "asset_type", "market_cap_usd", "sector", "price", "price_as_of",
    "market_cap_as_of", "source", "profitable", "net_debt_to_ebitda", "interest_coverage",
)  # fmt: skip
#: Optional master column: ISO country of the company's home; empty or absent means US.
OPTIONAL_MASTER_COLUMNS: tuple[str, ...] = ("country",)
FUND_COLUMNS: tuple[str, ...] = ("symbol", "name", *BUCKETS, "source", "as_of")
MASTER_ASSET_TYPES = frozenset({"equity", "etf", "mutual_fund", "money_market", "bond", "other"})

T = TypeVar("T")


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


def parse_master(text: str, path: str = MASTER_FILE) -> dict[str, SecurityInfo]:
    """Security master rows by symbol."""
    out: dict[str, SecurityInfo] = {}
    for line, r in _rows(text, path, MASTER_COLUMNS):
        symbol = r["symbol"].upper()
        if not symbol:
            raise InputError(path, line, "symbol is empty")
        if symbol in out:
            raise InputError(path, line, f"symbol {symbol} appears twice")
        kind = r["asset_type"].lower()
        if kind not in MASTER_ASSET_TYPES:
            raise InputError(
                path,
                line,
                f"asset_type {r['asset_type']!r} is not one of "
                + ", ".join(sorted(MASTER_ASSET_TYPES)),
            )
        if not r["source"]:
            raise InputError(path, line, "source is empty; every row must say where it came from")
        cap = _parse(path, line, "market_cap_usd", r["market_cap_usd"], _number, "a number")
        price = _parse(path, line, "price", r["price"], _number, "a number")
        nde = _parse(path, line, "net_debt_to_ebitda", r["net_debt_to_ebitda"], _number, "a number")
        ic = _parse(path, line, "interest_coverage", r["interest_coverage"], _number, "a number")
        price_as_of = _parse(
            path, line, "price_as_of", r["price_as_of"], date.fromisoformat, "a date (YYYY-MM-DD)"
        )
        cap_as_of = _parse(
            path,
            line,
            "market_cap_as_of",
            r["market_cap_as_of"],
            date.fromisoformat,
            "a date (YYYY-MM-DD)",
        )
        if cap is not None and cap < 0:
            raise InputError(path, line, "market_cap_usd must not be negative")
        if price is not None and price < 0:
            raise InputError(path, line, "price must not be negative")
        if price is not None and price_as_of is None:
            raise InputError(path, line, "price has no price_as_of date")
        if cap is not None and cap_as_of is None:
            raise InputError(path, line, "market_cap_usd has no market_cap_as_of date")
        profitable = (r["profitable"] or "unknown").lower()
        if profitable not in ("yes", "no", "unknown"):
            raise InputError(
                path, line, f"profitable must be yes, no or unknown, not {profitable!r}"
            )
        out[symbol] = SecurityInfo(
            symbol=symbol,
            name=r["name"],
            asset_type=kind,
            market_cap_usd=cap,
            sector=r["sector"],
            price=price,
            price_as_of=price_as_of,
            market_cap_as_of=cap_as_of,
            source=r["source"],
            profitable=cast(Profitable, profitable),
            net_debt_to_ebitda=nde,
            interest_coverage=ic,
            country=(r.get("country") or "US").upper(),
        )
    return out


def parse_funds(text: str, path: str = FUNDS_FILE) -> dict[str, FundMix]:
    """Fund look-through rows by symbol; each row's fractions must sum to 1."""
    out: dict[str, FundMix] = {}
    for line, r in _rows(text, path, FUND_COLUMNS):
        symbol = r["symbol"].upper()
        if not symbol:
            raise InputError(path, line, "symbol is empty")
        if symbol in out:
            raise InputError(path, line, f"symbol {symbol} appears twice")
        if not r["source"]:
            raise InputError(path, line, "source is empty; every row must say where it came from")
        as_of = _parse(path, line, "as_of", r["as_of"], date.fromisoformat, "a date (YYYY-MM-DD)")
        if as_of is None:
            raise InputError(path, line, "as_of is empty; every mix must be dated")
        mix: dict[str, float] = {}
        for b in BUCKETS:
            v = _parse(path, line, b, r[b], _number, "a fraction")
            if v is None or v == 0:
                continue
            if not 0 < v <= 1:
                raise InputError(path, line, f"{b}: {v} is not a fraction between 0 and 1")
            mix[b] = v
        total = sum(mix.values())
        if abs(total - 1.0) > 1e-4:
            raise InputError(path, line, f"bucket fractions add up to {total:.4f}, not 1")
        out[symbol] = FundMix(symbol, r["name"], clean_mix(mix), r["source"], as_of)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), None, "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "not UTF-8 text") from None
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from None


def user_master_path() -> Path:
    return data_dir() / MASTER_FILE


def user_funds_path() -> Path:
    return data_dir() / FUNDS_FILE


def load_master(path: Path | None = None) -> dict[str, SecurityInfo]:
    """The bundled master, with the user's imported master (if any) on top."""
    if path is not None:
        return parse_master(_read(path), str(path))
    out = parse_master(_read(resource(MASTER_FILE)), str(resource(MASTER_FILE)))
    user = user_master_path()
    if user.exists():
        out.update(parse_master(_read(user), str(user)))
    return out


def load_funds(path: Path | None = None) -> dict[str, FundMix]:
    """The bundled fund table, with the user's imported table (if any) on top."""
    if path is not None:
        return parse_funds(_read(path), str(path))
    out = parse_funds(_read(resource(FUNDS_FILE)), str(resource(FUNDS_FILE)))
    user = user_funds_path()
    if user.exists():
        out.update(parse_funds(_read(user), str(user)))
    return out


def load_reference(
    master: Path | None = None, funds: Path | None = None, overrides: Path | None = None
) -> Reference:
    """Everything classification needs: master, fund table, the user's overrides and cap
    thresholds. With no arguments: bundled data, the user's imports and overrides."""
    o = load_overrides(overrides)
    origin = "bundled"
    if master is not None:
        origin = str(master)
    elif user_master_path().exists():
        origin = f"bundled + {user_master_path()}"
    kwargs = {"thresholds": o.thresholds} if o.thresholds is not None else {}
    return Reference(load_master(master), load_funds(funds), o, origin=origin, **kwargs)


def import_master(source: Path) -> Path:
    """Check a newer master (same columns) and copy it into the user data directory, where
    it overrides the bundled rows of the same symbols. Returns where it went."""
    text = _read(source)
    parse_master(text, str(source))
    dest = user_master_path()
    write_text_atomic(dest, text)
    return dest


def import_funds(source: Path) -> Path:
    """Like :func:`import_master` for the fund look-through table."""
    text = _read(source)
    parse_funds(text, str(source))
    dest = user_funds_path()
    write_text_atomic(dest, text)
    return dest
