"""The household's policy: targets per bucket, bands, regime tilt, trading rules, tax rates,
asset location. Read from and written to TOML by :mod:`planner.core.policy_file`. Fractions
are fractions (0.30, not 30); money is dollars.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

BUCKETS: tuple[str, ...] = (
    "mega",
    "large",
    "mid",
    "small",
    "micro",
    "intl_equity",
    "bonds",
    "cash",
    "other",
)
Mode = Literal["full", "cash_flow", "raise_cash", "out_of_band"]
MODES: tuple[str, ...] = get_args(Mode)

#: A balanced default: US equity by size, some international, bonds and a little cash.
DEFAULT_TARGETS: dict[str, float] = {
    "mega": 0.25,
    "large": 0.20,
    "mid": 0.10,
    "small": 0.10,
    "micro": 0.0,
    "intl_equity": 0.15,
    "bonds": 0.17,
    "cash": 0.03,
    "other": 0.0,
}


@dataclass(frozen=True)
class Bands:
    """Tolerance around each target: the smaller of ``absolute`` (fraction of the household)
    and ``relative`` x target - the "5/25 rule" by default. A zero target gets the absolute
    band."""

    absolute: float = 0.05
    relative: float = 0.25

    def width(self, target: float) -> float:
        return min(self.absolute, self.relative * target) if target > 0 else self.absolute


@dataclass(frozen=True)
class Tilt:
    """The regime tilt and how it fades with the regime's age (days since its as-of date): full
    strength up to ``full_until_days``, none from ``zero_after_days``, linear in between. A
    non-empty ``override_reason`` applies it at full strength whatever its age (recorded)."""

    enabled: bool = True
    max: float = 0.05  # a full-strength regime moves 5 points from mega to small
    full_until_days: float = 30.0
    zero_after_days: float = 90.0
    override_reason: str = ""

    def strength(self, age_days: int | None) -> float:
        """The share (0 to 1) of the regime's tilt applied at ``age_days``; 0 when the age is
        unknown, 1 with an override."""
        if self.override_reason.strip():
            return 1.0
        if age_days is None or age_days >= self.zero_after_days:
            return 0.0
        if age_days <= self.full_until_days:
            return 1.0
        return (self.zero_after_days - age_days) / (self.zero_after_days - self.full_until_days)


@dataclass(frozen=True)
class Trading:
    mode: Mode = "full"
    min_trade: float = 100.0  # dollars; a smaller position may still be sold whole
    fractional: bool = False
    cash_reserve: float = 0.0  # dollars kept in each account
    new_cash: float = 0.0  # cash_flow mode: dollars added to the household, placed by the plan
    raise_cash: float = 0.0  # raise_cash mode: dollars to free up
    cost_per_trade: float = 5.0  # dollars: what one more ticket costs in effort and spread
    buy_single_stocks: bool = False  # may the plan add to single stocks the household holds?
    max_position: float = 0.10  # fraction of the household one security (not a fund) may reach
    deposits: Mapping[str, float] = field(default_factory=dict)  # account id -> dollars in
    withdrawals: Mapping[str, float] = field(default_factory=dict)  # account id -> dollars out


@dataclass(frozen=True)
class Restrictions:
    """Symbols the plan may not sell or buy; accounts held away (counted, never traded) and
    unsupervised symbols (counted, never traded, wherever they are)."""

    do_not_sell: tuple[str, ...] = ()
    do_not_buy: tuple[str, ...] = ()
    held_away: tuple[str, ...] = ()  # account ids, as the files give them
    unsupervised: tuple[str, ...] = ()  # symbols


LotMethod = Literal["min_tax", "hifo", "fifo"]
LOT_METHODS: tuple[str, ...] = get_args(LotMethod)
Term = Literal["short", "long"]


@dataclass(frozen=True)
class Tax:
    """Rates are fractions of a realised gain. NIIT applies when ``niit_applies`` is set or
    ``income`` (the household's modified AGI, dollars) is above ``niit_threshold``; ``state``
    applies to every gain. Budgets (dollars per plan) are hard limits; None: no limit."""

    short_term: float = 0.37
    long_term: float = 0.20
    niit: float = 0.038
    niit_applies: bool = False
    income: float = 0.0
    niit_threshold: float = 250_000.0  # married filing jointly (IRC 1411)
    state: float = 0.0
    lot_method: LotMethod = "min_tax"
    unknown_term: Term = "long"  # how a lot without an acquisition date is taxed
    max_realized_gain: float | None = None
    max_tax: float | None = None
    harvest: bool = False  # sell losing taxable lots for a substitute when it pays

    def surcharge(self) -> float:
        """NIIT (when it applies) plus the state rate: added to both federal rates."""
        niit = self.niit if self.niit_applies or self.income > self.niit_threshold else 0.0
        return niit + self.state

    def rate(self, term: str) -> float:
        """The rate on a gain of ``term`` ("short", "long" or "unknown")."""
        if term == "unknown":
            term = self.unknown_term
        base = self.short_term if term == "short" else self.long_term
        return base + self.surcharge()


#: One year of estimated tax drag per dollar of a bucket held in each kind of account
#: (README "Asset location"): bonds' interest is taxed each year at ordinary rates in a
#: taxable account; small and mid caps distribute more gains and grow fastest, so a Roth
#: shelters them best; international equity keeps its foreign tax credit only when taxable;
#: a traditional IRA turns equity growth into ordinary income at withdrawal.
DEFAULT_LOCATION: dict[str, dict[str, float]] = {
    "taxable": {
        "mega": 0.003,
        "large": 0.003,
        "mid": 0.004,
        "small": 0.005,
        "micro": 0.005,
        "intl_equity": 0.001,
        "bonds": 0.010,
    },
    "tax_deferred": {
        "mega": 0.004,
        "large": 0.004,
        "mid": 0.005,
        "small": 0.006,
        "micro": 0.006,
        "intl_equity": 0.005,
        "bonds": 0.0,
    },
    "tax_free": {
        "mega": 0.0,
        "large": 0.0,
        "mid": 0.0,
        "small": 0.0,
        "micro": 0.0,
        "intl_equity": 0.002,
        "bonds": 0.004,
    },
}
LOCATION_KINDS: tuple[str, ...] = ("taxable", "tax_deferred", "tax_free")


@dataclass(frozen=True)
class Location:
    """Dollars of cost per dollar of each bucket held in each kind of account (an account of
    unknown type counts as taxable). ``enabled = false`` leaves location out of the plan."""

    enabled: bool = True
    taxable: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_LOCATION["taxable"]))
    tax_deferred: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_LOCATION["tax_deferred"])
    )
    tax_free: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_LOCATION["tax_free"])
    )

    def cost(self, account_type: str, bucket: str) -> float:
        if not self.enabled:
            return 0.0
        table = {"tax_deferred": self.tax_deferred, "tax_free": self.tax_free}.get(
            account_type, self.taxable
        )
        return float(table.get(bucket, 0.0))


@dataclass(frozen=True)
class Weights:
    """How the solver trades off (per dollar): drift outside the bands, drift inside them,
    turnover, and holding a low-quality name. Tax counts at face value."""

    outside_band: float = 1.0
    drift: float = 0.05
    turnover: float = 0.001
    low_quality: float = 0.05


#: Size schemes and fund views a policy may choose (see :mod:`planner.core.buckets`).
SIZE_SCHEMES: tuple[str, ...] = ("rank", "sp-ranges", "dollars")
FUND_VIEWS: tuple[str, ...] = ("look-through", "index")


@dataclass(frozen=True)
class DollarLines:
    """The advisor's own size lines for ``scheme = "dollars"``: lower bounds in dollars of a
    company's market cap (micro is below ``small``)."""

    mega: float = 200e9
    large: float = 10e9
    mid: float = 2e9
    small: float = 300e6


@dataclass(frozen=True)
class BucketChoice:
    """``[buckets]``: which size scheme cuts US equity (``rank`` by market-cap rank in the
    universe, ``sp-ranges`` S&P's published ranges, ``dollars`` the lines below) and how a
    fund counts (``look-through`` by its holdings, ``index`` wholly in its index's segment).
    ``dollars`` None: the overrides file's thresholds, else :class:`DollarLines` defaults."""

    scheme: str = "rank"
    funds: str = "look-through"
    dollars: DollarLines | None = None


#: Dollars of cost per dollar bought of a vehicle one place further down its bucket's list
#: (a vehicle the account holds counts as first): enough to prefer the first, far too little
#: to matter against drift, tax or turnover.
VEHICLE_RANK_COST = 1e-4

#: The approved vehicles per bucket, in order of preference: the plan buys only these (an
#: account adds to one it holds before opening the next). Each list's funds follow different
#: indexes, so one can replace another after a loss sale without a wash sale.
DEFAULT_VEHICLES: dict[str, tuple[str, ...]] = {
    "mega": ("MGC",),
    "large": ("VOO", "IWB"),
    "mid": ("IJH", "VO"),
    "small": ("IJR", "VB"),
    "micro": ("IWC",),
    "intl_equity": ("VXUS",),
    "bonds": ("BND",),
}


@dataclass(frozen=True)
class Policy:
    targets: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    bands: Bands = Bands()
    tilt: Tilt = Tilt()
    trading: Trading = Trading()
    vehicles: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_VEHICLES))
    restrictions: Restrictions = Restrictions()
    tax: Tax = Tax()
    weights: Weights = Weights()
    location: Location = Location()
    buckets: BucketChoice = BucketChoice()

    def __post_init__(self) -> None:
        # a single symbol stands for a list of one (as in the policy file)
        vehicles = {
            k: (v,) if isinstance(v, str) else tuple(v) for k, v in dict(self.vehicles).items()
        }
        object.__setattr__(self, "vehicles", vehicles)

    def vehicle_symbols(self) -> list[str]:
        """Every approved vehicle, once, in bucket order then preference order."""
        return list(dict.fromkeys(s for k in BUCKETS for s in self.vehicles.get(k, ())))

    def with_mode(self, mode: Mode) -> Policy:
        """The same policy under another trading mode."""
        return replace(self, trading=replace(self.trading, mode=mode))

    def tilted_targets(self, tilt: float) -> dict[str, float]:
        """Targets with ``tilt`` (fraction, positive toward small-caps) moved from mega to
        small, bounded so no target goes below zero."""
        out = dict(self.targets)
        if not self.tilt.enabled or tilt == 0:
            return out
        t = max(-self.tilt.max, min(self.tilt.max, tilt))
        t = min(t, out["mega"]) if t > 0 else max(t, -out["small"])
        out["mega"] -= t
        out["small"] += t
        return out


#: How far from 1 the targets may add up (rounding of fractions typed with a few decimals).
TARGETS_TOLERANCE = 1e-6


def main_bucket(mix: Mapping[str, float]) -> str:
    """The bucket holding most of ``mix`` (the first in :data:`BUCKETS` on a tie)."""
    return max(BUCKETS, key=lambda b: mix.get(b, 0.0))


def targets_error(targets: Mapping[str, float]) -> str | None:
    """What is wrong with ``targets`` (fractions per bucket), or None: the one rule the policy
    file and the app's editor both apply."""
    total = sum(targets.values())
    if abs(total - 1.0) > TARGETS_TOLERANCE:
        return f"fractions add up to {total:.4f}, not 1"
    return None
