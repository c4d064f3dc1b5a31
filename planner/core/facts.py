"""What the planner knows about each symbol (:class:`SecurityFacts`): its bucket mix, whether it
is a single stock or a fund, its wash-sale group, its quality verdict, its master price - and
the check that a file's name for a symbol agrees with the master's (a reused symbol is never
traded as if it were the master's company).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from planner.core.classify import Reference, classify
from planner.core.holdings import Household
from planner.core.plan import SecurityFacts
from planner.core.quality import QualityVerdict

#: Words that say nothing about which company a name is.
_NAME_NOISE = frozenset(
    [
        "INC",
        "CORP",
        "CORPORATION",
        "CO",
        "COMPANY",
        "LTD",
        "LIMITED",
        "PLC",
        "LLC",
        "LP",
        "THE",
        "CLASS",
        "CL",
        "COM",
        "COMMON",
        "STOCK",
        "SHARES",
        "SHS",
        "SH",
        "ORD",
        "ORDINARY",
        "NEW",
        "HOLDINGS",
        "HOLDING",
        "HLDGS",
        "GROUP",
        "GRP",
        "SPONSORED",
        "SPON",
        "ADR",
        "ADS",
        "NV",
        "SA",
        "AG",
        "SE",
        "DE",
        "USD",
        "PAR",
        "NPV",
        "CAP",
        "STK",
        "CAPITAL",
        "AMERICAN",
        "DEPOSITARY",
        "REPSTG",
        "EACH",
    ]
)


def _name_words(name: str) -> list[str]:
    text = re.sub(r"[^A-Z0-9 ]", " ", name.upper().replace("'", "").replace("&", ""))
    return [w for w in text.split() if len(w) >= 3 and w not in _NAME_NOISE and not w.isdigit()]


def names_agree(file_name: str, master_name: str) -> bool:
    """Whether a broker's description and the master's name can be the same company: a
    significant word of one starts a word of the other, or the names start alike. Lenient on
    purpose (brokers abbreviate); it only catches a symbol that now names someone else."""
    a, b = _name_words(file_name), _name_words(master_name)
    if not a or not b:
        return True
    if any(x.startswith(y) or y.startswith(x) for x in a for y in b):
        return True
    squeeze = [re.sub(r"[^A-Z0-9]", "", n.upper().removeprefix("THE ")) for n in
               (file_name, master_name)]  # fmt: skip
    return squeeze[0][:4] == squeeze[1][:4]


def wash_group(ref: Reference, symbol: str) -> str:
    """The wash-sale group of a fund: the index it states it tracks (funds on one index are
    substantially identical - IRC 1091 as the IRS and practitioners read it); "" for a
    stock or a fund whose index is only a category guess (the symbol is its own group)."""
    fund = ref.fund(symbol)
    if fund is None or not fund.index or "FinanceDatabase" in fund.index:
        return ""
    return "index: " + fund.index.split(" (")[0].strip()


def security_facts(
    household: Household,
    ref: Reference,
    symbols_extra: Iterable[str] = (),
    verdicts: Mapping[str, QualityVerdict] | None = None,
) -> dict[str, SecurityFacts]:
    """What the planner needs per symbol: every held symbol and the ``symbols_extra`` (the
    policy's buy vehicles), with the master's dated price where it has one, whether it is a
    single stock or a fund, its wash-sale group, and - for an option - its underlying. A
    stock whose name in the file contradicts the master's is left unclassified for the plan:
    the symbol may have been reused, and the plan never trades what it may not know."""
    out: dict[str, SecurityFacts] = {}
    rows = [(r.symbol, r.description, r.asset_type) for r in household.records()]
    rows += [(s, "", "") for s in symbols_extra]
    for symbol, description, asset_type in rows:
        if symbol in out:
            continue
        c = classify(symbol, description, asset_type, ref)
        priced = ref.price(symbol)
        info = ref.lookup(symbol)
        source, why = c.source, ""
        if (
            source == "master"
            and asset_type == "equity"
            and c.name
            and description
            and not names_agree(description, c.name)
        ):
            source = "unknown"
            why = (
                f"the file calls it '{description}', the security master '{c.name}': the "
                f"symbol may have been reused"
            )
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
        )
    return out
