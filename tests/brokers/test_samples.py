"""Every real export in ../shared/samples/brokers imports and reconciles to its own totals.

Where a sample disagrees with itself (a truncated public fixture, a synthetic statement whose
rows do not add up to its total), the import must say so with a warning naming the file, the
line of the total and the account - and the numbers in the warning must be the file's own.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from planner.brokers import load_household
from planner.core.holdings import Household
from tests.conftest import SAMPLES

pytestmark = [
    pytest.mark.samples,
    pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the repo"),
]

ALL = sorted(SAMPLES.glob("*/*.csv")) if SAMPLES.is_dir() else []


def _load(rel: str) -> Household:
    return load_household([SAMPLES / rel])


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_imports_with_positions(path: Path) -> None:
    h = load_household([path])
    assert h.accounts, "no accounts"
    assert len(h.positions) > 0
    assert h.files[0].format
    # Every position points at the line of the file that holds it.
    lines = path.read_text(encoding="utf-8-sig").splitlines()

    def bare(text: str) -> str:
        return "".join(ch for ch in text.upper() if ch.isalnum())

    for r in h.records():
        text = lines[r.source_line - 1]
        assert r.source_file == str(path)
        if r.symbol not in ("CASH", "PENDING"):
            assert bare(r.symbol) in bare(text), (r.symbol, text)


def test_all_nine_samples_recognised_by_content() -> None:
    formats = {p.parent.name: load_household([p]).files[0].format for p in ALL}
    assert formats["etrade"] == "etrade-portfolio"
    assert formats["fidelity"] == "fidelity-positions"
    assert formats["ibkr"] == "ibkr-activity-statement"
    assert formats["merrill"] == "merrill-holdings"
    assert formats["thinkorswim"] == "thinkorswim-statement"
    assert formats["vanguard"] == "vanguard-brokerage"
    schwab = sorted(load_household([p]).files[0].format for p in SAMPLES.glob("schwab/*.csv"))
    assert schwab == ["schwab-positions-2020", "schwab-positions-2023", "schwab-positions-2025"]
    assert len(ALL) == 9


def _money_cells(path: Path, column: str) -> float:
    """Sum a money column with the csv module and plain string handling (independent of the
    importer's parser)."""
    total = 0.0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(r for r in rows if column in r)
    col = header.index(column)
    for row in rows[rows.index(header) + 1 :]:
        if len(row) <= col or not row[0].strip():
            break
        cell = row[col].replace("$", "").replace(",", "").strip()
        total += float(cell)
    return total


def test_schwab_2026_reconciles_exactly() -> None:
    h = _load("schwab/positions-2026-individual.csv")
    (acct,) = h.accounts
    assert (acct.id, acct.name, acct.type) == ("...920", "Individual", "taxable")
    assert acct.reported_total == pytest.approx(301080.66)
    assert h.total == pytest.approx(301080.66, abs=0.005)
    assert not h.warnings
    assert h.files[0].as_of is not None and h.files[0].as_of.isoformat() == "2026-07-16"
    by_symbol = {r.symbol: r for r in h.records()}
    assert by_symbol["SWPPX"].asset_type == "mutual_fund"
    assert by_symbol["SWPPX"].quantity == pytest.approx(6788.114)
    assert by_symbol["SMH"].asset_type == "etf"
    assert by_symbol["CASH"].asset_type == "cash"
    assert by_symbol["CASH"].market_value == pytest.approx(356.22)


def test_schwab_2020_all_accounts_finds_both_accounts_and_the_option() -> None:
    h = _load("schwab/positions-2020-all-accounts.csv")
    assert [(a.id, a.name) for a in h.accounts] == [
        ("XXXX-1234", "Brokerage"),
        ("XXXX-4321", "Intelligent"),
    ]
    option = next(r for r in h.records() if r.asset_type == "option")
    assert option.multiplier == 100 and option.market_value == pytest.approx(1253.0)
    # The sample's Account Total leaves the option out: the import says so, with numbers.
    (w,) = h.warnings
    assert w.account_id == "XXXX-4321" and w.line == 15
    assert "$14,980.00" in w.message and "$13,727.00" in w.message


def test_schwab_2023_padded_rows_and_its_truncated_total_is_reported() -> None:
    h = _load("schwab/positions-2023-individual.csv")
    (acct,) = h.accounts
    assert acct.id == "...234" and acct.reported_total == pytest.approx(85661.87)
    assert sorted(r.symbol for r in h.records()) == ["CASH", "SCHB"]
    (w,) = h.warnings
    assert w.line == 6 and "$24,690.37" in w.message


def test_fidelity_accounts_money_market_and_treasury_bills() -> None:
    path = SAMPLES / "fidelity/positions-2024-11.csv"
    h = load_household([path])
    types = {a.id: a.type for a in h.accounts}
    assert types == {
        "Z00000001": "taxable",
        "10004": "tax_deferred",
        "Z00000002": "taxable",
        "200000003": "tax_free",
        "00000000-0000-4000-8000-000000000006": "unknown",
    }
    assert h.total == pytest.approx(_money_cells(path, "Current Value"), abs=0.005)
    recs = h.records()
    bills = [r for r in recs if r.symbol.startswith("912797")]
    assert len(bills) == 8 and all(r.asset_type == "bond" and r.multiplier == 0.01 for r in bills)
    mm = {r.symbol: r for r in recs if r.asset_type in ("money_market", "cash")}
    assert mm["FZFXX"].market_value == pytest.approx(53946.02) and mm["FZFXX"].quantity is None
    assert mm["CORE"].asset_type == "cash" and mm["FDRXX"].asset_type == "money_market"
    totals = h.account_totals()
    assert totals["200000003"] == pytest.approx((548.26, 3758.03))
    # Only the linked external account is worth a warning: every row reconciles.
    assert [w.account_id for w in h.warnings] == ["00000000-0000-4000-8000-000000000006"]
    assert h.files[0].as_of is not None and h.files[0].as_of.isoformat() == "2024-11-12"


def test_etrade_summary_filters_cash_and_total() -> None:
    path = SAMPLES / "etrade/positions-2026.csv"
    h = load_household([path])
    (acct,) = h.accounts
    assert acct.reported_total == pytest.approx(13610.37)
    assert h.total == pytest.approx(13610.37, abs=0.01)
    recs = h.records()
    assert len(recs) == 22 and recs[-1].symbol == "CASH" and recs[-1].market_value == 67.83
    assert all(w.line is None for w in h.warnings)  # only "the file does not name its account"


def test_vanguard_share_class_symbols_and_plain_numbers() -> None:
    path = SAMPLES / "vanguard/positions-brokerage.csv"
    h = load_household([path])
    assert h.total == pytest.approx(_money_cells(path, "Total Value"), abs=0.005)
    symbols = [r.symbol for r in h.records()]
    assert "BRK.B" in symbols and "RDS.A" in symbols
    # The sample is the holdings part alone (no transactions table after it): nothing shows
    # that it is whole, and the import says so.
    (w,) = h.warnings
    assert "completeness could not be checked" in w.message


def test_merrill_accounts_options_and_parentheses() -> None:
    h = _load("merrill/holdings.csv")
    assert {a.id: a.type for a in h.accounts} == {
        "AA-11111": "tax_deferred",
        "BB-22222": "tax_free",
    }
    opts = [r for r in h.records() if r.asset_type == "option"]
    assert [r.quantity for r in opts] == [-3, -1, -1]
    assert sum(r.market_value for r in opts) == pytest.approx(-1503.0)
    (w,) = h.warnings  # Merrill states no totals and no end marker
    assert "completeness could not be checked" in w.message


def test_ibkr_open_positions_cash_and_nav_disagreement() -> None:
    h = _load("ibkr/activity-statement-2020.csv")
    (acct,) = h.accounts
    assert (acct.id, acct.type, acct.reported_total) == ("U12345678", "taxable", 7981.90)
    recs = h.records()
    assert [r.symbol for r in recs] == [
        "ABBV",
        "BAC",
        "BBY",
        "BEN",
        "BKE",
        "CSCO",
        "CVX",
        "DVN",
        "CASH",
    ]
    assert recs[-1].market_value == pytest.approx(296.50)
    # The synthetic statement's rows add up to $7,877.20 of stock, not the $7,685.40 it states.
    (w,) = h.warnings
    assert w.line == 18 and "$8,173.70" in w.message and "$7,981.90" in w.message


def test_thinkorswim_equities_cash_and_net_liquidating_value() -> None:
    h = _load("thinkorswim/account-statement-2025-12.csv")
    (acct,) = h.accounts
    assert (acct.id, acct.name, acct.type) == ("10000008SCHW", "Contributory IRA", "tax_deferred")
    assert h.total == pytest.approx(24740.40) and acct.reported_total == pytest.approx(24740.40)
    assert [(r.symbol, r.quantity) for r in h.records()] == [("MDT", 100.0), ("CASH", None)]
    assert not h.warnings


def test_all_samples_together_in_one_household() -> None:
    h = load_household(ALL)
    assert len(h.files) == 9
    assert len({a.id for a in h.accounts}) == len(h.accounts) == 15
    assert h.total == pytest.approx(sum(load_household([p]).total for p in ALL), abs=0.01)
