"""Direct tests of :mod:`planner.core.walkforward.evidence` on generated series: which large-cap
series is measured against and the warning when it is not the one asked for, the refusals and
their sentences, the window and the settings handed down, the progress reported, and every
figure of the evidence checked against an independent computation from its month rows (rank ICs
with scipy, the momentum family's score, the composite under the old weights, the statistics,
the three policies, the lags and spans read)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from planner.core.regime import (
    RULES,
    MarketSeries,
    RegimeSettings,
    fed_target,
    label_for,
)
from planner.core.walkforward import NoHistory, walk_forward
from planner.core.walkforward.backtest import base_policy, run_policy, tracking
from planner.core.walkforward.evidence import (
    MOMENTUM,
    OLD_MOMENTUM,
    _family_score,
    _ic_by_horizon,
    _recomposed,
)
from planner.core.walkforward.history import DEFAULT_FRED_LAG, NEEDS, PRICE_LAG, MonthRow, lag_for
from planner.core.walkforward.stats import SEED, episodes, horizon_stats

T = pd.Timestamp
#: Leadership at 0.05 either way, no minimum coverage: the labels follow the composite.
LOW = RegimeSettings(small_threshold=0.05, mega_threshold=-0.05, min_coverage=0.0, max_tilt=0.08)


def _closes(days: pd.DatetimeIndex) -> tuple[pd.Series, pd.Series]:
    """Large-caps up 0.02% a day; the small/large ratio swings +-15% over about 16 months."""
    k = np.arange(len(days))
    large = pd.Series(100 * 1.0002**k, index=days)
    small = large * 0.5 * (1 + 0.15 * np.sin(k / 55.0)) * 1.00005**k
    return small, large


SHORT = pd.bdate_range("2010-01-01", "2011-12-30")
MEDIUM = pd.bdate_range("2010-01-01", "2012-12-31")
LONG = pd.bdate_range("2010-01-01", "2015-06-30")


def _market(
    days: pd.DatetimeIndex, large: tuple[str, ...] = ("SPY",), fred: bool = False
) -> MarketSeries:
    small, big = _closes(days)
    prices = {"IWM": small} | {sym: big * (1 + 0.01 * n) for n, sym in enumerate(large)}
    series: dict[str, pd.Series] = {}
    if fred:
        prices["QQQ"] = big * 1.5  # not read: SPY is there
        series["DGS10"] = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)  # empty
        cal = pd.date_range(days[0] - pd.Timedelta(days=400), days[-1], freq="D")
        fed = pd.Series(0.25, index=cal)
        fed[fed.index >= T("2012-06-01")] = 0.5
        series["DFEDTARU"] = fed
        curve_days = days[days >= T("2012-03-01")]  # starts late: no curve before 2012
        series["T10Y2Y"] = pd.Series(np.linspace(-0.5, 2.0, len(curve_days)), index=curve_days)
    return MarketSeries(prices, series)


# --- the large-cap series and the refusals ---------------------------------------------------


def test_spy_is_measured_against_without_a_warning() -> None:
    ev = walk_forward(_market(SHORT, ("SPY", "IVV")), resamples=20, end=date(2011, 2, 28))
    assert (ev.small, ev.large, ev.warnings) == ("IWM", "SPY", ())


def test_the_large_cap_series_asked_for_is_used_when_supplied() -> None:
    m = _market(SHORT, ("SPY", "MGC"))
    ev = walk_forward(m, large="MGC", resamples=20, end=date(2011, 2, 28))
    assert (ev.large, ev.warnings) == ("MGC", ())
    first = ev.rows[0]
    assert first.ratio == pytest.approx(
        m.prices["IWM"][T(first.date)] / m.prices["MGC"][T(first.date)]
    )


def test_without_spy_another_broad_series_is_used_and_said() -> None:
    ev = walk_forward(_market(SHORT, ("IVV",)), resamples=20, end=date(2011, 2, 28))
    assert ev.large == "IVV"
    assert ev.warnings == ("no SPY series supplied: small-caps are measured against IVV",)
    assert set(ev.lags) == {"IWM", "IVV"}


@pytest.mark.parametrize(
    ("prices", "why"),
    [
        ({"SPY"}, "no IWM closes"),
        ({"IWM"}, "no large-cap closes to measure IWM against (SPY or another)"),
    ],
)
def test_missing_closes_are_refused_with_the_reason(prices: set[str], why: str) -> None:
    m = _market(SHORT)
    closes = {"IWM": m.prices["IWM"], "SPY": m.prices["SPY"]}
    with pytest.raises(NoHistory) as err:
        walk_forward(MarketSeries({k: closes[k] for k in prices}, {}))
    assert str(err.value) == why


def test_less_than_a_year_of_closes_is_refused_with_the_reason() -> None:
    with pytest.raises(NoHistory) as err:
        walk_forward(_market(SHORT[:252]))
    assert str(err.value) == "no month-end in the window has a full year of closes before it"


# --- the window, the settings, the progress --------------------------------------------------


def test_the_window_and_the_settings_reach_every_month_end() -> None:
    calls: list[tuple[float, str]] = []
    ev = walk_forward(
        _market(SHORT),
        LOW,
        start=date(2011, 1, 1),
        end=date(2011, 4, 30),
        horizons=(3,),
        resamples=20,
        progress=lambda f, m: calls.append((f, m)),
    )
    months = [date(2011, 1, 31), date(2011, 2, 28), date(2011, 3, 31), date(2011, 4, 29)]
    assert [r.date for r in ev.rows] == months
    assert ev.settings is LOW
    assert all(r.label == label_for(r.composite, LOW, p) for r, p in _with_previous(ev.rows))
    assert any(r.label != "neutral" for r in ev.rows)  # the defaults would say neutral (coverage)
    # the month-ends fill 0 to 0.8 of the bar, the policy 0.85, then done
    expected = [(0.8 * k / 4, f"month-end {d:%Y-%m}") for k, d in enumerate(months)]
    expected += [(0.85, "the 60/40-style policy"), (1.0, "done")]
    assert [m for _, m in calls] == [m for _, m in expected]
    assert [f for f, _ in calls] == pytest.approx([f for f, _ in expected])


def _with_previous(rows: tuple[MonthRow, ...]) -> list[tuple[MonthRow, str | None]]:
    return list(zip(rows, [None, *(r.label for r in rows[:-1])], strict=True))


# --- every figure from the month rows --------------------------------------------------------


def _ic(xs: Sequence[float | None], rows: tuple[MonthRow, ...], h: int) -> float | None:
    pairs = [
        (x, r.forward[h])
        for x, r in zip(xs, rows, strict=True)
        if x is not None and r.forward[h] is not None
    ]
    if len(pairs) < 3 or len({p[0] for p in pairs}) == 1:  # too few, or constant: undefined
        return None
    return float(sps.spearmanr([p[0] for p in pairs], [p[1] for p in pairs]).statistic)


def test_every_figure_follows_from_the_month_rows() -> None:
    m = _market(MEDIUM, fred=True)
    horizons = (3, 12)
    ev = walk_forward(m, LOW, horizons=horizons, resamples=40)
    rows = ev.rows
    assert len(rows) == 25 and ev.resamples == 40 and ev.seed == SEED
    comp, tilts, labels = (
        [r.composite for r in rows],
        [r.tilt for r in rows],
        [r.label for r in rows],
    )
    for h, got in zip(horizons, ev.horizons, strict=True):
        assert got == horizon_stats(h, comp, tilts, labels, [r.forward[h] for r in rows], 40)
    # each signal's rank IC, scipy's Spearman over the months with both figures
    assert ev.available["yield_curve"] == sum(r.date >= date(2012, 3, 1) for r in rows)
    assert 0 < ev.available["yield_curve"] < len(rows)
    assert ev.left_out == {rid: NEEDS[rid] for rid in RULES if ev.available[rid] == 0}
    assert set(ev.left_out) == {
        "breadth",
        "valuation_gap",
        "earnings_gap",
        "growth",
        "credit_spread",
    }
    for rid in RULES:
        if rid in ev.left_out:
            assert rid not in ev.signal_ic
            continue
        for h in horizons:
            assert ev.signal_ic[rid][h] == pytest.approx(
                _ic([r.scores[rid] for r in rows], rows, h), abs=1e-9
            ), (rid, h)
    family = [float(np.mean([r.scores[i] for i in MOMENTUM])) for r in rows]  # equal weights
    weights = {rid: RULES[rid].weight for rid in RULES} | OLD_MOMENTUM
    old = [
        sum(w * (r.scores[i] or 0.0) for i, w in weights.items()) / sum(weights.values())
        for r in rows
    ]
    for h in horizons:
        assert ev.signal_ic["family:momentum"][h] == pytest.approx(_ic(family, rows, h), abs=1e-9)
        assert ev.signal_ic["composite:momentum-weighted-3.5"][h] == pytest.approx(
            _ic(old, rows, h), abs=1e-9
        )
    assert all(v is not None for h in horizons for v in [ev.signal_ic["family:momentum"][h]])
    for a, b in [
        ("relative_strength", "relative_trend"),
        ("relative_strength", "small_cap_high"),
        ("relative_trend", "small_cap_high"),
    ]:
        expected = sps.spearmanr([r.scores[a] for r in rows], [r.scores[b] for r in rows])
        assert ev.momentum_correlation[f"{a}~{b}"] == pytest.approx(expected.statistic, abs=1e-9)
    assert len(ev.momentum_correlation) == 3
    assert ev.episodes == episodes(labels) and sum(ev.episodes.values()) > 2
    # the policies: monthly rebalanced between the first and the last month-end
    days = [T(r.date) for r in rows]
    window = pd.DataFrame({"small": m.prices["IWM"], "large": m.prices["SPY"]}).loc[
        days[0] : days[-1]
    ]
    rate = fed_target(m.fred)
    policy = base_policy(LOW.max_tilt)
    plain = run_policy("without the tilt", window, rate, days, [0.0] * len(days), policy)
    tilted = run_policy("with the tilt", window, rate, days, tilts, policy)
    assert ev.without_tilt == plain and ev.with_tilt == tilted
    assert ev.with_tilt != ev.without_tilt
    assert ev.tilt_vs_none == tracking(tilted, plain)
    assert ev.cash == "the Fed funds target (FRED DFEDTARU, DFEDTAR before it), actual/360"
    # the previous method: the mean of the available scores, tilted at every label
    old_comp = [r.mean_available for r in rows]
    old_tilts = [round(c * LOW.max_tilt, 6) for c in old_comp]
    old_labels = [label_for(c, LOW) for c in old_comp]
    assert ev.previous_method == tuple(
        horizon_stats(h, old_comp, old_tilts, old_labels, [r.forward[h] for r in rows], 40, SEED)
        for h in horizons
    )
    assert ev.with_previous_method == run_policy(
        "with the previous method's tilt", window, rate, days, old_tilts, policy
    )
    # what was read, with its lag and its first and last date
    assert ev.lags == {
        "DGS10": DEFAULT_FRED_LAG,
        "DFEDTARU": lag_for("DFEDTARU"),
        "T10Y2Y": lag_for("T10Y2Y"),
        "IWM": PRICE_LAG,
        "SPY": PRICE_LAG,
    }
    assert ev.series_span == {
        k: (s.index[0].date(), s.index[-1].date())
        for k, s in {**m.prices, **m.fred}.items()
        if k not in ("QQQ", "DGS10")  # not read; read but empty
    }
    assert ev.series_span["T10Y2Y"] == (date(2012, 3, 1), date(2012, 12, 31))


def test_the_statistics_are_seeded_so_the_interval_is_reproducible() -> None:
    ev = walk_forward(_market(LONG), horizons=(3,), resamples=30, seed=7)
    rows = ev.rows
    outcome = [r.forward[3] for r in rows]
    assert sum(y is not None for y in outcome) >= 48  # four 12-month blocks: an interval
    comp, tilts, labels = (
        [r.composite for r in rows],
        [r.tilt for r in rows],
        [r.label for r in rows],
    )
    assert ev.horizons == (horizon_stats(3, comp, tilts, labels, outcome, 30, 7),)
    assert ev.horizons[0].ci is not None and ev.seed == 7
    old = [r.mean_available for r in rows]
    old_tilts = [round(c * ev.settings.max_tilt, 6) for c in old]
    old_labels = [label_for(c, ev.settings) for c in old]
    assert ev.previous_method == (horizon_stats(3, old, old_tilts, old_labels, outcome, 30, 7),)
    assert ev.previous_method[0].ci is not None


def test_a_signal_read_at_one_month_end_only_is_listed_without_an_ic() -> None:
    m = _market(SHORT)
    curve_days = SHORT[T("2011-03-01") <= SHORT]
    curve = pd.Series(1.0, index=curve_days)
    ev = walk_forward(
        MarketSeries(m.prices, {"T10Y2Y": curve}),
        end=date(2011, 3, 31),
        horizons=(3,),
        resamples=20,
    )
    assert [r.date for r in ev.rows][-2:] == [date(2011, 2, 28), date(2011, 3, 31)]
    assert ev.available["yield_curve"] == 1
    assert "yield_curve" not in ev.left_out
    assert ev.signal_ic["yield_curve"] == {3: None}


def _gapped() -> MarketSeries:
    """Closes with a two-year hole: after it the 800-day lookback holds too few closes for the
    200-day trend for a while."""
    days = pd.DatetimeIndex(
        [*pd.bdate_range("2006-01-02", "2007-06-29"), *pd.bdate_range("2009-06-01", "2010-12-31")]
    )
    small, large = _closes(days)
    return MarketSeries({"IWM": small, "SPY": large}, {})


def _flat_end() -> MarketSeries:
    """Closes that stop moving for the last 230 days at exactly representable levels: the
    63-day relative strength and then the 200-day trend become exactly zero."""
    days = pd.bdate_range("2010-01-01", "2011-12-30")
    k = np.arange(len(days))
    n = len(days) - 230
    small = pd.Series(np.r_[40 + 10 * k[:n] / n, np.full(230, 50.0)], index=days)
    large = pd.Series(np.r_[90 + 10 * (k[:n] / n) ** 2, np.full(230, 100.0)], index=days)
    return MarketSeries({"IWM": small, "SPY": large}, {})


def _spearman_or_none(x: list[float], y: list[float]) -> float | None:
    if len(x) < 3 or len(set(x)) == 1 or len(set(y)) == 1:
        return None
    return float(sps.spearmanr(x, y).statistic)


@pytest.mark.parametrize("market", [_gapped, _flat_end])
def test_momentum_correlations_use_the_months_with_both_scores(market) -> None:  # type: ignore[no-untyped-def]
    ev = walk_forward(market(), horizons=(3,), resamples=20)
    rows = ev.rows
    missing = sum(r.scores[i] is None for r in rows for i in MOMENTUM)
    zeros = sum(r.scores[i] == 0.0 for r in rows for i in MOMENTUM)
    assert missing + zeros > 0  # the cases this test is about occur
    for i, a in enumerate(MOMENTUM):
        for b in MOMENTUM[i + 1 :]:
            both = [r for r in rows if r.scores[a] is not None and r.scores[b] is not None]
            expected = _spearman_or_none(
                [float(r.scores[a] or 0.0) for r in both], [float(r.scores[b] or 0.0) for r in both]
            )
            if expected is None:
                assert ev.momentum_correlation[f"{a}~{b}"] is None
            else:
                assert ev.momentum_correlation[f"{a}~{b}"] == pytest.approx(expected, abs=1e-9)
    assert any(v is not None for v in ev.momentum_correlation.values())


def test_without_a_fed_series_the_cash_earns_nothing() -> None:
    ev = walk_forward(_market(SHORT), resamples=20, end=date(2011, 3, 31))
    assert ev.cash == "nothing: no Fed funds series in the data"
    assert ev.without_tilt.final_value == pytest.approx(
        0.5 * _growth(ev, "SPY") + 0.1 * _growth(ev, "IWM") + 0.4, rel=0.02
    )


def _growth(ev, sym: str) -> float:  # type: ignore[no-untyped-def]
    m = _market(SHORT)
    return float(m.prices[sym][T(ev.rows[-1].date)] / m.prices[sym][T(ev.rows[0].date)])


# --- the helpers on rows made by hand ---------------------------------------------------------


def _row(
    scores: dict[str, float | None], forward: dict[int, float | None] | None = None
) -> MonthRow:
    return MonthRow(date(2011, 1, 31), 0.0, 0.0, "neutral", 0.0, scores, {}, 1.0, forward or {})


def test_the_momentum_family_score_is_the_weighted_mean_of_the_members_it_has() -> None:
    w = RULES["relative_strength"].weight
    assert RULES["relative_trend"].weight == RULES["small_cap_high"].weight == w
    both = _row({"relative_strength": 0.6, "relative_trend": None, "small_cap_high": 0.0})
    assert _family_score(both) == pytest.approx((w * 0.6 + w * 0.0) / (2 * w))
    one = _row({"relative_strength": None, "relative_trend": -0.4, "fed_policy": 1.0})
    assert _family_score(one) == pytest.approx(-0.4)
    assert _family_score(_row({"relative_strength": None, "fed_policy": 1.0})) is None


def test_the_recomposed_composite_counts_a_missing_score_as_zero() -> None:
    weights = {"relative_strength": 1.5, "fed_policy": 1.0, "breadth": 1.0}
    row = _row({"relative_strength": 1.0, "fed_policy": -0.5, "breadth": None})
    assert _recomposed(row, weights) == pytest.approx((1.5 * 1.0 + 1.0 * -0.5 + 0.0) / 3.5)


def test_a_month_whose_outcome_is_exactly_zero_ranks_as_zero() -> None:
    outcomes: list[float | None] = [0.0, -0.1, 0.2, 0.3, None]
    rows = [_row({}, {3: y}) for y in outcomes]
    xs: list[float | None] = [1.0, 2.0, 3.0, 4.0, 5.0]
    expected = sps.spearmanr([1.0, 2.0, 3.0, 4.0], [0.0, -0.1, 0.2, 0.3]).statistic
    assert _ic_by_horizon(xs, rows, (3,)) == {3: pytest.approx(expected)}
