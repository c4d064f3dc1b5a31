"""The policy's approved vehicles the household does not hold, priced for the plan to buy: at
the security master's dated price, or named in a warning when they have none.

Units: dollars per share.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from planner.core.holdings import Household
from planner.core.plan_model import BUCKET_NAMES, SecurityFacts
from planner.core.policy import Policy
from planner.core.problem import Security


def security_kind(fact: SecurityFacts) -> str:
    """The solver's kind of a security: a single stock, a fund, or other (a fund if unsure)."""
    return fact.kind if fact.kind in ("stock", "fund", "other") else "fund"


def add_vehicles(
    policy: Policy,
    targets: Mapping[str, float],
    facts: Mapping[str, SecurityFacts],
    securities: dict[str, Security],
    household: Household,
    warnings: list[str],
) -> None:
    """Each approved vehicle the household does not hold, at the security master's price. A
    vehicle without a price is named when another of its bucket's is bought in its place (a
    bucket none of whose vehicles can be bought is :mod:`planner.core.held_in_cash`'s)."""
    file_dates = [f.as_of for f in household.files if f.as_of is not None]
    newest = max(file_dates) if file_dates else None
    older: dict[date, list[str]] = {}  # vehicles priced before the newest file, by price date
    unpriced: list[tuple[str, str]] = []  # (bucket, symbol)
    for bucket, symbols in policy.vehicles.items():
        if targets.get(bucket, 0.0) <= 0:
            continue
        for symbol in symbols:
            if symbol in securities:
                continue
            fact = facts.get(symbol)
            if fact is not None and fact.not_traded:
                warnings.append(
                    f"{symbol}, a vehicle for {BUCKET_NAMES[bucket]}, is not bought: "
                    f"{fact.not_traded}"
                )
                continue
            if fact is None or fact.price is None or fact.price <= 0:
                unpriced.append((bucket, symbol))
                continue
            if newest is not None and fact.price_as_of is not None and fact.price_as_of < newest:
                older.setdefault(fact.price_as_of, []).append(f"{symbol} (${fact.price:,.2f})")
            securities[symbol] = Security(
                symbol,
                fact.price,
                dict(fact.mix),
                fact.low_quality,
                fact.name,
                kind=security_kind(fact),
                group=fact.group,
                price_as_of=fact.price_as_of,
                price_source=fact.price_source or "security master",
            )
    for bucket, symbol in unpriced:
        if any(securities[v].tradeable for v in policy.vehicles[bucket] if v in securities):
            warnings.append(
                f"no price for {symbol}, a vehicle for {BUCKET_NAMES[bucket]}: the plan cannot "
                f"buy it (hold it, or give its price with `rotation-planner securities import`)"
            )
    for when, priced in sorted(older.items()):  # one warning a date, not one a vehicle
        assert newest is not None
        the = f"the price of {priced[0]} is" if len(priced) == 1 else "the prices of "
        if len(priced) > 1:
            the += f"{', '.join(priced[:-1])} and {priced[-1]} are"
        warnings.append(
            f"{the} as of {when.isoformat()}, older than the holdings files ({newest.isoformat()})"
        )
