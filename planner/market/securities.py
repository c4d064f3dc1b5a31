"""The security universe on disk: the bundled master, CUSIP index, fund table and fund size
profiles (built by ``scripts/build_universe.py``, described in docs/data.md), and a firm's
own data imported into the user data folder.

- a firm's master CSV (:mod:`planner.market.firm_master`): from then on its rows win over the
  bundled rows of the same security (a row's bucket wins over any scheme).
- ``import_fund_holdings(FUND, FILE)`` (``rotation-planner securities fund``): an issuer's
  holdings download; the checked file is kept as ``data_dir()/funds/FUND.csv`` and the fund's
  size profile is computed from it against the master whenever the data is loaded.

Every row keeps its source and date. A bad file is an ``InputError`` naming the file and line,
and nothing is written.
"""

from __future__ import annotations

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
from planner.core.policy import BucketChoice
from planner.core.profiles import (
    Fund,
    SizeProfile,
    profile_from_holdings,
)
from planner.core.universe import (
    SecurityInfo,
    rank_scheme_of,
)
from planner.market.firm_master import apply_firm, firm_master_path, load_firm_master
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
    _read,
    _rows,
    parse_cusips,
    parse_funds,
    parse_master,
    parse_profiles,
)
from planner.resources import resource
from planner.storage import data_dir, write_bytes_atomic

SOURCES_FILE = "sources.csv"
FIRM_FUNDS_DIR = "funds"

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


def firm_funds_dir() -> Path:
    return data_dir() / FIRM_FUNDS_DIR


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
        master, cusips = apply_firm(master, cusips, firm_rows)
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
