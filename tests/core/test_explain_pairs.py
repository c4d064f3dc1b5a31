"""Trades of the other side that move the bucket a trade is named by
(``planner/core/plan_trades.py``: :func:`pair_trades`; ``explain.py``: the clauses).

A sale and a purchase named by one bucket would each justify the other (sell IJH for its
mid-caps, buy VO for its mid-caps); a sale whose bucket ends the plan higher than it started
reads wrong unless the sentence names the purchases that put it back. Every trade, mix and
figure is written here; every expected word comes from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import pytest

from planner.core.explain import DRIFT_SHARE, Why, against_clause, pairing_clause, plain
from planner.core.plan_model import BucketRow
from planner.core.plan_trades import pair_trades
from planner.core.problem import Trade


def trade(symbol: str, side: str, value: float = 1_000.0) -> Trade:
    return Trade("A1", symbol, side, value / 10.0, 10.0, None, 0.0)


def why(bucket: str | None, *reasons: str) -> Why:
    return Why(reasons or ("drift",), bucket, 0.0, 0.0)


def row(current: float, post: float, target: float = 0.10) -> BucketRow:
    return BucketRow(current, target, target, post, 0.025)


IJH = {"mid": 0.72, "small": 0.28}
VO = {"mid": 0.83, "large": 0.17}


def never(i: int, bucket: str) -> Why:
    raise AssertionError(f"trade {i} judged again without {bucket}")


def run(
    trades: Sequence[Trade],
    whys: Sequence[Why],
    mixes: Sequence[Mapping[str, float]],
    rows: Mapping[str, BucketRow],
    again: Callable[[int, str], Why] = never,
    new_cash: float = 0.0,
) -> list[Why]:
    return pair_trades(trades, whys, mixes, {**ROWS, **rows}, again, new_cash)


ROWS = {
    "mid": row(0.0996, 0.126),  # just below its target: a sale of mid-caps goes against it
    "small": row(0.039, 0.125),
    "large": row(0.0, 0.044, 0.20),
    "mega": row(0.325, 0.256, 0.25),  # above its target: a purchase of mega-caps goes against it
    "bonds": row(0.30, 0.29, 0.17),
    "intl_equity": row(0.0, 0.15, 0.15),
}


def test_of_a_sale_and_a_purchase_named_by_one_bucket_the_one_against_it_is_named_again() -> None:
    # mid-caps are below their target: buying VO is for them, selling IJH only makes room
    trades = [trade("IJH", "sell"), trade("VO", "buy")]
    asked: list[tuple[int, str]] = []

    def again(i: int, bucket: str) -> Why:
        asked.append((i, bucket))
        return why("small")

    first = [why("mid"), why("mid")]
    sell, buy = run(trades, first, [IJH, VO], ROWS, again)
    assert asked == [(0, "mid")]
    assert (sell.bucket, sell.paired, sell.pairing, sell.partners) == (
        "small",
        "mid",
        "swap",
        ("VO",),
    )
    # the purchase keeps its reason; its mid-caps end higher than they started, which the
    # sale is too small to undo: nothing to name
    assert (buy.bucket, buy.paired, buy.pairing, buy.movers) == ("mid", None, "", ("IJH",))
    mid = ROWS["mid"]
    figures = (
        f"(mid-caps are {100 * mid.current:.1f}% now, {100 * mid.post:.1f}% after the plan, "
        f"against a {100 * mid.target:.1f}% target)"
    )
    assert pairing_clause(trades[0], sell, mid) == (
        f"the purchase of VO puts mid-caps back {figures}"
    )


def test_a_purchase_against_its_bucket_names_the_sales_it_replaces_the_largest_first() -> None:
    # mega-caps are above their target: the sales are for them; VOO buys some back for its
    # large-caps, and names the sales (largest first, four at most)
    sales = [("AMZN", 6_000.0), ("NVDA", 50_000.0), ("AAPL", 15_000.0), ("MSFT", 12_000.0)]
    sales += [("TSLA", 7_000.0), ("JPM", 2_000.0)]
    trades = [trade(s, "sell", v) for s, v in sales] + [trade("VOO", "buy", 37_000.0)]
    first = [why("mega")] * len(sales) + [why("mega")]
    mixes = [{"mega": 1.0}] * len(sales) + [{"mega": 0.6, "large": 0.23, "mid": 0.17}]
    asked: list[int] = []

    def again(i: int, bucket: str) -> Why:
        asked.append(i)
        return why("large")

    *sold, bought = run(trades, first, mixes, ROWS, again)
    assert asked == [len(sales)]  # the sales, with mega-caps' deviation, are not asked
    assert all((w.bucket, w.pairing) == ("mega", "") for w in sold)
    order = ("NVDA", "AAPL", "MSFT", "TSLA", "AMZN", "JPM")
    assert (bought.bucket, bought.paired, bought.pairing, bought.partners) == (
        "large",
        "mega",
        "swap",
        order,
    )
    said = pairing_clause(trades[-1], bought, ROWS["mega"])
    assert said.startswith("its mega-caps replace those the sale of NVDA, AAPL, MSFT, TSLA and 2 ")
    assert "and 2 more takes out (mega-caps are 32.5% now, 25.6% after the plan" in said


@pytest.mark.parametrize("alone", ["funding", "rounding"])
def test_a_trade_against_its_bucket_that_does_nothing_else_keeps_it(alone: str) -> None:
    trades = [trade("NVDA", "sell"), trade("MGC", "buy")]
    first = [why("mega"), why("mega")]
    mixes = [{"mega": 1.0}, {"mega": 1.0}]
    sell, buy = run(trades, first, mixes, ROWS, lambda i, b: why(None, alone))
    # the sale is named by mega-caps too, and names the purchase that keeps them against it
    assert (sell.bucket, sell.reasons, sell.paired, sell.pairing, sell.partners) == (
        "mega",
        ("drift",),
        "mega",
        "swap",
        ("MGC",),
    )
    said = pairing_clause(trades[0], sell, ROWS["mega"])
    assert said.startswith("the purchase of MGC puts mega-caps back (mega-caps are ")
    # MGC keeps mega-caps; they end lower than they started, so the sale is named ("net")
    assert (buy.bucket, buy.reasons, buy.pairing, buy.partners) == (
        "mega",
        ("drift",),
        "net",
        ("NVDA",),
    )


def test_a_trade_named_again_by_asset_location_is_a_swap() -> None:
    # bonds are above their target: the sale in one account is for them, the purchase in
    # another only for where it is taxed least
    trades = [trade("BND", "sell"), trade("BND", "buy")]
    located = Why(("location",), None, 0.0, -120.0)
    first = [why("bonds"), why("bonds")]
    sell, buy = run(trades, first, [{"bonds": 1.0}] * 2, ROWS, lambda i, b: located)
    assert (sell.bucket, sell.pairing) == ("bonds", "")
    assert (buy.reasons, buy.bucket, buy.paired, buy.pairing, buy.partners) == (
        ("location",),
        None,
        "bonds",
        "swap",
        ("BND",),
    )


def test_a_sale_outweighed_by_purchases_names_them() -> None:
    # IJH is sold for its mid-caps; VO (named by large-caps) and IWB buy more mid-caps back
    trades = [trade("IJH", "sell"), trade("VO", "buy"), trade("IWB", "buy"), trade("VO", "buy")]
    whys = [why("mid"), why("large"), why("large"), why("large")]
    mixes = [IJH, VO, {"mega": 0.6, "large": 0.25, "mid": 0.15}, VO]
    sell, *buys = run(trades, whys, mixes, ROWS)
    assert (sell.bucket, sell.paired, sell.pairing, sell.partners) == (
        "mid",
        "mid",
        "net",
        ("VO", "IWB"),
    )
    # the purchases are named by large-caps, which no sale moves
    assert all(b.paired is None and b.partners == () for b in buys)
    assert pairing_clause(trades[0], sell, ROWS["mid"]) == (
        "the plan's purchases of VO and IWB add back more of them than its sales take off"
    )


def test_a_purchase_outweighed_by_sales_names_them() -> None:
    rows = {"large": row(0.037, 0.029, 0.11)}
    trades = [
        trade("VO", "buy"),
        trade("FXAIX", "sell"),
        trade("QQQ", "sell"),
        trade("AAPL", "sell"),
    ]
    whys = [why("large"), why("mega"), why("mega"), why("mega")]
    mixes = [VO, {"mega": 0.7, "large": 0.2}, {"mega": 0.8, "large": 0.15}, {"mega": 1.0}]
    buy = run(trades, whys, mixes, rows)[0]
    assert (buy.pairing, buy.partners) == ("net", ("FXAIX", "QQQ"))
    assert pairing_clause(trades[0], buy, rows["large"]) == (
        "the plan's sales of FXAIX and QQQ take off more of them than its purchases add"
    )


@pytest.mark.parametrize(
    ("current", "post", "paired"),
    [
        (0.100, 0.126, True),  # mid-caps end higher than they started: say why
        (0.100, 0.100, True),  # as high as they started: the sale moved nothing, say why
        (0.126, 0.100, False),  # lower: the figure reads right on its own
    ],
)
def test_a_sale_is_outweighed_only_when_its_bucket_does_not_end_lower(
    current: float, post: float, paired: bool
) -> None:
    trades = [trade("IJH", "sell"), trade("VO", "buy")]
    sell = run(trades, [why("mid"), why("large")], [IJH, VO], {"mid": row(current, post)})[0]
    assert (sell.paired is not None) is paired
    assert sell.partners == (("VO",) if paired else ())


def test_a_sliver_of_a_bucket_does_not_move_it() -> None:
    sliver = {"large": 1.0 - DRIFT_SHARE / 2, "mid": DRIFT_SHARE / 2}
    enough = {"large": 1.0 - DRIFT_SHARE, "mid": DRIFT_SHARE}
    trades = [trade("IJH", "sell"), trade("SLIVER", "buy"), trade("ENOUGH", "buy")]
    sell = run(trades, [why("mid"), why("large"), why("large")], [IJH, sliver, enough], ROWS)[0]
    assert sell.partners == ("ENOUGH",)


def test_trades_without_a_bucket_or_of_one_side_are_left_alone() -> None:
    trades = [trade("IJR", "buy"), trade("VXUS", "buy"), trade("IJH", "sell")]
    whys = [why("small"), why(None, "cash_invest"), why(None, "funding")]
    out = run(trades, whys, [{"small": 0.81}, {"intl_equity": 1.0}, IJH], ROWS, new_cash=-5.0)
    # IJR's small-caps end higher than they started: the sale of IJH moves them, no more
    assert out[0] == replace(whys[0], movers=("IJH",), new_cash=-5.0, plan_sells=True)
    assert out[1:] == [replace(w, new_cash=-5.0, plan_sells=True) for w in whys[1:]]


def test_a_plan_that_only_buys_says_so() -> None:
    trades = [trade("IJR", "buy"), trade("VXUS", "buy")]
    whys = [why("small"), why("intl_equity")]
    out = run(trades, whys, [{"small": 0.81}, {"intl_equity": 1.0}], ROWS, new_cash=25_000.0)
    assert [(w.plan_sells, w.new_cash, w.movers) for w in out] == [(False, 25_000.0, ())] * 2


def test_a_singular_bucket_replaces() -> None:
    intl = row(0.0, 0.15)
    buy = Why(("drift",), "small", 0.0, 0.0, "intl_equity", ("VEA", "IEFA"), "swap")
    said = pairing_clause(trade("VXUS", "buy"), buy, intl)
    assert said.startswith(f"its {plain('intl_equity')} replaces those the sale of VEA and IEFA ")
    assert said.endswith(
        f"({plain('intl_equity')} is 0.0% now, 15.0% after the plan, against a 10.0% target)"
    )


@pytest.mark.parametrize(
    ("side", "movers", "new_cash", "said"),
    [
        (
            "sell",
            ("VO", "IWB"),
            0.0,
            "the plan's other purchases (VO and IWB) would take them past it",
        ),
        ("sell", ("VO",), -9.0, "the plan's other purchases (VO) would take them past it"),
        ("sell", (), -9.0, "the withdrawal would take them past it"),
        ("sell", (), 9.0, "the plan's other purchases would take them past it"),
        (
            "buy",
            ("SCHD", "VOO"),
            9.0,
            "the plan's other sales (SCHD and VOO) would take them below it",
        ),
        ("buy", (), 9.0, "the new cash would take them below it"),
        ("buy", (), -9.0, "the plan's other sales would take them below it"),
        ("buy", (), 0.0, "the plan's other sales would take them below it"),
    ],
)
def test_what_takes_a_bucket_past_its_target_is_named(
    side: str, movers: tuple[str, ...], new_cash: float, said: str
) -> None:
    w = Why(("drift",), "large", 0.0, 0.0, movers=movers, new_cash=new_cash)
    assert against_clause(side, w) == f", and {said}"
