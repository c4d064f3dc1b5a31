"""One fixture per broker layout and version (tests/data), so the suite stands alone.

Expected totals are recomputed here from the fixture text with the csv module and plain
string handling, independent of the importer's parser.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner.brokers import load_household, load_mapping
from planner.brokers.complete import UNCHECKED
from planner.core.holdings import Household
from tests.conftest import DATA


def load(name: str) -> Household:
    return load_household([DATA / name])


def money(cell: str) -> float:
    c = cell.strip().replace("$", "").replace(",", "").replace("+", "")
    if c.startswith("(") and c.endswith(")"):
        c = "-" + c[1:-1]
    return float(c)


def column_sum(name: str, column: str, skip_first: tuple[str, ...] = ()) -> float:
    """Sum of a money column over the rows under the first header that has it."""
    text = (DATA / name).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    total = 0.0
    col = None
    for row in rows:
        if col is None:
            if column in row:
                col = row.index(column)
            continue
        if not row or not any(c.strip() for c in row):
            break
        if row[0].strip().startswith(skip_first) or len(row) <= col:
            continue
        total += money(row[col])
    return total


#: Layouts with nothing in them to prove the file whole: each import says so, once.
UNVERIFIABLE = {
    "merrill_holdings_2025.csv",
    "ibkr_flex_positions_2025.csv",
    "ibkr_flex_sections_2025.csv",
    "vanguard_brokerage_2025.csv",
    "vanguard_529_2025.csv",
}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("schwab_positions_2021_all_accounts.csv", "schwab-positions-2020"),
        ("schwab_positions_2023_individual.csv", "schwab-positions-2023"),
        ("schwab_positions_2026_individual.csv", "schwab-positions-2025"),
        ("schwab_positions_2026_all_accounts.csv", "schwab-positions-2025"),
        ("fidelity_positions_2024.csv", "fidelity-positions"),
        ("vanguard_brokerage_2025.csv", "vanguard-brokerage"),
        ("vanguard_529_2025.csv", "vanguard-fund"),
        ("etrade_portfolio_lots_2025.csv", "etrade-portfolio-lots"),
        ("merrill_holdings_2025.csv", "merrill-holdings"),
        ("ibkr_activity_statement_2025.csv", "ibkr-activity-statement"),
        ("ibkr_flex_positions_2025.csv", "ibkr-flex-positions"),
        ("ibkr_flex_sections_2025.csv", "ibkr-flex-positions"),
        ("thinkorswim_statement_2025.csv", "thinkorswim-statement"),
    ],
)
def test_fixture_detected_by_content_and_clean(name: str, fmt: str, tmp_path: Path) -> None:
    # Detection never looks at the name: copy to a meaningless one.
    anonymous = tmp_path / "export (3).csv"
    anonymous.write_bytes((DATA / name).read_bytes())
    h = load_household([anonymous])
    assert h.files[0].format == fmt
    expected = 1 if name in UNVERIFIABLE else 0
    assert [UNCHECKED in w.message for w in h.warnings] == [True] * expected, [
        str(w) for w in h.warnings
    ]
    for acct in h.accounts:
        if acct.reported_total is not None:
            assert h.account_totals()[acct.id][1] == pytest.approx(acct.reported_total, abs=0.01)


def test_schwab_2021_all_accounts() -> None:
    h = load("schwab_positions_2021_all_accounts.csv")
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("XXXX-5678", "Individual Brokerage", "taxable"),
        ("XXXX-9012", "Roth Contributory IRA", "tax_free"),
    ]
    recs = {(r.account_id, r.symbol): r for r in h.records()}
    assert recs[("XXXX-5678", "BRK.B")].market_value == pytest.approx(9620.40)
    call = recs[("XXXX-5678", "AAPL 03/19/2021 130.00 C")]
    assert (call.asset_type, call.quantity, call.multiplier) == ("option", -1.0, 100.0)
    assert recs[("XXXX-5678", "SWVXX")].asset_type == "money_market"
    note = recs[("XXXX-9012", "912828YK0")]
    assert (note.asset_type, note.multiplier) == ("bond", 0.01)
    assert h.account_totals()["XXXX-9012"][0] == pytest.approx(-82.10)


def test_schwab_2023_padded_and_margin_debit() -> None:
    h = load("schwab_positions_2023_individual.csv")
    (acct,) = h.accounts
    assert (acct.id, acct.type) == ("...871", "taxable")
    cash = [r for r in h.records() if r.asset_type == "cash"]
    assert [r.market_value for r in cash] == [-51000.45]
    assert h.total == pytest.approx(
        column_sum("schwab_positions_2023_individual.csv", "Market Value", ("Account Total",))
    )


def test_schwab_2026_all_accounts_repeated_header() -> None:
    h = load("schwab_positions_2026_all_accounts.csv")
    assert [(a.id, a.type) for a in h.accounts] == [
        ("...1234", "taxable"),
        ("...5678", "tax_deferred"),
    ]
    ira = h.records("...5678")
    assert [r.symbol for r in ira] == ["GRC", "CTBI", "FXNAX", "CASH"]
    assert ira[2].quantity == pytest.approx(1100.5) and ira[2].asset_type == "mutual_fund"


def test_fidelity_pending_activity_counts_as_cash() -> None:
    name = "fidelity_positions_2024.csv"
    h = load(name)
    assert h.total == pytest.approx(column_sum(name, "Current Value"))
    joint = h.records("X12345678")
    pending = [r for r in joint if r.symbol == "PENDING"]
    assert len(pending) == 1 and pending[0].asset_type == "cash"
    assert pending[0].market_value == -1500.0
    cash, _ = h.account_totals()["X12345678"]
    assert cash == pytest.approx(12450.19 - 1500.00)
    bill = next(r for r in joint if r.symbol == "912797MS3")
    assert bill.multiplier == 0.01 and bill.quantity == 25000
    assert {a.id: a.type for a in h.accounts}["Y87654321"] == "tax_free"
    assert h.files[0].as_of is not None and h.files[0].as_of.isoformat() == "2024-12-02"


def test_vanguard_transactions_table_is_not_holdings() -> None:
    name = "vanguard_brokerage_2025.csv"
    h = load(name)
    assert len(h.positions) == 6
    assert h.total == pytest.approx(column_sum(name, "Total Value"))
    assert {r.symbol for r in h.records()} >= {"VTI", "BRK.B", "VMFXX"}
    assert next(r for r in h.records() if r.symbol == "VMFXX").asset_type == "money_market"


def test_vanguard_529_is_tax_free_and_names_its_portfolios() -> None:
    name = "vanguard_529_2025.csv"
    h = load(name)
    (acct,) = h.accounts
    assert acct.type == "tax_free" and "529" in acct.name
    # no symbol column: each portfolio is named by its fund name, so no two are one security
    assert [r.symbol for r in h.records()] == [r.description.upper() for r in h.records()]
    assert len({r.symbol for r in h.records()}) == 3
    assert h.total == pytest.approx(column_sum(name, "Total Value"))


def test_etrade_lots_are_not_counted_twice() -> None:
    h = load("etrade_portfolio_lots_2025.csv")
    recs = h.records()
    assert [r.symbol for r in recs] == ["ESOA", "MSFT", "MSFT", "QQQ", "CASH"]
    (acct,) = h.accounts
    assert (acct.id, acct.name, acct.type) == ("4821", "Rollover IRA", "tax_deferred")
    assert h.total == pytest.approx(51620.48)
    # cost = value - total gain
    assert recs[0].cost_basis == pytest.approx(6100 - 1900)


def test_merrill_accounts_and_short_call() -> None:
    h = load("merrill_holdings_2025.csv")
    assert {a.id: (a.name, a.type) for a in h.accounts} == {
        "5XY-01234": ("Family Trust", "taxable"),
        "5XY-05678": ("IRA-Edge", "tax_deferred"),
    }
    call = next(r for r in h.records() if r.asset_type == "option")
    assert call.quantity == -2 and call.market_value == -620.0 and call.multiplier == 100


def test_ibkr_activity_lots_skipped_options_and_roth() -> None:
    h = load("ibkr_activity_statement_2025.csv")
    (acct,) = h.accounts
    assert (acct.id, acct.type) == ("U7654321", "tax_free")
    assert [(r.symbol, r.asset_type) for r in h.records()] == [
        ("AMZN", "equity"),
        ("RSP", "equity"),
        ("AMZN 21NOV25 260 C", "option"),
        ("CASH", "cash"),
    ]
    assert h.total == pytest.approx(33735.25)
    assert h.files[0].as_of is not None and h.files[0].as_of.isoformat() == "2025-10-31"


def test_ibkr_flex_converts_foreign_currency_and_skips_lots() -> None:
    h = load("ibkr_flex_positions_2025.csv")
    assert [a.id for a in h.accounts] == ["U2223334", "U9998887"]
    recs = {r.symbol: r for r in h.records()}
    assert len(h.positions) == 4
    assert recs["ASML"].market_value == pytest.approx(8805 * 1.16)
    assert recs["GOOGL 251219C00300000"].multiplier == 100
    assert {a.id: a.type for a in h.accounts} == {"U2223334": "taxable", "U9998887": "tax_deferred"}


def test_ibkr_flex_header_data_sections() -> None:
    h = load("ibkr_flex_sections_2025.csv")
    assert [(r.symbol, r.quantity) for r in h.records()] == [("AVUV", 140.0), ("NVDA", 35.0)]


def test_thinkorswim_equities_options_and_cash() -> None:
    h = load("thinkorswim_statement_2025.csv")
    recs = h.records()
    assert [(r.symbol, r.asset_type) for r in recs] == [
        ("QQQ", "equity"),
        ("EYPT", "equity"),
        ("QQQ251219P550", "option"),
        ("CASH", "cash"),
    ]
    assert recs[2].market_value == 485.0
    assert h.total == pytest.approx(29546.48)


def test_mapping_semicolon_decimal_comma_windows_1252() -> None:
    name = "custodian_semicolon_cp1252.csv"
    mapping = load_mapping(DATA / "custodian_semicolon_cp1252.mapping.json")
    h = load_household([DATA / name], mapping)
    assert h.files[0].format.startswith("mapping:")
    assert [(r.symbol, r.quantity, r.price, r.market_value) for r in h.records()] == [
        ("AAPL", 40.0, 255.10, 10204.00),
        ("URTH", 100.0, 170.35, 17035.00),
    ]
    assert h.accounts[0].id == "0099887766"
