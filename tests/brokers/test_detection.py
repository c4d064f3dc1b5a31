"""Detection scans the first lines of a file for each layout's markers, past disclaimers,
titles and blank lines; exactly one layout may claim a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.brokers import READERS, load_household
from planner.brokers.base import WINDOW
from planner.brokers.source import Source
from planner.core.errors import InputError
from tests.brokers.snapshot import fixtures, samples
from tests.conftest import DATA

ALL = [*fixtures(), *samples()]

#: Lines a person or a tool may put above an export: a note, a disclaimer, a title, blanks.
LEADING = [
    '"Exported for the Hill household review, 2026-01-05"',
    "",
    '"Confidential: prepared for the account holder only. Figures are unaudited."',
    "Client copy",
    "",
]


def claims(path: Path) -> list[str]:
    src = Source.from_bytes(path.read_bytes(), str(path))
    return [r.name for r in READERS if r.detect(src) is not None]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_exactly_one_layout_claims_each_known_file(path: Path) -> None:
    assert len(claims(path)) == 1, claims(path)


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: p.name)
def test_detection_reads_past_leading_lines(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    eol = b"\r\n" if b"\r\n" in body else b"\n"
    prefix = eol.join(line.encode() for line in LEADING) + eol
    moved = tmp_path / path.name
    moved.write_bytes(prefix + body)
    before, after = load_household([path]), load_household([moved])
    assert after.files[0].format == before.files[0].format
    assert [(a.id, a.name, a.type, a.reported_total) for a in after.accounts] == [
        (a.id, a.name, a.type, a.reported_total) for a in before.accounts
    ]
    cols = ["account_id", "symbol", "quantity", "price", "market_value", "cost_basis"]
    assert after.positions[cols].equals(before.positions[cols])
    shifted = (after.positions["source_line"] - before.positions["source_line"]).unique()
    assert shifted.tolist() in ([len(LEADING)], [])


def test_markers_beyond_the_window_are_not_looked_for(tmp_path: Path) -> None:
    path = DATA / "merrill_holdings_2025.csv"
    moved = tmp_path / "late.csv"
    moved.write_bytes(b"note\n" * WINDOW + path.read_bytes())
    with pytest.raises(InputError) as info:
        load_household([moved])
    assert "unknown layout" in info.value.reason and info.value.line == 1


def test_a_file_two_layouts_claim_is_refused_naming_both(tmp_path: Path) -> None:
    schwab = (DATA / "schwab_positions_2026_individual.csv").read_text("utf-8")
    fidelity = (DATA / "fidelity_positions_2024.csv").read_text("utf-8-sig")
    both = tmp_path / "both.csv"
    both.write_text(fidelity.splitlines()[0] + "\n" + schwab, "utf-8")
    with pytest.raises(InputError) as info:
        load_household([both])
    err = info.value
    assert err.line == 1
    assert "schwab" in err.reason and "fidelity" in err.reason
