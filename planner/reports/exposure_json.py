"""``rotation-planner exposure --json``: the household's buckets, positions and unknowns.

Keys are the README's contract (issue 3): ``total``, ``buckets`` (all nine), ``equity_only``,
``positions``, ``unknown``, ``concentration``, ``warnings``; and beside them ``accounts``,
``small_vs_mega``, ``small_cap_quality``, ``size_scheme`` (issue 12: name, as_of, source,
breakpoints as lower bounds in dollars), ``coverage`` and ``reference``. Weights are
fractions; money is dollars rounded to cents; bucket values add up to ``total`` to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.core.buckets import SIZE_BUCKETS, SizeScheme, describe_bucket
from planner.core.classify import Classification, Reference
from planner.core.exposure import BucketValue, Exposure
from planner.core.holdings import Household
from planner.reports.json_out import warning_json


def _r(x: float, digits: int = 10) -> float:
    return round(x + 0.0, digits)


def buckets_json(buckets: Mapping[str, BucketValue]) -> dict[str, Any]:
    return {b: {"value": _r(v.value, 2), "weight": _r(v.weight)} for b, v in buckets.items()}


def classification_json(c: Classification) -> dict[str, Any]:
    return {
        "mix": {b: _r(f) for b, f in c.mix.items()},
        "source": c.source,
        "as_of": c.as_of.isoformat() if c.as_of else None,
        "quality": dict(c.quality) if c.quality is not None else None,
        "low_quality": c.low_quality,
        "quality_note": c.quality_note,
        "underlying": c.underlying,
        "name": c.name,
        "note": c.note,
    }


def size_scheme_json(scheme: SizeScheme, fund_view: str = "look-through") -> dict[str, Any]:
    """The scheme the size buckets follow: ``breakpoints`` are lower bounds in dollars."""
    doc: dict[str, Any] = {
        "name": scheme.name,
        "as_of": scheme.as_of.isoformat() if scheme.as_of else None,
        "source": scheme.source,
        "breakpoints": {k: float(v) for k, v in scheme.breakpoints.as_dict().items()},
        "funds": fund_view,
        "buckets": {b: describe_bucket(scheme, b) for b in SIZE_BUCKETS},
    }
    if scheme.ranks is not None:
        doc["ranks"] = dict(zip(("mega", "large", "mid", "small"), scheme.ranks, strict=True))
        doc["companies_ranked"] = scheme.companies
    return doc


def exposure_json(
    exposure: Exposure, household: Household | None = None, ref: Reference | None = None
) -> dict[str, Any]:
    e = exposure
    positions = []
    for p in e.positions:
        row: dict[str, Any] = {
            "account_id": p.account_id,
            "symbol": p.symbol,
            "description": p.description,
            "asset_type": p.asset_type,
            "market_value": _r(p.market_value, 2),
        }
        row.update(classification_json(p.classification))
        positions.append(row)
    c = e.concentration
    q = e.small_cap_quality
    doc: dict[str, Any] = {
        "total": _r(e.total, 2),
        "buckets": buckets_json(e.buckets),
        "equity_only": buckets_json(e.equity_only),
        "accounts": [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "total": _r(a.total, 2),
                "buckets": buckets_json(a.buckets),
                "equity_only": buckets_json(a.equity_only),
            }
            for a in e.accounts
        ],
        "positions": positions,
        "unknown": [
            {
                "symbol": u.symbol,
                "market_value": _r(u.market_value, 2),
                "weight": _r(u.weight),
                "account_ids": list(u.account_ids),
                "description": u.description,
                "reason": u.reason,
            }
            for u in e.unknown
        ],
        "unknown_value": _r(e.unknown_value, 2),
        "coverage": {
            "classified_share": _r(e.coverage),
            "by_source": {k: _r(v, 2) for k, v in (e.by_source or {}).items()},
        },
        "concentration": {
            "top10_weight": _r(c.top10_weight),
            "mag7_weight": _r(c.mag7_weight),
            "largest": (
                {"symbol": c.largest_symbol, "weight": _r(c.largest_weight)}
                if c.largest_symbol is not None
                else None
            ),
            "top10": [{"symbol": s, "weight": _r(w)} for s, w in c.top10],
        },
        "small_vs_mega": _r(e.small_vs_mega) if e.small_vs_mega is not None else None,
        "small_cap_quality": {
            "exposure": _r(q.exposure, 2),
            "low_quality_value": _r(q.low_quality_value, 2),
            "low_quality_share": (
                _r(q.low_quality_share) if q.low_quality_share is not None else None
            ),
            "names": [{"symbol": s, "value": v, "why": why} for s, v, why in q.names],
            "refinancing_wall": q.wall.as_dict() if q.wall is not None else None,
        },
        "warnings": list(e.warnings),
    }
    if e.scheme is not None:
        doc["size_scheme"] = size_scheme_json(e.scheme, e.fund_view)
    if household is not None:
        doc["import_warnings"] = [warning_json(w) for w in household.warnings]
    if ref is not None:
        doc["reference"] = {
            "master": ref.origin,
            "thresholds": ref.thresholds.as_dict(),
        }
    return doc
