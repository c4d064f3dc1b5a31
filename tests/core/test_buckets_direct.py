"""Direct tests of the size schemes (``planner/core/buckets.py``): how the ``rank`` and
``dollars`` schemes are built and refused, and the words each bucket is described in (what the
exposure report, the workbook's assumptions and the app's scheme line say). Expected sentences
are built from the lines written in each test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.core.buckets import (
    SP_RANGES,
    CapThresholds,
    bucket_bounds,
    describe_bucket,
    describe_scheme,
    dollars_scheme,
    rank_scheme,
)

ADVISOR = "the advisor's own thresholds (policy [buckets.dollars])"
ON = date(2026, 8, 21)
#: Five companies, the 2nd and 3rd worth the same; cuts at ranks 1, 2, 4 and 5.
CAPS = [400e9, 300e9, 300e9, 20e9, 1e9]
CUTS = (1, 2, 4, 5)


def test_a_rank_scheme_takes_the_caps_at_its_cuts_with_exactly_enough_companies() -> None:
    """As many companies as the last cut is enough, and companies worth the same are in
    order (largest first allows ties)."""
    s = rank_scheme(CAPS, ON, "five companies", CUTS)
    assert s.breakpoints == CapThresholds(400e9, 300e9, 20e9, 1e9)
    assert (s.name, s.as_of, s.source, s.ranks, s.companies) == (
        "rank", ON, "five companies", CUTS, 5,
    )  # fmt: skip


def test_a_rank_scheme_refuses_too_few_or_unsorted_caps() -> None:
    with pytest.raises(ValueError, match=r"^the rank scheme needs 5 ranked companies, got 4$"):
        rank_scheme(CAPS[:4], ON, "", CUTS)
    with pytest.raises(ValueError, match=r"^company caps must be sorted largest first$"):
        rank_scheme([400e9, 300e9, 350e9, 20e9, 1e9], ON, "", CUTS)


def test_the_dollars_scheme_says_whose_lines_they_are() -> None:
    assert dollars_scheme().source == ADVISOR
    assert dollars_scheme(source="policy.toml of the Smiths").source == "policy.toml of the Smiths"
    assert dollars_scheme().breakpoints == CapThresholds()


#: Lines on the digit thresholds of the dollar figures: $100B (no decimals from 100),
#: $10B (one decimal from 10), then two decimals.
ROUND = dollars_scheme(CapThresholds(mega=100e9, large=10e9, mid=2e9, small=0.3e9))


@pytest.mark.parametrize(
    ("bucket", "bounds", "words"),
    [
        ("mega", (100e9, None), "mega-caps ($100B and up, the advisor's lines)"),
        ("large", (10e9, 100e9), "large-caps ($10.0\u2013100B, the advisor's lines)"),
        ("mid", (2e9, 10e9), "mid-caps ($2.00\u201310.0B, the advisor's lines)"),
        ("small", (0.3e9, 2e9), "small-caps ($0.30\u20132.00B, the advisor's lines)"),
        ("micro", (None, 0.3e9), "micro-caps (under $0.30B, the advisor's lines)"),
    ],
)
def test_each_size_bucket_of_the_advisors_lines_in_words(
    bucket: str, bounds: tuple[float | None, float | None], words: str
) -> None:
    assert bucket_bounds(ROUND, bucket) == bounds
    assert describe_bucket(ROUND, bucket) == words


def test_a_scheme_in_one_line() -> None:
    words = [describe_bucket(ROUND, b) for b in ("mega", "large", "mid", "small", "micro")]
    assert describe_scheme(ROUND) == f"Size scheme dollars: {'; '.join(words)}. Source: {ADVISOR}"


@pytest.mark.parametrize(
    ("as_of", "when"), [(ON, " on 2026-08-21"), (None, "")], ids=["dated", "undated"]
)
def test_a_rank_bucket_says_its_ranks_its_dollars_and_the_caps_date(
    as_of: date | None, when: str
) -> None:
    s = rank_scheme(CAPS, as_of, "five companies", CUTS)
    assert [describe_bucket(s, b) for b in ("mega", "large", "mid", "small", "micro")] == [
        f"mega-caps (ranks 1\u20131, $400B and up{when})",
        f"large-caps (ranks 2\u20132, $300\u2013400B{when})",
        f"mid-caps (ranks 3\u20134, $20.0\u2013300B{when})",
        f"small-caps (ranks 5\u20135, $1.00\u201320.0B{when})",
        f"micro-caps (ranks beyond 5, under $1.00B{when})",
    ]


@pytest.mark.parametrize(
    ("as_of", "when"), [(date(2025, 7, 1), " of 2025-07-01"), (None, "")], ids=["dated", "undated"]
)
def test_an_sp_range_bucket_names_its_index_only_where_there_is_one(
    as_of: date | None, when: str
) -> None:
    s = replace(SP_RANGES, as_of=as_of)
    assert describe_bucket(s, "mega") == f"mega-caps ($200B and up; S&P ranges{when})"
    assert describe_bucket(s, "mid") == (
        f"mid-caps ($8.00\u201322.7B, S&P MidCap 400 range; S&P ranges{when})"
    )
    assert describe_bucket(s, "micro") == f"micro-caps (under $1.20B; S&P ranges{when})"


@pytest.mark.parametrize(
    ("bucket", "words"),
    [("intl_equity", "international equity"), ("other", "other holdings"), ("crypto", "crypto")],
)
def test_a_bucket_that_is_not_a_size_is_its_words_or_its_name(bucket: str, words: str) -> None:
    assert describe_bucket(SP_RANGES, bucket) == words


THRESHOLDS_RULE = "cap thresholds must be positive and decreasing: mega > large > mid > small > 0"


@pytest.mark.parametrize(
    "lines",
    [
        (10e9, 10e9, 2e9, 300e6),  # mega = large: no mega bucket left
        (200e9, 2e9, 2e9, 300e6),  # large = mid
        (200e9, 10e9, 300e6, 300e6),  # mid = small
        (200e9, 10e9, 2e9, 0.0),  # small at zero: not positive
    ],
)
def test_cap_thresholds_that_are_not_strictly_decreasing_and_positive_are_refused(
    lines: tuple[float, float, float, float],
) -> None:
    with pytest.raises(ValueError) as err:
        CapThresholds(*lines)
    assert str(err.value) == THRESHOLDS_RULE


def test_any_positive_decreasing_lines_are_accepted_even_below_a_dollar() -> None:
    t = CapThresholds(3.0, 2.0, 1.0, 0.5)
    assert (t.bucket(0.75), t.bucket(0.25)) == ("small", "micro")
