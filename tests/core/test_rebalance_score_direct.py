"""The solver's own check of a sale's lots (``rebalance.score``): a candidate plan whose sale
names a lot that does not exist, takes more of a lot than it holds, names lots that do not add
up to the shares sold, or sells a loss lot of a group bought within the wash-sale window is no
plan; one lot named in two parts is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.core.policy import BUCKETS, VEHICLE_RANK_COST, Mode, Policy, Restrictions, Trading
from planner.core.problem import AccountState, Holding, Lot, LotSale, Problem, Security, Trade
from planner.core.rebalance.readout import CENT
from planner.core.rebalance.score import score
from planner.core.rebalance.slots import build_slots

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


# --- the rules of one trade and of the plan: each broken once, each kept exactly at its edge --

MIN_TRADE = 200.0
#: (account, symbol, shares, dollars a share) of the household below
HELD = (
    ("T", "OLD", 10.0, 100.0),  # one lot bought at $150 a share: a sale realises a loss
    ("R", "F00", 50.0, 100.0),  # the preferred vehicle, held
    ("R", "PIN", 30.0, 100.0),  # 20 shares cover a short call
    ("R", "NOSELL", 30.0, 100.0),  # on the do-not-sell list
    ("R", "SMALL", 300.0, 0.5),  # $150: a position smaller than min_trade
    ("R", "ODD", 10.5, 100.0),  # a fraction of a share
    ("R", "EDGE", 400.0, 0.5),  # exactly min_trade
)
PRICES = {sym: price for _, sym, _, price in HELD} | {"F01": 100.0, "F02": 100.0, "CHP": 0.5}


def _household(mode: Mode = "full", fractional: bool = False, reserve: float = 0.0) -> Problem:
    """A taxable account T and an IRA R, each with $1,000 of cash, holding HELD; F00, F01, F02
    are the large-cap vehicles in that order (F02 is in OLD's wash-sale group) and CHP the
    small-cap one; min_trade is $200, ``reserve`` the cash each account keeps."""
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 0.9, "small": 0.1}
    policy = Policy(
        targets=targets,
        vehicles={"mega": ("F00", "F01", "F02"), "small": ("CHP",)},
        trading=Trading(
            min_trade=MIN_TRADE, fractional=fractional, mode=mode, cash_reserve=reserve
        ),
        restrictions=Restrictions(do_not_sell=("NOSELL",)),
    )
    securities = {
        s: Security(
            s, p, {"small" if s == "CHP" else "mega": 1.0}, group="G" if s in ("OLD", "F02") else ""
        )
        for s, p in PRICES.items()
    }
    holdings = tuple(
        Holding(a, s, n, n * 150.0, (Lot(n, n * 150.0, date(2020, 1, 2)),))
        if s == "OLD"
        else Holding(a, s, n, n * p)
        for a, s, n, p in HELD
    )
    return Problem(
        (AccountState("T", "taxable", 1_000.0), AccountState("R", "tax_deferred", 1_000.0)),
        holdings,
        securities,
        targets,
        policy,
        as_of=AS_OF,
        floors={("R", "PIN"): 20.0},
    )


def _hbuy(symbol: str, shares: float, account: str = "R") -> Trade:
    return Trade(account, symbol, "buy", shares, PRICES.get(symbol, 100.0), None, 0.0)


def _hsell(symbol: str, shares: float, account: str = "R") -> Trade:
    """A sale naming the position's one lot."""
    lot = (LotSale(0, shares, None, None, "unknown", None),)
    return Trade(account, symbol, "sell", shares, PRICES[symbol], None, 0.0, lot)


@pytest.mark.parametrize(
    "trades",
    [
        [_hbuy("ZZZ", 2.0)],  # a symbol the household cannot trade
        [_hbuy("F00", 0.0)],  # no shares
        [_hbuy("F00", 2.0), _hsell("F00", 2.0)],  # a buy and a sale of one position
        [_hsell("F00", 2.0), _hbuy("F00", 2.0)],
        [_hbuy("F00", 2.5)],  # half a share
        [_hsell("ODD", 9.5)],  # the fraction, not closing the position
        [_hsell("ODD", 0.5)],
        [_hbuy("F00", 1.0)],  # $100: under min_trade
        [_hbuy("ODD", 2.0)],  # not a vehicle: may not be bought
        [_hbuy("F00", 11.0)],  # $1,100 from $1,000 of cash
        [_hbuy("CHP", 2_001.0)],  # $1,000.50 from $1,000
        [_hsell("PIN", 11.0)],  # 10 of the 30 are free
        [_hsell("NOSELL", 2.0)],  # may not be sold
        [_hsell("F00", 1.0)],  # $100: under min_trade, the position is not
        [_hsell("SMALL", 299.0)],  # a position under min_trade is sold whole or not at all
        [_hsell("OLD", 10.0, "T"), _hbuy("F02", 2.0, "T")],  # a loss sold, its group bought
    ],
    ids=[
        "unknown-symbol",
        "zero-shares",
        "buy-and-sell",
        "sell-and-buy",
        "fraction",
        "fraction-not-closing",
        "fraction-alone",
        "buy-under-min-trade",
        "not-buyable",
        "past-cash",
        "past-cash-by-50c",
        "into-the-floor",
        "not-sellable",
        "sale-under-min-trade",
        "small-position-in-part",
        "wash-sale-in-plan",
    ],
)
def test_a_plan_that_breaks_a_rule_is_refused(trades: list[Trade]) -> None:
    assert score(_household(), trades) is None


@pytest.mark.parametrize(
    "trades",
    [
        [_hbuy("F00", 2.0), _hbuy("F00", 2.0)],  # two buys of one position
        [_hsell("ODD", 10.5)],  # all 10.5 shares: the fraction closes the position
        [_hbuy("F00", MIN_TRADE / 100.0)],  # exactly min_trade
        [_hsell("F00", MIN_TRADE / 100.0)],
        [_hbuy("F00", 10.0)],  # exactly the account's cash
        [_hbuy("CHP", 2_000.0)],
        [_hsell("PIN", 10.0)],  # down to the floor
        [_hsell("SMALL", 300.0)],  # a whole position under min_trade
        [_hsell("OLD", 10.0, "T"), _hbuy("F01", 2.0, "T")],  # a loss sold, another group bought
    ],
    ids=[
        "two-buys",
        "closing-fraction",
        "buy-min-trade",
        "sell-min-trade",
        "all-the-cash",
        "all-the-cash-cheap",
        "to-the-floor",
        "small-position-whole",
        "loss-and-other-group",
    ],
)
def test_a_plan_exactly_at_each_rules_edge_is_accepted(trades: list[Trade]) -> None:
    assert score(_household(), trades) is not None


def test_a_trade_of_no_shares_is_refused_even_when_it_costs_nothing() -> None:
    """With no min_trade and no cash needed, only the shares themselves rule it out."""
    assert score(_problem(), [Trade("TAX", "LRG", "buy", 0.0, 50.0, None, 0.0)]) is None


def test_new_cash_goes_only_to_an_account_it_may_go_to() -> None:
    p = _household()  # the taxable account takes new cash; the IRA does not
    assert score(p, [], {"T": 1_000.0}) is not None
    assert score(p, [], {"R": 1_000.0}) is None
    assert score(p, [], {"R": CENT}) is not None  # half a cent is rounding


def test_the_cent_tolerance_of_min_trade() -> None:
    """In a household trading fractions, a trade within CENT of min_trade is min_trade; a
    position worth exactly min_trade is not 'smaller than min_trade'."""
    p = _household(fractional=True)
    at_tolerance = (MIN_TRADE - CENT) / PRICES["CHP"]  # 399.99 shares at $0.50
    assert score(p, [_hbuy("CHP", at_tolerance)]) is not None
    assert score(p, [_hsell("EDGE", at_tolerance)]) is not None
    assert score(p, [_hsell("EDGE", 399.995)]) is not None  # $199.9975 of a $200 position


def test_cash_flow_mode_refuses_a_sale_and_raise_cash_mode_a_purchase() -> None:
    """Slots of the full mode would allow both: the check of the mode itself refuses them."""
    full = build_slots(_household())
    cash_flow, raise_cash = _household("cash_flow"), _household("raise_cash")
    assert score(cash_flow, [_hsell("F00", 2.0)], slots_=full) is None
    assert score(cash_flow, [_hbuy("F00", 2.0)]) is not None
    assert score(raise_cash, [_hbuy("F00", 2.0)], slots_=full) is None
    assert score(raise_cash, [_hsell("F00", 2.0)], slots_=full) is not None


def test_a_lower_ranked_vehicle_costs_its_rank_times_its_value() -> None:
    """Two $200 buys of the first vehicle against one each of the second (rank 1) and the
    third (rank 2): the same money in the same bucket, dearer by the ranks' cost."""
    p = _household()
    first = score(p, [_hbuy("F00", 2.0), _hbuy("F00", 2.0)])
    others = score(p, [_hbuy("F01", 2.0), _hbuy("F02", 2.0)])
    assert first is not None and others is not None
    expected = VEHICLE_RANK_COST * (1 * 200.0 + 2 * 200.0)
    assert others.total - first.total == pytest.approx(expected, rel=1e-6)


def test_a_purchase_may_spend_down_to_the_reserve_less_half_a_cent() -> None:
    """A $0.505 reserve: $999.50 of CHP leaves $0.50 of the $1,000, within CENT of it."""
    p = _household(reserve=0.5 + CENT)
    assert score(p, [_hbuy("CHP", 1_999.0)]) is not None
    assert score(p, [_hbuy("CHP", 2_000.0)]) is None  # nothing left
