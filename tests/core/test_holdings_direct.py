"""The holdings model directly: looking an account up, the canonical table with account name
and type, user overrides of account types, and which row each tax lot belongs to. Households
are built by hand, so every expectation follows from the rows written in the test."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.core.holdings import (
    POSITION_COLUMNS,
    Account,
    Household,
    ImportWarning,
    LotRecord,
    SourceFile,
    merge_households,
    normalize_positions,
)

POS = "pos.csv"


def household(
    rows: list[tuple[str, str, float, int]],
    lots: tuple[LotRecord, ...] = (),
    accounts: tuple[Account, ...] | None = None,
) -> Household:
    """Positions (account, symbol, market value, source line) from ``POS``."""
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r[0] for r in rows],
                "symbol": [r[1] for r in rows],
                "market_value": [r[2] for r in rows],
                "source_file": [POS] * len(rows),
                "source_line": [r[3] for r in rows],
            }
        )
    )
    if accounts is None:
        ids = dict.fromkeys(r[0] for r in rows)
        accounts = tuple(Account(i, f"Account {i}", "taxable", POS) for i in ids)
    return Household((SourceFile(POS, "test", None),), accounts, frame, (), lots)


def lot(account: str, symbol: str, line: int, file: str = POS) -> LotRecord:
    return LotRecord(account, symbol, None, 1.0, 1.0, file, line)


ACCOUNTS = (
    Account("A1", "Joint", "taxable", POS),
    Account("B2", "Roth IRA", "tax_free", POS),
)


def test_account_finds_the_one_with_that_id_and_a_missing_id_is_named() -> None:
    h = household([("A1", "VTI", 100.0, 2), ("B2", "BND", 50.0, 3)], accounts=ACCOUNTS)
    assert h.account("B2") is ACCOUNTS[1]
    assert h.account("A1") is ACCOUNTS[0]
    with pytest.raises(KeyError, match="'ZZ9'"):
        h.account("ZZ9")


def test_table_puts_account_name_and_type_right_after_the_account_id() -> None:
    h = household(
        [("A1", "VTI", 100.0, 2), ("B2", "BND", 50.0, 3), ("A1", "IWM", 25.0, 4)],
        accounts=ACCOUNTS,
    )
    t = h.table()
    assert list(t.columns) == [
        "account_id",
        "account_name",
        "account_type",
        *POSITION_COLUMNS[1:],
    ]
    assert t["account_name"].tolist() == ["Joint", "Roth IRA", "Joint"]
    assert t["account_type"].tolist() == ["taxable", "tax_free", "taxable"]
    assert t["symbol"].tolist() == ["VTI", "BND", "IWM"]
    assert "account_name" not in h.positions.columns  # the positions are left as they were


def test_with_account_types_overrides_only_the_accounts_named() -> None:
    lots = (lot("A1", "VTI", 9),)
    h = household([("A1", "VTI", 100.0, 2), ("B2", "BND", 50.0, 3)], lots, ACCOUNTS)
    out = h.with_account_types({"A1": "tax_deferred", "NOPE": "tax_free"})
    assert [(a.id, a.name, a.type) for a in out.accounts] == [
        ("A1", "Joint", "tax_deferred"),
        ("B2", "Roth IRA", "tax_free"),
    ]
    assert [a.type for a in h.accounts] == ["taxable", "tax_free"]  # the original is kept
    assert out.positions is h.positions and out.lots == lots and out.files == h.files


def test_a_lot_without_a_position_does_not_stop_the_lots_after_it() -> None:
    h = household(
        [("A1", "VTI", 100.0, 2), ("A1", "IWM", 50.0, 3)],
        (lot("A1", "GONE", 7, "lots.csv"), lot("A1", "IWM", 8, "lots.csv")),
    )
    assert [[x.symbol for x in row] for row in h.position_lots()] == [[], ["IWM"]]


def test_a_lot_goes_to_the_nearest_row_above_by_line_whatever_the_row_order() -> None:
    # MSFT on two rows of one file, listed line 9 first and line 3 second; a lot sub-row on
    # line 10 sits under line 9 (the nearest above), one on line 5 under line 3.
    h = household(
        [("A1", "MSFT", 100.0, 9), ("A1", "MSFT", 50.0, 3)],
        (lot("A1", "MSFT", 10), lot("A1", "MSFT", 5)),
    )
    assert [[x.source_line for x in row] for row in h.position_lots()] == [[10], [5]]


TEXT_COLUMNS = ("account_id", "symbol", "description", "asset_type", "source_file")
FLOAT_COLUMNS = ("quantity", "price", "market_value", "cost_basis", "multiplier")


def assert_canonical_dtypes(out: pd.DataFrame) -> None:
    """Numbers as float64, lines as int64, text as text (pandas' own string or object
    dtype, which varies with its version) - never a number column."""
    assert list(out.columns) == list(POSITION_COLUMNS)
    assert all(out[c].dtype == "float64" for c in FLOAT_COLUMNS)
    assert out["source_line"].dtype == "int64"
    assert not any(pd.api.types.is_numeric_dtype(out[c]) for c in TEXT_COLUMNS)


def test_normalize_positions_gives_canonical_dtypes_to_numbers_of_any_kind() -> None:
    # whole numbers (as SQLite gives them back), account numbers read as numbers, and lines
    # as floats: every column comes out in its canonical dtype, values kept
    frame = pd.DataFrame(
        {
            "source_line": [7.0, 8.0],
            "account_id": [1001, 1001],
            "symbol": ["VTI", "BND"],
            "quantity": [10, 3],
            "price": [250, 70],
            "market_value": [2500, 210],
        }
    )
    out = normalize_positions(frame)
    assert_canonical_dtypes(out)
    assert out["source_line"].tolist() == [7, 8] and out["account_id"].tolist() == [1001, 1001]
    assert (out["quantity"] * out["price"]).tolist() == [2500.0, 210.0]


def test_normalize_positions_fills_missing_columns_with_their_defaults() -> None:
    out = normalize_positions(pd.DataFrame({"symbol": ["VTI", "BND"], "market_value": [1.0, 2.0]}))
    assert_canonical_dtypes(out)
    assert out["multiplier"].tolist() == [1.0, 1.0]  # not given: 1
    assert out["source_line"].tolist() == [0, 0]
    for c in ("quantity", "price", "cost_basis"):
        assert out[c].isna().all()
    for c in ("account_id", "description", "asset_type", "source_file"):
        assert out[c].tolist() == ["", ""]
    assert out["market_value"].tolist() == [1.0, 2.0] and list(out.index) == [0, 1]


def test_records_give_none_for_a_missing_number_and_keep_the_rest() -> None:
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": ["A1", "B2"],
                "symbol": ["VTI", "CASH"],
                "description": ["VANGUARD TOTAL STOCK MKT ETF", "CASH & CASH INVESTMENTS"],
                "asset_type": ["etf", "cash"],
                "quantity": [10.0, float("nan")],
                "price": [250.0, float("nan")],
                "market_value": [2500.0, 75.5],
                "cost_basis": [float("nan"), 0.0],
                "source_file": [POS, POS],
                "source_line": [2, 3],
            }
        )
    )
    h = Household((SourceFile(POS, "test", None),), ACCOUNTS, frame)
    vti, cash = h.records()
    assert (vti.quantity, vti.price, vti.market_value, vti.cost_basis) == (
        10.0,
        250.0,
        2500.0,
        None,
    )
    assert (cash.quantity, cash.price, cash.market_value, cash.cost_basis) == (
        None,
        None,
        75.5,
        0.0,
    )
    assert (cash.account_id, cash.symbol, cash.asset_type, cash.multiplier) == (
        "B2",
        "CASH",
        "cash",
        1.0,
    )
    assert (cash.source_file, cash.source_line) == (POS, 3)
    assert (vti.description, vti.asset_type) == ("VANGUARD TOTAL STOCK MKT ETF", "etf")
    assert [r.symbol for r in h.records("B2")] == ["CASH"]


def test_an_import_warning_reads_file_line_account_and_message() -> None:
    assert str(ImportWarning("pos.csv", 12, "A1", "a note")) == "pos.csv:12: [account A1] a note"
    assert str(ImportWarning("pos.csv", None, None, "a note")) == "pos.csv: a note"
    assert str(ImportWarning("pos.csv", 0, "", "a note")) == "pos.csv:0: a note"


def test_account_totals_give_an_account_without_positions_zero() -> None:
    h = household([("A1", "VTI", 100.0, 2)], accounts=ACCOUNTS)
    assert h.account_totals() == {"A1": (0.0, 100.0), "B2": (0.0, 0.0)}


def test_merge_leaves_out_a_repeated_account_and_keeps_the_ones_after_it() -> None:
    first = household([("A1", "VTI", 100.0, 2)])
    # the second file repeats A1, then has C3
    second = Household(
        (SourceFile("b.csv", "test", None),),
        (Account("A1", "Joint", "taxable", "b.csv"), Account("C3", "IRA", "tax_deferred", "b.csv")),
        household([("A1", "VTI", 100.0, 2), ("C3", "BND", 40.0, 3)]).positions,
    )
    merged = merge_households([first, second])
    assert [f.path for f in merged.files] == [POS, "b.csv"]
    assert [a.id for a in merged.accounts] == ["A1", "C3"]
    assert merged.positions["symbol"].tolist() == ["VTI", "BND"] and merged.total == 140.0
    assert [(w.file, w.line, w.account_id, w.message) for w in merged.warnings] == [
        (
            "b.csv",
            None,
            "A1",
            f"account A1 was already imported from {POS}; this copy is left out so it is not "
            "counted twice",
        )
    ]


def test_merging_households_without_positions_gives_an_empty_table() -> None:
    lots_only = Household((SourceFile("lots.csv", "test-lots", None),), ())
    merged = merge_households([lots_only, lots_only])
    assert len(merged.positions) == 0 and list(merged.positions.columns) == list(POSITION_COLUMNS)
    assert [f.path for f in merged.files] == ["lots.csv", "lots.csv"]
