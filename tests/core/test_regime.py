"""Regime signals from generated series with known answers; scoring, the coverage-scaled
composite, the minimum coverage, neutral, label, hysteresis across plans, the momentum family
and staleness."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from planner.brokers import load_household
from planner.core.plan import applied_tilt
from planner.core.policy import Policy
from planner.core.regime import (
    FAMILIES,
    MEGA_LEADERSHIP,
    NEUTRAL,
    RULES,
    SMALL_LEADERSHIP,
    Observation,
    RegimeSettings,
    assess,
    choose_large,
    distance_from_high,
    label_for,
    level_and_change,
    relative_strength,
    relative_trend,
    with_previous_label,
)
from planner.resources import demo_files

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


def test_composite_is_scaled_by_coverage() -> None:
    d = date(2026, 1, 8)
    regime = assess(
        [_obs("valuation_gap", 30, d), _obs("breadth", 40, date(2026, 1, 5))],
        today=date(2026, 1, 9),
    )
    w_v, w_b = RULES["valuation_gap"].weight, RULES["breadth"].weight
    total = sum(r.weight for r in RULES.values())
    expected = (w_v * 1.0 + w_b * -0.5) / total  # every rule's weight, not the available ones'
    assert regime.composite == pytest.approx(expected, abs=1e-6)
    assert regime.coverage == pytest.approx((w_v + w_b) / total, abs=1e-6)
    assert regime.as_of == date(2026, 1, 5)  # the latest date all inputs share
    assert regime.age_days == 4 and regime.stale is False
    missing = [s for s in regime.signals if not s.available]
    assert len(missing) == len(RULES) - 2
    assert all(s.value is None and s.score is None and s.contribution is None for s in missing)
    total_contribution = sum(s.contribution or 0 for s in regime.signals)
    assert total_contribution == pytest.approx(regime.composite, abs=1e-5)


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


# --- coverage, the minimum, neutral, hysteresis, the momentum family ---------------------

#: One value per signal whose score is known by hand from the rule's text.
FULL = {
    "relative_strength": (5.0, None, 0.5),  # 5 / 10
    "relative_trend": (2.5, None, 0.5),  # 2.5 / 5
    "small_cap_high": (5.0, None, 0.5),  # 1 - 5 / 10
    "breadth": (60.0, None, 0.5),  # (60 - 50) / 20
    "fed_policy": (-0.375, None, 0.5),  # 0.375 / 0.75
    "yield_curve": (0.5, 0.25, 0.5),  # 0.5 x 0.5 + 0.5 x 0.5
    "credit_spread": (3.5, -0.5, 0.5),  # 0.5 x (1 / 2) + 0.5 x 0.5
    "valuation_gap": (20.0, None, 0.5),  # (20 - 10) / 20
    "earnings_gap": (2.5, None, 0.5),  # 2.5 / 5
    "growth": (2.25, None, 0.5),  # (2.25 - 1.5) / 1.5
}
D = date(2026, 11, 20)


def _full(ids: list[str] | None = None) -> list[Observation]:
    ids = ids if ids is not None else list(FULL)
    return [Observation(i, FULL[i][0], D, "test", FULL[i][1]) for i in ids]


def test_the_hand_scores_are_the_rules() -> None:
    for rid, (value, change, score) in FULL.items():
        assert RULES[rid].score(value, change) == pytest.approx(score), rid


def test_the_composite_scales_with_coverage_and_is_never_louder_than_the_full_set() -> None:
    full = assess(_full(), today=D)
    assert full.coverage == pytest.approx(1.0) and full.composite == pytest.approx(0.5)
    snapshot_ids = [
        "small_cap_high",
        "breadth",
        "fed_policy",
        "valuation_gap",
        "earnings_gap",
        "growth",
    ]
    part = assess(_full(snapshot_ids), today=D)
    share = sum(RULES[i].weight for i in snapshot_ids) / sum(r.weight for r in RULES.values())
    assert part.coverage == pytest.approx(share, abs=1e-6)
    assert part.composite == pytest.approx(0.5 * share, abs=1e-6)  # same scores, less evidence
    assert part.composite < full.composite


def test_below_the_minimum_coverage_no_tilt_whatever_the_scores() -> None:
    strong = [
        Observation("valuation_gap", 30.0, D, "t"),
        Observation("earnings_gap", 5.0, D, "t"),
        Observation("breadth", 70.0, D, "t"),
    ]
    loose = RegimeSettings(small_threshold=0.1, min_coverage=0.3)
    covered = sum(RULES[o.id].weight for o in strong) / sum(r.weight for r in RULES.values())
    assert covered < RegimeSettings().min_coverage  # 3 of 7.5: 40%
    low = assess(strong, today=D)
    assert low.label == NEUTRAL and low.tilt == 0 and low.composite > 0
    assert any("minimum is 50%" in w for w in low.warnings)
    enough = assess(strong, today=D, settings=loose)  # a 30% minimum lets it speak
    assert enough.label == SMALL_LEADERSHIP
    assert enough.tilt == pytest.approx(enough.composite * 0.05)


def test_neutral_moves_nothing() -> None:
    regime = assess(_full(), today=D, settings=RegimeSettings(small_threshold=0.6))
    assert regime.label == NEUTRAL and regime.composite == pytest.approx(0.5)
    assert regime.tilt == 0
    assert applied_tilt(Policy(), regime.view()) == 0  # the plan agrees
    loud = assess(_full(), today=D)
    assert loud.label == SMALL_LEADERSHIP
    assert applied_tilt(Policy(), loud.view()) == pytest.approx(0.5 * Policy().tilt.max)


def _one_signal(composite: float) -> tuple[list[Observation], RegimeSettings]:
    """Only the valuation gap counts: the composite is its score, (value - 10) / 20."""
    weights = dict.fromkeys(RULES, 0.0) | {"valuation_gap": 1.0}
    return [Observation("valuation_gap", 10 + 20 * composite, D, "t")], RegimeSettings(
        weights=weights
    )


def test_hysteresis_across_two_consecutive_plans() -> None:
    from planner.core.plan import make_plan
    from planner.reports.plan_json import plan_json
    from tests.core.test_plan import _facts

    household = load_household([str(p) for p in demo_files()])
    first_obs, settings = _one_signal(0.27)
    first = assess(first_obs, today=D, settings=settings)
    assert first.label == SMALL_LEADERSHIP  # 0.27 >= 0.25, no history
    plan1 = make_plan(household, _facts(), Policy(), first.view(), scenarios=False)
    archived = plan_json(plan1)["regime"]["label"]  # what the archive keeps
    assert archived == SMALL_LEADERSHIP and plan1.tilt == pytest.approx(0.27 * 0.05)
    # a month later the composite dips to 0.22: within the 0.05 margin of the threshold
    second_obs, _ = _one_signal(0.22)
    second = assess(second_obs, today=D, settings=settings, previous_label=archived)
    fresh = assess(second_obs, today=D, settings=settings)
    assert second.label == SMALL_LEADERSHIP and second.previous_label == archived
    assert fresh.label == NEUTRAL  # without the history it would have flipped
    plan2 = make_plan(household, _facts(), Policy(), second.view(), scenarios=False)
    assert plan2.tilt == pytest.approx(0.22 * 0.05)
    assert make_plan(household, _facts(), Policy(), fresh.view(), scenarios=False).tilt == 0
    # the same through a regime read once for a book
    assert with_previous_label(fresh, archived).label == SMALL_LEADERSHIP
    assert with_previous_label(fresh, archived).tilt == pytest.approx(0.22 * 0.05)
    with pytest.raises(ValueError, match="previous label"):
        assess(second_obs, today=D, previous_label="bullish")


def test_momentum_is_one_family_with_one_weight() -> None:
    momentum = [r for r in RULES.values() if r.family == "momentum"]
    assert {r.id for r in momentum} == {"relative_strength", "relative_trend", "small_cap_high"}
    assert sum(r.weight for r in momentum) == pytest.approx(FAMILIES["momentum"][0])
    assert FAMILIES["momentum"][0] == max(w for w, _ in FAMILIES.values())  # no heavier family
    regime = assess(_full(), today=D)
    fam = regime.families()["momentum"]
    assert fam[0] == pytest.approx(1.0) and fam[2] == pytest.approx(0.5)


def test_the_large_cap_series_is_broad() -> None:
    assert choose_large({"IWM": 1, "SPY": 1, "QQQ": 1}) == ("SPY", "")
    assert choose_large({"IWM": 1, "SPY": 1, "MGC": 1}, "MGC") == ("MGC", "")
    sym, why = choose_large({"IWM": 1, "QQQ": 1})
    assert sym == "QQQ" and "not a broad large-cap series" in why
    assert choose_large({"IWM": 1}) == (None, "")
