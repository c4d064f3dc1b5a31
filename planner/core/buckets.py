"""Size schemes: where the lines between mega, large, mid, small and micro caps are, who drew
them and on what date.

A scheme is named and dated; it never borrows fixed dollars from another era:

- ``rank`` (the default) ranks the companies of the security universe by market cap on the
  universe's date: mega ranks 1-50, large 51-200, mid 201-1,000, small 1,001-3,000, micro
  beyond (Russell's segments - Top 200, Midcap, 2000, Microcap - with the top 50 as mega).
  Its dollar breakpoints are *computed* (:func:`rank_scheme`): the market cap of the company
  at rank 50, 200, 1,000 and 3,000.
- ``sp-ranges``: S&P Dow Jones Indices' published eligibility ranges for additions to the
  S&P Composite 1500, effective 2025-07-01 (S&P 500 from $22.7B, MidCap 400 $8.0-22.7B,
  SmallCap 600 $1.2-8.0B), with mega from $200B.
- ``dollars``: the advisor's own lines (policy ``[buckets.dollars]``).

Breakpoints are *lower bounds* in US dollars of a company's total market capitalisation (all
share classes): a company worth exactly the mega line is mega.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal, get_args

from planner.core.policy import BUCKETS

#: The US-equity size buckets, largest first.
SIZE_BUCKETS: tuple[str, ...] = ("mega", "large", "mid", "small", "micro")
#: Buckets that count as equity in the "equity-only" view.
EQUITY_BUCKETS: tuple[str, ...] = (*SIZE_BUCKETS, "intl_equity")

assert set(EQUITY_BUCKETS) <= set(BUCKETS)

SchemeName = Literal["rank", "sp-ranges", "dollars"]
SCHEME_NAMES: tuple[str, ...] = get_args(SchemeName)
FundView = Literal["look-through", "index"]
FUND_VIEWS: tuple[str, ...] = get_args(FundView)

#: ``rank``: the last rank of mega, large, mid and small (micro is everything beyond).
RANK_CUTS: tuple[int, int, int, int] = (50, 200, 1000, 3000)

#: Words for every bucket, as the plan and the app say them.
BUCKET_WORDS: dict[str, str] = {
    "mega": "mega-caps",
    "large": "large-caps",
    "mid": "mid-caps",
    "small": "small-caps",
    "micro": "micro-caps",
    "intl_equity": "international equity",
    "bonds": "bonds",
    "cash": "cash",
    "other": "other holdings",
}


@dataclass(frozen=True)
class CapThresholds:
    """Lower bounds in US dollars of market capitalisation; ``micro`` is everything below
    ``small``. Must be strictly decreasing and positive. The DESIGN's old fixed lines are the
    defaults of the ``dollars`` scheme."""

    mega: float = 200e9
    large: float = 10e9
    mid: float = 2e9
    small: float = 300e6

    def __post_init__(self) -> None:
        if not (self.mega > self.large > self.mid > self.small > 0):
            raise ValueError(
                "cap thresholds must be positive and decreasing: mega > large > mid > small > 0"
            )

    def bucket(self, market_cap_usd: float) -> str:
        """The size bucket of a company worth ``market_cap_usd`` dollars."""
        if market_cap_usd >= self.mega:
            return "mega"
        if market_cap_usd >= self.large:
            return "large"
        if market_cap_usd >= self.mid:
            return "mid"
        if market_cap_usd >= self.small:
            return "small"
        return "micro"

    def lines(self) -> tuple[float, float, float, float]:
        """(mega, large, mid, small) lower bounds, dollars, largest first."""
        return (self.mega, self.large, self.mid, self.small)

    def as_dict(self) -> dict[str, float]:
        return {"mega": self.mega, "large": self.large, "mid": self.mid, "small": self.small}


@dataclass(frozen=True)
class SizeScheme:
    """A named, dated way of cutting US equity into size buckets."""

    name: SchemeName
    breakpoints: CapThresholds
    as_of: date | None  # the date the lines describe (None: the advisor's own, undated)
    source: str  # where the lines come from, in words
    ranks: tuple[int, int, int, int] | None = None  # ``rank`` only: RANK_CUTS
    companies: int | None = None  # ``rank`` only: how many companies were ranked

    def bucket(self, market_cap_usd: float) -> str:
        return self.breakpoints.bucket(market_cap_usd)

    @property
    def label(self) -> str:
        """``rank (2026-08-21)``: the name and date, for headers and status lines."""
        return f"{self.name} ({self.as_of.isoformat()})" if self.as_of else self.name


#: S&P Dow Jones Indices, "S&P Dow Jones Indices Announces Update to S&P Composite 1500
#: Market Cap Guidelines" (press release, effective 2025-07-01): unadjusted company market
#: cap of $22.7B or more for the S&P 500, $8.0-22.7B for the MidCap 400, $1.2-8.0B for the
#: SmallCap 600. Mega from $200B is this product's line, not S&P's.
SP_RANGES = SizeScheme(
    name="sp-ranges",
    breakpoints=CapThresholds(mega=200e9, large=22.7e9, mid=8.0e9, small=1.2e9),
    as_of=date(2025, 7, 1),
    source="S&P Dow Jones Indices, S&P Composite 1500 market cap eligibility ranges "
    "effective 2025-07-01 (S&P 500 >= $22.7B, MidCap 400 $8.0-22.7B, SmallCap 600 "
    "$1.2-8.0B); mega >= $200B is Rotation Planner's line",
)

#: What each S&P range is called, for the descriptions.
_SP_NAMES = {
    "large": "S&P 500 range",
    "mid": "S&P MidCap 400 range",
    "small": "S&P SmallCap 600 range",
}


def rank_scheme(
    caps_largest_first: Sequence[float],
    as_of: date | None,
    source: str,
    cuts: tuple[int, int, int, int] = RANK_CUTS,
) -> SizeScheme:
    """The ``rank`` scheme from company market caps sorted largest first (one number per
    company, dollars): each breakpoint is the cap of the company at the cut's rank. Raises
    ``ValueError`` when fewer companies than the last cut are ranked."""
    caps = list(caps_largest_first)
    if len(caps) < cuts[-1]:
        raise ValueError(f"the rank scheme needs {cuts[-1]:,} ranked companies, got {len(caps):,}")
    if any(b > a for a, b in pairwise(caps)):
        raise ValueError("company caps must be sorted largest first")
    lines = [float(caps[n - 1]) for n in cuts]
    return SizeScheme(
        name="rank",
        breakpoints=CapThresholds(*lines),
        as_of=as_of,
        source=source,
        ranks=cuts,
        companies=len(caps),
    )


def dollars_scheme(lines: CapThresholds | None = None, source: str = "") -> SizeScheme:
    """The advisor's own lines (default: DESIGN's $200B / $10B / $2B / $300M)."""
    return SizeScheme(
        name="dollars",
        breakpoints=lines or CapThresholds(),
        as_of=None,
        source=source or "the advisor's own thresholds (policy [buckets.dollars])",
    )


def _b(x: float) -> str:
    """Dollars as billions with sensible digits: 257, 78.9, 7.88, 0.43."""
    v = x / 1e9
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _range(lo: float | None, hi: float | None) -> str:
    if lo is None and hi is not None:
        return f"under ${_b(hi)}B"
    if hi is None and lo is not None:
        return f"${_b(lo)}B and up"
    assert lo is not None and hi is not None
    return f"${_b(lo)}\u2013{_b(hi)}B"


def bucket_bounds(scheme: SizeScheme, bucket: str) -> tuple[float | None, float | None]:
    """(lower, upper) bound in dollars of a size bucket under ``scheme``; None is open."""
    lines = scheme.breakpoints.lines()
    i = SIZE_BUCKETS.index(bucket)
    lo = lines[i] if i < len(lines) else None
    hi = lines[i - 1] if i > 0 else None
    return lo, hi


def describe_bucket(scheme: SizeScheme, bucket: str) -> str:
    """A bucket in words under a scheme, for plan explanations, the app and the workbook:
    ``small-caps (ranks 1,001–3,000, $0.43–7.88B on 2026-08-21)``. Buckets that are not sizes
    (international equity, bonds, cash, other) are just their name."""
    words = BUCKET_WORDS.get(bucket, bucket)
    if bucket not in SIZE_BUCKETS:
        return words
    lo, hi = bucket_bounds(scheme, bucket)
    dollars = _range(lo, hi)
    if scheme.name == "rank" and scheme.ranks is not None:
        i = SIZE_BUCKETS.index(bucket)
        cuts = scheme.ranks
        if i == 0:
            ranks = f"ranks 1\u2013{cuts[0]:,}"
        elif i < len(cuts):
            ranks = f"ranks {cuts[i - 1] + 1:,}\u2013{cuts[i]:,}"
        else:
            ranks = f"ranks beyond {cuts[-1]:,}"
        when = f" on {scheme.as_of.isoformat()}" if scheme.as_of else ""
        return f"{words} ({ranks}, {dollars}{when})"
    if scheme.name == "sp-ranges":
        named = f", {_SP_NAMES[bucket]}" if bucket in _SP_NAMES else ""
        when = f" of {scheme.as_of.isoformat()}" if scheme.as_of else ""
        return f"{words} ({dollars}{named}; S&P ranges{when})"
    return f"{words} ({dollars}, the advisor's lines)"


def describe_scheme(scheme: SizeScheme) -> str:
    """One line naming the scheme, its date, its lines and its source."""
    parts = "; ".join(describe_bucket(scheme, b) for b in SIZE_BUCKETS)
    return f"Size scheme {scheme.label}: {parts}. Source: {scheme.source}"
