"""What classification reads: the security master (one row per listed security), the fund
table and size profiles, the CUSIP index, the user's overrides, and the size scheme in force.

A :class:`Reference` finds a security however a broker spells it: as written, without the
share-class punctuation (Fidelity's ``BRKB``, Vanguard's ``BRK-B``, the screener's ``BRK/B``
are all ``BRK.B``), or by CUSIP when a file gives only that. Money in US dollars.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any, Literal

from planner.core.buckets import (
    SP_RANGES,
    CapThresholds,
    FundView,
    SchemeName,
    SizeScheme,
    dollars_scheme,
    rank_scheme,
)
from planner.core.holdings import AccountType
from planner.core.profiles import Fund, FundPlacement, SizeProfile, fund_mix

Profitable = Literal["yes", "no", "unknown"]

#: Index membership flags a master row may carry.
INDEXES: tuple[str, ...] = ("sp500", "sp400", "sp600", "r1000", "r2000")
#: Countries that mean "a US company" (empty: the universe does not say).
_US = frozenset({"", "US", "USA", "UNITED STATES"})
_CUSIP = re.compile(r"^[0-9]{3}[0-9A-Z]{5}[0-9]$")


_KEY_DROP = str.maketrans("", "", "./- \t")


def symbol_key(symbol: str) -> str:
    """A symbol without share-class punctuation or spaces, upper case: ``brk/b`` -> ``BRKB``.
    (A preferred keeps the screener's ``^``: ``GAM^B`` is not Gambling.com's ``GAMB``.)"""
    return symbol.upper().translate(_KEY_DROP)


def is_cusip(text: str) -> bool:
    """Nine characters with a valid CUSIP check digit."""
    s = text.strip().upper()
    if not _CUSIP.match(s):
        return False
    total = 0
    for i, ch in enumerate(s[:8]):
        v = int(ch) if ch.isdigit() else ord(ch) - 55
        if i % 2:
            v *= 2
        total += v // 10 + v % 10
    return (10 - total % 10) % 10 == int(s[8])


@dataclass(frozen=True)
class SecurityInfo:
    """One row of the security master. Money in US dollars; ``None`` is unknown.

    ``market_cap_usd`` is the *company's* market cap (all share classes); ``company`` groups
    the listings of one company (its SEC CIK), ``rank`` is the company's rank by market cap
    in the bundled universe, ``indexes`` the US indexes it belongs to, ``bucket`` a firm
    master's own bucket for it (wins over the scheme)."""

    symbol: str
    name: str
    asset_type: str  # equity | etf | mutual_fund | money_market | bond | preferred | ...
    market_cap_usd: float | None
    sector: str
    price: float | None
    price_as_of: date | None
    market_cap_as_of: date | None
    source: str
    profitable: Profitable = "unknown"
    net_debt_to_ebitda: float | None = None
    interest_coverage: float | None = None
    country: str = "US"  # "US", another country's name, or "" (not stated)
    company: str = ""
    rank: int | None = None
    indexes: frozenset[str] = frozenset()
    bucket: str | None = None

    @property
    def us_company(self) -> bool:
        """A US company for sizing: the master says US (or says nothing), or the company is in
        a US index (S&P and Russell include some companies incorporated abroad)."""
        return self.country.upper() in _US or bool(self.indexes)


@dataclass(frozen=True)
class SecurityOverride:
    mix: Mapping[str, float]
    note: str = ""
    as_of: date | None = None


@dataclass(frozen=True)
class Overrides:
    """What the user set by hand: a bucket mix per symbol, an account type per account, and
    (older files) dollar thresholds, now the default lines of the ``dollars`` scheme."""

    securities: Mapping[str, SecurityOverride] = field(default_factory=dict)
    account_types: Mapping[str, AccountType] = field(default_factory=dict)
    thresholds: CapThresholds | None = None


def rank_scheme_of(securities: Mapping[str, SecurityInfo], source: str = "") -> SizeScheme | None:
    """The ``rank`` scheme of a master whose rows carry company ranks (None when fewer
    companies are ranked than the scheme needs). The date is the ranked caps' newest date."""
    by_rank: dict[int, tuple[float, date | None]] = {}
    for info in securities.values():
        if info.rank is not None and info.market_cap_usd is not None:
            by_rank.setdefault(info.rank, (info.market_cap_usd, info.market_cap_as_of))
    ranks = sorted(by_rank)
    if ranks != list(range(1, len(ranks) + 1)):
        return None
    caps = [by_rank[r][0] for r in ranks]
    dates = [d for _, d in by_rank.values() if d is not None]
    try:
        return rank_scheme(
            caps,
            max(dates) if dates else None,
            source or f"companies of the security master ranked by market cap ({len(caps):,})",
        )
    except ValueError:
        return None


@dataclass(frozen=True)
class Reference:
    """Everything classification reads. ``scheme`` is the size scheme in force (None: the
    ``rank`` scheme of this master when it has one, else the ``dollars`` defaults);
    ``fund_view`` is ``look-through`` (a fund by its holdings) or ``index`` (a fund wholly
    in its index's segment)."""

    securities: Mapping[str, SecurityInfo]
    funds: Mapping[str, Fund] = field(default_factory=dict)
    overrides: Overrides = field(default_factory=Overrides)
    scheme: SizeScheme | None = None
    fund_view: FundView = "look-through"
    profiles: Mapping[str, SizeProfile] = field(default_factory=dict)
    cusips: Mapping[str, str] = field(default_factory=dict)  # CUSIP -> master symbol
    origin: str = "bundled"  # where the master came from, for display
    rank: SizeScheme | None = None  # the universe's rank scheme (computed by the loader)
    sources: Mapping[str, str] = field(default_factory=dict)  # a row's source id -> words
    #: Indexes and fund mixes computed on demand; shared by :meth:`with_buckets` copies (same
    #: data), never by ``dataclasses.replace`` (which may change the data).
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- the scheme ---------------------------------------------------------------------
    @cached_property
    def size_scheme(self) -> SizeScheme:
        if self.scheme is not None:
            return self.scheme
        return self.rank_scheme or self.dollars

    @cached_property
    def rank_scheme(self) -> SizeScheme | None:
        return self.rank if self.rank is not None else rank_scheme_of(self.securities)

    @property
    def dollars(self) -> SizeScheme:
        return dollars_scheme(self.overrides.thresholds)

    @property
    def thresholds(self) -> CapThresholds:
        """The breakpoints of the scheme in force (lower bounds, dollars)."""
        return self.size_scheme.breakpoints

    def with_buckets(
        self,
        scheme: SchemeName | str = "rank",
        funds: FundView | str = "look-through",
        dollars: CapThresholds | None = None,
    ) -> Reference:
        """The same data under another scheme and fund view. ``dollars`` are the advisor's
        lines for the ``dollars`` scheme (default: the overrides' thresholds, else DESIGN's).
        Raises ``ValueError`` for an unknown name or when the master cannot rank."""
        if funds not in ("look-through", "index"):
            raise ValueError(f"unknown fund view {funds!r}; views: look-through, index")
        view: FundView = "index" if funds == "index" else "look-through"
        if scheme == "rank":
            chosen = self.rank_scheme
            if chosen is None:
                raise ValueError("the security master has too few ranked companies for 'rank'")
        elif scheme == "sp-ranges":
            chosen = SP_RANGES
        elif scheme == "dollars":
            chosen = dollars_scheme(dollars or self.overrides.thresholds)
        else:
            raise ValueError(f"unknown size scheme {scheme!r}; schemes: rank, sp-ranges, dollars")
        new = replace(self, scheme=chosen, fund_view=view, rank=self.rank_scheme)
        object.__setattr__(new, "_memo", self._memo)
        return new

    # -- finding a security -------------------------------------------------------------
    @property
    def _by_key(self) -> dict[str, str]:
        """symbol_key -> master symbol, for keys that name exactly one security."""
        memo: dict[str, str] | None = self._memo.get("by_key")
        if memo is not None:
            return memo
        seen: dict[str, str] = {}
        twice: set[str] = set()
        for symbol in self.securities:
            k = symbol_key(symbol)
            if k in seen and seen[k] != symbol:
                twice.add(k)
            seen.setdefault(k, symbol)
        out = self._memo["by_key"] = {k: s for k, s in seen.items() if k not in twice}
        return out

    @property
    def _fund_by_key(self) -> dict[str, str]:
        memo: dict[str, str] | None = self._memo.get("fund_by_key")
        if memo is None:
            memo = self._memo["fund_by_key"] = {
                symbol_key(s): s for s in sorted(self.funds, reverse=True)
            }
        return memo

    def resolve(self, symbol: str) -> str | None:
        """The master's symbol for ``symbol`` as a broker wrote it (exact, without class
        punctuation, or a CUSIP), or None."""
        s = symbol.strip().upper()
        if not symbol_key(s):  # blank, or punctuation only ("-", "--"): it names nothing
            return None
        if s in self.securities:
            return s
        k = self._by_key.get(symbol_key(s))
        if k is not None:
            return k
        if len(s) >= 4 and s[-1] in "AB" and s.isalpha():  # Fidelity's BRKB, already keyed
            alt = f"{s[:-1]}.{s[-1]}"
            if alt in self.securities:
                return alt
        if is_cusip(s):
            target = self.cusips.get(s)
            if target is not None and (target in self.securities or target in self.funds):
                return target
        return None

    def lookup(self, symbol: str) -> SecurityInfo | None:
        key = self.resolve(symbol)
        return self.securities.get(key) if key is not None else None

    def fund(self, symbol: str) -> Fund | None:
        """The fund table's row for ``symbol`` (exact, keyed, or through its CUSIP)."""
        s = symbol.strip().upper()
        if not symbol_key(s):
            return None
        if s in self.funds:
            return self.funds[s]
        k = self._fund_by_key.get(symbol_key(s))
        if k is not None:
            return self.funds[k]
        target = self.resolve(s)
        return self.funds.get(target) if target is not None else None

    def cap_of(self, symbol: str, cusip: str = "") -> tuple[float, date | None] | None:
        """A holding's company market cap and its date (for fund profiles), or None."""
        info = self.lookup(symbol) if symbol else None
        if (info is None or info.market_cap_usd is None) and cusip:
            info = self.lookup(cusip)
        if info is None or info.market_cap_usd is None:
            return None
        return info.market_cap_usd, info.market_cap_as_of

    def price(self, symbol: str) -> tuple[float, date] | None:
        """The master's price and its date, if it has both."""
        info = self.lookup(symbol)
        if info is None or info.price is None or info.price_as_of is None:
            return None
        return info.price, info.price_as_of

    @cached_property
    def prices_as_of(self) -> date | None:
        """The date of the master's newest price (None: it has no dated price)."""
        dates = [i.price_as_of for i in self.securities.values() if i.price_as_of is not None]
        return max(dates) if dates else None

    # -- funds --------------------------------------------------------------------------
    def placement(self, fund: Fund) -> FundPlacement | None:
        """``fund``'s mix under this reference's scheme and view (computed once)."""
        key = ("placement", fund.symbol, self.size_scheme, self.fund_view)
        if key not in self._memo:
            self._memo[key] = fund_mix(fund, self.profiles, self.size_scheme, self.fund_view)
        placed: FundPlacement | None = self._memo[key]
        return placed
