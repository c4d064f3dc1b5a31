"""The Holdings tab: every position with its buckets, classification source and quality."""

from __future__ import annotations

import pandas as pd

from planner.core.plan import BUCKET_NAMES
from planner.core.privacy import mask_account
from planner.views.labels import SOURCES, label
from planner.workflow import PlanRun

HOLDING_COLUMNS = [
    "Symbol",
    "Description",
    "Account",
    "Quantity",
    "Price",
    "Value",
    "Cost",
    "Unrealised gain",
    "Weight",
    "Buckets",
    "Source",
    "As of",
    "Quality",
    "_unknown",
    "_note",
]


QUALITY_LABELS = {
    "refinancing_risk": "refinancing risk",
    "unprofitable": "unprofitable (not acted on)",
    "sound": "sound",
    "unknown": "",
}


def _quality(run: PlanRun, symbol: str) -> str:
    v = run.quality.get(symbol)
    return QUALITY_LABELS.get(v.status, v.status) if v is not None else ""


def _quality_note(run: PlanRun, symbol: str) -> str:
    v = run.quality.get(symbol)
    return v.rule if v is not None and v.status != "unknown" else ""


def holdings_frame(run: PlanRun | None) -> pd.DataFrame:
    """One row per position; ``_unknown`` flags what could not be classified, ``_note`` is the
    quality note shown on hover."""
    rows = []
    if run is not None:
        total = run.exposure.total or 1.0
        records = run.household.records()  # the same rows, in the same order
        for p, r in zip(run.exposure.positions, records, strict=True):
            c = p.classification
            mix = ", ".join(f"{BUCKET_NAMES[k]} {v:.0%}" for k, v in c.mix.items() if v)
            rows.append(
                {
                    "Symbol": p.symbol,
                    "Description": p.description,
                    "Account": mask_account(p.account_id),
                    "Quantity": r.quantity,
                    "Price": r.price,
                    "Value": p.market_value,
                    "Cost": r.cost_basis,
                    "Unrealised gain": (
                        p.market_value - r.cost_basis if r.cost_basis is not None else None
                    ),
                    "Weight": p.market_value / total,
                    "Buckets": mix,
                    "Source": label(SOURCES, c.source),
                    "As of": c.as_of.isoformat() if c.as_of else "unknown",
                    "Quality": _quality(run, p.symbol),
                    "_unknown": c.source == "unknown",
                    "_note": _quality_note(run, p.symbol),
                }
            )
    return pd.DataFrame(rows, columns=HOLDING_COLUMNS)
