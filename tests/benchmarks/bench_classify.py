"""Classify a 5,000-position household against the full bundled universe, against a bare
pandas merge of the same positions with the same security table (the floor: a join that
finds each symbol's row and nothing more)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pandas as pd

from planner.core.classify import Reference
from planner.core.exposure import classify_records, compute_exposure
from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.profiles import _split
from planner.market.securities import load_reference


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def make_household(ref: Reference, positions: int = 5_000, seed: int = 12) -> Household:
    """Mostly listed stocks (some written as Fidelity does, ``BRKB``, some by CUSIP), funds
    of the fund table, and a few symbols nobody knows, over ten accounts."""
    rng = random.Random(seed)
    stocks = sorted(s for s, i in ref.securities.items() if i.asset_type == "equity")
    funds = sorted(ref.funds)
    cusips = sorted(ref.cusips)
    rows = []
    for i in range(positions):
        r = rng.random()
        if r < 0.72:
            symbol, kind = rng.choice(stocks), "equity"
        elif r < 0.76:
            symbol, kind = rng.choice(stocks).replace(".", ""), "equity"
        elif r < 0.80:
            symbol, kind = rng.choice(cusips), "equity"
        elif r < 0.98:
            symbol, kind = rng.choice(funds), "etf"
        else:
            symbol, kind = f"ZZ{i:05d}", "equity"
        value = round(rng.uniform(100, 250_000), 2)
        rows.append((f"A{i % 10}", symbol, kind, value))
    frame = pd.DataFrame(
        {
            "account_id": [r[0] for r in rows],
            "symbol": [r[1] for r in rows],
            "description": ["" for _ in rows],
            "asset_type": [r[2] for r in rows],
            "quantity": [1.0 for _ in rows],
            "price": [r[3] for r in rows],
            "market_value": [r[3] for r in rows],
            "source_file": ["bench.csv" for _ in rows],
            "source_line": list(range(2, len(rows) + 2)),
        }
    )
    accounts = tuple(Account(f"A{i}", f"Account {i}", "taxable", "bench.csv") for i in range(10))
    return Household(
        (SourceFile("bench.csv", "bench", None),), accounts, normalize_positions(frame)
    )


def run(repeat: int = 9) -> dict[str, float]:
    t = time.perf_counter()
    ref = load_reference()
    load_s = time.perf_counter() - t
    h = make_household(ref)
    records = h.records()
    table = pd.DataFrame(
        {
            "symbol": list(ref.securities),
            "market_cap_usd": [i.market_cap_usd for i in ref.securities.values()],
            "asset_type": [i.asset_type for i in ref.securities.values()],
        }
    )
    positions = h.positions

    def cold() -> Reference:
        """The reference under the rank scheme with no fund mix cached from a previous run
        (the key indexes, built once per loaded universe, stay)."""
        _split.cache_clear()
        fresh = ref.with_buckets("rank")
        object.__setattr__(
            fresh, "_memo", {k: v for k, v in ref._memo.items() if isinstance(k, str)}
        )
        return fresh

    ref.resolve("AAPL"), ref.fund("IVV")  # build the key indexes once, as loading does

    def ours() -> None:
        classify_records(records, cold())

    def exposure() -> None:
        compute_exposure(h, cold())

    def floor() -> None:
        positions.merge(table, on="symbol", how="left")

    classify_s = _best(ours, repeat)
    exposure_s = _best(exposure, repeat)
    merge_s = _best(floor, repeat)
    return {
        "positions": float(len(records)),
        "securities": float(len(ref.securities)),
        "load_reference_s": load_s,
        "classify_s": classify_s,
        "exposure_s": exposure_s,
        "merge_s": merge_s,
        "ratio": classify_s / merge_s,
        "exposure_ratio": exposure_s / merge_s,
    }


if __name__ == "__main__":
    print(run())
