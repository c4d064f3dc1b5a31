"""What the rebalancing solver is asked and what it answers, as plain data.

These types are shared by the solver (:mod:`planner.core.rebalance`) and by the independent
judge (:mod:`planner.core.judge`) that checks its plans; neither owns them, so the judge can
re-derive every rule from the problem statement without importing a line of the solver.

Units: money in dollars, quantities in shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from planner.core.holdings import AccountType
from planner.core.policy import Policy

#: How a security is capped: a single stock may not exceed the policy's position limit; a
#: diversified fund may; "other" (options, bonds held as blocks) is never bought anyway.
Kind = str  # "stock" | "fund" | "other"


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
    kind: Kind = "fund"
    group: str = ""  # substantially identical securities share a group ("" = its own symbol)
    price_as_of: date | None = None
    price_source: str = ""


@dataclass(frozen=True)
class Lot:
    """Shares bought together: ``cost`` is their total cost in dollars (None: unknown),
    ``acquired`` the trade date (None: unknown, so its term is unknown)."""

    shares: float
    cost: float | None
    acquired: date | None = None


@dataclass(frozen=True)
class Holding:
    """Shares of one security in one account; ``cost_basis`` is total dollars (None: unknown)."""

    account_id: str
    symbol: str
    shares: float
    cost_basis: float | None = None
    lots: tuple[Lot, ...] = ()  # empty: one lot of all the shares at ``cost_basis``, undated


@dataclass(frozen=True)
class AccountState:
    id: str
    type: AccountType
    cash: float  # dollars of cash and money market the account can spend
    name: str = ""
    deposit: float = 0.0  # dollars the client adds to this account with the plan
    withdraw: float = 0.0  # dollars the client takes out of it
    frozen: bool = False  # held away or unsupervised: counted, never traded


@dataclass(frozen=True)
class Problem:
    accounts: tuple[AccountState, ...]
    holdings: tuple[Holding, ...]
    securities: Mapping[str, Security]
    targets: Mapping[str, float]  # after the regime tilt
    policy: Policy
    base_targets: Mapping[str, float] | None = None  # before the tilt, for explanations
    as_of: date | None = None  # the plan date: lots' terms and the 30-day wash-sale window
    floors: Mapping[tuple[str, str], float] = field(default_factory=dict)  # shares that stay
    #: target moved to cash from a bucket no vehicle can be bought for (``held_in_cash``):
    #: negative on the bucket, positive on cash
    held: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LotSale:
    """Shares sold from one lot: ``lot`` is its index in the position's lots (the holdings'
    lots in file order, then the shares no lot names as one lot of unknown cost; one undated
    lot when a holding lists none)."""

    lot: int
    shares: float
    cost: float | None  # dollars of cost of these shares (None: unknown)
    acquired: date | None
    term: str  # "short" | "long" | "unknown"
    gain: float | None  # dollars; None when the cost is unknown


@dataclass(frozen=True)
class Trade:
    account_id: str
    symbol: str
    side: str  # "buy" | "sell"
    shares: float
    price: float
    realized_gain: float | None  # taxable sells only
    tax: float
    lots: tuple[LotSale, ...] = ()  # sells: which lots (specific identification)

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
    location: float = 0.0  # dollars of a year's estimated tax drag of where things are held
    loss_credit: float = 0.0  # harvesting: the value of net losses carried forward (dollars)


@dataclass
class Solution:
    status: str  # "optimal" | "infeasible" | "time_limit" (none found in time) | "no_trades"
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
