"""Import of a Schwab positions export against pandas reading the same file: time on 100,000
rows, peak memory on 1,000,000.

Memory is peak resident set size (what the operating system has to give the process: Python
objects, numpy and pandas buffers, and whatever the allocators keep), measured in a fresh child
process for each job - its high-water mark (``VmHWM``) minus its size once its libraries are
imported: the memory the job itself needs. tracemalloc would miss allocator overhead and
pandas' C buffers; ``ru_maxrss`` would count the parent's size (Linux carries it over exec).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from planner.brokers import read_file

HEADER = [
    "Symbol",
    "Description",
    "Qty (Quantity)",
    "Price",
    "Price Chng $ (Price Change $)",
    "Price Chng % (Price Change %)",
    "Mkt Val (Market Value)",
    "Day Chng $ (Day Change $)",
    "Day Chng % (Day Change %)",
    "Cost Basis",
    "Gain $ (Gain/Loss $)",
    "Gain % (Gain/Loss %)",
    "Ratings",
    "Reinvest?",
    "Reinvest Capital Gains?",
    "% of Acct (% of Account)",
    "Asset Type",
]


def _money(x: float) -> str:
    return f"-${-x:,.2f}" if x < 0 else f"${x:,.2f}"


def make_schwab_file(path: Path, rows: int = 100_000, seed: int = 7) -> float:
    """A 2025-26 layout Schwab export with ``rows`` positions; returns its total in dollars."""
    rng = random.Random(seed)
    out = ['"Positions for account Individual ...920 as of 07:49 PM ET, 2026/07/16"', ""]
    q = '","'
    out.append('"' + q.join(HEADER) + '",')
    total = 0
    for i in range(rows):
        qty = rng.randint(1, 5000)
        price_cents = rng.randint(100, 90_000)
        value_cents = qty * price_cents
        total += value_cents
        cost = value_cents * rng.uniform(0.5, 1.5) / 100
        v = value_cents / 100
        cells = [
            f"S{i:06d}",
            "SOME COMPANY INC",
            f"{qty:,}",
            f"{price_cents / 100:,.2f}",
            "-1.05",
            "-0.5%",
            _money(v),
            "-$12.00",
            "-0.1%",
            _money(cost),
            _money(v - cost),
            "3.2%",
            "B",
            "No",
            "N/A",
            "0.01%",
            "Equity",
        ]
        out.append('"' + q.join(cells) + '",')
    cash_cents = 123_456
    total += cash_cents
    out.append(
        '"Cash & Cash Investments","--","--","--","--","--","'
        + _money(cash_cents / 100)
        + '","$0.00","0%","--","--","--","--","--","--","0.01%","Cash and Money Market",'
    )
    out.append(
        '"Positions Total","","--","--","--","--","' + _money(total / 100) + '","--","--",'
        '"--","--","--","--","--","--","--","--",'
    )
    path.write_text("\n".join(out), encoding="utf-8")
    return total / 100


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run(workdir: Path, repeat: int = 5) -> dict[str, float]:
    path = workdir / "schwab-100k.csv"
    expected = make_schwab_file(path)
    h = read_file(path)
    assert len(h.positions) == 100_001 and abs(h.total - expected) < 0.01 and not h.warnings
    ours = _best(lambda: read_file(path), repeat)
    literal = _best(lambda: pd.read_csv(path, dtype=str), repeat)
    table = _best(lambda: pd.read_csv(path, dtype=str, skiprows=2), repeat)
    return {
        "rows": 100_001,
        "import_s": ours,
        "read_csv_literal_s": literal,
        "read_csv_table_s": table,
        "ratio_vs_table": ours / table,
        "ratio_vs_literal": ours / literal,
        "median_note": statistics.median([ours]),
    }


_MEASURE = """
import json, resource, sys, time
import pandas as pd
from planner.brokers import read_file

def status_mb(key):
    # VmHWM is this process image's own high-water mark; ru_maxrss would also count the
    # parent's size at fork, which execve carries over on Linux.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

job, path = sys.argv[1], sys.argv[2]
before = status_mb("VmRSS")
start = time.perf_counter()
if job == "import":
    rows = len(read_file(path).positions)
else:
    rows = len(pd.read_csv(path, dtype=str, skiprows=2))
seconds = time.perf_counter() - start
peak = status_mb("VmHWM")
print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak - before}))
"""


def peak_memory(path: Path, job: str) -> dict[str, float]:
    """Peak memory (MB over the process's size after its imports) and time of one job - the
    import or ``pandas.read_csv`` of the table - in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, job, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    out: dict[str, float] = json.loads(done.stdout)
    return out


def run_memory(workdir: Path, rows: int = 1_000_000) -> dict[str, float]:
    """The import of a ``rows``-row export against ``pandas.read_csv`` of its table."""
    path = workdir / f"schwab-{rows}.csv"
    make_schwab_file(path, rows)
    size_mb = path.stat().st_size / 2**20
    ours = peak_memory(path, "import")
    floor = peak_memory(path, "read_csv")
    path.unlink()
    return {
        "rows": ours["rows"],
        "file_mb": size_mb,
        "import_peak_mb": ours["peak_mb"],
        "import_s": ours["seconds"],
        "read_csv_peak_mb": floor["peak_mb"],
        "read_csv_s": floor["seconds"],
        "peak_over_file": ours["peak_mb"] / size_mb,
        "peak_ratio_vs_read_csv": ours["peak_mb"] / floor["peak_mb"],
        "time_ratio_vs_read_csv": ours["seconds"] / floor["seconds"],
    }
