"""Size schemes (rank, S&P ranges, dollars), their wording, and fund size profiles: binning,
splitting under any lines, placements and the index view."""

from __future__ import annotations

import math
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.buckets import (
    RANK_CUTS,
    SIZE_BUCKETS,
    SP_RANGES,
    CapThresholds,
    describe_bucket,
    describe_scheme,
    dollars_scheme,
    rank_scheme,
)
from planner.core.profiles import (
    BINS_PER_DECADE,
    Fund,
    Holding,
    SizeProfile,
    bin_points,
    fund_mix,
    grid_edges,
    profile_from_holdings,
)

D = date(2026, 8, 21)


def test_dollar_lines_boundaries() -> None:
    t = CapThresholds()
    assert [t.bucket(x) for x in (200e9, 199.9e9, 10e9, 2e9, 300e6, 299e6, 0)] == [
        "mega",
        "large",
        "large",
        "mid",
        "small",
        "micro",
        "micro",
    ]
    with pytest.raises(ValueError):
        CapThresholds(mega=1e9, large=10e9)


def test_rank_breakpoints_are_the_caps_at_the_cut_ranks() -> None:
    caps = [float(4000 - i) * 1e8 for i in range(3500)]  # rank r has cap (4001 - r) * 1e8
    s = rank_scheme(caps, D, "test universe")
    assert s.ranks == RANK_CUTS == (50, 200, 1000, 3000)
    assert s.breakpoints.lines() == tuple((4001 - r) * 1e8 for r in RANK_CUTS)
    assert s.companies == 3500 and s.as_of == D
    # the company at rank 50 is mega, rank 51 is large; rank 3001 is micro
    assert s.bucket(caps[49]) == "mega" and s.bucket(caps[50]) == "large"
    assert s.bucket(caps[2999]) == "small" and s.bucket(caps[3000]) == "micro"
    with pytest.raises(ValueError, match="3,000 ranked companies"):
        rank_scheme(caps[:2999], D, "too few")
    with pytest.raises(ValueError, match="sorted"):
        rank_scheme(list(reversed(caps)), D, "ascending")


def test_schemes_in_words() -> None:
    s = rank_scheme([x * 1e6 for x in range(9000, 0, -1)], D, "t")
    lines = s.breakpoints
    assert (lines.mid, lines.small) == (8001e6, 6001e6)
    assert (
        describe_bucket(s, "small") == "small-caps (ranks 1,001–3,000, $6.00–8.00B on 2026-08-21)"
    )
    assert describe_bucket(s, "mega") == "mega-caps (ranks 1–50, $8.95B and up on 2026-08-21)"
    assert (
        describe_bucket(s, "micro") == "micro-caps (ranks beyond 3,000, under $6.00B on 2026-08-21)"
    )
    assert describe_bucket(SP_RANGES, "mid") == (
        "mid-caps ($8.00–22.7B, S&P MidCap 400 range; S&P ranges of 2025-07-01)"
    )
    assert (
        describe_bucket(dollars_scheme(), "small")
        == "small-caps ($0.30–2.00B, the advisor's lines)"
    )
    assert describe_bucket(SP_RANGES, "bonds") == "bonds"
    assert "Source: S&P Dow Jones Indices" in describe_scheme(SP_RANGES)


def test_sp_ranges_are_the_published_july_2025_ranges() -> None:
    assert SP_RANGES.breakpoints.lines() == (200e9, 22.7e9, 8.0e9, 1.2e9)
    assert SP_RANGES.as_of == date(2025, 7, 1)
    assert "S&P Dow Jones Indices" in SP_RANGES.source


def test_grid_has_the_extra_lines_as_edges() -> None:
    edges = grid_edges([7.8e9, 257.4e9])
    assert list(edges) == sorted(set(edges)) and 7.8e9 in edges and 257.4e9 in edges
    grid = grid_edges()
    ratios = [b / a for a, b in pairwise(grid[100:111])]
    assert all(math.isclose(r, 10 ** (1 / BINS_PER_DECADE), rel_tol=1e-6) for r in ratios)


def test_split_is_exact_on_bin_edges_and_log_shared_inside_a_bin() -> None:
    lines = CapThresholds(100e9, 10e9, 2e9, 1e9)
    p = SizeProfile("F", ((1e9, 4e9, 1.0),), None, None, 1.0, 1, "t")
    out = p.split(lines)  # the mid line 2e9 is halfway in log between 1e9 and 4e9
    assert math.isclose(out["small"], 0.5) and math.isclose(out["mid"], 0.5)
    p = SizeProfile("F", ((2e9, 3e9, 0.25), (5e8, 1e9, 0.75)), None, None, 1.0, 2, "t")
    assert p.split(lines) == {"mega": 0.0, "large": 0.0, "mid": 0.25, "small": 0.0, "micro": 0.75}


def test_profile_from_holdings_coverage_and_dates() -> None:
    caps = {"A": (300e9, D), "B": (5e9, D), "C": (5e9, date(2026, 1, 2))}
    holdings = [Holding("A", 0.5), Holding("B", 0.2), Holding("C", 0.1), Holding("GONE", 0.2)]
    p = profile_from_holdings("F", holdings, lambda s, c: caps.get(s), D, "t", grid_edges())
    assert math.isclose(p.coverage, 0.8) and p.caps_as_of == D and p.holdings == 4
    assert math.isclose(sum(w for *_, w in p.bins), 1.0)
    out = p.split(CapThresholds())
    assert math.isclose(out["mega"], 0.5 / 0.8) and math.isclose(out["mid"], 0.3 / 0.8)
    exact = profile_from_holdings("F", holdings, lambda s, c: caps.get(s), D, "t")
    assert {(lo, hi) for lo, hi, _ in exact.bins} == {(300e9, 300e9), (5e9, 5e9)}


def _fund(placement: str, profile: str | None, fixed: dict[str, float] | None = None) -> Fund:
    return Fund("X", "X fund", placement, "Some index", "small", profile, fixed or {}, "t", D)  # type: ignore[arg-type]


def test_fund_placements() -> None:
    prof = {"IWM": SizeProfile("IWM", ((1e9, 1e9, 0.75), (9e9, 9e9, 0.25)), D, D, 0.97, 2, "t")}
    lines = dollars_scheme(CapThresholds(200e9, 10e9, 2e9, 300e6))
    own = fund_mix(_fund("holdings", "IWM"), prof, lines)
    assert own is not None and own.mix == {"small": 0.75, "mid": 0.25} and not own.guessed
    eq = fund_mix(_fund("equivalent", "IWM"), prof, lines)
    assert eq is not None and not eq.guessed and "same index (Some index) as IWM" in eq.note
    cat = fund_mix(_fund("category", "IWM"), prof, lines)
    assert cat is not None and cat.guessed and "category" in cat.note
    bare = fund_mix(_fund("category", None), prof, lines)
    assert bare is not None and bare.guessed and bare.mix == {"small": 1.0}
    mixed = fund_mix(_fund("category", "IWM", {"bonds": 0.4, "intl_equity": 0.2}), prof, lines)
    assert mixed is not None and mixed.mix == pytest.approx(
        {"bonds": 0.4, "intl_equity": 0.2, "small": 0.3, "mid": 0.1}
    )
    index = fund_mix(_fund("holdings", "IWM", {"cash": 0.1}), prof, lines, "index")
    assert index is not None and index.mix == pytest.approx({"cash": 0.1, "small": 0.9})
    intl = fund_mix(_fund("asset_class", None, {"intl_equity": 1.0}), prof, lines)
    assert intl is not None and intl.mix == {"intl_equity": 1.0} and not intl.guessed
    nothing = Fund("Y", "Y", "category", "?", None, None, {}, "t", D)
    assert fund_mix(nothing, prof, lines) is None


caps_strategy = st.lists(
    st.tuples(st.floats(min_value=1e6, max_value=5e12), st.floats(min_value=1e-4, max_value=1.0)),
    min_size=1,
    max_size=60,
)
lines_strategy = st.lists(
    st.floats(min_value=5e7, max_value=2e12), min_size=4, max_size=4, unique=True
).map(lambda xs: CapThresholds(*sorted(xs, reverse=True)))


@settings(max_examples=200, deadline=None)
@given(caps_strategy, lines_strategy)
def test_any_lines_split_a_binned_profile_like_its_holdings(
    points: list[tuple[float, float]], lines: CapThresholds
) -> None:
    """Binned or exact, a profile's split sums to 1; binning moves at most the weight of the
    bins the lines cut (each ~6% wide), and nothing when the lines are bin edges."""
    exact = SizeProfile("F", bin_points(points, None), None, None, 1.0, len(points), "t")
    binned = SizeProfile("F", bin_points(points, grid_edges()), None, None, 1.0, len(points), "t")
    on_edges = SizeProfile(
        "F", bin_points(points, grid_edges(lines.lines())), None, None, 1.0, len(points), "t"
    )
    want = exact.split(lines)
    assert math.isclose(sum(want.values()), 1.0)
    cut = sum(w for lo, hi, w in binned.bins if any(lo < b < hi for b in lines.lines()))
    for b in SIZE_BUCKETS:
        assert abs(binned.split(lines)[b] - want[b]) <= cut + 1e-9
        assert math.isclose(on_edges.split(lines)[b], want[b], abs_tol=1e-9)


def test_thresholds_as_a_table_name_each_bucket_by_its_lower_bound() -> None:
    """The exposure report writes the lines as this table (``breakpoints``, ``thresholds``)."""
    t = CapThresholds(mega=150e9, large=12e9, mid=3e9, small=250e6)
    assert t.as_dict() == {"mega": 150e9, "large": 12e9, "mid": 3e9, "small": 250e6}
    assert list(CapThresholds().as_dict().items()) == [
        ("mega", 200e9),
        ("large", 10e9),
        ("mid", 2e9),
        ("small", 300e6),
    ]
