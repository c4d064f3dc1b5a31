"""What the planner knows about each symbol (:class:`SecurityFacts`): its bucket mix, whether it
is a single stock or a fund, its wash-sale group, its quality verdict, its master price - and
the check that a file's name for a symbol agrees with the master's (a reused symbol is never
traded as if it were the master's company).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from planner.core.buckets import SIZE_BUCKETS
from planner.core.classify import Classification, Fund, Reference, classify
from planner.core.holdings import Household
from planner.core.names import REUSED
from planner.core.plan import SecurityFacts
from planner.core.plan_model import UNMEASURED
from planner.core.quality import QualityVerdict

#: A master price this much older than the master's newest is a listing that ended.
ENDED_DAYS = 180


def wash_group(ref: Reference, symbol: str) -> str:
    """The wash-sale group of a fund: the index it states it tracks (funds on one index are
    substantially identical - IRC 1091 as the IRS and practitioners read it); "" for a
    stock or a fund whose index is only a category guess (the symbol is its own group)."""
    fund = ref.fund(symbol)
    if fund is None or not fund.index or "FinanceDatabase" in fund.index:
        return ""
    return "index: " + fund.index.split(" (")[0].strip()


def _ended(priced: tuple[float, date] | None, ref: Reference, name: str) -> str:
    """Why a security may no longer trade: the master's last price for it is more than
    :data:`ENDED_DAYS` older than the master's newest price (a listing taken over, merged or
    unified); "" if it is not."""
    newest = ref.prices_as_of
    if priced is None or newest is None or (newest - priced[1]).days <= ENDED_DAYS:
        return ""
    named = f" ({name})" if name else ""
    return (
        f"no price since {priced[1].isoformat()} in the security master{named}, whose other "
        f"prices are as of {newest.isoformat()}: it may no longer trade; counted, not traded"
    )


def _unmeasured(c: Classification, asset_type: str, fund: Fund | None) -> str:
    """Why the plan counts ``c`` but does not trade it, "" if it may: a fund whose US stocks
    are sized only by a coarse category or its name, or a stock by its index rather than its
    market cap, is a guess no trade's reason could rest on; a leveraged or inverse fund's
    value is not its exposure. Options, bond and cash rows keep their own rules, and a fund
    the category places wholly in bonds, cash or international equity is what it says."""
    if asset_type == "option" or c.underlying is not None:
        return ""
    if c.geared == "inverse":
        return (
            f"{UNMEASURED[2]}: it gains when its index falls; counted in other holdings, not traded"
        )
    if c.geared:
        return (
            f"{UNMEASURED[1]}: its exposure is a multiple of its value, which the size buckets "
            "do not measure; counted at its value, not traded"
        )
    # a fund of the table placed by hand like a fund of its kind (SCHA like IWM), or by its
    # issuer's glide path, is an estimate its trades say is one (explain); by a FinanceDatabase
    # category alone, or by its name or index membership, it is a guess
    coarse = fund is None or fund.source == "fdb-etf"
    if c.source == "guessed" and coarse and any(k in SIZE_BUCKETS for k in c.mix):
        return (
            f"{UNMEASURED[0]} ({c.note}), not by holdings or market data: counted at that "
            "estimate, not traded"
        )
    return ""


def security_facts(
    household: Household,
    ref: Reference,
    symbols_extra: Iterable[str] = (),
    verdicts: Mapping[str, QualityVerdict] | None = None,
) -> dict[str, SecurityFacts]:
    """What the planner needs per symbol: every held symbol and the ``symbols_extra`` (the
    policy's buy vehicles), with the master's dated price where it has one, whether it is a
    single stock or a fund, its wash-sale group, and - for an option - its underlying. A
    stock whose name in the file contradicts the master's is unclassified (:func:`planner.
    core.classify.classify`): the plan never trades what it may not know."""
    out: dict[str, SecurityFacts] = {}
    rows = [(r.symbol, r.description, r.asset_type) for r in household.records()]
    rows += [(s, "", "") for s in symbols_extra]
    for symbol, description, asset_type in rows:
        if symbol in out:
            continue
        c = classify(symbol, description, asset_type, ref)
        priced = ref.price(symbol)
        info = ref.lookup(symbol)
        ended = _ended(priced, ref, info.name if info else "")  # priced: the master has it
        priced = None if ended else priced
        source = c.source
        why = c.note if c.source == "unknown" and c.note.startswith(REUSED) else ""
        fund = ref.fund(symbol)
        if asset_type == "option" or c.underlying:
            kind = "other"
        elif (
            fund is not None
            or asset_type in ("etf", "mutual_fund")
            or (info is not None and info.asset_type in ("etf", "mutual_fund", "money_market"))
        ):
            kind = "fund"
        else:
            kind = "stock"
        verdict = (verdicts or {}).get(symbol)
        out[symbol] = SecurityFacts(
            mix=dict(c.mix),
            low_quality=verdict is not None and verdict.acts,
            quality_note=verdict.rule if verdict is not None and verdict.acts else "",
            price=priced[0] if priced else None,
            price_as_of=priced[1] if priced else None,
            price_source=f"security master ({info.source})" if priced and info else "",
            name=c.name or (info.name if info else "") or description,
            source=source,
            kind=kind,
            group=wash_group(ref, symbol),
            underlying=c.underlying,
            unknown_reason=why,
            not_traded=ended or _unmeasured(c, asset_type, fund),
        )
    return out
