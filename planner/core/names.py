"""Whether a broker's description and the security master's name can be the same company."""

from __future__ import annotations

import re

#: How a classification that refused the master's row for a name mismatch begins its note.
REUSED = "the file calls it"

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
    squeeze = [
        re.sub(r"[^A-Z0-9]", "", n.upper().removeprefix("THE ")) for n in (file_name, master_name)
    ]
    return squeeze[0][:4] == squeeze[1][:4]
