"""What the solver may touch and which buckets are out of their band
(``planner/core/rebalance/slots.py``), called directly on small hand-built problems.

The household is $100,000; targets are binary fractions of it, so every band edge below is an
exact dollar figure derived from the 5/25 rule written in :class:`Bands`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from planner.core.policy import BUCKETS, Bands, Policy
from planner.core.problem import AccountState, Problem, Security
from planner.core.rebalance.slots import Slot, bucket_values, out_of_band_buckets, restrict_to

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
