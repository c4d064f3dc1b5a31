"""Damaged exports: whatever happens to a real file (lines dropped, duplicated, swapped or
garbled, cells replaced, the file cut short), importing it either works - with warnings
where it disagrees with itself - or raises the project's own InputError. Nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner.brokers import read_source
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import POSITION_COLUMNS, Household
from tests.conftest import DATA, SAMPLES

FILES = sorted(p for p in DATA.glob("*.csv") if "custodian" not in p.name)
if SAMPLES.is_dir():
    FILES += sorted(SAMPLES.glob("*/*.csv"))
ORIGINALS = {p: p.read_bytes() for p in FILES}

junk_text = st.one_of(
    st.text(alphabet=st.sampled_from(list('0123456789$,.()-+"=%~ abcXYZ\t;\x00')), max_size=12),
    st.sampled_from(["--", "N/A", "", '"', '""', "(", "1e999", "nan", "Account Total", "TOTAL"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(FILES))
    lines = ORIGINALS[path].split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(["drop", "duplicate", "swap", "garble", "cell", "truncate", "blank"])
        )
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "garble":
            line = bytearray(lines[i])
            for _ in range(draw(st.integers(1, 5))):
                if line:
                    k = draw(st.integers(0, len(line) - 1))
                    line[k] = draw(st.integers(0, 255))
            lines[i] = bytes(line)
        elif kind == "cell":
            cells = lines[i].split(b",")
            k = draw(st.integers(0, len(cells) - 1))
            cells[k] = draw(junk_text).encode("utf-8")
            lines[i] = b",".join(cells)
        elif kind == "blank":
            lines.insert(i, b"")
        else:
            data = b"\n".join(lines)
            cut = draw(st.integers(0, len(data)))
            lines = data[:cut].split(b"\n")
    return str(path), b"\n".join(lines)


def check_household(h: Household) -> None:
    assert list(h.positions.columns) == list(POSITION_COLUMNS)
    assert h.accounts
    ids = {a.id for a in h.accounts}
    assert set(h.positions["account_id"]) <= ids
    assert not pd.isna(h.positions["market_value"]).any()
    for w in h.warnings:
        assert w.file and w.message


@settings(
    max_examples=int(__import__("os").environ.get("MUTATION_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_damaged_exports_raise_only_input_error(case: tuple[str, bytes]) -> None:
    path, data = case
    try:
        h = read_source(Source.from_bytes(data, path))
    except InputError as err:
        event("rejected with InputError")
        assert err.file == path
        assert str(err).startswith(path)
        assert "\n" not in str(err)
        return
    event("imported" + (" with warnings" if h.warnings else ""))
    check_household(h)


def test_mutation_corpus_is_not_empty() -> None:
    assert len(FILES) >= 13
    assert all(Path(p).stat().st_size > 0 for p in FILES)
