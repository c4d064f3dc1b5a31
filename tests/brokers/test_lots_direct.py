"""The shared tax-lot builder, read directly (``planner/brokers/lots.py``), one branch at a time:
:func:`lot_date` (every date form brokers write, a time after the date, a ``strptime`` format)
and :func:`make_lots` over :class:`RawLot` rows - the quantity (above zero or refused, saying
why), the cost (stated, else value - gain, else per share x quantity, else unknown; text is a
warning, a negative cost refused), the date (unknown words said nothing about, anything else
warned about), infinity and absurd sizes refused in every number cell.

Every lot is a few cells written here; every expected date, figure, line and message is worked
out in the test from those cells. (Lots that do not add up to their position are a household
check: ``test_load_direct.py``.)
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.brokers.lots import RawLot, lot_date, make_lots
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, LotRecord

PATH = "lots.csv"


def src() -> Source:
    return Source.from_text("", PATH)


def lots_of(*raws: RawLot, **kwargs: object) -> tuple[list[LotRecord], list[ImportWarning]]:
    return make_lots(src(), raws, **kwargs)  # type: ignore[arg-type]


def one(**cells: str) -> RawLot:
    """A lot on line 7 of account Z123, 10 shares of AAPL bought on 03/15/2020 (cells given
    override those)."""
    base = {"account": "Z123", "symbol": "AAPL", "acquired": "03/15/2020", "quantity": "10"}
    base.update(cells)
    return RawLot(7, **base)


def refused(*raws: RawLot) -> InputError:
    with pytest.raises(InputError) as info:
        make_lots(src(), raws)
    assert info.value.file == PATH
    return info.value


# -- lot_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/30/2017", date(2017, 10, 30)),
        ("10/30/2017 00:00:00", date(2017, 10, 30)),  # Schwab's time after the date
        ("  10/30/2017 13:45  ", date(2017, 10, 30)),
        ("10/30/2017 12:00:00 AM", date(2017, 10, 30)),  # a time with AM/PM after the date
        ("Mar-15-2020", date(2020, 3, 15)),
        ("Mar 15 2020", date(2020, 3, 15)),  # spaces, but no time: the whole text is the date
        ("2024-01-12", date(2024, 1, 12)),
        ("1/2/24", date(2024, 1, 2)),
        ("2024/01/12", date(2024, 1, 12)),
        ("20240112", date(2024, 1, 12)),
        ("2024-01-12 noon", None),  # what follows is not a time: not a date
        ("13/45/2024", None),
        ("--", None),
        ("", None),
    ],
)
def test_lot_date_reads_every_form_brokers_write(text: str, expected: date | None) -> None:
    assert lot_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mar 15 2020 10:30:00",
        "Mar 15 2020 10:30 AM",
        "03/15/2020 10:30:00 EST",
        "03/15/2020  10:30:00",
    ],
)
def test_lot_date_with_spaces_then_a_time_is_the_date(text: str) -> None:
    # "Mar 15 2020" alone is read (above); a time after it is ignored, with what follows it
    # (it once cut at the first space: "Mar" alone, no date)
    assert lot_date(text) == date(2020, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.03.2020", date(2020, 3, 15)),
        (" 15.03.2020 10:30:00 ", date(2020, 3, 15)),
        ("2020-03-15", None),  # a format is given: the brokers' forms are not tried
        ("31.02.2020", None),
        ("", None),
    ],
)
def test_lot_date_in_a_given_format(text: str, expected: date | None) -> None:
    assert lot_date(text, "%d.%m.%Y") == expected


# -- make_lots: the lot --------------------------------------------------------------------


def test_a_lot_row_becomes_a_lot_record() -> None:
    raw = RawLot(12, "  Z123 ", " brk/b ", "03/15/2020", " 10.5 ", cost="$1,234.50")
    assert (raw.unit_cost, raw.value, raw.gain) == ("", "", "")
    lots, warnings = lots_of(raw)
    assert lots == [LotRecord("Z123", "BRK.B", date(2020, 3, 15), 10.5, 1234.50, PATH, 12)]
    assert warnings == []


def test_lots_keep_their_order_and_an_unnamed_account_stays_empty() -> None:
    raws = (
        RawLot(3, "", "MSFT", "--", "5", cost="500"),
        RawLot(4, "IRA", "AAPL", "01/02/2020", "1", cost="100"),
        RawLot(5, "", "MSFT", "Jan-03-2021", "2", cost="300"),
    )
    lots, warnings = make_lots(src(), iter(raws))
    assert lots == [
        LotRecord("", "MSFT", None, 5.0, 500.0, PATH, 3),
        LotRecord("IRA", "AAPL", date(2020, 1, 2), 1.0, 100.0, PATH, 4),
        LotRecord("", "MSFT", date(2021, 1, 3), 2.0, 300.0, PATH, 5),
    ]
    assert warnings == []


def test_no_rows_no_lots() -> None:
    assert make_lots(src(), []) == ([], [])


def test_a_decimal_comma_and_a_date_format_are_passed_on() -> None:
    raw = one(acquired="15.03.2020", quantity="1,5", cost="1.234,50")
    lots, warnings = lots_of(raw, decimal_comma=True, date_format="%d.%m.%Y")
    assert lots == [LotRecord("Z123", "AAPL", date(2020, 3, 15), 1.5, 1234.5, PATH, 7)]
    assert warnings == []
    # value - gain and the cost per share are read with the decimal comma too
    by_gain = one(value="2.000,10", gain="500,20")  # 2,000.10 - 500.20 = 1,499.90
    per_share = one(quantity="4", unit_cost="0,25")  # 4 x 0.25 = 1.00
    lots, warnings = lots_of(by_gain, per_share, decimal_comma=True)
    assert [lot.cost for lot in lots] == [1499.9, 1.0]
    assert warnings == []
    # the same cells without the comma setting: 1,5 is fifteen shares
    lots, _ = lots_of(one(quantity="1,5"))
    assert lots[0].quantity == 15.0


# -- make_lots: the cost -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "cost"),
    [
        ({"cost": "$1,500.00"}, 1500.0),
        ({"cost": "0"}, 0.0),  # a gift: free
        ({"cost": "1500", "unit_cost": "999", "value": "5", "gain": "1"}, 1500.0),  # as stated
        ({"value": "2,000.10", "gain": "500.20"}, 1499.9),  # value - gain, without float noise
        ({"value": "2000", "gain": "(500)"}, 2500.0),  # a loss in parentheses
        ({"value": "2000", "gain": "500", "unit_cost": "1"}, 1500.0),  # before per share
        ({"unit_cost": "$150.00"}, 10 * 150.0),
        ({"unit_cost": "0.1"}, 1.0),  # 10 x 0.1
        ({"unit_cost": "0.1", "quantity": "3"}, 0.3),  # 3 x 0.1, without float noise
        ({"value": "lots", "unit_cost": "150"}, 10 * 150.0),  # a value alone is not read
        ({"gain": "inf", "unit_cost": "150"}, 10 * 150.0),  # nor a gain alone
        ({"value": "2000", "gain": "--", "unit_cost": "150"}, 10 * 150.0),  # no gain
        ({"value": "--", "gain": "500", "unit_cost": "150"}, 10 * 150.0),  # no value
        ({"value": "2000", "unit_cost": "150"}, 10 * 150.0),  # a value alone says nothing
        ({"gain": "500"}, None),
        ({"value": "2000", "gain": "--"}, None),
        ({"unit_cost": "--"}, None),
        ({}, None),
        ({"cost": "--", "unit_cost": "150"}, None),  # the stated total says it is unknown
        ({"cost": "  ", "unit_cost": "150"}, 10 * 150.0),  # an empty total is not stated
    ],
)
def test_the_cost_is_stated_else_value_less_gain_else_per_share_times_shares(
    cells: dict[str, str], cost: float | None
) -> None:
    lots, warnings = lots_of(one(**cells))
    shares = float(cells.get("quantity", "10"))
    assert lots == [LotRecord("Z123", "AAPL", date(2020, 3, 15), shares, cost, PATH, 7)]
    assert warnings == []


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ({"cost": "n.a."}, "n.a."),
        ({"cost": "  about 12  "}, "about 12"),
        ({"cost": "x" * 50}, "x" * 40),
        ({"value": "2000", "gain": "abc"}, "abc"),  # the cell that is not a number is named
        ({"value": "lots", "gain": "500"}, "lots"),
        ({"unit_cost": "$?"}, "$?"),
    ],
)
def test_a_cost_cell_that_is_not_a_number_is_a_warning_and_an_unknown_cost(
    cells: dict[str, str], said: str
) -> None:
    lots, warnings = lots_of(one(**cells))
    assert lots == [LotRecord("Z123", "AAPL", date(2020, 3, 15), 10.0, None, PATH, 7)]
    message = f"the cost {said!r} of the lot of AAPL is not a number; the lot's cost is unknown"
    assert warnings == [ImportWarning(PATH, 7, "Z123", message)]


def test_a_warning_about_a_lot_without_an_account_names_none() -> None:
    lots, warnings = lots_of(RawLot(9, "  ", "", "--", "1", cost="?"))
    assert lots == [LotRecord("", "", None, 1.0, None, PATH, 9)]
    message = "the cost '?' of the lot is not a number; the lot's cost is unknown"
    assert warnings == [ImportWarning(PATH, 9, None, message)]


@pytest.mark.parametrize(
    ("cells", "dollars"),
    [
        ({"cost": "-1,234.50"}, "1,234.50"),
        ({"cost": "(0.01)"}, "0.01"),
        ({"unit_cost": "-2"}, f"{10 * 2:,.2f}"),
        ({"value": "100", "gain": "150"}, f"{150 - 100:,.2f}"),  # lost more than it is worth
    ],
)
def test_a_negative_cost_is_refused(cells: dict[str, str], dollars: str) -> None:
    err = refused(one(**cells))
    assert err.line == 7
    assert err.reason == (
        f"the cost -${dollars} of the lot of AAPL is negative: a lot costs zero dollars or more"
    )


@pytest.mark.parametrize(
    ("cells", "name", "cell"),
    [
        ({"cost": "inf"}, "the cost", "inf"),
        ({"cost": " 2e13 "}, "the cost", "2e13"),
        ({"value": "nan", "gain": "5"}, "the value", "nan"),
        ({"value": "5", "gain": "-Infinity"}, "the gain", "-Infinity"),
        ({"unit_cost": "10000000000001"}, "the cost per share", "10000000000001"),
        ({"quantity": "1e14"}, "the quantity", "1e14"),
        ({"quantity": "9" * 50}, "the quantity", "9" * 40),
    ],
)
def test_an_absurd_number_in_any_cell_is_refused(
    cells: dict[str, str], name: str, cell: str
) -> None:
    err = refused(one(symbol=" msft ", **cells))
    assert err.line == 7
    assert err.reason == (
        f"{name} {cell!r} of the lot of msft is not a finite number within ten trillion: the "
        "file is damaged"
    )


def test_an_absurd_number_of_a_lot_without_a_symbol() -> None:
    err = refused(one(symbol="", cost="inf"))
    assert err.reason == (
        "the cost 'inf' of the lot of ? is not a finite number within ten trillion: the file "
        "is damaged"
    )


def test_an_absurd_number_with_a_decimal_comma_is_refused() -> None:
    with pytest.raises(InputError) as info:
        make_lots(src(), [one(cost="20.000.000.000.000,00")], decimal_comma=True)
    assert info.value.line == 7
    assert info.value.reason == (
        "the cost '20.000.000.000.000,00' of the lot of AAPL is not a finite number within ten "
        "trillion: the file is damaged"
    )


def test_ten_trillion_is_a_cost_a_lot_may_have() -> None:
    lots, _ = lots_of(one(cost="10,000,000,000,000"))
    assert lots[0].cost == 1e13


# -- make_lots: the quantity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "said", "why"),
    [
        ("", "", "is missing"),
        ("   ", "", "is missing"),
        ("abc", "abc", "is not a number"),
        ("--", "--", "is not a number"),
        ("-5", "-5", "is negative"),
        ("(3)", "(3)", "is negative"),
        ("-0.0001", "-0.0001", "is negative"),
        ("0", "0", "is zero"),
        ("0.00", "0.00", "is zero"),
        (" " + "y" * 45, "y" * 40, "is not a number"),
    ],
)
def test_a_lot_without_shares_above_zero_is_refused_saying_why(
    quantity: str, said: str, why: str
) -> None:
    err = refused(one(symbol="aapl", quantity=quantity))
    assert err.line == 7
    assert err.reason == (
        f"the quantity {said!r} of the lot of AAPL {why}: a lot holds a number of shares above "
        "zero; the lots file is damaged"
    )


def test_a_lot_without_a_symbol_or_shares_is_refused_as_the_lot() -> None:
    err = refused(one(symbol=" ", quantity="0"))
    assert err.reason.startswith("the quantity '0' of the lot is zero: ")


def test_the_smallest_fraction_of_a_share_is_a_lot() -> None:
    lots, _ = lots_of(one(quantity="0.0001", cost="1"))
    assert lots[0].quantity == 0.0001


def test_the_first_bad_lot_refuses_the_file_at_its_line() -> None:
    good = RawLot(3, "A", "MSFT", "--", "5", cost="500")
    bad = RawLot(4, "A", "AAPL", "--", "0", cost="100")
    worse = RawLot(5, "A", "VTI", "--", "1", cost="-1")
    assert refused(good, bad, worse).line == 4
    assert refused(good, worse, bad).line == 5


# -- make_lots: the acquisition date -------------------------------------------------------


@pytest.mark.parametrize(
    "acquired", ["", "--", "n/a", "N/A", "Unknown", "VARIOUS", "multiple", "  various  "]
)
def test_a_date_the_file_says_it_does_not_know_is_unknown_without_a_word(acquired: str) -> None:
    lots, warnings = lots_of(one(acquired=acquired, cost="1"))
    assert lots == [LotRecord("Z123", "AAPL", None, 10.0, 1.0, PATH, 7)]
    assert warnings == []


@pytest.mark.parametrize(
    ("acquired", "said"),
    [
        ("13/45/2024", "13/45/2024"),
        ("  yesterday ", "yesterday"),
        ("z" * 50, "z" * 40),
        ("unknown date", "unknown date"),
    ],
)
def test_a_date_that_is_not_a_date_is_a_warning_and_an_unknown_term(
    acquired: str, said: str
) -> None:
    lots, warnings = lots_of(one(acquired=acquired, cost="1"))
    assert lots == [LotRecord("Z123", "AAPL", None, 10.0, 1.0, PATH, 7)]
    message = (
        f"the acquisition date {said!r} of the lot of AAPL is not a date; the term of a gain on "
        "it (short or long) is unknown"
    )
    assert warnings == [ImportWarning(PATH, 7, "Z123", message)]


def test_a_date_not_in_the_given_format_is_warned_about() -> None:
    lots, warnings = lots_of(one(acquired="03/15/2020", cost="1"), date_format="%d.%m.%Y")
    assert lots[0].acquired is None
    assert [w.message for w in warnings] == [
        "the acquisition date '03/15/2020' of the lot of AAPL is not a date; the term of a gain "
        "on it (short or long) is unknown"
    ]


def test_warnings_come_lot_by_lot_the_cost_before_the_date() -> None:
    raws = (
        RawLot(3, "A", "MSFT", "someday", "5", cost="?"),
        RawLot(4, "B", "VTI", "never", "5", cost="100"),
    )
    lots, warnings = lots_of(*raws)
    assert [(x.symbol, x.cost, x.acquired) for x in lots] == [
        ("MSFT", None, None),
        ("VTI", 100.0, None),
    ]
    tail = "is not a date; the term of a gain on it (short or long) is unknown"
    assert warnings == [
        ImportWarning(
            PATH,
            3,
            "A",
            "the cost '?' of the lot of MSFT is not a number; the lot's cost is unknown",
        ),
        ImportWarning(PATH, 3, "A", f"the acquisition date 'someday' of the lot of MSFT {tail}"),
        ImportWarning(PATH, 4, "B", f"the acquisition date 'never' of the lot of VTI {tail}"),
    ]
