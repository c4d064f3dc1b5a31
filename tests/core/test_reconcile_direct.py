"""Direct tests of :mod:`planner.core.reconcile`: a row whose quantity x price x multiplier is
not its market value, an account whose positions do not add up to the file's total, a position
whose tax lots do not add up to it. Every figure below is worked out here from the rows written
in the test; the warnings are compared whole (file, line, account, text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from planner.core.holdings import Account, ImportWarning, LotRecord, normalize_positions
from planner.core.reconcile import lot_mismatches, row_mismatches, total_mismatches

FILE = "pos.csv"
LOTS = "lots.csv"
NAN = float("nan")
USED = "the reported market value is used"
AS_THEY_ARE = "the plan uses the lots as they are"


def counted(shares: str) -> str:
    """What the plan does with shares of a position no lot names."""
    return (
        f"the plan counts the {shares} shares no lot names as one lot of unknown cost and date, "
        "whose sale counts as all gain, to be safe"
    )


@dataclass(frozen=True)
class Row:
    """One position row; None where the file gives no figure."""

    account: str
    symbol: str
    quantity: float | None
    price: float | None
    value: float
    multiplier: float = 1.0
    cost: float | None = None
    line: int = 0
    file: str = FILE


def _positions(rows: Sequence[Row]) -> pd.DataFrame:
    """The rows as an imported positions table; a row with no ``line`` is on line 2, 3, ..."""

    def num(x: float | None) -> float:
        return NAN if x is None else x

    return normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r.account for r in rows],
                "symbol": [r.symbol for r in rows],
                "description": [""] * len(rows),
                "asset_type": ["equity"] * len(rows),
                "quantity": [num(r.quantity) for r in rows],
                "price": [num(r.price) for r in rows],
                "market_value": [r.value for r in rows],
                "cost_basis": [num(r.cost) for r in rows],
                "multiplier": [r.multiplier for r in rows],
                "source_file": [r.file for r in rows],
                "source_line": [r.line or 2 + i for i, r in enumerate(rows)],
            }
        )
    )


def _lot(account: str, symbol: str, quantity: float, cost: float | None, line: int) -> LotRecord:
    return LotRecord(account, symbol, date(2020, 1, 2), quantity, cost, LOTS, line)


def _row_warning(r: Row, line: int, expected: str, value: str) -> ImportWarning:
    message = (
        f"{r.symbol}: quantity x price is {expected} but the file reports a market value of "
        f"{value}; {USED}"
    )
    return ImportWarning(r.file, line, r.account, message)


# --- row_mismatches: tolerance a cent + half a cent per unit + 0.01% of the value --------------


def test_rows_that_agree_give_no_warning() -> None:
    rows = [
        Row("A", "AAPL", 10, 150.25, 1502.50),
        Row("A", "BND", 10000, 98.5, 9850.00, multiplier=0.01),  # a bond: per 100 of face
        Row("A", "AAPL  250117C00150000", -2, 3.10, -620.00, multiplier=100),  # a short call
    ]
    assert row_mismatches(_positions(rows)) == []


def test_no_rows_and_rows_without_a_quantity_or_price_give_no_warning() -> None:
    assert row_mismatches(_positions([])) == []
    rows = [
        Row("A", "CASH", None, None, 2150.25),  # cash: no quantity, no price
        Row("A", "XYZ", 10, None, 999.0),  # no price
        Row("A", "FUND", None, 12.0, 999.0),  # no quantity
    ]
    assert row_mismatches(_positions(rows)) == []


def test_a_row_off_by_more_than_its_tolerance_names_its_file_line_account_and_figures() -> None:
    # 100 x 100.00 = 10,000.00; tolerance 0.01 + 0.005 x 100 + 0.0001 x value
    inside = Row("A", "MSFT", 100, 100.00, 10001.50)  # off 1.50; tolerance 1.51015
    outside = Row("B", "MSFT", 100, 100.00, 10001.52)  # off 1.52; tolerance 1.510152
    below = Row("B", "IBM", 100, 100.00, 9998.40)  # off 1.60; tolerance 1.50984
    assert row_mismatches(_positions([inside, outside, below])) == [
        _row_warning(outside, 3, "$10,000.00", "$10,001.52"),
        _row_warning(below, 4, "$10,000.00", "$9,998.40"),
    ]


def test_the_share_of_the_value_in_the_tolerance_is_a_hundredth_of_a_percent() -> None:
    # 1,000 x 50.00 = 50,000.00; tolerance 0.01 + 5.00 + 0.0001 x 50,010 = 10.011
    assert row_mismatches(_positions([Row("A", "X", 1000, 50.0, 50010.0)])) == []
    # 0.01 + 5.00 + 5.0012 = 10.0112 < 10.012
    bad = Row("A", "X", 1000, 50.0, 50012.0)
    assert row_mismatches(_positions([bad])) == [_row_warning(bad, 2, "$50,000.00", "$50,012.00")]


def test_a_short_option_row_takes_its_tolerance_from_the_size_of_its_position() -> None:
    # -2 x 3.10 x 100 = -620.00; tolerance 0.01 + 0.005 x 200 + 0.0001 x 621.07 = 1.072107
    assert row_mismatches(_positions([Row("A", "C", -2, 3.10, -621.07, multiplier=100)])) == []
    bad = Row("A", "C", -2, 3.10, -621.08, multiplier=100)  # off 1.08; tolerance 1.072108
    assert row_mismatches(_positions([bad])) == [_row_warning(bad, 2, "-$620.00", "-$621.08")]


def test_a_row_off_by_exactly_its_tolerance_gives_no_warning() -> None:
    # 2 x 0.01 = 0.02 against a market value of 0: tolerance 0.01 + 0.005 x 2 + 0 = 0.02
    assert 2 * 0.01 == 0.01 + 0.005 * 2 == 0.02  # the edge holds in floating point too
    assert row_mismatches(_positions([Row("A", "PENNY", 2, 0.01, 0.0)])) == []
    over = Row("A", "PENNY", 2, float(np.nextafter(0.01, 1.0)), 0.0)
    assert row_mismatches(_positions([over])) == [_row_warning(over, 2, "$0.02", "$0.00")]


def test_a_bond_row_counts_its_units_after_the_multiplier() -> None:
    # 10,000 face x 98.50 x 0.01 = 9,850.00; tolerance 0.01 + 0.005 x 100 + 0.985 = 1.495
    assert row_mismatches(_positions([Row("A", "T", 10000, 98.5, 9851.49, 0.01)])) == []
    bad = Row("A", "T", 10000, 98.5, 9851.50, 0.01)  # off 1.50; tolerance 1.49515
    assert row_mismatches(_positions([bad])) == [_row_warning(bad, 2, "$9,850.00", "$9,851.50")]


def test_row_warnings_keep_the_file_and_line_of_each_row() -> None:
    rows = [
        Row("A", "OK", 1, 10.0, 10.0, line=7, file="a.csv"),
        Row("Z9", "BAD", 3, 10.0, 40.0, line=11, file="b.csv"),  # 30.00 against 40.00
    ]
    assert row_mismatches(_positions(rows)) == [
        ImportWarning(
            "b.csv",
            11,
            "Z9",
            f"BAD: quantity x price is $30.00 but the file reports "
            f"a market value of $40.00; {USED}",
        )
    ]


# --- total_mismatches: tolerance a cent + half a cent per position row --------------------


def _acct(account_id: str, total: float | None, line: int | None = 9, label: str = "") -> Account:
    return Account(account_id, "Individual", "taxable", "pos.csv", total, line, label)


def _total_warning(acct: Account, figure: str, total: str, said: str, diff: str) -> ImportWarning:
    message = f"positions add up to {total} but the file's {figure} says {said} (difference {diff})"
    return ImportWarning(acct.source, acct.reported_total_line, acct.id, message)


def test_accounts_whose_positions_add_up_give_no_warning() -> None:
    rows = [Row("A", "X", 1, 1.0, 1000.00), Row("A", "Y", 1, 1.0, 234.56)]
    assert total_mismatches([_acct("A", 1234.56)], _positions(rows)) == []
    assert total_mismatches([], _positions(rows)) == []


def test_an_account_without_a_reported_total_is_not_checked() -> None:
    rows = [Row("A", "X", 1, 1.0, 1000.00)]
    assert total_mismatches([_acct("A", None, None)], _positions(rows)) == []


def test_a_total_off_names_the_figure_line_account_and_difference() -> None:
    rows = [
        Row("A", "X", 1, 1.0, 1000.00),
        Row("B", "X", 1, 1.0, 5.00),
        Row("A", "Y", 1, 1.0, 250.50),
    ]
    a = _acct("A", 1250.00, 14, "Net Asset Value total")  # 1,250.50: 0.50 over
    b = _acct("B", 1005.00, None)  # 5.00: 1,000.00 under; no line; the default name
    assert total_mismatches([a, b], _positions(rows)) == [
        _total_warning(a, "Net Asset Value total", "$1,250.50", "$1,250.00", "$0.50"),
        _total_warning(b, "total", "$5.00", "$1,005.00", "-$1,000.00"),
    ]


def test_an_account_with_no_positions_adds_up_to_zero_within_a_cent() -> None:
    rows = [Row("A", "X", 1, 1.0, 10.0)]
    assert total_mismatches([_acct("EMPTY", 0.01)], _positions(rows)) == []  # 1 cent: the edge
    acct = _acct("EMPTY", 0.02)
    assert total_mismatches([acct], _positions(rows)) == [
        _total_warning(acct, "total", "$0.00", "$0.02", "-$0.02")
    ]
    assert total_mismatches([acct], _positions([])) == [
        _total_warning(acct, "total", "$0.00", "$0.02", "-$0.02")
    ]


def test_an_account_with_no_positions_has_a_tolerance_of_a_cent_and_no_row() -> None:
    # a cent and a fifth: past the cent an account of no rows is allowed, within the cent and
    # a half it would be allowed with one row
    acct = _acct("EMPTY", 0.012)
    assert total_mismatches([acct], _positions([])) == [
        _total_warning(acct, "total", "$0.00", "$0.01", "-$0.01")
    ]


def test_an_account_without_a_reported_total_does_not_stop_the_check_of_the_next() -> None:
    rows = [Row("A", "X", 1, 1.0, 100.0), Row("B", "X", 1, 1.0, 200.0)]
    a, b = _acct("A", None, None), _acct("B", 250.0)  # B: 200.00, 50.00 under
    assert total_mismatches([a, b], _positions(rows)) == [
        _total_warning(b, "total", "$200.00", "$250.00", "-$50.00")
    ]


def test_a_total_off_by_exactly_its_tolerance_gives_no_warning() -> None:
    """Two rows: 0.01 + 0.005 x 2 = 0.02. 100.01 against 99.99 is 0.020000000000010232 in
    floating point; before the fix that warned of a difference of $0.02 - the tolerance."""
    rows = [Row("A", "X", 1, 1.0, 1.0), Row("A", "Y", 1, 1.0, 99.01)]
    total = 1.0 + 99.01  # 100.01
    assert abs(total - 99.99) > 0.01 + 0.005 * 2  # the edge, a hair over in floating point
    assert total_mismatches([_acct("A", 99.99)], _positions(rows)) == []
    assert total_mismatches([_acct("A", 100.03)], _positions(rows)) == []
    under = _acct("A", 99.989)  # 0.021 off
    assert total_mismatches([under], _positions(rows)) == [
        _total_warning(under, "total", "$100.01", "$99.99", "$0.02")
    ]
    over = _acct("A", 100.031)
    assert total_mismatches([over], _positions(rows)) == [
        _total_warning(over, "total", "$100.01", "$100.03", "-$0.02")
    ]


def test_a_total_off_by_an_exact_binary_tolerance_gives_no_warning() -> None:
    """23 rows: 0.01 + 0.005 x 23 = 0.125, a binary fraction, so the edge is exact."""
    assert 0.01 + 0.005 * 23 == 0.125
    rows = [Row("A", f"S{i}", 1, 1.0, 100.0) for i in range(22)] + [Row("A", "F", 1, 1.0, 0.5)]
    total = 22 * 100.0 + 0.5  # 2,200.50
    assert total_mismatches([_acct("A", total - 0.125)], _positions(rows)) == []
    assert total_mismatches([_acct("A", total + 0.125)], _positions(rows)) == []
    under = _acct("A", total - 0.125 - 2e-6)  # just under 2,200.375: $2,200.37
    assert total_mismatches([under], _positions(rows)) == [
        _total_warning(under, "total", "$2,200.50", "$2,200.37", "$0.13")
    ]


def test_the_tolerance_grows_by_half_a_cent_per_row() -> None:
    one = [Row("A", "X", 1, 1.0, 100.0)]  # one row: 0.015
    assert total_mismatches([_acct("A", 100.015)], _positions(one)) == []
    assert total_mismatches([_acct("A", 99.985)], _positions(one)) == []
    acct = _acct("A", 100.016)
    assert total_mismatches([acct], _positions(one)) == [
        _total_warning(acct, "total", "$100.00", "$100.02", "-$0.02")
    ]
    two = [Row("A", "X", 1, 1.0, 50.0), Row("A", "Y", 1, 1.0, 50.0)]  # two rows: 0.02
    assert total_mismatches([_acct("A", 100.0195)], _positions(two)) == []
    acct = _acct("A", 100.0205)
    assert total_mismatches([acct], _positions(two)) == [
        _total_warning(acct, "total", "$100.00", "$100.02", "-$0.02")
    ]
    # five rows: 0.035 (a row without a market value would not count; every row has one)
    five = [Row("A", f"S{i}", 1, 1.0, 20.0) for i in range(5)]
    assert total_mismatches([_acct("A", 100.035)], _positions(five)) == []
    assert len(total_mismatches([_acct("A", 100.036)], _positions(five))) == 1


def test_each_account_is_checked_against_its_own_rows() -> None:
    rows = [Row("A", "X", 1, 1.0, 70.0), Row("B", "X", 1, 1.0, 30.0)]
    a, b = _acct("A", 100.0, 3), _acct("B", 30.0, 4)  # the household's 100 is not A's
    assert total_mismatches([a, b], _positions(rows)) == [
        _total_warning(a, "total", "$70.00", "$100.00", "-$30.00")
    ]


# --- lot_mismatches: half a thousandth of a share, half a cent, per lot and per row ----------


def _lot_warning(
    lot: LotRecord,
    said: Sequence[str],
    symbol: str,
    where: str = f"{FILE}:2",
    then: str = AS_THEY_ARE,
) -> ImportWarning:
    message = f"the lots of {symbol} add up to {' and '.join(said)} ({where}); {then}"
    return ImportWarning(lot.source_file, lot.source_line, lot.account_id, message)


def test_no_lots_no_warning() -> None:
    assert lot_mismatches(_positions([Row("A", "X", 10, 1.0, 10.0, cost=5.0)]), []) == []
    assert lot_mismatches(_positions([]), []) == []


def test_lots_that_add_up_give_no_warning() -> None:
    rows = [Row("A", "X", 30, 10.0, 300.0, cost=250.0)]
    lots = [_lot("A", "X", 10, 100.0, 2), _lot("A", "X", 20, 150.0, 3)]
    assert lot_mismatches(_positions(rows), lots) == []


def test_lots_without_a_position_are_not_compared() -> None:
    rows = [Row("A", "X", 30, 10.0, 300.0, cost=250.0)]
    lots = [_lot("B", "X", 1, 1.0, 2), _lot("A", "Y", 1, 1.0, 3)]  # other account, symbol
    assert lot_mismatches(_positions(rows), lots) == []


def test_lots_without_a_position_do_not_stop_the_comparison_of_the_next() -> None:
    rows = [Row("A", "X", 30, 10.0, 300.0, cost=250.0)]
    lots = [_lot("B", "X", 1, 1.0, 2), _lot("A", "X", 40, 250.0, 3)]  # 10 shares over
    said = ["40 shares where the position holds 30 (difference 10)"]
    assert lot_mismatches(_positions(rows), lots) == [_lot_warning(lots[1], said, "X")]


def test_lots_off_in_shares_and_cost_name_the_first_lot_the_account_and_the_row() -> None:
    rows = [Row("Z", "OTHER", 1, 1.0, 1.0), Row("A", "X", 30, 10.0, 300.0, cost=250.0)]
    lots = [_lot("A", "X", 10, 100.0, 5), _lot("A", "X", 25.5, 175.25, 6)]
    # 35.5 shares against 30 (5.5 over); 275.25 against 250.00 (25.25 over)
    said = [
        "35.5 shares where the position holds 30 (difference 5.5)",
        "a cost of $275.25 where the position's cost basis is $250.00 (difference $25.25)",
    ]
    assert lot_mismatches(_positions(rows), lots) == [_lot_warning(lots[0], said, "X", f"{FILE}:3")]


def test_lots_short_in_shares_only() -> None:
    rows = [Row("A", "X", 1234.5, 10.0, 12345.0, cost=1000.0)]
    lots = [_lot("A", "X", 1000.1234, 600.0, 2), _lot("A", "X", 200, 400.0, 3)]
    said = ["1,200.1234 shares where the position holds 1,234.5 (difference -34.3766)"]
    then = counted("34.3766")
    assert lot_mismatches(_positions(rows), lots) == [_lot_warning(lots[0], said, "X", then=then)]
    # lots past the position: the plan can sell no more than the position holds
    over = [_lot("A", "X", 1200, 600.0, 2), _lot("A", "X", 100, 400.0, 3)]
    said = ["1,300 shares where the position holds 1,234.5 (difference 65.5)"]
    assert lot_mismatches(_positions(rows), over) == [_lot_warning(over[0], said, "X")]


def test_lots_off_in_cost_only() -> None:
    rows = [Row("A", "X", 10, 10.0, 100.0, cost=1000.0)]
    lots = [_lot("A", "X", 10, 2999.99, 2)]
    said = [
        "a cost of $2,999.99 where the position's cost basis is $1,000.00 (difference $1,999.99)"
    ]
    assert lot_mismatches(_positions(rows), lots) == [_lot_warning(lots[0], said, "X")]
    under = [_lot("A", "X", 10, 999.0, 2)]
    said = ["a cost of $999.00 where the position's cost basis is $1,000.00 (difference -$1.00)"]
    assert lot_mismatches(_positions(rows), under) == [_lot_warning(under[0], said, "X")]


def test_a_position_in_several_rows_is_compared_whole() -> None:
    rows = [
        Row("A", "X", 10, 1.0, 10.0, cost=100.0, line=4, file="a.csv"),
        Row("A", "X", 5, 1.0, 5.0, cost=50.0, line=9, file="b.csv"),
    ]
    assert lot_mismatches(_positions(rows), [_lot("A", "X", 15, 150.0, 2)]) == []
    lots = [_lot("A", "X", 10, 100.0, 2)]  # 10 against 15; 100 against 150
    said = [
        "10 shares where the position holds 15 (difference -5)",
        "a cost of $100.00 where the position's cost basis is $150.00 (difference -$50.00)",
    ]
    expected = _lot_warning(lots[0], said, "X", "a.csv:4", counted("5"))
    assert lot_mismatches(_positions(rows), lots) == [expected]


def test_shares_tolerance_is_half_a_thousandth_per_lot_and_per_row() -> None:
    rows = [Row("A", "X", 10, 1.0, 10.0)]  # one row, one lot: 0.001 of a share
    assert lot_mismatches(_positions(rows), [_lot("A", "X", 10.001, None, 2)]) == []
    assert lot_mismatches(_positions(rows), [_lot("A", "X", 9.999, None, 2)]) == []
    over = [_lot("A", "X", 10.0011, None, 2)]
    said = ["10.0011 shares where the position holds 10 (difference 0.0011)"]
    assert lot_mismatches(_positions(rows), over) == [_lot_warning(over[0], said, "X")]
    # three lots and a row: 0.002
    three = [_lot("A", "X", 3.0, None, 2), _lot("A", "X", 3.0, None, 3)]
    three.append(_lot("A", "X", 4.002, None, 4))
    assert lot_mismatches(_positions(rows), three) == []
    three[2] = _lot("A", "X", 4.0021, None, 4)
    said = ["10.0021 shares where the position holds 10 (difference 0.0021)"]
    assert lot_mismatches(_positions(rows), three) == [_lot_warning(three[0], said, "X")]


def test_a_thousandth_that_floating_point_makes_a_hair_more_is_still_within() -> None:
    # 1.185 - 1.184 is 0.001000000000000112 in floating point: at the edge, not over it
    assert abs(1.185 - 1.184) > 0.001
    rows = [Row("A", "X", 1.184, 1.0, 1.184)]
    assert lot_mismatches(_positions(rows), [_lot("A", "X", 1.185, None, 2)]) == []
    # 40.88 - 40.87 is 0.010000000000005116: a cent at the edge of one lot and one row
    assert abs(40.88 - 40.87) > 0.01
    rows = [Row("A", "X", 1, 1.0, 1.0, cost=40.87)]
    assert lot_mismatches(_positions(rows), [_lot("A", "X", 1, 40.88, 2)]) == []


def test_cost_tolerance_is_half_a_cent_per_lot_and_per_row() -> None:
    rows = [Row("A", "X", 2, 1.0, 2.0, cost=100.0)]
    lots = [_lot("A", "X", 1, 50.0, 2), _lot("A", "X", 1, 50.015, 3)]  # 3 x 0.005 = 0.015
    assert lot_mismatches(_positions(rows), lots) == []
    lots[1] = _lot("A", "X", 1, 50.016, 3)
    said = ["a cost of $100.02 where the position's cost basis is $100.00 (difference $0.02)"]
    assert lot_mismatches(_positions(rows), lots) == [_lot_warning(lots[0], said, "X")]


def test_a_figure_missing_on_either_side_is_not_compared() -> None:
    no_basis = [Row("A", "X", 10, 1.0, 10.0, cost=None)]
    assert lot_mismatches(_positions(no_basis), [_lot("A", "X", 10, 999.0, 2)]) == []
    no_qty = [Row("A", "X", None, None, 10.0, cost=100.0)]
    assert lot_mismatches(_positions(no_qty), [_lot("A", "X", 99, 100.0, 2)]) == []
    # one lot of unknown cost: the cost is not compared, the shares still are
    rows = [Row("A", "X", 10, 1.0, 10.0, cost=100.0)]
    lots = [_lot("A", "X", 5, 1.0, 2), _lot("A", "X", 4, None, 3)]
    said = ["9 shares where the position holds 10 (difference -1)"]
    then = counted("1")
    assert lot_mismatches(_positions(rows), lots) == [_lot_warning(lots[0], said, "X", then=then)]
    # a second row without cost basis: the position's basis is unknown
    rows = [Row("A", "X", 5, 1.0, 5.0, cost=100.0), Row("A", "X", 5, 1.0, 5.0, cost=None)]
    assert lot_mismatches(_positions(rows), [_lot("A", "X", 10, 1.0, 2)]) == []


def test_each_position_is_warned_once_in_the_order_of_its_lots() -> None:
    rows = [Row("A", "X", 1, 1.0, 1.0), Row("A", "Y", 1, 1.0, 1.0), Row("B", "X", 1, 1.0, 1.0)]
    lots = [
        _lot("B", "X", 2, None, 2),
        _lot("A", "Y", 3, None, 3),
        _lot("A", "X", 1, None, 4),  # agrees
        _lot("B", "X", 2, None, 5),
    ]
    assert lot_mismatches(_positions(rows), lots) == [
        _lot_warning(
            lots[0], ["4 shares where the position holds 1 (difference 3)"], "X", f"{FILE}:4"
        ),
        _lot_warning(
            lots[1], ["3 shares where the position holds 1 (difference 2)"], "Y", f"{FILE}:3"
        ),
    ]
