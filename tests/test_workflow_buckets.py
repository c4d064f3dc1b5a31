"""Plans follow the policy's size scheme: the exposure they start from, the fund mixes, and the
workbook's assumptions name the scheme and its date."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from planner.core.buckets import describe_scheme
from planner.core.policy import BucketChoice, DollarLines, Policy
from planner.workflow import export_plan, import_household, plan_household
from tests.conftest import DATA

FILES = [str(DATA / "schwab_positions_2026_individual.csv")]


def test_the_policy_scheme_reaches_the_exposure_and_the_plan() -> None:
    h = import_household(FILES)
    rank = plan_household(h, Policy(), scenarios=False)
    assert rank.reference.size_scheme.name == "rank" and rank.exposure.scheme is not None
    sp = plan_household(h, replace(Policy(), buckets=BucketChoice("sp-ranges")), scenarios=False)
    assert sp.exposure.scheme is not None and sp.exposure.scheme.name == "sp-ranges"
    vb_rank = next(p for p in rank.exposure.positions if p.symbol == "VB").classification.mix
    vb_sp = next(p for p in sp.exposure.positions if p.symbol == "VB").classification.mix
    assert vb_rank != vb_sp
    assert sp.plan.buckets["mid"].current != rank.plan.buckets["mid"].current
    index = plan_household(
        h, replace(Policy(), buckets=BucketChoice("rank", "index")), scenarios=False
    )
    vb = next(p for p in index.exposure.positions if p.symbol == "VB").classification
    assert dict(vb.mix) == {"small": 1.0}
    lines = DollarLines(1e12, 100e9, 10e9, 1e9)
    mine = plan_household(
        h, replace(Policy(), buckets=BucketChoice("dollars", dollars=lines)), scenarios=False
    )
    assert mine.reference.thresholds.mega == 1e12
    assert "Size scheme dollars:" in describe_scheme(mine.reference.size_scheme)


def test_the_workbook_assumptions_state_the_scheme(tmp_path: Path) -> None:
    run = plan_household(import_household(FILES), Policy(), scenarios=False)
    out = tmp_path / "plan.xlsx"
    export_plan(run, xlsx=out)
    ws = load_workbook(out)["Assumptions"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    scheme = run.reference.size_scheme
    assert scheme.as_of is not None
    assert any(
        c.startswith(f"Size scheme rank ({scheme.as_of.isoformat()}): mega-caps (ranks 1–50")
        for c in cells
    )
    assert "Funds counted by look-through" in cells
    values = [c.value for row in ws.iter_rows() for c in row]
    assert scheme.breakpoints.mega in values  # the mega-cap line, a number formatted as $B
    assert 'scheme = "rank"' in cells
