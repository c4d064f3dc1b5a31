"""Place a security in the size buckets: a stock in one bucket by market cap, a fund in a
*mix* of buckets (look-through), and say where that came from and how old it is.

Order (first hit wins):

1. the user's override for the symbol (source ``override``);
2. the security master: a US stock goes to its cap bucket, a foreign one to
   ``intl_equity``, a money-market fund to ``cash`` (source ``master``);
3. the fund table: the fund's bucket mix (source ``fund``);
4. rules on what the file says (source ``guessed``): Treasury/T-bill CUSIPs and bond rows ->
   ``bonds``; money market and sweep rows -> ``cash``; option rows -> ``other`` with their
   underlying named; fund names saying "small cap", "mid cap", "S&P 500", "total market",
   "international", "bond" -> the mix of a representative fund of the table;
5. otherwise ``unknown``: ``{"other": 1.0}``, shown in the unknown list, never hidden.

Quality (the report's "quality divide"): a stock is *low quality* when it is unprofitable,
or its net debt is more than 4x EBITDA, or its EBITDA covers interest less than 1.5x. A field
the master leaves empty is unknown and never counts against the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from planner.core.assets import is_option
from planner.core.buckets import CapThresholds
from planner.core.holdings import AccountType
from planner.core.policy import BUCKETS

Source = Literal["override", "master", "fund", "guessed", "unknown"]
Profitable = Literal["yes", "no", "unknown"]

#: Low-quality rule: net debt / EBITDA above this, or interest coverage below that.
MAX_NET_DEBT_TO_EBITDA = 4.0
MIN_INTEREST_COVERAGE = 1.5


@dataclass(frozen=True)
class SecurityInfo:
    """One row of the security master. Money in US dollars; ``None`` is unknown."""

    symbol: str
    name: str
    asset_type: str  # equity | etf | mutual_fund | money_market | bond | other
    market_cap_usd: float | None
    sector: str
    price: float | None
    price_as_of: date | None
    market_cap_as_of: date | None
    source: str
    profitable: Profitable = "unknown"
    net_debt_to_ebitda: float | None = None
    interest_coverage: float | None = None
    country: str = "US"  # ISO 3166 alpha-2 of the listing's home; not US -> intl_equity


@dataclass(frozen=True)
class FundMix:
    """A fund's look-through: fraction of its value in each bucket (sums to 1)."""

    symbol: str
    name: str
    mix: Mapping[str, float]
    source: str
    as_of: date | None


@dataclass(frozen=True)
class SecurityOverride:
    mix: Mapping[str, float]
    note: str = ""
    as_of: date | None = None


@dataclass(frozen=True)
class Overrides:
    """What the user set by hand: a bucket mix per symbol, an account type per account."""

    securities: Mapping[str, SecurityOverride] = field(default_factory=dict)
    account_types: Mapping[str, AccountType] = field(default_factory=dict)
    thresholds: CapThresholds | None = None


@dataclass(frozen=True)
class Reference:
    """Everything classification reads: master, fund table, overrides, thresholds."""

    securities: Mapping[str, SecurityInfo]
    funds: Mapping[str, FundMix]
    overrides: Overrides = field(default_factory=Overrides)
    thresholds: CapThresholds = field(default_factory=CapThresholds)
    origin: str = "bundled"  # where the master came from, for display

    def lookup(self, symbol: str) -> SecurityInfo | None:
        key = _key(symbol, self.securities)
        return self.securities.get(key) if key is not None else None

    def price(self, symbol: str) -> tuple[float, date] | None:
        """The master's price and its date, if it has both."""
        info = self.lookup(symbol)
        if info is None or info.price is None or info.price_as_of is None:
            return None
        return info.price, info.price_as_of


@dataclass(frozen=True)
class Classification:
    symbol: str
    mix: Mapping[str, float]  # bucket -> fraction; keys in BUCKETS, sums to 1
    source: Source
    as_of: date | None
    quality: Mapping[str, Any] | None = None  # profitable, net_debt_to_ebitda, interest_coverage
    underlying: str | None = None  # options: the symbol the contract is on
    name: str = ""
    note: str = ""  # how it was placed, in words

    @property
    def low_quality(self) -> bool:
        return bool(self._failures())

    @property
    def quality_note(self) -> str:
        """Why the name is low quality ("unprofitable; interest cover 0.4x"), or ""."""
        return "; ".join(self._failures())

    def _failures(self) -> list[str]:
        q = self.quality
        if not q:
            return []
        out: list[str] = []
        if q.get("profitable") == "no":
            out.append("unprofitable")
        nde = q.get("net_debt_to_ebitda")
        if nde is not None and nde > MAX_NET_DEBT_TO_EBITDA:
            out.append(f"net debt {nde:.1f}x EBITDA")
        ic = q.get("interest_coverage")
        if ic is not None and ic < MIN_INTEREST_COVERAGE:
            out.append(f"interest cover {ic:.1f}x")
        return out


UNKNOWN_MIX: Mapping[str, float] = {"other": 1.0}

#: Fund names -> the fund of the table whose mix a guess borrows (and a fallback mix).
_NAME_RULES: tuple[tuple[re.Pattern[str], str, str, Mapping[str, float]], ...] = (
    (
        re.compile(r"MONEY\s*MARKET|\bSWEEP\b|\bMMKT\b|\bCASH\s+RESERVE", re.I),
        "money market",
        "SPAXX",
        {"cash": 1.0},
    ),
    (
        re.compile(r"INTERNAT|\bINTL\b|\bINT'?L\b|\bEX[- ]US\b|DEVELOPED\s+MKT|EMERGING", re.I),
        "international",
        "VXUS",
        {"intl_equity": 1.0},
    ),
    (
        re.compile(r"SMALL[- ]?CAP|\bSM\s*CAP\b|RUSSELL\s+2000|\bS&?P\s*600\b", re.I),
        "small cap",
        "IJR",
        {"mid": 0.5, "small": 0.47, "micro": 0.03},
    ),
    (
        re.compile(r"MID[- ]?CAP|\bS&?P\s*400\b", re.I),
        "mid cap",
        "IJH",
        {"large": 0.3, "mid": 0.66, "small": 0.04},
    ),
    (
        re.compile(r"\bS\s*&?\s*P\s*500\b|\b500\s+INDEX\b", re.I),
        "S&P 500",
        "VOO",
        {"mega": 0.6, "large": 0.39, "mid": 0.01},
    ),
    (
        re.compile(r"TOTAL\s+(STOCK\s+)?MARKET|TOTAL\s+STOCK|BROAD\s+MARKET|TOTAL\s+MKT", re.I),
        "total market",
        "VTI",
        {"mega": 0.52, "large": 0.36, "mid": 0.08, "small": 0.035, "micro": 0.005},
    ),
    (
        re.compile(r"\bBOND\b|\bTREASURY\b|\bFIXED\s+INCOME\b|\bAGGREGATE\b", re.I),
        "bond",
        "BND",
        {"bonds": 1.0},
    ),
)
_TREASURY_CUSIP = re.compile(r"^912[0-9]{3}[0-9A-Z]{2}[0-9]$")
_CUSIP = re.compile(r"^[0-9]{3}[0-9A-Z]{5}[0-9]$")
_TREASURY_DESC = re.compile(r"\bTREAS|\bT-?BILL|U\.?S\.?\s+TREASURY", re.I)
_FUNDISH = re.compile(r"\bFUND\b|\bFD\b|\bETF\b|\bINDEX\b|\bTRUST\b|\bPORTFOLIO\b|\bSHARES\b", re.I)
_UNDERLYING_SYMBOL = re.compile(r"^-?([A-Z][A-Z.]{0,5}?)(?=[\s#]|\d{6}[CP])")
_UNDERLYING_DESC = re.compile(r"^(?:CALL|PUT)\s+([A-Z][A-Z.]{0,5})\b|^([A-Z][A-Z.]{0,5})\s", re.I)


def _key(symbol: str, table: Mapping[str, object]) -> str | None:
    """The table's key for ``symbol``: as written, else with a share class split off
    (Fidelity writes ``BRKB`` for ``BRK.B``)."""
    s = symbol.strip().upper()
    if s in table:
        return s
    if len(s) >= 4 and s[-1] in "AB" and s.isalpha():
        alt = f"{s[:-1]}.{s[-1]}"
        if alt in table:
            return alt
    return None


def option_underlying(symbol: str, description: str = "") -> str | None:
    """The symbol an option row is on, from its symbol (OCC, Schwab, thinkorswim, Merrill
    spellings) or its description ("CALL XYZ 425.00 ...")."""
    m = _UNDERLYING_SYMBOL.match(symbol.strip().upper())
    if m:
        return m.group(1)
    d = _UNDERLYING_DESC.match(description.strip())
    if d:
        return (d.group(1) or d.group(2)).upper()
    return None


def clean_mix(mix: Mapping[str, float]) -> dict[str, float]:
    """Only non-zero fractions, in bucket order, renormalised so they sum to exactly 1
    (the last bucket takes the floating-point remainder)."""
    items = [(b, float(mix[b])) for b in BUCKETS if b in mix and mix[b] != 0]
    total = sum(v for _, v in items)
    if not items or total <= 0:
        return dict(UNKNOWN_MIX)
    out = {b: v / total for b, v in items}
    last = items[-1][0]
    out[last] = 1.0 - sum(v for b, v in out.items() if b != last)
    return out


def _from_fund(symbol: str, fund: FundMix, note: str = "") -> Classification:
    return Classification(symbol, dict(fund.mix), "fund", fund.as_of, name=fund.name, note=note)


def _quality(info: SecurityInfo) -> dict[str, Any]:
    return {
        "profitable": info.profitable,
        "net_debt_to_ebitda": info.net_debt_to_ebitda,
        "interest_coverage": info.interest_coverage,
    }


def _by_rules(
    symbol: str, description: str, asset_type: str, ref: Reference, name: str = ""
) -> Classification | None:
    sym = symbol.strip().upper()
    desc = description.strip()
    if asset_type == "option" or is_option(sym, desc):
        under = option_underlying(sym, desc)
        what = f"an option on {under}" if under else "an option"
        return Classification(
            symbol, {"other": 1.0}, "guessed", None, underlying=under, name=name, note=what
        )
    if asset_type in ("cash", "money_market"):
        return Classification(
            symbol, {"cash": 1.0}, "guessed", None, name=name, note=f"{asset_type} row"
        )
    if (
        asset_type == "bond"
        or _TREASURY_CUSIP.match(sym)
        or (_CUSIP.match(sym) and _TREASURY_DESC.search(desc))
    ):
        what = "Treasury" if _TREASURY_CUSIP.match(sym) or _TREASURY_DESC.search(desc) else "bond"
        return Classification(symbol, {"bonds": 1.0}, "guessed", None, name=name, note=what)
    text = f"{name} {desc}".strip()
    if asset_type in ("etf", "mutual_fund") or _FUNDISH.search(text):
        for pattern, label, proxy, fallback in _NAME_RULES:
            if pattern.search(text):
                fund = ref.funds.get(proxy)
                mix = dict(fund.mix) if fund is not None else dict(fallback)
                note = f'name says "{label}": mix of {proxy}' if fund else f'name says "{label}"'
                as_of = fund.as_of if fund is not None else None
                return Classification(symbol, mix, "guessed", as_of, name=name, note=note)
    return None


def classify(symbol: str, description: str, asset_type: str, ref: Reference) -> Classification:
    """Where ``symbol`` goes, by the order in the module docstring."""
    sym = symbol.strip().upper()
    over_key = _key(sym, ref.overrides.securities)
    if over_key is not None:
        o = ref.overrides.securities[over_key]
        return Classification(
            symbol, clean_mix(o.mix), "override", o.as_of, note=o.note or "set by the user"
        )
    info = ref.lookup(sym)
    if info is not None:
        kind = info.asset_type
        if kind == "equity":
            if info.country.upper() not in ("US", ""):
                return Classification(
                    symbol,
                    {"intl_equity": 1.0},
                    "master",
                    info.market_cap_as_of or info.price_as_of,
                    _quality(info),
                    name=info.name,
                    note=f"listed company based in {info.country}",
                )
            if info.market_cap_usd is not None:
                bucket = ref.thresholds.bucket(info.market_cap_usd)
                return Classification(
                    symbol,
                    {bucket: 1.0},
                    "master",
                    info.market_cap_as_of,
                    _quality(info),
                    name=info.name,
                    note=f"market cap ${info.market_cap_usd / 1e9:,.1f}B",
                )
        elif kind == "money_market":
            return Classification(symbol, {"cash": 1.0}, "master", info.price_as_of, name=info.name)
        elif kind == "bond":
            return Classification(
                symbol, {"bonds": 1.0}, "master", info.price_as_of, name=info.name
            )
    fund_key = _key(sym, ref.funds)
    if fund_key is not None:
        return _from_fund(symbol, ref.funds[fund_key])
    name = info.name if info is not None else ""
    kind = info.asset_type if info is not None else asset_type
    guess = _by_rules(symbol, description, kind, ref, name)
    if guess is not None:
        return guess
    return Classification(
        symbol,
        dict(UNKNOWN_MIX),
        "unknown",
        None,
        name=name,
        note="not in the master or fund table",
    )
