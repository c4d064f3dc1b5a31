"""What kind of security a row is, from the little a broker file says about it.

Readers pass whatever hint the file has (a "Security Type" column, the description); these
rules fill in the rest. The security master (bundled data) refines this later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planner.core.holdings import AssetType

#: 9-character CUSIP: 6 issuer characters, 2 issue characters, a check digit.
CUSIP = re.compile(r"^[0-9]{3}[0-9A-Z]{5}[0-9]$")
_SHARE_CLASS = re.compile(r"^([A-Z]{1,6})[-/. ]([A-Z])$")
_MONEY_MARKET_TICKER = re.compile(r"^[A-Z]{3}XX$")
_OPTION_SYMBOL = re.compile(
    r"^[A-Z.]{1,6}\s+\d{2}/\d{2}/\d{4}\s+[\d.]+\s+[CP]$"  # Schwab: "SMAL 04/01/2020 32.00 P"
    r"|^[A-Z.]{1,6}\s*\d{6}[CP]\d{8}$"  # OCC: "AAPL  250117C00150000"
    r"|^-?[A-Z.]{1,6}\d{6}[CP][\d.]+$"  # thinkorswim: "AAPL250117C150"
    r"|^[A-Z.]{1,6}#[A-Z0-9]+$"  # Merrill: "XYZ#B1326C425000"
)
_OPTION_DESCRIPTION = re.compile(
    r"^(CALL|PUT)\b|\b(CALL|PUT)\s*$|\b\d{1,2}\s+'\d{2}\s+\$[\d.]+\s+(Call|Put)\b",
    re.IGNORECASE,
)
_BOND_DESCRIPTION = re.compile(
    r"\bTREAS|\bT-?BILL|\bU\.?S\.? TREASURY|\bBOND\b|\bNOTES?\b|\bCPN\b|\bMUNI|\bDEBENTURE"
    r"|\b\d{1,2}\.\d{2,5}%\s+\d{2}/\d{2}/\d{2,4}",
    re.IGNORECASE,
)
_MONEY_MARKET_DESCRIPTION = re.compile(
    r"MONEY\s*MARKET|\bMMKT\b|\bSWEEP\b|DEPOSIT\s+SWEEP|\bRASP\b|\bGOVT?\s+CASH\b"
    r"|\bCASH\s+RESERVES?\b|\bTREASURY\s+FUND\b|\bPRIME\s+FUND\b|\bMMF\b"
    # a broker's bank deposit program (Merrill's "ML DIRECT DEPOSIT PROGRM"): cash
    r"|\bBANK\s+DEPOSITS?\b|\bDEPOSIT\s+PROGR?A?M\b",
    re.IGNORECASE,
)
_FUND_DESCRIPTION = re.compile(
    r"\bFUND\b|\bFD\b|\bINDEX\b|\bPORTFOLIO\b|\bADMIRAL\b|\bINVESTOR\s+SH|\bINSTL\b"
    r"|\bK6\b|\bTARGET\s+(DATE|RET)|\bRETIREMENT\s+20\d\d",
    re.IGNORECASE,
)
#: A certificate of deposit (a brokered CD is fixed income, held to its maturity date): named
#: so, or "CD" with the rate it pays.
_CD_DESCRIPTION = re.compile(
    r"\bCERTIFICATES?\s+OF\s+DEPOSIT\b|\bBROKERED\s+CDS?\b|\bCD\b.*\b\d{1,2}(\.\d+)?\s*%",
    re.IGNORECASE,
)
_ETF_DESCRIPTION = re.compile(r"\bETF\b|\bETN\b|\bISHARES\b|\bSPDR\b|EXCHANGE\s+TRADED", re.I)


_HINTS: dict[str, AssetType] = {
    "equity": "equity",
    "stock": "equity",
    "stocks": "equity",
    "common stock": "equity",
    "etfs & closed end funds": "etf",
    "etf": "etf",
    "mutual fund": "mutual_fund",
    "mutual funds": "mutual_fund",
}


def infer_asset_types(
    symbols: Sequence[str], descriptions: Sequence[str], hints: Sequence[str]
) -> list[AssetType]:
    """:func:`infer_asset_type` for whole columns, with a fast path for the common rows: a
    plain ticker whose broker type says equity, ETF or fund and whose description does not
    read like an option."""
    known = {h: _HINTS.get(h.strip().lower()) for h in set(hints)}
    plain = {d: "CALL" not in d.upper() and "PUT" not in d.upper() for d in set(descriptions)}
    if len(known) == 1 and all(plain.values()) and all(map(str.isalnum, symbols)):
        (kind,) = known.values()
        if kind is not None:
            return [kind] * len(symbols)
    out: list[AssetType] = []
    for sym, desc, hint in zip(symbols, descriptions, hints, strict=True):
        kind = known[hint]
        if kind is not None and plain[desc] and sym.isalnum():
            out.append(kind)
        else:
            out.append(infer_asset_type(sym, desc, hint))
    return out


def normalize_symbols(symbols: Sequence[str]) -> list[str]:
    """:func:`normalize_symbol` for a column; plain upper-case tickers pass through as is."""
    return [s if s.isalnum() and s.isupper() else normalize_symbol(s) for s in symbols]


def normalize_symbol(symbol: str) -> str:
    """One spelling per security across brokers: upper case, share class after a dot.

    ``BRK-B``, ``BRK/B`` and ``BRK.B`` all become ``BRK.B``; trailing ``*`` markers
    (Fidelity's ``SPAXX**``) are dropped. Option and CUSIP symbols are kept as written.
    """
    if symbol.isalnum() and symbol.isupper():
        return symbol
    s = symbol.strip().upper().rstrip("*").strip()
    m = _SHARE_CLASS.match(s)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    return s


def is_option(symbol: str, description: str = "") -> bool:
    return bool(_OPTION_SYMBOL.match(symbol.strip())) or bool(
        _OPTION_DESCRIPTION.search(description.strip())
    )


def infer_asset_type(symbol: str, description: str = "", hint: str = "") -> AssetType:
    """Asset type from a broker's type column (``hint``), the symbol and the description."""
    sym = symbol.strip().upper()
    desc = description.strip()
    h = hint.strip().lower()
    if "option" in h or is_option(sym, desc):
        return "option"
    if h:
        if "money market" in h and "cash" not in h:
            return "money_market"
        if h.startswith("cash"):
            return "cash" if not symbol or symbol.upper().startswith("CASH") else "money_market"
        if "etf" in h or "exchange traded" in h or "closed end" in h:
            return "etf"
        if "mutual fund" in h or h in ("fund", "mf"):
            return "mutual_fund"
        if "fixed income" in h or "bond" in h or "treasur" in h or "certificate" in h:
            return "bond"
        if h in ("cd", "cds", "brokered cd"):
            return "bond"
        if h in ("equity", "stock", "stocks", "common stock", "equities", "stk", "adr"):
            return "equity"
    if _CD_DESCRIPTION.search(desc):
        return "bond"
    if _MONEY_MARKET_TICKER.match(sym) or _MONEY_MARKET_DESCRIPTION.search(desc):
        return "money_market"
    if CUSIP.match(sym) and _BOND_DESCRIPTION.search(desc):
        return "bond"
    if _ETF_DESCRIPTION.search(desc):
        return "etf"
    if (len(sym) == 5 and sym.endswith("X")) or (desc and _FUND_DESCRIPTION.search(desc)):
        return "mutual_fund"
    if CUSIP.match(sym):
        return "other"
    return "equity"


def price_multiplier(asset_type: str) -> float:
    """Dollars of market value per unit of quantity x price for an asset type."""
    if asset_type == "bond":
        return 0.01
    if asset_type == "option":
        return 100.0
    return 1.0
