"""The quality screen's inputs for a set of symbols: their CIKs and the financial facts in the
cache (fetched by ``securities refresh-financials``), screened as of a day. A company without
facts in the cache is ``unknown`` - nothing is guessed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from planner.core.quality import QualityVerdict
from planner.core.quality_report import screen_symbols, symbol_key
from planner.market.financials_cache import load_store
from planner.market.sec_refresh import load_ciks


@lru_cache(maxsize=1)
def _ciks() -> dict[str, str]:
    return load_ciks()


def verdicts_for(
    symbols: Iterable[str], today: date | None = None
) -> tuple[dict[str, QualityVerdict], list[str]]:
    """Symbol -> verdict for ``symbols``, and one sentence per cached file that could not be
    read (its company then shows as unknown)."""
    wanted = sorted(set(symbols))
    ciks = _ciks()
    by_key = {symbol_key(k): v for k, v in ciks.items()}
    needed = {by_key[symbol_key(s)] for s in wanted if symbol_key(s) in by_key}
    store, problems = load_store(needed)
    return screen_symbols(wanted, ciks, store, today=today or date.today()), problems
