"""The variants of issue 21, each from a fixture written in the documented layout with its own
numbers: thinkorswim statements without an account number (one position plus cash; cash
only), a thinkorswim paperMoney statement, Fidelity's single-account view; and reconciliation
against the strongest total a file states."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.brokers import load_household
from planner.brokers.complete import UNCHECKED
from planner.core.holdings import Household
from tests.brokers import independent
from tests.conftest import DATA

NO_ACCOUNT = DATA / "thinkorswim_statement_no_account_2025.csv"
CASH_ONLY = DATA / "thinkorswim_statement_cash_only_2025.csv"
PAPER = DATA / "thinkorswim_papermoney_2025.csv"
FIDELITY_VIEW = DATA / "fidelity_single_account_view_2026.csv"
ETRADE_VIEW = DATA / "etrade_custom_view_2025.csv"


def copy(source: Path, tmp_path: Path, name: str, text: str | None = None) -> Path:
    out = tmp_path / name
    if text is None:
        out.write_bytes(source.read_bytes())
    else:
        out.write_text(text, "utf-8")
    return out


def line_of(path: Path, needle: str) -> int:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    return next(i for i, s in enumerate(text.split("\n"), 1) if needle in s)


def net_liq(path: Path) -> float:
    row = next(r for r in independent.rows(path) if r and r[0] == "Net Liquidating Value")
    return independent.money(row[1])


def total_cash(path: Path) -> float:
    row = next(r for r in independent.rows(path) if r and r[0].startswith("Total Cash"))
    return independent.money(row[0][len("Total Cash") :])


# -- thinkorswim without an account number -------------------------------------------------


@pytest.mark.parametrize("path", [NO_ACCOUNT, CASH_ONLY], ids=lambda p: p.stem)
def test_statement_without_account_number_gets_a_stable_id(path: Path, tmp_path: Path) -> None:
    h = load_household([path])
    (acct,) = h.accounts
    assert acct.id.startswith("thinkorswim-") and len(acct.id) > len("thinkorswim-")
    # the same content under another name is the same account; other content is not
    again = load_household([copy(path, tmp_path, "renamed.csv")])
    assert again.accounts[0].id == acct.id
    other = NO_ACCOUNT if path == CASH_ONLY else CASH_ONLY
    assert load_household([other]).accounts[0].id != acct.id
    (w,) = [w for w in h.warnings if "names no account number" in w.message]
    assert w.line == 1 and acct.id in w.message
    assert h.total == pytest.approx(net_liq(path), abs=0.005)
    assert acct.reported_total == pytest.approx(net_liq(path))
    assert acct.reported_total_label == "Net Liquidating Value"


def test_statement_without_account_number_single_position_and_cash() -> None:
    h = load_household([NO_ACCOUNT])
    (acct,) = h.accounts
    assert (acct.name, acct.type) == ("Contributory IRA", "tax_deferred")
    stock, cash = h.records()
    row = next(r for r in independent.rows(NO_ACCOUNT) if r and r[0] == "KLIC")
    assert (stock.symbol, stock.quantity) == ("KLIC", float(row[2]))
    assert stock.market_value == pytest.approx(independent.money(row[5]))
    assert stock.source_line == line_of(NO_ACCOUNT, "KLIC,KULICKE")
    assert (cash.symbol, cash.market_value) == ("CASH", pytest.approx(total_cash(NO_ACCOUNT)))


def test_statement_with_cash_only_and_no_equities_section() -> None:
    h = load_household([CASH_ONLY])
    (acct,) = h.accounts
    assert (acct.name, acct.type) == ("Individual", "taxable")
    (cash,) = h.records()
    assert cash.asset_type == "cash" and cash.market_value == pytest.approx(total_cash(CASH_ONLY))


# -- paperMoney ---------------------------------------------------------------------------


def test_papermoney_statement_title_on_line_3_marked_paper_trading() -> None:
    h = load_household([PAPER])
    assert h.files[0].format == "thinkorswim-statement"
    (acct,) = h.accounts
    assert acct.id == "D-81234567"
    assert "paper trading" in acct.name
    assert any("paperMoney" in w.message for w in h.warnings)
    assert h.total == pytest.approx(net_liq(PAPER), abs=0.005)
    assert [r.symbol for r in h.records()] == ["CELH", "CASH"]


def test_a_real_statement_is_not_marked_paper_trading() -> None:
    h = load_household([DATA / "thinkorswim_statement_2025.csv"])
    assert "paper" not in h.accounts[0].name.lower()


# -- Fidelity single-account view -----------------------------------------------------------


def test_fidelity_single_account_view_is_one_account_named_from_the_file(tmp_path: Path) -> None:
    path = copy(FIDELITY_VIEW, tmp_path, "Positions_Z12345678 Roth IRA.csv")
    h = load_household([path])
    assert h.files[0].format == "fidelity-single-account"
    (acct,) = h.accounts
    assert acct.name == "Fidelity Positions_Z...5678 Roth IRA"  # from the name, number masked
    assert acct.type == "tax_free"
    assert load_household([FIDELITY_VIEW]).accounts[0].id == acct.id  # same content, same id
    messages = [w.message for w in h.warnings]
    assert any("names no account" in m for m in messages)
    assert any(UNCHECKED in m for m in messages)
    assert h.total == pytest.approx(independent.column_sum(FIDELITY_VIEW, "Value"), abs=0.005)
    by_symbol = {r.symbol: r for r in h.records()}
    assert by_symbol["SPAXX"].asset_type == "money_market"
    assert by_symbol["CASH"].asset_type == "cash"
    option = by_symbol["VRT260320C160"]
    assert (option.asset_type, option.multiplier, option.quantity) == ("option", 100.0, -1.0)
    crdo = next(r for r in independent.rows(FIDELITY_VIEW) if r[0] == "CRDO")
    assert by_symbol["CRDO"].cost_basis == pytest.approx(float(crdo[1]) * float(crdo[3]))
    # every row reconciles: quantity x price x multiplier is the value the file states
    assert not [w for w in h.warnings if "quantity x price" in w.message]


# -- the strongest total ------------------------------------------------------------------


def _positions_before_total(path: Path) -> float:
    """Sum of the Value $ column of the E*TRADE table up to its TOTAL row, with csv."""
    rows = independent.rows(path)
    header = next(r for r in rows if r[:1] == ["Symbol"] and "Value $" in r)
    col = header.index("Value $")
    total = 0.0
    for r in rows[rows.index(header) + 1 :]:
        if r and r[0] == "TOTAL":
            return total
        if r and r[0]:
            total += independent.money(r[col])
    raise AssertionError("no TOTAL row")


def _etrade(tmp_path: Path, old: str, new: str) -> tuple[Path, Household]:
    text = ETRADE_VIEW.read_bytes().decode("utf-8")
    assert old in text
    path = copy(ETRADE_VIEW, tmp_path, "view.csv", text.replace(old, new))
    return path, load_household([path])


def test_etrade_custom_view_is_silent_when_its_total_row_agrees() -> None:
    h = load_household([ETRADE_VIEW])
    (acct,) = h.accounts
    nav = independent.money(independent.rows(ETRADE_VIEW)[2][1])
    assert abs(nav - h.total) > 1  # the Net Account Value disagrees with the positions...
    assert acct.reported_total_label == "TOTAL row"  # ...but the TOTAL row is what counts
    assert acct.reported_total == pytest.approx(_positions_before_total(ETRADE_VIEW))
    assert not h.warnings, [str(w) for w in h.warnings]


def test_etrade_total_row_disagreeing_is_named_with_the_difference(tmp_path: Path) -> None:
    path, h = _etrade(tmp_path, ",19816.50,", ",19916.50,")
    (w,) = h.warnings
    assert w.line == line_of(path, "TOTAL,") and "TOTAL row" in w.message
    difference = _positions_before_total(path) - 19916.50
    assert f"difference -${-difference:,.2f}" in w.message


def test_etrade_falls_back_to_net_account_value_without_a_total(tmp_path: Path) -> None:
    _, h = _etrade(tmp_path, ",19816.50,", ",--,")
    (acct,) = h.accounts
    assert acct.reported_total_label == "Net Account Value"
    (w,) = h.warnings
    assert "Net Account Value" in w.message and w.line == 3
    assert f"difference -${19874.30 - h.total:,.2f}" in w.message


def test_etrade_filtered_view_says_what_it_leaves_out(tmp_path: Path) -> None:
    _, h = _etrade(tmp_path, ",All,Value $,Desc,", ",Equities,Value $,Desc,")
    (w,) = h.warnings
    assert UNCHECKED in w.message and "Equities" in w.message


def test_thinkorswim_names_net_liquidating_value_when_it_disagrees(tmp_path: Path) -> None:
    text = NO_ACCOUNT.read_text("utf-8").replace('"$6,350.45"', '"$6,400.45"')
    h = load_household([copy(NO_ACCOUNT, tmp_path, "s.csv", text)])
    (w,) = [w for w in h.warnings if "add up to" in w.message]
    assert "Net Liquidating Value" in w.message and "difference -$50.00" in w.message


def test_schwab_names_its_total_row() -> None:
    h = load_household([DATA / "schwab_positions_2026_all_accounts.csv"])
    assert {a.reported_total_label for a in h.accounts} == {"Account Total"}
    h = load_household([DATA / "schwab_positions_2026_individual.csv"])
    assert h.accounts[0].reported_total_label == "Positions Total"
