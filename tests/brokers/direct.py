"""Helpers of the direct tests of one reader (``test_*_direct.py``): a file written line by
line, read by the reader the layout is detected as, or refused naming the file and line; a
position record spelled out in full."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from planner.brokers import detect, load_household
from planner.brokers.base import ParsedFile
from planner.brokers.complete import table_end
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Household, PositionRecord


def write_lines(tmp_path: Path, lines: Sequence[str], name: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str, name: str) -> tuple[Path, Household]:
    """``text`` written as ``name`` and imported as a household."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path, load_household([path])


def refused_text(tmp_path: Path, text: str, name: str) -> tuple[Path, InputError]:
    """``text`` written as ``name``, and the error importing it raises, naming the file and
    its line."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(InputError) as info:
        load_household([path])
    err = info.value
    assert err.file == str(path)
    assert str(err) == f"{path}:{err.line}: {err.reason}"
    return path, err


def parsed_by(module: ModuleType, path: Path) -> ParsedFile:
    """``module``'s own reader, after checking that the layout is recognised as its own."""
    src = Source.from_path(path)
    assert detect(src) is module.READER
    result: ParsedFile = module.read(src)
    return result


def refused_by(module: ModuleType, path: Path) -> InputError:
    """The error ``module``'s reader raises on ``path``, which names the file and its line."""
    src = Source.from_path(path)
    with pytest.raises(InputError) as info:
        module.read(src)
    err = info.value
    assert err.file == str(path)
    assert str(err).startswith(f"{path}:{err.line}: ")
    return err


def line_of(text: str, needle: str) -> int:
    """The number of the one line of ``text`` holding ``needle``."""
    found = [i for i, s in enumerate(text.split("\n"), 1) if needle in s]
    assert len(found) == 1, (needle, found)
    return found[0]


def position(
    path: Path,
    line: int,
    account: str,
    symbol: str,
    description: str,
    asset_type: str,
    quantity: float | None,
    price: float | None,
    value: float,
    cost: float | None,
    multiplier: float = 1.0,
) -> PositionRecord:
    """The record a row on ``line`` of ``path`` must become."""
    return PositionRecord(
        account,
        symbol,
        description,
        asset_type,
        quantity,
        price,
        value,
        cost,
        multiplier,
        str(path),
        line,
    )


# Fidelity's closing lines (tests/data/fidelity_positions_2024.csv), a blank line before each:
# the positions and the lots downloads both end with them.
FIDELITY_DISCLAIMER = (
    '"The data and information in this spreadsheet is provided to you solely for your use and '
    'is not for distribution. The spreadsheet is provided for informational purposes only."'
)
FIDELITY_BROKERAGE = (
    '"Brokerage services are provided by Fidelity Brokerage Services LLC (FBS), 900 Salem '
    'Street, Smithfield, RI 02917."'
)
FIDELITY_DOWNLOADED = '"Date downloaded Dec-02-2024 at 9:05 a.m ET"'
FIDELITY_FOOTER = [
    "",
    FIDELITY_DISCLAIMER,
    "",
    FIDELITY_BROKERAGE,
    "",
    FIDELITY_DOWNLOADED,
]


def table_ends(
    lines: list[str], first: int, rows: set[int], end: str = "\n"
) -> tuple[int, list[int]]:
    """Where :func:`table_end` ends the table starting on ``first`` when the lines in ``rows``
    are rows, and which lines it asked about."""
    src = Source.from_text("\n".join(lines) + end, "export.csv")
    asked: list[int] = []

    def is_row(n: int) -> bool:
        asked.append(n)
        return n in rows

    return table_end(src, first, is_row), asked
