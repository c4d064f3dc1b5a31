"""The solver's own check of a sale's lots (``rebalance.score``): a candidate plan whose sale
names a lot that does not exist, takes more of a lot than it holds, names lots that do not add
up to the shares sold, or sells a loss lot of a group bought within the wash-sale window is no
plan; one lot named in two parts is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.core.policy import BUCKETS, Policy, Trading
from planner.core.problem import AccountState, Holding, Lot, LotSale, Problem, Security, Trade
from planner.core.rebalance.score import score

AS_OF = date(2026, 6, 1)
PRICE = 25.0
#: (shares, dollars a share, acquired): a loss lot bought long ago, a gain lot
LOTS = ((20.0, 30.0, date(2020, 1, 2)), (20.0, 20.0, date(2021, 3, 4)))


def _problem(recent: bool = False) -> Problem:
    """A taxable account holding 40 IJH in the two lots of LOTS (the second bought ten days
    before the plan when ``recent``); the policy wants large-caps only, so any sale is wanted."""
    targets = dict.fromkeys(BUCKETS, 0.0)
    targets["large"] = 1.0
    policy = Policy(
        targets=targets,
        vehicles={"large": ("LRG",)},
        trading=Trading(min_trade=0.0),
    )
    lots = tuple(
        Lot(n, n * unit, AS_OF - timedelta(days=10) if recent and i == 1 else when)
        for i, (n, unit, when) in enumerate(LOTS)
    )
    return Problem(
        (AccountState("TAX", "taxable", 0.0),),
        (
            Holding(
                "TAX", "IJH", sum(n for n, _, _ in LOTS), sum(lot.cost or 0 for lot in lots), lots
            ),
        ),
        {"IJH": Security("IJH", PRICE, {"mid": 1.0}), "LRG": Security("LRG", 50.0, {"large": 1.0})},
        targets,
        policy,
        as_of=AS_OF,
    )


def _sale(*parts: tuple[int, float], shares: float | None = None) -> Trade:
    """A sale of IJH naming ``parts`` (lot index, shares); ``shares`` defaults to their sum."""
    sold = sum(n for _, n in parts) if shares is None else shares
    named = tuple(
        LotSale(k, n, None, None, "long", (PRICE - LOTS[k][1]) * n if 0 <= k < 2 else None)
        for k, n in parts
    )
    return Trade("TAX", "IJH", "sell", sold, PRICE, None, 0.0, named)


def test_a_sale_of_whole_lots_is_a_plan() -> None:
    assert score(_problem(), [_sale((1, 20.0))]) is not None
    assert score(_problem(), [_sale((0, 20.0), (1, 20.0))]) is not None


def test_one_lot_named_in_two_parts_is_a_plan() -> None:
    """10 + 10 shares of the 20-share lot: the parts add up (each part counts, not the last)."""
    assert score(_problem(), [_sale((1, 10.0), (1, 10.0))]) is not None


@pytest.mark.parametrize(
    "trade",
    [
        _sale((2, 20.0)),  # the position has two lots: there is no third
        _sale((-1, 20.0)),  # nor a lot before the first
        _sale((1, 21.0)),  # a lot of 20 shares cannot give 21
        _sale((1, 15.0), (1, 15.0)),  # nor 15 and 15 of it
        _sale((1, 19.0), shares=20.0),  # the lots named give 19 of the 20 shares sold
        _sale((0, 10.0), shares=11.0),  # one share unaccounted for
    ],
    ids=["no-third-lot", "negative-lot", "more-than-the-lot", "the-lot-twice", "short", "one-off"],
)
def test_a_sale_whose_lots_do_not_hold_is_no_plan(trade: Trade) -> None:
    assert score(_problem(), [trade]) is None


def test_a_loss_lot_of_a_group_bought_within_the_window_is_not_sold() -> None:
    """The second lot was bought ten days ago: selling the first (a loss) would be a wash
    sale; selling the second (a gain) is not."""
    problem = _problem(recent=True)
    assert score(problem, [_sale((0, 20.0))]) is None
    assert score(problem, [_sale((1, 20.0))]) is not None


# --- the position limit: a single stock the plan buys ends at or below max_position ---------

FUNDS = tuple(f"F{i:02d}" for i in range(30))


def _limited() -> Problem:
    """$15,000 of the stock XYZ in a taxable account and $85,000 of cash in an IRA: a 25% limit
    is $25,000. NEW is a stock held nowhere; FUNDS are funds; all $100 a share, all vehicles."""
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 1.0}
    policy = Policy(
        targets=targets,
        vehicles={"mega": ("XYZ", "NEW", *FUNDS)},
        trading=Trading(min_trade=100.0, buy_single_stocks=True, max_position=0.25),
    )
    securities = {s: Security(s, 100.0, {"mega": 1.0}, kind="stock") for s in ("XYZ", "NEW")}
    securities |= {f: Security(f, 100.0, {"mega": 1.0}) for f in FUNDS}
    return Problem(
        (AccountState("T", "taxable", 0.0), AccountState("R", "tax_deferred", 85_000.0)),
        (Holding("T", "XYZ", 150.0, 15_000.0),),
        securities,
        targets,
        policy,
        as_of=AS_OF,
    )


def _buy(symbol: str, shares: float, account: str = "R") -> Trade:
    return Trade(account, symbol, "buy", shares, 100.0, None, 0.0)


def _room(problem: Problem, held: float) -> float:
    """Shares of a $100 stock the limit leaves room for beside ``held`` dollars of it."""
    return (problem.policy.trading.max_position * 100_000.0 - held) / 100.0


def test_a_stock_bought_up_to_the_position_limit_is_a_plan_and_one_share_past_it_is_not() -> None:
    p = _limited()
    room = _room(p, 15_000.0)  # 100 shares
    assert score(p, [_buy("XYZ", room)]) is not None  # exactly at the limit
    assert score(p, [_buy("XYZ", room + 1)]) is None
    # a stock held nowhere has the whole limit
    assert score(p, [_buy("NEW", _room(p, 0.0))]) is not None
    assert score(p, [_buy("NEW", _room(p, 0.0) + 1)]) is None


def test_a_sale_of_the_stock_elsewhere_makes_room_for_a_purchase() -> None:
    p = _limited()
    room = _room(p, 15_000.0)
    sale = Trade(
        "T",
        "XYZ",
        "sell",
        50.0,
        100.0,
        0.0,
        0.0,
        (LotSale(0, 50.0, 5_000.0, None, "unknown", 0.0),),
    )
    assert score(p, [_buy("XYZ", room + 50), sale]) is not None
    assert score(p, [_buy("XYZ", room + 51), sale]) is None


def test_funds_bought_beside_the_stock_do_not_hide_it_from_the_limit() -> None:
    # the funds are passed over whatever order the symbols are visited in; the stock is not
    p = _limited()
    funds = [_buy(f, 2.0) for f in FUNDS]
    assert score(p, [*funds, _buy("XYZ", _room(p, 15_000.0))]) is not None
    assert score(p, [*funds, _buy("XYZ", _room(p, 15_000.0) + 1)]) is None


def test_new_cash_placed_in_an_account_pays_for_its_purchases() -> None:
    p = _limited()  # new cash may go to the taxable account only; it has no cash of its own
    buy = _buy("F00", 10.0, account="T")  # $1,000
    assert score(p, [buy]) is None
    assert score(p, [buy], {"T": 999.0}) is None
    assert score(p, [buy], {"T": 1_000.0}) is not None
    assert score(p, [buy], {"R": 1_000.0}) is None  # not an account new cash may go to
