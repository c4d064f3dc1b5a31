"""Where the regime comes from: a data folder (``--data DIR``), the cache of the last refresh,
or the bundled 2026-01-08 snapshot - in that order.

A data folder holds any of ``<FRED_ID>.csv`` (DFEDTARU, T10Y2Y, BAMLH0A0HYM2 or BAA10Y,
A191RL1Q225SBEA), ``<SYMBOL>.csv`` daily prices (Stooq or Yahoo; IWM and QQQ by default) and
``house-view.toml``. The refresh cache is read the same way, with the house view from the user
config folder (``house-view.toml``) when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from planner.core.errors import InputError
from planner.core.regime import (
    Observation,
    Regime,
    RegimeSettings,
    assess,
    distance_from_high,
    level_and_change,
    relative_strength,
    relative_trend,
)
from planner.market import feeds
from planner.market.fred import parse_fred
from planner.market.houseview import KEYS as HOUSE_KEYS
from planner.market.houseview import parse_house_view
from planner.market.prices import parse_prices
from planner.market.snapshot import load_snapshot
from planner.storage import config_dir, write_text_atomic

SMALL, LARGE = "IWM", "QQQ"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), None, "not UTF-8 text") from None
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from None


def _find(folder: Path, name: str) -> Path | None:
    for p in folder.iterdir():
        if p.is_file() and p.stem.upper() == name.upper() and p.suffix.lower() == ".csv":
            return p
    return None


def _dated(obs: Observation | None, source: str, note: str) -> list[Observation]:
    if obs is None:
        return []
    return [Observation(obs.id, obs.value, obs.as_of, source, obs.change, note)]


def observations_from_folder(
    folder: Path, small: str = SMALL, large: str = LARGE, house_view: Path | None = None
) -> tuple[list[Observation], dict[str, pd.Series]]:
    """Every signal the folder's files allow, and the series read (for charts)."""
    out: list[Observation] = []
    series: dict[str, pd.Series] = {}
    fred: dict[str, pd.Series] = {}
    for sid in feeds.FRED_SERIES:
        path = _find(folder, sid)
        if path is not None:
            got, s = parse_fred(_read(path), str(path))
            fred[got.upper()] = s
            series[got.upper()] = s
    prices: dict[str, pd.Series] = {}
    for sym in (small, large):
        path = _find(folder, sym)
        if path is not None:
            prices[sym] = parse_prices(_read(path), str(path))
            series[sym] = prices[sym]
    src_prices = f"{small} vs {large} daily closes ({folder})"
    if small in prices and large in prices:
        out += _dated(relative_strength(prices[small], prices[large]), src_prices, "")
        out += _dated(relative_trend(prices[small], prices[large]), src_prices, "")
        both = pd.concat([prices[small], prices[large]], axis=1, join="inner").dropna()
        series[f"{small}/{large}"] = both.iloc[:, 0] / both.iloc[:, 1]
    if small in prices:
        out += _dated(distance_from_high(prices[small]), f"{small} daily closes ({folder})", "")
    if "DFEDTARU" in fred:
        out += _dated(level_and_change("fed_policy", fred["DFEDTARU"], 6, change_only=True),
                      "FRED DFEDTARU", "")  # fmt: skip
    if "T10Y2Y" in fred:
        out += _dated(level_and_change("yield_curve", fred["T10Y2Y"], 3), "FRED T10Y2Y", "")
    spread_id = "BAMLH0A0HYM2" if "BAMLH0A0HYM2" in fred else "BAA10Y"
    if spread_id in fred:
        out += _dated(level_and_change("credit_spread", fred[spread_id], 3), f"FRED {spread_id}",
                      "")  # fmt: skip
    if "A191RL1Q225SBEA" in fred:
        out += _dated(level_and_change("growth", fred["A191RL1Q225SBEA"], 3),
                      "FRED A191RL1Q225SBEA", "")  # fmt: skip
    hv = folder / "house-view.toml" if (folder / "house-view.toml").exists() else house_view
    if hv is not None and hv.exists():
        from_hv = parse_house_view(_read(hv), str(hv))
        have = {o.id for o in out}
        out += [o for o in from_hv if o.id not in have]  # a feed beats the house view
    return out, series


def load_regime(
    data_dir: Path | None = None,
    refresh: bool = False,
    today: date | None = None,
    settings: RegimeSettings | None = None,
    previous_label: str | None = None,
    progress: feeds.Progress | None = None,
) -> Regime:
    """The regime from ``data_dir``; else from the refresh cache (refreshing first when
    asked); else the bundled snapshot. Problems with a refresh are in ``Regime.warnings``."""
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
        obs, series = observations_from_folder(folder, house_view=house_view_path())
        if obs:
            return _with(assess(obs, today, settings, source, previous_label, series), warnings)
        warnings.append(f"{folder}: no usable market data; using the bundled snapshot")
    snap, snap_source, _ = load_snapshot()
    source = f"snapshot: {snap_source}"
    house = house_view_path()
    if house.exists():  # the advisor's house view replaces the snapshot's figures it covers
        mine = parse_house_view(_read(house), str(house))
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
