"""The solver's problem for an imported household: cash per account, the positions it may
trade, the securities it knows (with their bucket mix), and what it had to leave out.

Units: dollars, shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.core.holdings import CASH_LIKE, Household
from planner.core.plan_model import BUCKET_NAMES, SecurityFacts
from planner.core.policy import Policy
from planner.core.problem import AccountState, Holding, Problem, Security

#: Asset types the plan never trades: they count in the buckets but stay as they are.
UNTRADED_TYPES = frozenset({"option", "bond", "other"})


def problem_from_household(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    policy: Policy,
    targets: Mapping[str, float],
) -> tuple[Problem, list[str]]:
    """The solver's problem for a household, and warnings about what it had to leave out.

    Cash and money-market rows are the account's cash. Options, bonds and rows without a
    quantity are counted in their buckets but never traded. A symbol with no facts counts as
    ``other``. A vehicle the household does not hold is buyable only with a master price.
    """
    warnings: list[str] = []
    securities: dict[str, Security] = {}
    holdings: list[Holding] = []
    cash: dict[str, float] = {a.id: 0.0 for a in household.accounts}
    file_dates = [f.as_of for f in household.files if f.as_of is not None]
    newest = max(file_dates) if file_dates else None
    for r in household.records():
        if r.asset_type in CASH_LIKE:
            cash[r.account_id] = cash.get(r.account_id, 0.0) + r.market_value
            continue
        fact = facts.get(r.symbol)
        mix = dict(fact.mix) if fact is not None else {"other": 1.0}
        tradeable = (
            r.asset_type not in UNTRADED_TYPES
            and r.quantity is not None
            and r.quantity > 0
            and r.market_value > 0
        )
        if tradeable and r.quantity is not None:
            shares = r.quantity
            price = r.market_value / r.quantity
        else:
            shares, price = 1.0, r.market_value  # a block of value, held as it is
        key = r.symbol if tradeable else f"{r.symbol}@{r.account_id}:{r.source_line}"
        if key not in securities:
            securities[key] = Security(
                key,
                round(price, 6),
                mix,
                low_quality=fact.low_quality if fact is not None else False,
                description=r.description,
                tradeable=tradeable,
            )
        if price <= 0 and tradeable:
            continue
        holdings.append(
            Holding(
                r.account_id,
                key,
                shares if tradeable else 1.0,
                r.cost_basis if tradeable else None,
            )
        )
    for bucket, symbol in sorted(policy.vehicles.items()):
        if symbol in securities or targets.get(bucket, 0.0) <= 0:
            continue
        fact = facts.get(symbol)
        if fact is None or fact.price is None or fact.price <= 0:
            warnings.append(
                f"no price for {symbol}, the {BUCKET_NAMES[bucket]} vehicle: the plan cannot "
                f"buy it (hold it, or add it to the security master)"
            )
            continue
        if newest is not None and fact.price_as_of is not None and fact.price_as_of < newest:
            warnings.append(
                f"the price of {symbol} ({fact.price:,.2f}) is as of "
                f"{fact.price_as_of.isoformat()}, older than the holdings files "
                f"({newest.isoformat()})"
            )
        securities[symbol] = Security(
            symbol, fact.price, dict(fact.mix), fact.low_quality, fact.name
        )
    accounts = tuple(
        AccountState(a.id, a.type, round(cash.get(a.id, 0.0), 2), a.name)
        for a in household.accounts
    )
    problem = Problem(
        accounts,
        tuple(holdings),
        securities,
        dict(targets),
        policy,
        base_targets=dict(policy.targets),
    )
    return problem, warnings
