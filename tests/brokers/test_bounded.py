"""Hostile input costs time in proportion to its size and ends in a clear exit 3 or a clean
import: titles built to make a regular expression backtrack, fields and lines beyond any real
export, control characters in descriptions, numbers no account can hold.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from planner.brokers import load_household
from planner.cli import main
from planner.core.errors import InputError
from tests.conftest import DATA

SCHWAB = DATA / "schwab_positions_2026_individual.csv"
ETRADE = DATA / "etrade_portfolio_lots_2025.csv"
TOS = DATA / "thinkorswim_statement_2025.csv"
FIDELITY = DATA / "fidelity_positions_2024.csv"
_C0 = re.compile(r"[\x00-\x08\x0b-\x1f]")


def run_import(path: Path, timeout: float) -> tuple[int, str, float]:
    """Import in a child process (a backtracking regular expression cannot be interrupted
    from inside): exit code, stderr, seconds. Timing out fails the test."""
    code = (
        "import sys\nfrom planner.cli import main\n"
        f"sys.exit(main(['holdings', {str(path)!r}, '--json']))\n"
    )
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"importing {path.name} did not finish within {timeout:.0f} s")
    return done.returncode, done.stderr, time.perf_counter() - start


def replace_line(source: Path, number: int, text: str, tmp_path: Path) -> Path:
    lines = source.read_text("utf-8").splitlines()
    lines[number - 1] = text
    out = tmp_path / source.name
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


@pytest.mark.parametrize(
    ("source", "line", "title"),
    [
        # cubic in the old Schwab account-name expression
        (
            SCHWAB,
            1,
            '"Positions for account Individual ' + "1" * 3000 + ' x as of 07:49 PM ET, 2026/07/16"',
        ),
        # quadratic in the old E*TRADE summary expression
        (ETRADE, 3, "Rollover IRA -" + "1" * 40000 + "x,51620.48,1,1,1,1,1,1"),
        # quadratic in the old thinkorswim title expression
        (TOS, 1, "Account Statement for " + "A" * 40000 + " (Individual) since 11/1/25 through x"),
    ],
    ids=["schwab-title", "etrade-summary", "thinkorswim-title"],
)
def test_hostile_titles_finish_in_time(source: Path, line: int, title: str, tmp_path: Path) -> None:
    path = replace_line(source, line, title, tmp_path)
    # Interpreter start and imports take about a second; the file itself a few milliseconds.
    code, err, seconds = run_import(path, timeout=60)
    assert seconds < 15, seconds
    assert code in (0, 3), err
    if code == 3:
        assert err.startswith(f"{path}:") and "Traceback" not in err


def test_a_field_over_the_csv_module_limit_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SCHWAB.read_text("utf-8").replace("NVIDIA CORP", "N" * 140_000)
    path = tmp_path / "huge.csv"
    path.write_text(text, "utf-8")
    assert main(["holdings", str(path), "--json"]) == 3
    out, err = capsys.readouterr()
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "NNNN" in s)
    assert out == ""
    assert err.startswith(f"{path}:{line}: ") and "characters" in err


def test_control_characters_are_stripped_with_a_warning(tmp_path: Path) -> None:
    text = SCHWAB.read_text("utf-8")
    damaged = text.replace("NVIDIA CORP", "NVIDIA\x07 CORP\x1b").replace("AMZN", "AM\x0bZN", 1)
    path = tmp_path / "bell.csv"
    path.write_text(damaged, "utf-8")
    h = load_household([path])
    base = load_household([SCHWAB])
    assert h.total == pytest.approx(base.total)
    assert "NVIDIA CORP" in h.positions["description"].tolist()
    assert "AMZN" in h.positions["symbol"].tolist()
    line = next(i for i, s in enumerate(damaged.split("\n"), 1) if "\x0b" in s)
    (w,) = [w for w in h.warnings if "control character" in w.message]
    assert w.line == line and "3" in w.message
    # Nothing later chokes on them: every text a workbook would hold is clean, and openpyxl
    # (which refuses C0 controls) takes every one.
    table = h.table()
    texts = ["account_id", "account_name", "symbol", "description", "asset_type"]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, row in enumerate(table[texts].itertuples(index=False), 1):
        for c, value in enumerate(row, 1):
            assert not _C0.search(str(value))
            sheet.cell(r, c, str(value))
    book.save(tmp_path / "out.xlsx")


@pytest.mark.parametrize("cell", ["1e308", "inf", "-inf", "nan", "NaN", "$1e14", "1e999"])
def test_non_finite_or_absurd_numbers_are_bad_input(
    cell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FIDELITY.read_text("utf-8-sig").replace("$27315.60", cell)
    path = tmp_path / "odd.csv"
    path.write_text(text, "utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if f",{cell}," in s)
    with pytest.raises(InputError) as info:
        load_household([path])
    assert info.value.line == line and "AAPL" in info.value.reason
    assert main(["holdings", str(path), "--json"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"{path}:{line}: ")


def test_two_huge_values_never_leave_half_a_json_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        FIDELITY.read_text("utf-8-sig").replace("$27315.60", "1e308").replace("$15310.00", "1e308")
    )
    path = tmp_path / "two.csv"
    path.write_text(text, "utf-8")
    code = main(["holdings", str(path), "--json"])
    out, _ = capsys.readouterr()
    assert code == 3
    if out:  # pragma: no cover - the failure this test exists for
        json.loads(out)


HOSTILE_TEXT = [
    "CALL " * 12000,  # option words (asset typing)
    "1 " * 30000 + "'",  # the option-description pattern's digits and spaces
    "MONEY" + " " * 60000 + "x",  # "MONEY\s*MARKET" with nothing after the spaces
    "health " * 9000,  # account-type words
    "a (" * 20000,  # a dual-name header cell that never closes
    "12/" * 20000,  # dates everywhere
]


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=lambda t: repr(t[:8]))
def test_hostile_descriptions_and_names_cost_time_in_proportion(text: str, tmp_path: Path) -> None:
    source = FIDELITY.read_text("utf-8-sig")
    damaged = source.replace("APPLE INC", text).replace("Joint WROS - TOD", text[:60000], 1)
    path = tmp_path / "hostile.csv"
    path.write_text(damaged, "utf-8")
    start = time.perf_counter()
    h = load_household([path])
    assert time.perf_counter() - start < 2.0
    assert h.total == pytest.approx(load_household([FIDELITY]).total)
