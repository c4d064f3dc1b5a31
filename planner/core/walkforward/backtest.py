"""A 60/40-style policy followed month by month, with and without the regime's tilt.

60% equity - 50% in the large-cap series (the mega bucket), 10% in the small-cap series (the
small bucket) - and 40% in cash earning the Fed funds target (the reference data hold no bond
series, so the "40" is cash, not bonds). At each month-end close the portfolio is rebalanced to
its targets, tilted by that month-end's regime exactly as a plan tilts them
(:meth:`planner.core.policy.Policy.tilted_targets`); between month-ends it drifts with the
daily closes, and cash accrues the target rate (actual/360). Returns are fractions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.core.policy import BUCKETS, Policy, Tilt

#: The policy's targets, by bucket: mega = the large-cap series, small = the small-cap series.
BASE_TARGETS: dict[str, float] = {"mega": 0.50, "small": 0.10, "cash": 0.40}


@dataclass(frozen=True)
class PolicyResult:
    name: str
    annual_return: float  # compound annual growth rate
    volatility: float  # annualised standard deviation of daily returns
    max_drawdown: float  # largest fall from a peak, as a positive fraction
    turnover: float  # one-way: half the sum of |weight changes| at rebalances, per year
    final_value: float  # of 1 invested at the start
    years: float
    path: pd.Series = field(compare=False, repr=False)  # daily value


def base_policy(max_tilt: float) -> Policy:
    targets = {k: BASE_TARGETS.get(k, 0.0) for k in BUCKETS}
    return Policy(targets=targets, tilt=Tilt(max=max_tilt))


def run_policy(
    name: str,
    closes: pd.DataFrame,
    cash_rate: pd.Series | None,
    rebalance_days: Sequence[pd.Timestamp],
    tilts: Sequence[float],
    policy: Policy,
) -> PolicyResult:
    """Follow ``policy`` from the first to the last of ``rebalance_days`` (month-end closes),
    tilted by ``tilts`` (one per rebalance day; fractions moved from mega to small).
    ``closes``: daily columns ``small`` and ``large``; ``cash_rate``: percent per year."""
    days = pd.DatetimeIndex(closes.index)
    if cash_rate is not None:
        everyday = days.union(pd.DatetimeIndex(cash_rate.index))
        rate = cash_rate.reindex(everyday).ffill().reindex(days).fillna(0.0).to_numpy(float)
    else:
        rate = np.zeros(len(days))
    gap = np.diff(days.to_numpy("datetime64[D]")).astype(float)  # calendar days
    cash_index = np.cumprod(np.r_[1.0, 1.0 + rate[:-1] / 100.0 * gap / 360.0])
    prices = {
        "small": closes["small"].to_numpy(float),
        "large": closes["large"].to_numpy(float),
        "cash": cash_index,
    }
    where = days.get_indexer(pd.DatetimeIndex(list(rebalance_days)))
    if (where < 0).any():
        raise ValueError("every rebalance day must be a day of the closes")
    value = 1.0
    path: list[np.ndarray] = []
    turnover = 0.0
    weights: Mapping[str, float] | None = None
    for k in range(len(where) - 1):
        a, b = int(where[k]), int(where[k + 1])
        t = policy.tilted_targets(tilts[k])
        target = {"small": t["small"], "large": t["mega"], "cash": t["cash"]}
        if weights is not None:
            turnover += 0.5 * sum(abs(target[x] - weights[x]) for x in target)
        held = {x: value * target[x] * prices[x][a : b + 1] / prices[x][a] for x in target}
        total = held["small"] + held["large"] + held["cash"]
        path.append(total if k == 0 else total[1:])
        value = float(total[-1])
        weights = {x: float(held[x][-1]) / value for x in target}
    if path:
        values = pd.Series(np.concatenate(path), index=days[int(where[0]) : int(where[-1]) + 1])
    else:
        values = pd.Series([1.0], index=days[:1])
    years = (values.index[-1] - values.index[0]).days / 365.25 if len(values) > 1 else 0.0
    daily = values.pct_change().dropna()
    peak = values.cummax()
    return PolicyResult(
        name=name,
        annual_return=float(values.iloc[-1] ** (1 / years) - 1) if years > 0 else 0.0,
        volatility=float(daily.std(ddof=1) * np.sqrt(252)) if len(daily) > 1 else 0.0,
        max_drawdown=float(-(values / peak - 1).min()),
        turnover=turnover / years if years > 0 else 0.0,
        final_value=float(values.iloc[-1]),
        years=years,
        path=values,
    )


def tracking(a: PolicyResult, b: PolicyResult) -> dict[str, float]:
    """``a`` against ``b``: the difference in annual return, the tracking error (annualised
    standard deviation of the daily return difference) and their ratio."""
    da, db = a.path.pct_change().dropna(), b.path.pct_change().dropna()
    diff = (da - db).dropna()
    te = float(diff.std(ddof=1) * np.sqrt(252)) if len(diff) > 1 else 0.0
    excess = a.annual_return - b.annual_return
    return {
        "excess_return": excess,
        "tracking_error": te,
        "information_ratio": excess / te if te > 0 else 0.0,
    }
