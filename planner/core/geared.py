"""Leveraged and inverse funds, by what their names say ("ProShares UltraShort Russell2000",
"Direxion Daily Semiconductor Bull 3X"). Their value moves a multiple of their index's, or
against it, so a size bucket holding them at their value misstates the household: an inverse
fund is counted in ``other`` (it is short its index, not long it), a leveraged one in its
index's buckets at its value (a fraction of its exposure). Neither is traded by the plan
(:mod:`planner.core.facts`); an advisor who sets its bucket by hand takes that decision.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from planner.core.classify import Classification

Geared = Literal["leveraged", "inverse", ""]

#: "UltraShort", "UltraPro Short", "Inverse", "Bear", "Short S&P500": short the index. Not
#: "Ultra-Short Income" or "Short-Term Treasury", which are bond funds of short maturity.
_INVERSE = re.compile(
    r"\bULTRA\s?SHORT\b(?![\s-]*(?:TERM|DURATION|MATURITY|BOND|INCOME|MUNI|TREASURY|"
    r"GOVERNMENT|CREDIT|FIXED))"
    r"|\bULTRAPRO\s+SHORT\b|\bINVERSE\b|\bBEAR\b"
    r"|\bSHORT\s+(?:S\s*&\s*P|QQQ|DOW|RUSSELL|MIDCAP|SMALLCAP|MSCI|FTSE|\d+\+)",
    re.I,
)
#: "Ultra", "UltraPro", "Bull 3X", "2x", "1.5X", "Leveraged": a multiple of the index.
_LEVERAGED = re.compile(
    r"\bULTRA(?:PRO)?\b(?![\s-]*SHORT)|\b(?:[2-9]|1\.\d+)(?:\.\d+)?X\b|\bBULL\b|\bLEVERAGED\b",
    re.I,
)


def geared(*names: str) -> Geared:
    """What a fund's names (the master's or fund table's, the file's description) say it is:
    ``"inverse"``, ``"leveraged"`` or ``""``."""
    text = " ".join(n for n in names if n)
    if _INVERSE.search(text):
        return "inverse"
    if _LEVERAGED.search(text):
        return "leveraged"
    return ""


def gear(c: Classification, description: str) -> Classification:
    """``c`` (a fund's placement) as a leveraged or inverse fund, if its names say it is one."""
    kind = geared(c.name, description)
    if not kind:
        return c
    named = c.name or description
    if kind == "inverse":
        note = (
            f"an inverse fund ({named}): it gains when its index falls, so it is in no size "
            f"bucket; {c.note}"
        )
        return replace(c, mix={"other": 1.0}, note=note, geared=kind)
    note = f"a leveraged fund ({named}): counted at its value, a fraction of its exposure; {c.note}"
    return replace(c, note=note, geared=kind)
