"""The walk-forward: no look-ahead (data after a month-end changes nothing at or before it; the
publication lags hold), the same answer as the live rules on data cut by hand, outcomes and
statistics checked against independent computations, and the 60/40-style policy on series
whose answer is known."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from planner.core.regime import MarketSeries, RegimeSettings, assess, observations
from planner.core.walkforward import month_ends, walk_forward
from planner.core.walkforward.backtest import base_policy, run_policy
from planner.core.walkforward.stats import (
    bootstrap_ci,
    episodes,
    fisher_ci,
    horizon_stats,
    spearman,
)

DAYS = pd.bdate_range("2009-01-02", "2014-12-31")
CAL = pd.date_range("2008-06-01", "2014-12-31", freq="D")


def _market(seed: int = 1) -> MarketSeries:
    rng = np.random.default_rng(seed)
    small = pd.Series(60 * np.exp(np.cumsum(rng.normal(2e-4, 0.013, len(DAYS)))), index=DAYS)
    large = pd.Series(90 * np.exp(np.cumsum(rng.normal(3e-4, 0.010, len(DAYS)))), index=DAYS)
    curve = pd.Series(1.0 + np.cumsum(rng.normal(0, 0.03, len(DAYS))), index=DAYS)
    spread = pd.Series(np.clip(6 + np.cumsum(rng.normal(0, 0.08, len(DAYS))), 2, 20), index=DAYS)
    fed = pd.Series(0.25, index=CAL)
    fed[CAL >= "2013-06-01"] = 0.5
    fed[CAL >= "2014-03-01"] = 0.75
    return MarketSeries(
        {"IWM": small, "SPY": large}, {"T10Y2Y": curve, "BAMLH0A0HYM2": spread, "DFEDTARU": fed}
    )


@pytest.fixture(scope="module")
def evidence():  # type: ignore[no-untyped-def]
    return walk_forward(_market(), resamples=200)


def _same_regimes(a, b, until: date) -> None:  # type: ignore[no-untyped-def]
    ra = [r for r in a.rows if r.date <= until]
    rb = [r for r in b.rows if r.date <= until]
    assert ra and [r.date for r in ra] == [r.date for r in rb]
    for x, y in zip(ra, rb, strict=True):
        assert (x.composite, x.label, x.tilt, x.coverage) == (
            y.composite,
            y.label,
            y.tilt,
            y.coverage,
        ), x.date
        assert x.scores == y.scores and x.values == y.values and x.ratio == y.ratio


def _perturb_after(m: MarketSeries, day: pd.Timestamp, seed: int) -> MarketSeries:
    rng = np.random.default_rng(seed)

    def shake(s: pd.Series) -> pd.Series:
        s = s.copy()
        later = s.index > day
        s[later] = s[later] * rng.uniform(0.5, 1.5, int(later.sum()))
        return s

    return MarketSeries(
        {k: shake(v) for k, v in m.prices.items()}, {k: shake(v) for k, v in m.fred.items()}
    )


def test_data_after_a_month_end_changes_nothing_at_or_before_it(evidence) -> None:  # type: ignore[no-untyped-def]
    m = _market()
    cut = pd.Timestamp("2012-06-29")  # a month-end (the last business day of June 2012)
    assert cut in month_ends(pd.DataFrame({"small": m.prices["IWM"], "large": m.prices["SPY"]}))
    shaken = walk_forward(_perturb_after(m, cut, 5), resamples=50)
    _same_regimes(evidence, shaken, cut.date())
    later = [r for r in evidence.rows if r.date > cut.date()]
    assert any(
        a.composite != b.composite
        for a, b in zip(later, [r for r in shaken.rows if r.date > cut.date()], strict=True)
    )
    # and with the future cut off altogether
    truncated = MarketSeries(
        {k: v.loc[:cut] for k, v in m.prices.items()}, {k: v.loc[:cut] for k, v in m.fred.items()}
    )
    _same_regimes(evidence, walk_forward(truncated, resamples=50), cut.date())


def test_the_publication_lag_holds_at_the_month_end_itself() -> None:
    m = _market()
    t = pd.Timestamp("2012-06-29")
    base = walk_forward(m, start=t.date(), end=t.date(), resamples=50).rows[0]
    curve = m.fred["T10Y2Y"].copy()
    curve[t] = curve[t] + 5.0  # published the next business day: unknown at t's close
    spread = m.fred["BAMLH0A0HYM2"].copy()
    spread[t] = spread[t] + 9.0
    lagged = MarketSeries(m.prices, {**m.fred, "T10Y2Y": curve, "BAMLH0A0HYM2": spread})
    assert walk_forward(lagged, start=t.date(), end=t.date(), resamples=50).rows[0].scores == (
        base.scores
    )
    curve[t - pd.offsets.BDay(1)] += 5.0  # the day before was public: it counts
    known = MarketSeries(m.prices, {**m.fred, "T10Y2Y": curve})
    moved = walk_forward(known, start=t.date(), end=t.date(), resamples=50).rows[0]
    assert moved.values["yield_curve"] != base.values["yield_curve"]
    closes = m.prices["IWM"].copy()
    closes[t] *= 1.2  # a close is public at the close: it counts the same day
    priced = MarketSeries({**m.prices, "IWM": closes}, m.fred)
    assert walk_forward(priced, start=t.date(), end=t.date(), resamples=50).rows[0].values[
        "relative_strength"
    ] == pytest.approx(
        base.values["relative_strength"]
        + 100 * closes[t] / 1.2 * 0.2 / closes[closes.index[closes.index.get_loc(t) - 63]]
    )


def test_each_month_is_the_live_rules_on_data_cut_by_hand(evidence) -> None:  # type: ignore[no-untyped-def]
    m = _market()
    previous = None
    for row in evidence.rows:
        t = pd.Timestamp(row.date)
        public = t - pd.offsets.BDay(1)  # FRED's next-day publication; the Fed target: same day
        cut = MarketSeries(
            {k: v[v.index <= t] for k, v in m.prices.items()},
            {
                "T10Y2Y": m.fred["T10Y2Y"][m.fred["T10Y2Y"].index <= public],
                "BAMLH0A0HYM2": m.fred["BAMLH0A0HYM2"][m.fred["BAMLH0A0HYM2"].index <= public],
                "DFEDTARU": m.fred["DFEDTARU"][m.fred["DFEDTARU"].index <= t],
            },
        )
        live = assess(observations(cut), row.date, RegimeSettings(), previous_label=previous)
        previous = live.label
        assert (row.composite, row.label, row.tilt) == (live.composite, live.label, live.tilt)


def test_outcomes_are_the_next_months_returns(evidence) -> None:  # type: ignore[no-untyped-def]
    m = _market()
    small, large = m.prices["IWM"], m.prices["SPY"]
    ends = [d for d in DAYS if d == DAYS[DAYS.to_period("M") == d.to_period("M")].max()]
    for row in evidence.rows:
        i = ends.index(pd.Timestamp(row.date))
        for h, value in row.forward.items():
            if i + h >= len(ends):
                assert value is None
                continue
            a, b = ends[i], ends[i + h]
            expected = (small[b] / small[a] - 1) - (large[b] / large[a] - 1)
            assert value == pytest.approx(expected), (row.date, h)
    assert evidence.rows[0].date >= DAYS[252].date()  # every price rule has a full year
    assert {"breadth", "valuation_gap", "earnings_gap", "growth"} == set(evidence.left_out)
    assert "house-view" in evidence.left_out["breadth"]


def test_month_ends_leave_out_an_unfinished_month() -> None:
    days = pd.bdate_range("2026-05-01", "2026-07-13")
    ends = month_ends(pd.DataFrame({"x": 1.0}, index=days))
    assert list(ends) == [pd.Timestamp("2026-05-29"), pd.Timestamp("2026-06-30")]


def test_rank_correlation_and_its_intervals() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=120)
    y = 0.3 * x + rng.normal(size=120)
    assert spearman(list(x), list(y)) == pytest.approx(sps.spearmanr(x, y).statistic)
    ci = bootstrap_ci(list(x), list(y), block=12, resamples=500)
    assert ci is not None and ci[0] < spearman(list(x), list(y)) < ci[1]
    assert ci == bootstrap_ci(list(x), list(y), block=12, resamples=500)  # seeded
    r, n = 0.3, 40
    lo, hi = fisher_ci(r, n)  # type: ignore[misc]
    half = 1.959963984540054 / math.sqrt(n - 3)
    assert (lo, hi) == pytest.approx(
        (math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half))
    )


def test_hit_rates_by_hand() -> None:
    comp = [0.3, 0.3, -0.3, 0.1, -0.1, 0.3]
    tilt = [0.015, 0.015, -0.015, 0.0, 0.0, 0.015]
    label = ["s", "s", "m", "n", "n", "s"]
    outcome: list[float | None] = [0.02, -0.01, -0.03, 0.01, 0.02, None]
    h = horizon_stats(3, comp, tilt, label, outcome, resamples=50)
    assert h.n == 5 and h.independent == 1
    assert (h.tilted, h.small_calls, h.mega_calls) == (3, 2, 1)
    assert h.hit_rate == pytest.approx(2 / 3)  # +0.02 right, -0.01 wrong, -0.03 right
    assert h.small_hit_rate == pytest.approx(1 / 2) and h.mega_hit_rate == 1.0
    assert h.sign_hit_rate == pytest.approx(3 / 5)  # the 0.1 right, the -0.1 wrong
    assert h.small_ahead == pytest.approx(3 / 5)
    assert h.mean_after["s"] == pytest.approx(0.005) and h.mean_after["n"] == pytest.approx(0.015)
    assert episodes(["n", "s", "s", "n", "s", "m", "m"]) == {"n": 2, "s": 2, "m": 1}


def test_the_policy_on_series_with_known_answers() -> None:
    days = pd.bdate_range("2020-01-01", "2021-12-31")
    years = (days[-1] - days[0]).days / 365.25
    grow = np.exp(np.log(1.10) * np.asarray((days - days[0]).days) / 365.25)  # 10% a year
    closes = pd.DataFrame({"small": 50 * grow, "large": 80 * grow}, index=days)
    ends = list(month_ends(closes))
    rate = pd.Series(3.6, index=pd.date_range("2019-12-01", "2022-01-31"))  # 3.6% act/360
    policy = base_policy(0.05)
    plain = run_policy(
        "plain", closes.loc[ends[0] : ends[-1]], rate, ends, [0.0] * len(ends), policy
    )
    # every sleeve compounds: equity at 10%/yr, cash at 3.6% x 365/360 (daily, business days)
    cash = np.prod(
        [
            1 + 0.036 * (b - a).days / 360
            for a, b in zip(
                closes.loc[ends[0] : ends[-1]].index[:-1],
                closes.loc[ends[0] : ends[-1]].index[1:],
                strict=True,
            )
        ]
    )
    span = (ends[-1] - ends[0]).days / 365.25
    assert plain.years == pytest.approx(span) and span < years
    # monthly rebalancing of two sleeves: the value lies between the two sleeves' growth
    assert 1.10**span * 0.6 + cash * 0.4 == pytest.approx(plain.final_value, rel=2e-3)
    assert plain.max_drawdown == pytest.approx(0.0, abs=1e-12)  # nothing ever falls
    tilted = run_policy(
        "tilted", closes.loc[ends[0] : ends[-1]], rate, ends, [0.05] * len(ends), policy
    )
    # small and large grow alike: moving 5 points between them changes nothing but the start
    assert tilted.final_value == pytest.approx(plain.final_value)
    flip = [0.05 if k % 2 else -0.05 for k in range(len(ends))]
    flipped = run_policy("flip", closes.loc[ends[0] : ends[-1]], rate, ends, flip, policy)
    # each month 10 points move between the two sleeves on top of the cash drift
    assert flipped.turnover - plain.turnover == pytest.approx(
        0.10 * (len(ends) - 2) / span, rel=0.02
    )
