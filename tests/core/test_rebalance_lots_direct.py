"""Which lots a sale takes (``readout.choose_lots``) and what each lot sale says
(``readout.lot_sales``): min_tax takes the biggest loss per share first, then the smallest
gain; hifo and fifo follow their order; a loss lot of a group bought within the wash-sale
window is skipped; each lot sale carries its shares, cost, date, term and gain to the cent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from planner.core.rebalance.readout import choose_lots, lot_sales
from planner.core.rebalance.slots import Slot, SlotLot

PRICE = 25.0
#: (shares, cost a share, term, acquired) in file order
LOTS = (
    (10.0, 20.0, "long", date(2019, 5, 6)),  # gain of 5 a share
    (7.0, 31.5, "long", date(2021, 2, 3)),  # loss of 6.5
    (12.0, 24.0, "short", date(2026, 3, 1)),  # gain of 1
    (5.0, 28.0, "short", date(2026, 4, 1)),  # loss of 3
)


def _slot(
    taxed: bool = True, group: str = "index: S&P MidCap 400", lots: tuple[Any, ...] = LOTS
) -> Slot:
    held = tuple(SlotLot(n, unit, term, when, False) for n, unit, term, when in lots)
    shares = sum(n for n, *_ in lots)
    return Slot("A1", "IJH", shares, PRICE, None, taxed, False, True, held, group=group)


def _by_gain() -> list[int]:
    """The lots from the biggest loss per share to the biggest gain (ties in file order)."""
    return sorted(range(len(LOTS)), key=lambda k: (PRICE - LOTS[k][1], k))


def _fill(order: list[int], shares: float, skip: set[int] = frozenset()) -> list[float]:  # type: ignore[assignment]
    take, left = [0.0] * len(LOTS), shares
    for k in order:
        if k in skip:
            continue
        part = min(left, LOTS[k][0])
        take[k], left = part, left - part
    return take


@pytest.mark.parametrize("shares", [3.0, 7.0, 7.5, 9.5, 20.0, 34.0])
def test_min_tax_takes_losses_first_then_the_smallest_gains(shares: float) -> None:
    assert choose_lots(_slot(), shares, "min_tax", set()) == _fill(_by_gain(), shares)


@pytest.mark.parametrize("method", ["hifo", "fifo"])
def test_hifo_and_fifo_follow_their_order(method: str) -> None:
    if method == "hifo":
        order = sorted(range(len(LOTS)), key=lambda k: -LOTS[k][1])
    else:
        order = sorted(range(len(LOTS)), key=lambda k: LOTS[k][3])
    assert choose_lots(_slot(), 15.0, method, set()) == _fill(order, 15.0)


def test_a_loss_lot_of_a_recent_group_is_skipped_only_in_a_taxed_account() -> None:
    group = "index: S&P MidCap 400"
    losses = {k for k in range(len(LOTS)) if LOTS[k][1] > PRICE}
    got = choose_lots(_slot(group=group), 20.0, "min_tax", {group})
    assert got == _fill(_by_gain(), 20.0, skip=losses)
    assert all(got[k] == 0 for k in losses)
    # another group bought recently does not block these lots; an IRA has no wash sale
    assert choose_lots(_slot(group=group), 20.0, "min_tax", {"index: S&P 500"}) == _fill(
        _by_gain(), 20.0
    )
    assert choose_lots(_slot(taxed=False, group=group), 20.0, "min_tax", {group}) == _fill(
        _by_gain(), 20.0
    )


@pytest.mark.parametrize("shares", [34.0, 22.5])
def test_what_only_blocked_lots_could_give_lands_on_the_last_lot_in_order(shares: float) -> None:
    """Selling 34 (22.5) shares with the loss lots blocked: the gains give 22 and the other 12
    (half a share) go on the last lot of the min_tax order - a sale the caller's check then
    refuses."""
    group = "g"
    got = choose_lots(_slot(group=group), shares, "min_tax", {group})
    last = _by_gain()[-1]
    losses = {k for k in range(len(LOTS)) if LOTS[k][1] > PRICE}
    expected = _fill(_by_gain(), shares, skip=losses)
    expected[last] += shares - sum(expected)
    assert got == expected and sum(got) == shares


def test_no_lots_no_choice() -> None:
    assert choose_lots(_slot(lots=()), 5.0, "min_tax", set()) == []


def test_each_lot_sale_says_its_shares_cost_date_term_and_gain() -> None:
    # fractions whose dollars run past the cent; nothing from the third lot, a crumb of the fourth
    take = [0.0, 1.2345678, 0.3337, 1e-13]
    sales, realised, by_term = lot_sales(_slot(), take, "long")
    assert [s.lot for s in sales] == [1, 2]
    for s in sales:
        _, unit, term, when = LOTS[s.lot]
        assert s.shares == round(take[s.lot], 6)
        assert s.cost == round(unit * take[s.lot], 2)
        assert s.acquired == when and s.term == term
        assert s.gain == round((PRICE - unit) * take[s.lot], 2)
    gains = {k: round((PRICE - LOTS[k][1]) * take[k], 2) for k in (1, 2)}
    assert realised == round(sum(gains.values()), 2)
    assert by_term == {"long": gains[1], "short": gains[2]}
    # the figures are cents: the cost and gain of 1.2345678 shares are not kept to the mill
    assert sales[0].cost != round(LOTS[1][1] * take[1], 3)
    assert sales[0].gain != round((PRICE - LOTS[1][1]) * take[1], 3)


def test_the_gains_of_lots_of_one_term_add_up() -> None:
    take = [1.5, 2.25, 0.0, 0.0]  # both long-term
    _, realised, by_term = lot_sales(_slot(), take, "short")
    gains = [round((PRICE - LOTS[k][1]) * take[k], 2) for k in (0, 1)]
    assert by_term == {"short": 0.0, "long": pytest.approx(sum(gains))}
    assert realised == round(sum(gains), 2)


def test_a_lot_of_unknown_cost_is_taxed_as_all_gain_under_the_policys_term() -> None:
    lots = ((4.0, None, "unknown", None), (6.0, 30.0, "short", date(2026, 5, 1)))
    sales, realised, by_term = lot_sales(_slot(lots=lots), [4.0, 6.0], "long")
    unknown, known = sales
    assert unknown.cost is None and unknown.gain is None and unknown.acquired is None
    assert known.cost == 180.0 and known.gain == round(6.0 * (PRICE - 30.0), 2)
    assert by_term == {"long": 4.0 * PRICE, "short": round(6.0 * (PRICE - 30.0), 2)}
    assert realised == round(4.0 * PRICE + 6.0 * (PRICE - 30.0), 2)


def test_an_untaxed_account_realises_nothing() -> None:
    sales, realised, by_term = lot_sales(_slot(taxed=False), [3.0, 0.0, 0.0, 0.0], "long")
    assert len(sales) == 1 and sales[0].gain == round(3.0 * (PRICE - LOTS[0][1]), 2)
    assert realised is None and by_term == {"short": 0.0, "long": 0.0}


def test_shares_are_kept_to_the_millionth() -> None:
    (sale,), _, _ = lot_sales(_slot(), [1.2345678, 0.0, 0.0, 0.0], "long")
    assert sale.shares == round(1.2345678, 6) != round(1.2345678, 7)
