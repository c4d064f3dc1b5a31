"""The walk-forward evidence in one object: the regime at every month-end from what was public
then, how well it ranked and called the next 3, 6 and 12 months of small- minus large-cap
return, each signal on its own, and a 60/40-style policy with and without the tilt."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from planner.core.regime import (
    RULES,
    MarketSeries,
    RegimeSettings,
    choose_large,
    fed_target,
    label_for,
)
from planner.core.walkforward.backtest import PolicyResult, base_policy, run_policy, tracking
from planner.core.walkforward.history import (
    NEEDS,
    PRICE_LAG,
    Lag,
    MonthRow,
    availability,
    joined_closes,
    lag_for,
    month_ends,
    month_rows,
)
from planner.core.walkforward.stats import (
    RESAMPLES,
    SEED,
    HorizonStats,
    episodes,
    horizon_stats,
    spearman,
)

Progress = Callable[[float, str], None]
MOMENTUM = ("relative_strength", "relative_trend", "small_cap_high")


class NoHistory(ValueError):
    """The series do not reach one month-end with every price rule's full window."""


@dataclass(frozen=True)
class Evidence:
    small: str
    large: str
    rows: tuple[MonthRow, ...]
    horizons: tuple[HorizonStats, ...]
    available: Mapping[str, int]  # signal id -> month-ends available
    left_out: Mapping[str, str]  # signal id -> why it has no history here
    #: signal id, "family:momentum" or "composite:momentum-weighted-3.5" (the composite with
    #: momentum weighted as before the merge) -> horizon -> rank IC
    signal_ic: Mapping[str, Mapping[int, float | None]]
    momentum_correlation: Mapping[str, float | None]  # "a~b" -> rank correlation of scores
    episodes: Mapping[str, int]
    lags: Mapping[str, Lag]
    series_span: Mapping[str, tuple[date, date]]  # every series read: first and last date
    without_tilt: PolicyResult
    with_tilt: PolicyResult
    tilt_vs_none: Mapping[str, float]
    cash: str  # what the "40" earned
    #: The method before this one, for comparison: the mean of the available scores (no
    #: coverage scaling, no minimum), tilting composite x max at every label.
    previous_method: tuple[HorizonStats, ...] = ()
    with_previous_method: PolicyResult | None = None
    warnings: tuple[str, ...] = ()
    resamples: int = RESAMPLES
    seed: int = SEED
    settings: RegimeSettings = field(default_factory=RegimeSettings)


#: The momentum weights before the family was merged (3.5 of the 10 weights).
OLD_MOMENTUM = {"relative_strength": 1.5, "relative_trend": 1.0, "small_cap_high": 1.0}


def _recomposed(r: MonthRow, weights: Mapping[str, float]) -> float:
    """The month's composite with other weights (coverage-scaled, as :func:`assess`)."""
    total = sum(weights.values())
    return sum(w * (r.scores.get(i) or 0.0) for i, w in weights.items()) / total


def _family_score(r: MonthRow) -> float | None:
    have = [(RULES[i].weight, r.scores[i]) for i in MOMENTUM if r.scores.get(i) is not None]
    w = sum(x for x, _ in have)
    return sum(x * (s or 0.0) for x, s in have) / w if w else None


def _ic_by_horizon(
    xs: Sequence[float | None], rows: Sequence[MonthRow], horizons: Sequence[int]
) -> dict[int, float | None]:
    out: dict[int, float | None] = {}
    for h in horizons:
        pairs = [
            (x, r.forward[h])
            for x, r in zip(xs, rows, strict=True)
            if x is not None and r.forward.get(h) is not None
        ]
        out[h] = spearman([p[0] for p in pairs], [float(p[1] or 0.0) for p in pairs])
    return out


def walk_forward(
    market: MarketSeries,
    settings: RegimeSettings | None = None,
    small: str = "IWM",
    large: str = "SPY",
    start: date | None = None,
    end: date | None = None,
    horizons: Sequence[int] = (3, 6, 12),
    resamples: int = RESAMPLES,
    seed: int = SEED,
    progress: Progress | None = None,
) -> Evidence:
    """The evidence from ``market`` between ``start`` and ``end`` (month-ends; outcomes may
    reach past ``end``). Raises :class:`NoHistory` when there is nothing to evaluate."""
    settings = settings or RegimeSettings()
    warnings: list[str] = []
    if small not in market.prices:
        raise NoHistory(f"no {small} closes")
    chosen, why = choose_large({k: v for k, v in market.prices.items() if k != small}, large)
    if chosen is None:
        raise NoHistory(f"no large-cap closes to measure {small} against ({large} or another)")
    if why:
        warnings.append(why)

    def step(lo: float, hi: float) -> Progress | None:
        if progress is None:
            return None
        return lambda f, m: progress(lo + (hi - lo) * f, m)

    rows = month_rows(market, small, chosen, settings, start, end, horizons, step(0.0, 0.8))
    if not rows:
        raise NoHistory("no month-end in the window has a full year of closes before it")
    comp = [r.composite for r in rows]
    tilts = [r.tilt for r in rows]
    labels = [r.label for r in rows]
    stats = tuple(
        horizon_stats(h, comp, tilts, labels, [r.forward[h] for r in rows], resamples, seed)
        for h in horizons
    )
    avail = availability(rows)
    left_out = {rid: NEEDS[rid] for rid, n in avail.items() if n == 0}
    signal_ic: dict[str, Mapping[int, float | None]] = {
        rid: _ic_by_horizon([r.scores.get(rid) for r in rows], rows, horizons)
        for rid, n in avail.items()
        if n > 0
    }
    signal_ic["family:momentum"] = _ic_by_horizon([_family_score(r) for r in rows], rows, horizons)
    before = {**{rid: RULES[rid].weight for rid in RULES}, **OLD_MOMENTUM}
    signal_ic["composite:momentum-weighted-3.5"] = _ic_by_horizon(
        [_recomposed(r, before) for r in rows], rows, horizons
    )
    corr: dict[str, float | None] = {}
    for i, a in enumerate(MOMENTUM):
        for b in MOMENTUM[i + 1 :]:
            pairs = [
                (r.scores[a], r.scores[b])
                for r in rows
                if r.scores.get(a) is not None and r.scores.get(b) is not None
            ]
            corr[f"{a}~{b}"] = spearman(
                [float(p[0] or 0) for p in pairs], [float(p[1] or 0) for p in pairs]
            )
    if progress is not None:
        progress(0.85, "the 60/40-style policy")
    closes = joined_closes(market, small, chosen)
    days = [pd.Timestamp(r.date) for r in rows]
    cash_rate = fed_target(market.fred)
    cash = (
        "the Fed funds target (FRED DFEDTARU, DFEDTAR before it), actual/360"
        if cash_rate is not None
        else "nothing: no Fed funds series in the data"
    )
    policy = base_policy(settings.max_tilt)
    window = closes.loc[days[0] : days[-1]]
    plain = run_policy("without the tilt", window, cash_rate, days, [0.0] * len(days), policy)
    tilted = run_policy("with the tilt", window, cash_rate, days, tilts, policy)
    old_comp = [r.mean_available for r in rows]
    old_tilts = [round(c * settings.max_tilt, 6) for c in old_comp]
    old_labels = [label_for(c, settings) for c in old_comp]
    previous = tuple(
        horizon_stats(
            h, old_comp, old_tilts, old_labels, [r.forward[h] for r in rows], resamples, seed
        )
        for h in horizons
    )
    old_path = run_policy(
        "with the previous method's tilt", window, cash_rate, days, old_tilts, policy
    )
    lags = {sid: lag_for(sid) for sid in market.fred} | {sym: PRICE_LAG for sym in (small, chosen)}
    span = {
        k: (s.index[0].date(), s.index[-1].date())
        for k, s in (*market.prices.items(), *market.fred.items())
        if k in lags and not s.empty
    }
    if progress is not None:
        progress(1.0, "done")
    return Evidence(
        small=small,
        large=chosen,
        rows=tuple(rows),
        horizons=stats,
        available=avail,
        left_out=left_out,
        signal_ic=signal_ic,
        momentum_correlation=corr,
        episodes=episodes(labels),
        lags=lags,
        series_span=span,
        without_tilt=plain,
        with_tilt=tilted,
        tilt_vs_none=tracking(tilted, plain),
        cash=cash,
        warnings=tuple(warnings),
        resamples=resamples,
        seed=seed,
        settings=settings,
        previous_method=previous,
        with_previous_method=old_path,
    )


__all__ = ["Evidence", "NoHistory", "month_ends", "walk_forward"]
