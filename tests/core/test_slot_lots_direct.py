"""A holding's lots as the solver sees them (``planner/core/rebalance/slots.py``), read
directly: each lot's cost per share, the term of a gain on it (long only after more than a
year), and whether it was bought within the wash-sale window (the plan's day and the 30th day
before it included); and the gain and term taxlots reads off a lot."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.core.problem import Holding, Lot
from planner.core.rebalance.slots import (
    LONG_TERM_DAYS,
    WASH_DAYS,
    Slot,
    SlotLot,
    _slot_lots,
    term_of,
)
from planner.core.rebalance.taxlots import lot_gain, lot_term

AS_OF = date(2026, 7, 1)


def _ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "term"),
    [(LONG_TERM_DAYS + 1, "long"), (LONG_TERM_DAYS, "short"), (0, "short")],
)
def test_a_gain_is_long_term_only_after_more_than_a_year(days: int, term: str) -> None:
    assert term_of(_ago(days), AS_OF) == term
    assert term_of(None, AS_OF) == term_of(_ago(days), None) == "unknown"


def test_each_lot_has_its_cost_per_share_term_and_whether_it_is_recent() -> None:
    lots = (
        Lot(4.0, 400.0, _ago(LONG_TERM_DAYS + 10)),  # old: long, not recent
        Lot(0.5, 60.0, _ago(WASH_DAYS)),  # half a share, bought on the window's first day
        Lot(2.0, 150.0, AS_OF),  # bought on the plan's day
        Lot(3.0, None, _ago(WASH_DAYS + 1)),  # unknown cost, just outside the window
        Lot(1.0, 90.0, None),  # undated
    )
    held = Holding("A1", "IJH", sum(lot.shares for lot in lots), None, lots)
    assert _slot_lots(held, AS_OF) == (
        SlotLot(4.0, 100.0, "long", _ago(LONG_TERM_DAYS + 10), False),
        SlotLot(0.5, 120.0, "short", _ago(WASH_DAYS), True),
        SlotLot(2.0, 75.0, "short", AS_OF, True),
        SlotLot(3.0, None, "short", _ago(WASH_DAYS + 1), False),
        SlotLot(1.0, 90.0, "unknown", None, False),
    )
    # without the plan's day no term is known and nothing is recent
    assert [(s.term, s.recent) for s in _slot_lots(held, None)] == [("unknown", False)] * 5


def test_a_lot_of_no_shares_has_no_cost_per_share() -> None:
    held = Holding("A1", "IJH", 1.0, None, (Lot(0.0, 50.0, None), Lot(1.0, 30.0, None)))
    assert [s.unit_cost for s in _slot_lots(held, AS_OF)] == [None, 30.0]


def _slot(*lots: SlotLot) -> Slot:
    return Slot("A1", "IJH", sum(lot.shares for lot in lots), 25.0, None, True, False, True, lots)


def test_a_lots_gain_counts_an_unknown_cost_as_all_gain_and_keeps_a_known_term() -> None:
    s = _slot(
        SlotLot(10.0, 20.0, "short", _ago(10), True),
        SlotLot(10.0, None, "long", _ago(900), False),
        SlotLot(10.0, 30.0, "unknown", None, False),
    )
    assert [lot_gain(s, k) for k in range(3)] == [25.0 - 20.0, 25.0, 25.0 - 30.0]
    assert [lot_term(s, k, "long") for k in range(3)] == ["short", "long", "long"]
    assert [lot_term(s, k, "short") for k in range(3)] == ["short", "long", "short"]
