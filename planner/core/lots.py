"""Tax lots meet their positions.

A lots download (Schwab's Lot Details, Fidelity's lots view, a lots CSV read through a column
mapping) comes beside the positions file of the same import; E*TRADE writes its lots inside
the positions file. Either way a lot belongs to the position of the same account and symbol.
:func:`attach_lots` finds that account for every lot and reconciles each position's lots to it.

Which account a lots file means: the file names it as it likes - Schwab ``XXXX-5792`` where
the positions say ``...792``, Fidelity an account *name* (``Joint WROS - TOD``), some files
nothing at all. Among the imported accounts that hold the lot's symbol, the lot goes to the one
whose id is what the file says, else whose number ends the same way (three digits or more),
else whose name it is, else - when the file names no account - the only one. A lot no imported
position can take (no account holds the symbol, or the account the file names does not), or
one two accounts could take, is refused: ``FILE:LINE: reason``, exit 3, never a household whose
lots describe shares it does not hold.

Each position's lots come from one file: a second file's lots for the same position are left
out with a warning (the same lots downloaded twice, or lots beside E*TRADE's own).

Units: quantities in shares, money in dollars.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from planner.core.errors import InputError
from planner.core.holdings import Account, Household, ImportWarning, LotRecord
from planner.core.reconcile import lot_mismatches

_MASK = frozenset("Xx*.-#")


def account_number(text: str) -> str | None:
    """The digits of an account number as a file writes it, masked or not (``XXXX-5792``,
    ``...920``, ``Z12345678``, ``Individual ...920``: the last word), or None when the text
    is a name (``Joint WROS - TOD``) or has fewer than three digits."""
    words = text.split()
    if not words:
        return None
    word = words[-1]
    if word[:1].isalpha() and word[:1] not in _MASK:
        word = word[1:]  # Fidelity's "Z12345678"
    digits = "".join(ch for ch in word if ch.isdigit())
    if len(digits) < 3 or any(not (ch.isdigit() or ch in _MASK) for ch in word):
        return None
    return digits


def _same_id(text: str, acct: Account) -> bool:
    return text.casefold() == acct.id.strip().casefold()


def _same_number(text: str, acct: Account) -> bool:
    mine, theirs = account_number(text), account_number(acct.id)
    if mine is None or theirs is None:
        return False
    return mine.endswith(theirs) or theirs.endswith(mine)


def _same_name(text: str, acct: Account) -> bool:
    return text.casefold() == acct.name.strip().casefold()


_RULES: tuple[Callable[[str, Account], bool], ...] = (_same_id, _same_number, _same_name)


def _names(ids: Sequence[str]) -> str:
    return ", ".join(ids[:-1]) + f" and {ids[-1]}" if len(ids) > 1 else ids[0]


def resolve_account(lot: LotRecord, holders: Sequence[str], accounts: Mapping[str, Account]) -> str:
    """The id of the imported account ``lot`` belongs to; :class:`InputError` when none or
    more than one can be told (see the module's docstring)."""
    text, sym = lot.account_id.strip(), lot.symbol
    where = f" of account {text}" if text else ""

    def refuse(reason: str) -> InputError:
        return InputError(lot.source_file, lot.source_line, reason)

    if not text:
        if len(holders) == 1:
            return holders[0]
        if not holders:
            raise refuse(
                f"a lot of {sym}, but no imported position holds {sym}: import the positions "
                "file of its account with the lots file"
            )
        raise refuse(
            f"the lots file does not say which account its {sym} lots belong to, and "
            f"accounts {_names(list(holders))} all hold {sym}"
        )
    for rule in _RULES:
        found = [a for a in holders if rule(text, accounts[a])]
        if len(found) == 1:
            return found[0]
        if found:
            raise refuse(
                f"the lots of {sym}{where} could belong to accounts {_names(found)}: the "
                "lots file does not tell them apart"
            )
    named = [a.id for a in accounts.values() if any(rule(text, a) for rule in _RULES)]
    if named:
        raise refuse(
            f"a lot of {sym}{where}, but account {_names(named)} holds no {sym}: the lots "
            "file and the positions file disagree (not the same account, or not the same day)"
        )
    raise refuse(
        f"a lot of {sym}{where}, but no imported account is {text}: import that account's "
        "positions file with its lots"
    )


def attach_lots(household: Household) -> Household:
    """``household`` with every lot's account resolved to an imported account holding its
    symbol, a position's lots taken from one file only, and warnings where a position's lots
    do not add up to it (quantity and cost; :func:`planner.core.reconcile.lot_mismatches`).
    Raises :class:`InputError` for a lot no position can take."""
    if not household.lots:
        return household
    accounts = {a.id: a for a in household.accounts}
    holders: dict[str, list[str]] = {}
    pos = household.positions
    for a, s in zip(pos["account_id"].tolist(), pos["symbol"].tolist(), strict=True):
        ids = holders.setdefault(str(s), [])
        if str(a) not in ids:
            ids.append(str(a))
    resolved: dict[tuple[str, str], str] = {}
    owner: dict[tuple[str, str], str] = {}  # position -> the file its lots come from
    left_out: set[tuple[str, str, str]] = set()
    kept: list[LotRecord] = []
    warnings = list(household.warnings)
    for lot in household.lots:
        said = (lot.account_id, lot.symbol)
        if said not in resolved:
            resolved[said] = resolve_account(lot, holders.get(lot.symbol, []), accounts)
        acct = resolved[said]
        if acct != lot.account_id:
            lot = replace(lot, account_id=acct)
        key = (acct, lot.symbol)
        first = owner.setdefault(key, lot.source_file)
        if first == lot.source_file:
            kept.append(lot)
        elif (acct, lot.symbol, lot.source_file) not in left_out:
            left_out.add((acct, lot.symbol, lot.source_file))
            warnings.append(
                ImportWarning(
                    lot.source_file,
                    lot.source_line,
                    acct,
                    f"the lots of {lot.symbol} already came from {first}; these are left out",
                )
            )
    warnings.extend(lot_mismatches(household.positions, kept))
    return replace(household, lots=tuple(kept), warnings=tuple(warnings))
