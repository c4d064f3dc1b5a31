"""The plan's warnings about positions it cannot bring to policy: single stocks already above
the position limit, and do-not-sell positions that keep their bucket above its band.

Units: dollars, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.core.plan_model import BUCKET_NAMES, BucketRow
from planner.core.policy import BUCKETS
from planner.core.problem import Problem


def restriction_warnings(problem: Problem, rows: Mapping[str, BucketRow]) -> list[str]:
    out = []
    r = problem.policy.restrictions
    held = {h.symbol for h in problem.holdings}
    for sym in r.do_not_sell:
        if sym not in held:
            continue
        mix = problem.securities[sym].mix
        k = max(BUCKETS, key=lambda b: (mix.get(b, 0.0), -BUCKETS.index(b)))
        row = rows[k]
        if row.post > row.target + row.band + 1e-9:
            out.append(
                f"do-not-sell {sym} keeps {BUCKET_NAMES[k]} at {f'{row.post:.1%}'}, above the "
                f"{f'{row.target:.1%}'} target and its band"
            )
    return out


def position_warnings(problem: Problem, total: float) -> list[str]:
    """Single stocks already above the position limit (the plan buys no more of them)."""
    cap = problem.policy.trading.max_position
    values: dict[str, float] = {}
    for h in problem.holdings:
        sec = problem.securities[h.symbol]
        if sec.kind == "stock":
            values[h.symbol] = values.get(h.symbol, 0.0) + h.shares * sec.price
    return [
        f"{sym} is {v / total:.1%} of the household, above the {100 * cap:g}% position limit: the "
        f"plan buys no more of it"
        for sym, v in sorted(values.items(), key=lambda kv: -kv[1])
        if total > 0 and v > cap * total + 0.005
    ]
