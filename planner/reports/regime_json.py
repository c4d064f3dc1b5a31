"""The regime as the JSON document of ``rotation-planner regime --json``, and the walk-forward
evidence as that of ``rotation-planner regime --history DIR --json`` (README "regime")."""

from __future__ import annotations

import math
from typing import Any

from planner.core.policy import Tilt
from planner.core.regime import FAMILIES, Regime
from planner.core.walkforward import BASE_TARGETS, Evidence, HorizonStats, PolicyResult


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
            fam: {
                "weight": round(w, 6),
                "available_weight": round(have, 6),
                "score": _r(score),
                "reads": FAMILIES.get(fam, (0.0, ""))[1],
            }
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


CI_METHOD = (
    "moving-block bootstrap: blocks of max(12, 2 x horizon) consecutive month-ends "
    "resampled with replacement, percentile interval"
)


def _horizon(h: HorizonStats) -> dict[str, Any]:
    return {
        "months": h.months,
        "n": h.n,
        "independent_windows": h.independent,
        "rank_ic": _r(h.rank_ic, 4),
        "ci_95": [_r(h.ci[0], 4), _r(h.ci[1], 4)] if h.ci else None,
        "block_months": h.block,
        "fisher_95": [_r(h.fisher[0], 4), _r(h.fisher[1], 4)] if h.fisher else None,
        "tilted_months": h.tilted,
        "hit_rate": _r(h.hit_rate, 4),
        "small_calls": h.small_calls,
        "small_hit_rate": _r(h.small_hit_rate, 4),
        "mega_calls": h.mega_calls,
        "mega_hit_rate": _r(h.mega_hit_rate, 4),
        "sign_hit_rate": _r(h.sign_hit_rate, 4),
        "small_ahead": _r(h.small_ahead, 4),
        "mean_after": {k: _r(v) for k, v in h.mean_after.items()},
    }


def _policy(p: PolicyResult | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "annual_return": _r(p.annual_return),
        "volatility": _r(p.volatility),
        "max_drawdown": _r(p.max_drawdown),
        "turnover": _r(p.turnover),
        "final_value": _r(p.final_value),
        "years": _r(p.years, 2),
    }


def caveats(ev: Evidence) -> list[str]:
    """What the figures cannot say, in sentences built from the run."""
    runs = sum(n for label, n in ev.episodes.items() if label != "neutral")
    return [
        "In-sample rules: the thresholds and weights were written with this history in view "
        "(and the signals' published research covers much of it); nothing here is out of "
        "sample.",
        f"One market: US small-caps ({ev.small}) against US large-caps ({ev.large}), one "
        f"{len(ev.rows) / 12:.0f}-year path.",
        f"Few independent episodes: {runs} separate small- or mega-cap calls, and about "
        f"{ev.horizons[-1].independent if ev.horizons else 0} non-overlapping "
        f"{ev.horizons[-1].months if ev.horizons else 0}-month windows; overlapping monthly "
        "samples are not independent, hence the block bootstrap.",
        "Signals with no history are left out, and the composite is scaled by the weight that "
        "is left - the walk-forward tests what a data folder alone would have said, not the "
        "house view.",
        "Closes are dividend-adjusted (total return) without costs, taxes or bid-ask; the "
        "tilt is assumed traded at the month-end close its signals use.",
        "FRED series are today's vintage: revised series (GDP) would differ from what was "
        "first published.",
    ]


def evidence_json(ev: Evidence, folder: str = "") -> dict[str, Any]:
    rows = ev.rows
    return {
        "data": folder,
        "small": ev.small,
        "large": ev.large,
        "window": {
            "first": rows[0].date.isoformat(),
            "last": rows[-1].date.isoformat(),
            "month_ends": len(rows),
        },
        "series": {
            k: {
                "first": a.isoformat(),
                "last": b.isoformat(),
                "publication_lag": ev.lags[k].text(),
                "why": ev.lags[k].why,
            }
            for k, (a, b) in sorted(ev.series_span.items())
        },
        "signals": {
            "available_months": {k: n for k, n in ev.available.items() if n > 0},
            "left_out": dict(ev.left_out),
        },
        "coverage": {
            "min": _r(min(r.coverage for r in rows)),
            "max": _r(max(r.coverage for r in rows)),
            "required": ev.settings.min_coverage,
        },
        "ci_method": CI_METHOD,
        "bootstrap": {"resamples": ev.resamples, "seed": ev.seed},
        "horizons": [_horizon(h) for h in ev.horizons],
        "signal_ic": {k: {str(h): _r(v, 4) for h, v in d.items()} for k, d in ev.signal_ic.items()},
        "momentum_correlation": {k: _r(v, 4) for k, v in ev.momentum_correlation.items()},
        "episodes": dict(ev.episodes),
        "policy": {
            "targets": {
                "large": BASE_TARGETS["mega"],
                "small": BASE_TARGETS["small"],
                "cash": BASE_TARGETS["cash"],
            },
            "max_tilt": ev.settings.max_tilt,
            "cash": ev.cash,
            "without_tilt": _policy(ev.without_tilt),
            "with_tilt": _policy(ev.with_tilt),
            "with_previous_method": _policy(ev.with_previous_method),
            "tilt_vs_none": {k: _r(v) for k, v in ev.tilt_vs_none.items()},
        },
        "previous_method": [_horizon(h) for h in ev.previous_method],
        "months": [
            {
                "date": r.date.isoformat(),
                "composite": r.composite,
                "coverage": r.coverage,
                "label": r.label,
                "tilt": r.tilt,
                "ratio": _r(r.ratio),
                "forward": {str(h): _r(v) for h, v in r.forward.items()},
            }
            for r in rows
        ],
        "warnings": list(ev.warnings),
        "caveats": caveats(ev),
    }
