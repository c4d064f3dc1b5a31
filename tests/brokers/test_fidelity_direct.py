"""Fidelity "Portfolio_Positions" downloads, read directly (``planner/brokers/fidelity.py``), one
branch at a time.

Every file is written here as text in the real layout (its header, rows and closing disclaimer
copied from ``tests/data/fidelity_positions_2024.csv``; the 401(k), cash-management, HSA and
linked-bank rows from the shared sample ``fidelity/positions-2024-11.csv``; the older
``Account Name/Number`` header as Fidelity wrote it before) and every expected figure is worked
out from that text: each account's number, name and type, each row's symbol, description, type,
quantity, price, market value, cost basis, multiplier and line, the download date, each
refusal's line and words, each warning (the ``Percent Of Account`` figures that do not add up
or do not match a value, the linked external account, the unreadable number).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.brokers import detect, fidelity
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, ImportWarning
from tests.brokers.direct import (
    FIDELITY_BROKERAGE,
    FIDELITY_DISCLAIMER,
    FIDELITY_DOWNLOADED,
    FIDELITY_FOOTER,
    load_text,
    parsed_by,
    position,
    refused_text,
    write_lines,
)

# -- the layout ----------------------------------------------------------------------------

#: Column names of the download and the keyword :func:`row` takes for each.
COLUMNS = {
    "account": "Account Number",
    "name": "Account Name",
    "symbol": "Symbol",
    "description": "Description",
    "quantity": "Quantity",
    "price": "Last Price",
    "change": "Last Price Change",
    "value": "Current Value",
    "today": "Today's Gain/Loss Dollar",
    "today_pct": "Today's Gain/Loss Percent",
    "gain": "Total Gain/Loss Dollar",
    "gain_pct": "Total Gain/Loss Percent",
    "percent": "Percent Of Account",
    "cost": "Cost Basis Total",
    "average": "Average Cost Basis",
    "type": "Type",
}
HEADER = ",".join(COLUMNS.values())
DISCLAIMER, BROKERAGE = FIDELITY_DISCLAIMER, FIDELITY_BROKERAGE
DOWNLOADED, FOOTER = FIDELITY_DOWNLOADED, FIDELITY_FOOTER

JOINT = ("X12345678", "Joint WROS - TOD")


def row(**cells: str) -> str:
    """One row; by default AAPL, the only holding of the joint account X12345678
    (120 x 227.63 = 27,315.60, all of the account)."""
    values = {
        "account": JOINT[0],
        "name": JOINT[1],
        "symbol": "AAPL",
        "description": "APPLE INC",
        "quantity": "120",
        "price": "$227.63",
        "change": "+$1.12",
        "value": "$27315.60",
        "today": "+$134.40",
        "today_pct": "+0.49%",
        "gain": "+$14715.60",
        "gain_pct": "+116.79%",
        "percent": "100.00%",
        "cost": "$12600.00",
        "average": "$105.00",
        "type": "Cash",
    }
    assert set(cells) <= set(values), cells
    values.update(cells)
    return ",".join(values.values())


def value_only(symbol: str, value: str, percent: str, description: str = "", **cells: str) -> str:
    """A row that carries a value only, as Fidelity writes its sweep and pending rows."""
    blank = dict.fromkeys(("quantity", "price", "change", "today", "today_pct", "gain"), "")
    blank.update(dict.fromkeys(("gain_pct", "cost", "average"), ""))
    merged = {
        **blank,
        "description": description,
        "type": "Cash",
        **cells,
        "symbol": symbol,
        "value": value,
        "percent": percent,
    }
    return row(**merged)


def stock(symbol: str, quantity: str, price: str, value: str, percent: str, **cells: str) -> str:
    """A row of ``symbol`` ("<symbol> CORP") in the joint account, of no known cost."""
    cost = {"description": f"{symbol} CORP", "cost": "", "average": ""}
    return row(
        **{**cost, **cells},
        symbol=symbol,
        quantity=quantity,
        price=price,
        value=value,
        percent=percent,
    )


#: What the default row reads as: symbol, description, type, quantity, price, value, cost.
AAPL = ("AAPL", "APPLE INC", "equity", 120.0, 227.63, 27315.60, 12600.00)
PENDING = "Pending activity (counted by Fidelity in the account value)"
EXTERNAL = (
    "an external account linked to Fidelity (balance only, no holdings): imported as cash; "
    "set its type if it belongs in the plan"
)


# -- helpers -------------------------------------------------------------------------------


def download(*rows: str, footer: list[str] = FOOTER) -> str:
    return "\n".join([HEADER, *rows, *footer]) + "\n"


def load(tmp_path: Path, text: str) -> tuple[Path, Household]:
    return load_text(tmp_path, text, "Portfolio_Positions.csv")


def refused(tmp_path: Path, text: str) -> InputError:
    return refused_text(tmp_path, text, "Portfolio_Positions.csv")[1]


record = position


def adds_up_to(path: Path, line: int, account: str, total: str) -> ImportWarning:
    return ImportWarning(
        str(path),
        line,
        account,
        f"the 'Percent Of Account' figures of this account add up to {total}%, not 100%: "
        "rows may be missing or repeated; compare with Fidelity's site",
    )


def not_its_percentage(
    path: Path, line: int, account: str, value: str, percent: str, basis: str
) -> ImportWarning:
    return ImportWarning(
        str(path),
        line,
        account,
        f"the value on this line, {value}, is not the {percent}% of the account's {basis} its "
        "Percent Of Account states: the value or the percentage is damaged; compare with "
        "Fidelity's site",
    )


# -- a whole download ----------------------------------------------------------------------

FIXTURE_ROWS = [  # lines 2-12, as in tests/data/fidelity_positions_2024.csv
    # the joint account: 12,450.19 + 27,315.60 + 15,310.00 + 24,728.00 + 42,086.33 + 6,875.10
    # = 128,765.22, of which each row states its percentage; the pending -1,500.00 states none
    "X12345678,Joint WROS - TOD,SPAXX**,HELD IN MONEY MARKET,,,,$12450.19,,,,,9.67%,,,Cash",
    "X12345678,Joint WROS - TOD,Pending Activity,,,,,-$1500.00,,,,,,,,",
    "X12345678,Joint WROS - TOD,AAPL,APPLE INC,120,$227.63,+$1.12,$27315.60,+$134.40,+0.49%,"
    "+$14715.60,+116.79%,21.21%,$12600.00,$105.00,Cash",
    "X12345678,Joint WROS - TOD,GS,GOLDMAN SACHS GROUP INC,25,$612.40,-$3.10,$15310.00,-$77.50,"
    "-0.50%,+$5310.00,+53.10%,11.89%,$10000.00,$400.00,Margin",
    "X12345678,Joint WROS - TOD,912797MS3,UNITED STATES TREAS BILLS ZERO CPN 0.00000% 03/20/2025,"
    "25000,$98.912,$0.00,$24728.00,$0.00,0.00%,+$312.25,+1.28%,19.20%,$24415.75,--,Cash",
    "X12345678,Joint WROS - TOD,FXAIX,FIDELITY 500 INDEX FUND,212.118,$198.41,+$0.57,$42086.33,"
    "+$120.91,+0.29%,+$6086.33,+16.91%,32.68%,$36000.00,$169.72,Cash",
    "X12345678,Joint WROS - TOD,IWM,ISHARES RUSSELL 2000 ETF,30,$229.17,+$2.05,$6875.10,+$61.50,"
    "+0.90%,+$875.10,+14.59%,5.34%,$6000.00,$200.00,Cash",
    # the Roth IRA: 804.77 + 36,991.36 + 601.50 = 38,397.63
    "Y87654321,ROTH IRA,FZFXX**,HELD IN MONEY MARKET,,,,$804.77,,,,,2.10%,,,Cash",
    "Y87654321,ROTH IRA,FSKAX,FIDELITY TOTAL MARKET INDEX FUND,251.3,$147.20,+$0.43,$36991.36,"
    "+$108.06,+0.29%,+$6991.36,+23.30%,96.34%,$30000.00,$119.38,Cash",
    "Y87654321,ROTH IRA,AQST,AQUESTIVE THERAPEUTICS INC,150,$4.01,-$0.09,$601.50,-$13.50,-2.20%,"
    "-$298.50,-33.17%,1.57%,$900.00,$6.00,Cash",
    "Z11122233,BROKERAGELINK,FDRXX**,HELD IN MONEY MARKET,,,,$1200.00,,,,,100.00%,,,Cash",
]


def test_download_reads_every_account_and_row_and_its_date(tmp_path: Path) -> None:
    path, h = load(tmp_path, "\ufeff" + download(*FIXTURE_ROWS))
    assert h.files[0].format == "fidelity-positions"
    assert h.files[0].as_of == date(2024, 12, 2)  # "Date downloaded Dec-02-2024"
    assert [(a.id, a.name, a.type, a.source) for a in h.accounts] == [
        ("X12345678", "Joint WROS - TOD", "taxable", str(path)),
        ("Y87654321", "ROTH IRA", "tax_free", str(path)),
        ("Z11122233", "BROKERAGELINK", "unknown", str(path)),
    ]
    assert all(a.reported_total is None for a in h.accounts)  # the file states no totals
    j, r, z = "X12345678", "Y87654321", "Z11122233"
    mm = "HELD IN MONEY MARKET"
    # 25,000 of face x 98.912 per 100 = 24,728.00
    bill = ("UNITED STATES TREAS BILLS ZERO CPN 0.00000% 03/20/2025", "bond", 25000.0, 98.912)
    fxaix = ("FIDELITY 500 INDEX FUND", "mutual_fund", 212.118, 198.41, 42086.33, 36000.00)
    fskax = ("FIDELITY TOTAL MARKET INDEX FUND", "mutual_fund", 251.3, 147.20, 36991.36, 3e4)
    aqst = ("AQUESTIVE THERAPEUTICS INC", "equity", 150.0, 4.01, 601.50, 900.00)
    assert h.records() == [
        record(path, 2, j, "SPAXX", mm, "money_market", None, None, 12450.19, None),
        record(path, 3, j, "PENDING", PENDING, "cash", None, None, -1500.00, None),
        record(path, 4, j, *AAPL),
        record(path, 5, j, "GS", "GOLDMAN SACHS GROUP INC", "equity", 25.0, 612.40, 15310.0, 1e4),
        record(path, 6, j, "912797MS3", *bill, 24728.00, 24415.75, 0.01),
        record(path, 7, j, "FXAIX", *fxaix),
        record(path, 8, j, "IWM", "ISHARES RUSSELL 2000 ETF", "etf", 30.0, 229.17, 6875.10, 6e3),
        record(path, 9, r, "FZFXX", mm, "money_market", None, None, 804.77, None),
        record(path, 10, r, "FSKAX", *fskax),
        record(path, 11, r, "AQST", *aqst),
        record(path, 12, z, "FDRXX", mm, "money_market", None, None, 1200.00, None),
    ]
    assert h.total == pytest.approx(128765.22 - 1500.00 + 38397.63 + 1200.00)
    assert h.warnings == ()  # every account's percentages add up and match its values


SAMPLE_ROWS = [  # lines 2-7, as in the shared sample fidelity/positions-2024-11.csv
    # a 401(k) numbered 10004: 5,830.32 + 2,562.03 = 8,392.35; its rows have no Type
    "10004,ERNST & YOUNG 401(K),84679P504,SP 500 INDEX PL CL E,20.764,$280.79,+$0.27,$5830.32,"
    "+$5.61,+0.10%,+$654.22,+12.64%,69.47%,$5176.10,$249.28,",
    "10004,ERNST & YOUNG 401(K),FBCGX,FID BLUE CHIP GR K6,70.039,$36.58,-$0.06,$2562.03,-$4.20,"
    "-0.16%,+$334.00,+14.99%,30.53%,$2228.03,$31.81,",
    # the cash-management account's core position, a bank deposit sweep
    "Z00000002,Cash Management (Individual),CORE**,FDIC-INSURED DEPOSIT SWEEP,,,,$105.49,,,,,"
    "100.00%,,,Cash",
    # the HSA: 548.26 + 3,209.77 = 3,758.03
    "200000003,Health Savings Account,FDRXX**,HELD IN MONEY MARKET,,,,$548.26,,,,,14.59%,,,Cash",
    "200000003,Health Savings Account,FXAIX,FIDELITY 500 INDEX FUND,15.385,$208.63,+$0.20,"
    "$3209.77,+$3.07,+0.09%,+$203.13,+6.75%,85.41%,$3006.64,$195.43,Cash",
    # a bank account linked in Full View: "**" and a balance, "--" everywhere else
    "00000000-0000-4000-8000-000000000006,360 Checking,**,,--,--,--,$709.00,--,,--,--,--,--,--,",
]


def test_sample_accounts_a_401k_a_core_sweep_an_hsa_and_a_linked_bank_account(
    tmp_path: Path,
) -> None:
    path, h = load(tmp_path, download(*SAMPLE_ROWS))
    bank = "00000000-0000-4000-8000-000000000006"
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("10004", "ERNST & YOUNG 401(K)", "tax_deferred"),
        ("Z00000002", "Cash Management (Individual)", "taxable"),
        ("200000003", "Health Savings Account", "tax_free"),
        (bank, "360 Checking", "unknown"),
    ]
    k, c, hsa = "10004", "Z00000002", "200000003"
    # a fund held by CUSIP: a CUSIP, but no Treasury bill - a fund by its description
    sp500 = ("SP 500 INDEX PL CL E", "mutual_fund", 20.764, 280.79, 5830.32, 5176.10)
    blue_chip = ("FID BLUE CHIP GR K6", "mutual_fund", 70.039, 36.58, 2562.03, 2228.03)
    fxaix = ("FIDELITY 500 INDEX FUND", "mutual_fund", 15.385, 208.63, 3209.77, 3006.64)
    linked = ("Linked external account balance", "cash", None, None, 709.00, None)
    assert h.records() == [
        record(path, 2, k, "84679P504", *sp500),
        record(path, 3, k, "FBCGX", *blue_chip),
        record(path, 4, c, "CORE", "FDIC-INSURED DEPOSIT SWEEP", "cash", None, None, 105.49, None),
        record(
            path, 5, hsa, "FDRXX", "HELD IN MONEY MARKET", "money_market", None, None, 548.26, None
        ),
        record(path, 6, hsa, "FXAIX", *fxaix),
        record(path, 7, bank, "CASH", *linked),
    ]
    assert h.total == pytest.approx(8392.35 + 105.49 + 3758.03 + 709.00)
    assert h.warnings == (ImportWarning(str(path), 7, bank, EXTERNAL),)


OLD_HEADER = (
    "Account Name/Number,Symbol,Description,Quantity,Last Price,Last Price Change,Current Value,"
    "Today's Gain/Loss Dollar,Today's Gain/Loss Percent,Total Gain/Loss Dollar,"
    "Total Gain/Loss Percent,Percent Of Account,Cost Basis,Cost Basis Per Share,Type"
)


def test_older_layout_splits_account_name_and_number_and_reads_its_cost_basis(
    tmp_path: Path,
) -> None:
    rows = [
        # 150 x 4.01 = 601.50; a cost basis of 900.00, 6.00 a share
        "ROTH IRA Y87654321,AQST,AQUESTIVE THERAPEUTICS INC,150,$4.01,-$0.09,$601.50,-$13.50,"
        "-2.20%,-$298.50,-33.17%,100.00%,$900.00,$6.00,Cash",
        # the number alone: it is the name too
        "Z11122233,FDRXX**,HELD IN MONEY MARKET,,,,$1200.00,,,,,100.00%,,,Cash",
        # a name of several words, the number last
        "Rollover IRA  Traditional W55555555,AAPL,APPLE INC,10,$227.63,,$2276.30,,,,,100.00%,"
        "$1000.00,$100.00,Cash",
    ]
    text = "\n".join([OLD_HEADER, *rows, *FOOTER]) + "\n"
    path, h = load(tmp_path, text)
    assert h.files[0].format == "fidelity-positions"
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("Y87654321", "ROTH IRA", "tax_free"),
        ("Z11122233", "Z...2233", "unknown"),  # a number in a name is masked
        ("W55555555", "Rollover IRA Traditional", "tax_deferred"),
    ]
    mm = "HELD IN MONEY MARKET"
    assert h.records() == [
        record(
            path,
            2,
            "Y87654321",
            "AQST",
            "AQUESTIVE THERAPEUTICS INC",
            "equity",
            150.0,
            4.01,
            601.50,
            900.00,
        ),
        record(path, 3, "Z11122233", "FDRXX", mm, "money_market", None, None, 1200.00, None),
        record(path, 4, "W55555555", "AAPL", "APPLE INC", "equity", 10.0, 227.63, 2276.30, 1e3),
    ]
    assert h.warnings == ()


# -- accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown", "kind"),
    [
        ("Joint WROS - TOD", "Joint WROS - TOD", "taxable"),
        ("INDIVIDUAL", "INDIVIDUAL", "taxable"),
        ("ROTH IRA", "ROTH IRA", "tax_free"),
        ("Rollover IRA", "Rollover IRA", "tax_deferred"),
        ("Health Savings Account", "Health Savings Account", "tax_free"),
        ("ERNST & YOUNG 401(K)", "ERNST & YOUNG 401(K)", "tax_deferred"),
        ("BROKERAGELINK", "BROKERAGELINK", "unknown"),
        # a name that carries a number is shown with its last four digits only
        ("Individual 12345678", "Individual ...5678", "taxable"),
        # no name: the account number, masked, names it
        ("", "X...5678", "unknown"),
    ],
)
def test_account_is_named_by_its_name_cell_and_typed_by_it(
    tmp_path: Path, name: str, shown: str, kind: str
) -> None:
    path, h = load(tmp_path, download(row(name=name)))
    assert [(a.id, a.name, a.type, a.source) for a in h.accounts] == [
        ("X12345678", shown, kind, str(path))
    ]
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]


def test_accounts_in_file_order_each_named_by_its_first_row(tmp_path: Path) -> None:
    text = download(
        row(percent="50.00%", value="$27315.60"),
        row(
            account="Y87654321",
            name="ROTH IRA",
            symbol="IWM",
            description="ISHARES ETF",
            quantity="30",
            price="$229.17",
            value="$6875.10",
            cost="$6000.00",
        ),
        # the second half of the joint account: 120 x 227.63 = 27,315.60 again
        row(name="Another name", percent="50.00%", cost="$12600.00"),
    )
    _, h = load(tmp_path, text)
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("X12345678", "Joint WROS - TOD", "taxable"),
        ("Y87654321", "ROTH IRA", "tax_free"),
    ]
    assert [(r.account_id, r.symbol, r.source_line) for r in h.records()] == [
        ("X12345678", "AAPL", 2),
        ("Y87654321", "IWM", 3),
        ("X12345678", "AAPL", 4),
    ]
    assert h.warnings == ()


def test_without_an_account_name_column_the_number_names_the_account(tmp_path: Path) -> None:
    header = HEADER.replace("Account Name,", "")
    aapl = row().replace(",Joint WROS - TOD,", ",")
    path, h = load(tmp_path, "\n".join([header, aapl, *FOOTER]) + "\n")
    assert [(a.id, a.name, a.type) for a in h.accounts] == [("X12345678", "X...5678", "unknown")]
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]


@pytest.mark.parametrize(
    ("cells", "name"),
    [
        ({}, "AAPL"),  # a whole row but its number
        ({"name": ""}, "AAPL"),
        ({"symbol": ""}, "APPLE INC"),  # no symbol either: named by its description
        ({"symbol": "", "description": ""}, "a holding"),  # a value and numbers only
        # a price, a percentage and a cost left: figures only
        ({"symbol": "", "description": "", "quantity": "", "value": ""}, "a holding"),
    ],
)
def test_a_row_without_an_account_number_is_refused_naming_it(
    tmp_path: Path, cells: dict[str, str], name: str
) -> None:
    text = download(row(percent="50.00%"), row(account="", percent="50.00%", **cells))
    err = refused(tmp_path, text)
    assert err.line == 3
    assert err.reason == (
        f"the row for {name} has no account number: every holding belongs to an account; "
        "the file is damaged"
    )


def test_a_row_holding_nothing_is_passed_over(tmp_path: Path) -> None:
    # an account name and a Type, but no number, symbol, description or figure
    empty = ",Joint WROS - TOD,,,,,,,,,,,,,,Cash"
    _, h = load(
        tmp_path,
        download(row(), empty, row(symbol="MSFT", description="MICROSOFT CORP", percent="")),
    )
    assert [(r.symbol, r.source_line) for r in h.records()] == [("AAPL", 2), ("MSFT", 4)]
    assert h.warnings == ()


# -- cash, core and pending rows -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "symbol", "description", "asset_type"),
    [
        ("SPAXX**", "SPAXX", "HELD IN MONEY MARKET", "money_market"),
        ("FZFXX**", "FZFXX", "HELD IN MONEY MARKET", "money_market"),
        ("FDRXX**", "FDRXX", "HELD IN MONEY MARKET", "money_market"),
        ("CORE**", "CORE", "FDIC-INSURED DEPOSIT SWEEP", "cash"),  # the core is cash
    ],
)
def test_a_sweep_row_is_money_market_or_core_cash_with_a_value_only(
    tmp_path: Path, cell: str, symbol: str, description: str, asset_type: str
) -> None:
    # a quantity and a price written on a sweep row are not kept: its value is its balance
    sweep = value_only(cell, "$12450.19", "100.00%", description, quantity="12450.19", price="$1")
    path, h = load(tmp_path, download(sweep))
    assert h.records() == [
        record(path, 2, "X12345678", symbol, description, asset_type, None, None, 12450.19, None)
    ]
    assert h.warnings == ()


def test_a_money_market_fund_bought_like_a_security_is_read_by_its_value_only(
    tmp_path: Path,
) -> None:
    fund = row(
        symbol="SPRXX",
        description="FIDELITY MONEY MARKET",
        quantity="5000",
        price="$1.00",
        value="$5000.00",
        cost="$5000.00",
        average="$1.00",
    )
    path, h = load(tmp_path, download(fund))
    mm = ("FIDELITY MONEY MARKET", "money_market", None, None, 5000.00, 5000.00)
    assert h.records() == [record(path, 2, "X12345678", "SPRXX", *mm)]


@pytest.mark.parametrize(
    ("symbol", "description"),
    [
        ("Pending Activity", ""),  # the 2024 downloads
        ("Pending activity", ""),
        ("PENDING ACTIVITY", ""),
        ("", "Pending Activity"),  # said in the description instead
        ("", "pending activity"),
    ],
)
def test_pending_activity_is_cash_in_flight_counted_in_the_account(
    tmp_path: Path, symbol: str, description: str
) -> None:
    pending = value_only(symbol, "-$1500.00", "", description, type="")
    path, h = load(tmp_path, download(row(), pending))
    assert h.records() == [
        record(path, 2, "X12345678", *AAPL),
        record(path, 3, "X12345678", "PENDING", PENDING, "cash", None, None, -1500.00, None),
    ]
    assert h.total == pytest.approx(27315.60 - 1500.00)
    assert h.warnings == ()  # AAPL's 100.00% is of the account without its pending activity


def test_pending_activity_counted_in_the_accounts_value_is_accepted_too(tmp_path: Path) -> None:
    # 6,000.00 + 4,000.00 - 1,000.00 pending = 9,000.00, of which 6,000.00 is 66.67% and
    # 4,000.00 44.44%: 111.11%, which is 100% of the account without the pending activity
    rows = [
        stock("AAA", "60", "$100.00", "$6000.00", "66.67%"),
        stock("BBB", "40", "$100.00", "$4000.00", "44.44%"),
        value_only("Pending Activity", "-$1000.00", ""),
    ]
    _, h = load(tmp_path, download(*rows))
    assert [(r.symbol, r.market_value) for r in h.records()] == [
        ("AAA", 6000.00),
        ("BBB", 4000.00),
        ("PENDING", -1000.00),
    ]
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("symbol", "description", "shown"),
    [
        ("**", "", "Linked external account balance"),
        ("", "", "Linked external account balance"),
        ("**", "CAPITAL ONE 360", "CAPITAL ONE 360"),
    ],
)
def test_a_linked_external_account_is_cash_with_a_warning_at_its_first_row(
    tmp_path: Path, symbol: str, description: str, shown: str
) -> None:
    bank = {"account": "00000000-0000-4000-8000-000000000006", "name": "360 Checking"}
    rows = [
        row(percent="100.00%"),
        value_only(symbol, "$709.00", "--", description, **bank),
        value_only(symbol, "$291.00", "--", description, **bank),  # a second balance: one warning
    ]
    path, h = load(tmp_path, download(*rows))
    acct = bank["account"]
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("X12345678", "Joint WROS - TOD", "taxable"),
        (acct, "360 Checking", "unknown"),
    ]
    assert h.records() == [
        record(path, 2, "X12345678", *AAPL),
        record(path, 3, acct, "CASH", shown, "cash", None, None, 709.00, None),
        record(path, 4, acct, "CASH", shown, "cash", None, None, 291.00, None),
    ]
    assert h.warnings == (ImportWarning(str(path), 3, acct, EXTERNAL),)


def test_each_linked_external_account_is_warned_of_in_file_order(tmp_path: Path) -> None:
    first = {"account": "B1", "name": "360 Checking"}
    second = {"account": "B2", "name": "Performance Savings"}
    rows = [
        value_only("**", "$709.00", "--", **second),
        value_only("**", "$100.00", "--", **first),
        value_only("**", "$50.00", "--", **second),
    ]
    path, h = load(tmp_path, download(*rows))
    assert h.warnings == (
        ImportWarning(str(path), 2, "B2", EXTERNAL),
        ImportWarning(str(path), 3, "B1", EXTERNAL),
    )


# -- securities ----------------------------------------------------------------------------


def test_options_are_valued_at_100_shares_a_contract(tmp_path: Path) -> None:
    # 10,000.00 of stock, a long call 2 x 5.10 x 100 = 1,020.00, a short put -1 x 3.20 x 100
    # = -320.00: 10,700.00, of which 93.46%, 9.53% and -2.99%
    rows = [
        row(
            symbol="AAPL",
            quantity="100",
            price="$100.00",
            value="$10000.00",
            percent="93.46%",
            cost="$9000.00",
        ),
        row(
            symbol="-AAPL250620C200",
            description="AAPL JUN 20 2025 $200 CALL",
            quantity="2",
            price="$5.10",
            value="$1020.00",
            percent="9.53%",
            cost="$800.00",
            type="Margin",
        ),
        row(
            symbol="-AAPL250620P150",
            description="AAPL JUN 20 2025 $150 PUT",
            quantity="-1",
            price="$3.20",
            value="-$320.00",
            percent="-2.99%",
            cost="-$410.00",
            type="Margin",
        ),
    ]
    path, h = load(tmp_path, download(*rows))
    call = ("AAPL JUN 20 2025 $200 CALL", "option", 2.0, 5.10, 1020.00, 800.00, 100.0)
    put = ("AAPL JUN 20 2025 $150 PUT", "option", -1.0, 3.20, -320.00, -410.00, 100.0)
    assert h.records() == [
        record(path, 2, "X12345678", "AAPL", "APPLE INC", "equity", 100.0, 100.0, 1e4, 9e3),
        record(path, 3, "X12345678", "-AAPL250620C200", *call),
        record(path, 4, "X12345678", "-AAPL250620P150", *put),
    ]
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("symbol", "description", "asset_type", "multiplier"),
    [
        # a Treasury bill by CUSIP: 25,000 of face x 98.912 per 100 = 24,728.00
        ("912797MS3", "UNITED STATES TREAS BILLS ZERO CPN 0.00000% 03/20/2025", "bond", 0.01),
        ("912797MS3", "US TREASURY BILL", "bond", 0.01),
        # a CUSIP that is no bill nor bond: other, its price per unit
        ("38259P508", "PRIVATE PLACEMENT INTERESTS", "other", 1.0),
    ],
)
def test_a_treasury_bill_by_cusip_is_priced_per_100_of_face(
    tmp_path: Path, symbol: str, description: str, asset_type: str, multiplier: float
) -> None:
    value = 25000 * 98.912 * multiplier
    cells = {"symbol": symbol, "description": description, "quantity": "25000"}
    bill = row(**cells, price="$98.912", value=f"${value:.2f}", cost="$24415.75", average="--")
    path, h = load(tmp_path, download(bill))
    assert h.records() == [
        record(
            path,
            2,
            "X12345678",
            symbol,
            description,
            asset_type,
            25000.0,
            98.912,
            value,
            24415.75,
            multiplier,
        ),
    ]
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("symbol", "description", "asset_type"),
    [
        ("GS", "GOLDMAN SACHS GROUP INC", "equity"),
        ("IWM", "ISHARES RUSSELL 2000 ETF", "etf"),
        # Treasuries in an ETF: not a bill, its symbol is no CUSIP
        ("GOVT", "ISHARES US TREASURY BOND ETF", "etf"),
        ("FXAIX", "FIDELITY 500 INDEX FUND", "mutual_fund"),
        ("FBCGX", "FID BLUE CHIP GR K6", "mutual_fund"),
        ("BRKB", "BERKSHIRE HATHAWAY INC COM USD0.0033 CLASS B", "equity"),
    ],
)
def test_a_securitys_type_is_read_from_its_symbol_and_description(
    tmp_path: Path, symbol: str, description: str, asset_type: str
) -> None:
    cells = {"symbol": symbol, "description": description, "type": "Margin"}
    path, h = load(tmp_path, download(row(**cells)))
    assert h.records() == [record(path, 2, "X12345678", symbol, description, asset_type, *AAPL[3:])]


# -- numbers and cost basis ----------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["--", "n/a", ""])
def test_a_placeholder_leaves_a_number_blank_without_a_word(
    tmp_path: Path, placeholder: str
) -> None:
    cells = {"quantity": placeholder, "price": placeholder, "cost": placeholder}
    path, h = load(tmp_path, download(row(**cells, average=placeholder)))
    assert h.records() == [
        record(path, 2, "X12345678", "AAPL", "APPLE INC", "equity", None, None, 27315.60, None)
    ]
    assert h.warnings == ()


def test_the_cost_basis_is_the_total_never_the_average(tmp_path: Path) -> None:
    # the average comes before the total: the total is still the one read
    header = HEADER.replace("Cost Basis Total,Average Cost Basis", "Average Cost Basis,Cost Basis")
    aapl = row(cost="$105.00", average="$12600.00")  # cells in the new order: average, total
    path, h = load(tmp_path, "\n".join([header, aapl, *FOOTER]) + "\n")
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]
    # with only an average in the file, no cost basis is known
    header = HEADER.replace("Cost Basis Total,", "")
    aapl = row().replace(",$12600.00,", ",")
    path, h = load(tmp_path, "\n".join([header, aapl, *FOOTER]) + "\n")
    assert h.records() == [record(path, 2, "X12345678", *AAPL[:-1], None)]


def test_a_missing_value_is_quantity_times_price_with_a_warning(tmp_path: Path) -> None:
    path, h = load(tmp_path, download(row(value="--")))
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]  # 120 x 227.63 = 27,315.60
    assert h.warnings == (
        ImportWarning(
            str(path),
            2,
            "X12345678",
            "AAPL: no market value in the file; quantity x price ($27,315.60) is used",
        ),
    )


@pytest.mark.parametrize("cells", [{"quantity": "--"}, {"price": "n/a"}])
def test_a_row_without_value_quantity_or_price_is_refused_naming_it(
    tmp_path: Path, cells: dict[str, str]
) -> None:
    text = download(row(percent="50.00%"), row(symbol="MSFT", value="", percent="50.00%", **cells))
    err = refused(tmp_path, text)
    assert err.line == 3
    assert err.reason == (
        "the row for MSFT has no market value and no quantity and price to compute it from"
    )


def test_a_value_only_row_without_its_value_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, download(row(), value_only("SPAXX**", "--", "")))
    assert (err.line, err.reason) == (
        3,
        "the row for SPAXX has no market value and no quantity and price to compute it from",
    )


@pytest.mark.parametrize(
    ("column", "cell", "what"),
    [("value", "$1e14", "market value"), ("quantity", "inf", "quantity"), ("cost", "nan", "")],
)
def test_an_absurd_number_is_refused_on_its_line(
    tmp_path: Path, column: str, cell: str, what: str
) -> None:
    what = what or "cost basis"
    err = refused(tmp_path, download(row(percent=""), row(symbol="MSFT", **{column: cell})))
    assert err.line == 3
    assert err.reason == (
        f"{what} {cell!r} of MSFT is not a finite number within ten trillion: the file is damaged"
    )


def test_a_garbled_number_is_left_blank_with_a_warning_naming_its_line(tmp_path: Path) -> None:
    path, h = load(tmp_path, download(row(cost="$126O0.00")))
    assert h.records() == [record(path, 2, "X12345678", *AAPL[:-1], None)]
    assert h.warnings == (
        ImportWarning(
            str(path), 2, "X12345678", "cost basis '$126O0.00' of AAPL is not a number; left blank"
        ),
    )


def test_a_value_that_is_not_quantity_times_price_is_warned_of(tmp_path: Path) -> None:
    path, h = load(tmp_path, download(row(value="$27415.60")))  # 100.00 more than 120 x 227.63
    assert [r.market_value for r in h.records()] == [27415.60]
    assert h.warnings == (
        ImportWarning(
            str(path),
            2,
            "X12345678",
            "AAPL: quantity x price is $27,315.60 but the file reports a market value of "
            "$27,415.60; the reported market value is used",
        ),
    )


# -- Percent Of Account: the only figures a download states about its accounts -------------


def three(a: str = "$1000.00", b: str = "$1500.00", c: str = "$2500.00") -> list[str]:
    """An account of three rows: 1,000.00 + 1,500.00 + 2,500.00 = 5,000.00, which are
    20.00%, 30.00% and 50.00% of it."""
    return [
        stock("AAA", "10", "$100.00", a, "20.00%"),
        stock("BBB", "15", "$100.00", b, "30.00%"),
        stock("CCC", "25", "$100.00", c, "50.00%"),
    ]


def test_percentages_that_add_up_and_match_their_values_say_nothing(tmp_path: Path) -> None:
    _, h = load(tmp_path, download(*three()))
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("AAA", 1000.00, 2),
        ("BBB", 1500.00, 3),
        ("CCC", 2500.00, 4),
    ]
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("dropped", "total", "line"),
    [(0, "80.00", 3), (1, "70.00", 3), (2, "50.00", 3)],  # the last stated line left
)
def test_a_row_missing_from_an_account_is_warned_of_at_its_last_row(
    tmp_path: Path, dropped: int, total: str, line: int
) -> None:
    rows = three()
    del rows[dropped]
    path, h = load(tmp_path, download(*rows, row(account="Y1", name="ROTH IRA")))
    assert [r.account_id for r in h.records()] == ["X12345678", "X12345678", "Y1"]
    assert h.warnings == (adds_up_to(path, line, "X12345678", total),)


def test_a_row_repeated_in_an_account_is_warned_of(tmp_path: Path) -> None:
    a, b, c = three()
    path, h = load(tmp_path, download(a, b, c, b))
    assert h.warnings == (adds_up_to(path, 5, "X12345678", "130.00"),)


def test_a_small_row_missing_is_noticed_however_little_it_held(tmp_path: Path) -> None:
    # 6,000.00 + 3,995.00 + 5.00 = 10,000.00: 60.00% + 39.95% + 0.05%; the 5.00 is gone
    rows = [
        stock("AAA", "60", "$100.00", "$6000.00", "60.00%"),
        stock("BBB", "3995", "$1.00", "$3995.00", "39.95%"),
    ]
    path, h = load(tmp_path, download(*rows))
    assert h.warnings == (adds_up_to(path, 3, "X12345678", "99.95"),)


def test_percentages_rounded_to_the_hundredth_are_accepted(tmp_path: Path) -> None:
    # 1,000.00 three times: 33.33% each, 99.99% in all
    rows = [stock(s, "10", "$100.00", "$1000.00", "33.33%") for s in ("AAA", "BBB", "CCC")]
    _, h = load(tmp_path, download(*rows))
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("values", "line", "value", "percent", "basis"),
    [
        (("$1100.00", "$1500.00", "$2500.00"), 2, "$1,100.00", "20.00", "$5,100.00"),
        (("$1000.00", "$1600.00", "$2500.00"), 3, "$1,600.00", "30.00", "$5,100.00"),
        (("$1000.00", "$1500.00", "$2400.00"), 4, "$2,400.00", "50.00", "$4,900.00"),
    ],
)
def test_a_damaged_value_is_warned_of_on_its_own_line(
    tmp_path: Path,
    values: tuple[str, str, str],
    line: int,
    value: str,
    percent: str,
    basis: str,
) -> None:
    # the percentages still add up to 100%, but one value is not its percentage of the
    # account's 5,000.00 +/- 100.00: that row's is the one furthest from its percentage
    path, h = load(tmp_path, download(*three(*values)))
    assert h.warnings[0] == not_its_percentage(path, line, "X12345678", value, percent, basis)
    # the damaged value is not quantity x price either; the row check says so too
    assert [w.line for w in h.warnings] == [line, line]


def test_a_value_a_dollar_off_its_percentage_is_noticed(tmp_path: Path) -> None:
    # 1,001.00 of 5,001.00 is 20.016%, not the 20.00% stated: more than the rounding of a
    # percentage to the hundredth (0.005) can explain
    path, h = load(tmp_path, download(*three(a="$1001.00")))
    assert h.warnings[0] == not_its_percentage(
        path, 2, "X12345678", "$1,001.00", "20.00", "$5,001.00"
    )


def test_a_damaged_negative_value_is_shown_with_its_sign(tmp_path: Path) -> None:
    # 10,000.00 + 1,000.00 - 510.00 = 10,490.00: 95.33%, 9.53%, -4.86%; the short call's
    # value damaged to -610.00 makes the account 10,390.00
    rows = [
        stock("AAA", "100", "$100.00", "$10000.00", "95.33%"),
        stock("BBB", "10", "$100.00", "$1000.00", "9.53%"),
        stock(
            "-AAA250620C110",
            "-1",
            "$5.10",
            "-$610.00",
            "-4.86%",
            description="AAA JUN 20 2025 $110 CALL",
        ),
    ]
    path, h = load(tmp_path, download(*rows))
    assert h.warnings[0] == not_its_percentage(
        path, 4, "X12345678", "-$610.00", "-4.86", "$10,390.00"
    )


def test_percentages_of_each_account_are_checked_apart(tmp_path: Path) -> None:
    other = {"account": "Y87654321", "name": "ROTH IRA"}
    rows = [
        # the joint account's 100.00% over two rows: 27,315.60 and 18,210.40 of 45,526.00
        row(percent="60.00%"),
        row(**other, percent="100.00%"),
        row(quantity="80", value="$18210.40", percent="40.00%"),  # 80 x 227.63
        row(**other, symbol="MSFT", percent="10.00%"),  # the Roth IRA: 110.00%
    ]
    path, h = load(tmp_path, download(*rows))
    assert h.warnings == (adds_up_to(path, 5, "Y87654321", "110.00"),)


def test_an_account_stating_no_percentage_is_not_checked(tmp_path: Path) -> None:
    rows = [row(percent="--"), row(symbol="MSFT", percent="n/a"), row(account="Y1", percent="")]
    _, h = load(tmp_path, download(*rows))
    assert h.warnings == ()


def test_without_a_percent_column_nothing_is_checked(tmp_path: Path) -> None:
    header = HEADER.replace("Percent Of Account,", "")
    rows = [row(percent="50.00%").replace(",50.00%,", ","), row(symbol="MSFT")]
    text = "\n".join([header, rows[0], rows[1].replace(",100.00%,", ","), *FOOTER]) + "\n"
    _, h = load(tmp_path, text)
    assert [r.symbol for r in h.records()] == ["AAPL", "MSFT"]
    assert h.warnings == ()


# -- where the table ends, the footer and the date -----------------------------------------


def test_blank_lines_inside_the_table_are_read_through(tmp_path: Path) -> None:
    a, b, c = three()
    _, h = load(tmp_path, download(a, "", b, ",,,,,,,,,,,,,,,", "", c))
    assert [(r.symbol, r.source_line) for r in h.records()] == [
        ("AAA", 2),
        ("BBB", 4),
        ("CCC", 7),
    ]
    assert h.warnings == ()


def test_after_a_blank_line_three_cells_make_a_row_and_fewer_do_not(tmp_path: Path) -> None:
    # the account number, the symbol and the value: a row of the table, read through
    pending = "X12345678,,Pending Activity,,,,,-$1500.00,,,,,,,,"
    path, h = load(tmp_path, download(row(), "", pending))
    assert h.records() == [
        record(path, 2, "X12345678", *AAPL),
        record(path, 4, "X12345678", "PENDING", PENDING, "cash", None, None, -1500.00, None),
    ]
    # two cells before the disclaimer: a note, not a row
    path, h = load(
        tmp_path, download(row(), footer=["", "Quotes delayed,see Fidelity.com", *FOOTER])
    )
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]
    assert h.warnings == ()


@pytest.mark.parametrize(
    ("footer", "as_of"),
    [
        (FOOTER, date(2024, 12, 2)),
        (["", DOWNLOADED], date(2024, 12, 2)),  # the date line alone closes it
        (["", '"Date downloaded 11/12/2024 8:33 AM ET"'], date(2024, 11, 12)),
        (["", "Date downloaded Nov-12-2024 at 8:33 a.m ET"], date(2024, 11, 12)),  # unquoted
        (["", "", DISCLAIMER, "", "", BROKERAGE], None),  # the disclaimers alone: no date
        (["", BROKERAGE.upper()], None),
    ],
)
def test_the_closing_disclaimer_ends_the_download_and_dates_it(
    tmp_path: Path, footer: list[str], as_of: date | None
) -> None:
    path, h = load(tmp_path, download(row(), footer=footer))
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]
    assert h.files[0].as_of == as_of
    assert h.warnings == ()


def test_the_date_is_read_within_twenty_lines_of_the_table(tmp_path: Path) -> None:
    notes = ["", *[DISCLAIMER] * 18]  # lines 3-21
    dated = download(row(), footer=[*notes, DOWNLOADED])  # the date on line 22, 20 after row 2
    _, h = load(tmp_path, dated)
    assert h.files[0].as_of == date(2024, 12, 2)
    late = download(row(), footer=[*notes, "", DOWNLOADED])  # on line 23
    _, h = load(tmp_path, late)
    assert h.files[0].as_of is None


@pytest.mark.parametrize(
    ("after", "line"),
    [
        ([], 2),  # the rows only
        ([""], 2),  # and a blank line
        (["", "", ",,,,"], 2),  # and blank padding
        (["", "Some note,not a row"], 4),  # a note that is not Fidelity's footer
    ],
)
def test_a_download_without_its_closing_disclaimer_is_refused_as_cut_off(
    tmp_path: Path, after: list[str], line: int
) -> None:
    err = refused(tmp_path, download(row(), footer=after))
    assert err.line == line  # the last line that holds anything
    assert err.reason == (
        "the file ends before Fidelity's closing disclaimer and 'Date downloaded' line: it "
        "looks cut off; download it again"
    )


def test_a_download_cut_in_the_middle_of_a_row_is_refused(tmp_path: Path) -> None:
    whole = download(*three())
    cut = whole[: whole.index("$1500.00") + len("$15")]  # inside the second row's value
    err = refused(tmp_path, cut)
    assert err.line == 3
    assert "the file ends before Fidelity's closing disclaimer" in err.reason


def test_a_download_cut_inside_its_disclaimer_is_refused(tmp_path: Path) -> None:
    whole = download(row())
    cut = whole[: whole.index("solely for your use")]
    err = refused(tmp_path, cut)
    assert err.line == 4
    assert err.reason == (
        "the file ends in the middle of a row (an unclosed quote): it looks cut off; "
        "download it again"
    )


def test_a_download_with_its_header_and_footer_only_holds_no_positions(tmp_path: Path) -> None:
    err = refused(tmp_path, download())
    assert (err.line, err.reason) == (7, "fidelity-positions: the file holds no positions")


def test_a_row_after_the_footer_is_not_read(tmp_path: Path) -> None:
    path, h = load(tmp_path, download(row(), footer=[*FOOTER, "", row(symbol="MSFT")]))
    assert h.records() == [record(path, 2, "X12345678", *AAPL)]


# -- detection -----------------------------------------------------------------------------


def test_the_layout_is_detected_at_its_header_line_within_30_lines(tmp_path: Path) -> None:
    text = download(row())
    path = write_lines(tmp_path, text.splitlines(), "positions.csv")
    parsed = parsed_by(fidelity, path)
    assert parsed.format == "fidelity-positions"
    assert [r.source_line for r in parsed.positions.itertuples()] == [2]

    def found(text: str) -> int | None:
        return fidelity.detect(Source.from_text(text, "p.csv"))

    assert found(text) == 1
    assert found('"Positions"\n' * 29 + text) == 30
    assert found('"Positions"\n' * 30 + text) is None
    path, h = load(tmp_path, '"Positions"\n\n' + text)
    assert h.records() == [record(path, 4, "X12345678", *AAPL)]


@pytest.mark.parametrize("column", ["Symbol", "Current Value", "Last Price", "Account Number"])
def test_a_header_without_a_required_column_is_not_fidelitys(column: str) -> None:
    text = download(row()).replace(column, "Other", 1)
    src = Source.from_text(text, "p.csv")
    assert fidelity.detect(src) is None
    assert detect(src) is None


def test_either_account_column_is_enough_to_detect_it() -> None:
    text = download(row()).replace("Account Number,Account Name", "Account Name/Number,Other", 1)
    assert fidelity.detect(Source.from_text(text, "p.csv")) == 1


# -- survivors of the mutation run ---------------------------------------------------------


@pytest.mark.parametrize(("damaged", "basis"), [("$0.00", "$2,500.00"), ("$0.50", "$2,500.50")])
def test_a_damaged_value_under_a_dollar_is_shown_without_a_sign(
    tmp_path: Path, damaged: str, basis: str
) -> None:
    # CCC's 2,500.00 damaged to less than a dollar: 1,000.00 + 1,500.00 + that is the account,
    # and CCC, stated at 50.00% of it, is the row furthest from its percentage
    path, h = load(tmp_path, download(*three(c=damaged)))
    assert h.warnings[0] == not_its_percentage(path, 4, "X12345678", damaged, "50.00", basis)


def test_each_accounts_percentages_are_checked_whatever_the_accounts_before_it(
    tmp_path: Path,
) -> None:
    # Y1 states no percentage (not checked); B1's one row says 60.00%, C1's 110.00%: both
    # are warned of, each at its own row
    rows = [
        row(account="Y1", name="ROTH IRA", percent="--"),
        stock("AAA", "10", "$100.00", "$1000.00", "60.00%", account="B1"),
        stock("BBB", "10", "$100.00", "$1000.00", "110.00%", account="C1"),
    ]
    path, h = load(tmp_path, download(*rows))
    assert [r.account_id for r in h.records()] == ["Y1", "B1", "C1"]
    assert h.warnings == (
        adds_up_to(path, 3, "B1", "60.00"),
        adds_up_to(path, 4, "C1", "110.00"),
    )


def test_an_account_worth_nothing_in_all_is_not_checked_row_by_row(tmp_path: Path) -> None:
    # Z1: 10 x 100.00 = 1,000.00 long and a short call of -1 x 10.00 x 100 = -1,000.00, at
    # 60.00% and 40.00%: they add up, but of an account of 0.00 no row's share can be told.
    # Y1 after it still is checked: its one row says 90.00%
    rows = [
        stock("AAA", "10", "$100.00", "$1000.00", "60.00%", account="Z1"),
        stock(
            "-AAA250620C110",
            "-1",
            "$10.00",
            "-$1000.00",
            "40.00%",
            account="Z1",
            description="AAA JUN 20 2025 $110 CALL",
        ),
        stock("BBB", "10", "$100.00", "$1000.00", "90.00%", account="Y1"),
    ]
    path, h = load(tmp_path, download(*rows))
    assert [(r.account_id, r.market_value) for r in h.records()] == [
        ("Z1", 1000.00),
        ("Z1", -1000.00),
        ("Y1", 1000.00),
    ]
    assert h.warnings == (adds_up_to(path, 4, "Y1", "90.00"),)


def test_pending_activity_that_cancels_the_holdings_is_accepted_quietly(tmp_path: Path) -> None:
    # AAPL's 27,315.60 (100.00%) and pending -27,315.60: the account is worth 0.00, and the
    # basis without pending activity (a division by that 0.00) must not be tried
    pending = value_only("Pending Activity", "-$27315.60", "")
    _, h = load(tmp_path, download(row(), pending))
    assert [(r.symbol, r.market_value) for r in h.records()] == [
        ("AAPL", 27315.60),
        ("PENDING", -27315.60),
    ]
    assert h.warnings == ()


def test_a_row_without_account_number_or_symbol_is_named_by_60_characters_of_description(
    tmp_path: Path,
) -> None:
    long = "ISHARES " + "X" * 52 + "YZ CORE ETF"  # 71 characters: the 60 end before "YZ"
    text = download(row(percent="50.00%"), row(account="", symbol="", description=long))
    err = refused(tmp_path, text)
    assert (err.line, err.reason) == (
        3,
        f"the row for ISHARES {'X' * 52} has no account number: every holding belongs to an "
        "account; the file is damaged",
    )


def test_older_layout_reads_through_a_blank_line_and_a_row_without_account(
    tmp_path: Path,
) -> None:
    # between two rows of the Roth IRA: a blank line, and a line of empty cells
    aqst = "ROTH IRA Y87654321,AQST,AQUESTIVE THERAPEUTICS INC,150,$4.01,,$601.50,,,,,50.00%,,,Cash"
    iwm = "ROTH IRA Y87654321,IWM,ISHARES RUSSELL 2000 ETF,3,$200.50,,$601.50,,,,,50.00%,,,Cash"
    text = "\n".join([OLD_HEADER, aqst, "", ",,,,,,,,,,,,,,", iwm, *FOOTER]) + "\n"
    _, h = load(tmp_path, text)
    assert [(a.id, a.name) for a in h.accounts] == [("Y87654321", "ROTH IRA")]
    assert [(r.symbol, r.market_value, r.source_line) for r in h.records()] == [
        ("AQST", 601.50, 2),
        ("IWM", 601.50, 5),
    ]
    assert h.warnings == ()


def test_without_a_description_column_rows_have_none_and_are_typed_by_symbol(
    tmp_path: Path,
) -> None:
    def without_description(line: str) -> str:  # the cells hold no comma
        return ",".join(c for i, c in enumerate(line.split(",")) if i != 3)

    header = without_description(HEADER)
    assert "Description" not in header
    rows = [
        row(percent="50.00%"),  # AAPL: 120 x 227.63 = 27,315.60
        value_only("SPAXX**", "$27315.60", "50.00%"),
    ]
    text = "\n".join([header, *map(without_description, rows), *FOOTER]) + "\n"
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 2, "X12345678", "AAPL", "", "equity", 120.0, 227.63, 27315.60, 12600.00),
        record(path, 3, "X12345678", "SPAXX", "", "money_market", None, None, 27315.60, None),
    ]
    assert h.warnings == ()


def test_without_a_quantity_column_rows_have_no_quantity_quietly(tmp_path: Path) -> None:
    def without_quantity(line: str) -> str:  # the cells hold no comma
        return ",".join(c for i, c in enumerate(line.split(",")) if i != 4)

    header = without_quantity(HEADER)
    assert "Quantity" not in header
    text = "\n".join([header, without_quantity(row()), *FOOTER]) + "\n"
    path, h = load(tmp_path, text)
    assert h.records() == [
        record(path, 2, "X12345678", "AAPL", "APPLE INC", "equity", None, 227.63, 27315.60, 12600.0)
    ]
    assert h.warnings == ()
