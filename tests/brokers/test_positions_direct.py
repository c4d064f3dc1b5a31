"""The shared positions builder, read directly (``planner/brokers/positions.py``), one branch at
a time: which rows a :class:`RowSelection` keeps, how :func:`read_numbers` reads a column of
number cells (placeholders blank, text warned about, infinity and absurd sizes refused), how
:func:`make_positions` turns raw cells into the canonical positions table (symbols, types,
multipliers stated or defaulted or reconciled, a missing value computed as quantity x price x
multiplier or refused) and how :func:`concat_positions` joins tables.

Every input is a few cells written here, and every expected figure, line and message is worked
out in the test from those cells.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.brokers.positions import (
    RowSelection,
    concat_positions,
    make_positions,
    read_numbers,
)
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import (
    POSITION_COLUMNS,
    ImportWarning,
    PositionRecord,
    empty_positions,
    position_records,
)
from tests.brokers.direct import position

PATH = "holdings.csv"
OPTION = "AAPL  250117C00150000"  # an OCC option symbol: an option, 100 shares a contract
BOND = "912828XX1"  # a CUSIP ...
BOND_NAME = "US TREASURY NOTE 2.5% 01/15/30"  # ... of a Treasury note: a bond, priced per 100


def src() -> Source:
    return Source.from_text("", PATH)


def rec(
    line: int,
    account: str,
    symbol: str,
    description: str,
    asset_type: str,
    quantity: float | None,
    price: float | None,
    value: float,
    cost: float | None = None,
    multiplier: float = 1.0,
) -> PositionRecord:
    return position(
        Path(PATH),
        line,
        account,
        symbol,
        description,
        asset_type,
        quantity,
        price,
        value,
        cost,
        multiplier,
    )


def refused(**kwargs: object) -> InputError:
    """The error :func:`make_positions` raises; it names the file and the row's line."""
    with pytest.raises(InputError) as info:
        make_positions(src(), **kwargs)  # type: ignore[arg-type]
    assert info.value.file == PATH
    return info.value


# -- RowSelection --------------------------------------------------------------------------


def test_a_selection_of_the_first_rows_is_sliced_not_copied() -> None:
    rows = RowSelection([0, 1, 2], 3)
    assert rows.contiguous
    assert len(rows) == 3
    column = ["a", "b", "c", "d"]  # the block may run past the rows (a total row)
    assert list(rows.take(column)) == ["a", "b", "c"]
    assert rows.lines(10).tolist() == [10, 11, 12]


@pytest.mark.parametrize(
    ("keep", "count", "taken"),
    [
        ([0, 2], 3, ["a", "c"]),  # a gap
        ([1, 2], 3, ["b", "c"]),  # not from the first row
        ([0, 1], 3, ["a", "b"]),  # fewer rows than the block
        ([0, 1, 3], 3, ["a", "b", "d"]),  # as many rows as the count, but not the first ones
        ([1, 2, 3], 3, ["b", "c", "d"]),
    ],
)
def test_a_selection_with_gaps_takes_its_rows_one_by_one(
    keep: list[int], count: int, taken: list[str]
) -> None:
    rows = RowSelection(keep, count)
    assert not rows.contiguous
    assert len(rows) == len(keep)
    assert list(rows.take(["a", "b", "c", "d"])) == taken
    assert rows.lines(5).tolist() == [5 + k for k in keep]


def test_an_empty_selection() -> None:
    assert RowSelection([], 0).contiguous
    assert not RowSelection([], 4).contiguous
    for rows in (RowSelection([], 0), RowSelection([], 4)):
        assert len(rows) == 0
        assert list(rows.take(["a", "b", "c", "d"])) == []
        assert rows.lines(7).tolist() == []
        assert rows.positions_of([]) == []
        assert rows.positions_of([0, 2]) == []  # no row is selected: none is found


def test_positions_of_finds_the_selected_rows_in_selection_order() -> None:
    rows = RowSelection([0, 2, 5], 6)
    # block rows 0, 2 and 5 are the selection's 0th, 1st and 2nd; 1 and 9 are not selected
    assert rows.positions_of([5, 1, 2, 9, 0]) == [0, 1, 2]
    assert rows.positions_of(iter([2])) == [1]
    assert rows.positions_of([1, 3, 4, 6]) == []


def test_take_replaces_the_cells_it_is_told_to_and_leaves_the_column_alone() -> None:
    column = ["AAPL", "Cash & Cash Investments", "MSFT"]
    sliced = RowSelection([0, 1, 2], 3)
    assert list(sliced.take(column, {1: "CASH"})) == ["AAPL", "CASH", "MSFT"]
    gapped = RowSelection([1, 2], 3)
    assert list(gapped.take(column, {0: "CASH"})) == ["CASH", "MSFT"]
    assert list(gapped.take(column, {})) == ["Cash & Cash Investments", "MSFT"]
    assert column == ["AAPL", "Cash & Cash Investments", "MSFT"]


# -- read_numbers --------------------------------------------------------------------------


def test_read_numbers_reads_numbers_blanks_placeholders_and_warns_about_text() -> None:
    cells = ["1,234.50", "--", "(12.5)", "$3", "abc", "n/a"]
    lines = [4, 5, 6, 7, 8, 9]
    accounts = ["A1", "A1", "A2", "A2", "A2", "A2"]
    symbols = ["AAPL", "MSFT", "VTI", "BND", "XYZ", "QQQ"]
    values, warnings = read_numbers(src(), lines, accounts, symbols, cells, "price")
    expected = [1234.50, math.nan, -12.5, 3.0, math.nan, math.nan]
    np.testing.assert_array_equal(values, np.array(expected))
    assert warnings == [
        ImportWarning(PATH, 8, "A2", "price 'abc' of XYZ is not a number; left blank")
    ]


def test_read_numbers_names_a_row_without_a_symbol_and_cuts_a_long_cell() -> None:
    long = "  " + "x" * 50 + "  "
    values, warnings = read_numbers(src(), [3, 4], ["A", "B"], ["", "AAPL"], ["?", long], "q")
    assert np.isnan(values).all()
    assert warnings == [
        ImportWarning(PATH, 3, "A", "q '?' of this row is not a number; left blank"),
        ImportWarning(PATH, 4, "B", f"q {'x' * 40!r} of AAPL is not a number; left blank"),
    ]


def test_read_numbers_with_a_decimal_comma() -> None:
    values, warnings = read_numbers(
        src(), np.array([2, 3]), ["A", "A"], ["X", "Y"], ["1.234,5", "-0,25"], "v", True
    )
    assert values.tolist() == [1234.5, -0.25]
    assert warnings == []


def test_a_decimal_comma_file_refuses_a_number_too_large_for_a_float() -> None:
    # 10^309 written with dots grouping the thousands: past the largest float (about 1.8 x
    # 10^308), so it reads as infinity; read with a decimal point it would be mere text
    cell = "1" + ".000" * 103
    with pytest.raises(InputError) as info:
        read_numbers(src(), [7, 8], ["A", "A"], ["X", "Y"], ["1,5", cell], "value", True)
    assert (info.value.file, info.value.line) == (PATH, 8)
    assert info.value.reason == (
        f"value {cell[:40]!r} of Y is not a finite number within ten trillion: the file is damaged"
    )


def test_ten_trillion_is_the_largest_number_read() -> None:
    cells = ["10,000,000,000,000", "-10000000000000"]
    values, warnings = read_numbers(src(), [2, 3], ["A", "A"], ["X", "Y"], cells, "value")
    assert values.tolist() == [1e13, -1e13]
    assert warnings == []


@pytest.mark.parametrize(
    ("cells", "at"),
    [
        (["1", "10,000,000,000,001", "inf"], 1),  # beyond ten trillion, before infinity
        (["1", " -20000000000000 "], 1),  # below minus ten trillion
        (["nan", "2e13"], 0),  # NaN before the absurd size
        (["abc", "5", "Infinity"], 2),  # text is a warning; infinity refuses the file
        (["1e400", "7"], 0),  # too large to be a float at all
    ],
)
def test_read_numbers_refuses_the_first_absurd_cell(cells: list[str], at: int) -> None:
    lines = [10 + i for i in range(len(cells))]
    symbols = [f"S{i}" for i in range(len(cells))]
    with pytest.raises(InputError) as info:
        read_numbers(src(), lines, ["A"] * len(cells), symbols, cells, "market value")
    err = info.value
    assert (err.file, err.line) == (PATH, 10 + at)
    assert err.reason == (
        f"market value {cells[at].strip()!r} of S{at} is not a finite number within ten "
        "trillion: the file is damaged"
    )


def test_a_long_absurd_cell_is_cut_in_the_message() -> None:
    cell = "  " + "9" * 45 + " "
    with pytest.raises(InputError) as info:
        read_numbers(src(), [6], ["A"], ["AAPL"], [cell], "quantity")
    assert info.value.reason == (
        f"quantity {'9' * 40!r} of AAPL is not a finite number within ten trillion: the file "
        "is damaged"
    )


def test_an_absurd_cell_of_a_row_without_a_symbol() -> None:
    with pytest.raises(InputError) as info:
        read_numbers(src(), [6], ["A"], [""], ["-inf"], "cost basis")
    assert info.value.line == 6
    assert info.value.reason == (
        "cost basis '-inf' of this row is not a finite number within ten trillion: the file "
        "is damaged"
    )


# -- make_positions: the columns -----------------------------------------------------------


def test_every_column_of_a_row_is_read() -> None:
    frame, warnings = make_positions(
        src(),
        [4, 5],
        ["Z123", "Z123"],
        ["brk/b", "VTI"],
        ["  BERKSHIRE HATHAWAY CL B ", "VANGUARD TOTAL STOCK MARKET ETF"],
        ["$1,200.00", "2,500.50"],
        quantity=["3", "10"],
        price=["400.00", "250.05"],
        cost_basis=["900", "--"],
        type_hint=["Equity", "ETFs & Closed End Funds"],
    )
    assert list(frame.columns) == list(POSITION_COLUMNS)
    assert position_records(frame) == [
        rec(4, "Z123", "BRK.B", "BERKSHIRE HATHAWAY CL B", "equity", 3.0, 400.0, 1200.0, 900.0),
        rec(5, "Z123", "VTI", "VANGUARD TOTAL STOCK MARKET ETF", "etf", 10.0, 250.05, 2500.50),
    ]
    assert frame["source_line"].dtype == np.int64
    assert warnings == []


def test_without_a_hint_the_type_is_inferred_from_symbol_and_description() -> None:
    frame, _ = make_positions(
        src(),
        [2, 3, 4],
        ["A"] * 3,
        ["SPAXX**", "AAPL", BOND],
        ["FIDELITY GOVERNMENT MONEY MARKET", "APPLE INC", BOND_NAME],
        ["100", "200", "9850"],
    )
    assert frame["symbol"].tolist() == ["SPAXX", "AAPL", BOND]
    assert frame["asset_type"].tolist() == ["money_market", "equity", "bond"]
    assert frame["multiplier"].tolist() == [1.0, 1.0, 0.01]
    assert frame["quantity"].isna().all() and frame["price"].isna().all()
    assert frame["cost_basis"].isna().all()


def test_the_files_type_hint_decides_what_the_symbol_and_description_do_not() -> None:
    symbols, descriptions = ["XYZ", "XYZ"], ["XYZ HOLDINGS", "XYZ HOLDINGS"]
    hinted, _ = make_positions(
        src(), [2, 3], ["A"] * 2, symbols, descriptions, ["1", "2"], type_hint=["Mutual Fund", ""]
    )
    assert hinted["asset_type"].tolist() == ["mutual_fund", "equity"]
    unhinted, _ = make_positions(src(), [2, 3], ["A"] * 2, symbols, descriptions, ["1", "2"])
    assert unhinted["asset_type"].tolist() == ["equity", "equity"]


def test_stated_asset_types_are_taken_as_they_are() -> None:
    frame, _ = make_positions(
        src(),
        [2, 3],
        ["A", "A"],
        ["CASH", OPTION],
        ["Cash", "CALL"],
        ["50", "300"],
        asset_type=["cash", "equity"],  # the reader knows better than the rules
        type_hint=["Option", "Option"],  # ignored when the type is stated
    )
    assert frame["asset_type"].tolist() == ["cash", "equity"]
    assert frame["multiplier"].tolist() == [1.0, 1.0]


def test_a_decimal_comma_reads_every_number_column() -> None:
    frame, warnings = make_positions(
        src(),
        [7],
        ["DE1"],
        ["SAP"],
        ["SAP SE"],
        ["1.234,56"],
        quantity=["10,5"],
        price=["117,58"],
        cost_basis=["1.000,00"],
        decimal_comma=True,
    )
    assert position_records(frame) == [
        rec(7, "DE1", "SAP", "SAP SE", "equity", 10.5, 117.58, 1234.56, 1000.0)
    ]
    assert warnings == []


def test_no_rows_is_the_empty_canonical_table() -> None:
    frame, warnings = make_positions(src(), [], [], [], [], [], quantity=[], price=[])
    assert len(frame) == 0
    assert list(frame.columns) == list(POSITION_COLUMNS)
    assert frame.dtypes.tolist() == empty_positions().dtypes.tolist()
    assert warnings == []


# -- make_positions: multipliers -----------------------------------------------------------


def test_options_and_bonds_take_their_default_multiplier_when_it_reconciles() -> None:
    # 2 contracts x 1.50 x 100 = 300; 10,000 of face x 98.50 / 100 = 9,850
    frame, warnings = make_positions(
        src(),
        [2, 3],
        ["A", "A"],
        [OPTION, BOND],
        ["CALL", BOND_NAME],
        [f"{2 * 1.5 * 100}", f"{10000 * 98.5 * 0.01}"],
        quantity=["2", "10000"],
        price=["1.50", "98.50"],
    )
    assert position_records(frame) == [
        rec(2, "A", OPTION, "CALL", "option", 2.0, 1.5, 300.0, None, 100.0),
        rec(3, "A", BOND, BOND_NAME, "bond", 10000.0, 98.5, 9850.0, None, 0.01),
    ]
    assert warnings == []


def test_a_price_already_per_unit_takes_a_multiplier_of_one() -> None:
    # the file's option price is per share x 100 already (2 x 150 = 300), its bond price per
    # unit of face (10 x 985 = 9,850)
    frame, _ = make_positions(
        src(),
        [2, 3],
        ["A", "A"],
        [OPTION, BOND],
        ["CALL", BOND_NAME],
        ["300", "9850"],
        quantity=["2", "10"],
        price=["150", "985"],
    )
    assert frame["multiplier"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    ("quantity", "price", "value", "multiplier"),
    [
        # tolerance of quantity x price against the value: a cent, plus half a cent a unit,
        # plus 0.01% of the value
        ("2", "1.50", "3.02", 1.0),  # off by 0.02 <= 0.01 + 0.005 x 2 + 0.000302
        ("2", "1.50", "3.03", 100.0),  # off by 0.03: neither reconciles; the default stands
        ("1", "1000", "1000.11", 1.0),  # off by 0.11 <= 0.01 + 0.005 + 0.100011
        ("1", "1000", "1000.12", 100.0),
        ("1", "1", "1.015", 1.0),  # off by 0.015 <= 0.01 + 0.005 + 0.0001015
        ("1", "1", "1.016", 100.0),
        ("2", "0.01", "0", 1.0),  # off by exactly 0.02 = 0.01 + 0.005 x 2: the bound is in
        ("0", "1.50", "0", 100.0),  # both reconcile: the default stands
        ("--", "1.50", "300", 100.0),  # nothing to reconcile
        ("2", "", "300", 100.0),
    ],
)
def test_an_option_is_per_unit_only_when_that_reconciles_and_the_default_does_not(
    quantity: str, price: str, value: str, multiplier: float
) -> None:
    frame, _ = make_positions(
        src(), [2], ["A"], [OPTION], ["CALL"], [value], quantity=[quantity], price=[price]
    )
    assert frame["multiplier"].tolist() == [multiplier]
    assert frame["market_value"].tolist() == [float(value)]  # the file's value stands


@pytest.mark.parametrize(
    ("quantity", "price", "value", "multiplier"),
    [
        # a defaulted bond: 100,000 of face at 0.001 per 100 is worth 100,000 x 0.001 / 100 =
        # 1.00; per unit (100) is within half a cent a unit too, but the default reconciles
        ("100000", "0.001", "1.00", 0.01),
        # 2,000,000 at 0.005 per 100 = 100.00; a cent off is within a cent plus 0.01% of the
        # value (0.01 + 0.0100...), so the default still reconciles
        ("2000000", "0.005", "100.01", 0.01),
        # 50 cents off the default is not within it; per unit (10,000) is within half a cent
        # a unit (10,000.01), so the price is taken as per unit
        ("2000000", "0.005", "100.50", 1.0),
        # 200 at 0.005 per 100 is 0.01 by default, exactly a cent off a value of 0: the bound is
        # in, so the default still reconciles (per unit, 1.00, is within 0.01 + 0.005 x 200)
        ("200", "0.005", "0", 0.01),
    ],
)
def test_a_nearly_worthless_bond_keeps_its_default_multiplier_only_when_that_reconciles(
    quantity: str, price: str, value: str, multiplier: float
) -> None:
    frame, warnings = make_positions(
        src(), [2], ["A"], [BOND], [BOND_NAME], [value], quantity=[quantity], price=[price]
    )
    assert frame["asset_type"].tolist() == ["bond"]
    assert frame["multiplier"].tolist() == [multiplier]
    assert frame["market_value"].tolist() == [float(value)]  # the file's value stands
    assert warnings == []


def test_a_stated_multiplier_stands_and_none_means_the_default() -> None:
    frame, _ = make_positions(
        src(),
        [2, 3, 4],
        ["A"] * 3,
        [OPTION, OPTION, "ES"],
        ["CALL", "CALL", "E-MINI S&P 500 FUTURE"],
        ["3.00", "300", "300000"],
        quantity=["2", "2", "1"],
        price=["1.50", "1.50", "6000"],
        multiplier=[100.0, None, 50.0],  # stated 100 although 2 x 1.50 = 3.00 reconciles
    )
    assert frame["multiplier"].tolist() == [100.0, 100.0, 50.0]


def test_an_equity_row_keeps_a_multiplier_of_one_whatever_its_value() -> None:
    frame, _ = make_positions(
        src(), [2], ["A"], ["AAPL"], ["APPLE INC"], ["150"], quantity=["1"], price=["1.50"]
    )
    assert frame["multiplier"].tolist() == [1.0]


# -- make_positions: a missing market value ------------------------------------------------


def test_a_missing_value_is_quantity_times_price_times_multiplier_with_a_warning() -> None:
    frame, warnings = make_positions(
        src(),
        [3, 4, 5, 6, 7],
        ["A", "A", "B", "B", "B"],
        ["msft", OPTION, BOND, "ES", "VTI"],
        ["MICROSOFT", "CALL", BOND_NAME, "FUTURE", "VANGUARD ETF"],
        ["", "--", "n/a", "", "1.00"],
        quantity=["3", "2", "10000", "1", "1"],
        price=["33.3333", "1.50", "98.50", "6,000", "1"],
        multiplier=[None, None, None, 50.0, None],
    )
    msft = round(3 * 33.3333, 2)  # 100.00
    option = round(2 * 1.5 * 100, 2)
    bond = round(10000 * 98.5 * 0.01, 2)
    future = 1 * 6000 * 50.0
    assert frame["market_value"].tolist() == [msft, option, bond, future, 1.0]
    assert frame["multiplier"].tolist() == [1.0, 100.0, 0.01, 50.0, 1.0]
    computed = [(3, "A", "MSFT", msft), (4, "A", OPTION, option), (5, "B", BOND, bond)]
    computed.append((6, "B", "ES", future))
    assert warnings == [
        ImportWarning(
            PATH,
            line,
            account,
            f"{symbol}: no market value in the file; quantity x price (${value:,.2f}) is used",
        )
        for line, account, symbol, value in computed
    ]
    assert warnings[3].message.endswith("quantity x price ($300,000.00) is used")


def test_a_computed_value_is_rounded_to_the_cent() -> None:
    frame, warnings = make_positions(
        src(), [2], ["A"], ["X"], [""], [""], quantity=["3"], price=["0.3333"]
    )
    assert frame["market_value"].tolist() == [1.0]  # 0.9999 to the cent
    assert warnings[0].message == "X: no market value in the file; quantity x price ($1.00) is used"


def test_a_computed_value_keeps_cents_and_no_finer() -> None:
    frame, warnings = make_positions(
        src(), [2], ["A"], ["X"], [""], [""], quantity=["2"], price=["1.2345"]
    )
    assert frame["market_value"].tolist() == [2.47]  # 2 x 1.2345 = 2.469 to the cent
    assert warnings[0].message == "X: no market value in the file; quantity x price ($2.47) is used"


@pytest.mark.parametrize(
    ("symbol", "description", "quantity", "price", "named"),
    [
        ("AAPL", "APPLE INC", "10", "", "AAPL"),
        ("aapl", "APPLE INC", "", "150", "AAPL"),  # named by the normalised symbol
        ("", "  " + "A" * 70, "", "", "A" * 60),  # no symbol: its description, cut at 60
        ("", "", "--", "--", "a position"),
    ],
)
def test_a_row_with_no_value_and_nothing_to_compute_it_is_refused(
    symbol: str, description: str, quantity: str, price: str, named: str
) -> None:
    err = refused(
        lines=[8, 9],
        account_id=["A", "A"],
        symbol=["MSFT", symbol],
        description=["MICROSOFT", description],
        value=["100", "--"],
        quantity=["1", quantity],
        price=["100", price],
    )
    assert err.line == 9
    assert err.reason == (
        f"the row for {named} has no market value and no quantity and price to compute it from"
    )


def test_a_missing_value_column_without_quantity_and_price_is_refused() -> None:
    err = refused(lines=[12], account_id=["A"], symbol=["AAPL"], description=["APPLE"], value=[""])
    assert err.line == 12
    assert err.reason.startswith("the row for AAPL has no market value")


# -- make_positions: unreadable and absurd cells -------------------------------------------


def test_unreadable_cells_are_blank_with_a_warning_each_in_column_order() -> None:
    frame, warnings = make_positions(
        src(),
        [20, 21],
        ["IRA-1", "IRA-2"],
        ["AAPL", "brk.b"],
        ["APPLE INC", "BERKSHIRE"],
        ["1500", "v?"],  # the second row's value is computed from quantity x price
        quantity=["q?", "2"],
        price=["p?", "400"],
        cost_basis=["c?", "700"],
    )
    assert position_records(frame) == [
        rec(20, "IRA-1", "AAPL", "APPLE INC", "equity", None, None, 1500.0),
        rec(21, "IRA-2", "BRK.B", "BERKSHIRE", "equity", 2.0, 400.0, 2 * 400.0, 700.0),
    ]
    assert warnings == [
        ImportWarning(PATH, 20, "IRA-1", "quantity 'q?' of AAPL is not a number; left blank"),
        ImportWarning(PATH, 20, "IRA-1", "price 'p?' of AAPL is not a number; left blank"),
        ImportWarning(PATH, 20, "IRA-1", "cost basis 'c?' of AAPL is not a number; left blank"),
        ImportWarning(PATH, 21, "IRA-2", "market value 'v?' of BRK.B is not a number; left blank"),
        ImportWarning(
            PATH,
            21,
            "IRA-2",
            f"BRK.B: no market value in the file; quantity x price (${2 * 400:,.2f}) is used",
        ),
    ]


@pytest.mark.parametrize(
    ("column", "what"),
    [
        ("quantity", "quantity"),
        ("price", "price"),
        ("cost_basis", "cost basis"),
        ("value", "market value"),
    ],
)
@pytest.mark.parametrize("cell", ["inf", "NaN", "2e13", "-10000000000001"])
def test_an_absurd_cell_in_any_number_column_refuses_the_file(
    column: str, what: str, cell: str
) -> None:
    cells = {"value": ["100", "100"], "quantity": ["1", "1"], "price": ["100", "100"]}
    cells["cost_basis"] = ["50", "50"]
    cells[column] = ["100", cell]
    err = refused(
        lines=[30, 31],
        account_id=["A", "A"],
        symbol=["MSFT", "brk/b"],
        description=["MICROSOFT", "BERKSHIRE"],
        **cells,
    )
    assert err.line == 31
    assert err.reason == (
        f"{what} {cell!r} of BRK.B is not a finite number within ten trillion: the file is damaged"
    )


# -- concat_positions ----------------------------------------------------------------------


def table_of(line: int, symbol: str, value: str) -> pd.DataFrame:
    frame, _ = make_positions(src(), [line], ["A"], [symbol], [symbol], [value])
    return frame


def test_concat_of_nothing_or_empty_tables_is_the_empty_canonical_table() -> None:
    empty = make_positions(src(), [], [], [], [], [])[0]
    for parts in ([], [empty], [empty, empty]):
        out = concat_positions(parts)
        assert len(out) == 0
        assert list(out.columns) == list(POSITION_COLUMNS)
        assert out.dtypes.tolist() == empty_positions().dtypes.tolist()


def test_concat_of_one_table_is_that_table() -> None:
    one = table_of(2, "AAPL", "100")
    empty = make_positions(src(), [], [], [], [], [])[0]
    assert concat_positions([empty, one, empty]) is one


def test_concat_keeps_every_row_in_order_with_a_fresh_index() -> None:
    first = pd.concat([table_of(2, "AAPL", "100"), table_of(3, "MSFT", "200")])
    empty = make_positions(src(), [], [], [], [], [])[0]
    out = concat_positions([first, empty, table_of(9, "VTI", "300")])
    assert out.index.tolist() == [0, 1, 2]
    assert [(r.source_line, r.symbol, r.market_value) for r in position_records(out)] == [
        (2, "AAPL", 100.0),
        (3, "MSFT", 200.0),
        (9, "VTI", 300.0),
    ]
    assert list(out.columns) == list(POSITION_COLUMNS)
