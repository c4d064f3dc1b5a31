"""The regime as the JSON document of ``rotation-planner regime --json`` (README "regime")."""

from __future__ import annotations

import math
from typing import Any

from planner.core.policy import Tilt
from planner.core.regime import FAMILIES, Regime


def _r(x: float | None, nd: int = 6) -> float | None:
    return round(x, nd) if x is not None and math.isfinite(x) else None


def regime_json(regime: Regime, tilt: Tilt | None = None) -> dict[str, Any]:
    """``tilt``: the policy's fade settings for ``fade`` (the defaults when not given)."""
    tilt = tilt or Tilt()
    strength = tilt.strength(regime.age_days)
    return {
        "as_of": regime.as_of.isoformat() if regime.as_of else None,
        "age_days": regime.age_days,
        "stale": regime.stale,
        "label": regime.label,
        "previous_label": regime.previous_label,
        "composite": regime.composite,
        "coverage": regime.coverage,
        "min_coverage": regime.settings.min_coverage,
        "tilt": regime.tilt,
        "fade": {
            "full_until_days": tilt.full_until_days,
            "zero_after_days": tilt.zero_after_days,
            "override_reason": tilt.override_reason.strip() or None,
            "strength": round(strength, 6),
            "applied_tilt": round(regime.tilt * strength, 6),
        },
        "source": regime.source,
        "families": {
            fam: {"weight": round(w, 6), "available_weight": round(have, 6),
                  "score": _r(score), "reads": FAMILIES.get(fam, (0.0, ""))[1]}
            for fam, (w, have, score) in regime.families().items()
        },
        "signals": [
            {
                "id": s.id,
                "name": s.name,
                "family": s.family,
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

