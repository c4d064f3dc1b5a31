"""Place a security in the buckets: a stock in one size bucket by its company's market cap
under the scheme in force, a fund in a *mix* of buckets (look-through), and say where that came
from and how old it is.

Order (first hit wins):

1. the user's override for the symbol (source ``override``);
2. the security master, found by symbol or CUSIP (source ``master``): a firm master's own
   bucket; a US company by market cap under the size scheme; a foreign company to
   ``intl_equity``; money-market funds to ``cash``, exchange-traded debt to ``bonds``,
   preferred stock, warrants, rights and units to ``other`` (they are not sized);
3. the fund table (source ``fund``): the fund's mix computed from its holdings or those of a
   fund tracking the same index; a fund placed only by its category is ``guessed``;
4. rules on what the file says (source ``guessed``): Treasury/T-bill CUSIPs and bond rows ->
   ``bonds``; money market and sweep rows -> ``cash``; option rows -> ``other`` with their
   underlying named; fund names saying "small cap", "Russell 2000", "mid cap", "S&P 500",
   "total market", "international", "bond" -> the mix of a fund of that kind; a stock the
   master has without a market cap -> its index's segment;
5. otherwise ``unknown``: ``{"other": 1.0}``, listed with its dollars, never hidden. Only
   this source means "the product knows nothing about it".

A fund whose names say it is leveraged or inverse is marked so (:mod:`planner.core.geared`):
an inverse fund goes to ``other``; neither is traded by the plan.

Quality (the report's "quality divide"): a stock is *low quality* when it is unprofitable,
or its net debt is more than 4x EBITDA, or its EBITDA covers interest less than 1.5x. A field
the master leaves empty is unknown and never counts against the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from planner.core.assets import is_option
from planner.core.buckets import BUCKET_WORDS, CapThresholds
from planner.core.file_rules import (
    CUSIP,
    FUNDISH,
    NAME_RULES,
    TREASURY_CUSIP,
    TREASURY_DESC,
    option_underlying,
)
from planner.core.geared import gear
from planner.core.names import REUSED, names_agree
from planner.core.policy import BUCKETS
from planner.core.profiles import Fund, FundPlacement, SizeProfile
from planner.core.universe import (
    Overrides,
    Profitable,
    Reference,
    SecurityInfo,
    SecurityOverride,
    is_cusip,
    symbol_key,
)

__all__ = [
    "UNKNOWN_MIX",
    "CapThresholds",
    "Classification",
    "Fund",
    "Overrides",
    "Profitable",
    "Reference",
    "SecurityInfo",
    "SecurityOverride",
    "SizeProfile",
    "Source",
    "classify",
    "clean_mix",
    "option_underlying",
]

Source = Literal["override", "master", "fund", "guessed", "unknown"]
SOURCES: tuple[str, ...] = ("override", "master", "fund", "guessed", "unknown")

#: Low-quality rule: net debt / EBITDA above this, or interest coverage below that.
MAX_NET_DEBT_TO_EBITDA = 4.0
MIN_INTEREST_COVERAGE = 1.5

#: Master asset types that are known but not sized, and what they are called.
_NOT_SIZED = {
    "preferred": "preferred stock",
    "warrant": "a warrant",
    "right": "a right",
    "unit": "a unit (shares and warrants)",
}
#: An index a stock belongs to -> the segment a stock without a market cap is guessed in.
_INDEX_SEGMENT = (
    ("sp500", "large", "an S&P 500"),
    ("r1000", "large", "a Russell 1000"),
    ("sp400", "mid", "an S&P MidCap 400"),
    ("sp600", "small", "an S&P SmallCap 600"),
    ("r2000", "small", "a Russell 2000"),
)


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
    geared: str = ""  # "leveraged" | "inverse": a fund its names say is one (planner.core.geared)

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
    k = symbol_key(s)
    for t in table:
        if symbol_key(t) == k:
            return t
    return None


def clean_mix(mix: Mapping[str, float]) -> dict[str, float]:
    """Only non-zero fractions, in bucket order, renormalised so they sum to exactly 1
    (the last bucket takes the floating-point remainder)."""
    items = [(b, float(mix[b])) for b in BUCKETS if b in mix and mix[b] > 1e-15]
    total = sum(v for _, v in items)
    if not items or total <= 0:
        return dict(UNKNOWN_MIX)
    out = {b: v / total for b, v in items}
    last = items[-1][0]
    out[last] = 1.0 - sum(v for b, v in out.items() if b != last)
    return out


def _quality(info: SecurityInfo) -> dict[str, Any]:
    return {
        "profitable": info.profitable,
        "net_debt_to_ebitda": info.net_debt_to_ebitda,
        "interest_coverage": info.interest_coverage,
    }


def _from_fund(symbol: str, fund: Fund, placed: FundPlacement, note: str = "") -> Classification:
    source: Source = "guessed" if placed.guessed else "fund"
    return Classification(
        symbol,
        clean_mix(placed.mix),
        source,
        placed.as_of,
        name=fund.name,
        note=note or placed.note,
    )


def _stock(symbol: str, info: SecurityInfo, ref: Reference) -> Classification | None:
    """A stock of the master: by the firm's bucket, its country, or its company's cap."""
    as_of = info.market_cap_as_of or info.price_as_of
    if info.bucket is not None:
        return Classification(
            symbol,
            {info.bucket: 1.0},
            "master",
            as_of,
            _quality(info),
            name=info.name,
            note="the firm master's own bucket",
        )
    if not info.us_company:
        note = f"listed company based in {info.country}"
        return Classification(
            symbol, {"intl_equity": 1.0}, "master", as_of, _quality(info), name=info.name, note=note
        )
    if info.market_cap_usd is not None:
        scheme = ref.size_scheme
        bucket = scheme.bucket(info.market_cap_usd)
        rank = f", company rank {info.rank:,}" if info.rank is not None else ""
        when = f" on {info.market_cap_as_of.isoformat()}" if info.market_cap_as_of else ""
        note = (
            f"market cap ${info.market_cap_usd / 1e9:,.2f}B{when}{rank}: "
            f"{BUCKET_WORDS[bucket]} under {scheme.label}"
        )
        if not info.country:
            note += "; country not stated, sized as a US listing"
        return Classification(
            symbol,
            {bucket: 1.0},
            "master",
            info.market_cap_as_of,
            _quality(info),
            name=info.name,
            note=note,
        )
    for index, segment, words in _INDEX_SEGMENT:
        if index in info.indexes:
            note = f"no market cap in the master; {words} member, placed in {BUCKET_WORDS[segment]}"
            return Classification(
                symbol, {segment: 1.0}, "guessed", as_of, _quality(info), name=info.name, note=note
            )
    return None


def _from_master(symbol: str, info: SecurityInfo, ref: Reference) -> Classification | None:
    kind = info.asset_type
    if kind == "equity":
        return _stock(symbol, info, ref)
    as_of = info.price_as_of or info.market_cap_as_of
    if info.bucket is not None:
        return Classification(
            symbol,
            {info.bucket: 1.0},
            "master",
            as_of,
            name=info.name,
            note="the firm master's own bucket",
        )
    if kind == "money_market":
        return Classification(
            symbol, {"cash": 1.0}, "master", as_of, name=info.name, note="money-market fund"
        )
    if kind == "bond":
        return Classification(
            symbol, {"bonds": 1.0}, "master", as_of, name=info.name, note="exchange-traded debt"
        )
    if kind in _NOT_SIZED:
        return Classification(
            symbol,
            {"other": 1.0},
            "master",
            as_of,
            name=info.name,
            note=f"{_NOT_SIZED[kind]}: not sized",
        )
    return None


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
        or TREASURY_CUSIP.match(sym)
        or (CUSIP.match(sym) and TREASURY_DESC.search(desc))
    ):
        what = "Treasury" if TREASURY_CUSIP.match(sym) or TREASURY_DESC.search(desc) else "bond"
        return Classification(symbol, {"bonds": 1.0}, "guessed", None, name=name, note=what)
    text = f"{name} {desc}".strip()
    if asset_type in ("etf", "mutual_fund") or FUNDISH.search(text):
        for pattern, label, proxy, segment in NAME_RULES:
            if not pattern.search(text):
                continue
            fund = ref.fund(proxy)
            placed = ref.placement(fund) if fund is not None else None
            if fund is not None and placed is not None:
                mix, as_of = placed.mix, placed.as_of
                note = f'name says "{label}": placed like {proxy} ({placed.note})'
            else:
                mix, as_of = {segment: 1.0}, None
                note = f'name says "{label}": placed wholly in {BUCKET_WORDS[segment]}'
            return Classification(symbol, clean_mix(mix), "guessed", as_of, name=name, note=note)
    return None


def _master_fits(asset_type: str, info: SecurityInfo) -> bool:
    """Whether a master row can be what the file's row is: a cash or option row is never a
    listed stock that happens to share its symbol."""
    if asset_type == "option":
        return False
    if asset_type in ("cash", "money_market"):
        return info.asset_type in ("money_market", "etf", "mutual_fund")
    return True


def classify(symbol: str, description: str, asset_type: str, ref: Reference) -> Classification:
    """Where ``symbol`` goes, by the order in the module docstring; a fund its names say is
    leveraged or inverse is marked so (:mod:`planner.core.geared`), unless the user placed it."""
    sym = symbol.strip().upper()
    over_key = _key(sym, ref.overrides.securities) if ref.overrides.securities else None
    if over_key is not None:
        o = ref.overrides.securities[over_key]
        return Classification(
            symbol, clean_mix(o.mix), "override", o.as_of, note=o.note or "set by the user"
        )
    info = ref.lookup(sym)
    if info is not None and not _master_fits(asset_type, info):
        info = None  # e.g. Schwab's cash row "CASH" is not Pathward Financial (ticker CASH)
    via = ""
    if info is not None and info.symbol != sym and is_cusip(sym):
        via = f"CUSIP {sym} is {info.symbol}; "
    if info is not None:
        c = _from_master(symbol, info, ref)
        if c is not None:
            if (
                c.source == "master"
                and asset_type == "equity"
                and c.name
                and description
                and not names_agree(description, c.name)
            ):  # the symbol may now name another company: place it nowhere, trade nothing
                why = (
                    f"{REUSED} '{description}', the security master '{c.name}': the symbol "
                    "may have been reused"
                )
                return Classification(
                    symbol, dict(UNKNOWN_MIX), "unknown", None, name=c.name, note=why
                )
            return Classification(
                c.symbol, c.mix, c.source, c.as_of, c.quality, c.underlying, c.name, via + c.note
            )
    fund = ref.fund(sym) if asset_type != "option" else None
    if fund is not None and asset_type in ("cash", "money_market") and fund.us_equity > 0:
        fund = None  # a cash row named like an equity fund is still cash
    if fund is not None:
        placed = ref.placement(fund)
        if placed is not None:
            if not via and is_cusip(sym):
                via = f"CUSIP {sym} is {fund.symbol}; "
            return gear(_from_fund(symbol, fund, placed, via + placed.note), description)
    name = info.name if info is not None else ""
    kind = asset_type
    if info is not None and info.asset_type in ("etf", "mutual_fund", "money_market", "bond"):
        kind = info.asset_type
    guess = _by_rules(symbol, description, kind, ref, name)
    if guess is not None:  # a fund placed by what its name says may say it is geared too
        return gear(guess, description) if guess.note.startswith("name says") else guess
    why = "not in the security master or the fund table"
    if info is not None:
        why = f"in the security master ({info.asset_type}) but without a market cap or a fund row"
    return Classification(symbol, dict(UNKNOWN_MIX), "unknown", None, name=name, note=why)
