"""The book: a generated book of 500 households (from the layouts in ``tests/data``) listed -
in the app, offscreen, from the database to the painted table; and without Qt against a bare
``sqlite3`` fetch of the same rows (the floor) - and re-planned on every core, against the sum
of the same households' single plans made one after another in one process (the floor the
parallel re-plan divides: 1/cores is perfect)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

LIST_IN_APP = r"""
import json, os, time
from planner.gui.app import make_app, build_window
from PySide6.QtWidgets import QApplication
app = make_app()
w = build_window()
w.show()
app.processEvents()
times = []
for _ in range(5):
    t = time.perf_counter()
    w.book.reload()
    app.processEvents()
    times.append(time.perf_counter() - t)
assert w.book.view.model().rowCount() == COUNT
print(json.dumps({"list_app_s": sorted(times)[len(times) // 2]}), flush=True)
os._exit(0)
"""


def _in_app(home: Path, count: int) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ROTATION_PLANNER_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-c", LIST_IN_APP.replace("COUNT", str(count))],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["list_app_s"])


def run(home: Path, count: int = 500) -> dict[str, float]:
    """Everything in ``home`` (the user folders), the environment put back afterwards."""
    before = os.environ.get("ROTATION_PLANNER_HOME")
    os.environ["ROTATION_PLANNER_HOME"] = str(home)
    try:
        return _run(home, count)
    finally:
        if before is None:
            os.environ.pop("ROTATION_PLANNER_HOME", None)
        else:
            os.environ["ROTATION_PLANNER_HOME"] = before


def _run(home: Path, count: int) -> dict[str, float]:
    from planner.book import open_book
    from planner.book.plans import _LIST, client_rows
    from planner.book_replan import replan_book
    from planner.bookflow import client_inputs, client_policy
    from planner.views.book import book_frame
    from planner.workflow import _book_inputs, plan_household
    from tests.book.generate import generate

    book, _ = open_book()
    ids = generate(book, count)
    load_before = os.getloadavg()[0]
    workers = os.cpu_count() or 1
    # the book re-planned on every core (the first time also warms the workers' caches)
    t = time.perf_counter()
    results = replan_book(book, ids, workers=workers)
    wall = time.perf_counter() - t
    assert len(results) == count and not any(r.error for r in results)
    # the same households planned one by one in this process, inputs already loaded
    ref, regime = _book_inputs(None)
    singles = 0.0
    for cid in ids:
        client, household, types = client_inputs(book, cid)
        t = time.perf_counter()
        plan_household(
            household, client_policy(client), None, None, ref, regime, False, account_types=types
        )
        singles += time.perf_counter() - t
    # the list without Qt, against sqlite3 fetching the same rows
    listing, floor = [], []
    for _ in range(5):
        t = time.perf_counter()
        with book.read() as conn:
            rows = client_rows(conn)
        book_frame(rows, date.today())
        listing.append(time.perf_counter() - t)
        t = time.perf_counter()
        with sqlite3.connect(book.path) as conn:
            conn.execute(_LIST).fetchall()
        floor.append(time.perf_counter() - t)
    ours, bare = sorted(listing)[2], sorted(floor)[2]
    return {
        "households": float(count),
        "workers": float(workers),
        "replan_wall_s": wall,
        "singles_sum_s": singles,
        "worker_sum_s": sum(r.seconds for r in results),
        "replan_ratio": wall / singles,
        "list_s": ours,
        "list_floor_s": bare,
        "list_ratio": ours / bare,
        "list_app_s": _in_app(home, count),
        "book_mb": book.path.stat().st_size / 1e6,
        "load_before": load_before,  # other work on the machine: the ratio needs idle cores
    }


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
        print(json.dumps(run(Path(tmp), count), indent=2))
