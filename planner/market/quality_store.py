"""The quality screen's inputs for a set of symbols: their CIKs and the financial facts in the
cache (fetched by ``securities refresh-financials``), screened as of a day. A company without
facts in the cache is ``unknown`` - nothing is guessed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from planner.core.quality import QualityVerdict
from planner.core.quality_report import screen_symbols
from planner.core.universe import symbol_key
from planner.market.ciks import load_ciks
from planner.market.financials_cache import load_store


@lru_cache(maxsize=1)
def _ciks_by_key() -> dict[str, str]:
    """The symbol directory's CIKs by :func:`symbol_key` (read and keyed once a process)."""
    return {symbol_key(k): v for k, v in load_ciks().items()}


def verdicts_for(
    symbols: Iterable[str], today: date | None = None
) -> tuple[dict[str, QualityVerdict], list[str]]:
    """Symbol -> verdict for ``symbols``, and one sentence per cached file that could not be
    read (its company then shows as unknown)."""
    wanted = sorted(set(symbols))
    by_key = _ciks_by_key()
    ciks = {s: by_key[symbol_key(s)] for s in wanted if symbol_key(s) in by_key}
    store, problems = load_store(set(ciks.values()))
    return screen_symbols(wanted, ciks, store, today=today or date.today()), problems
