"""The regime as the JSON document of ``rotation-planner regime --json``."""

from __future__ import annotations

from typing import Any

from planner.core.regime import Regime


def regime_json(regime: Regime) -> dict[str, Any]:
    return {
        "as_of": regime.as_of.isoformat() if regime.as_of else None,
        "age_days": regime.age_days,
        "stale": regime.stale,
        "label": regime.label,
        "composite": regime.composite,
        "tilt": regime.tilt,
        "source": regime.source,
        "signals": [
            {
                "id": s.id,
                "name": s.name,
                "available": s.available,
                "value": s.value,
                "unit": s.unit,
                "change": s.change,
                "as_of": s.as_of.isoformat() if s.as_of else None,
                "source": s.source,
                "rule": s.rule,
                "score": s.score,
                "weight": s.weight,
                "contribution": s.contribution,
                "note": s.note,
            }
            for s in regime.signals
        ],
        "warnings": list(regime.warnings),
    }
