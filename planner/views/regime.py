"""The Regime tab: the headline, the stale banner and the signals table."""

from __future__ import annotations

import pandas as pd

from planner.core.regime import Regime

SIGNAL_COLUMNS = [
    "Signal",
    "Value",
    "Unit",
    "Change",
    "As of",
    "Score",
    "Weight",
    "Contribution",
    "Source",
    "_rule",
]


def headline(regime: Regime | None) -> str:
    if regime is None:
        return "No regime"
    return f"{regime.label}  (composite {regime.composite:+.2f}, tilt {100 * regime.tilt:+.1f} pts)"


def stale_banner(regime: Regime | None) -> str | None:
    """The warning shown above the signals while the regime is stale; None when current."""
    if regime is None or not regime.stale:
        return None
    dated = regime.as_of.isoformat() if regime.as_of else "undated"
    return (
        f"Stale: the regime is as of {dated}, {regime.age_days} days old. Refresh it or load a "
        f"data folder before trading on the tilt. Source: {regime.source}"
    )


def signals_frame(regime: Regime | None) -> pd.DataFrame:
    rows = []
    for s in regime.signals if regime is not None else ():
        rows.append(
            {
                "Signal": s.name,
                "Value": s.value,
                "Unit": s.unit,
                "Change": s.change,
                "As of": s.as_of.isoformat() if s.as_of else "",
                "Score": s.score,
                "Weight": s.weight,
                "Contribution": s.contribution,
                "Source": s.source if s.available else "not available (nothing guessed)",
                "_rule": f"{s.rule}\n{s.note}".strip(),
            }
        )
    return pd.DataFrame(rows, columns=SIGNAL_COLUMNS)
