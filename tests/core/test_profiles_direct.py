"""Direct tests of :func:`planner.core.profiles.profile_from_holdings`: which holdings count,
how the coverage is figured, the date the caps are said to be of (the one most of the matched
weight carries), and what the profile keeps of its fund. These figures are what a fund's
look-through note tells the advisor ("N holdings of DATE, caps of DATE, P% of equity weight
matched"). (Written against the mutants that survived the mutation run: README "Mutation
testing".)"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

import pytest

from planner.core.buckets import CapThresholds, dollars_scheme
from planner.core.profiles import (
    CapLookup,
    Fund,
    Holding,
    fund_mix,
    grid_edges,
    profile_from_holdings,
)

HELD = date(2026, 6, 30)
OLD = date(2026, 1, 2)
NEW = date(2026, 8, 21)

Caps = Mapping[str, tuple[float, date | None]]


def _by_symbol(caps: Caps) -> CapLookup:
    return lambda symbol, cusip: caps.get(symbol)


def test_a_profile_counts_only_weighed_holdings_and_finds_a_cap_by_cusip() -> None:
    """Holdings weigh 0.5 of the fund in all (the rest is not equity): a holding of no weight
    is skipped wherever it stands, an unknown one lowers the coverage and the ones after it
    still count, and a holding whose symbol is unknown is found through its CUSIP."""
    by_cusip = {"037833100": (3e12, NEW)}  # AAPL's CUSIP; the file's symbol is garbled
    by_symbol = {"ZERO": (50e9, OLD), "MSFT": (2e12, NEW), "SMALL": (1e9, NEW)}

    def cap_of(symbol: str, cusip: str) -> tuple[float, date | None] | None:
        return by_symbol.get(symbol) or by_cusip.get(cusip)

    holdings = [
        Holding("ZERO", 0.0),  # no weight: not a holding of the fund
        Holding("AAPL*", 0.2, cusip="037833100"),
        Holding("GONE", 0.1),  # no cap found
        Holding("MSFT", 0.15),
        Holding("SMALL", 0.05),
    ]
    p = profile_from_holdings("FUND", holdings, cap_of, HELD, "issuer file", grid_edges())
    assert (p.fund, p.holdings_as_of, p.source) == ("FUND", HELD, "issuer file")
    assert p.holdings == 4  # ZERO has no weight
    assert math.isclose(p.coverage, (0.2 + 0.15 + 0.05) / 0.5)  # 0.8 of the equity weight
    assert p.caps_as_of == NEW
    # binned on the grid: each bin is a range of caps holding its cap, weights renormalised
    assert len(p.bins) == 3 and all(lo < hi for lo, hi, _ in p.bins)
    for cap, weight in [(3e12, 0.2), (2e12, 0.15), (1e9, 0.05)]:
        (w,) = [w for lo, hi, w in p.bins if lo <= cap < hi]
        assert math.isclose(w, weight / 0.4)
    split = p.split(CapThresholds())
    assert math.isclose(split["mega"], 0.35 / 0.4) and math.isclose(split["small"], 0.05 / 0.4)


@pytest.mark.parametrize(
    "holdings",
    [
        pytest.param([Holding("ZERO", 0.0), Holding("NIL", 0.0)], id="no-weight"),
        pytest.param([Holding("GONE", 0.3), Holding("LOST", 0.2)], id="no-cap-found"),
        pytest.param([], id="no-holdings"),
    ],
)
def test_a_profile_with_nothing_matched_is_empty_undated_and_covers_nothing(
    holdings: list[Holding],
) -> None:
    caps: Caps = {"ZERO": (50e9, NEW), "NIL": (2e9, OLD)}  # known, but held at no weight
    p = profile_from_holdings("FUND", holdings, _by_symbol(caps), HELD, "t", grid_edges())
    assert (p.bins, p.caps_as_of, p.coverage) == ((), None, 0.0)
    assert p.holdings == sum(1 for h in holdings if h.weight > 0)


def test_any_positive_cap_is_a_cap_and_a_zero_cap_is_unknown() -> None:
    caps: Caps = {"NOCAP": (0.0, OLD), "TINY": (1.0, NEW)}
    holdings = [Holding("NOCAP", 0.5), Holding("TINY", 0.5)]
    p = profile_from_holdings("FUND", holdings, _by_symbol(caps), HELD, "t")
    assert p.coverage == 0.5
    assert p.bins == ((1.0, 1.0, 1.0),)
    assert p.caps_as_of == NEW  # the zero cap's date is not a cap's date


@pytest.mark.parametrize(
    ("holdings", "caps_as_of"),
    [
        # 0.3 + 0.3 of the weight has caps of OLD, 0.4 of NEW: most of it is OLD
        ([Holding("A", 0.3), Holding("B", 0.3), Holding("C", 0.4)], OLD),
        ([Holding("C", 0.4), Holding("A", 0.3), Holding("B", 0.3)], OLD),
        # an equal weight on each date: the later date, whatever the order
        ([Holding("A", 0.25), Holding("D", 0.25)], NEW),
        ([Holding("D", 0.25), Holding("A", 0.25)], NEW),
    ],
)
def test_the_caps_are_of_the_date_most_of_the_matched_weight_carries(
    holdings: list[Holding], caps_as_of: date
) -> None:
    caps: Caps = {"A": (5e9, OLD), "B": (50e9, OLD), "C": (500e9, NEW), "D": (1e9, NEW)}
    p = profile_from_holdings("FUND", holdings, _by_symbol(caps), HELD, "t")
    assert p.caps_as_of == caps_as_of


def test_the_look_through_note_tells_the_profiles_figures() -> None:
    caps: Caps = {"A": (300e9, OLD), "B": (5e9, OLD), "C": (1e9, NEW)}
    holdings = [Holding("A", 0.5), Holding("B", 0.25), Holding("C", 0.125), Holding("X", 0.125)]
    p = profile_from_holdings("FUND", holdings, _by_symbol(caps), HELD, "t", grid_edges())
    fund = Fund("FUND", "Fund", "holdings", "Some index", "large", "FUND", {}, "t", HELD)
    placed = fund_mix(fund, {"FUND": p}, dollars_scheme())
    assert placed is not None
    assert placed.note == (
        "look-through: 4 holdings of 2026-06-30, caps of 2026-01-02, 88% of equity weight matched"
    )
    assert placed.mix == pytest.approx(
        {"mega": 0.5 / 0.875, "mid": 0.25 / 0.875, "small": 0.125 / 0.875}
    )
