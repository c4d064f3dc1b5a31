"""The Exposure tab: buckets now, target and after; the accounts by bucket; concentration."""

from __future__ import annotations

from collections.abc import Mapping

from planner.core.buckets import describe_bucket
from planner.core.plan import Plan
from planner.core.policy import BUCKETS
from planner.views.labels import account_label
from planner.workflow import PlanRun


def bucket_series(plan: Plan) -> dict[str, list[float]]:
    """Current / target / after per bucket, fractions of the household, in ``BUCKETS`` order."""
    rows = plan.buckets
    return {
        "Current": [rows[k].current for k in BUCKETS],
        "Target": [rows[k].target for k in BUCKETS],
        "After": [rows[k].post for k in BUCKETS],
    }


def band_ranges(plan: Plan) -> list[tuple[float, float]]:
    """Each bucket's band around its target, as fractions (never below zero)."""
    rows = plan.buckets
    return [
        (max(0.0, rows[k].target - rows[k].band), rows[k].target + rows[k].band) for k in BUCKETS
    ]


def account_buckets(run: PlanRun) -> tuple[list[str], list[Mapping[str, float]]]:
    """Each account's name and its dollars per bucket."""
    accounts = run.exposure.accounts
    names = [account_label(a.name, a.id) for a in accounts]
    return names, [{k: v.value for k, v in a.buckets.items()} for a in accounts]


def summary_text(run: PlanRun | None) -> str:
    if run is None:
        return "No household loaded."
    rows, ex = run.plan.buckets, run.exposure
    conc = ex.concentration
    largest = f"{conc.largest_symbol} {conc.largest_weight:.1%}" if conc.largest_symbol else "-"
    scheme = (
        f"\nSize scheme {ex.scheme.label}, funds by {ex.fund_view}: "
        f"{describe_bucket(ex.scheme, 'mega')}; {describe_bucket(ex.scheme, 'small')}."
        if ex.scheme is not None
        else ""
    )
    return (
        f"Household ${ex.total:,.0f}. Mega-caps {rows['mega'].current:.1%}, small-caps "
        f"{rows['small'].current:.1%} (target {rows['small'].target:.1%}). Top 10 names "
        f"{conc.top10_weight:.1%}, Magnificent Seven {conc.mag7_weight:.1%}, largest "
        f"{largest}. Unclassified: ${ex.unknown_value:,.0f}.{scheme}"
    )
