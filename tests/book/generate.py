"""A generated book: households made from the real layouts in ``tests/data`` (each fixture
read once by its reader), one to three files per household, every account renumbered for its
client and every position scaled by a factor of its own - so no two clients share an account
number or a total. Deterministic per seed."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path

from planner.book import Book
from planner.book.clients import create_client, store_snapshot
from planner.book.plans import record_plan
from planner.brokers import merge_files, read_file
from planner.core.holdings import Household, normalize_positions
from tests.conftest import DATA

#: Fixtures that import without a column mapping, one per layout and version.
LAYOUTS = (
    "schwab_positions_2026_all_accounts.csv",
    "schwab_positions_2023_individual.csv",
    "fidelity_positions_2024.csv",
    "vanguard_brokerage_2025.csv",
    "etrade_portfolio_lots_2025.csv",
    "merrill_holdings_2025.csv",
    "thinkorswim_statement_2025.csv",
    "ibkr_flex_positions_2025.csv",
)


@cache
def _fixture(name: str) -> tuple[Household, bytes]:
    path = DATA / name
    return read_file(path), path.read_bytes()


def household(seed: int) -> tuple[Household, dict[str, bytes]]:
    """Household ``seed``: its snapshot and its files' bytes by SHA-256."""
    rng = random.Random(seed)
    names = rng.sample(LAYOUTS, rng.randint(1, 3))
    parts = [_fixture(n) for n in names]
    merged = merge_files([h for h, _ in parts])
    scale = round(rng.uniform(0.3, 4.0), 3)
    ids = {a.id: f"{a.id}-{seed:04d}" for a in merged.accounts}
    pos = merged.positions.copy()
    pos["account_id"] = pos["account_id"].map(ids)
    for col in ("quantity", "market_value", "cost_basis"):
        pos[col] = (pos[col] * scale).round(2 if col != "quantity" else 4)
    accounts = tuple(
        replace(
            a,
            id=ids[a.id],
            reported_total=None if a.reported_total is None else a.reported_total * scale,
        )
        for a in merged.accounts
    )
    warnings = tuple(
        replace(w, account_id=ids.get(w.account_id or "", w.account_id)) for w in merged.warnings
    )
    out = Household(merged.files, accounts, normalize_positions(pos), warnings)
    return out, {h.files[0].sha256: data for h, data in parts}


def generate(
    book: Book, count: int, seed: int = 0, plans: dict[int, dict[str, object]] | None = None
) -> list[int]:
    """``count`` clients ``Household <seed + 1>``... in the book, in one transaction. With
    ``plans`` (a plan document per household seed modulo its length) each also gets a draft
    plan of that document, as a book re-planned earlier would have."""
    ids = []
    when = datetime(2026, 11, 30, 9, 0).isoformat(timespec="seconds")
    with book.write() as conn:
        for i in range(count):
            h, contents = household(seed + i)
            cid = create_client(conn, f"Household {seed + i + 1:04d}")
            store_snapshot(conn, cid, h, contents, list(contents))
            if plans:
                doc = plans[i % len(plans)]
                record_plan(conn, cid, f"gen-{i:04d}", when, doc, "")
            ids.append(cid)
    return ids


def fixture_paths() -> list[Path]:
    return [DATA / n for n in LAYOUTS]
