"""The written rules: what each signal measures, in which unit, how its value becomes a score in
[-1, 1] (positive favours small-caps), and its weight.

Signals that read the same thing are one *family* with one weight, split evenly among its
members: relative strength, relative trend and the distance from the 52-week high all read price
momentum, and move together (docs/regime.md shows their rank correlations over 25 years), so
together they weigh what one independent signal weighs - momentum is counted once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def clip(x: float) -> float:
    """``x`` bounded to [-1, 1]."""
    return max(-1.0, min(1.0, x))


@dataclass(frozen=True)
class Rule:
    """A signal's definition: its unit, how it is scored (``text`` says it in words), its
    family and its weight (the family's weight divided among its members)."""

    id: str
    name: str
    unit: str
    text: str
    score: Callable[[float, float | None], float]  # (value, change) -> [-1, 1]
    weight: float
    family: str


def _curve(level: float, change: float | None) -> float:
    steepening = clip(change / 0.5) if change is not None else 0.0
    return 0.5 * clip(level / 1.0) + 0.5 * steepening


def _spread(level: float, change: float | None) -> float:
    widening = clip(-change / 1.0) if change is not None else 0.0
    return 0.5 * clip((4.5 - level) / 2.0) + 0.5 * widening


#: Family -> (weight, what it reads). Every family weighs 1 except the two the original rules
#: gave 0.75 (the curve and GDP growth: the report's own reasoning, thinner evidence).
FAMILIES: dict[str, tuple[float, str]] = {
    "momentum": (1.0, "small-cap price momentum against large-caps"),
    "breadth": (1.0, "participation inside the small-cap index"),
    "monetary": (1.0, "the Fed's policy rate"),
    "curve": (0.75, "the Treasury curve"),
    "credit": (1.0, "credit conditions (the refinancing wall)"),
    "valuation": (1.0, "relative valuation"),
    "earnings": (1.0, "relative expected earnings growth"),
    "growth": (0.75, "the economy's growth"),
}

_MOMENTUM = 1.0 / 3.0  # the momentum family's weight split among its three members

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "relative_strength",
            "Small vs large-cap return, 63 trading days",
            "pp",
            "value / 10, clipped: small-caps 10 points ahead over a quarter = +1",
            lambda v, c: clip(v / 10.0),
            FAMILIES["momentum"][0] * _MOMENTUM,
            "momentum",
        ),
        Rule(
            "relative_trend",
            "Small/large price ratio vs its 200-day average",
            "%",
            "value / 5, clipped: the ratio 5% above its 200-day average = +1",
            lambda v, c: clip(v / 5.0),
            FAMILIES["momentum"][0] * _MOMENTUM,
            "momentum",
        ),
        Rule(
            "small_cap_high",
            "Small-caps below their 52-week high",
            "%",
            "1 - value / 10, clipped: a record close = +1, 10% below = 0, 20% below = -1",
            lambda v, c: clip(1.0 - v / 10.0),
            FAMILIES["momentum"][0] * _MOMENTUM,
            "momentum",
        ),
        Rule(
            "breadth",
            "Small-cap stocks advancing",
            "%",
            "(value - 50) / 20, clipped: 70% advancing = +1, 30% = -1",
            lambda v, c: clip((v - 50.0) / 20.0),
            FAMILIES["breadth"][0],
            "breadth",
        ),
        Rule(
            "fed_policy",
            "Change of the Fed funds target (upper bound), 6 months",
            "pp",
            "-value / 0.75, clipped: three 25 bp cuts = +1, three hikes = -1",
            lambda v, c: clip(-v / 0.75),
            FAMILIES["monetary"][0],
            "monetary",
        ),
        Rule(
            "yield_curve",
            "10-year minus 2-year Treasury yield",
            "pp",
            "half level / 1 pp, half 3-month change / 0.5 pp, each clipped: a positive, "
            "steepening curve favours banks and small-caps",
            _curve,
            FAMILIES["curve"][0],
            "curve",
        ),
        Rule(
            "credit_spread",
            "High-yield option-adjusted spread",
            "pp",
            "half (4.5 - level) / 2, half -(3-month change) / 1 pp, each clipped: tight and "
            "narrowing spreads = +1; widening = the refinancing wall biting",
            _spread,
            FAMILIES["credit"][0],
            "credit",
        ),
        Rule(
            "valuation_gap",
            "Small-cap forward P/E discount to large-caps",
            "%",
            "(value - 10) / 20, clipped: a 30% discount = +1, 10% = 0",
            lambda v, c: clip((v - 10.0) / 20.0),
            FAMILIES["valuation"][0],
            "valuation",
        ),
        Rule(
            "earnings_gap",
            "Expected EPS growth, small minus large-caps",
            "pp",
            "value / 5, clipped: small-caps 5 points faster = +1",
            lambda v, c: clip(v / 5.0),
            FAMILIES["earnings"][0],
            "earnings",
        ),
        Rule(
            "growth",
            "Real GDP growth",
            "%",
            "(value - 1.5) / 1.5, clipped: 3% = +1, 1.5% = 0, 0% = -1",
            lambda v, c: clip((v - 1.5) / 1.5),
            FAMILIES["growth"][0],
            "growth",
        ),
    )
}
