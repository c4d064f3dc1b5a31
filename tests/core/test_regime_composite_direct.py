"""A regime's families and its staleness as of a day (``planner/core/regime/composite.py``),
called directly on hand-built regimes."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from planner.core.plan_model import RegimeView
from planner.core.regime import (
    MEGA_LEADERSHIP,
    NEUTRAL,
    SMALL_LEADERSHIP,
    Observation,
    Regime,
    RegimeSettings,
    Signal,
    assess,
    label_for,
    with_previous_label,
)
from planner.core.regime.rules import RULES


def signal(family: str, weight: float, score: float | None) -> Signal:
    value = None if score is None else 1.0
    return Signal(
        f"{family}-{weight}", family, score is not None, value, "%", None, None, "", "", score,
        weight, None, family=family,
    )  # fmt: skip


AS_OF = date(2026, 1, 8)


def regime(*signals: Signal, as_of: date | None = AS_OF, stale: bool = False) -> Regime:
    return Regime(NEUTRAL, 0.0, 0.0, as_of, None, stale, signals, "snapshot 2026-01-08")


def test_a_familys_score_is_the_weighted_mean_of_its_available_members() -> None:
    r = regime(
        signal("momentum", 1.0, 0.5),
        signal("rates", 2.0, None),
        signal("momentum", 3.0, -0.25),
        signal("momentum", 0.5, None),  # not available: counts in the weight only
        signal("credit", 0.5, 0.0),  # a neutral reading
        signal("credit", 1.5, 1.0),
    )
    assert r.families() == {
        # (1.0 x 0.5 + 3.0 x -0.25) / (1.0 + 3.0)
        "momentum": (4.5, 4.0, (0.5 - 0.75) / 4.0),
        "rates": (2.0, 0.0, None),
        # (0.5 x 0 + 1.5 x 1) / (0.5 + 1.5)
        "credit": (2.0, 2.0, 1.5 / 2.0),
    }
    assert list(r.families()) == ["momentum", "rates", "credit"]  # in the signals' order


@pytest.mark.parametrize("previous", [SMALL_LEADERSHIP, NEUTRAL, None])
def test_a_regime_relabelled_from_a_households_last_label_records_it(
    previous: str | None,
) -> None:
    r = with_previous_label(regime(signal("momentum", 1.0, 0.5)), previous)
    assert r.previous_label == previous


def test_a_previous_label_that_is_not_a_label_is_refused() -> None:
    with pytest.raises(ValueError, match="previous label 'bullish' is not one of"):
        with_previous_label(regime(signal("momentum", 1.0, 0.5)), "bullish")


def test_the_plans_view_of_a_regime_carries_its_date_age_staleness_source_and_previous_label() -> (
    None
):
    """What the plan (and its explanation: "as of", "stale", the source, "held from") reads."""
    r = Regime(
        SMALL_LEADERSHIP, 0.4, 0.1, AS_OF, 9, True, (), "data folder X",
        previous_label=NEUTRAL,
    )  # fmt: skip
    assert r.view() == RegimeView(
        SMALL_LEADERSHIP, 0.4, AS_OF, stale=True, age_days=9, source="data folder X",
        previous_label=NEUTRAL,
    )  # fmt: skip


# --- label_for: thresholds and hysteresis ----------------------------------------------------

# thresholds of +-0.25 and a hysteresis of 1/16: every boundary below is an exact binary figure
STICKY = RegimeSettings(small_threshold=0.25, mega_threshold=-0.25, hysteresis=0.0625)


@pytest.mark.parametrize(
    ("composite", "previous", "label"),
    [
        # without a previous label the thresholds themselves decide, inclusive
        (0.25, None, SMALL_LEADERSHIP),
        (-0.25, None, MEGA_LEADERSHIP),
        (0.2499, None, NEUTRAL),
        # from neutral a composite must pass a threshold by the hysteresis
        (0.25, NEUTRAL, NEUTRAL),
        (-0.25, NEUTRAL, NEUTRAL),
        (0.3125, NEUTRAL, SMALL_LEADERSHIP),
        (-0.3125, NEUTRAL, MEGA_LEADERSHIP),
        # a label is kept until the composite falls the hysteresis back past its threshold
        (0.1875, SMALL_LEADERSHIP, SMALL_LEADERSHIP),
        (0.18, SMALL_LEADERSHIP, NEUTRAL),
        (-0.1875, MEGA_LEADERSHIP, MEGA_LEADERSHIP),
        (-0.25, MEGA_LEADERSHIP, MEGA_LEADERSHIP),
        (-0.18, MEGA_LEADERSHIP, NEUTRAL),
    ],
)
def test_a_label_changes_only_a_hysteresis_beyond_the_threshold_it_crosses(
    composite: float, previous: str | None, label: str
) -> None:
    assert label_for(composite, STICKY, previous) == label


def test_label_for_refuses_a_previous_label_that_is_not_a_label() -> None:
    with pytest.raises(ValueError, match="previous label 'bullish' is not one of"):
        label_for(0.0, STICKY, "bullish")


def test_a_regime_read_from_exactly_the_minimum_coverage_is_labelled_and_tilts() -> None:
    half = Regime(NEUTRAL, 0.375, 0.0, AS_OF, 0, False, (), "", coverage=0.5)
    r = with_previous_label(half, None)
    assert r.label == SMALL_LEADERSHIP
    assert r.tilt == pytest.approx(0.375 * RegimeSettings().max_tilt)


# --- assess ----------------------------------------------------------------------------------

DAY = date(2026, 1, 8)


def obs(rule_id: str, value: float | None, as_of: date = AS_OF, **kw: object) -> Observation:
    return Observation(rule_id, value, as_of, f"source of {rule_id}", **kw)  # type: ignore[arg-type]


def signal_of(r: Regime, rule_id: str) -> Signal:
    return next(s for s in r.signals if s.id == rule_id)


def test_a_signal_carries_its_rules_name_unit_and_text_and_its_observations_details() -> None:
    o = Observation("yield_curve", 0.5, AS_OF, "FRED T10Y2Y", change=0.25, note="fred.csv")
    r = assess([o], DAY)
    rule = RULES["yield_curve"]
    total = sum(x.weight for x in RULES.values())
    score = rule.score(0.5, 0.25)
    assert signal_of(r, "yield_curve") == Signal(
        "yield_curve", rule.name, True, 0.5, rule.unit, 0.25, AS_OF, "FRED T10Y2Y", rule.text,
        score, rule.weight, rule.weight * score / total, "fred.csv", rule.family,
    )  # fmt: skip


def test_a_signal_without_an_observation_has_no_value_date_source_or_note() -> None:
    r = assess([], DAY)
    s = signal_of(r, "breadth")
    assert (s.available, s.value, s.change, s.as_of, s.source, s.note, s.score) == (
        False, None, None, None, "", "", None,
    )  # fmt: skip
    assert (r.label, r.composite, r.coverage, r.as_of, r.age_days, r.stale) == (
        NEUTRAL, 0.0, 0.0, None, None, True,
    )  # fmt: skip
    assert r.source == ""


def test_an_observation_that_is_not_a_number_is_not_available_and_does_not_date_the_regime() -> (
    None
):
    older = date(2025, 12, 1)
    r = assess([obs("breadth", math.nan, older, change=1.0), obs("fed_policy", -0.75)], DAY)
    nan = signal_of(r, "breadth")
    assert (nan.available, nan.value, nan.score, nan.contribution) == (False, None, None, None)
    assert nan.change == 1.0  # what the observation said, shown beside "not available"
    assert (r.as_of, r.age_days) == (AS_OF, 0)  # the one available signal dates it


def test_scores_contributions_and_the_composite_are_given_to_six_decimals() -> None:
    # a third of a point ahead: a score of 1/30, which no float holds to six decimals
    r = assess([obs("relative_strength", 1 / 3)], DAY)
    s = signal_of(r, "relative_strength")
    total = sum(x.weight for x in RULES.values())
    assert s.score == round(1 / 30, 6)
    assert s.contribution == round(s.weight / 30 / total, 6)
    assert r.composite == round(s.weight / 30 / total, 6)


def test_with_every_weight_zero_nothing_is_available_and_nothing_divides_by_zero() -> None:
    settings = RegimeSettings(weights={k: 0.0 for k in RULES})
    r = assess([obs("breadth", 70.0)], DAY, settings)
    assert (r.composite, r.coverage, r.label, r.tilt) == (0.0, 0.0, NEUTRAL, 0.0)
    assert signal_of(r, "breadth").contribution is None


def test_a_regime_keeps_its_source_series_and_settings() -> None:
    settings = RegimeSettings(max_tilt=0.03)
    series = {"breadth": pd.Series([1.0, 2.0])}
    r = assess([obs("breadth", 70.0)], DAY, settings, "snapshot 2026-01-08", series=series)
    assert r.source == "snapshot 2026-01-08"
    assert list(r.series) == ["breadth"]
    assert r.series["breadth"].tolist() == [1.0, 2.0]
    assert r.settings is settings
