"""E*TRADE "PortfolioDownload" exports, read directly (``planner/brokers/etrade.py``), one branch
at a time.

Every file is written here as text in the real layout - the ``Account Summary`` block, the
``View Summary`` title and its ``Filters applied`` mini-table, the positions header, tax-lot
sub-rows, ``CASH`` and ``TOTAL`` rows with their extra trailing field, blank lines and the
``Generated at`` footer - copied from ``tests/data/etrade_portfolio_lots_2025.csv`` (lots),
``tests/data/etrade_custom_view_2025.csv`` (a custom view) and the real download
``samples/brokers/etrade/positions-2026.csv`` (an empty summary, cells like ``.1250``). Every
expected figure is worked out from that text: the account's number, name, type and the total
it reconciles against, each row's symbol, description, type, quantity, price, market value,
cost basis and line, each lot's shares, cost and date, each refusal's line and words, each
warning.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.brokers import etrade
from planner.brokers.base import ParsedFile
from planner.brokers.complete import UNCHECKED
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Account, Household, ImportWarning, LotRecord, PositionRecord
from tests.brokers.direct import line_of, load_text, parsed_by, position, refused_by, refused_text

NAME = "PortfolioDownload.csv"

# -- helpers -------------------------------------------------------------------------------


def load(tmp_path: Path, text: str) -> tuple[Path, Household]:
    return load_text(tmp_path, text, NAME)


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, NAME)[1]


def parse(tmp_path: Path, text: str) -> tuple[Path, ParsedFile]:
    """``text`` read by the E*TRADE reader alone (no reconciliation, lots not attached)."""
    path = tmp_path / NAME
    path.write_bytes(text.encode("utf-8"))
    return path, parsed_by(etrade, path)


def lines(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part) + "\n"


def cost(value: float, gain: float) -> float:
    """A cost as the file states it: Value $ - Total Gain $, both to four decimals."""
    return round(value - gain, 4)


record = position

# -- the layout ----------------------------------------------------------------------------

SUMMARY_HEADER = (
    "Account,Net Account Value,Total Gain $,Total Gain %,Day's Gain Unrealized $,"
    "Day's Gain Unrealized %,Available For Withdrawal,Cash Purchasing Power"
)


def summary(account: str = "Rollover IRA -4821", nav: str = "24275.00") -> list[str]:
    """Lines 1-4: the Account Summary block, its row as E*TRADE fills it in, a blank line."""
    row = f"{account},{nav},9120.48,20.73,-212.50,-0.40,1520.48,1520.48"
    return ["Account Summary", SUMMARY_HEADER, row, ""]


def view(symbols: str = "", kinds: str = "All") -> list[str]:
    """Lines 5-9: the view's title and its Filters applied mini-table (no filter by default)."""
    return [
        "View Summary - All Positions",
        "Filters applied: ",
        "Symbol,Security type(s),Sort by,Sort order,",
        f"{symbols},{kinds},Symbol,Asc,",
        "",
    ]


HEADER = (  # line 10
    "Symbol,Last Price $,Change $,Change %,Quantity,Price Paid $,Day's Gain $,Total Gain $,"
    "Total Gain %,Value $"
)
FOOTER = ["", "", "Generated at Dec 31 2025 04:30 PM ET"]


def row(first: str, quantity: str, paid: str, gain: str, value: str, last: str = "485.50") -> str:
    """A position row (``first``: its symbol) or a lot sub-row (``first``: its date): Last
    Price $, Quantity, Price Paid $, Total Gain $ and Value $ as given, the rest filler."""
    return f"{first},{last},-1.30,-0.27,{quantity},{paid},-65.0000,{gain},47.1212,{value}"


def total(value: str) -> str:
    """The TOTAL row: the Value $ it states, and its extra trailing field."""
    return f"TOTAL,,,,,16500.00,-65.00,7775.00,47.12,{value},"


def cash(value: str) -> str:
    return f"CASH,,,,,,,,,{value},"


# 50 x 485.50 = 24,275.00, bought for 50 x 330.00 = 16,500.00: a gain of 7,775.00
MSFT = row("MSFT", "50.0000", "330.00", "7775.0000", "24275.0000")
MSFT_RECORD = ("MSFT", "", "equity", 50.0, 485.50, 24275.00)  # symbol ... value
MSFT_LINE = 11


def small(
    *rows: str,
    value: str = "24275.00",
    top: list[str] | None = None,
    header: str = HEADER,
    closing: str | None = None,
    footer: list[str] | None = None,
) -> str:
    """Summary (1-4) and view (5-9) unless ``top`` replaces them, ``header`` (line 10),
    ``rows`` from line 11, a TOTAL row stating ``value`` (or ``closing``), the footer."""
    above = top if top is not None else [*summary(), *view()]
    end = [closing or total(value)]
    return lines(above, [header], list(rows), end, FOOTER if footer is None else footer)


def msft(path: Path, cost_basis: float | None, line: int = MSFT_LINE) -> PositionRecord:
    return record(path, line, "4821", *MSFT_RECORD, cost_basis)


# The lots fixture, verbatim: lines 11-21 under the summary, the view and the header.
ROWS = [
    "ESOA,3.05,-0.04,-1.29,2000.0000,2.10,-80.0000,1900.0000,45.2381,6100.0000",
    "     01/12/2024,3.05,-0.04,-1.29,1200.0000,2.00,-48.0000,1260.0000,52.5000,3660.0000",
    "     06/03/2024,3.05,-0.04,-1.29,800.0000,2.25,-32.0000,640.0000,35.5556,2440.0000",
    "MSFT,485.50,-1.30,-0.27,50.0000,330.00,-65.0000,7775.0000,47.1212,24275.0000",
    "     03/15/2021,485.50,-1.30,-0.27,50.0000,330.00,-65.0000,7775.0000,47.1212,24275.0000",
    "MSFT,485.50,-1.30,-0.27,10.0000,465.00,-13.0000,205.0000,4.4086,4855.0000",
    "     11/20/2025,485.50,-1.30,-0.27,10.0000,465.00,-13.0000,205.0000,4.4086,4855.0000",
    "QQQ,612.20,-0.90,-0.15,25.0000,500.00,-22.5000,2805.0000,22.4400,15305.0000",
    "     --,612.20,-0.90,-0.15,25.0000,500.00,-22.5000,2805.0000,22.4400,15305.0000",
    "CASH,,,,,,,,,1085.48,",
    "TOTAL,,,,,44000.00,-180.50,12685.00,28.83,51620.48,",
]
LOTS_FILE = lines(summary(nav="51620.48"), view(), [HEADER], ROWS, FOOTER)


# -- whole files ---------------------------------------------------------------------------


def test_portfolio_with_lots_reads_the_account_every_position_cash_and_every_lot(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, LOTS_FILE)
    assert [(f.format, f.as_of) for f in h.files] == [("etrade-portfolio-lots", date(2025, 12, 31))]
    total_line = line_of(LOTS_FILE, "TOTAL,")
    assert h.accounts == (
        Account(
            "4821", "Rollover IRA", "tax_deferred", str(path), 51620.48, total_line, "TOTAL row"
        ),
    )
    a, f = "4821", str(path)
    assert h.records() == [
        record(path, 11, a, "ESOA", "", "equity", 2000.0, 3.05, 6100.00, cost(6100, 1900)),
        record(path, 14, a, "MSFT", "", "equity", 50.0, 485.50, 24275.00, cost(24275, 7775)),
        record(path, 16, a, "MSFT", "", "equity", 10.0, 485.50, 4855.00, cost(4855, 205)),
        record(path, 18, a, "QQQ", "", "equity", 25.0, 612.20, 15305.00, cost(15305, 2805)),
        record(path, 20, a, "CASH", "Cash", "cash", None, None, 1085.48, None),
    ]
    # each lot belongs to the position above it: the two MSFT rows keep their own lots
    assert list(h.lots) == [
        LotRecord(a, "ESOA", date(2024, 1, 12), 1200.0, cost(3660, 1260), f, 12),
        LotRecord(a, "ESOA", date(2024, 6, 3), 800.0, cost(2440, 640), f, 13),
        LotRecord(a, "MSFT", date(2021, 3, 15), 50.0, cost(24275, 7775), f, 15),
        LotRecord(a, "MSFT", date(2025, 11, 20), 10.0, cost(4855, 205), f, 17),
        LotRecord(a, "QQQ", None, 25.0, cost(15305, 2805), f, 19),  # "--": date unknown
    ]
    assert h.total == pytest.approx(6100.00 + 24275.00 + 4855.00 + 15305.00 + 1085.48)
    assert h.warnings == ()  # the TOTAL row agrees, every row and every lot reconciles


def test_the_reader_alone_gives_the_lots_before_they_are_attached(tmp_path: Path) -> None:
    _, parsed = parse(tmp_path, LOTS_FILE)
    assert (parsed.format, parsed.as_of, parsed.warnings) == (
        "etrade-portfolio-lots",
        date(2025, 12, 31),
        [],
    )
    assert [(x.account_id, x.symbol, x.quantity, x.source_line) for x in parsed.lots] == [
        ("4821", "ESOA", 1200.0, 12),
        ("4821", "ESOA", 800.0, 13),
        ("4821", "MSFT", 50.0, 15),
        ("4821", "MSFT", 10.0, 17),
        ("4821", "QQQ", 25.0, 19),
    ]
    assert parsed.positions["source_line"].tolist() == [11, 14, 16, 18, 20]


CUSTOM_VIEW = lines(
    [
        "Account Summary",
        SUMMARY_HEADER,
        "Brokerage -7315,19874.30,2049.00,11.51,13.20,0.07,2380.50,2380.50",
        "",
        "View Summary - Dividend payers",
        "Filters applied: ",
        "Symbol,Security type(s),Sort by,Sort order,",
        ",All,Value $,Desc,",
        "",
        HEADER,
        "PG,151.76,-0.48,-0.32,60.0000,140.25,-28.8000,690.6000,8.2068,9105.6000",
        "KO,69.42,0.35,0.51,120.0000,58.10,42.0000,1358.4000,19.4836,8330.4000",
        "CASH,,,,,,,,,2380.50,",
        "TOTAL,,,,,15097.50,13.2000,2049.0000,13.5719,19816.50,",
        "",
        "",
        "Generated at Oct 17 2025 05:12 PM ET",
    ]
)


def test_custom_view_without_lots_reconciles_against_its_total_row_not_the_account_value(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, CUSTOM_VIEW)
    assert [(f.format, f.as_of) for f in h.files] == [("etrade-portfolio", date(2025, 10, 17))]
    assert h.accounts == (
        Account("7315", "Brokerage", "taxable", str(path), 19816.50, 14, "TOTAL row"),
    )
    a = "7315"
    assert h.records() == [
        record(path, 11, a, "PG", "", "equity", 60.0, 151.76, 9105.60, cost(9105.6, 690.6)),
        record(path, 12, a, "KO", "", "equity", 120.0, 69.42, 8330.40, cost(8330.4, 1358.4)),
        record(path, 13, a, "CASH", "Cash", "cash", None, None, 2380.50, None),
    ]
    assert h.lots == ()
    # the Net Account Value (19,874.30) counts more than the view shows: the TOTAL row counts
    assert h.total == pytest.approx(9105.60 + 8330.40 + 2380.50)
    assert h.warnings == ()


SAMPLE_2026 = lines(
    [
        "Account Summary",
        SUMMARY_HEADER,
        "",
        "",
        "View Summary - All Positions",
        "Filters applied: ",
        "Symbol,Security type(s),Sort by,Sort order,",
        ",All,Total Gain $,Asc,",
        "",
        HEADER,
        "ALFIQ,0.00,0.00,0.00,3.0000,13.79,.0000,-41.3700,-100.0000,.0000",
        "ACN,224.19,2.14,0.96,1.0140,244.5365,2.1700,-20.6313,-8.3204,227.3287",
        "629999590,0.00,0.00,0.00,2.0000,0.00,.0000,.0000,.0000,.0000",
        "SPY,681.74,0.47,0.07,.1250,461.04,.0587,27.5875,47.8700,85.2175",
        "CASH,,,,,,,,,67.83,",
        "TOTAL,,,,,93.70,6.95,-34.41,72.71,380.38,",
        "",
        "",
        "",
        "Generated at Feb 15 2026 09:24 PM ET",
    ]
)
NO_ACCOUNT = (
    "the file does not name its account; imported as 'E*TRADE' — rename it or set its type in "
    "the app"
)


def test_real_download_with_an_empty_summary_is_imported_as_an_unnamed_account(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, SAMPLE_2026)
    assert [(f.format, f.as_of) for f in h.files] == [("etrade-portfolio", date(2026, 2, 15))]
    total_line = line_of(SAMPLE_2026, "TOTAL,")
    name = "E*TRADE account (number not in the file)"
    assert h.accounts == (
        Account("E*TRADE", name, "unknown", str(path), 380.38, total_line, "TOTAL row"),
    )
    a = "E*TRADE"
    assert h.records() == [
        record(path, 11, a, "ALFIQ", "", "equity", 3.0, 0.0, 0.0, cost(0, -41.37)),
        record(path, 12, a, "ACN", "", "equity", 1.014, 224.19, 227.3287, cost(227.3287, -20.6313)),
        record(path, 13, a, "629999590", "", "other", 2.0, 0.0, 0.0, cost(0, 0)),
        record(path, 14, a, "SPY", "", "equity", 0.125, 681.74, 85.2175, cost(85.2175, 27.5875)),
        record(path, 15, a, "CASH", "Cash", "cash", None, None, 67.83, None),
    ]
    assert h.warnings == (ImportWarning(str(path), None, None, NO_ACCOUNT),)


# -- the account ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number", "name", "kind"),
    [
        ("Rollover IRA -4821", "4821", "Rollover IRA", "tax_deferred"),
        ("Roth IRA -1234", "1234", "Roth IRA", "tax_free"),
        ("Individual Brokerage - 5678", "5678", "Individual Brokerage", "taxable"),
        ("Joint Brokerage -XXXX9012", "XXXX9012", "Joint Brokerage", "taxable"),
        ("Brokerage", "Brokerage", "Brokerage", "taxable"),  # no number: the name is the id
        ("-4821", "4821", "E*TRADE account", "unknown"),  # a number and no name
    ],
)
def test_the_summary_row_names_the_account_and_its_name_types_it(
    tmp_path: Path, cell: str, number: str, name: str, kind: str
) -> None:
    path, h = load(tmp_path, small(MSFT, top=[*summary(cell), *view()]))
    assert [(a.id, a.name, a.type) for a in h.accounts] == [(number, name, kind)]
    assert h.records() == [record(path, 11, number, *MSFT_RECORD, cost(24275, 7775))]
    assert h.warnings == ()


@pytest.mark.parametrize(
    "top",
    [
        [],  # no summary and no view: the header is the file's first line
        ["Account Summary", SUMMARY_HEADER, ",24275.00,0,0,0,0,0,0", ""],  # no account cell
        ["Account Summary", SUMMARY_HEADER, "", ""],  # no row under the header at all
    ],
    ids=["no-summary", "empty-account-cell", "empty-summary"],
)
def test_a_file_that_does_not_name_its_account_is_imported_as_e_trade_with_a_warning(
    tmp_path: Path, top: list[str]
) -> None:
    # detection needs a marker: "View Summary" / "Filters applied" (kept), or "Account Summary"
    text = small(MSFT, top=[*top, *view()])
    path, h = load(tmp_path, text)
    name = "E*TRADE account (number not in the file)"
    total_line = line_of(text, "TOTAL,")
    assert h.accounts == (
        Account("E*TRADE", name, "unknown", str(path), 24275.00, total_line, "TOTAL row"),
    )
    assert h.records() == [
        record(path, line_of(text, "MSFT,"), "E*TRADE", *MSFT_RECORD, cost(24275, 7775))
    ]
    assert h.warnings == (ImportWarning(str(path), None, None, NO_ACCOUNT),)


def test_a_summary_row_of_the_account_cell_alone_has_no_account_value(tmp_path: Path) -> None:
    top = ["Account Summary", SUMMARY_HEADER, "Rollover IRA -4821", "", *view()]
    # the TOTAL row states no value and there is no Net Account Value to fall back on
    text = small(MSFT, value="--", top=top)
    path, h = load(tmp_path, text)
    assert h.accounts == (Account("4821", "Rollover IRA", "tax_deferred", str(path), None, None),)
    assert h.records() == [msft(path, cost(24275, 7775))]
    # nothing to reconcile against, and the warning says so on the TOTAL row's line
    assert h.warnings == (
        ImportWarning(
            str(path),
            line_of(text, "TOTAL,"),
            "4821",
            "the TOTAL row states no amount ('--'): the positions could not be reconciled with it",
        ),
    )


def test_a_summary_row_of_the_account_and_its_value_alone_gives_the_account_value(
    tmp_path: Path,
) -> None:
    top = ["Account Summary", SUMMARY_HEADER, "Rollover IRA -4821,24275.00", "", *view()]
    path, h = load(tmp_path, small(MSFT, value="--", top=top))  # no TOTAL value: the NAV
    assert h.accounts == (
        Account(
            "4821", "Rollover IRA", "tax_deferred", str(path), 24275.00, 3, "Net Account Value"
        ),
    )
    assert h.warnings == ()


# -- the total the positions reconcile against ---------------------------------------------


def test_a_total_row_that_disagrees_is_named_with_its_line_and_the_difference(
    tmp_path: Path,
) -> None:
    text = small(MSFT, value="24375.00")  # the Net Account Value (24,275.00) would agree
    path, h = load(tmp_path, text)
    total_line = line_of(text, "TOTAL,")
    assert (h.accounts[0].reported_total, h.accounts[0].reported_total_line) == (
        24375.00,
        total_line,
    )
    assert h.warnings == (
        ImportWarning(
            str(path),
            total_line,
            "4821",
            "positions add up to $24,275.00 but the file's TOTAL row says $24,375.00 "
            "(difference -$100.00)",
        ),
    )


@pytest.mark.parametrize("cell", ["", "--"])
def test_a_total_row_without_a_value_falls_back_to_the_net_account_value(
    tmp_path: Path, cell: str
) -> None:
    path, h = load(tmp_path, small(MSFT, value=cell))
    assert h.accounts == (
        Account(
            "4821", "Rollover IRA", "tax_deferred", str(path), 24275.00, 3, "Net Account Value"
        ),
    )
    assert h.warnings == ()  # 24,275.00 on line 3 agrees


def test_the_net_account_value_that_disagrees_is_named_on_its_line(tmp_path: Path) -> None:
    text = small(MSFT, value="--", top=[*summary(nav="24375.00"), *view()])
    path, h = load(tmp_path, text)
    assert h.warnings == (
        ImportWarning(
            str(path),
            line_of(text, "Rollover IRA -4821,24375.00"),
            "4821",
            "positions add up to $24,275.00 but the file's Net Account Value says $24,375.00 "
            "(difference -$100.00)",
        ),
    )


def test_a_total_value_that_is_not_a_number_warns_and_the_net_account_value_is_used(
    tmp_path: Path,
) -> None:
    text = small(MSFT, value="2427S.00")
    path, h = load(tmp_path, text)
    assert h.accounts[0].reported_total == 24275.00
    assert h.accounts[0].reported_total_label == "Net Account Value"
    message = "the TOTAL row's value '2427S.00' is not a number"
    assert h.warnings == (ImportWarning(str(path), line_of(text, "TOTAL,"), "4821", message),)


def test_a_total_value_that_is_not_a_number_without_an_account_value_reconciles_nothing(
    tmp_path: Path,
) -> None:
    text = small(MSFT, value="2427S.00", top=[*summary(nav="--"), *view()])
    path, h = load(tmp_path, text)
    (acct,) = h.accounts
    assert (acct.reported_total, acct.reported_total_label) == (None, "")
    message = "the TOTAL row's value '2427S.00' is not a number"
    assert h.warnings == (ImportWarning(str(path), line_of(text, "TOTAL,"), "4821", message),)


@pytest.mark.parametrize("cell", ["1e14", "inf", "nan"])
def test_an_absurd_total_value_is_refused_on_its_line(tmp_path: Path, cell: str) -> None:
    text = small(MSFT, value=cell)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "TOTAL,")
    assert err.reason == (
        f"the TOTAL row's value {cell!r} is not a finite amount within ten trillion dollars: "
        "the file is damaged"
    )


def test_a_net_account_value_that_is_not_a_number_warns_even_when_the_total_row_is_used(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, small(MSFT, top=[*summary(nav="USD 24275.00"), *view()]))
    assert (h.accounts[0].reported_total, h.accounts[0].reported_total_label) == (
        24275.00,
        "TOTAL row",
    )
    message = "Net Account Value 'USD 24275.00' is not a number"
    assert h.warnings == (ImportWarning(str(path), 3, "4821", message),)


def test_without_a_readable_total_or_account_value_nothing_is_reconciled(
    tmp_path: Path,
) -> None:
    text = small(MSFT, value="", top=[*summary(nav="--"), *view()])
    path, h = load(tmp_path, text)
    (acct,) = h.accounts
    assert (acct.reported_total, acct.reported_total_line, acct.reported_total_label) == (
        None,
        None,
        "",
    )
    assert h.warnings == (
        ImportWarning(
            str(path),
            line_of(text, "TOTAL,"),
            "4821",
            "the TOTAL row states no amount (blank): the positions could not be reconciled with it",
        ),
    )


def test_an_absurd_net_account_value_is_refused_on_its_line(tmp_path: Path) -> None:
    err = refused(tmp_path, small(MSFT, top=[*summary(nav="9e99"), *view()]))
    assert err.line == 3
    assert err.reason == (
        "Net Account Value '9e99' is not a finite amount within ten trillion dollars: "
        "the file is damaged"
    )


def test_a_row_whose_quantity_times_price_is_not_its_value_is_named(tmp_path: Path) -> None:
    # 50 x 485.50 = 24,275.00, but the row says 24,375.00 (and so does the TOTAL row)
    text = small(row("MSFT", "50.0000", "330.00", "7875.0000", "24375.0000"), value="24375.00")
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 11, "4821", "MSFT", "", "equity", 50.0, 485.50, 24375.00, cost(24375, 7875))
    ]
    message = (
        "MSFT: quantity x price is $24,275.00 but the file reports a market value of "
        "$24,375.00; the reported market value is used"
    )
    assert h.warnings == (ImportWarning(str(path), 11, "4821", message),)


# -- the view's filter ---------------------------------------------------------------------


def filtered(path: Path, shown: str) -> ImportWarning:
    return ImportWarning(
        str(path),
        None,
        None,
        f"{UNCHECKED}: the view is filtered ({shown}): positions outside the filter are not in "
        "the file; download the 'All Positions' view for the whole account",
    )


@pytest.mark.parametrize(
    ("symbols", "kinds", "shown"),
    [
        ("", "All", None),
        ("", "ALL", None),
        ("", "", None),
        ("MSFT", "All", "MSFT, All"),
        ("", "Equities", "Equities"),
        ("MSFT", "Equities", "MSFT, Equities"),
        ("X" * 90, "All", "X" * 80),  # cut to 80 characters
        ("X" * 78, "All", "X" * 78 + ", "),
    ],
)
def test_a_filtered_view_warns_that_positions_outside_it_are_not_in_the_file(
    tmp_path: Path, symbols: str, kinds: str, shown: str | None
) -> None:
    path, h = load(tmp_path, small(MSFT, top=[*summary(), *view(symbols, kinds)]))
    assert h.warnings == (() if shown is None else (filtered(path, shown),))
    assert h.records() == [msft(path, cost(24275, 7775))]


@pytest.mark.parametrize(("cells", "shown"), [("", None), ("MSFT", "MSFT")])
def test_a_filter_row_blank_or_of_one_cell_reads_what_it_has(
    tmp_path: Path, cells: str, shown: str | None
) -> None:
    top = [*summary(), *view()]
    top[top.index("Symbol,Security type(s),Sort by,Sort order,") + 1] = cells
    path, h = load(tmp_path, small(MSFT, top=top))
    assert h.warnings == (() if shown is None else (filtered(path, shown),))
    assert h.records() == [msft(path, cost(24275, 7775))]


@pytest.mark.parametrize(
    ("below", "named", "shown"),
    [
        (summary()[:3], True, None),
        (summary()[:2], False, None),  # the summary's header is the last line
        (view("MSFT")[1:4], False, "MSFT, All"),
        (view("MSFT")[1:3], False, None),  # the filter's header is the last line
    ],
)
def test_the_summary_and_filter_blocks_are_read_below_the_table_too(
    tmp_path: Path, below: list[str], named: bool, shown: str | None
) -> None:
    # the positions header on line 1, the block after the table and a blank line, ending the
    # file: the blocks are found by what they say within the first 30 lines, not by place
    text = lines([HEADER, MSFT, total("24275.00"), ""], below)
    path, h = load(tmp_path, text)
    account = "4821" if named else "E*TRADE"
    assert h.records() == [record(path, 2, account, *MSFT_RECORD, cost(24275, 7775))]
    assert [(a.id, a.reported_total, a.reported_total_line) for a in h.accounts] == [
        (account, 24275.00, 3)
    ]
    expected = [] if shown is None else [filtered(path, shown)]
    if not named:
        expected.append(ImportWarning(str(path), None, None, NO_ACCOUNT))
    assert h.warnings == tuple(expected)


def test_without_a_filters_table_nothing_is_said_of_a_filter(tmp_path: Path) -> None:
    text = small(MSFT, top=summary())
    path, h = load(tmp_path, text)
    assert h.records() == [msft(path, cost(24275, 7775), line=line_of(text, "MSFT,"))]
    assert h.warnings == ()


def test_warnings_come_in_the_order_the_file_gives_cause_for_them(tmp_path: Path) -> None:
    top = [*summary(nav="x"), *view("MSFT")]
    damaged = row("MSFT", "50.0000", "330.00", "abc", "24275.0000")
    lot = row("     13/45/2024", "50.0000", "330.00", "7775.0000", "24275.0000")
    text = small(damaged, lot, value="n.a.", top=top)
    path, parsed = parse(tmp_path, text)
    p, total_line = str(path), line_of(text, "TOTAL,")
    assert parsed.warnings == [
        ImportWarning(p, 3, "4821", "Net Account Value 'x' is not a number"),
        filtered(path, "MSFT, All"),
        ImportWarning(p, total_line, "4821", "the TOTAL row's value 'n.a.' is not a number"),
        ImportWarning(p, 11, "4821", "total gain 'abc' of MSFT is not a number; left blank"),
        ImportWarning(
            p,
            12,
            "4821",
            "the acquisition date '13/45/2024' of the lot of MSFT is not a date; the term of a "
            "gain on it (short or long) is unknown",
        ),
    ]
    assert parsed.accounts[0].reported_total is None


def test_the_filter_is_named_before_the_missing_account_number(tmp_path: Path) -> None:
    path, parsed = parse(tmp_path, small(MSFT, top=view("", "Equities")))
    assert parsed.warnings == [
        filtered(path, "Equities"),
        ImportWarning(str(path), None, None, NO_ACCOUNT),
    ]


# -- detection -----------------------------------------------------------------------------


def test_the_layout_is_detected_at_its_positions_header() -> None:
    text = small(MSFT)
    assert etrade.detect(Source.from_text(text, NAME)) == line_of(text, "Symbol,Last Price")
    # the Filters applied mini-table also starts "Symbol," but has no Quantity or Value $


def test_the_header_and_a_marker_are_looked_for_in_the_first_30_lines() -> None:
    def found(text: str) -> int | None:
        return etrade.detect(Source.from_text(text, NAME))

    # summary (4) and view (5) lines before the header: 20 more put it on line 30
    assert found('"note"\n' * 20 + small(MSFT)) == 30
    assert found('"note"\n' * 21 + small(MSFT)) is None
    # a marker (below the table here) on line 30 is seen; on line 31 it is not
    table = [HEADER, MSFT, total("24275.00")]
    assert found(lines(table, ['"note"'] * 26, ["View Summary - All Positions"])) == 1
    assert found(lines(table, ['"note"'] * 27, ["View Summary - All Positions"])) is None


@pytest.mark.parametrize(
    "marker", ["Account Summary", "View Summary - All Positions", "Filters applied: "]
)
def test_any_one_marker_is_enough(marker: str) -> None:
    text = lines([marker, ""], [HEADER, MSFT, total("24275.00")])
    assert etrade.detect(Source.from_text(text, NAME)) == 3


def test_without_a_marker_the_file_is_not_e_trades() -> None:
    text = lines(["Portfolio", ""], [HEADER, MSFT, total("24275.00")])
    assert etrade.detect(Source.from_text(text, NAME)) is None


@pytest.mark.parametrize(("column", "other"), [("Quantity", "Shares"), ("Value $", "Worth $")])
def test_a_header_without_quantity_or_value_is_not_e_trades(column: str, other: str) -> None:
    text = small(MSFT, header=HEADER.replace(column, other))
    assert etrade.detect(Source.from_text(text, NAME)) is None


def test_a_header_not_starting_with_symbol_is_not_e_trades() -> None:
    header = "Ticker" + HEADER[len("Symbol") :]
    assert etrade.detect(Source.from_text(small(MSFT, header=header), NAME)) is None


# -- cost basis ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gain", "paid", "expected"),
    [
        ("7775.0000", "330.00", cost(24275, 7775)),  # Value $ - Total Gain $
        ("7775.0000", "--", cost(24275, 7775)),  # Price Paid $ not needed
        ("--", "330.00", 50 * 330.00),  # no gain: Quantity x Price Paid $
        ("N/A", "330.00", 50 * 330.00),  # a placeholder in capitals says the same
        ("", "330.0012", round(50 * 330.0012, 4)),
        ("--", "--", None),  # neither: unknown, as the file says nothing
        ("", "", None),
    ],
)
def test_cost_is_value_minus_gain_else_quantity_times_price_paid(
    tmp_path: Path, gain: str, paid: str, expected: float | None
) -> None:
    path, h = load(tmp_path, small(row("MSFT", "50.0000", paid, gain, "24275.0000")))
    assert h.records() == [msft(path, expected)]
    assert h.warnings == ()


def test_a_gain_that_is_not_a_number_leaves_the_cost_unknown_with_a_warning(
    tmp_path: Path,
) -> None:
    # Price Paid $ could give 50 x 330.00, but the row is damaged: its cost is not guessed,
    # as its lots' is not (the lot row repeats the damaged cell)
    damaged = row("MSFT", "50.0000", "330.00", "abc", "24275.0000")
    lot = row("     03/15/2021", "50.0000", "330.00", "abc", "24275.0000")
    path, h = load(tmp_path, small(damaged, lot))
    assert h.records() == [msft(path, None)]
    assert list(h.lots) == [LotRecord("4821", "MSFT", date(2021, 3, 15), 50.0, None, str(path), 12)]
    p = str(path)
    assert h.warnings == (
        ImportWarning(p, 11, "4821", "total gain 'abc' of MSFT is not a number; left blank"),
        ImportWarning(
            p,
            12,
            "4821",
            "the cost 'abc' of the lot of MSFT is not a number; the lot's cost is unknown",
        ),
    )


def test_a_price_paid_that_is_not_a_number_where_it_is_needed_warns(tmp_path: Path) -> None:
    path, h = load(tmp_path, small(row("MSFT", "50.0000", "3x0.00", "--", "24275.0000")))
    assert h.records() == [msft(path, None)]
    message = "price paid '3x0.00' of MSFT is not a number; left blank"
    assert h.warnings == (ImportWarning(str(path), 11, "4821", message),)


@pytest.mark.parametrize(
    ("gain", "paid", "what", "cell"),
    [
        ("inf", "330.00", "total gain", "inf"),
        ("-1e14", "330.00", "total gain", "-1e14"),
        ("--", "nan", "price paid", "nan"),
        ("--", "2e13", "price paid", "2e13"),
    ],
)
def test_an_absurd_gain_or_price_paid_is_refused_on_its_line(
    tmp_path: Path, gain: str, paid: str, what: str, cell: str
) -> None:
    text = small(row("MSFT", "50.0000", paid, gain, "24275.0000"))
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "MSFT,")
    assert err.reason == (
        f"{what} {cell!r} of MSFT is not a finite number within ten trillion: the file is damaged"
    )


def test_an_absurd_value_is_refused_naming_the_value_not_a_cost_made_from_it(
    tmp_path: Path,
) -> None:
    err = refused(tmp_path, small(row("MSFT", "50.0000", "330.00", "7775.0000", "3e13")))
    assert err.line == MSFT_LINE
    assert err.reason == (
        "market value '3e13' of MSFT is not a finite number within ten trillion: "
        "the file is damaged"
    )


def test_a_value_of_ten_trillion_less_its_gain_is_the_cost(tmp_path: Path) -> None:
    # ten trillion is the largest amount a file may state; 1e13 - 2e12 = 8e12 (not the
    # 1e9 x 9,000 = 9e12 that Price Paid $ would give)
    big = row("BIG", "1000000000", "9000", "2000000000000", "10000000000000", last="10000")
    _, h = load(tmp_path, small(big, value="10000000000000"))
    (r,) = h.records()
    assert (r.symbol, r.market_value, r.cost_basis) == ("BIG", 1e13, 8e12)


def test_a_missing_value_is_quantity_times_price_and_the_cost_quantity_times_price_paid(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, small(row("MSFT", "50.0000", "330.00", "7775.0000", "--")))
    assert h.records() == [msft(path, 50 * 330.00)]
    message = "MSFT: no market value in the file; quantity x price ($24,275.00) is used"
    assert h.warnings == (ImportWarning(str(path), 11, "4821", message),)


def test_a_value_that_is_not_a_number_is_warned_about_and_leaves_the_cost_unknown(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, small(row("MSFT", "50.0000", "330.00", "7775.0000", "2427S.00")))
    assert h.records() == [msft(path, None)]
    p = str(path)
    assert h.warnings == (
        ImportWarning(p, 11, "4821", "market value '2427S.00' of MSFT is not a number; left blank"),
        ImportWarning(
            p,
            11,
            "4821",
            "MSFT: no market value in the file; quantity x price ($24,275.00) is used",
        ),
    )


def test_a_view_without_total_gain_costs_quantity_times_price_paid(tmp_path: Path) -> None:
    header = "Symbol,Last Price $,Quantity,Price Paid $,Value $"
    rows = [
        "MSFT,485.50,50.0000,330.00,24275.0000",
        "     03/15/2021,485.50,50.0000,330.00,24275.0000",
    ]
    text = small(*rows, header=header, closing="TOTAL,,,,24275.00,")
    path, h = load(tmp_path, text)
    assert h.records() == [msft(path, 50 * 330.00)]
    lot = LotRecord("4821", "MSFT", date(2021, 3, 15), 50.0, 50 * 330.00, str(path), 12)
    assert list(h.lots) == [lot]
    assert h.accounts[0].reported_total_label == "TOTAL row"
    assert h.warnings == ()


def test_a_view_without_total_gain_or_price_paid_has_no_cost(tmp_path: Path) -> None:
    header = "Symbol,Last Price $,Quantity,Value $"
    rows = ["MSFT,485.50,50.0000,24275.0000", "     03/15/2021,485.50,50.0000,24275.0000"]
    path, h = load(tmp_path, small(*rows, header=header, closing="TOTAL,,,24275.00,"))
    assert h.records() == [msft(path, None)]
    lot = LotRecord("4821", "MSFT", date(2021, 3, 15), 50.0, None, str(path), 12)
    assert list(h.lots) == [lot]
    assert h.accounts[0].reported_total_label == "TOTAL row"
    assert h.warnings == ()


def test_a_total_cost_column_is_the_cost_of_positions_and_lots(tmp_path: Path) -> None:
    # a view with Total Cost $ and no Total Gain $: the stated cost, not Quantity x the
    # rounded Price Paid $ (50 x 328.00 would be 16,400.00; 30 x 326.67 would be 9,800.10)
    header = "Symbol,Last Price $,Quantity,Price Paid $,Total Cost $,Value $"
    rows = [
        "MSFT,485.50,50.0000,328.00,16400.10,24275.0000",
        "     03/15/2021,485.50,30.0000,326.67,9800.10,14565.0000",
        "     04/15/2021,485.50,20.0000,330.00,6600.00,9710.0000",
    ]
    text = small(*rows, header=header, closing="TOTAL,,,,16400.10,24275.00,")
    path, h = load(tmp_path, text)
    assert h.records() == [msft(path, 16400.10)]
    p = str(path)
    assert list(h.lots) == [
        LotRecord("4821", "MSFT", date(2021, 3, 15), 30.0, 9800.10, p, 12),
        LotRecord("4821", "MSFT", date(2021, 4, 15), 20.0, 6600.00, p, 13),
    ]
    assert h.accounts[0].reported_total_label == "TOTAL row"
    assert h.warnings == ()  # 9,800.10 + 6,600.00 = 16,400.10, 30 + 20 = 50 shares


# -- other columns -------------------------------------------------------------------------


def test_other_header_names_and_a_description_column_are_read(tmp_path: Path) -> None:
    header = "Symbol,Description,Last Price,Qty #,Price Paid,Total Gain $,Market Value"
    rows = [
        "MSFT,MICROSOFT CORP,485.50,50.0000,330.00,7775.0000,24275.0000",
        "CASH,Cash & sweep,,,,,1085.48,",
    ]
    path, h = load(tmp_path, small(*rows, header=header, closing="TOTAL,,,,,7775.00,25360.48,"))
    microsoft = ("MICROSOFT CORP", "equity", 50.0, 485.50, 24275.00, cost(24275, 7775))
    assert h.records() == [
        record(path, 11, "4821", "MSFT", *microsoft),
        record(path, 12, "4821", "CASH", "Cash & sweep", "cash", None, None, 1085.48, None),
    ]
    assert h.accounts[0].reported_total == pytest.approx(24275.00 + 1085.48)
    assert h.accounts[0].reported_total_label == "TOTAL row"
    assert h.warnings == ()


def test_cash_and_total_rows_are_known_whatever_their_case(tmp_path: Path) -> None:
    text = small(MSFT, "cash,,,,,,,,,100.00,").replace("TOTAL,", "Total,")
    path, h = load(tmp_path, text.replace(",24275.00,\n", ",24375.00,\n"))
    assert h.records() == [
        msft(path, cost(24275, 7775)),
        record(path, 12, "4821", "CASH", "Cash", "cash", None, None, 100.00, None),
    ]
    assert h.accounts[0].reported_total == 24275.00 + 100.00
    assert h.warnings == ()


# -- lot sub-rows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "acquired"),
    [
        ("01/12/2024", date(2024, 1, 12)),
        ("     01/12/2024", date(2024, 1, 12)),  # indented, as E*TRADE writes them
        ("1/2/24", date(2024, 1, 2)),
        ("2024-01-12", date(2024, 1, 12)),
        ("Mar 15 2021", date(2021, 3, 15)),  # not date-shaped digits, but a date
        ("--", None),  # E*TRADE does not know it
        ("   --", None),
    ],
)
def test_a_lot_row_is_known_by_its_date_or_dashes(
    tmp_path: Path, cell: str, acquired: date | None
) -> None:
    lot = row(cell, "50.0000", "330.00", "7775.0000", "24275.0000")
    path, h = load(tmp_path, small(MSFT, lot))
    assert h.records() == [msft(path, cost(24275, 7775))]
    assert list(h.lots) == [
        LotRecord("4821", "MSFT", acquired, 50.0, cost(24275, 7775), str(path), 12)
    ]
    assert h.files[0].format == "etrade-portfolio-lots"
    assert h.warnings == ()


@pytest.mark.parametrize("cell", ["13/45/2024", "2024-13-01", "00/00/0000"])
def test_a_lot_row_with_a_damaged_date_is_a_lot_of_unknown_date_with_a_warning(
    tmp_path: Path, cell: str
) -> None:
    lot = row(cell, "50.0000", "330.00", "7775.0000", "24275.0000")
    path, h = load(tmp_path, small(MSFT, lot))
    assert [r.symbol for r in h.records()] == ["MSFT"]  # not a position "13/45/2024"
    assert list(h.lots) == [LotRecord("4821", "MSFT", None, 50.0, cost(24275, 7775), str(path), 12)]
    message = (
        f"the acquisition date {cell!r} of the lot of MSFT is not a date; the term of a gain on "
        "it (short or long) is unknown"
    )
    assert h.warnings == (ImportWarning(str(path), 12, "4821", message),)


@pytest.mark.parametrize(
    ("gain", "value", "paid", "expected"),
    [
        ("--", "14565.0000", "330.00", 30 * 330.00),  # no gain: Quantity x Price Paid $
        ("4665.0000", "--", "330.00", 30 * 330.00),  # no value: the same
        ("--", "14565.0000", "--", None),  # neither
    ],
)
def test_a_lot_without_value_or_gain_costs_quantity_times_price_paid(
    tmp_path: Path, gain: str, value: str, paid: str, expected: float | None
) -> None:
    position = row("MSFT", "30.0000", "330.00", "4665.0000", "14565.0000")  # 30 x 485.50
    lot = row("  03/15/2021", "30.0000", paid, gain, value)
    path, h = load(tmp_path, small(position, lot, value="14565.00"))
    assert list(h.lots) == [
        LotRecord("4821", "MSFT", date(2021, 3, 15), 30.0, expected, str(path), 12)
    ]
    assert h.warnings == ()


def test_lots_belong_to_the_position_above_them_even_past_cash(tmp_path: Path) -> None:
    rows = [
        row("MSFT", "50.0000", "330.00", "7775.0000", "24275.0000"),
        row("  01/02/2020", "20.0000", "300.00", "3710.0000", "9710.0000"),  # 20 x 485.50
        row("  --", "30.0000", "350.00", "4065.0000", "14565.0000"),  # 30 x 485.50
        cash("100.00"),
        row("QQQ", "10.0000", "500.00", "1122.0000", "6122.0000", last="612.20"),
        row("  05/06/2022", "10.0000", "500.00", "1122.0000", "6122.0000", last="612.20"),
    ]
    text = small(*rows, value="30497.00")  # 24,275.00 + 100.00 + 6,122.00
    path, h = load(tmp_path, text)
    p = str(path)
    assert h.records() == [
        msft(path, cost(24275, 7775)),
        record(path, 14, "4821", "CASH", "Cash", "cash", None, None, 100.00, None),
        record(path, 15, "4821", "QQQ", "", "equity", 10.0, 612.20, 6122.00, cost(6122, 1122)),
    ]
    assert list(h.lots) == [
        LotRecord("4821", "MSFT", date(2020, 1, 2), 20.0, cost(9710, 3710), p, 12),
        LotRecord("4821", "MSFT", None, 30.0, cost(14565, 4065), p, 13),
        LotRecord("4821", "QQQ", date(2022, 5, 6), 10.0, cost(6122, 1122), p, 16),
    ]
    assert h.warnings == ()


def test_lots_that_do_not_add_up_to_their_position_are_named(tmp_path: Path) -> None:
    lot = row("  03/15/2021", "40.0000", "330.00", "6220.0000", "19420.0000")  # 40 of the 50
    path, h = load(tmp_path, small(MSFT, lot))
    message = (
        "the lots of MSFT add up to 40 shares where the position holds 50 (difference -10) and "
        "a cost of $13,200.00 where the position's cost basis is $16,500.00 (difference "
        f"-$3,300.00) ({path}:11); the plan counts the 10 shares no lot names as one lot of "
        "unknown cost and date, whose sale counts as all gain, to be safe"
    )
    assert h.warnings == (ImportWarning(str(path), 12, "4821", message),)


@pytest.mark.parametrize(
    ("above", "where"),
    [([], "the header"), ([MSFT, cash("100.00")], "the CASH row")],
)
def test_a_lot_row_with_no_position_above_it_is_refused(
    tmp_path: Path, above: list[str], where: str
) -> None:
    lot = row("     01/12/2024", "50.0000", "330.00", "7775.0000", "24275.0000")
    text = small(*above, lot)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "01/12/2024")
    assert err.reason == (
        f"a tax-lot row ('01/12/2024') right under {where}: a lot belongs to the position "
        "above it and there is none; the file is damaged"
    )


@pytest.mark.parametrize(
    ("quantity", "why"), [("0", "is zero"), ("-5.0000", "is negative"), ("--", "is not a number")]
)
def test_a_lot_without_shares_is_refused_on_its_line(
    tmp_path: Path, quantity: str, why: str
) -> None:
    lot = row("     01/12/2024", quantity, "330.00", "7775.0000", "24275.0000")
    err = refused(tmp_path, small(MSFT, lot))
    assert err.line == 12
    assert err.reason == (
        f"the quantity {quantity!r} of the lot of MSFT {why}: a lot holds a number of shares "
        "above zero; the lots file is damaged"
    )


# -- where the table ends ------------------------------------------------------------------


def test_blank_lines_inside_the_table_are_read_through(tmp_path: Path) -> None:
    qqq = row("QQQ", "10.0000", "500.00", "1122.0000", "6122.0000", last="612.20")
    text = small(MSFT, "", ",,,,,,,,,,", qqq, "", value="30397.00")
    path, h = load(tmp_path, text)
    assert h.records() == [
        msft(path, cost(24275, 7775)),
        record(path, 14, "4821", "QQQ", "", "equity", 10.0, 612.20, 6122.00, cost(6122, 1122)),
    ]
    assert h.accounts[0].reported_total_line == line_of(text, "TOTAL,") == 16
    assert h.warnings == ()


def test_a_table_of_its_total_row_only_is_an_account_holding_nothing(tmp_path: Path) -> None:
    text = small(value="0.00")
    path, h = load(tmp_path, text)
    total_line = line_of(text, "TOTAL,")
    assert h.accounts == (
        Account("4821", "Rollover IRA", "tax_deferred", str(path), 0.0, total_line, "TOTAL row"),
    )
    assert h.records() == [] and h.lots == ()
    assert h.files[0].format == "etrade-portfolio"
    assert h.warnings == ()  # the TOTAL row's 0.00 is what nothing adds up to


@pytest.mark.parametrize(
    "after",
    [
        [row("ZZZ", "1.0000", "1.00", "0.00", "1.00")],  # a position after the TOTAL row
        [row("", "1.0000", "1.00", "0.00", "1.00")],  # numbers without a symbol
        ["TOTAL,,,,,0.00,0.00,0.00,0.00,24275.00,"],  # a second TOTAL row
        ["", "ZZZ,1.00"],  # after a blank line, a line of two cells is still a row
        ["", "", ",,,,1.0000,,,,,1.00"],  # numbers without a symbol, after blank lines
    ],
    ids=["position", "no-symbol", "second-total", "two-cells", "value-only"],
)
def test_a_row_after_the_total_row_is_refused_on_its_line(tmp_path: Path, after: list[str]) -> None:
    text = lines([*summary(), *view()], [HEADER, MSFT, total("24275.00")], after, FOOTER)
    err = refused(tmp_path, text)
    assert err.line == line_of(text, "MSFT,") + 1 + len(after)  # the TOTAL row, then these
    assert (
        err.reason == "a row after the TOTAL row: the positions table is damaged; download it again"
    )


def test_after_a_blank_line_a_line_of_one_cell_is_not_a_row(tmp_path: Path) -> None:
    notes = ["", "Quotes delayed at least 15 minutes", "", ",,,,,"]
    text = lines([*summary(), *view()], [HEADER, MSFT, total("24275.00")], notes, FOOTER)
    path, h = load(tmp_path, text)
    assert h.records() == [msft(path, cost(24275, 7775))]
    assert h.files[0].as_of == date(2025, 12, 31)
    assert h.warnings == ()


@pytest.mark.parametrize(
    "cells",
    [
        ",485.50,-1.30,-0.27,10.0000,465.00,-13.0000,205.0000,4.4086,4855.0000",
        ",,,,,,,,,4855.0000",
        ",,,,10.0000,,,,,",
    ],
)
def test_a_row_with_numbers_but_no_symbol_is_refused(tmp_path: Path, cells: str) -> None:
    err = refused(tmp_path, small(MSFT, cells, value="29130.00"))
    assert err.line == 12
    assert err.reason == "a row without a symbol: nothing says what it holds; the file is damaged"


@pytest.mark.parametrize(
    ("text", "last_line"),
    [
        # the TOTAL row and what follows it are gone: the last line is a lot row
        (lines([*summary(), *view()], [HEADER, *ROWS[:9]]), 19),
        # the footer is there, but no TOTAL row above it
        (lines([*summary(), *view()], [HEADER, *ROWS[:10]], FOOTER), 23),
        # nothing below the header
        (lines([*summary(), *view()], [HEADER]), 10),
    ],
    ids=["cut-in-the-lots", "no-total-row", "header-only"],
)
def test_a_file_without_its_total_row_is_refused_as_cut_off(
    tmp_path: Path, text: str, last_line: int
) -> None:
    err = refused(tmp_path, text)
    assert err.line == last_line == len(text.rstrip("\n").split("\n"))
    assert err.reason == "the file ends before its TOTAL row: it looks cut off; download it again"


def test_the_reader_refuses_a_cut_file_naming_it_and_its_last_line(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_text(lines([*summary(), *view()], [HEADER, MSFT]), encoding="utf-8")
    err = refused_by(etrade, path)
    assert err.line == MSFT_LINE


# -- the file's date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("footer", "as_of"),
    [
        (FOOTER, date(2025, 12, 31)),
        (["", "Generated at Feb 15 2026 09:24 PM ET"], date(2026, 2, 15)),
        (["", "Generated at 02/15/2026 09:24 PM ET"], date(2026, 2, 15)),
        ([], None),  # no footer
        (["", "Downloaded Dec 31 2025"], None),  # a line that is not the footer
        ([""] * 49 + ["Generated at Dec 31 2025 04:30 PM ET"], date(2025, 12, 31)),
        ([""] * 50 + ["Generated at Dec 31 2025 04:30 PM ET"], None),  # 51 lines below
    ],
    ids=["fixture", "sample", "numeric", "none", "not-generated", "50-lines", "51-lines"],
)
def test_the_file_is_as_of_its_generated_at_footer(
    tmp_path: Path, footer: list[str], as_of: date | None
) -> None:
    _, h = load(tmp_path, small(MSFT, footer=footer))
    assert h.files[0].as_of == as_of


def test_a_generated_line_above_the_table_is_not_the_files_date(tmp_path: Path) -> None:
    top = ["Generated at Jan 02 2024 09:00 AM ET", *summary(), *view()]
    _, h = load(tmp_path, small(MSFT, top=top, footer=[]))
    assert h.files[0].as_of is None
