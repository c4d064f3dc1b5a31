"""Importing a large export needs memory in proportion to the file: at most five times its
size at the peak (issue 21; ``make bench`` measures a 1,000,000-row file). Here a 250,000-row
file, measured the same way - peak resident size of a fresh interpreter over its size after
imports - so the limit holds in every ``make test``, not only when someone runs the bench."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.bench_import import make_schwab_file, peak_memory

ROWS = 250_000


def test_peak_memory_of_a_large_import_is_at_most_five_times_the_file(tmp_path: Path) -> None:
    path = tmp_path / "large.csv"
    expected_total = make_schwab_file(path, ROWS)
    size_mb = path.stat().st_size / 2**20
    got = peak_memory(path, "import")
    assert got["rows"] == ROWS + 1  # every position and the cash line
    assert got["peak_mb"] <= 5 * size_mb, (got, size_mb)
    assert expected_total > 0
