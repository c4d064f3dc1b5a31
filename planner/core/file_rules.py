"""What a file's row says of a security when the security master and the fund table do not
know it (step 4 of :mod:`planner.core.classify`): Treasury and bond CUSIPs, option symbols and
the stock they are on, and fund names that say what kind of fund they are.
"""

from __future__ import annotations

import re

#: Fund names -> (what the name says, a fund of that kind, the segment if there is none).
NAME_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(r"MONEY\s*MARKET|\bSWEEP\b|\bMMKT\b|\bCASH\s+RESERVE", re.I),
        "money market",
        "SPAXX",
        "cash",
    ),
    (
        re.compile(r"INTERNAT|\bINTL\b|\bINT'?L\b|\bEX[- ]US\b|DEVELOPED\s+MKT|EMERGING", re.I),
        "international",
        "VXUS",
        "intl_equity",
    ),
    (re.compile(r"RUSSELL\s*2000", re.I), "Russell 2000", "IWM", "small"),
    (re.compile(r"SMALL[- ]?CAP|\bSM\s*CAP\b|\bS&?P\s*600\b", re.I), "small cap", "IJR", "small"),
    (re.compile(r"MID[- ]?CAP|\bS&?P\s*400\b", re.I), "mid cap", "IJH", "mid"),
    (re.compile(r"\bS\s*&?\s*P\s*500\b|\b500\s+INDEX\b", re.I), "S&P 500", "IVV", "large"),
    (
        re.compile(r"TOTAL\s+(STOCK\s+)?MARKET|TOTAL\s+STOCK|BROAD\s+MARKET|TOTAL\s+MKT", re.I),
        "total market",
        "VTI",
        "large",
    ),
    (
        re.compile(r"\bBOND\b|\bTREASURY\b|\bFIXED\s+INCOME\b|\bAGGREGATE\b", re.I),
        "bond",
        "BND",
        "bonds",
    ),
)
TREASURY_CUSIP = re.compile(r"^912[0-9]{3}[0-9A-Z]{2}[0-9]$")
CUSIP = re.compile(r"^[0-9]{3}[0-9A-Z]{5}[0-9]$")
TREASURY_DESC = re.compile(r"\bTREAS|\bT-?BILL|U\.?S\.?\s+TREASURY", re.I)
FUNDISH = re.compile(r"\bFUND\b|\bFD\b|\bETF\b|\bINDEX\b|\bTRUST\b|\bPORTFOLIO\b|\bSHARES\b", re.I)
_UNDERLYING_SYMBOL = re.compile(r"^-?([A-Z][A-Z.]{0,5}?)(?=[\s#]|\d{6}[CP])")
_UNDERLYING_DESC = re.compile(r"^(?:CALL|PUT)\s+([A-Z][A-Z.]{0,5})\b|^([A-Z][A-Z.]{0,5})\s", re.I)


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
