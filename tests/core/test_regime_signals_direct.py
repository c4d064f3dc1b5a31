"""The small/large price ratio charted beside the regime, the large-cap series chosen, and the
series as known on a past day (``planner/core/regime/signals.py``), called directly on
hand-written series."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from planner.core.regime import (
    MarketSeries,
    Observation,
    choose_large,
    distance_from_high,
    fed_target,
    level_and_change,
    observations,
    ratio_series,
    relative_strength,
    relative_trend,
)

DAYS = pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"])


def series(values: dict[int, float]) -> pd.Series:
    """Closes on the given days of :data:`DAYS` (by position)."""
    return pd.Series(list(values.values()), index=DAYS[list(values)], dtype=float)


def test_the_ratio_is_small_over_large_on_the_days_both_close() -> None:
    small = series({0: 10.0, 1: 12.0, 2: 15.0, 4: math.nan})  # no close on the 9th
    large = series({1: 5.0, 2: 4.0, 3: 8.0, 4: 2.0})
    ratio = ratio_series(MarketSeries({"IWM": small, "SPY": large}, {}), "IWM", "SPY")
    assert ratio is not None
    # the 5th: no large close; the 8th: no small close; the 9th: the small close is missing
    assert list(ratio.index) == [DAYS[1], DAYS[2]]
    assert list(ratio) == [12.0 / 5.0, 15.0 / 4.0]


@pytest.mark.parametrize("symbols", [("IWM",), ("SPY",), ()])
def test_no_ratio_without_both_series(symbols: tuple[str, ...]) -> None:
    prices = {s: series({0: 10.0, 1: 11.0}) for s in symbols}
    assert ratio_series(MarketSeries(prices, {}), "IWM", "SPY") is None


@pytest.mark.parametrize(
    ("supplied", "large", "why"),
    [
        (("IWM", "SPY", "QQQ"), "SPY", ""),
        (
            ("IWM", "QQQ", "IVV"),
            "IVV",
            "no SPY series supplied: small-caps are measured against IVV",
        ),
        (
            ("IWM", "QQQ"),
            "QQQ",
            "no SPY series supplied: small-caps are measured against QQQ - the Nasdaq-100, a "
            "tech/growth index, not a broad large-cap series",
        ),
        (("IWM",), None, ""),
    ],
)
def test_the_large_cap_series_and_the_warning_when_it_is_not_spy(
    supplied: tuple[str, ...], large: str | None, why: str
) -> None:
    assert choose_large(dict.fromkeys(supplied, 1)) == (large, why)


def market() -> MarketSeries:
    return MarketSeries(
        {"IWM": series({0: 10.0, 1: 11.0, 2: 12.0, 3: 13.0, 4: 14.0})},
        {"T10Y2Y": series({1: 0.5, 3: 0.7})},
        "data folder X",
        {"IWM": "iwm.csv", "T10Y2Y": "T10Y2Y.csv"},
    )


def test_a_cut_keeps_each_series_up_to_its_cutoff_from_the_start() -> None:
    cut = market().cut({"IWM": DAYS[3], "T10Y2Y": DAYS[4]}, start=DAYS[1])
    assert list(cut.prices["IWM"]) == [11.0, 12.0, 13.0]  # the 6th to the 8th, both included
    assert list(cut.prices["IWM"].index) == list(DAYS[1:4])
    assert list(cut.fred["T10Y2Y"]) == [0.5, 0.7]
    # where the series came from goes with them
    assert (cut.origin, dict(cut.notes)) == (
        "data folder X",
        {"IWM": "iwm.csv", "T10Y2Y": "T10Y2Y.csv"},
    )


def test_a_cut_without_a_start_keeps_everything_up_to_the_cutoff() -> None:
    cut = market().cut({"IWM": DAYS[2], "T10Y2Y": DAYS[4]})
    assert list(cut.prices["IWM"]) == [10.0, 11.0, 12.0]
    assert list(cut.fred["T10Y2Y"]) == [0.5, 0.7]


@pytest.mark.parametrize(
    ("cutoffs", "start"),
    [
        ({"IWM": DAYS[4], "T10Y2Y": DAYS[0]}, None),  # cut before its first value
        ({"IWM": DAYS[4], "T10Y2Y": DAYS[2]}, DAYS[2]),  # nothing between start and cutoff
        ({"IWM": DAYS[4]}, None),  # no cutoff given for it
    ],
)
def test_a_series_with_nothing_left_after_a_cut_is_dropped(
    cutoffs: dict[str, pd.Timestamp], start: pd.Timestamp | None
) -> None:
    cut = market().cut(cutoffs, start)
    assert list(cut.fred) == []
    assert list(cut.prices) == ["IWM"]


def test_relative_strength_is_small_returns_less_large_returns_over_its_rows() -> None:
    small = series({0: 9.0, 1: 10.0, 2: 11.0, 3: 12.0})
    large = series({1: 20.0, 2: 20.0, 3: 25.0, 4: 30.0})  # both close on the 6th to the 8th
    obs = relative_strength(small, large, rows=2)
    assert obs is not None
    # over two rows: small 12/10 - 1 = 20%, large 25/20 - 1 = 25%
    assert obs.value == pytest.approx(100 * ((12 / 10 - 1) - (25 / 20 - 1)))
    assert (obs.id, obs.as_of, obs.source, obs.change) == (
        "relative_strength",
        DAYS[3].date(),
        "",
        None,
    )


def test_relative_trend_is_the_ratio_against_its_average() -> None:
    small = series({0: 9.0, 1: 10.0, 2: 11.0, 3: 12.0})
    large = series({1: 20.0, 2: 20.0, 3: 25.0, 4: 30.0})
    obs = relative_trend(small, large, window=3)
    assert obs is not None
    ratios = [10 / 20, 11 / 20, 12 / 25]
    assert obs.value == pytest.approx(100 * (ratios[-1] / (sum(ratios) / 3) - 1))
    assert (obs.id, obs.as_of, obs.source) == ("relative_trend", DAYS[3].date(), "")


def test_the_distance_from_the_high_looks_back_252_closes() -> None:
    days = pd.bdate_range("2025-01-02", periods=300)
    closes = pd.Series(10.0, index=days)
    closes.iloc[-253] = 20.0  # a high 253 closes back: outside the year
    closes.iloc[-1] = 9.0
    obs = distance_from_high(closes)
    assert obs is not None
    assert obs.value == pytest.approx(100 * (1 - 9.0 / 10.0))
    assert (obs.id, obs.as_of, obs.source) == ("small_cap_high", days[-1].date(), "")


FED = pd.to_datetime(["2008-12-12", "2008-12-15", "2008-12-16", "2008-12-17", "2008-12-18"])
OLD = pd.Series([1.0, 1.0, 0.25], index=FED[:3])  # DFEDTAR, to the 16th
UPPER = pd.Series([0.25, 0.25, 0.25], index=FED[2:])  # DFEDTARU, from the 16th
EMPTY = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)


@pytest.mark.parametrize(
    ("fred", "expected"),
    [
        # the old single target before the upper bound's first day (the 12th and 15th), then
        # the upper bound from the 16th: one value a day
        ({"DFEDTARU": UPPER, "DFEDTAR": OLD}, pd.Series([1.0, 1.0, 0.25, 0.25, 0.25], index=FED)),
        ({"DFEDTARU": UPPER}, UPPER),
        ({"DFEDTARU": UPPER, "DFEDTAR": EMPTY}, UPPER),
        ({"DFEDTAR": OLD}, OLD),
        ({"DFEDTARU": EMPTY, "DFEDTAR": OLD}, OLD),
        ({"DFEDTAR": EMPTY}, None),
        ({}, None),
    ],
)
def test_the_fed_target_is_the_upper_bound_spliced_after_the_single_target(
    fred: dict[str, pd.Series], expected: pd.Series | None
) -> None:
    target = fed_target(fred)
    if expected is None:
        assert target is None
    else:
        assert target is not None
        assert list(target.index) == list(expected.index)
        assert list(target) == list(expected)


MONTHS = pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-30"])
LEVELS = pd.Series([1.0, 1.5, 2.0, 2.5, 3.0], index=MONTHS)


def test_a_level_and_its_change_over_months_from_the_value_at_or_before_then() -> None:
    # three months before May 30 is Feb 28: 3.0 - 1.5
    obs = level_and_change("yield_curve", LEVELS, 3)
    assert obs is not None
    assert (obs.id, obs.value, obs.as_of, obs.source, obs.change) == (
        "yield_curve",
        3.0,
        MONTHS[-1].date(),
        "",
        1.5,
    )
    only = level_and_change("fed_policy", LEVELS, 3, change_only=True)
    assert only is not None
    assert (only.id, only.value, only.as_of, only.source, only.change) == (
        "fed_policy",
        1.5,
        MONTHS[-1].date(),
        "",
        None,
    )


def test_a_level_without_months_of_history_has_no_change() -> None:
    short = LEVELS.iloc[-2:]  # April and May only
    obs = level_and_change("growth", short, 3)
    assert obs is not None
    assert (obs.id, obs.value, obs.as_of, obs.change) == ("growth", 3.0, MONTHS[-1].date(), None)
    assert level_and_change("fed_policy", short, 3, change_only=True) is None


BDAYS = pd.bdate_range("2024-06-03", periods=260)
IWM = pd.Series([100.0 + (i % 7) for i in range(260)], index=BDAYS)
SPY = pd.Series([400.0 + (i % 5) for i in range(260)], index=BDAYS)


def test_every_signal_the_series_allow_with_where_it_came_from() -> None:
    upper = pd.Series([0.25, 0.5, 0.75], index=pd.to_datetime(["2024-10-31", *MONTHS[3:]]))
    old = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-31", "2024-10-30"]))
    fred = {
        "DFEDTARU": upper,
        "DFEDTAR": old,
        "T10Y2Y": LEVELS,
        "BAMLH0A0HYM2": LEVELS * 2,
        "BAA10Y": LEVELS * 3,  # the first spread supplied is the one read
        "A191RL1Q225SBEA": LEVELS * 4,
    }
    got = observations(MarketSeries({"IWM": IWM, "SPY": SPY}, fred, "data folder X"))
    closes = "IWM vs SPY daily closes (data folder X)"
    expected = [
        (relative_strength(IWM, SPY), closes),
        (relative_trend(IWM, SPY), closes),
        (distance_from_high(IWM), "IWM daily closes (data folder X)"),
        # the upper bound from Oct 31, 2024: May 30 less Oct 31 (by Nov 30), 0.75 - 0.25
        (
            Observation("fed_policy", 0.75 - 0.25, MONTHS[-1].date(), ""),
            "FRED DFEDTARU (DFEDTAR before 2024-10-31)",
        ),
        (level_and_change("yield_curve", LEVELS, 3), "FRED T10Y2Y"),
        (level_and_change("credit_spread", LEVELS * 2, 3), "FRED BAMLH0A0HYM2"),
        (level_and_change("growth", LEVELS * 4, 3), "FRED A191RL1Q225SBEA"),
    ]
    assert [o.id for o in got] == [
        "relative_strength",
        "relative_trend",
        "small_cap_high",
        "fed_policy",
        "yield_curve",
        "credit_spread",
        "growth",
    ]
    assert [(o.id, o.value, o.as_of, o.source, o.change, o.note) for o in got] == [
        (o.id, o.value, o.as_of, src, o.change, o.note) for o, src in expected if o is not None
    ]


def test_signals_from_the_old_fed_target_a_later_spread_and_no_large_series() -> None:
    fed = pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(["2024-10-31", *MONTHS[3:]]))
    fred = {"DFEDTAR": fed, "BAA10Y": LEVELS * 3}
    got = observations(MarketSeries({"IWM": IWM, "QQQ": SPY}, fred), large=None)
    assert [(o.id, o.source, o.value, o.change) for o in got] == [
        ("small_cap_high", "IWM daily closes", distance_from_high(IWM).value, None),  # type: ignore[union-attr]
        ("fed_policy", "FRED DFEDTAR", 3.0 - 1.0, None),  # May 30 less Oct 31 (by Nov 30)
        ("credit_spread", "FRED BAA10Y", 9.0, 9.0 - 4.5),
    ]


def test_no_momentum_signal_without_the_small_cap_series() -> None:
    assert observations(MarketSeries({"SPY": SPY}, {})) == []
