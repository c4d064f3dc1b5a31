"""The market regime: dated signals, each scored by a transparent rule, combined into a
composite, a label and a tilt from mega- to small-caps.

Every signal has a value in its own unit (percent, percentage points), the date it is as of,
its source, and a rule that turns the value into a score in [-1, 1] - positive favours
small-caps. The composite is the weighted mean of the scores that are available; nothing
missing is guessed. README "Market regime" gives the research behind each rule and its caveats.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from planner.core.plan import RegimeView

SMALL_LEADERSHIP = "small-cap leadership"
NEUTRAL = "neutral"
MEGA_LEADERSHIP = "mega-cap leadership"


def _clip(x: float) -> float:
    return max(-1.0, min(1.0, x))


@dataclass(frozen=True)
class Rule:
    """A signal's definition: its unit, how it is scored (``text`` says it in words)."""

    id: str
    name: str
    unit: str
    text: str
    score: Callable[[float, float | None], float]  # (value, change) -> [-1, 1]
    weight: float


def _curve(level: float, change: float | None) -> float:
    steepening = _clip(change / 0.5) if change is not None else 0.0
    return 0.5 * _clip(level / 1.0) + 0.5 * steepening


def _spread(level: float, change: float | None) -> float:
    widening = _clip(-change / 1.0) if change is not None else 0.0
    return 0.5 * _clip((4.5 - level) / 2.0) + 0.5 * widening


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("relative_strength", "Small vs large-cap return, 63 trading days", "pp",
             "value / 10, clipped: small-caps 10 points ahead over a quarter = +1",
             lambda v, c: _clip(v / 10.0), 1.5),
        Rule("relative_trend", "Small/large price ratio vs its 200-day average", "%",
             "value / 5, clipped: the ratio 5% above its 200-day average = +1",
             lambda v, c: _clip(v / 5.0), 1.0),
        Rule("small_cap_high", "Small-caps below their 52-week high", "%",
             "1 - value / 10, clipped: a record close = +1, 10% below = 0, 20% below = -1",
             lambda v, c: _clip(1.0 - v / 10.0), 1.0),
        Rule("breadth", "Small-cap stocks advancing", "%",
             "(value - 50) / 20, clipped: 70% advancing = +1, 30% = -1",
             lambda v, c: _clip((v - 50.0) / 20.0), 1.0),
        Rule("fed_policy", "Change of the Fed funds target (upper bound), 6 months", "pp",
             "-value / 0.75, clipped: three 25 bp cuts = +1, three hikes = -1",
             lambda v, c: _clip(-v / 0.75), 1.0),
        Rule("yield_curve", "10-year minus 2-year Treasury yield", "pp",
             "half level / 1 pp, half 3-month change / 0.5 pp, each clipped: a positive, "
             "steepening curve favours banks and small-caps",
             _curve, 0.75),
        Rule("credit_spread", "High-yield option-adjusted spread", "pp",
             "half (4.5 - level) / 2, half -(3-month change) / 1 pp, each clipped: tight and "
             "narrowing spreads = +1; widening = the refinancing wall biting",
             _spread, 1.0),
        Rule("valuation_gap", "Small-cap forward P/E discount to large-caps", "%",
             "(value - 10) / 20, clipped: a 30% discount = +1, 10% = 0",
             lambda v, c: _clip((v - 10.0) / 20.0), 1.0),
        Rule("earnings_gap", "Expected EPS growth, small minus large-caps", "pp",
             "value / 5, clipped: small-caps 5 points faster = +1",
             lambda v, c: _clip(v / 5.0), 1.0),
        Rule("growth", "Real GDP growth", "%",
             "(value - 1.5) / 1.5, clipped: 3% = +1, 1.5% = 0, 0% = -1",
             lambda v, c: _clip((v - 1.5) / 1.5), 0.75),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Observation:
    """A signal's raw input: its value (in the rule's unit), change, date and source."""

    id: str
    value: float | None
    as_of: date | None
    source: str
    change: float | None = None
    note: str = ""  # the sentence or file it came from


@dataclass(frozen=True)
class Signal:
    id: str
    name: str
    available: bool
    value: float | None
    unit: str
    change: float | None
    as_of: date | None
    source: str
    rule: str
    score: float | None
    weight: float
    contribution: float | None  # weight x score / sum of available weights
    note: str = ""


@dataclass(frozen=True)
class RegimeSettings:
    """Thresholds and weights (fractions; ``max_tilt`` of the household)."""

    small_threshold: float = 0.25
    mega_threshold: float = -0.25
    hysteresis: float = 0.05  # leaving the previous label needs this much beyond a threshold
    max_tilt: float = 0.05
    stale_days: int = 7
    weights: Mapping[str, float] = field(default_factory=dict)  # id -> weight override


@dataclass(frozen=True)
class Regime:
    label: str
    composite: float
    tilt: float  # fraction of the household moved from mega to small
    as_of: date | None
    age_days: int | None
    stale: bool
    signals: tuple[Signal, ...]
    source: str  # "snapshot 2026-01-08", "data folder ...", "refreshed ..."
    series: Mapping[str, pd.Series] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = ()

    def view(self) -> RegimeView:
        return RegimeView(self.label, self.composite, self.as_of, self.stale, self.age_days,
                          self.source)  # fmt: skip


def label_for(composite: float, settings: RegimeSettings, previous: str | None = None) -> str:
    """The label for ``composite``; with ``previous`` a label changes only once the composite is
    ``hysteresis`` beyond the threshold it crossed."""
    h = settings.hysteresis if previous is not None else 0.0
    small, mega = settings.small_threshold, settings.mega_threshold
    if previous == SMALL_LEADERSHIP and composite >= small - h:
        return SMALL_LEADERSHIP
    if previous == MEGA_LEADERSHIP and composite <= mega + h:
        return MEGA_LEADERSHIP
    if composite >= small + (h if previous is not None else 0.0):
        return SMALL_LEADERSHIP
    if composite <= mega - (h if previous is not None else 0.0):
        return MEGA_LEADERSHIP
    return NEUTRAL


def assess(
    observations: Sequence[Observation],
    today: date,
    settings: RegimeSettings | None = None,
    source: str = "",
    previous_label: str | None = None,
    series: Mapping[str, pd.Series] | None = None,
) -> Regime:
    """Score each observation, combine the available ones, date the result.

    ``as_of`` is the latest date all available inputs share - the oldest of their dates."""
    settings = settings or RegimeSettings()
    by_id = {o.id: o for o in observations}
    scored: list[tuple[Rule, Observation | None, float | None]] = []
    for rule in RULES.values():
        obs = by_id.get(rule.id)
        ok = obs is not None and obs.value is not None and math.isfinite(obs.value)
        score = rule.score(obs.value, obs.change) if ok and obs and obs.value is not None else None
        scored.append((rule, obs, score))
    weight_of = {r.id: float(settings.weights.get(r.id, r.weight)) for r in RULES.values()}
    total_w = sum(weight_of[r.id] for r, _, s in scored if s is not None)
    signals = []
    composite = 0.0
    for rule, obs, score in scored:
        w = weight_of[rule.id]
        contribution = w * score / total_w if score is not None and total_w > 0 else None
        composite += contribution or 0.0
        signals.append(
            Signal(
                rule.id, rule.name, score is not None,
                obs.value if obs and score is not None else None, rule.unit,
                obs.change if obs else None, obs.as_of if obs else None,
                obs.source if obs else "", rule.text,
                round(score, 6) if score is not None else None, w,
                round(contribution, 6) if contribution is not None else None,
                obs.note if obs else "",
            )
        )  # fmt: skip
    dates = [s.as_of for s in signals if s.available and s.as_of is not None]
    as_of = min(dates) if dates else None
    age = (today - as_of).days if as_of else None
    composite = round(composite, 6)
    return Regime(
        label=label_for(composite, settings, previous_label) if total_w > 0 else NEUTRAL,
        composite=composite,
        tilt=round(composite * settings.max_tilt, 6),
        as_of=as_of,
        age_days=age,
        stale=age is None or age > settings.stale_days,
        signals=tuple(signals),
        source=source,
        series=dict(series or {}),
    )


def with_today(regime: Regime, today: date, settings: RegimeSettings | None = None) -> Regime:
    settings = settings or RegimeSettings()
    age = (today - regime.as_of).days if regime.as_of else None
    return replace(regime, age_days=age, stale=age is None or age > settings.stale_days)


# --- signals from series (index: dates ascending; values: closes or levels) ----------------


def _last_date(s: pd.Series | pd.DataFrame) -> date:
    return pd.Timestamp(s.index[-1]).date()


def relative_strength(small: pd.Series, large: pd.Series, rows: int = 63) -> Observation | None:
    """Return of ``small`` over the last ``rows`` trading days minus that of ``large``, in
    percentage points: close on the last row / close ``rows`` rows earlier - 1."""
    both = pd.concat([small, large], axis=1, join="inner").dropna()
    if len(both) <= rows:
        return None
    last, first = both.iloc[-1], both.iloc[-1 - rows]
    value = 100 * ((last.iloc[0] / first.iloc[0] - 1) - (last.iloc[1] / first.iloc[1] - 1))
    return Observation("relative_strength", float(value), _last_date(both), "")


def relative_trend(small: pd.Series, large: pd.Series, window: int = 200) -> Observation | None:
    """The small/large price ratio against its ``window``-day average, in percent."""
    both = pd.concat([small, large], axis=1, join="inner").dropna()
    if len(both) < window:
        return None
    ratio = both.iloc[:, 0] / both.iloc[:, 1]
    value = 100 * (ratio.iloc[-1] / ratio.iloc[-window:].mean() - 1)
    return Observation("relative_trend", float(value), _last_date(both), "")


def distance_from_high(closes: pd.Series, window: int = 252) -> Observation | None:
    """How far the last close is below the highest close of the last ``window`` rows, in
    percent (a record close is 0)."""
    s = closes.dropna()
    if s.empty:
        return None
    high = s.iloc[-window:].max()
    return Observation("small_cap_high", float(100 * (1 - s.iloc[-1] / high)), _last_date(s), "")


def level_and_change(
    signal_id: str, levels: pd.Series, months: int, change_only: bool = False
) -> Observation | None:
    """The last level and its change over ``months`` calendar months (value at or before the
    date ``months`` earlier); ``change_only`` makes the change the value."""
    s = levels.dropna()
    if s.empty:
        return None
    end = pd.Timestamp(s.index[-1])
    earlier = s[s.index <= end - pd.DateOffset(months=months)]
    change = float(s.iloc[-1] - earlier.iloc[-1]) if not earlier.empty else None
    if change_only:
        if change is None:
            return None
        return Observation(signal_id, change, end.date(), "")
    return Observation(signal_id, float(s.iloc[-1]), end.date(), "", change=change)
