"""The benchmarks are not run by make test (make bench runs them), but they must not rot: each
module imports, and the helpers it names exist."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

MODULES = [p.stem for p in sorted((Path(__file__).parent / "benchmarks").glob("bench_*.py"))] + [
    "__main__"
]


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports(name: str) -> None:
    module = importlib.import_module(f"tests.benchmarks.{name}")
    assert callable(getattr(module, "run", None) or getattr(module, "main", None))


def test_the_kept_model_solves_what_a_fresh_model_solves() -> None:
    """The kept-model benchmark times like with like: after each edit the kept HiGHS object
    finds the objective a model built afresh finds."""
    from tests.benchmarks import bench_model_reuse

    r = bench_model_reuse.run(repeats=3)
    assert r["objective_difference"] < 1e-9 and r["kept_s"] > 0 and r["rebuild_s"] > 0
