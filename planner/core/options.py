"""Listed options as a household holds them: which way (call or put), on what, how many.

The plan never trades an option; it keeps a short call covered - the shares of its
underlying in the same account stay at or above 100 per contract written.
"""

from __future__ import annotations

import re

#: Shares one standard US equity option contract is on.
CONTRACT_SHARES = 100

_OCC = re.compile(r"^[A-Z.]{1,6}\s*\d{6}([CP])\d{8}$")  # "AAPL  250117C00150000"
_SCHWAB = re.compile(r"^[A-Z.]{1,6}\s+\d{2}/\d{2}/\d{4}\s+[\d.]+\s+([CP])$")
_TOS = re.compile(r"^-?[A-Z.]{1,6}\d{6}([CP])[\d.]+$")  # "AAPL250117C150"
#: Interactive Brokers' Activity Statement: "AMZN 21NOV25 260 C", with no description.
_IBKR = re.compile(r"^[A-Z.]{1,6}\s+\d{1,2}[A-Z]{3}\d{2}\s+[\d.]+\s+([CP])$")
_WORDS = re.compile(r"^(CALL|PUT)\b|\b(CALL|PUT)\b", re.IGNORECASE)


def option_right(symbol: str, description: str = "") -> str | None:
    """ "call" or "put" from the option's symbol (OCC, Schwab, thinkorswim, IBKR spellings) or
    its description ("CALL XYZ 425.00 EXP 02-13-26", "TWTR Feb 15 '19 $41 Call"); None when
    neither says."""
    sym = symbol.strip().upper()[:40]
    for pattern in (_OCC, _SCHWAB, _TOS, _IBKR):
        m = pattern.match(sym)
        if m:
            return "call" if m.group(1) == "C" else "put"
    m = _WORDS.search(description[:200])
    if m:
        return (m.group(1) or m.group(2)).lower()
    return None
