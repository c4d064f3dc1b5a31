"""What the rebalancing solver is asked and what it answers, as plain data.

These types are shared by the solver (:mod:`planner.core.rebalance`) and by the independent
judge (:mod:`planner.core.judge`) that checks its plans; neither owns them, so the judge can
re-derive every rule from the problem statement without importing a line of the solver.

Units: money in dollars, quantities in shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.core.holdings import AccountType
from planner.core.policy import Policy


@dataclass(frozen=True)
class Security:
    """A security the solver knows: its price (dollars per share) and bucket mix (fractions
    summing to 1)."""

    symbol: str
    price: float
    mix: Mapping[str, float]
    low_quality: bool = False
    description: str = ""
    tradeable: bool = True  # False: counted in the buckets, never traded (options, T-bills)


@dataclass(frozen=True)
class Holding:
    """Shares of one security in one account; ``cost_basis`` is total dollars (None: unknown)."""

    account_id: str
    symbol: str
    shares: float
    cost_basis: float | None = None


@dataclass(frozen=True)
class AccountState:
    id: str
    type: AccountType
    cash: float  # dollars of cash and money market the account can spend
    name: str = ""


@dataclass(frozen=True)
class Problem:
    accounts: tuple[AccountState, ...]
    holdings: tuple[Holding, ...]
    securities: Mapping[str, Security]
    targets: Mapping[str, float]  # after the regime tilt
    policy: Policy
    base_targets: Mapping[str, float] | None = None  # before the tilt, for explanations


@dataclass(frozen=True)
class Trade:
    account_id: str
    symbol: str
    side: str  # "buy" | "sell"
    shares: float
    price: float
    realized_gain: float | None  # taxable sells only
    tax: float

    @property
    def value(self) -> float:
        return self.shares * self.price


@dataclass(frozen=True)
class Objective:
    """The terms of the objective for one plan, in dollars."""

    outside_band: float
    drift: float
    turnover: float
    tax: float
    trades: int
    low_quality: float
    total: float


@dataclass
class Solution:
    status: str  # "optimal" | "infeasible" | "no_trades"
    trades: list[Trade]
    cash_after: dict[str, float]
    post_values: dict[str, float]  # dollars per bucket after the trades
    objective: Objective | None
    total: float  # dollars the targets apply to
    warnings: list[str] = field(default_factory=list)
    bound: float | None = None  # no plan can cost less than this (dollars of objective)
    method: str = ""  # "exact" | "fast"

    @property
    def gap(self) -> float | None:
        """Dollars of objective this plan may be above the best plan there is."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective.total - self.bound)
