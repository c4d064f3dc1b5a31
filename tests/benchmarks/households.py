"""Random households for solver benchmarks and property tests (deterministic per seed)."""

from __future__ import annotations

import random

from planner.core.policy import BUCKETS, Policy
from planner.core.rebalance import AccountState, Holding, Problem, Security

_FUNDS = {
    "TOTAL": {"mega": 0.45, "large": 0.3, "mid": 0.15, "small": 0.07, "micro": 0.03},
    "SP500": {"mega": 0.55, "large": 0.42, "mid": 0.03},
    "SMALL": {"small": 0.9, "mid": 0.07, "micro": 0.03},
    "INTL": {"intl_equity": 1.0},
    "BOND": {"bonds": 1.0},
}


def random_problem(
    seed: int, accounts: int = 4, positions: int = 60, policy: Policy | None = None
) -> Problem:
    rng = random.Random(seed)
    policy = policy or Policy()
    securities: dict[str, Security] = {}
    equity_buckets = ["mega", "large", "mid", "small", "micro"]
    for n in range(positions * 2):
        sym = f"S{n:03d}"
        bucket = rng.choice([*equity_buckets, "intl_equity", "bonds"])
        securities[sym] = Security(
            sym,
            round(rng.uniform(5, 900), 2),
            {bucket: 1.0},
            low_quality=rng.random() < 0.03,
            kind="stock",
        )
    for name, mix in _FUNDS.items():
        securities[name] = Security(name, round(rng.uniform(40, 600), 2), mix)
    for sym in policy.vehicle_symbols():
        bucket = next(k for k, v in policy.vehicles.items() if sym in v)
        securities.setdefault(sym, Security(sym, round(rng.uniform(40, 600), 2), {bucket: 1.0}))
    kinds = ["taxable", "tax_deferred", "tax_free", "taxable"]
    accts = tuple(
        AccountState(f"A{j}", kinds[j % 4], round(rng.uniform(0, 20_000), 2))  # type: ignore[arg-type]
        for j in range(accounts)
    )
    symbols = list(securities)
    holdings = []
    for acct in accts:
        for sym in rng.sample(symbols, positions):
            shares = rng.randint(1, 400)
            price = securities[sym].price
            holdings.append(
                Holding(acct.id, sym, shares, round(shares * price * rng.uniform(0.3, 1.6), 2))
            )
    targets = dict.fromkeys(BUCKETS, 0.0)
    weights = [rng.random() for _ in BUCKETS[:-1]]
    for k, w in zip(BUCKETS[:-1], weights, strict=True):
        targets[k] = w / sum(weights)
    return Problem(accts, tuple(holdings), securities, targets, policy)
