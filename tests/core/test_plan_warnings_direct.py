"""The plan's warnings (``planner/core/plan_warnings.py``), called directly: do-not-sell
positions that keep their bucket above its band, single stocks already above the position
limit; holdings too old to trade on. Every holding, price and row is written here; every
expected word comes from them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import pytest

from planner.core.plan_model import BucketRow
from planner.core.plan_warnings import (
    HOLDINGS_STALE_DAYS,
    age_warnings,
    position_warnings,
    restriction_warnings,
)
from planner.core.policy import DEFAULT_TARGETS, Policy, Restrictions, Trading
from planner.core.problem import AccountState, Holding, Problem, Security

ACCOUNTS = (AccountState("A1", "taxable", 0.0), AccountState("A2", "tax_free", 0.0))


def problem(
    holdings: Sequence[tuple[str, str, float]],
    securities: Sequence[Security],
    do_not_sell: tuple[str, ...] = (),
    max_position: float = 0.10,
) -> Problem:
    policy = Policy(
        trading=Trading(max_position=max_position),
        restrictions=Restrictions(do_not_sell=do_not_sell),
    )
    return Problem(
        ACCOUNTS,
        tuple(Holding(a, s, n) for a, s, n in holdings),
        {s.symbol: s for s in securities},
        DEFAULT_TARGETS,
        policy,
    )


def row(post: float, target: float = 0.10, band: float = 0.025) -> BucketRow:
    return BucketRow(target, target, target, post, band)


WITHIN = row(0.11)  # above its target, inside its band


def rows(**given: BucketRow) -> Mapping[str, BucketRow]:
    return {k: given.get(k, WITHIN) for k in DEFAULT_TARGETS}


ARKK = Security("ARKK", 50.0, {"small": 0.6, "mid": 0.4})


# --- do-not-sell ------------------------------------------------------------------------------


def test_a_do_not_sell_position_keeping_its_main_bucket_above_its_band_is_warned_of() -> None:
    p = problem([("A1", "ARKK", 100.0)], [ARKK], ("ARKK",))
    assert restriction_warnings(p, rows(small=row(0.16))) == [
        "do-not-sell ARKK keeps small-caps at 16.0%, above the 10.0% target and its band"
    ]


@pytest.mark.parametrize(
    ("given", "warned"),
    [
        ({"small": row(0.10 + 0.025 + 0.5e-9)}, False),  # at its band, to a billionth
        ({"small": row(0.10 + 0.025 + 2e-9)}, True),
        ({"small": row(0.15, band=0.05)}, False),  # a wider band
        ({"small": row(0.04)}, False),  # below its target
        ({"mid": row(0.16)}, False),  # the bucket it holds less of
    ],
)
def test_only_a_main_bucket_past_its_band_is_warned_of(
    given: Mapping[str, BucketRow], warned: bool
) -> None:
    p = problem([("A1", "ARKK", 100.0)], [ARKK], ("ARKK",))
    post = given.get("small", WITHIN).post
    expected = [f"do-not-sell ARKK keeps small-caps at {100 * post:.1f}%, above the 10.0% "]
    out = [w[: len(expected[0])] for w in restriction_warnings(p, rows(**given))]
    assert out == (expected if warned else [])


def test_a_do_not_sell_symbol_not_held_is_not_warned_of() -> None:
    p = problem([("A1", "VOO", 10.0)], [ARKK, Security("VOO", 500.0, {"large": 1.0})], ("ARKK",))
    assert restriction_warnings(p, rows(small=row(0.30))) == []


@pytest.mark.parametrize(
    ("mid", "small", "expected"),
    [
        # half mid-caps, half small-caps: mid-caps (first of the buckets) are judged
        (row(0.20), WITHIN, ["do-not-sell EVEN keeps mid-caps at 20.0%, above the 10.0% target"]),
        (WITHIN, row(0.20), []),
    ],
)
def test_of_two_equal_buckets_the_first_is_judged(
    mid: BucketRow, small: BucketRow, expected: list[str]
) -> None:
    even = Security("EVEN", 20.0, {"small": 0.5, "mid": 0.5})
    p = problem([("A2", "EVEN", 5.0)], [even], ("EVEN",))
    out = restriction_warnings(p, rows(mid=mid, small=small))
    assert [w.removesuffix(" and its band") for w in out] == expected


def test_each_do_not_sell_position_is_warned_of_in_the_policys_order() -> None:
    bnd = Security("BND", 70.0, {"bonds": 1.0})
    p = problem([("A1", "ARKK", 1.0), ("A2", "BND", 1.0)], [ARKK, bnd], ("BND", "ARKK"))
    out = restriction_warnings(
        p, rows(small=row(0.175, 0.125, 0.03), bonds=row(0.30, 0.17, 0.0425))
    )
    assert out == [
        "do-not-sell BND keeps bonds at 30.0%, above the 17.0% target and its band",
        "do-not-sell ARKK keeps small-caps at 17.5%, above the 12.5% target and its band",
    ]


# --- the position limit -----------------------------------------------------------------------

AAPL = Security("AAPL", 100.0, {"mega": 1.0}, kind="stock")
MSFT = Security("MSFT", 500.0, {"mega": 1.0}, kind="stock")
TOTAL = 100_000.0


def test_a_stock_above_the_limit_across_accounts_is_warned_of() -> None:
    # 60 shares in each account at $100: $12,000 of $100,000
    p = problem([("A1", "AAPL", 60.0), ("A2", "AAPL", 60.0)], [AAPL])
    assert position_warnings(p, TOTAL) == [
        "AAPL is 12.0% of the household, above the 10% position limit: the plan buys no more of it"
    ]


def test_the_largest_stock_is_warned_of_first() -> None:
    # AAPL $11,000, MSFT $15,000
    p = problem([("A1", "AAPL", 110.0), ("A1", "MSFT", 30.0)], [AAPL, MSFT])
    assert [w.split(" is ")[0] for w in position_warnings(p, TOTAL)] == ["MSFT", "AAPL"]
    assert position_warnings(p, TOTAL)[0].startswith("MSFT is 15.0% of the household")


@pytest.mark.parametrize("kind", ["fund", "other"])
def test_only_single_stocks_have_a_limit(kind: str) -> None:
    fund = Security("QQQ", 100.0, {"mega": 1.0}, kind=kind)
    assert position_warnings(problem([("A1", "QQQ", 500.0)], [fund]), TOTAL) == []


@pytest.mark.parametrize(
    ("shares", "warned"),
    [(100.0, False), (100.00004, False), (100.0001, True)],  # $10,000, +$0.004, +$0.01
)
def test_a_stock_at_the_limit_to_the_half_cent_is_not_warned_of(
    shares: float, warned: bool
) -> None:
    p = problem([("A1", "AAPL", shares)], [AAPL])
    expected = [
        "AAPL is 10.0% of the household, above the 10% position limit: the plan buys no more of it"
    ]
    assert position_warnings(p, TOTAL) == (expected if warned else [])


def test_an_empty_household_has_no_position_warnings() -> None:
    p = problem([("A1", "AAPL", 10.0)], [AAPL])
    assert position_warnings(p, 0.0) == []


@pytest.mark.parametrize(
    ("cap", "shares", "says"),
    [
        (0.05, 60.0, "AAPL is 6.0% of the household, above the 5% position limit"),
        (0.075, 78.0, "AAPL is 7.8% of the household, above the 7.5% position limit"),
        (0.125, 130.0, "AAPL is 13.0% of the household, above the 12.5% position limit"),
    ],
)
def test_the_position_limit_is_said_as_the_policy_gives_it(
    cap: float, shares: float, says: str
) -> None:
    p = problem([("A1", "AAPL", shares)], [AAPL], max_position=cap)
    assert position_warnings(p, TOTAL) == [f"{says}: the plan buys no more of it"]


AS_OF = date(2026, 12, 1)


@pytest.mark.parametrize("days", [HOLDINGS_STALE_DAYS - 1, HOLDINGS_STALE_DAYS])
def test_holdings_within_the_stale_age_say_nothing(days: int) -> None:
    assert age_warnings([("a.csv", AS_OF - timedelta(days=days)), ("b.csv", None)], AS_OF) == []


def test_no_plan_date_no_age() -> None:
    assert age_warnings([("a.csv", date(2020, 1, 1))], None) == []


def test_one_old_file_is_named_with_its_date_and_age() -> None:
    when = AS_OF - timedelta(days=HOLDINGS_STALE_DAYS + 1)
    (said,) = age_warnings([("new.csv", AS_OF), ("old.csv", when)], AS_OF)
    assert said == (
        f"holdings older than {HOLDINGS_STALE_DAYS} days on the plan date ({AS_OF}): old.csv "
        f"({when}, {HOLDINGS_STALE_DAYS + 1} days); the plan trades the shares and prices of "
        "their day: download it again before trading"
    )


def test_old_files_are_named_oldest_first() -> None:
    ages = {"b.csv": 400, "a.csv": 2161, "c.csv": 45}
    files = [(name, AS_OF - timedelta(days=d)) for name, d in ages.items()]
    (said,) = age_warnings(files, AS_OF)
    named = ", ".join(
        f"{name} ({AS_OF - timedelta(days=d)}, {d:,} days)"
        for name, d in sorted(ages.items(), key=lambda kv: -kv[1])
    )
    assert f"({AS_OF}): {named}; " in said and said.endswith("download them again before trading")


def test_two_old_files_are_called_them() -> None:
    files = [(name, AS_OF - timedelta(days=d)) for name, d in (("a.csv", 40), ("b.csv", 50))]
    (said,) = age_warnings(files, AS_OF)
    assert said.endswith(
        "; the plan trades the shares and prices of their day: download them again before trading"
    )


def test_a_do_not_sell_symbol_not_held_does_not_hide_the_next_one() -> None:
    # GONE is listed first and not held: ARKK after it is still judged
    p = problem([("A1", "ARKK", 100.0)], [ARKK], ("GONE", "ARKK"))
    assert restriction_warnings(p, rows(small=row(0.16))) == [
        "do-not-sell ARKK keeps small-caps at 16.0%, above the 10.0% target and its band"
    ]


def test_a_do_not_sell_position_exactly_at_its_band_and_tolerance_is_not_warned_of() -> None:
    target, band = 0.10, 0.025
    p = problem([("A1", "ARKK", 100.0)], [ARKK], ("ARKK",))
    at = row(target + band + 1e-9, target, band)  # the band plus the billionth it tolerates
    assert restriction_warnings(p, rows(small=at)) == []


def test_a_stock_exactly_half_a_cent_above_the_limit_is_not_warned_of() -> None:
    one = Security("ONE", 1.0, {"mega": 1.0}, kind="stock")  # $1 a share: dollars = shares
    limit = 0.10 * TOTAL + 0.005  # the limit and the half cent it tolerates
    assert position_warnings(problem([("A1", "ONE", limit)], [one]), TOTAL) == []


def test_a_household_under_a_dollar_is_judged_like_any_other() -> None:
    # 40 cents of a $1 stock in a 50-cent household: 80%, above the 10% limit
    one = Security("ONE", 1.0, {"mega": 1.0}, kind="stock")
    assert position_warnings(problem([("A1", "ONE", 0.4)], [one]), 0.5) == [
        "ONE is 80.0% of the household, above the 10% position limit: the plan buys no more of it"
    ]
