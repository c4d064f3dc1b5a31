"""What the solver may touch and which buckets are out of their band
(``planner/core/rebalance/slots.py``), called directly on small hand-built problems.

The household is $100,000; targets are binary fractions of it, so every band edge below is an
exact dollar figure derived from the 5/25 rule written in :class:`Bands`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import pytest

from planner.core.policy import BUCKETS, Bands, Mode, Policy, Restrictions, Trading
from planner.core.problem import AccountState, Holding, Lot, Problem, Security
from planner.core.rebalance.slots import (
    Slot,
    band_widths,
    bucket_values,
    build_slots,
    flows,
    household_security_values,
    merged_holdings,
    new_cash_accounts,
    out_of_band_buckets,
    reserve_floor,
    restrict_to,
    vehicle_ranks,
)

TOTAL = 100_000.0


def slot(symbol: str, can_buy: bool, can_sell: bool) -> Slot:
    return Slot("A1", symbol, 10.0, 100.0, None, True, can_buy, can_sell)


@pytest.mark.parametrize("can_buy", [True, False])
@pytest.mark.parametrize("can_sell", [True, False])
def test_restricting_keeps_what_a_listed_symbol_may_do_and_stops_the_rest(
    can_buy: bool, can_sell: bool
) -> None:
    slots = [slot("IJH", can_buy, can_sell), slot("VXUS", can_buy, can_sell)]
    out = restrict_to(slots, {"IJH"})
    # the listed symbol keeps exactly what it could do; the other may do nothing
    assert [(s.symbol, s.can_buy, s.can_sell) for s in out] == [
        ("IJH", can_buy, can_sell),
        ("VXUS", False, False),
    ]
    assert all(type(s.can_buy) is bool and type(s.can_sell) is bool for s in out)
    # nothing else about a slot changes
    assert [(s.account_id, s.shares, s.price, s.taxed) for s in out] == [
        (s.account_id, s.shares, s.price, s.taxed) for s in slots
    ]


# mid-caps: a 12.5% target, $12,500; its band is min(5%, 25% x 12.5%) = 3.125% = $3,125
MID_TARGET = 0.125
MID_EDGE = Bands().width(MID_TARGET) * TOTAL


def problem(targets: Mapping[str, float], cash: float) -> Problem:
    account = AccountState("A1", "taxable", cash)
    securities = {"IJH": Security("IJH", 1.0, {"mid": 1.0})}
    return Problem((account,), (), securities, targets, Policy(targets=dict(targets)))


def mid_slot(dollars: float) -> Slot:
    # IJH is $1 a share: the slot is worth exactly ``dollars``
    return Slot("A1", "IJH", dollars, 1.0, None, True, True, True)


@pytest.mark.parametrize(
    ("off", "out"),
    [
        (0.0, False),  # at its target
        (MID_EDGE, False),  # at the edge of its band
        (-MID_EDGE, False),
        (MID_EDGE + 0.005, False),  # past it by less than a cent
        (MID_EDGE + 0.5, True),  # past it by half a dollar
        (-MID_EDGE - 0.5, True),
    ],
)
def test_a_bucket_is_out_of_its_band_only_past_its_edge_by_more_than_a_cent(
    off: float, out: bool
) -> None:
    targets = {"mid": MID_TARGET, "cash": 1 - MID_TARGET}
    mid = MID_TARGET * TOTAL + off
    # the rest of the household is cash, exactly at its target
    prob = problem(targets, (1 - MID_TARGET) * TOTAL)
    assert out_of_band_buckets(prob, [mid_slot(mid)], TOTAL) == ({"mid"} if out else set())


def test_a_bucket_a_cent_past_its_band_edge_is_still_inside() -> None:
    # a zero target's band is the absolute 5%: $5,000; the tolerance is one cent
    edge = Bands().width(0.0) * TOTAL + 0.01
    targets = {"cash": 1.0}  # micro-caps has no target: zero
    prob = problem(targets, TOTAL)
    securities = {"IWC": Security("IWC", edge, {"micro": 1.0})}
    prob = Problem(prob.accounts, (), securities, targets, prob.policy)
    held = Slot("A1", "IWC", 1.0, edge, None, True, True, True)
    assert out_of_band_buckets(prob, [held], TOTAL) == set()


def test_a_bucket_missing_from_the_targets_has_a_zero_target() -> None:
    # only mid-caps and cash have targets: every other bucket's is zero, and with nothing
    # held in them they are at it; mid-caps is $20,000 above its $12,500 target
    targets = {"mid": MID_TARGET, "cash": 1 - MID_TARGET}
    prob = problem(targets, (1 - MID_TARGET) * TOTAL)
    assert set(BUCKETS) - set(targets)  # the targets leave buckets out
    assert out_of_band_buckets(prob, [mid_slot(MID_TARGET * TOTAL + 20_000.0)], TOTAL) == {"mid"}


def test_a_money_market_fund_and_the_accounts_cash_add_up_in_the_cash_bucket() -> None:
    securities = {
        "MMF": Security("MMF", 1.0, {"cash": 1.0}),
        "MIX": Security("MIX", 10.0, {"bonds": 0.5, "cash": 0.5}),
    }
    held = [("MMF", 300.0), ("MIX", 4.0)]
    values = dict(zip(BUCKETS, bucket_values(securities, held, 250.0), strict=True))
    assert values["cash"] == 300.0 + 0.5 * 40.0 + 250.0
    assert values["bonds"] == 0.5 * 40.0


# --- what each position may do: build_slots on small hand-built households -------------------

# Each account holds what ``holdings`` says; every symbol named has a security of its own.


def household(
    holdings: Sequence[Holding],
    securities: Mapping[str, Security],
    *,
    accounts: Sequence[AccountState] = (AccountState("A1", "taxable", 1_000.0),),
    vehicles: Mapping[str, tuple[str, ...]] | None = None,
    trading: Trading | None = None,
    restrictions: Restrictions | None = None,
    floors: Mapping[tuple[str, str], float] | None = None,
) -> Problem:
    targets = {"mid": 0.5, "cash": 0.5}
    policy = Policy(
        targets=targets,
        vehicles=dict(vehicles if vehicles is not None else {"mid": ("IJH", "VO")}),
        trading=trading or Trading(),
        restrictions=restrictions or Restrictions(),
    )
    return Problem(
        tuple(accounts), tuple(holdings), securities, targets, policy, floors=dict(floors or {})
    )


def by_symbol(slots: Sequence[Slot]) -> dict[str, Slot]:
    return {s.symbol: s for s in slots}


def mid_fund(symbol: str, price: float, **kw: object) -> Security:
    return Security(symbol, price, {"mid": 1.0}, **kw)  # type: ignore[arg-type]


def test_a_slot_carries_the_average_cost_and_the_rank_of_its_position() -> None:
    # IJH: 40 shares bought for $2,000, $50 each; OLD: half a share bought for $30, $60 a
    # share; XYZ: 10 shares of unknown cost; VO: approved, not held, a $1 fund
    securities = {
        "IJH": mid_fund("IJH", 60.0),
        "VO": mid_fund("VO", 1.0),
        "OLD": mid_fund("OLD", 100.0),
        "XYZ": mid_fund("XYZ", 20.0),
    }
    holdings = [
        Holding("A1", "IJH", 40.0, 2_000.0),
        Holding("A1", "OLD", 0.5, 30.0),
        Holding("A1", "XYZ", 10.0, None),
    ]
    # VO is listed first, but the account holds IJH: the plan adds to IJH before opening VO
    slots = build_slots(household(holdings, securities, vehicles={"mid": ("VO", "IJH")}))
    assert [s.symbol for s in slots] == sorted(securities)
    got = by_symbol(slots)
    assert got["IJH"].avg_cost == 2_000.0 / 40.0
    assert got["OLD"].avg_cost == 30.0 / 0.5
    assert got["XYZ"].avg_cost is None  # unknown cost stays unknown
    assert got["VO"].avg_cost == securities["VO"].price  # a new position costs its price
    assert {s.symbol: s.rank for s in slots} == {"IJH": 0, "VO": 1, "OLD": 0, "XYZ": 0}
    assert all(type(s.rank) is int for s in slots)
    # every held position may be sold; only the approved vehicles may be bought
    assert {s.symbol: (s.can_buy, s.can_sell) for s in slots} == {
        "IJH": (True, True),
        "VO": (True, False),
        "OLD": (False, True),
        "XYZ": (False, True),
    }
    assert [(s.shares, s.price, s.taxed) for s in slots] == [
        (40.0, 60.0, True),
        (0.5, 100.0, True),
        (0.0, 1.0, True),
        (10.0, 20.0, True),
    ]


def test_a_position_of_no_shares_has_no_average_cost_and_nothing_to_sell() -> None:
    # a closed position the file still lists: no shares, no cost
    securities = {"IJH": mid_fund("IJH", 60.0), "VO": mid_fund("VO", 50.0)}
    got = by_symbol(build_slots(household([Holding("A1", "IJH", 0.0, 0.0)], securities)))
    assert got["IJH"].avg_cost is None
    assert (got["IJH"].can_buy, got["IJH"].can_sell) == (True, False)


def test_what_keeps_a_vehicle_from_being_bought() -> None:
    vehicles = {"mid": ("IJH", "LOWQ", "HALT", "NOBUY", "UNSUP", "NOSELL")}
    securities = {
        "IJH": mid_fund("IJH", 60.0),
        "LOWQ": mid_fund("LOWQ", 60.0, low_quality=True),
        "HALT": mid_fund("HALT", 60.0, tradeable=False),
        "NOBUY": mid_fund("NOBUY", 60.0),
        "UNSUP": mid_fund("UNSUP", 60.0),
        "NOSELL": mid_fund("NOSELL", 60.0),
    }
    holdings = [Holding("A1", sym, 10.0, 500.0) for sym in securities]
    restrictions = Restrictions(
        do_not_buy=("NOBUY",), unsupervised=("UNSUP",), do_not_sell=("NOSELL",)
    )
    slots = build_slots(
        household(holdings, securities, vehicles=vehicles, restrictions=restrictions)
    )
    assert {s.symbol: (s.can_buy, s.can_sell) for s in slots} == {
        "IJH": (True, True),
        "LOWQ": (False, True),  # low quality: kept or sold, never added to
        "HALT": (False, False),  # not tradeable: counted, never traded
        "NOBUY": (False, True),
        "UNSUP": (False, False),  # unsupervised: counted, never traded
        "NOSELL": (True, False),
    }


def test_shares_covering_a_short_call_stay() -> None:
    securities = {
        "IJH": mid_fund("IJH", 60.0),
        "VO": mid_fund("VO", 50.0),
        "XYZ": mid_fund("XYZ", 20.0),
    }
    holdings = [
        Holding("A1", "IJH", 100.0, 5_000.0),  # all 100 cover a call: none may be sold
        Holding("A1", "XYZ", 100.0, 1_000.0),  # 40 cover a call: 60 may be sold
    ]
    floors = {("A1", "IJH"): 100.0, ("A1", "XYZ"): 40.0}
    got = by_symbol(build_slots(household(holdings, securities, floors=floors)))
    assert (got["IJH"].floor, got["IJH"].can_sell) == (100.0, False)
    assert (got["XYZ"].floor, got["XYZ"].can_sell) == (40.0, True)
    assert (got["VO"].floor, got["VO"].can_sell) == (0.0, False)  # nothing held, nothing to sell


def test_a_floor_above_the_shares_held_is_the_shares_held() -> None:
    securities = {"IJH": mid_fund("IJH", 60.0), "VO": mid_fund("VO", 50.0)}
    holdings = [Holding("A1", "IJH", 100.0, 5_000.0)]
    got = by_symbol(build_slots(household(holdings, securities, floors={("A1", "IJH"): 150.0})))
    assert (got["IJH"].floor, got["IJH"].can_sell) == (100.0, False)


def test_a_single_stock_at_its_position_limit_is_not_added_to() -> None:
    # the household: $30,000 of cash and $10,000 of stocks, $40,000; a stock may reach a
    # quarter of it, $10,000. AAA is worth exactly that, BBB less; CCC is an approved vehicle
    # that is a single stock, held nowhere. NOPRICE has no security: it is not a slot.
    max_position = 0.25
    securities = {
        "AAA": Security("AAA", 100.0, {"large": 1.0}, kind="stock"),
        "BBB": Security("BBB", 10.0, {"large": 1.0}, kind="stock"),
        "CCC": Security("CCC", 10.0, {"mid": 1.0}, kind="stock"),
    }
    holdings = [
        Holding("A1", "AAA", 100.0, 5_000.0),
        Holding("A1", "BBB", 0.0, None),
        Holding("A1", "NOPRICE", 5.0, 50.0),
    ]
    accounts = (AccountState("A1", "taxable", 30_000.0),)
    prob = household(
        holdings,
        securities,
        accounts=accounts,
        vehicles={"mid": ("CCC",)},
        trading=Trading(buy_single_stocks=True, max_position=max_position),
    )
    aaa = 100.0 * securities["AAA"].price
    assert aaa == max_position * (accounts[0].cash + aaa)
    got = by_symbol(build_slots(prob))
    assert set(got) == {"AAA", "BBB", "CCC"}
    assert (got["AAA"].can_buy, got["AAA"].can_sell) == (False, True)
    assert got["BBB"].can_buy is True
    assert got["CCC"].can_buy is True


def test_an_account_of_unknown_type_is_taxed_and_takes_new_cash() -> None:
    securities = {"IJH": mid_fund("IJH", 60.0), "VO": mid_fund("VO", 50.0)}
    accounts = (
        AccountState("IRA", "tax_deferred", 1_000.0),
        AccountState("U", "unknown", 1_000.0),
        AccountState("R", "tax_free", 1_000.0),
    )
    holdings = [Holding(a.id, "IJH", 10.0, 500.0) for a in accounts]
    prob = household(holdings, securities, accounts=accounts)
    taxed = {(s.account_id, s.symbol): s.taxed for s in build_slots(prob)}
    assert taxed == {
        ("IRA", "IJH"): False,
        ("IRA", "VO"): False,
        ("U", "IJH"): True,
        ("U", "VO"): True,
        ("R", "IJH"): False,
        ("R", "VO"): False,
    }
    assert new_cash_accounts(prob) == [1]


# --- merged holdings, household values, flows, reserves, ranks, bands -------------------------


def test_two_rows_of_one_position_are_one_holding_with_the_lots_of_both() -> None:
    bought = date(2024, 3, 1)
    rows = [
        Holding("A1", "IJH", 10.0, 500.0),  # no lots: one undated lot at its cost
        Holding("A2", "IJH", 7.0, 350.0),  # another account: its own position
        Holding("A1", "IJH", 5.0, 400.0, (Lot(5.0, 400.0, bought),)),
    ]
    prob = household(rows, {"IJH": mid_fund("IJH", 60.0)})
    merged = merged_holdings(prob)
    assert merged == {
        ("A1", "IJH"): Holding(
            "A1", "IJH", 15.0, 900.0, (Lot(10.0, 500.0, None), Lot(5.0, 400.0, bought))
        ),
        ("A2", "IJH"): rows[1],
    }


@pytest.mark.parametrize("unknown", [0, 1])
def test_a_merged_position_with_a_row_of_unknown_cost_has_an_unknown_cost(unknown: int) -> None:
    rows = [Holding("A1", "IJH", 10.0, 500.0), Holding("A1", "IJH", 5.0, 400.0)]
    rows[unknown] = replace(rows[unknown], cost_basis=None)
    merged = merged_holdings(household(rows, {"IJH": mid_fund("IJH", 60.0)}))
    held = merged[("A1", "IJH")]
    assert (held.shares, held.cost_basis) == (15.0, None)
    assert [lot.cost for lot in held.lots] == [r.cost_basis for r in rows]


def test_the_household_value_of_a_security_adds_up_every_account() -> None:
    securities = {"IJH": mid_fund("IJH", 60.0), "VO": mid_fund("VO", 50.0)}
    rows = [
        Holding("A1", "IJH", 10.0),
        Holding("A2", "IJH", 5.0),
        Holding("A2", "VO", 2.0),
        Holding("A2", "GONE", 3.0),  # no security: no value
    ]
    prob = household(rows, securities)
    assert household_security_values(prob) == {"IJH": 15.0 * 60.0, "VO": 2.0 * 50.0}


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("full", 300.0 - 100.0),  # new cash and cash to raise count only in their modes
        ("out_of_band", 300.0 - 100.0),
        ("cash_flow", 300.0 - 100.0 + 2_000.0),
        ("raise_cash", 300.0 - 100.0 - 5_000.0),
    ],
)
def test_flows_are_deposits_less_withdrawals_plus_the_modes_cash(
    mode: Mode, expected: float
) -> None:
    accounts = (
        AccountState("A1", "taxable", 1_000.0, deposit=300.0),
        AccountState("A2", "taxable", 1_000.0, withdraw=100.0),
    )
    trading = Trading(mode=mode, new_cash=2_000.0, raise_cash=5_000.0)
    prob = household([], {}, accounts=accounts, trading=trading)
    assert flows(prob) == expected


@pytest.mark.parametrize(
    ("cash", "deposit", "withdraw", "expected"),
    [
        (5_000.0, 0.0, 0.0, 500.0),  # enough cash: the reserve
        (300.0, 0.0, 0.0, 300.0),  # less: what it has
        (0.5, 0.0, 0.0, 0.5),  # half a dollar: still what it has
        (0.0, 0.0, 0.0, 0.0),
        (1_000.0, 0.0, 5_000.0, 0.0),  # a withdrawal larger than the cash: sales pay it all
        (-2_000.0, 0.0, 1_000.0, -2_000.0),  # the margin debit it already had
        (-2_000.0, 500.0, 3_000.0, -1_500.0),  # the debit less the deposit
    ],
)
def test_the_reserve_floor(cash: float, deposit: float, withdraw: float, expected: float) -> None:
    account = AccountState("A1", "taxable", cash, deposit=deposit, withdraw=withdraw)
    assert reserve_floor(account, 500.0) == expected


def test_a_vehicle_listed_in_two_buckets_takes_its_better_rank() -> None:
    # VTI is first for large-caps and second for mid-caps
    policy = Policy(vehicles={"large": ("VTI", "VOO"), "mid": ("IJH", "VTI")})
    assert vehicle_ranks(policy, ()) == {"VTI": 0, "VOO": 1, "IJH": 0}
    # an account holding VOO adds to it first: VTI is second in both lists then
    assert vehicle_ranks(policy, ("VOO",)) == {"VOO": 0, "VTI": 1, "IJH": 0}


def test_a_bucket_without_a_target_gets_the_absolute_band() -> None:
    # the relative band is the smaller for a large target: a missing bucket's target is zero,
    # and a zero target gets the absolute band
    bands = Bands(absolute=0.05, relative=0.04)
    targets = {"mid": 0.5, "cash": 0.5}
    prob = Problem((), (), {}, targets, Policy(targets=targets, bands=bands))
    widths = dict(zip(BUCKETS, band_widths(prob), strict=True))
    assert widths == {k: (0.04 * 0.5 if k in targets else 0.05) for k in BUCKETS}
