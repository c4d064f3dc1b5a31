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


_BANK = re.compile(
    r"\bchecking\b|(?<!health )(?<!college )\bsavings\b(?!\s+plan)|\bcertificate of deposit\b",
    re.IGNORECASE,
)


def is_bank_account(name: str) -> bool:
    """A bank account by its name (an aggregator's linked checking or savings account): its
    cash is the household's, but nothing can be bought or sold in it.

    >>> is_bank_account("360 Checking"), is_bank_account("Performance Savings")
    (True, True)
    >>> is_bank_account("Health Savings Account"), is_bank_account("529 College Savings Plan")
    (False, False)
    """
    return bool(_BANK.search(name))


_PLAN = re.compile(
    r"\b529\b|college\s+sav|\b401\s*\(?k\)?|\b403\s*\(?b\)?|\b457\s*\(?b?\)?"
    r"|\bthrift\s+savings\b|\btsp\b",
    re.IGNORECASE,
)
_SELF_DIRECTED = re.compile(
    r"\bira\b|(?<![a-z])ira(?=[-_ ]|$)|\bsolo\b|\bindividual\s+401|\bself[- ]?directed\b"
    r"|brokeragelink|\bpcra\b",
    re.IGNORECASE,
)


def is_plan_account(name: str) -> bool:
    """An employer plan (401(k), 403(b), 457, the TSP) or a 529 plan by its name: it holds only
    the funds its plan offers, so nothing can be bought in it that the plan does not list, and
    the product does not know the list. An IRA (a rollover of one), a solo 401(k) or a
    self-directed brokerage window is not one.

    >>> is_plan_account("Vanguard 529 plan ...4501"), is_plan_account("ACME CORP 401(K) PLAN")
    (True, True)
    >>> is_plan_account("Rollover IRA (from 401k)"), is_plan_account("Solo 401(k)")
    (False, False)
    """
    return bool(_PLAN.search(name)) and not _SELF_DIRECTED.search(name)
