"""The order hifo and fifo sell a position's lots in (``planner/core/rebalance/taxlots.py``),
called directly on hand-built slots."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.core.policy import BUCKETS, Policy
from planner.core.problem import AccountState, Holding, Lot, Problem, Security
from planner.core.rebalance import solve
from planner.core.rebalance.slots import Slot, SlotLot
from planner.core.rebalance.taxlots import is_loss, lot_order

D1, D2, D3 = date(2021, 5, 3), date(2022, 8, 15), date(2023, 2, 1)


def slot(*lots: tuple[float | None, date | None]) -> Slot:
    """A position of 10 shares per lot: (cost per share, acquired) each."""
    held = tuple(SlotLot(10.0, cost, "unknown", acquired, False) for cost, acquired in lots)
    return Slot("A1", "IJH", 10.0 * len(held), 25.0, None, True, False, True, held)


@pytest.mark.parametrize(
    ("lots", "hifo", "fifo"),
    [
        (
            # costs 10, 30, unknown, 20, 30: the highest cost first, a tie in file order, an
            # unknown cost last; the oldest first, a tie in file order, the undated last
            ((10.0, D3), (30.0, None), (None, D1), (20.0, D2), (30.0, D1)),
            [1, 4, 3, 0, 2],
            [2, 4, 3, 0, 1],
        ),
        (
            # a penny stock: a known cost under a dollar still goes before an unknown one
            ((None, D1), (0.4, D2), (0.0, D3)),
            [1, 0, 2],
            [0, 1, 2],
        ),
        (
            # the newest lot first in the file, undated lots between the dated ones
            ((12.0, D3), (None, None), (15.0, D1), (11.0, None), (14.0, D2)),
            [2, 4, 0, 3, 1],
            [2, 4, 0, 1, 3],
        ),
        ((), [], []),
    ],
)
def test_hifo_sells_the_highest_cost_first_and_fifo_the_oldest(
    lots: tuple[tuple[float | None, date | None], ...], hifo: list[int], fifo: list[int]
) -> None:
    s = slot(*lots)
    assert lot_order(s, "hifo") == hifo
    assert lot_order(s, "fifo") == fifo


@pytest.mark.parametrize(
    ("cost", "loss"),
    [(30.0, True), (25.01, True), (25.0, False), (20.0, False), (None, False)],
    ids=["above-price", "a-cent-above", "at-price", "below-price", "unknown-cost"],
)
def test_a_lot_is_a_loss_only_when_it_cost_more_than_the_price(
    cost: float | None, loss: bool
) -> None:
    """A lot at today's price (no gain, no loss) or of unknown cost is not a loss: selling it
    within the wash-sale window is no wash sale."""
    assert is_loss(slot((cost, D1)), 0) is loss


def test_a_position_bought_days_ago_at_todays_price_may_still_be_sold() -> None:
    """No loss, so no wash sale: the plan sells the mid-caps bought ten days ago at $25."""
    as_of = date(2026, 6, 1)
    targets = dict.fromkeys(BUCKETS, 0.0)
    targets["large"] = 1.0
    policy = Policy(targets=targets, vehicles={"large": ("LRG",), "mid": ("IJH",)})
    securities = {
        "IJH": Security("IJH", 25.0, {"mid": 1.0}),
        "LRG": Security("LRG", 50.0, {"large": 1.0}),
    }
    lot = Lot(40, 40 * 25.0, as_of - timedelta(days=10))
    problem = Problem(
        (AccountState("TAX", "taxable", 0.0),),
        (Holding("TAX", "IJH", 40, 1000.0, (lot,)),),
        securities,
        targets,
        policy,
        as_of=as_of,
    )
    sol = solve(problem, method="exact")
    sold = {t.symbol: t.shares for t in sol.trades if t.side == "sell"}
    assert sold == {"IJH": 40}
    assert sum(t.tax for t in sol.trades) == 0.0
