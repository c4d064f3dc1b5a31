"""The plan as data: what each trade is and why, cash per account, buckets before and after,
scenarios. Built by :mod:`planner.core.plan`, written out by the reports and shown by the app.

Units: dollars, shares, and weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from planner.core.buckets import BUCKET_WORDS
from planner.core.policy import Policy
from planner.core.problem import LotSale

#: Words for every bucket (one table: :data:`planner.core.buckets.BUCKET_WORDS`).
BUCKET_NAMES: dict[str, str] = BUCKET_WORDS
REASONS = (
    "drift",
    "regime_tilt",
    "quality_exit",
    "quality_trim",
    "cash_raise",
    "cash_invest",
    "withdrawal",
    "location",
    "tax_loss_harvest",
    "funding",
    "rounding",
)


@dataclass(frozen=True)
class SecurityFacts:
    """What the plan knows about a symbol beyond the holdings file (from the exposure step)."""

    mix: Mapping[str, float]  # bucket -> fraction, summing to 1
    low_quality: bool = False
    quality_note: str = ""  # why it is flagged, in words ("unprofitable; interest cover 0.4x")
    price: float | None = None  # dollars per share from the security master
    price_as_of: date | None = None
    price_source: str = ""  # where that price came from
    name: str = ""
    source: str = "master"  # how it was classified; "unknown": never counted, never traded
    kind: str = "fund"  # "stock" (capped by the position limit) | "fund" | "other"
    group: str = ""  # wash-sale group (funds tracking one index), "" = the symbol alone
    underlying: str | None = None  # options: the symbol the contract is on
    unknown_reason: str = ""  # why the plan treats it as unclassified, in words
    not_traded: str = ""  # why it is counted but never traded, in words ("" = it may be)


#: How the reason begins for a security the plan counts but cannot measure, so never trades
#: (:mod:`planner.core.facts`; the plan's warning gathers them): placed by a guess, a
#: leveraged fund, an inverse fund.
UNMEASURED = ("placed by a guess", "a leveraged fund", "an inverse fund")


@dataclass(frozen=True)
class Frozen:
    """A position the plan may not touch, and why (README "What may not be traded")."""

    account_id: str
    symbol: str
    market_value: float
    why: str


@dataclass(frozen=True)
class PriceUsed:
    """The one price a symbol has in the plan: dollars per share, its date and its source."""

    price: float
    as_of: date | None
    source: str


@dataclass(frozen=True)
class RegimeView:
    """The regime as the plan uses it; ``composite`` in [-1, 1], positive toward small-caps."""

    label: str
    composite: float
    as_of: date | None
    stale: bool = False
    age_days: int | None = None
    source: str = ""
    previous_label: str | None = None  # the label hysteresis started from


@dataclass(frozen=True)
class PlannedTrade:
    account_id: str
    account_name: str
    account_type: str
    symbol: str
    side: str  # "buy" | "sell"
    shares: float
    price: float
    value: float  # shares x price, positive both ways
    realized_gain: float | None  # taxable sells only
    tax: float
    reasons: tuple[str, ...]
    explanation: str
    wash_sale: bool
    price_as_of: date | None = None
    price_source: str = ""
    lots: tuple[LotSale, ...] = ()
    step: int = 0  # execution order: 1 = first (per account, sells before buys)


@dataclass(frozen=True)
class AccountCash:
    id: str
    name: str
    type: str
    cash_before: float
    cash_after: float


@dataclass(frozen=True)
class BucketRow:
    """Weights as fractions of the household."""

    current: float
    target: float
    policy_target: float  # before the regime tilt
    post: float
    band: float  # half-width of the tolerance band
    held: float = 0.0  # target moved to cash (held_in_cash): negative on the bucket, + on cash


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    trades: int
    turnover: float
    tax_total: float
    buckets: Mapping[str, BucketRow]
    residual_deviation: float  # sum over buckets of |post - target|, a fraction
    status: str


@dataclass
class Plan:
    household_total: float
    trades: list[PlannedTrade]
    accounts: list[AccountCash]
    buckets: dict[str, BucketRow]
    turnover: float
    tax_total: float
    regime: RegimeView | None
    tilt: float  # fraction of the household moved from mega to small
    policy: Policy
    residual_deviation: float
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    status: str = "optimal"
    method: str = ""
    objective: float | None = None  # dollars
    gap: float | None = None  # dollars of objective the plan may be above the best plan
    holdings_as_of: date | None = None
    frozen: list[Frozen] = field(default_factory=list)
    prices: dict[str, PriceUsed] = field(default_factory=dict)
    as_of: date | None = None  # the plan date (lots' terms, the wash-sale window)
    realized: dict[str, float] = field(default_factory=dict)  # net gain by term: short, long
    location_cost: float = 0.0  # dollars a year of estimated tax drag after the plan
    binding: dict[str, str] = field(default_factory=dict)  # bucket -> what keeps it out of band
