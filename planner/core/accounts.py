"""Account tax treatment from the name a broker gives an account.

The rule is deliberately simple and visible; the user overrides it per account.
Order matters: "Roth IRA" is tax-free although it contains "IRA"; "Rollover IRA" is
tax-deferred; an HSA or a 529 plan is tax-free.
"""

from __future__ import annotations

import re

from planner.core.holdings import AccountType

_RULES: tuple[tuple[AccountType, re.Pattern[str]], ...] = (
    (
        "tax_free",
        re.compile(
            r"\broth\b|\bhsa\b|health\s+savings|\b529\b|college\s+sav|\bcoverdell\b|\besa\b",
            re.IGNORECASE,
        ),
    ),
    (
        "tax_deferred",
        re.compile(
            r"\bira\b|\brollover\b|\btraditional\b|\bsep\b|\bsimple\b|\bkeogh\b"
            r"|\b401\s*\(?k\)?|\b403\s*\(?b\)?|\b457\s*\(?b?\)?|\bpension\b|\bprofit\s+sharing\b"
            # IRA names glued to a suffix ("IRA-Edge", "ContributoryIRA")
            r"|(?<![a-z])ira(?=[-_ ]|$)",
            re.IGNORECASE,
        ),
    ),
    (
        "taxable",
        re.compile(
            r"\bindividual\b|\bjoint\b|\bjtwros\b|\btrust\b|\bbrokerage\b|\bcma\b"
            r"|cash\s+management|\btod\b|\bcustodial\b|\butma\b|\bugma\b|\btenants?\b",
            re.IGNORECASE,
        ),
    ),
)


def account_type_from_name(name: str) -> AccountType:
    """``tax_deferred``, ``tax_free``, ``taxable`` or ``unknown`` from an account's name.

    >>> account_type_from_name("ROTH IRA ...123")
    'tax_free'
    >>> account_type_from_name("Rollover IRA")
    'tax_deferred'
    >>> account_type_from_name("Joint Brokerage")
    'taxable'
    >>> account_type_from_name("360 Checking")
    'unknown'
    """
    for kind, pattern in _RULES:
        if pattern.search(name):
            return kind
    return "unknown"
