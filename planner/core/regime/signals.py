"""Signals from series: closes of a small-cap and a broad large-cap fund, and FRED levels.

The same functions serve the live regime (the last row of each series) and the walk-forward
(every series cut at a month-end first), so the history is the rules as they run today.
Series: a date index, ascending; values closes (dollars) or levels (percent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from planner.core.regime.composite import Observation

SMALL = "IWM"
#: Broad large-cap series, in order of preference; QQQ (the Nasdaq-100, a growth index) is a
#: last resort that is used only when nothing broader is supplied, and flagged.
BROAD_LARGE: tuple[str, ...] = ("SPY", "MGC", "IVV", "VOO", "IWB")
NARROW_LARGE: tuple[str, ...] = ("QQQ",)
#: The Fed funds target: the upper bound of the range since 2008-12-16, the single target before.
FED_TARGET, FED_TARGET_OLD = "DFEDTARU", "DFEDTAR"
SPREADS: tuple[str, ...] = ("BAMLH0A0HYM2", "BAA10Y")
CURVE, GDP = "T10Y2Y", "A191RL1Q225SBEA"


def _last_date(s: pd.Series | pd.DataFrame) -> pd.Timestamp:
    return pd.Timestamp(s.index[-1])


def relative_strength(small: pd.Series, large: pd.Series, rows: int = 63) -> Observation | None:
    """Return of ``small`` over the last ``rows`` trading days minus that of ``large``, in
    percentage points: close on the last row / close ``rows`` rows earlier - 1."""
    both = pd.concat([small, large], axis=1, join="inner").dropna()
    if len(both) <= rows:
        return None
    last, first = both.iloc[-1], both.iloc[-1 - rows]
    value = 100 * ((last.iloc[0] / first.iloc[0] - 1) - (last.iloc[1] / first.iloc[1] - 1))
    return Observation("relative_strength", float(value), _last_date(both).date(), "")


def relative_trend(small: pd.Series, large: pd.Series, window: int = 200) -> Observation | None:
    """The small/large price ratio against its ``window``-day average, in percent."""
    both = pd.concat([small, large], axis=1, join="inner").dropna()
    if len(both) < window:
        return None
    ratio = both.iloc[:, 0] / both.iloc[:, 1]
    value = 100 * (ratio.iloc[-1] / ratio.iloc[-window:].mean() - 1)
    return Observation("relative_trend", float(value), _last_date(both).date(), "")


def distance_from_high(closes: pd.Series, window: int = 252) -> Observation | None:
    """How far the last close is below the highest close of the last ``window`` rows, in
    percent (a record close is 0)."""
    s = closes.dropna()
    if s.empty:
        return None
    high = s.iloc[-window:].max()
    value = float(100 * (1 - s.iloc[-1] / high))
    return Observation("small_cap_high", value, _last_date(s).date(), "")


def level_and_change(
    signal_id: str, levels: pd.Series, months: int, change_only: bool = False
) -> Observation | None:
    """The last level and its change over ``months`` calendar months (value at or before the
    date ``months`` earlier); ``change_only`` makes the change the value."""
    s = levels.dropna()
    if s.empty:
        return None
    end = _last_date(s)
    earlier = s.loc[: end - pd.DateOffset(months=months)]
    change = float(s.iloc[-1] - earlier.iloc[-1]) if not earlier.empty else None
    if change_only:
        if change is None:
            return None
        return Observation(signal_id, change, end.date(), "")
    return Observation(signal_id, float(s.iloc[-1]), end.date(), "", change=change)


def fed_target(fred: Mapping[str, pd.Series]) -> pd.Series | None:
    """The Fed funds target: ``DFEDTARU`` (upper bound of the range, from 2008-12-16), with the
    single target ``DFEDTAR`` before its first date when both are given."""
    upper, old = fred.get(FED_TARGET), fred.get(FED_TARGET_OLD)
    if upper is None or upper.empty:
        return old if old is not None and not old.empty else None
    if old is None or old.empty:
        return upper
    spliced: pd.Series = pd.concat([old[old.index < upper.index[0]], upper])
    return spliced


def choose_large(symbols: Mapping[str, object], preferred: str = "SPY") -> tuple[str | None, str]:
    """The large-cap series to measure small-caps against: ``preferred`` when supplied, else the
    first broad one supplied, else QQQ; and a warning when it is not the preferred one."""
    if preferred in symbols:
        return preferred, ""
    for sym in (*BROAD_LARGE, *NARROW_LARGE):
        if sym in symbols:
            why = f"no {preferred} series supplied: small-caps are measured against {sym}" + (
                " - the Nasdaq-100, a tech/growth index, not a broad large-cap series"
                if sym in NARROW_LARGE
                else ""
            )
            return sym, why
    return None, ""


@dataclass(frozen=True)
class MarketSeries:
    """The daily series a regime is read from: closes by symbol (dollars, dividend-adjusted
    where the source adjusts) and FRED levels by series id (percent). ``origin`` says where
    they came from ("data folder X"); ``notes`` name the file each series came from."""

    prices: Mapping[str, pd.Series]
    fred: Mapping[str, pd.Series]
    origin: str = ""
    notes: Mapping[str, str] = field(default_factory=dict)

    def cut(
        self, cutoffs: Mapping[str, pd.Timestamp], start: pd.Timestamp | None = None
    ) -> MarketSeries:
        """Every series up to its cutoff (inclusive; ``cutoffs`` by series id or symbol, a
        missing one drops the series) and from ``start`` - what was known then. A series with
        nothing left is dropped."""

        def win(store: Mapping[str, pd.Series]) -> dict[str, pd.Series]:
            out = {}
            for k, s in store.items():
                if k in cutoffs:  # positions by binary search: the index is sorted
                    hi = int(s.index.searchsorted(cutoffs[k], side="right"))
                    lo = int(s.index.searchsorted(start, side="left")) if start is not None else 0
                    if hi > lo:
                        out[k] = s.iloc[lo:hi]
            return out

        return MarketSeries(win(self.prices), win(self.fred), self.origin, self.notes)


def _sourced(obs: Observation | None, source: str) -> list[Observation]:
    if obs is None:
        return []
    return [Observation(obs.id, obs.value, obs.as_of, source, obs.change, obs.note)]


def observations(
    market: MarketSeries, small: str = SMALL, large: str | None = "SPY"
) -> list[Observation]:
    """Every signal the series allow (nothing is estimated for the ones they do not).
    ``large`` is the series small-caps are measured against (:func:`choose_large`)."""
    out: list[Observation] = []
    p, f, where = market.prices, market.fred, f" ({market.origin})" if market.origin else ""
    if small in p and large is not None and large in p:
        src = f"{small} vs {large} daily closes{where}"
        out += _sourced(relative_strength(p[small], p[large]), src)
        out += _sourced(relative_trend(p[small], p[large]), src)
    if small in p:
        out += _sourced(distance_from_high(p[small]), f"{small} daily closes{where}")
    target = fed_target(f)
    if target is not None:
        name = "FRED DFEDTARU" if FED_TARGET in f else "FRED DFEDTAR"
        if FED_TARGET in f and FED_TARGET_OLD in f:
            name += f" (DFEDTAR before {f[FED_TARGET].index[0]:%Y-%m-%d})"
        out += _sourced(level_and_change("fed_policy", target, 6, change_only=True), name)
    if CURVE in f:
        out += _sourced(level_and_change("yield_curve", f[CURVE], 3), f"FRED {CURVE}")
    spread = next((sid for sid in SPREADS if sid in f), None)
    if spread is not None:
        out += _sourced(level_and_change("credit_spread", f[spread], 3), f"FRED {spread}")
    if GDP in f:
        out += _sourced(level_and_change("growth", f[GDP], 3), f"FRED {GDP}")
    return out


def ratio_series(market: MarketSeries, small: str, large: str) -> pd.Series | None:
    """The small/large price ratio on the days both trade (for charts)."""
    if small not in market.prices or large not in market.prices:
        return None
    both = pd.concat([market.prices[small], market.prices[large]], axis=1, join="inner").dropna()
    return both.iloc[:, 0] / both.iloc[:, 1]
