"""Regime signals from generated series with known answers; scoring, composite, label,
hysteresis and staleness."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from planner.core.regime import (
    MEGA_LEADERSHIP,
    NEUTRAL,
    RULES,
    SMALL_LEADERSHIP,
    Observation,
    RegimeSettings,
    assess,
    distance_from_high,
    label_for,
    level_and_change,
    relative_strength,
    relative_trend,
)

DAYS = pd.bdate_range("2025-01-01", periods=300)


def test_relative_strength_over_exactly_63_rows() -> None:
    small = pd.Series(100.0, index=DAYS)
    small.iloc[-64:] = np.linspace(100, 110, 64)  # +10% from 63 rows before the last
    large = pd.Series(50.0, index=DAYS)  # flat
    obs = relative_strength(small, large)
    assert obs is not None and obs.value == pytest.approx(10.0)
    assert obs.as_of == DAYS[-1].date()
    assert relative_strength(small.iloc[:63], large.iloc[:63]) is None  # not enough rows


def test_relative_trend_against_the_200_day_average() -> None:
    small = pd.Series(np.r_[np.full(199, 100.0), 120.0], index=DAYS[:200])
    large = pd.Series(100.0, index=DAYS[:200])
    obs = relative_trend(small, large)
    assert obs is not None
    assert obs.value == pytest.approx(100 * (1.2 / ((199 + 1.2) / 200) - 1))


def test_distance_from_the_52_week_high() -> None:
    closes = pd.Series(np.r_[np.linspace(50, 100, 200), np.linspace(100, 90, 52)], index=DAYS[:252])
    obs = distance_from_high(closes)
    assert obs is not None and obs.value == pytest.approx(10.0)
    record = pd.Series(np.linspace(50, 100, 252), index=DAYS[:252])
    assert distance_from_high(record).value == pytest.approx(0.0)  # type: ignore[union-attr]


def test_six_month_change_of_the_fed_target() -> None:
    days = pd.date_range("2025-06-01", "2026-01-08", freq="D")
    target = pd.Series(4.50, index=days)
    target[days >= "2025-09-18"] = 4.25
    target[days >= "2025-10-30"] = 4.00
    target[days >= "2025-12-11"] = 3.75
    obs = level_and_change("fed_policy", target, 6, change_only=True)
    assert obs is not None and obs.value == pytest.approx(-0.75)
    assert RULES["fed_policy"].score(obs.value, None) == 1.0  # type: ignore[arg-type]
    curve = level_and_change("yield_curve", target, 3)
    assert curve is not None and curve.value == 3.75 and curve.change == pytest.approx(-0.5)


def test_scores_are_bounded_and_signed() -> None:
    for rule in RULES.values():
        for v in (-1e6, -50.0, -1.0, 0.0, 1.0, 50.0, 1e6):
            for c in (None, -5.0, 5.0):
                assert -1.0 <= rule.score(v, c) <= 1.0
    assert RULES["valuation_gap"].score(30, None) == 1.0
    assert RULES["credit_spread"].score(8.0, 2.0) < 0  # wide and widening: the wall bites


def _obs(id_: str, value: float, day: date) -> Observation:
    return Observation(id_, value, day, "test")


def test_composite_is_the_weighted_mean_of_what_is_available() -> None:
    d = date(2026, 1, 8)
    regime = assess([_obs("valuation_gap", 30, d), _obs("breadth", 40, date(2026, 1, 5))],
                    today=date(2026, 1, 9))  # fmt: skip
    w_v, w_b = RULES["valuation_gap"].weight, RULES["breadth"].weight
    expected = (w_v * 1.0 + w_b * -0.5) / (w_v + w_b)
    assert regime.composite == pytest.approx(expected)
    assert regime.tilt == pytest.approx(expected * 0.05)
    assert regime.as_of == date(2026, 1, 5)  # the latest date all inputs share
    assert regime.age_days == 4 and regime.stale is False
    missing = [s for s in regime.signals if not s.available]
    assert len(missing) == len(RULES) - 2
    assert all(s.value is None and s.score is None and s.contribution is None for s in missing)
    assert sum(s.contribution or 0 for s in regime.signals) == pytest.approx(regime.composite)


def test_nothing_available_is_neutral_and_stale() -> None:
    regime = assess([], today=date(2026, 1, 8))
    assert regime.label == NEUTRAL and regime.composite == 0 and regime.stale


def test_labels_and_hysteresis() -> None:
    s = RegimeSettings()
    assert label_for(0.30, s) == SMALL_LEADERSHIP
    assert label_for(-0.30, s) == MEGA_LEADERSHIP
    assert label_for(0.0, s) == NEUTRAL
    # a small dip below the threshold does not flip a standing label ...
    assert label_for(0.22, s, previous=SMALL_LEADERSHIP) == SMALL_LEADERSHIP
    # ... nor does a small rise above it make a new one
    assert label_for(0.27, s, previous=NEUTRAL) == NEUTRAL
    assert label_for(0.31, s, previous=NEUTRAL) == SMALL_LEADERSHIP
    assert label_for(0.15, s, previous=SMALL_LEADERSHIP) == NEUTRAL


def test_stale_after_the_setting() -> None:
    d = date(2026, 1, 8)
    obs = [_obs("growth", 2.6, d)]
    assert not assess(obs, today=date(2026, 1, 15)).stale
    assert assess(obs, today=date(2026, 1, 16)).stale
    assert not assess(obs, today=date(2026, 1, 16), settings=RegimeSettings(stale_days=30)).stale
