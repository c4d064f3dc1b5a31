"""Direct tests of :mod:`planner.core.walkforward.history` on short generated series (so each
test calls the code itself, fast): the publication lags and their wording, the closes both
series have, the first month-end with a full window, the regime at each month-end as the live
rules read it (settings, the previous label, the large-cap series given), the ratio and the
forward returns from the month-end closes, the previous method's composite, the lookback, the
progress reported and how many month-ends each signal had."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from planner.core.regime import (
    MEGA_LEADERSHIP,
    RULES,
    SMALL_LEADERSHIP,
    MarketSeries,
    RegimeSettings,
    assess,
    label_for,
    observations,
)
from planner.core.walkforward.history import (
    DEFAULT_FRED_LAG,
    LOOKBACK_DAYS,
    PUBLICATION_LAGS,
    Lag,
    MonthRow,
    availability,
    joined_closes,
    lag_for,
    month_ends,
    month_rows,
)

T = pd.Timestamp
SMALL, LARGE = "IWM", "IVV"  # not SPY: the large-cap series is the one handed in
#: Leadership at 0.05 either way, a hysteresis no composite can cross back, no minimum coverage:
#: every label is decided by the composite and, after the first month, by the previous label.
STICKY = RegimeSettings(
    small_threshold=0.05, mega_threshold=-0.05, hysteresis=0.5, min_coverage=0.0
)


def _prices(days: pd.DatetimeIndex) -> tuple[pd.Series, pd.Series]:
    """Large-caps up 0.02% a day; the small/large ratio up 0.1% a day for 300 days, then down
    0.15% a day (small-caps lead, then lag)."""
    k = np.arange(len(days))
    ratio = np.where(k < 300, 1.001**k, 1.001**300 * 0.9985 ** (k - 300))
    large = pd.Series(100 * 1.0002**k, index=days)
    return large * 0.5 * ratio, large


def _market(days: pd.DatetimeIndex, fred: dict[str, pd.Series] | None = None) -> MarketSeries:
    small, large = _prices(days)
    return MarketSeries({SMALL: small, LARGE: large}, fred or {})


DAYS = pd.bdate_range("2010-01-01", "2011-12-30")


def _ends(days: pd.DatetimeIndex) -> list[pd.Timestamp]:
    """The last business day of each month (every month of ``days`` is complete)."""
    return [d for d in days if (d + pd.offsets.BDay(1)).month != d.month]


# --- Lag -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lag", "day", "cutoff"),
    [
        (Lag(1), T("2011-06-27"), T("2011-06-24")),  # a Monday: the Friday before
        (Lag(0), T("2011-06-30"), T("2011-06-30")),
        (Lag(0), T("2011-07-02"), T("2011-07-02")),  # a Saturday stays a Saturday, no roll
        (Lag(0, 3), T("2011-05-31"), T("2011-02-28")),  # three calendar months
        (Lag(1, 4), T("2011-06-30"), T("2011-02-25")),  # Feb 28 (a Monday), one business day
        (PUBLICATION_LAGS["A191RL1Q225SBEA"], T("2011-06-30"), T("2011-02-25")),
    ],
)
def test_a_lag_cuts_months_then_business_days_before_the_day(
    lag: Lag, day: pd.Timestamp, cutoff: pd.Timestamp
) -> None:
    assert lag.cutoff(day) == cutoff


@pytest.mark.parametrize(
    ("lag", "text"),
    [
        (Lag(0), "none"),
        (Lag(1), "1 business day"),
        (Lag(2), "2 business days"),
        (Lag(0, 4), "4 months"),
        (Lag(1, 4), "4 months + 1 business day"),
        (Lag(3, 2), "2 months + 3 business days"),
    ],
)
def test_a_lag_says_its_months_and_business_days(lag: Lag, text: str) -> None:
    assert lag.text() == text


def test_each_series_has_its_lag_and_an_unknown_one_the_next_business_day() -> None:
    day = T("2011-06-30")
    assert lag_for("DFEDTARU").cutoff(day) == day  # announced on the date it carries
    assert lag_for("T10Y2Y").cutoff(day) == T("2011-06-29")
    assert lag_for("A191RL1Q225SBEA") == PUBLICATION_LAGS["A191RL1Q225SBEA"]
    assert lag_for("DGS10") == DEFAULT_FRED_LAG
    assert lag_for("DGS10").cutoff(day) == T("2011-06-29")


def test_a_fed_change_counts_on_its_own_date_a_yield_the_next_business_day() -> None:
    cal = pd.date_range("2009-06-01", "2011-12-31", freq="D")
    fed = pd.Series(1.0, index=cal)
    fed[fed.index >= T("2011-05-31")] = 1.25  # changed on a month-end (a Tuesday)
    curve = pd.Series(1.0, index=DAYS)
    curve[curve.index >= T("2011-05-31")] = 2.0  # published on June 1: not known at the May close
    m = _market(DAYS, {"DFEDTARU": fed, "T10Y2Y": curve})
    rows = month_rows(m, SMALL, LARGE, STICKY, start=date(2011, 4, 1), end=date(2011, 6, 30))
    by_day = {r.date: r for r in rows}
    assert by_day[date(2011, 4, 29)].values["fed_policy"] == 0.0
    assert by_day[date(2011, 5, 31)].values["fed_policy"] == pytest.approx(0.25)
    assert by_day[date(2011, 5, 31)].values["yield_curve"] == 1.0
    assert by_day[date(2011, 6, 30)].values["yield_curve"] == 2.0


# --- closes and month-ends -------------------------------------------------------------------


def test_joined_closes_keep_the_days_both_series_have_in_date_order() -> None:
    small = pd.Series(
        [10.0, 11.0, 12.0, 13.0],
        index=pd.to_datetime(["2011-01-03", "2011-01-04", "2011-01-05", "2011-01-07"]),
    )
    large = pd.Series(
        [20.0, 21.0, 22.0], index=pd.to_datetime(["2011-01-04", "2011-01-05", "2011-01-06"])
    )
    both = joined_closes(MarketSeries({"S": small, "L": large}, {}), "S", "L")
    assert list(both.columns) == ["small", "large"]
    assert list(both.index) == [T("2011-01-04"), T("2011-01-05")]
    assert both.to_numpy().tolist() == [[11.0, 20.0], [12.0, 21.0]]


@pytest.mark.parametrize(
    ("last", "ends"),
    [
        ("2026-06-30", ["2026-05-29", "2026-06-30"]),  # June's last business day: complete
        ("2026-07-01", ["2026-05-29", "2026-06-30"]),  # one day of July: not a month-end
        ("2026-07-13", ["2026-05-29", "2026-06-30"]),
        ("2026-07-31", ["2026-05-29", "2026-06-30", "2026-07-31"]),
    ],
)
def test_month_ends_are_the_last_closes_of_complete_months(last: str, ends: list[str]) -> None:
    days = pd.bdate_range("2026-05-01", last)
    got = month_ends(pd.DataFrame({"x": 1.0}, index=days))
    assert list(got) == [T(d) for d in ends]


def _days_with_month_end_at(position: int, month_end: str, last: str) -> pd.DatetimeIndex:
    """Business days whose ``position``-th (0-based) is ``month_end``, running to ``last``."""
    before = pd.bdate_range(end=month_end, periods=position + 1)
    return pd.bdate_range(before[0], last)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        # exactly 253 closes, the 253rd on a month-end: that month-end, alone
        (_days_with_month_end_at(252, "2011-05-31", "2011-05-31"), [date(2011, 5, 31)]),
        # May 31 is the 252nd close: one short; June 30 is the first with a full window
        (_days_with_month_end_at(251, "2011-05-31", "2011-06-30"), [date(2011, 6, 30)]),
        # a month-end two closes short of the window, then two month-ends with it
        (
            _days_with_month_end_at(250, "2011-05-31", "2011-07-29"),
            [date(2011, 6, 30), date(2011, 7, 29)],
        ),
    ],
)
def test_the_first_month_end_is_the_first_with_253_closes_up_to_it(
    days: pd.DatetimeIndex, expected: list[date]
) -> None:
    rows = month_rows(_market(days), SMALL, LARGE, STICKY)
    assert [r.date for r in rows] == expected


def test_fewer_than_253_closes_give_no_month_end() -> None:
    days = pd.bdate_range(end="2011-05-31", periods=252)
    assert month_rows(_market(days), SMALL, LARGE, STICKY) == []


# --- the regime at each month-end ------------------------------------------------------------


def test_each_month_end_is_the_live_rules_with_the_previous_label() -> None:
    m = _market(DAYS)
    rows = month_rows(m, SMALL, LARGE, STICKY)
    assert [r.date for r in rows] == [d.date() for d in _ends(DAYS)[11:]]
    previous = None
    for row in rows:
        t = T(row.date)
        cut = MarketSeries({k: v[v.index <= t] for k, v in m.prices.items()}, {})
        live = assess(observations(cut, SMALL, LARGE), row.date, STICKY, previous_label=previous)
        previous = live.label
        assert (row.composite, row.coverage, row.label, row.tilt) == (
            live.composite,
            live.coverage,
            live.label,
            live.tilt,
        )
        assert row.scores == {s.id: s.score for s in live.signals}
        assert row.values == {s.id: s.value for s in live.signals}
    # only the momentum family (1 of the 7.5 weights) has data; small-caps led, then lagged
    momentum = sum(r.weight for r in RULES.values() if r.family == "momentum")
    assert {r.coverage for r in rows} == {
        round(momentum / sum(r.weight for r in RULES.values()), 6)
    }
    assert rows[0].label == label_for(rows[0].composite, STICKY) == SMALL_LEADERSHIP
    # the hysteresis keeps small-cap leadership where the composite alone would call mega
    assert {r.label for r in rows} == {SMALL_LEADERSHIP}
    assert any(label_for(r.composite, STICKY) == MEGA_LEADERSHIP for r in rows)
    assert all(r.tilt == round(r.composite * STICKY.max_tilt, 6) for r in rows)


def test_ratio_and_forward_returns_come_from_the_month_end_closes() -> None:
    m = _market(DAYS)
    small, large = m.prices[SMALL], m.prices[LARGE]
    ends = _ends(DAYS)
    rows = month_rows(m, SMALL, LARGE, STICKY, horizons=(1, 3, 12))
    assert rows
    for row in rows:
        i = ends.index(T(row.date))
        assert row.ratio == pytest.approx(small[ends[i]] / large[ends[i]])
        assert set(row.forward) == {1, 3, 12}
        for h, value in row.forward.items():
            if i + h >= len(ends):
                assert value is None, (row.date, h)
                continue
            a, b = ends[i], ends[i + h]
            expected = (small[b] / small[a] - 1) - (large[b] / large[a] - 1)
            assert value == pytest.approx(expected, abs=1e-12), (row.date, h)
    assert rows[0].forward[12] is not None and rows[-1].forward[1] is None


def test_the_previous_method_is_the_mean_of_the_available_scores() -> None:
    rows = month_rows(_market(DAYS), SMALL, LARGE, STICKY, end=date(2011, 6, 30))
    assert rows
    for r in rows:
        have = [s for s in r.scores.values() if s is not None]
        assert len(have) == 3  # the momentum family, equal weights
        assert r.mean_available == pytest.approx(sum(have) / len(have), abs=1e-5)
    assert any(abs(r.mean_available) > 0.1 for r in rows)


def test_no_available_weight_gives_a_previous_method_composite_of_zero() -> None:
    no_momentum = RegimeSettings(
        min_coverage=0.0,
        weights={"relative_strength": 0.0, "relative_trend": 0.0, "small_cap_high": 0.0},
    )
    rows = month_rows(_market(DAYS), SMALL, LARGE, no_momentum, end=date(2011, 2, 28))
    assert rows
    assert {(r.coverage, r.composite, r.mean_available) for r in rows} == {(0.0, 0.0, 0.0)}


def test_a_series_silent_for_longer_than_the_lookback_is_not_read() -> None:
    curve = pd.Series(1.5, index=pd.bdate_range("2008-01-01", "2009-06-30"))
    rows = month_rows(_market(DAYS, {"T10Y2Y": curve}), SMALL, LARGE, STICKY)
    last_seen = T("2009-06-30")
    read = {r.date: r.values["yield_curve"] for r in rows}
    assert read == {
        r.date: (1.5 if T(r.date) - pd.Timedelta(days=LOOKBACK_DAYS) <= last_seen else None)
        for r in rows
    }
    assert set(read.values()) == {1.5, None}  # both sides of the lookback occur


def test_progress_counts_the_month_ends_done() -> None:
    calls: list[tuple[float, str]] = []
    rows = month_rows(
        _market(DAYS),
        SMALL,
        LARGE,
        STICKY,
        start=date(2011, 1, 1),
        end=date(2011, 4, 30),
        progress=lambda f, m: calls.append((f, m)),
    )
    assert [r.date for r in rows] == [
        date(2011, 1, 31),
        date(2011, 2, 28),
        date(2011, 3, 31),
        date(2011, 4, 29),
    ]
    assert calls == [
        (0.0, "month-end 2011-01"),
        (0.25, "month-end 2011-02"),
        (0.5, "month-end 2011-03"),
        (0.75, "month-end 2011-04"),
    ]


# --- availability ----------------------------------------------------------------------------


def _row(scores: dict[str, float | None]) -> MonthRow:
    return MonthRow(date(2011, 1, 31), 0.0, 0.0, "neutral", 0.0, scores, {}, 1.0, {})


def test_availability_counts_the_month_ends_each_signal_had_a_score() -> None:
    rows = [
        _row({"relative_strength": 0.5, "fed_policy": None}),
        _row({"relative_strength": 0.0, "fed_policy": -1.0}),
        _row({"relative_strength": -0.2}),
    ]
    counts = availability(rows)
    assert set(counts) == set(RULES)
    assert counts["relative_strength"] == 3
    assert counts["fed_policy"] == 1
    assert counts["breadth"] == 0
