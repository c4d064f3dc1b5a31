"""A regime's families and its staleness as of a day (``planner/core/regime/composite.py``),
called directly on hand-built regimes."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.plan_model import RegimeView
from planner.core.regime import (
    NEUTRAL,
    SMALL_LEADERSHIP,
    Regime,
    Signal,
    with_previous_label,
)


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
