"""Where the regime comes from: a data folder (``--data DIR``), the cache of the last refresh,
or the bundled 2026-01-08 snapshot - in that order.

A data folder holds, in the folder itself or in ``fred/`` and ``prices/`` beneath it (the layout
of ``../shared/reference``):

- FRED series named by their id: ``DFEDTARU.csv``, ``DFEDTAR.csv`` (the single Fed funds target
  before 2008-12-16; ``DFEDTAR_pre2008.csv`` also reads as DFEDTAR), ``T10Y2Y.csv``,
  ``BAMLH0A0HYM2.csv`` or ``BAA10Y.csv``, ``A191RL1Q225SBEA.csv`` - in FRED's graph format or the
  reference ``date,value,source`` layout (:mod:`planner.market.fred`);
- daily closes: ``IWM.csv``, ``SPY.csv`` (or ``MGC.csv`` ...) as Stooq or Yahoo CSVs, or one
  table of many symbols (``date,symbol,adj_close``) under any name (:mod:`planner.market.prices`);
- ``house-view.toml`` for what has no free feed.

The refresh cache is read the same way, with the house view from the user config folder
(``house-view.toml``) when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from planner.core.errors import InputError
from planner.core.regime import (
    BROAD_LARGE,
    SMALL,
    MarketSeries,
    Observation,
    Regime,
    RegimeSettings,
    assess,
    choose_large,
    observations,
    ratio_series,
)
from planner.core.regime.signals import NARROW_LARGE
from planner.market import feeds
from planner.market.fred import parse_fred, series_id_from_name
from planner.market.houseview import KEYS as HOUSE_KEYS
from planner.market.houseview import parse_house_view
from planner.market.prices import is_price_table, parse_price_table, parse_prices
from planner.market.snapshot import load_snapshot
from planner.storage import config_dir, write_text_atomic

FRED_IDS = ("DFEDTARU", "DFEDTAR", "T10Y2Y", "BAMLH0A0HYM2", "BAA10Y", "A191RL1Q225SBEA")
SYMBOLS = (SMALL, *BROAD_LARGE, *NARROW_LARGE)  # the closes the regime reads


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), None, "not UTF-8 text") from None
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from None


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as f:
            return f.readline(4096)
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from None


def _csv_files(folder: Path) -> list[Path]:
    found = []
    for where in (folder, folder / "fred", folder / "prices"):
        if where.is_dir():
            found += sorted(
                p for p in where.iterdir() if p.is_file() and p.suffix.lower() == ".csv"
            )
    return found


def read_market_folder(folder: Path, today: date | None = None) -> MarketSeries:
    """Every FRED series and every close of :data:`SYMBOLS` the folder holds (either layout);
    ``today`` refuses later dates. Two files for one series are an error."""
    fred: dict[str, pd.Series] = {}
    prices: dict[str, pd.Series] = {}
    notes: dict[str, str] = {}

    def keep(store: dict[str, pd.Series], key: str, s: pd.Series, path: Path) -> None:
        if key in store:
            raise InputError(str(path), None, f"{key} is also given by {notes[key]}; keep one")
        store[key], notes[key] = s, str(path)

    for path in _csv_files(folder):
        sid = series_id_from_name(path.stem)
        if sid in FRED_IDS:
            got, s = parse_fred(_read(path), str(path), expected=sid, today=today)
            keep(fred, got, s, path)
        elif path.stem.upper() in SYMBOLS and not is_price_table(_first_line(path)):
            keep(prices, path.stem.upper(), parse_prices(_read(path), str(path), today), path)
        elif is_price_table(_first_line(path)):
            table = parse_price_table(_read(path), str(path), today)
            for sym in SYMBOLS:
                if sym in table:
                    keep(prices, sym, table[sym], path)
    return MarketSeries(prices, fred, f"data folder {folder}", notes)


def observations_from_folder(
    folder: Path,
    small: str = SMALL,
    large: str = "SPY",
    house_view: Path | None = None,
    today: date | None = None,
) -> tuple[list[Observation], dict[str, pd.Series], list[str]]:
    """Every signal the folder's files allow, the series read (for charts) and warnings."""
    market = read_market_folder(folder, today)
    market = replace(market, origin=str(folder))
    chosen, why = choose_large(market.prices, large)
    warnings = [why] if why and small in market.prices else []
    out = observations(market, small, chosen)
    series: dict[str, pd.Series] = {**market.fred, **market.prices}
    ratio = ratio_series(market, small, chosen) if chosen else None
    if ratio is not None:
        series[f"{small}/{chosen}"] = ratio
    hv = folder / "house-view.toml" if (folder / "house-view.toml").exists() else house_view
    if hv is not None and hv.exists():
        from_hv = parse_house_view(_read(hv), str(hv), today)
        have = {o.id for o in out}
        out += [o for o in from_hv if o.id not in have]  # a feed beats the house view
    return out, series, warnings


def load_history(folder: Path, today: date | None = None) -> MarketSeries:
    """The series of a data folder for the walk-forward; it needs the small-cap closes."""
    if not folder.is_dir():
        raise InputError(str(folder), None, "not a folder")
    market = read_market_folder(folder, today)
    if SMALL not in market.prices:
        raise InputError(
            str(folder),
            None,
            f"no {SMALL} closes: give {SMALL}.csv or a price table (date,symbol,adj_close)",
        )
    return market


def load_regime(
    data_dir: Path | None = None,
    refresh: bool = False,
    today: date | None = None,
    settings: RegimeSettings | None = None,
    previous_label: str | None = None,
    progress: feeds.Progress | None = None,
    large: str = "SPY",
) -> Regime:
    """The regime from ``data_dir``; else from the refresh cache (refreshing first when
    asked); else the bundled snapshot. Problems with a refresh are in ``Regime.warnings``.

    ``previous_label`` is the label the caller last acted on (the household's last archived
    plan, or the last refresh): the new label keeps it unless the composite has moved past the
    hysteresis margin. ``large`` is the broad large-cap series small-caps are measured against
    (SPY; MGC as an option; another broad series, or QQQ as a last resort, when the data has
    neither - said in the warnings)."""
    today = today or date.today()
    warnings: list[str] = []
    if refresh:
        warnings += feeds.refresh(progress=progress)
    folder: Path | None = None
    source = ""
    if data_dir is not None:
        if not data_dir.is_dir():
            raise InputError(str(data_dir), None, "not a folder")
        folder, source = data_dir, f"data folder {data_dir}"
    elif feeds.market_cache().is_dir() and any(feeds.market_cache().glob("*.csv")):
        folder, source = feeds.market_cache(), "refreshed market data (cache)"
    if folder is not None:
        obs, series, found = observations_from_folder(
            folder, SMALL, large, house_view_path(), today
        )
        warnings += found
        if obs:
            return _with(assess(obs, today, settings, source, previous_label, series), warnings)
        warnings.append(f"{folder}: no usable market data; using the bundled snapshot")
    snap, snap_source, _ = load_snapshot()
    source = f"snapshot: {snap_source}"
    house = house_view_path()
    if house.exists():  # the advisor's house view replaces the snapshot's figures it covers
        mine = parse_house_view(_read(house), str(house), today)
        ids = {o.id for o in mine}
        snap = [o for o in snap if o.id not in ids] + mine
        source += f" + house view ({house.name})"
    return _with(assess(snap, today, settings, source, previous_label), warnings)


def house_view_path() -> Path:
    """The advisor's house view (``house-view.toml`` in the user config folder)."""
    return config_dir() / "house-view.toml"


def save_house_view(as_of: date, source: str, values: dict[str, float]) -> Path:
    """Write the house view (atomically) in the format :mod:`planner.market.houseview` reads."""
    unknown = set(values) - set(HOUSE_KEYS)
    if unknown:
        raise InputError(str(house_view_path()), None, f"unknown house-view values {unknown}")
    quoted = source.replace("\\", "\\\\").replace('"', '\\"')
    lines = [f"as_of = {as_of.isoformat()}", f'source = "{quoted}"', "", "[values]"]
    lines += [f"{k} = {float(v)!r}" for k, v in values.items()]
    path = house_view_path()
    write_text_atomic(path, "\n".join(lines) + "\n")
    return path


def _with(regime: Regime, warnings: Sequence[str]) -> Regime:
    return replace(regime, warnings=tuple(warnings) + regime.warnings)
