"""The plan as the JSON document of ``rotation-planner plan --json`` (README "plan --json").

Weights are fractions, money dollars rounded to the cent, shares as the solver chose them.
"""

from __future__ import annotations

from typing import Any

from planner.core.plan import BucketRow, Plan, Scenario


def _bucket(row: BucketRow) -> dict[str, float]:
    return {
        "current": round(row.current, 6),
        "target": round(row.target, 6),
        "policy_target": round(row.policy_target, 6),
        "post": round(row.post, 6),
        "band": round(row.band, 6),
        "held": round(row.held, 6),
    }


def _scenario(s: Scenario) -> dict[str, Any]:
    return {
        "title": s.title,
        "status": s.status,
        "trades": s.trades,
        "turnover": s.turnover,
        "tax_total": s.tax_total,
        "residual_deviation": round(s.residual_deviation, 6),
        "buckets": {k: _bucket(v) for k, v in s.buckets.items()},
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    regime = plan.regime
    return {
        "household_total": plan.household_total,
        "status": plan.status,
        "trades": [
            {
                "account_id": t.account_id,
                "symbol": t.symbol,
                "side": t.side,
                "shares": t.shares,
                "price": t.price,
                "value": t.value,
                "realized_gain": t.realized_gain,
                "tax": t.tax,
                "reasons": list(t.reasons),
                "explanation": t.explanation,
                "wash_sale": t.wash_sale,
                "step": t.step,
                "price_as_of": t.price_as_of.isoformat() if t.price_as_of else None,
                "price_source": t.price_source,
                "lots": [
                    {
                        "acquired": s.acquired.isoformat() if s.acquired else None,
                        "shares": s.shares,
                        "cost": s.cost,
                        "term": s.term,
                        "gain": s.gain,
                    }
                    for s in t.lots
                ]
                if t.side == "sell"
                else [],
            }
            for t in plan.trades
        ],
        "frozen": [
            {
                "account_id": f.account_id,
                "symbol": f.symbol,
                "market_value": round(f.market_value, 2),
                "why": f.why,
            }
            for f in plan.frozen
        ],
        "accounts": [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "cash_before": a.cash_before,
                "cash_after": a.cash_after,
            }
            for a in plan.accounts
        ],
        "buckets": {k: _bucket(v) for k, v in plan.buckets.items()},
        "turnover": plan.turnover,
        "tax_total": plan.tax_total,
        "residual_deviation": round(plan.residual_deviation, 6),
        "regime": {
            "label": regime.label if regime else "none",
            "composite": round(regime.composite, 6) if regime else None,
            "tilt": round(plan.tilt, 6),
            "as_of": regime.as_of.isoformat() if regime and regime.as_of else None,
            "age_days": regime.age_days if regime else None,
            "stale": regime.stale if regime else None,
            "applied_strength": (
                round(plan.policy.tilt.strength(regime.age_days), 6)
                if regime and plan.policy.tilt.enabled
                else 0.0
            ),
            "override_reason": plan.policy.tilt.override_reason.strip() or None,
            # the label of the household's last exported plan, where hysteresis started
            "previous_label": regime.previous_label if regime else None,
        },
        "solver": {
            "method": plan.method,
            "objective": round(plan.objective, 2) if plan.objective is not None else None,
            "gap": round(plan.gap, 2) if plan.gap is not None else None,
        },
        "holdings_as_of": plan.holdings_as_of.isoformat() if plan.holdings_as_of else None,
        "as_of": plan.as_of.isoformat() if plan.as_of else None,
        "tax": {
            "realized": dict(plan.realized),
            "rates": {
                "short": round(plan.policy.tax.rate("short"), 6),
                "long": round(plan.policy.tax.rate("long"), 6),
            },
            "lot_method": plan.policy.tax.lot_method,
        },
        "location_cost": plan.location_cost,
        "binding": dict(plan.binding),
        "scenarios": {k: _scenario(v) for k, v in plan.scenarios.items()},
        "warnings": list(plan.warnings),
    }
