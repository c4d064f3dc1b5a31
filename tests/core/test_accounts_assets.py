"""Account tax treatment from names, asset types and symbols from what files say."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.core.accounts import account_type_from_name, is_plan_account
from planner.core.assets import (
    infer_asset_type,
    infer_asset_types,
    normalize_symbol,
    price_multiplier,
)
from planner.core.holdings import (
    ASSET_TYPES,
    Account,
    Household,
    SourceFile,
    merge_households,
    normalize_positions,
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Rollover IRA", "tax_deferred"),
        ("Traditional IRA ...5678", "tax_deferred"),
        ("SEP-IRA", "tax_deferred"),
        ("SIMPLE IRA", "tax_deferred"),
        ("ERNST & YOUNG 401(K)", "tax_deferred"),
        ("403(b) Plan", "tax_deferred"),
        ("457(b) Deferred Comp", "tax_deferred"),
        ("IRA-Edge", "tax_deferred"),
        ("Contributory IRA", "tax_deferred"),
        ("ROTH IRA", "tax_free"),
        ("Roth IRA-Edge", "tax_free"),
        ("Roth Contributory IRA XXXX-9012", "tax_free"),
        ("Health Savings Account", "tax_free"),
        ("HSA", "tax_free"),
        ("529 College Savings", "tax_free"),
        ("Individual", "taxable"),
        ("Joint WROS - TOD", "taxable"),
        ("Joint Tenant", "taxable"),
        ("Family Trust", "taxable"),
        ("Brokerage", "taxable"),
        ("CMA-Edge", "taxable"),
        ("Cash Management (Individual)", "taxable"),
        ("360 Checking", "unknown"),
        ("Intelligent", "unknown"),
        ("", "unknown"),
        ("Miracle Growth Fund", "unknown"),  # "ira" inside a word is not an IRA
    ],
)
def test_account_type_from_name(name: str, kind: str) -> None:
    assert account_type_from_name(name) == kind


@pytest.mark.parametrize(
    ("symbol", "description", "hint", "kind"),
    [
        ("AAPL", "APPLE INC", "Equity", "equity"),
        ("SMH", "VANECK SEMICONDUCTOR ETF", "ETFs & Closed End Funds", "etf"),
        ("SWPPX", "SCHWAB S&P 500 INDEX", "Mutual Fund", "mutual_fund"),
        (
            "SMAL 04/01/2020 32.00 P",
            "PUT SMALL CAP INDEX $32 EXP 04/01/20",
            "ETFs & Closed End Funds",
            "option",
        ),
        ("XYZ#B1326C425000", "CALL XYZ   425.00 EXP 02-13-26", "", "option"),
        ("AAPL  250117C00150000", "", "", "option"),
        ("912797HP5", "UNITED STATES TREAS BILLS ZERO CPN 0.00000% 11/29/2024", "", "bond"),
        ("84679P504", "SP 500 INDEX PL CL E", "", "mutual_fund"),
        ("629999590", "", "", "other"),
        ("IIAXX", "BANK OF AMERICA, NA RASP", "", "money_market"),
        ("--", "ML DIRECT DEPOSIT PROGRM", "", "money_market"),  # Merrill's bank deposits
        ("", "BANK DEPOSIT", "", "money_market"),
        ("DPST", "DEPOSITORY RECEIPTS HOLDINGS", "", "equity"),
        ("FXAIX", "FIDELITY 500 INDEX FUND", "", "mutual_fund"),
        ("GOOGL", "ALPHABET INC CAP STK CL A", "", "equity"),
        ("IBIT", "ISHARES BITCOIN TRUST ETF", "", "etf"),
        # certificates of deposit are fixed income, whatever else the row says
        ("38149MXY4", "GOLDMAN SACHS BK USA CD 4.5% 11/15/2027", "", "bond"),
        ("", "CAPITAL ONE NA CD 5.00% 01/21/2026", "", "bond"),
        ("", "CAPITAL ONE NA CD 5 % 01/21/2026", "", "bond"),
        ("14042RXX1", "CAPITAL ONE NATL ASSN CERTIFICATE OF DEPOSIT", "", "bond"),
        ("14042RXX1", "CAPITAL ONE NA", "Certificates of Deposit", "bond"),
        ("14042RXX1", "CAPITAL ONE NA", "CD", "bond"),
        ("", "BROKERED CD", "", "bond"),
        ("CDW", "CDW CORP", "", "equity"),  # no CD in its words
        ("CD", "CHINDATA GROUP HLDGS LTD ADR", "", "equity"),  # the ticker CD is a stock
        ("", "CD PROJEKT SA", "", "equity"),  # "CD" without a rate
        # the type column's word wins, whatever the symbol and the description look like
        ("XYZ1", "", "Option", "option"),
        ("Q1234", "", "Money Market", "money_market"),
        ("", "", "Cash & Money Market", "cash"),
        ("CASH", "CASH", "Cash and Money Market", "cash"),
        ("", "", "Cash", "cash"),
        ("SPAXX", "FIDELITY GOVERNMENT MONEY MARKET", "Cash", "money_market"),
        ("XYZ", "", "Cash", "money_market"),
        ("XYZ", "", "ETF", "etf"),
        ("XYZ", "", "Exchange Traded Fund", "etf"),
        ("XYZ", "", "Closed End Fund", "etf"),
        ("XYZ", "", "Fund", "mutual_fund"),
        ("XYZ", "", "MF", "mutual_fund"),
        ("XYZ", "", "Fixed Income", "bond"),
        ("XYZ", "", "Bond", "bond"),
        ("XYZ", "", "Treasury", "bond"),
        ("XYZ", "", "Certificate", "bond"),
        ("XYZ", "", "CDs", "bond"),
        ("XYZ", "", "Brokered CD", "bond"),
        ("XYZ", "SOME INDEX FUND", "Other", "mutual_fund"),  # no equity word: the rules decide
        # an equity word keeps a symbol the rules would take for a mutual fund an equity
        *(
            ("ABCDX", "", word, "equity")
            for word in ("Equity", "Stock", "Stocks", "Common Stock", "Equities", "STK", "ADR")
        ),
        # an option known by its description alone
        ("XYZ", "CALL APPLE INC $150 EXP 01/17/25", "", "option"),
    ],
)
def test_infer_asset_type(symbol: str, description: str, hint: str, kind: str) -> None:
    assert infer_asset_type(symbol, description, hint) == kind
    # the column version agrees with the one-row version
    assert infer_asset_types([symbol], [description], [hint]) == [kind]


def test_a_column_of_equities_keeps_its_options_apart() -> None:
    """A file whose type column says "Equity" on every row, its option rows written as plain
    OCC symbols: the rows whose description reads "CALL ..." or "PUT ..." are options, as the
    one-row function says, and the rest are equities."""
    symbols = ["AAPL", "AAPL250117C00150000", "IWM261219P00200000", "MSFT"]
    descriptions = [
        "APPLE INC",
        "CALL APPLE INC $150 EXP 01/17/25",
        "PUT ISHARES RUSSELL 2000 ETF $200 EXP 12/19/26",
        "MICROSOFT CORP",
    ]
    hints = ["Equity"] * len(symbols)
    kinds = infer_asset_types(symbols, descriptions, hints)
    rows = zip(symbols, descriptions, hints, strict=True)
    assert kinds == [infer_asset_type(*row) for row in rows]
    assert kinds == ["equity", "option", "option", "equity"]


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("BRK-B", "BRK.B"),
        ("BRK/B", "BRK.B"),
        ("brk.b", "BRK.B"),
        ("SPAXX**", "SPAXX"),
        ("RDS-A", "RDS.A"),
        (" msft ", "MSFT"),
        ("912797HP5", "912797HP5"),
    ],
)
def test_normalize_symbol(raw: str, norm: str) -> None:
    assert normalize_symbol(raw) == norm


def _household(path: str, acct: str, value: float) -> Household:
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [acct],
                "symbol": ["X"],
                "market_value": [value],
                "source_file": [path],
                "source_line": [2],
                "asset_type": ["equity"],
            }
        )
    )
    return Household(
        (SourceFile(path, "test", None),), (Account(acct, acct, "taxable", path),), frame
    )


def test_merge_keeps_the_first_copy_of_an_account_and_warns() -> None:
    merged = merge_households(
        [
            _household("a.csv", "1", 10.0),
            _household("b.csv", "1", 99.0),
            _household("c.csv", "2", 5.0),
        ]
    )
    assert [a.id for a in merged.accounts] == ["1", "2"]
    assert merged.total == 15.0
    (w,) = merged.warnings
    assert w.file == "b.csv" and "a.csv" in w.message and w.account_id == "1"
    assert merged.account_totals() == {"1": (0.0, 10.0), "2": (0.0, 5.0)}


@pytest.mark.parametrize(
    ("name", "plan"),
    [
        ("Vanguard 529 plan ...4501", True),
        ("NY 529 College Savings", True),
        ("ERNST & YOUNG 401(K)", True),
        ("ACME 401k Plan", True),
        ("Hospital 403(b)", True),
        ("County 457(b) Deferred Comp", True),
        ("Thrift Savings Plan", True),
        ("TSP", True),
        ("Rollover IRA", False),
        ("401(k) Rollover IRA", False),  # an IRA holds what its owner buys
        ("ROLLOVER IRA-401K", False),
        ("Solo 401(k)", False),
        ("Individual 401(k)", False),
        ("Acme 401(k) BrokerageLink", False),  # the plan's self-directed window
        ("Self-Directed 401k", False),
        ("Individual", False),
        ("Health Savings Account", False),
        ("Performance Savings", False),
        ("Coverdell ESA", False),  # a brokerage account
        ("4010 Joint", False),
    ],
)
def test_is_plan_account(name: str, plan: bool) -> None:
    assert is_plan_account(name) is plan


@pytest.mark.parametrize("asset_type", ASSET_TYPES)
def test_price_multiplier_turns_quantity_times_price_into_dollars(asset_type: str) -> None:
    # bonds: 10,000 face quoted at 98.50 per 100 of face is $9,850; options: 2 contracts at
    # $3.10 a share are 200 shares, $620; everything else: 10 shares at $98.50 are $985.
    quantity, price = {"bond": (10_000.0, 98.5), "option": (2.0, 3.1)}.get(asset_type, (10.0, 98.5))
    dollars = {"bond": 9_850.0, "option": 620.0}.get(asset_type, 985.0)
    assert quantity * price * price_multiplier(asset_type) == pytest.approx(dollars)
