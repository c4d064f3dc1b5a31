"""The curve and credit rules' scores when a signal has a level but no change yet
(``planner/core/regime/rules.py``): the missing half counts as neutral (0), not as +1."""

from __future__ import annotations

import math

import pytest

from planner.core.regime.rules import RULES


@pytest.mark.parametrize(
    ("level", "change", "expected"),
    [
        (0.4, None, 0.5 * 0.4),  # steepening unknown: only half the level's score
        (0.4, 0.25, 0.5 * 0.4 + 0.5 * (0.25 / 0.5)),
        (-2.0, None, 0.5 * -1.0),  # an inverted curve, clipped
    ],
)
def test_the_curve_score_is_half_level_half_steepening(
    level: float, change: float | None, expected: float
) -> None:
    assert math.isclose(RULES["yield_curve"].score(level, change), expected)


@pytest.mark.parametrize(
    ("level", "change", "expected"),
    [
        (3.5, None, 0.5 * (4.5 - 3.5) / 2.0),  # widening unknown: only the level's half
        (3.5, 0.5, 0.5 * (4.5 - 3.5) / 2.0 + 0.5 * -0.5),  # widening by half a point
        (8.0, None, 0.5 * -1.0),  # a wide spread, clipped
    ],
)
def test_the_credit_score_is_half_level_half_narrowing(
    level: float, change: float | None, expected: float
) -> None:
    assert math.isclose(RULES["credit_spread"].score(level, change), expected)
