"""Fund look-through computed from constituents.

A fund's *size profile* is its US-equity weight in fine market-cap bins: each holding's weight
placed at its company's market cap. Because it keeps caps rather than buckets, any size scheme
applies to it (:meth:`SizeProfile.split`), and changing the scheme recomputes every fund's mix.
Bundled profiles come from issuers' holdings files through ``scripts/build_universe.py``
(binned, so no provider file is shipped); a holdings file the user imports is kept exact (one
point per holding).

A :class:`Fund` says how its profile is known (``placement``):

- ``holdings``: its own holdings file;
- ``equivalent``: no file, but it tracks the same index as a fund that has one (FXAIX and IVV
  both track the S&P 500) - said so in the note;
- ``category``: neither: placed like a representative fund of its category (a *guess*);
- ``asset_class``: nothing to size (international, bond, money-market funds).

Fractions are of the fund's value (0.25, not 25); caps are company market caps in dollars.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Literal, get_args

from planner.core.buckets import BUCKET_WORDS, SIZE_BUCKETS, CapThresholds, FundView, SizeScheme

Placement = Literal["holdings", "equivalent", "category", "asset_class"]
PLACEMENTS: tuple[str, ...] = get_args(Placement)
#: Buckets a fund's fixed (non-size) part may use.
FIXED_BUCKETS: tuple[str, ...] = ("intl_equity", "bonds", "cash", "other")

#: Bins per decade of market cap in bundled profiles (each bin spans a factor of ~1.06).
BINS_PER_DECADE = 40
#: The bin grid runs from $10 thousand to $100 trillion; caps outside are clamped.
_GRID_LO_EXP, _GRID_HI_EXP = 4, 14


def grid_edges(extra: Iterable[float] = ()) -> tuple[float, ...]:
    """Bin edges in dollars, ascending: a log grid (whole dollars) plus ``extra`` edges, so
    that the breakpoints of the schemes known at build time are exact bin edges."""
    n0, n1 = _GRID_LO_EXP * BINS_PER_DECADE, _GRID_HI_EXP * BINS_PER_DECADE
    edges = {float(round(10 ** (k / BINS_PER_DECADE))) for k in range(n0, n1 + 1)}
    edges.update(float(x) for x in extra if x > 0)
    return tuple(sorted(edges))


@dataclass(frozen=True)
class Holding:
    """One equity holding of a fund: its weight as a fraction of the fund."""

    symbol: str
    weight: float
    cusip: str = ""
    name: str = ""


@dataclass(frozen=True)
class SizeProfile:
    """A fund's US-equity weight by company market cap.

    ``bins`` are ``(cap_lo, cap_hi, weight)``: weight (fractions summing to 1) of holdings
    whose company cap is in ``[cap_lo, cap_hi)`` dollars; ``cap_lo == cap_hi`` is a single
    cap. ``coverage`` is the fraction of the fund's equity weight whose company cap was found
    (the rest is left out and the bins renormalised)."""

    fund: str
    bins: tuple[tuple[float, float, float], ...]
    holdings_as_of: date | None
    caps_as_of: date | None
    coverage: float
    holdings: int  # how many equity holdings the file had
    source: str

    def split(self, breakpoints: CapThresholds) -> dict[str, float]:
        """Fractions of the profile in each size bucket. A bin a breakpoint cuts is shared in
        proportion to log cap (bundled bins are ~6% wide and the bundled schemes' lines are
        bin edges, so this only matters for the advisor's own lines)."""
        return dict(_split(self.bins, breakpoints))


@lru_cache(maxsize=512)
def _split(
    bins: tuple[tuple[float, float, float], ...], breakpoints: CapThresholds
) -> tuple[tuple[str, float], ...]:
    """:meth:`SizeProfile.split`, computed once per profile and set of lines (funds on the
    same index share a profile)."""
    out = dict.fromkeys(SIZE_BUCKETS, 0.0)
    lines = breakpoints.lines()
    for lo, hi, w in bins:
        inside = [b for b in lines if lo < b < hi]
        if not inside:
            out[breakpoints.bucket(lo)] += w
            continue
        edges = [lo, *sorted(inside), hi]
        span = math.log(hi / lo)
        for a, b in pairwise(edges):
            out[breakpoints.bucket(a)] += w * math.log(b / a) / span
    return tuple(out.items())


def bin_points(
    points: Iterable[tuple[float, float]], edges: Sequence[float] | None
) -> tuple[tuple[float, float, float], ...]:
    """``(cap, weight)`` points as normalised bins on ``edges`` (None: one exact point per
    distinct cap). Weights are summed per bin and divided by the total."""
    acc: dict[tuple[float, float], float] = {}
    for cap, w in points:
        if edges is None:
            key = (cap, cap)
        else:
            c = min(max(cap, edges[0]), edges[-1])
            i = min(bisect.bisect_right(edges, c) - 1, len(edges) - 2)
            key = (edges[i], edges[i + 1])
        acc[key] = acc.get(key, 0.0) + w
    total = sum(acc.values())
    if total <= 0:
        return ()
    return tuple((lo, hi, w / total) for (lo, hi), w in sorted(acc.items()) if w > 0)


CapLookup = Callable[[str, str], "tuple[float, date | None] | None"]


def profile_from_holdings(
    fund: str,
    holdings: Sequence[Holding],
    cap_of: CapLookup,
    holdings_as_of: date | None,
    source: str,
    edges: Sequence[float] | None = None,
) -> SizeProfile:
    """The size profile of ``fund`` from its equity holdings. ``cap_of(symbol, cusip)`` gives
    the holding's company market cap and its date, or None when unknown; unknown holdings
    lower ``coverage`` and are left out. ``caps_as_of`` is the date most of the weight's
    caps carry."""
    points: list[tuple[float, float]] = []
    dates: dict[date | None, float] = {}
    matched = total = 0.0
    for h in holdings:
        if h.weight <= 0:
            continue
        total += h.weight
        found = cap_of(h.symbol, h.cusip)
        if found is None or found[0] <= 0:
            continue
        matched += h.weight
        points.append((found[0], h.weight))
        dates[found[1]] = dates.get(found[1], 0.0) + h.weight
    caps_as_of = max(dates.items(), key=lambda kv: (kv[1], str(kv[0])))[0] if dates else None
    return SizeProfile(
        fund=fund,
        bins=bin_points(points, edges),
        holdings_as_of=holdings_as_of,
        caps_as_of=caps_as_of,
        coverage=matched / total if total > 0 else 0.0,
        holdings=sum(1 for h in holdings if h.weight > 0),
        source=source,
    )


@dataclass(frozen=True)
class Fund:
    """A fund of the fund table and how its size is known (see the module docstring)."""

    symbol: str
    name: str
    placement: Placement
    index: str  # the index it tracks, or its category, in words
    segment: str | None  # its index's size bucket, for the ``index`` view (None: not sized)
    profile: str | None  # the fund whose size profile applies to its US-equity part
    fixed: Mapping[str, float]  # fractions in intl_equity / bonds / cash / other
    source: str
    as_of: date | None

    @property
    def us_equity(self) -> float:
        """Fraction of the fund in US equity (what a size scheme cuts)."""
        return max(0.0, 1.0 - sum(self.fixed.values()))


@dataclass(frozen=True)
class FundPlacement:
    """A fund's bucket mix under one scheme and view, and how it was reached."""

    mix: dict[str, float]
    guessed: bool  # placed by category rather than by holdings or an equivalent
    as_of: date | None
    note: str


def _segment_words(bucket: str) -> str:
    return BUCKET_WORDS.get(bucket, bucket)


def fund_mix(
    fund: Fund,
    profiles: Mapping[str, SizeProfile],
    scheme: SizeScheme,
    view: FundView = "look-through",
) -> FundPlacement | None:
    """``fund``'s bucket mix under ``scheme``: its fixed part as stated, its US-equity part
    through its size profile (``look-through``) or wholly in its index's segment (``index``).
    None when the US-equity part cannot be placed at all."""
    mix = {b: f for b, f in fund.fixed.items() if f > 0}
    us = fund.us_equity
    guessed = fund.placement == "category"
    if us <= 1e-12:
        return FundPlacement(mix, False, fund.as_of, f"{fund.index}: not sized")
    profile = profiles.get(fund.profile) if fund.profile else None
    if view == "index" and fund.segment is not None:
        mix[fund.segment] = mix.get(fund.segment, 0.0) + us
        note = f"index view: {fund.index} counts as {_segment_words(fund.segment)}"
        return FundPlacement(mix, guessed, fund.as_of, note)
    if profile is None or not profile.bins:
        if fund.segment is None:
            return None
        mix[fund.segment] = mix.get(fund.segment, 0.0) + us
        note = f"no holdings file: {fund.index} placed wholly in {_segment_words(fund.segment)}"
        return FundPlacement(mix, True, fund.as_of, note)
    for b, f in profile.split(scheme.breakpoints).items():
        if f > 0:
            mix[b] = mix.get(b, 0.0) + us * f
    held = profile.holdings_as_of.isoformat() if profile.holdings_as_of else "undated"
    caps = profile.caps_as_of.isoformat() if profile.caps_as_of else "undated"
    basis = (
        f"{profile.holdings:,} holdings of {held}, caps of {caps}, "
        f"{profile.coverage:.0%} of equity weight matched"
    )
    if fund.placement == "holdings" or profile.fund == fund.symbol:
        note = f"look-through: {basis}"
    elif fund.placement == "equivalent":
        note = f"no holdings file; same index ({fund.index}) as {profile.fund}: {basis}"
    else:
        note = f"no holdings file; category {fund.index}, like {profile.fund}: {basis}"
    return FundPlacement(mix, guessed, profile.holdings_as_of, note)
