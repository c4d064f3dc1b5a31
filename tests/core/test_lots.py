"""Tax lots in the holdings model: which position a lot belongs to, what the solver gets, and
when the lots do not add up to their position. Households are built by hand here, so each
expectation is worked out from the rows written in the test."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from planner.core.errors import InputError
from planner.core.holdings import (
    Account,
    Household,
    LotRecord,
    SourceFile,
    merge_households,
    normalize_positions,
)
from planner.core.lots import account_number, attach_lots
from planner.core.problem import Lot

POS = "pos.csv"
LOTS = "lots.csv"


def household(
    rows: list[tuple[str, str, float, float | None]],
    lots: list[LotRecord],
    accounts: list[Account] | None = None,
) -> Household:
    """Positions (account, symbol, quantity, cost basis) at $10 a share, lines 2, 3, ..."""
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r[0] for r in rows],
                "symbol": [r[1] for r in rows],
                "quantity": [r[2] for r in rows],
                "price": [10.0] * len(rows),
                "market_value": [10.0 * r[2] for r in rows],
                "cost_basis": [float("nan") if r[3] is None else r[3] for r in rows],
                "source_file": [POS] * len(rows),
                "source_line": list(range(2, 2 + len(rows))),
            }
        )
    )
    if accounts is None:
        ids = dict.fromkeys(r[0] for r in rows)
        accounts = [Account(i, f"Account {i}", "taxable", POS) for i in ids]
    files = (SourceFile(POS, "test", None), SourceFile(LOTS, "test-lots", None))
    return Household(files, tuple(accounts), frame, (), tuple(lots))


def lot(
    account: str,
    symbol: str,
    quantity: float,
    cost: float | None,
    line: int,
    acquired: date | None = None,
    file: str = LOTS,
) -> LotRecord:
    return LotRecord(account, symbol, acquired, quantity, cost, file, line)


def test_lots_by_position_gives_the_solver_its_lots_in_file_order() -> None:
    d1, d2 = date(2020, 1, 2), date(2025, 6, 30)
    h = household(
        [("A1", "VTI", 30.0, 2000.0), ("A1", "IWM", 5.0, 400.0)],
        [lot("A1", "VTI", 10.0, 500.0, 7, d2), lot("A1", "VTI", 20.0, 1500.0, 8, d1)],
    )
    assert h.lots_by_position() == {
        ("A1", "VTI"): (Lot(10.0, 500.0, d2), Lot(20.0, 1500.0, d1)),
    }  # IWM has none: the solver treats it as one undated lot at its cost basis


def test_a_masked_number_a_name_or_nothing_finds_the_account() -> None:
    accounts = [
        Account("...046", "Individual", "taxable", POS),
        Account("Z11122233", "Joint WROS - TOD", "taxable", POS),
    ]
    rows: list[tuple[str, str, float, float | None]] = [
        ("...046", "NVDA", 10.0, None),
        ("Z11122233", "AAPL", 5.0, None),
        ("Z11122233", "IWM", 1.0, None),
        ("...046", "IWM", 2.0, None),
    ]
    h = attach_lots(
        household(
            rows,
            [
                lot("XXXX-8046", "NVDA", 10.0, None, 4),  # Schwab's lot details mask
                lot("joint wros - tod", "AAPL", 5.0, None, 5),  # Fidelity names the account
                lot("Z11122233", "IWM", 1.0, None, 6),  # the id itself
            ],
            accounts,
        )
    )
    assert [(x.account_id, x.symbol) for x in h.lots] == [
        ("...046", "NVDA"),
        ("Z11122233", "AAPL"),
        ("Z11122233", "IWM"),
    ]
    assert h.warnings == ()


def test_a_file_naming_no_account_gives_a_lot_to_the_only_holder() -> None:
    h = attach_lots(
        household(
            [("A1", "VTI", 5.0, None), ("A2", "IWM", 5.0, None)], [lot("", "IWM", 5.0, None, 3)]
        )
    )
    assert h.lots[0].account_id == "A2"


@pytest.mark.parametrize(
    ("rows", "the_lot", "said"),
    [
        (
            [("A1", "VTI", 5.0, None)],
            lot("A1", "IWM", 5.0, None, 9),
            "a lot of IWM of account A1, but account A1 holds no IWM: the lots file and the "
            "positions file disagree (not the same account, or not the same day)",
        ),
        (
            [("A1", "VTI", 5.0, None)],
            lot("B7", "VTI", 5.0, None, 9),
            "a lot of VTI of account B7, but no imported account is B7: import that account's "
            "positions file with its lots",
        ),
        (
            [("Z12345678", "VTI", 5.0, None)],
            lot("XXXX-9999", "VTI", 5.0, None, 9),
            "a lot of VTI of account XXXX-9999, but no imported account is XXXX-9999: import "
            "that account's positions file with its lots",
        ),
        (
            [("A1", "VTI", 5.0, None)],
            lot("", "IWM", 5.0, None, 9),
            "a lot of IWM, but no imported position holds IWM: import the positions file of "
            "its account with the lots file",
        ),
        (
            [("A1", "VTI", 5.0, None), ("A2", "VTI", 5.0, None)],
            lot("", "VTI", 5.0, None, 9),
            "the lots file does not say which account its VTI lots belong to, and accounts A1 "
            "and A2 all hold VTI",
        ),
        (
            [("A1", "VTI", 5.0, None), ("A2", "VTI", 5.0, None), ("A3", "VTI", 5.0, None)],
            lot("", "VTI", 5.0, None, 9),
            "the lots file does not say which account its VTI lots belong to, and accounts "
            "A1, A2 and A3 all hold VTI",
        ),
        (
            [("...046", "VTI", 5.0, None), ("...1046", "VTI", 5.0, None)],
            lot("XXXX-1046", "VTI", 5.0, None, 9),
            "the lots of VTI of account XXXX-1046 could belong to accounts ...046 and ...1046: "
            "the lots file does not tell them apart",
        ),
    ],
    ids=[
        "symbol-not-held",
        "unknown-account",
        "unknown-number",
        "nobody-holds-it",
        "ambiguous",
        "three-hold-it",
        "two-numbers-match",
    ],
)
def test_a_lot_no_position_can_take_is_refused_naming_its_line(
    rows: list[tuple[str, str, float, float | None]], the_lot: LotRecord, said: str
) -> None:
    with pytest.raises(InputError) as info:
        attach_lots(household(rows, [the_lot]))
    assert (info.value.file, info.value.line) == (LOTS, 9)
    assert info.value.reason == said
    assert str(info.value).startswith(f"{LOTS}:9: ")


def test_a_short_masked_number_finds_the_full_account_number() -> None:
    # the positions file gives the whole number, the lots file only its last three digits
    h = attach_lots(
        household(
            [("Z12348046", "NVDA", 10.0, None), ("Z55500011", "NVDA", 1.0, None)],
            [lot("...046", "NVDA", 10.0, None, 4)],
        )
    )
    assert [x.account_id for x in h.lots] == ["Z12348046"]


def test_lots_that_do_not_add_up_warn_with_file_line_account_symbol_and_difference() -> None:
    h = attach_lots(
        household(
            [("A1", "VTI", 30.0, 2000.0), ("A1", "IWM", 10.0, 1000.0)],
            [
                lot("A1", "VTI", 10.0, 500.0, 7),
                lot("A1", "VTI", 15.0, 1500.0, 8),  # 25 shares, cost 2000: 5 shares missing
                lot("A1", "IWM", 10.0, 600.0, 9),
                lot("A1", "IWM", 0.0004, 400.004, 10),  # within rounding: silent
            ],
        )
    )
    (w,) = h.warnings
    assert (w.file, w.line, w.account_id) == (LOTS, 7, "A1")
    assert "VTI" in w.message and "25 shares" in w.message and "holds 30" in w.message
    assert "difference -5" in w.message and "a cost of" not in w.message
    assert f"{POS}:2" in w.message  # where the position is


def test_a_cost_off_by_more_than_rounding_warns_and_unknown_costs_are_not_compared() -> None:
    h = attach_lots(
        household(
            [("A1", "VTI", 30.0, 2000.0), ("A1", "IWM", 10.0, 1000.0)],
            [
                lot("A1", "VTI", 30.0, 2000.03, 7),  # 3 cents over: 2 figures, tolerance 1 cent
                lot("A1", "IWM", 5.0, None, 8),
                lot("A1", "IWM", 5.0, 999.0, 9),
            ],
        )
    )
    (w,) = h.warnings
    assert w.line == 7 and "$2,000.03" in w.message and "$2,000.00" in w.message
    assert "difference $0.03" in w.message


def test_a_second_file_with_lots_of_the_same_position_is_left_out_with_a_warning() -> None:
    h = attach_lots(
        household(
            [("A1", "VTI", 30.0, 2000.0)],
            [
                lot("A1", "VTI", 30.0, 2000.0, 7),
                lot("A1", "VTI", 30.0, 2000.0, 3, file="again.csv"),
            ],
        )
    )
    assert [x.source_file for x in h.lots] == [LOTS]
    (w,) = h.warnings
    assert w.file == "again.csv" and "already came from lots.csv" in w.message


def test_each_position_keeps_its_own_lots_file_and_a_repeat_warns_once() -> None:
    # VTI's lots come from lots.csv, IWM's from iwm.csv: both kept. A second copy of VTI's
    # lots (two lots in again.csv) is left out with one warning at its first lot.
    h = attach_lots(
        household(
            [("A1", "VTI", 30.0, 2000.0), ("A1", "IWM", 5.0, 400.0)],
            [
                lot("A1", "VTI", 30.0, 2000.0, 7),
                lot("A1", "IWM", 5.0, 400.0, 2, file="iwm.csv"),
                lot("A1", "VTI", 10.0, 500.0, 3, file="again.csv"),
                lot("A1", "VTI", 20.0, 1500.0, 4, file="again.csv"),
            ],
        )
    )
    assert [(x.symbol, x.source_file) for x in h.lots] == [("VTI", LOTS), ("IWM", "iwm.csv")]
    assert [(w.file, w.line, w.account_id, w.message) for w in h.warnings] == [
        ("again.csv", 3, "A1", "the lots of VTI already came from lots.csv; these are left out")
    ]


@pytest.mark.parametrize("said", ["A1", ""], ids=["named", "not-named"])
def test_a_symbol_on_two_rows_of_one_account_takes_its_lots(said: str) -> None:
    # E*TRADE lists a symbol twice in one account: still one holder, not two
    h = attach_lots(
        household(
            [("A1", "MSFT", 50.0, 100.0), ("A1", "MSFT", 10.0, 50.0)],
            [lot(said, "MSFT", 60.0, 150.0, 9)],
        )
    )
    assert [(x.account_id, x.quantity) for x in h.lots] == [("A1", 60.0)]
    assert h.warnings == ()


def test_position_lots_follow_the_row_they_sit_under() -> None:
    # MSFT on two rows (lines 2 and 3), each with a lot sub-row below it in the same file.
    h = household(
        [("A1", "MSFT", 50.0, 100.0), ("A1", "MSFT", 10.0, 50.0), ("A1", "QQQ", 1.0, 1.0)],
        [
            lot("A1", "MSFT", 50.0, 100.0, 3, file=POS),
            lot("A1", "MSFT", 10.0, 50.0, 4, file=POS),
            lot("A1", "QQQ", 1.0, 1.0, 2),
        ],
    )
    per_row = h.position_lots()
    assert [[x.source_line for x in row] for row in per_row] == [[3], [4], [2]]


def test_merging_a_repeated_account_leaves_its_lots_out_too() -> None:
    a = household([("A1", "VTI", 30.0, 2000.0)], [lot("A1", "VTI", 30.0, 2000.0, 5, file=POS)])
    b = household([("A1", "VTI", 30.0, 2000.0)], [lot("A1", "VTI", 30.0, 2000.0, 5, file="b")])
    only_lots = Household((SourceFile(LOTS, "x", None),), (), lots=(lot("A1", "VTI", 1, 1, 9),))
    merged = merge_households([a, b, only_lots])
    assert [(x.source_file, x.source_line) for x in merged.lots] == [(POS, 5), (LOTS, 9)]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("XXXX-8046", "8046"),
        ("...046", "046"),
        ("Z12345678", "12345678"),
        ("12345678", "12345678"),  # unmasked: the first digit is a digit, not a prefix
        ("Individual ...920", "920"),
        ("Joint WROS - TOD", None),
        ("12", None),
        ("", None),
    ],
)
def test_account_numbers_masked_or_not(text: str, digits: str | None) -> None:
    assert account_number(text) == digits
