"""Direct tests of :mod:`planner.core.walkforward.backtest`: the 60/40-style policy, followed
month-end to month-end on a handful of hand-written closes, and the tracking figures of one
policy against another. Every expected figure is worked out here, day by day, from the closes,
the cash rate and the targets written in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planner.core.policy import BUCKETS
from planner.core.walkforward.backtest import (
    BASE_TARGETS,
    PolicyResult,
    base_policy,
    run_policy,
    tracking,
)

DAYS = pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05", "2024-01-08"])
CLOSES = pd.DataFrame(
    {"small": [100.0, 110.0, 99.0, 120.0, 121.0], "large": [200.0, 190.0, 210.0, 220.0, 230.0]},
    index=DAYS,
)
# percent a year, on days that are not all closes: 3.6 from before the first close, 7.2 from
# the 4th (a day without a close), so the 5th and the 8th accrue 7.2
RATE = pd.Series([3.6, 7.2], index=pd.DatetimeIndex(["2023-12-29", "2024-01-04"]))
RATE_ON_DAYS = [3.6, 3.6, 3.6, 7.2, 7.2]


def test_the_base_policy_is_50_mega_10_small_40_cash_and_nothing_else() -> None:
    policy = base_policy(0.03)
    assert BASE_TARGETS == {"mega": 0.50, "small": 0.10, "cash": 0.40}
    assert policy.targets == {k: BASE_TARGETS.get(k, 0.0) for k in BUCKETS}
    assert all(isinstance(v, float) for v in policy.targets.values())
    assert policy.tilt.max == 0.03


def _cash_index(rates: list[float]) -> list[float]:
    """1 on the first day, then each day the last day's rate for the calendar days between."""
    out = [1.0]
    for i in range(1, len(DAYS)):
        gap = (DAYS[i] - DAYS[i - 1]).days
        out.append(out[-1] * (1 + rates[i - 1] / 100 * gap / 360))
    return out


def _expected(
    rebalance: list[int], targets: list[dict[str, float]], cash: list[float]
) -> tuple[list[float], float]:
    """The daily values and the turnover (one-way, not yet per year), by hand."""
    prices = {"small": list(CLOSES["small"]), "large": list(CLOSES["large"]), "cash": cash}
    values: list[float] = []
    value, weights, turnover = 1.0, None, 0.0
    for k in range(len(rebalance) - 1):
        a, b = rebalance[k], rebalance[k + 1]
        t = targets[k]
        if weights is not None:
            turnover += 0.5 * sum(abs(t[x] - weights[x]) for x in t)
        day_values = []
        held_last = {}
        for d in range(a, b + 1):
            held = {x: value * t[x] * prices[x][d] / prices[x][a] for x in t}
            day_values.append(sum(held.values()))
            held_last = held
        values += day_values if k == 0 else day_values[1:]
        value = day_values[-1]
        weights = {x: held_last[x] / value for x in t}
    return values, turnover


def test_the_policy_is_rebalanced_to_its_tilted_targets_and_drifts_between() -> None:
    policy = base_policy(0.03)
    days = [DAYS[0], DAYS[2], DAYS[3]]  # the last before the closes end
    tilts = [0.0, 0.04, 0.0]  # 0.04 is bounded by the policy's 0.03
    result = run_policy("tilted", CLOSES, RATE, days, tilts, policy)

    targets = [
        {"small": 0.10, "large": 0.50, "cash": 0.40},
        {"small": 0.10 + 0.03, "large": 0.50 - 0.03, "cash": 0.40},
    ]
    values, turnover = _expected([0, 2, 3], targets, _cash_index(RATE_ON_DAYS))
    assert result.name == "tilted"
    assert list(result.path.index) == list(DAYS[:4])
    assert result.path.to_numpy() == pytest.approx(values, rel=1e-12)
    years = 4 / 365.25
    assert result.years == pytest.approx(years)
    assert result.final_value == pytest.approx(values[-1], rel=1e-12)
    assert result.annual_return == pytest.approx(values[-1] ** (1 / years) - 1, rel=1e-9)
    assert result.turnover == pytest.approx(turnover / years, rel=1e-9)
    assert turnover > 0  # the second month's targets differ from the first month's drift
    daily = [values[i] / values[i - 1] - 1 for i in range(1, len(values))]
    assert result.volatility == pytest.approx(np.std(daily, ddof=1) * math.sqrt(252), rel=1e-9)
    peak = np.maximum.accumulate(values)
    assert result.max_drawdown == pytest.approx(
        max(1 - v / p for v, p in zip(values, peak, strict=True))
    )


def test_without_a_cash_rate_cash_earns_nothing() -> None:
    policy = base_policy(0.0)
    days = [DAYS[0], DAYS[4]]
    result = run_policy("flat", CLOSES, None, days, [0.0, 0.0], policy)
    targets = [{"small": 0.10, "large": 0.50, "cash": 0.40}]
    values, _ = _expected([0, 4], targets, [1.0] * len(DAYS))
    assert result.path.to_numpy() == pytest.approx(values, rel=1e-12)
    assert result.turnover == 0.0  # one month: nothing to rebalance from


def test_a_rate_missing_before_the_first_close_counts_as_nothing_until_it_starts() -> None:
    late = pd.Series([7.2], index=pd.DatetimeIndex(["2024-01-04"]))
    result = run_policy("late", CLOSES, late, [DAYS[0], DAYS[4]], [0.0, 0.0], base_policy(0.0))
    targets = [{"small": 0.10, "large": 0.50, "cash": 0.40}]
    values, _ = _expected([0, 4], targets, _cash_index([0.0, 0.0, 0.0, 7.2, 7.2]))
    assert result.path.to_numpy() == pytest.approx(values, rel=1e-12)


def test_a_single_rebalance_day_is_a_portfolio_of_one_day() -> None:
    result = run_policy("none", CLOSES, RATE, [DAYS[2]], [0.0], base_policy(0.03))
    assert list(result.path.index) == [DAYS[0]]
    assert list(result.path) == [1.0]
    assert (result.final_value, result.years, result.annual_return) == (1.0, 0.0, 0.0)
    assert (result.volatility, result.max_drawdown, result.turnover) == (0.0, 0.0, 0.0)


def test_a_rebalance_day_that_is_not_a_close_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^every rebalance day must be a day of the closes$"):
        run_policy("x", CLOSES, RATE, [DAYS[0], pd.Timestamp("2024-01-04")], [0, 0], base_policy(0))


def _result(path: list[float], annual: float) -> PolicyResult:
    values = pd.Series(path, index=DAYS[: len(path)])
    return PolicyResult("p", annual, 0.0, 0.0, 0.0, path[-1], 1.0, values)


def test_tracking_is_the_excess_return_the_tracking_error_and_their_ratio() -> None:
    a = _result([1.0, 1.10, 1.21, 1.10, 1.20], 0.12)
    b = _result([1.0, 1.05, 1.05, 1.20, 1.26], 0.05)
    ra = [a.path.iloc[i] / a.path.iloc[i - 1] - 1 for i in range(1, 5)]
    rb = [b.path.iloc[i] / b.path.iloc[i - 1] - 1 for i in range(1, 5)]
    te = np.std([x - y for x, y in zip(ra, rb, strict=True)], ddof=1) * math.sqrt(252)
    got = tracking(a, b)
    assert got == {
        "excess_return": pytest.approx(0.12 - 0.05),
        "tracking_error": pytest.approx(te, rel=1e-12),
        "information_ratio": pytest.approx((0.12 - 0.05) / te, rel=1e-12),
    }
    assert list(got) == ["excess_return", "tracking_error", "information_ratio"]


def test_two_daily_differences_are_enough_for_a_tracking_error_one_is_not() -> None:
    a3, b3 = _result([1.0, 1.1, 1.0], 0.1), _result([1.0, 1.0, 1.0], 0.0)
    te = np.std([0.1, 1.0 / 1.1 - 1], ddof=1) * math.sqrt(252)
    assert tracking(a3, b3)["tracking_error"] == pytest.approx(te, rel=1e-12)
    a2, b2 = _result([1.0, 1.1], 0.1), _result([1.0, 1.0], 0.0)
    assert tracking(a2, b2) == {
        "excess_return": pytest.approx(0.1),
        "tracking_error": 0.0,
        "information_ratio": 0.0,
    }


def test_two_days_make_a_year_fraction_and_one_return_no_volatility() -> None:
    result = run_policy("two", CLOSES, RATE, [DAYS[0], DAYS[1]], [0.0, 0.0], base_policy(0.0))
    assert len(result.path) == 2
    assert result.years == pytest.approx(1 / 365.25)
    assert result.volatility == 0.0  # one daily return has no spread
    three = run_policy("three", CLOSES, RATE, [DAYS[0], DAYS[2]], [0.0, 0.0], base_policy(0.0))
    daily = three.path.pct_change().dropna().to_list()
    assert len(daily) == 2
    assert three.volatility == pytest.approx(np.std(daily, ddof=1) * math.sqrt(252), rel=1e-12)


def test_the_drawdown_is_the_fall_from_the_highest_value_before_it() -> None:
    """Both series rise 20% and fall to 90% of where they started: 60% of the portfolio rises
    to 1.12 and falls to 0.94, a fall of 1 - 0.94 / 1.12 from its peak."""
    closes = pd.DataFrame({"small": [100.0, 120.0, 90.0], "large": [100.0, 120.0, 90.0]})
    closes.index = DAYS[:3]
    result = run_policy("dd", closes, None, [DAYS[0], DAYS[2]], [0.0, 0.0], base_policy(0.0))
    equity = 0.5 + 0.1
    high, low = 1 + equity * 0.2, 1 - equity * 0.1
    assert result.path.to_numpy() == pytest.approx([1.0, high, low])
    assert result.max_drawdown == pytest.approx(1 - low / high)


def test_a_tracking_error_under_one_still_gives_a_ratio() -> None:
    a = _result([1.0, 1.01, 1.02, 1.01], 0.03)
    b = _result([1.0, 1.0, 1.01, 1.0], 0.01)
    got = tracking(a, b)
    diff = a.path.pct_change().dropna() - b.path.pct_change().dropna()
    te = float(np.std(diff.to_list(), ddof=1) * math.sqrt(252))
    assert 0 < te < 1
    assert got["information_ratio"] == pytest.approx((0.03 - 0.01) / te, rel=1e-12)
