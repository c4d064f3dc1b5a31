"""Every fixture and sample imports exactly as the readers did before the completeness,
detection and memory work (``tests/data/golden_imports.json``, written by
``python -m tests.brokers.snapshot write`` from the code as it was): the same accounts,
positions, totals and formats. A difference is either a bug or a deliberate change that
rewrites the golden file in its own commit.
"""

from __future__ import annotations

import json

import pytest

from tests.brokers.snapshot import GOLDEN, digest, fixtures, samples, snapshot
from tests.conftest import DATA

EXPECTED = json.loads(GOLDEN.read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED["fixtures"]))
def test_fixture_imports_as_before(name: str) -> None:
    assert snapshot(DATA / name) == EXPECTED["fixtures"][name]


def test_the_golden_record_covers_the_fixtures_it_was_written_for() -> None:
    # Fixtures added later (new layouts) have their own tests; none of the old ones may go.
    assert set(EXPECTED["fixtures"]) <= {p.name for p in fixtures()}
    assert len(EXPECTED["fixtures"]) >= 13


@pytest.mark.samples
@pytest.mark.skipif(not samples(), reason="../shared/samples is not beside the repo")
@pytest.mark.parametrize("path", samples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_imports_as_before(path) -> None:  # type: ignore[no-untyped-def]
    snap = snapshot(path)
    key = f"{path.parent.name}/{path.name}"
    assert digest(snap) == EXPECTED["samples"][key], json.dumps(snap, indent=1)
