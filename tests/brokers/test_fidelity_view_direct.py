"""Fidelity's single-account positions view, read directly (``planner/brokers/fidelity_view.py``),
one branch at a time.

Every file is written here as text in the real layout (``Symbol,Quantity,Last,$ Avg Cost,Value``,
as in ``tests/data/fidelity_single_account_view_2026.csv``) and every expected figure is worked
out from that text: the account's id (a hash of the text from the header on), name and type
(from the file name), each row's symbol, description, type, quantity, price, market value, cost
basis (quantity x average cost, x 100 for an option), multiplier and line, each refusal and
warning.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from planner.brokers import fidelity_view, load_household
from planner.brokers.complete import UNCHECKED
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning
from tests.brokers.direct import load_text, position, refused_text

HEADER = "Symbol,Quantity,Last,$ Avg Cost,Value"
ROWS = [  # lines 2-6
    'Cash (SPAXX),"3,412.80",1.00,1,3412.80',
    "CRDO,40,118.25,96.10,4730",  # 40 x 118.25 = 4,730
    "VRT,25,151.40,122.75,3785",  # 25 x 151.40 = 3,785
    "Cash (FCASH),250.00,1.00,1,250.00",
    "VRT260320C160,-1,4.35,3.80,-435",  # a short call: -1 x 4.35 x 100 = -435
]
VIEW = "\n".join([HEADER, *ROWS]) + "\n"
NAME = "Positions_Z12345678 Roth IRA.csv"
NO_TOTALS = f"{UNCHECKED}: Fidelity's single-account view states no totals and no end marker"


# -- helpers -------------------------------------------------------------------------------


def load(tmp_path: Path, text: str, name: str = NAME) -> tuple[Path, Household]:
    return load_text(tmp_path, text, name)


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, NAME)[1]


def view(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def account_id(text_from_header: str) -> str:
    """The id the view's account gets: eight hex digits of the SHA-256 of the file's text
    from its header on."""
    return "fidelity-" + hashlib.sha256(text_from_header.encode("utf-8")).hexdigest()[:8]


def named(path: Path, acct: str, name: str, line: int = 1) -> ImportWarning:
    return ImportWarning(
        str(path),
        line,
        acct,
        "the file names no account (Fidelity's single-account view): imported as one account "
        f"named {name!r} from the file name - rename it or set its type in the app",
    )


def unchecked(path: Path) -> ImportWarning:
    return ImportWarning(str(path), None, None, NO_TOTALS)


record = position


# -- a whole view --------------------------------------------------------------------------


def test_view_is_one_account_named_from_the_file_and_identified_by_its_content(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, VIEW)
    assert h.files[0].format == "fidelity-single-account"
    assert h.files[0].as_of is None
    acct = account_id(VIEW)
    (a,) = h.accounts
    assert (a.id, a.name, a.type, a.source) == (
        acct,
        "Fidelity Positions_Z...5678 Roth IRA",  # the account number in the name is masked
        "tax_free",
        str(path),
    )
    assert (a.reported_total, a.reported_total_line, a.reported_total_label) == (None, None, "")
    spaxx = ("Cash (SPAXX)", "money_market", 3412.80, 1.00, 3412.80, 3412.80)
    fcash = ("Cash (FCASH)", "cash", 250.00, 1.00, 250.00, 250.00)
    call = ("", "option", -1.0, 4.35, -435.0, -380.0, 100.0)  # cost -1 x 3.80 x 100
    assert h.records() == [
        record(path, 2, acct, "SPAXX", *spaxx),
        record(path, 3, acct, "CRDO", "", "equity", 40.0, 118.25, 4730.0, 3844.0),  # 40 x 96.10
        record(path, 4, acct, "VRT", "", "equity", 25.0, 151.40, 3785.0, 3068.75),  # 25 x 122.75
        record(path, 5, acct, "CASH", *fcash),
        record(path, 6, acct, "VRT260320C160", *call),
    ]
    assert h.total == pytest.approx(3412.80 + 4730 + 3785 + 250 - 435)
    assert h.warnings == (
        named(path, acct, "Fidelity Positions_Z...5678 Roth IRA"),
        unchecked(path),
    )


@pytest.mark.parametrize(
    ("file_name", "name", "kind"),
    [
        ("Positions_Z12345678 Roth IRA.csv", "Fidelity Positions_Z...5678 Roth IRA", "tax_free"),
        ("Rollover IRA view.csv", "Fidelity Rollover IRA view", "tax_deferred"),
        ("Joint WROS - TOD.csv", "Fidelity Joint WROS - TOD", "taxable"),
        ("HSA 123.csv", "Fidelity HSA 123", "tax_free"),
        ("Z98765432.csv", "Fidelity Z...5432", "unknown"),
        ("export.csv", "Fidelity export", "unknown"),
        ("positions.2026.02.27.csv", "Fidelity positions.2026.02.27", "unknown"),
    ],
)
def test_account_name_and_type_come_from_the_file_name(
    tmp_path: Path, file_name: str, name: str, kind: str
) -> None:
    path, h = load(tmp_path, VIEW, file_name)
    (a,) = h.accounts
    assert (a.id, a.name, a.type) == (account_id(VIEW), name, kind)
    assert h.warnings[0] == named(path, account_id(VIEW), name)


def test_the_same_view_gets_the_same_id_however_it_was_saved_or_annotated(
    tmp_path: Path,
) -> None:
    ids = set()
    for name, data in [
        ("a.csv", VIEW.encode("utf-8")),
        ("b.csv", VIEW.replace("\n", "\r\n").encode("utf-8")),
        ("c.csv", b"\xef\xbb\xbf" + VIEW.encode("utf-8")),
        ("d.csv", ("My notes for the review\n\n" + VIEW).encode("utf-8")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        ids.add(load_household([path]).accounts[0].id)
    assert ids == {account_id(VIEW)}


def test_notes_above_the_header_move_the_lines_not_the_id(tmp_path: Path) -> None:
    path, h = load(tmp_path, "My notes for the review\n\n" + VIEW)
    acct = account_id(VIEW)
    assert [(r.account_id, r.source_line) for r in h.records()] == [
        (acct, 4),
        (acct, 5),
        (acct, 6),
        (acct, 7),
        (acct, 8),
    ]
    assert h.warnings[0] == named(path, acct, "Fidelity Positions_Z...5678 Roth IRA", line=3)


def test_another_view_gets_another_id(tmp_path: Path) -> None:
    other = VIEW.replace("CRDO,40,", "CRDO,41,").replace(",4730\n", ",4848.25\n")
    _, h = load(tmp_path, other)
    assert h.accounts[0].id == account_id(other) != account_id(VIEW)


# -- cash, options, costs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "symbol", "asset_type"),
    [
        ("Cash (SPAXX)", "SPAXX", "money_market"),
        ("Cash (FDRXX)", "FDRXX", "money_market"),
        ("Cash (FCASH)", "CASH", "cash"),
        ("Cash (CORE)", "CASH", "cash"),
        ("CASH (spaxx)", "SPAXX", "money_market"),
        ("Cash ( FCASH )", "CASH", "cash"),
    ],
)
def test_cash_rows_are_cash_or_money_market_by_what_they_hold(
    tmp_path: Path, cell: str, symbol: str, asset_type: str
) -> None:
    path, h = load(tmp_path, view(f"{cell},100.00,1.00,1,100.00"))
    acct = account_id(view(f"{cell},100.00,1.00,1,100.00"))
    assert h.records() == [
        record(path, 2, acct, symbol, cell, asset_type, 100.0, 1.0, 100.0, 100.0)
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Cash (SPAXX)", "SPAXX"),
        ("cash (spaxx)", "SPAXX"),
        ("Cash (FCASH)", "FCASH"),
        ("Cash ()", "CASH"),
        ("Cash (SPAXX", None),
        ("Cash", None),
        ("SPAXX", None),
        ("My Cash (SPAXX)", None),
    ],
)
def test_what_a_cash_cell_holds(cell: str, expected: str | None) -> None:
    assert fidelity_view._cash_symbol(cell) == expected


def test_cash_with_a_value_only(tmp_path: Path) -> None:
    path, h = load(tmp_path, view("Cash (FCASH),--,--,--,250.00"))
    acct = account_id(view("Cash (FCASH),--,--,--,250.00"))
    assert h.records() == [
        record(path, 2, acct, "CASH", "Cash (FCASH)", "cash", None, None, 250.0, None)
    ]
    assert h.warnings == (
        named(path, acct, "Fidelity Positions_Z...5678 Roth IRA"),
        unchecked(path),
    )


@pytest.mark.parametrize(
    ("row", "asset_type", "cost", "multiplier"),
    [
        ("VRT260320C160,2,4.35,3.80,870", "option", 760.0, 100.0),  # 2 x 3.80 x 100
        ("RDW260227P9,-3,0.50,0.75,-150", "option", -225.0, 100.0),  # -3 x 0.75 x 100
        ("CRDO,40,118.25,96.10,4730", "equity", 3844.0, 1.0),  # 40 x 96.10
        ("FXAIX,10.5,200.00,150.00,2100", "mutual_fund", 1575.0, 1.0),  # 10.5 x 150.00
        ("CRDO,40,118.25,--,4730", "equity", None, 1.0),
        ("CRDO,--,118.25,96.10,4730", "equity", None, 1.0),
    ],
)
def test_cost_basis_is_quantity_times_average_cost_times_100_for_an_option(
    tmp_path: Path, row: str, asset_type: str, cost: float | None, multiplier: float
) -> None:
    _, h = load(tmp_path, view(row))
    (r,) = h.records()
    assert (r.symbol, r.asset_type, r.cost_basis, r.multiplier) == (
        row.split(",")[0],
        asset_type,
        cost,
        multiplier,
    )
    assert [w for w in h.warnings if "quantity x price" in w.message] == []


# -- numbers -------------------------------------------------------------------------------


def test_dollar_signs_thousands_and_parenthesised_negatives(tmp_path: Path) -> None:
    row = 'CRDO,"(1,000)",$118.25,$96.10,"($118,250.00)"'
    path, h = load(tmp_path, view(row))
    acct = account_id(view(row))
    cost = -96100.0  # -1,000 x 96.10
    assert h.records() == [
        record(path, 2, acct, "CRDO", "", "equity", -1000.0, 118.25, -118250.0, cost)
    ]


def test_a_missing_value_is_quantity_times_price_with_a_warning(tmp_path: Path) -> None:
    path, h = load(tmp_path, view(ROWS[1], "VRT,25,151.40,122.75,--"))
    acct = account_id(view(ROWS[1], "VRT,25,151.40,122.75,--"))
    assert [(r.symbol, r.market_value) for r in h.records()] == [("CRDO", 4730.0), ("VRT", 3785.0)]
    assert h.warnings == (
        named(path, acct, "Fidelity Positions_Z...5678 Roth IRA"),
        ImportWarning(
            str(path),
            3,
            acct,
            "VRT: no market value in the file; quantity x price ($3,785.00) is used",
        ),
        unchecked(path),
    )


def test_a_row_without_value_or_price_is_refused_naming_it(tmp_path: Path) -> None:
    err = refused(tmp_path, view(ROWS[1], "VRT,25,--,122.75,"))
    assert err.line == 3
    assert err.reason == (
        "the row for VRT has no market value and no quantity and price to compute it from"
    )


@pytest.mark.parametrize(
    ("row", "what", "cell"),
    [
        ("VRT,25,151.40,122.75,1e14", "market value", "1e14"),
        ("VRT,inf,151.40,122.75,3785", "quantity", "inf"),
        ("VRT,25,nan,122.75,3785", "price", "nan"),
    ],
)
def test_an_absurd_number_is_refused_on_its_line(
    tmp_path: Path, row: str, what: str, cell: str
) -> None:
    err = refused(tmp_path, view(ROWS[1], row))
    assert err.line == 3
    assert err.reason == (
        f"{what} {cell!r} of VRT is not a finite number within ten trillion: the file is damaged"
    )


def test_a_garbled_quantity_is_left_blank_with_a_warning_and_no_cost(tmp_path: Path) -> None:
    path, h = load(tmp_path, view("CRDO,4O,118.25,96.10,4730"))
    acct = account_id(view("CRDO,4O,118.25,96.10,4730"))
    assert h.records() == [record(path, 2, acct, "CRDO", "", "equity", None, 118.25, 4730.0, None)]
    assert h.warnings == (
        named(path, acct, "Fidelity Positions_Z...5678 Roth IRA"),
        ImportWarning(str(path), 2, acct, "quantity '4O' of CRDO is not a number; left blank"),
        unchecked(path),
    )


def test_a_garbled_average_cost_leaves_the_cost_blank_with_a_warning(tmp_path: Path) -> None:
    path, h = load(tmp_path, view(ROWS[1], "VRT,25,151.40,122.7S,3785"))
    acct = account_id(view(ROWS[1], "VRT,25,151.40,122.7S,3785"))
    assert h.records() == [
        record(path, 2, acct, "CRDO", "", "equity", 40.0, 118.25, 4730.0, 3844.0),
        record(path, 3, acct, "VRT", "", "equity", 25.0, 151.40, 3785.0, None),
    ]
    assert h.warnings == (
        named(path, acct, "Fidelity Positions_Z...5678 Roth IRA"),
        ImportWarning(
            str(path), 3, acct, "average cost '122.7S' of VRT is not a number; left blank"
        ),
        unchecked(path),
    )


@pytest.mark.parametrize("cell", ["inf", "nan", "-inf", "1e14"])
def test_an_absurd_average_cost_is_refused_on_its_line(tmp_path: Path, cell: str) -> None:
    err = refused(tmp_path, view(ROWS[1], f"VRT,25,151.40,{cell},3785"))
    assert err.line == 3
    assert err.reason == (
        f"average cost {cell!r} of VRT is not a finite number within ten trillion: "
        "the file is damaged"
    )


# -- the header, and where the table ends --------------------------------------------------


def test_header_is_found_wherever_it_is_in_the_first_30_lines() -> None:
    def found(text: str) -> int | None:
        return fidelity_view.detect(Source.from_text(text, "v.csv"))

    assert found(VIEW) == 1
    assert found("note\n" * 29 + VIEW) == 30
    assert found("note\n" * 30 + VIEW) is None


@pytest.mark.parametrize(
    "header",
    [
        "Symbol,Quantity,Last,$ Avg Cost,Value",
        "Symbol,Quantity,Last,$ Avg Cost,Value,,",  # trailing empty cells
        '"Symbol","Quantity","Last","$ Avg Cost","Value"',
        "SYMBOL, Quantity ,LAST,$  Avg  Cost,value",  # case and spaces
    ],
)
def test_header_spellings_that_are_the_view(tmp_path: Path, header: str) -> None:
    assert fidelity_view.detect(Source.from_text(f"{header}\n{ROWS[1]}\n", "v.csv")) == 1
    text = f"{header}\n{ROWS[1]}\n"
    path, h = load(tmp_path, text)
    acct = account_id(text)
    assert h.records() == [
        record(path, 2, acct, "CRDO", "", "equity", 40.0, 118.25, 4730.0, 3844.0)
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Symbol,Quantity,Last,$ Avg Cost,Value,Change",  # a column more
        "Symbol,Quantity,Last,$ Avg Cost",  # a column less
        "Symbol,Quantity,$ Avg Cost,Last,Value",  # another order
        "Symbol,Quantity,,Last,$ Avg Cost,Value",  # an empty cell inside
        "Symbol,Quantity,Last Price,$ Avg Cost,Value",
        ",Symbol,Quantity,Last,$ Avg Cost,Value",
    ],
)
def test_header_spellings_that_are_not_the_view(header: str) -> None:
    assert fidelity_view.detect(Source.from_text(f"{header}\n{ROWS[1]}\n", "v.csv")) is None


def test_blank_lines_inside_the_table_are_read_through(tmp_path: Path) -> None:
    text = "\n".join([HEADER, ROWS[0], "", ROWS[1], ",,,,", ROWS[2], "", "", ROWS[3], ROWS[4]])
    path, h = load(tmp_path, text + "\n")
    assert [(r.symbol, r.source_line) for r in h.records()] == [
        ("SPAXX", 2),
        ("CRDO", 4),
        ("VRT", 6),
        ("CASH", 9),
        ("VRT260320C160", 10),
    ]
    acct = account_id(text + "\n")
    assert h.warnings == (
        named(path, acct, "Fidelity Positions_Z...5678 Roth IRA"),
        unchecked(path),
    )


def test_after_a_blank_line_a_one_cell_line_ends_the_table(tmp_path: Path) -> None:
    text = view(ROWS[1], "", '"Date downloaded 02/27/2026 10:04 AM ET"', ROWS[2])
    _, h = load(tmp_path, text)
    assert [r.symbol for r in h.records()] == ["CRDO"]
    # two cells are a row: a symbol and a value
    _, h = load(tmp_path, view(ROWS[1], "", "ZZZ,,,,5.00", ROWS[2]))
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("CRDO", 4730.0, 2),
        ("ZZZ", 5.0, 4),
        ("VRT", 3785.0, 5),
    ]


def test_empty_file_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, "")
    assert (err.line, err.reason) == (1, "the file is empty")


def test_a_view_cut_inside_a_quoted_cell_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, view(ROWS[1], ROWS[2], 'Cash (SPAXX),"3,41'))
    assert err.line == 4
    assert err.reason == (
        "the file ends in the middle of a row (an unclosed quote): it looks cut off; "
        "download it again"
    )


def test_a_view_cut_before_a_rows_value_warns_that_its_value_is_computed(
    tmp_path: Path,
) -> None:
    text = view(ROWS[1], "VRT,25,151.40").rstrip("\n")
    path, h = load(tmp_path, text)
    acct = account_id(text)
    assert h.records()[-1] == record(path, 3, acct, "VRT", "", "equity", 25.0, 151.40, 3785.0, None)
    assert [w.line for w in h.warnings] == [1, 3, None]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEADER + "\n", 1),
        (HEADER, 1),  # no newline after it
        (HEADER + "\n\n,,,,\n\n", 1),  # blank lines and empty cells after it
        ("My notes for the review\n\n" + HEADER + "\n", 3),
    ],
)
def test_a_view_with_its_header_only_is_refused(tmp_path: Path, text: str, line: int) -> None:
    err = refused(tmp_path, text)
    assert (err.line, err.reason) == (line, "fidelity-single-account: the file holds no positions")


@pytest.mark.parametrize("row", [",5,1.00,1,5.00", ",,,,5.00", ",5,,,", " ,5,1.00,1,5.00"])
def test_a_row_with_cells_but_no_symbol_is_refused_naming_it(tmp_path: Path, row: str) -> None:
    err = refused(tmp_path, view(ROWS[1], row, ROWS[2]))
    assert err.line == 3
    assert err.reason == (
        "a row without a symbol: the symbol is all this view says of a holding, so the row "
        "cannot be read; the file is damaged"
    )
