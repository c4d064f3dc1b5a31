"""A damaged file is refused or flagged, never imported as a smaller household.

The cases of issue 13, each on the real sample (``samples``, skipped when absent) and on the
fixture of the same layout (so the suite stands alone): a thinkorswim statement cut after
~1,200 bytes, an E*TRADE download cut before its TOTAL row, a Fidelity download cut in the
middle of a row, a Schwab All-Accounts file without its second header row - each refused with
``FILE:LINE: the file ends before ...`` or a line naming what is missing; and one blank line
inserted in the middle of an E*TRADE, Fidelity, Merrill or Vanguard table, which must import
exactly as the whole file does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.brokers import load_household
from planner.core.errors import InputError
from planner.core.holdings import Household
from tests.brokers import independent
from tests.conftest import DATA, SAMPLES

needs_samples = [
    pytest.mark.samples,
    pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the repo"),
]


def sample(rel: str) -> object:
    return pytest.param(SAMPLES / rel, marks=needs_samples, id=rel)


def fixture(name: str) -> object:
    return pytest.param(DATA / name, id=name)


def write(tmp_path: Path, source: Path, data: bytes) -> Path:
    out = tmp_path / source.name
    out.write_bytes(data)
    return out


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_household([path])
    err = info.value
    assert err.file == str(path)
    assert err.line is not None and err.line >= 1
    assert str(err).startswith(f"{path}:{err.line}: ")
    return err


def last_line(data: bytes) -> int:
    """The number of the last line holding any text (what an editor shows for the cut)."""
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    return max(i for i, line in enumerate(lines, 1) if line.strip())


# -- files cut short -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        sample("thinkorswim/account-statement-2025-12.csv"),
        fixture("thinkorswim_statement_2025.csv"),
    ],
)
def test_thinkorswim_cut_after_1200_bytes_is_refused(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    cut = data[: min(1200, len(data) // 2)]
    err = refused(write(tmp_path, path, cut))
    assert "the file ends before" in err.reason and "Account Summary" in err.reason
    assert err.line == last_line(cut)


@pytest.mark.parametrize(
    "path", [sample("etrade/positions-2026.csv"), fixture("etrade_portfolio_lots_2025.csv")]
)
def test_etrade_cut_before_total_is_refused(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    cut = data[: data.index(b"\nTOTAL,") + 1]
    err = refused(write(tmp_path, path, cut))
    assert "the file ends before" in err.reason and "TOTAL" in err.reason
    assert err.line == last_line(cut)


@pytest.mark.parametrize(
    ("path", "row"),
    [
        pytest.param(
            SAMPLES / "fidelity/positions-2024-11.csv",
            b"Z00000002,Cash Manage",
            marks=needs_samples,
            id="fidelity/positions-2024-11.csv",
        ),
        pytest.param(
            DATA / "fidelity_positions_2024.csv", b"Y87654321,ROTH IRA,FSKAX,FIDEL", id="fixture"
        ),
    ],
)
def test_fidelity_cut_mid_row_is_refused(path: Path, row: bytes, tmp_path: Path) -> None:
    data = path.read_bytes()
    cut = data[: data.index(row) + len(row)]
    assert cut.endswith(row)
    err = refused(write(tmp_path, path, cut))
    assert "the file ends before" in err.reason
    assert err.line == last_line(cut)


@pytest.mark.parametrize(
    "path",
    [
        sample("schwab/positions-2020-all-accounts.csv"),
        fixture("schwab_positions_2021_all_accounts.csv"),
    ],
)
def test_schwab_all_accounts_without_its_second_header_is_refused(
    path: Path, tmp_path: Path
) -> None:
    lines = path.read_bytes().split(b"\n")
    headers = [i for i, line in enumerate(lines) if line.startswith(b'"Symbol","Description"')]
    assert len(headers) == 2
    del lines[headers[1]]
    damaged = write(tmp_path, path, b"\n".join(lines))
    err = refused(damaged)
    # The account title above the missing header is where the file stops making sense.
    assert err.line == headers[1], err
    assert "header" in err.reason


# -- one blank line in the middle of a table -------------------------------------------------


def _insert_blank(data: bytes, after_row: bytes) -> bytes:
    eol = b"\r\n" if b"\r\n" in data else b"\n"
    at = data.index(after_row)
    end = data.index(b"\n", at) + 1
    return data[:end] + eol + data[end:]


def _same_household(a: Household, b: Household) -> None:
    assert [(x.id, x.name, x.type, x.reported_total) for x in a.accounts] == [
        (x.id, x.name, x.type, x.reported_total) for x in b.accounts
    ]
    cols = ["account_id", "symbol", "asset_type", "quantity", "price", "market_value"]
    assert a.positions[cols].equals(b.positions[cols])
    assert a.total == pytest.approx(b.total, abs=0.005)


BLANK_CASES = [
    # (file, a row after which the blank line goes, the independent total)
    pytest.param(
        SAMPLES / "etrade/positions-2026.csv",
        b"MRVL,",
        ("row", "TOTAL", "Value $"),
        marks=needs_samples,
        id="etrade-sample",
    ),
    pytest.param(
        DATA / "etrade_portfolio_lots_2025.csv",
        b"     06/03/2024",
        ("row", "TOTAL", "Value $"),
        id="etrade-fixture",
    ),
    pytest.param(
        SAMPLES / "fidelity/positions-2024-11.csv",
        b"Z00000001,Individual,AAPL",
        ("sum", "Current Value", "Account Number"),
        marks=needs_samples,
        id="fidelity-sample",
    ),
    pytest.param(
        DATA / "fidelity_positions_2024.csv",
        b"X12345678,Joint WROS - TOD,GS",
        ("sum", "Current Value", "Account Number"),
        id="fidelity-fixture",
    ),
    pytest.param(
        SAMPLES / "merrill/holdings.csv",
        b'"V1VI9"',
        ("sum", "Value ($)", "Account #"),
        marks=needs_samples,
        id="merrill-sample",
    ),
    pytest.param(
        DATA / "merrill_holdings_2025.csv",
        b'"D3E4F"',
        ("sum", "Value ($)", "Account #"),
        id="merrill-fixture",
    ),
    pytest.param(
        SAMPLES / "vanguard/positions-brokerage.csv",
        b"10000005,DANAHER",
        ("sum", "Total Value", "Account Number"),
        marks=needs_samples,
        id="vanguard-sample",
    ),
    pytest.param(
        DATA / "vanguard_brokerage_2025.csv",
        b"44556677,VANGUARD SMALL-CAP",
        ("sum", "Total Value", "Account Number"),
        id="vanguard-fixture",
    ),
    pytest.param(
        DATA / "vanguard_529_2025.csv",
        b"88012345-01,Vanguard 500",
        ("sum", "Total Value", "Fund Account Number"),
        id="vanguard-529-fixture",
    ),
]


@pytest.mark.parametrize(("path", "after", "truth"), BLANK_CASES)
def test_a_blank_line_inside_a_table_is_read_through(
    path: Path, after: bytes, truth: tuple[str, str, str], tmp_path: Path
) -> None:
    whole = load_household([path])
    damaged = write(tmp_path, path, _insert_blank(path.read_bytes(), after))
    h = load_household([damaged])
    _same_household(h, whole)
    kind, a, b = truth
    if kind == "row":
        expected = independent.row_value(path, a, b)
    else:
        expected = independent.column_sum(path, a, key=b)
    assert h.total == pytest.approx(expected, abs=0.01)


# -- Fidelity: no totals, but every row states its share of the account ----------------------

FIDELITY_CASES = [
    pytest.param(SAMPLES / "fidelity/positions-2024-11.csv", marks=needs_samples, id="sample"),
    pytest.param(DATA / "fidelity_positions_2024.csv", id="fixture"),
]


def _percent_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line, cells) of the rows that state a Percent Of Account, with csv."""
    rows = independent.rows(path)
    col = rows[0].index("Percent Of Account")
    return [(i, r) for i, r in enumerate(rows, 1) if len(r) > col and r[col].endswith("%")]


@pytest.mark.parametrize("path", FIDELITY_CASES)
def test_fidelity_row_dropped_from_an_account_is_flagged(path: Path, tmp_path: Path) -> None:
    rows = independent.rows(path)
    value = rows[0].index("Current Value")
    accounts = [r[0] for _, r in _percent_rows(path)]
    # the smallest row of an account that has more than one
    line, cells = min(
        ((n, r) for n, r in _percent_rows(path) if accounts.count(r[0]) > 1),
        key=lambda nr: abs(independent.money(nr[1][value])),
    )
    lines = path.read_bytes().split(b"\n")
    del lines[line - 1]
    h = load_household([write(tmp_path, path, b"\n".join(lines))])
    (w,) = [w for w in h.warnings if "add up to" in w.message]
    assert w.account_id == cells[0] and "Percent Of Account" in w.message


@pytest.mark.parametrize("path", FIDELITY_CASES)
def test_fidelity_damaged_value_only_row_is_flagged(path: Path, tmp_path: Path) -> None:
    line, cells = next((n, r) for n, r in _percent_rows(path) if r[2].endswith("**"))
    value = independent.rows(path)[0].index("Current Value")
    data = path.read_bytes()
    damaged = data.replace(f",{cells[value]},".encode(), b",$1.00,", 1)
    assert damaged != data
    h = load_household([write(tmp_path, path, damaged)])
    (w,) = [w for w in h.warnings if "Percent Of Account" in w.message]
    assert w.line == line and w.account_id == cells[0]
