"""The order hifo and fifo sell a position's lots in (``planner/core/rebalance/taxlots.py``),
called directly on hand-built slots."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.rebalance.slots import Slot, SlotLot
from planner.core.rebalance.taxlots import lot_order

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
