"""The benchmarks are not run by make test (make bench runs them), but they must not rot: each
module imports, and the helpers it names exist."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "bench_book",
    "bench_classify",
    "bench_gui",
    "bench_import",
    "bench_solver",
    "bench_walkforward",
    "bench_workbook",
    "__main__",
]


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"tests.benchmarks.{name}")
    assert callable(getattr(module, "run", None) or getattr(module, "main", None))
