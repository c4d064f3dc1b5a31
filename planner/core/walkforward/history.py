"""The regime at every month-end, from what was public at that month-end's close.

Each series is cut at the last observation that was public on the day (its publication lag,
:data:`PUBLICATION_LAGS`), then the live rules run unchanged (:func:`planner.core.regime.
observations` and :func:`~planner.core.regime.assess`), the label fed from the previous
month's. The outcome is the next 3, 6 and 12 months' return of the small-cap series minus the
large-cap one, from month-end close to month-end close (total returns: the closes are
dividend-adjusted).

Why adjusted closes do not look ahead: a later dividend multiplies every earlier close by one
factor, which cancels in every ratio a signal takes inside its window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from planner.core.regime import (
    RULES,
    MarketSeries,
    RegimeSettings,
    assess,
    observations,
)

Progress = Callable[[float, str], None]

#: Calendar days of history handed to the rules at each month-end; they need at most 252
#: trading days (the 52-week high) and six months (the Fed's change) - this is ample.
LOOKBACK_DAYS = 800
#: Rows of joined small/large closes every price rule needs in full (the 52-week high, 252).
FULL_WINDOW_ROWS = 253


@dataclass(frozen=True)
class Lag:
    """How long after its date an observation is public: ``business_days`` after it, or
    ``months`` calendar months after it (then ``business_days`` more)."""

    business_days: int = 0
    months: int = 0
    why: str = ""

    def cutoff(self, day: pd.Timestamp) -> pd.Timestamp:
        """The latest observation date that was public at ``day``'s close."""
        t = day - pd.DateOffset(months=self.months) if self.months else day
        return t - pd.offsets.BDay(self.business_days) if self.business_days else t

    def text(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months} months")
        if self.business_days:
            parts.append(f"{self.business_days} business day" + "s" * (self.business_days > 1))
        return " + ".join(parts) or "none"


#: The lag assumed for each series (README "Walk-forward evidence").
PUBLICATION_LAGS: dict[str, Lag] = {
    "T10Y2Y": Lag(1, why="the Treasury's yields for a day reach FRED the next business day"),
    "BAMLH0A0HYM2": Lag(
        1, why="ICE computes the spread after the close; FRED posts it the next business day"
    ),
    "BAA10Y": Lag(1, why="Moody's yield for a day reaches FRED the next business day"),
    "DFEDTARU": Lag(
        0,
        why="the FOMC announces a change at 2 pm on or before the date FRED gives "
        "it (its effective date)",
    ),
    "DFEDTAR": Lag(0, why="as DFEDTARU: announced on or before the date it carries"),
    "A191RL1Q225SBEA": Lag(
        1,
        4,
        why="dated at its quarter's first day; the advance estimate "
        "comes about a month after the quarter ends (the figures "
        "are today's revised ones, not those first published)",
    ),
}
DEFAULT_FRED_LAG = Lag(1, why="not a known series: assumed public the next business day")
PRICE_LAG = Lag(0, why="a close is public at the close; the tilt is assumed traded at it")


def lag_for(series_id: str) -> Lag:
    return PUBLICATION_LAGS.get(series_id, DEFAULT_FRED_LAG)


@dataclass(frozen=True)
class MonthRow:
    """The regime at one month-end and what followed it. Returns are fractions."""

    date: date
    composite: float
    coverage: float
    label: str
    tilt: float  # fraction of the household moved from mega to small at full strength
    scores: Mapping[str, float | None]
    values: Mapping[str, float | None]
    ratio: float  # small / large close at the month-end
    forward: Mapping[int, float | None]  # months -> small minus large return, None if unknown
    mean_available: float = 0.0  # the previous method's composite: mean of the available scores


def joined_closes(market: MarketSeries, small: str, large: str) -> pd.DataFrame:
    """The two close series on the days both trade (columns ``small``, ``large``)."""
    both = pd.concat([market.prices[small], market.prices[large]], axis=1, join="inner").dropna()
    both.columns = pd.Index(["small", "large"])
    return both


def month_ends(closes: pd.DataFrame) -> pd.DatetimeIndex:
    """The last trading day of every complete month in ``closes`` (a month the data stops in
    before its last business day is left out)."""
    idx = pd.DatetimeIndex(closes.index)
    if idx.empty:
        return idx
    last = pd.Series(idx, index=idx).groupby(idx.to_period("M")).max()
    ends = pd.DatetimeIndex(last.to_numpy())
    if pd.offsets.BMonthEnd().rollforward(idx[-1]) > idx[-1]:
        ends = ends[:-1]
    return ends


def month_rows(
    market: MarketSeries,
    small: str,
    large: str,
    settings: RegimeSettings,
    start: date | None = None,
    end: date | None = None,
    horizons: Sequence[int] = (3, 6, 12),
    progress: Progress | None = None,
) -> list[MonthRow]:
    """The regime at each month-end from ``start`` to ``end`` (both optional) at which every
    price rule has its full window, with the forward returns over ``horizons`` months."""
    closes = joined_closes(market, small, large)
    ends = month_ends(closes)
    if len(closes) < FULL_WINDOW_ROWS:
        return []
    first = closes.index[FULL_WINDOW_ROWS - 1]
    chosen = [
        i
        for i, t in enumerate(ends)
        if t >= first and (start is None or t.date() >= start) and (end is None or t.date() <= end)
    ]
    at_ends = closes.loc[ends]
    rows: list[MonthRow] = []
    previous: str | None = None
    for k, i in enumerate(chosen):
        t = ends[i]
        if progress is not None:
            progress(k / max(1, len(chosen)), f"month-end {t:%Y-%m}")
        cutoffs = {sym: PRICE_LAG.cutoff(t) for sym in market.prices}
        cutoffs |= {sid: lag_for(sid).cutoff(t) for sid in market.fred}
        known = market.cut(cutoffs, start=t - pd.Timedelta(days=LOOKBACK_DAYS))
        regime = assess(
            observations(known, small, large), t.date(), settings, previous_label=previous
        )
        previous = regime.label
        forward: dict[int, float | None] = {}
        for h in horizons:
            if i + h < len(ends):
                a, b = at_ends.iloc[i], at_ends.iloc[i + h]
                forward[h] = float((b["small"] / a["small"]) - (b["large"] / a["large"]))
            else:
                forward[h] = None
        rows.append(
            MonthRow(
                t.date(),
                regime.composite,
                regime.coverage,
                regime.label,
                regime.tilt,
                {s.id: s.score for s in regime.signals},
                {s.id: s.value for s in regime.signals},
                float(at_ends.iloc[i]["small"] / at_ends.iloc[i]["large"]),
                forward,
                regime.composite / regime.coverage if regime.coverage > 0 else 0.0,
            )
        )
    return rows


#: What each signal needs from the data, for the "left out" sentence.
NEEDS: dict[str, str] = {
    "relative_strength": "closes of both series",
    "relative_trend": "closes of both series",
    "small_cap_high": "small-cap closes",
    "breadth": "a house-view figure: no history exists in the data",
    "fed_policy": "FRED DFEDTARU (or DFEDTAR)",
    "yield_curve": "FRED T10Y2Y",
    "credit_spread": "FRED BAMLH0A0HYM2 or BAA10Y",
    "valuation_gap": "a house-view figure: no history exists in the data",
    "earnings_gap": "a house-view figure: no history exists in the data",
    "growth": "FRED A191RL1Q225SBEA (the report's GDP figure is a projection, with no history)",
}


def availability(rows: Sequence[MonthRow]) -> dict[str, int]:
    """Signal id -> the number of month-ends it was available at."""
    return {rid: sum(1 for r in rows if r.scores.get(rid) is not None) for rid in RULES}
