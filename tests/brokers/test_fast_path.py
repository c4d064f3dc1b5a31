"""The C-tokenizer fast path (large files) and the csv-module path (small files) must read
every layout identically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.brokers import load_household
from planner.brokers import source as source_module
from planner.brokers.numbers import parse_column, parse_number
from tests.conftest import DATA, SAMPLES

FILES = sorted(p for p in DATA.glob("*.csv") if "custodian" not in p.name)
if SAMPLES.is_dir():
    FILES += sorted(SAMPLES.glob("*/*.csv"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_and_slow_paths_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = load_household([path])
    monkeypatch.setattr(source_module, "FAST_PATH_MIN_ROWS", 1)
    fast = load_household([path])
    pd.testing.assert_frame_equal(slow.positions, fast.positions)
    assert slow.accounts == fast.accounts
    assert [str(w) for w in slow.warnings] == [str(w) for w in fast.warnings]


CELLS = [
    "$1,234.56",
    "+$3.00",
    "-$126.75",
    "(1,234.56)",
    ".0050",
    "-.0000",
    "+100",
    "12.5%",
    '="123"',
    "--",
    "-",
    "N/A",
    "n/a",
    "~",
    "",
    " 7 ",
    "$-5",
    "1,784.87",
    "abc",
    "1.2.3",
]


def test_column_parser_matches_cell_parser() -> None:
    values, bad = parse_column(CELLS)
    for i, cell in enumerate(CELLS):
        try:
            one = parse_number(cell)
        except ValueError:
            assert i in bad, cell
            continue
        assert i not in bad, cell
        if one is None:
            assert values[i] != values[i], cell  # NaN
        else:
            assert values[i] == pytest.approx(one), cell


def test_cell_parser_reads_broker_notations() -> None:
    assert parse_number("$1,234.56") == 1234.56
    assert parse_number("(1,234.56)") == -1234.56
    assert parse_number("-$126.75") == -126.75
    assert parse_number("+$3.00") == 3.0
    assert parse_number(".0050") == 0.005
    assert parse_number("-.0000") == 0.0
    assert parse_number('="123"') == 123.0
    assert parse_number("1.234,56", decimal_comma=True) == 1234.56
    for placeholder in ("--", "-", "N/A", "n/a", "~", "", "$", "$ -"):
        assert parse_number(placeholder) is None
    for bad in ("abc", "1.2.3", "inf", "$x"):
        with pytest.raises(ValueError):
            parse_number(bad)


def _broker_style(x: float, style: int) -> str:
    a = abs(x)
    if style == 0:
        return f"-${a:,.2f}" if x < 0 else f"${a:,.2f}"
    if style == 1:
        return f"({a:,.2f})" if x < 0 else f"{a:,.2f}"
    if style == 2:
        return f"-{a:.2f}" if x < 0 else f"+{a:.2f}"
    return f"{x:.2f}"


@pytest.mark.parametrize("style", [0, 1, 2, 3])
def test_formatted_amounts_round_trip(style: int) -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.integers(-(10**11), 10**11), min_size=1, max_size=50))
    def check(cents: list[int]) -> None:
        cells = [_broker_style(c / 100, style) for c in cents]
        values, bad = parse_column(cells)
        assert bad == []
        assert values.tolist() == pytest.approx([c / 100 for c in cents], abs=1e-9)

    check()
