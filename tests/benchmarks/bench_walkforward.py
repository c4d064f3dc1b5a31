"""The full walk-forward over ``../shared/reference`` (``make evidence``; also part of
``make bench``): one run writes every figure the README quotes - ``bench-output/evidence.json``
and ``evidence.txt`` - and the chart ``docs/regime-walkforward.svg``, and times it.

Floor: ``pandas.read_csv`` of the same files (the price table and every FRED CSV) - what
reading the data costs without our line-by-line checks. The walk-forward itself (the rules at
302 month-ends, the statistics with a 2,000-resample bootstrap, the policy paths) is reported
in seconds beside it.
"""

from __future__ import annotations

import io
import json
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

from planner.cli.regime import print_evidence
from planner.core.walkforward import walk_forward
from planner.market.regime_inputs import load_history
from planner.reports.regime_chart import walkforward_svg
from planner.reports.regime_json import evidence_json
from planner.storage import write_text_atomic

REPO = Path(__file__).resolve().parents[2]
REFERENCE = Path("../shared/reference")  # as the README and the chart name it
CHART = REPO / "docs" / "regime-walkforward.svg"


def run(out: Path, reference: Path = REFERENCE, chart: Path | None = CHART) -> dict[str, float]:
    folder = reference if reference.is_absolute() else REPO / reference
    if not folder.is_dir():
        return {}
    t0 = time.perf_counter()
    market = load_history(folder, today=date.today())
    t1 = time.perf_counter()
    ev = walk_forward(market)
    t2 = time.perf_counter()
    files = [folder / "prices" / "etf_adjclose_daily.csv", *sorted((folder / "fred").glob("*.csv"))]
    f0 = time.perf_counter()
    for f in files:
        pd.read_csv(f)
    floor = time.perf_counter() - f0
    out.mkdir(parents=True, exist_ok=True)
    doc = evidence_json(ev, str(reference))
    write_text_atomic(out / "evidence.json", json.dumps(doc, indent=2, allow_nan=False) + "\n")
    text = io.StringIO()
    print_evidence(ev, str(reference), text)
    write_text_atomic(out / "evidence.txt", text.getvalue())
    if chart is not None:
        caption = (
            f"Data: {reference} ({ev.small}, {ev.large} adjusted closes; FRED). "
            f"make evidence, run {date.today().isoformat()}."
        )
        write_text_atomic(chart, walkforward_svg(ev, caption))
    return {
        "load_s": t1 - t0,
        "walk_forward_s": t2 - t1,
        "read_csv_floor_s": floor,
        "load_ratio": (t1 - t0) / floor,
        "month_ends": float(len(ev.rows)),
    }


def main() -> int:
    out = REPO / "bench-output"
    r = run(out)
    if not r:
        print(f"{REFERENCE} is not beside the repository: no walk-forward", file=sys.stderr)
        return 1
    sys.stdout.write((out / "evidence.txt").read_text(encoding="utf-8"))
    print(
        f"\nwalk-forward over {r['month_ends']:.0f} month-ends: {r['walk_forward_s']:.1f} s; "
        f"reading and checking the data: {r['load_s']:.2f} s against pandas.read_csv of the "
        f"same files {r['read_csv_floor_s']:.2f} s -> ratio {r['load_ratio']:.1f}; written "
        f"{out / 'evidence.json'}, {out / 'evidence.txt'}, {CHART.relative_to(REPO)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
