"""A command-line call that only reads files - ``rotation-planner holdings`` on the demo
household - against a bare ``import pandas``, each in a fresh interpreter (same run): a command
imports only what it uses, so the floor is the one library every command needs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from planner.resources import demo_files


def _seconds(args: list[str], home: str) -> float:
    env = {**os.environ, "ROTATION_PLANNER_HOME": home}
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def run(home: str, repeats: int = 7) -> dict[str, float]:
    files = [str(p) for p in demo_files()]
    ours, bare = [], []
    for _ in range(repeats):
        ours.append(_seconds(["-m", "planner.cli", "holdings", *files], home))
        bare.append(_seconds(["-c", "import pandas"], home))
    o, b = statistics.median(ours), statistics.median(bare)
    return {"holdings_s": o, "import_pandas_s": b, "ratio": o / b}
