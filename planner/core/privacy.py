"""Account numbers kept off paper: one masking rule for the app, the workbook and the logs.

A masked number shows its last four characters (``…4321``); an account number inside any
text (a Vanguard account name, an explanation, a warning) is masked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Characters of an account number that stay visible.
VISIBLE = 4


def _is_number(account_id: str) -> bool:
    """An id with a digit is an account number; one without (``E*TRADE``, the name a file
    that gives no number is imported under) hides nothing and is shown as it is."""
    return any(c.isdigit() for c in account_id)


def mask_account(account_id: str) -> str:
    """``…4321``: the last four characters of the number (all of a shorter one)."""
    return f"…{account_id[-VISIBLE:]}" if _is_number(account_id) else account_id


def mask_in_text(text: str, account_ids: Iterable[str]) -> str:
    """``text`` with every account number of ``account_ids`` in it masked. Numbers no longer
    than the visible tail are left as they are (masking them would hide nothing)."""
    ids = sorted(
        {a for a in account_ids if len(a) > VISIBLE and _is_number(a)}, key=len, reverse=True
    )
    if not ids:
        return text
    pattern = re.compile("|".join(re.escape(a) for a in ids))
    return pattern.sub(lambda m: mask_account(m.group(0)), text)


#: In text with no list of the household's accounts (a log), any run of this many digits or
#: more is taken for an account number and masked - money and dates are shorter.
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{6,}(?![0-9])")
#: A word of letters, digits and hyphens with a letter and at least five digits is an account
#: number too: Merrill's ``5WX-12345``, a short ``AA-11111``. Money and ZIP codes have no
#: letter; ISO dates (digits and hyphens only) have none either.
_ACCOUNT_WORD = re.compile(
    r"(?<![A-Za-z0-9-])[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?![A-Za-z0-9-])"
)
_WORD_DIGITS = 5


def _mask_word(m: re.Match[str]) -> str:
    word = m.group(0)
    digits = sum(c.isdigit() for c in word)
    if digits >= _WORD_DIGITS and any(c.isalpha() for c in word):
        return mask_account(word)
    return word


def mask_long_numbers(text: str) -> str:
    """``text`` with every run of six or more digits masked to its last four, and every word of
    letters, digits and hyphens with a letter and five digits or more masked whole: what a log
    may hold of an account number (dates and money, written with separators, stay)."""
    text = _LONG_NUMBER.sub(lambda m: mask_account(m.group(0)), text)
    return _ACCOUNT_WORD.sub(_mask_word, text)
