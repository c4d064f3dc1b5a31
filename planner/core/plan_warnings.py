"""The plan's warnings about positions it cannot bring to policy (single stocks already above
the position limit, do-not-sell positions that keep their bucket above its band) and about
holdings too old to trade on as they are.

Units: dollars, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from planner.core.plan_model import BUCKET_NAMES, BucketRow
from planner.core.policy import main_bucket
from planner.core.problem import Problem

#: Holdings older than this many days are stale: a plan on them trades positions and prices of
#: that day (the book flags such a client too).
HOLDINGS_STALE_DAYS = 31


def stale_days(held: date | None, on: date | None) -> int | None:
    """How many days holdings of ``held`` are old on ``on``, when that is more than
    :data:`HOLDINGS_STALE_DAYS`; None when they are not stale or either date is unknown."""
    if held is None or on is None:
        return None
    days = (on - held).days
    return days if days > HOLDINGS_STALE_DAYS else None


def age_warnings(files: Iterable[tuple[str, date | None]], as_of: date | None) -> list[str]:
    """One warning naming the ``files`` (name, date) older than :data:`HOLDINGS_STALE_DAYS` on
    the plan date ``as_of``, oldest first: their shares and prices are those of their day."""
    dated = sorted((when, name) for name, when in files if when)
    old = [
        f"{name} ({when.isoformat()}, {days:,} days)"
        for when, name in dated
        if (days := stale_days(when, as_of)) is not None
    ]
    if not old or as_of is None:
        return []
    return [
        f"holdings older than {HOLDINGS_STALE_DAYS} days on the plan date ({as_of.isoformat()}): "
        f"{', '.join(old)}; the plan trades the shares and prices of their day: download "
        f"{'them' if len(old) > 1 else 'it'} again before trading"
    ]


def restriction_warnings(problem: Problem, rows: Mapping[str, BucketRow]) -> list[str]:
    out = []
    r = problem.policy.restrictions
    held = {h.symbol for h in problem.holdings}
    for sym in r.do_not_sell:
        if sym not in held:
            continue
        mix = problem.securities[sym].mix
        k = main_bucket(mix)
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
