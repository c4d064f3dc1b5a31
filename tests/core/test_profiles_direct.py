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
    FundPlacement,
    Holding,
    bin_points,
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


def test_the_grid_runs_from_ten_thousand_to_a_hundred_trillion_dollars_40_bins_a_decade() -> None:
    edges = grid_edges()
    assert len(edges) == 10 * 40 + 1  # ten decades, both ends included
    assert (edges[0], edges[-1]) == (1e4, 1e14)
    assert edges == tuple(float(round(10 ** (4 + k / 40))) for k in range(401))


def test_a_schemes_lines_become_exact_edges_when_positive() -> None:
    """Extra edges join the grid (a scheme's lines are exact bin edges); a zero or negative
    line is no edge."""
    edges = grid_edges([0.0, -5.0, 1.0, 22.7e9])
    assert 1.0 in edges and 22.7e9 in edges
    assert 0.0 not in edges and -5.0 not in edges
    assert len(edges) == 401 + 2 and edges[0] == 1.0


def test_points_fall_in_the_bin_holding_them_and_outside_caps_in_the_end_bins() -> None:
    """Caps below the first edge go to the first bin, an edge starts its bin, the last edge
    and anything above go to the last bin; a bin of no weight is left out; weights are
    divided by their total."""
    edges = (1.0, 10.0, 100.0, 1000.0, 10000.0)
    points = [
        (0.5, 0.1),  # below the grid: first bin
        (5.0, 0.2),
        (10.0, 0.1),  # on an edge: the bin it starts
        (500.0, 0.0),  # no weight: its bin is left out
        (10000.0, 0.2),  # the last edge: last bin
        (50000.0, 0.4),  # above the grid: last bin
    ]
    bins = bin_points(points, edges)
    assert [(lo, hi) for lo, hi, _ in bins] == [(1.0, 10.0), (10.0, 100.0), (1000.0, 10000.0)]
    assert [w for _, _, w in bins] == pytest.approx([0.1 + 0.2, 0.1, 0.2 + 0.4])


def test_exact_points_are_one_bin_per_distinct_cap() -> None:
    bins = bin_points([(2e9, 0.25), (1e9, 0.5), (2e9, 0.25)], None)
    assert bins == ((1e9, 1e9, 0.5), (2e9, 2e9, 0.5))


@pytest.mark.parametrize(
    ("view", "guessed", "note"),
    [
        ("index", False, "index view: Russell 2000 counts as small-caps"),
        # no profile to look through: placed wholly in the segment, as a guess
        ("look-through", True, "no holdings file: Russell 2000 placed wholly in small-caps"),
    ],
)
def test_a_fund_placed_in_its_segment_says_the_segment_in_words(
    view: str, guessed: bool, note: str
) -> None:
    """Its fixed part as stated (a zero fraction is no part), the rest in its segment."""
    fund = Fund("IWM", "iShares Russell 2000", "holdings", "Russell 2000", "small", "IWM",
                {"intl_equity": 0.2, "bonds": 0.0}, "t", HELD)  # fmt: skip
    placed = fund_mix(fund, {}, dollars_scheme(), view)  # type: ignore[arg-type]
    assert placed == FundPlacement({"intl_equity": 0.2, "small": 0.8}, guessed, HELD, note)


def test_a_fund_with_no_us_equity_is_not_sized() -> None:
    fund = Fund("BND", "Total Bond", "asset_class", "Bond index", None, None, {"bonds": 1.0},
                "t", HELD)  # fmt: skip
    assert fund_mix(fund, {}, dollars_scheme()) == FundPlacement(
        {"bonds": 1.0}, False, HELD, "Bond index: not sized"
    )


def test_a_look_through_note_of_an_undated_profile_says_undated() -> None:
    p = profile_from_holdings("FUND", [Holding("A", 1.0)], lambda s, c: (5e9, None), None, "t")
    fund = Fund("FUND", "Fund", "holdings", "Some index", "large", "FUND", {}, "t", None)
    placed = fund_mix(fund, {"FUND": p}, dollars_scheme())
    assert placed is not None and placed.note == (
        "look-through: 1 holdings of undated, caps of undated, 100% of equity weight matched"
    )


def test_a_fund_with_its_own_holdings_reads_a_profile_filed_under_another_symbol() -> None:
    """A share class placed by ``holdings`` whose profile is filed under its sibling (VTSAX
    through VTI's file) is still told as look-through, not as an equivalent or a guess."""
    caps: Caps = {"A": (5e9, OLD)}
    p = profile_from_holdings("VTI", [Holding("A", 1.0)], _by_symbol(caps), HELD, "t")
    fund = Fund("VTSAX", "Total Stock", "holdings", "CRSP US Total", "large", "VTI", {}, "t", HELD)
    placed = fund_mix(fund, {"VTI": p}, dollars_scheme())
    assert placed is not None and placed.note == (
        "look-through: 1 holdings of 2026-06-30, caps of 2026-01-02, 100% of equity weight matched"
    )


@pytest.mark.parametrize("view", ["look-through", "index"])
def test_a_segment_that_is_also_a_fixed_bucket_adds_to_the_fixed_part(view: str) -> None:
    """The fund table accepts any bucket as a segment: a row stating 30% international and
    10% cash whose segment is international has its other 60% added to the 30%, not put in
    its place (the fund is 90% international)."""
    fund = Fund("WORLD", "World ex-US", "category", "World ex-US", "intl_equity", None,
                {"intl_equity": 0.3, "cash": 0.1}, "t", HELD)  # fmt: skip
    placed = fund_mix(fund, {}, dollars_scheme(), view)  # type: ignore[arg-type]
    assert placed is not None
    assert placed.mix.keys() == {"intl_equity", "cash"}
    assert math.isclose(placed.mix["intl_equity"], 0.3 + (1 - 0.3 - 0.1))
    assert math.isclose(placed.mix["cash"], 0.1)
