"""The one price a plan uses for each security a household holds: which file's and why, and
the warnings when the files' prices disagree with each other or with the security master's
(a vehicle the household does not hold is priced by the master, in
:mod:`planner.core.household_problem`).

Units: dollars per share.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from typing import NamedTuple

from planner.core.holdings import CASH_LIKE, Household, PositionRecord
from planner.core.plan_model import PriceUsed, SecurityFacts
from planner.core.universe import symbol_key

#: Files further apart than this are flagged: their prices describe different days.
FILES_APART_DAYS = 7
#: The same symbol priced further apart than this across files is flagged.
PRICE_APART = 0.02
#: Of an undated file's prices the security master contradicts, the ones a warning names.
STRAYS_SHOWN = 4
#: An undated file is old as a whole when at least this many of its prices, and more than half
#: of those the master can check, are doubtful (:data:`DOUBTFUL_APART` from the master's).
STALE_FILE_MIN = 3


def household_prices(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    warnings: list[str],
    stale: Collection[str] = (),
) -> dict[str, PriceUsed]:
    """One price per security, whatever each file calls it (BRKB = BRK.B): from the newest
    file that holds it, a dated file before an undated one (files in their order on a tie), and
    never from a ``stale`` file (:func:`stale_files`). A security priced more than 2% apart
    across files is flagged, naming each price. An undated file whose prices stray more than
    2% from the security master's dated ones is flagged once, with the securities that stray:
    the file may be old."""
    dates = {f.path: f.as_of for f in household.files}
    seen: dict[str, list[_Quote]] = {}
    for r, price in _priced(household):
        if r.source_file not in stale:
            seen.setdefault(symbol_key(r.symbol), []).append(
                _Quote(dates.get(r.source_file), price, r)
            )
    out: dict[str, PriceUsed] = {}
    strays: dict[str, list[tuple[float, str]]] = {}  # undated file -> (how far, its price)
    for quotes in seen.values():
        used = max(quotes, key=lambda q: q.when or date.min)  # the first of the newest
        apart = [q for q in quotes if abs(q.price - used.price) > PRICE_APART * used.price]
        if apart:
            warnings.append(
                f"{used.row.symbol} is priced "
                + ", ".join(f"${q.price:,.2f} in {q.file} ({q.label(used)})" for q in apart)
                + f" and ${used.price:,.2f} in {used.file} ({_dated(used.when)}): the plan "
                + "uses the newer price for every account"
            )
        fact = facts.get(used.row.symbol)
        if (
            used.when is None
            and fact is not None
            and fact.price
            and fact.price_as_of
            and abs(used.price - fact.price) > PRICE_APART * fact.price
        ):
            strays.setdefault(used.file, []).append(
                (
                    abs(math.log(used.price / fact.price)),
                    f"{used.row.symbol} ${used.price:,.2f} against ${fact.price:,.2f} on "
                    f"{fact.price_as_of.isoformat()}",
                )
            )
        one = PriceUsed(round(used.price, 6), used.when, f"{used.file} ({_dated(used.when)})")
        for quote in quotes:
            out[quote.row.symbol] = one
    for file, stray in strays.items():
        worst = [text for _, text in sorted(stray, key=lambda s: -s[0])[:STRAYS_SHOWN]]
        shown = "; ".join(worst) + ("; ..." if len(stray) > STRAYS_SHOWN else "")
        warnings.append(
            f"{file} has no date, and {len(stray)} of its prices are more than "
            f"{PRICE_APART:.0%} from the security master's ({shown}): the plan uses the file's "
            f"prices; if the file is not today's, download it again before trading"
        )
    dated = sorted((f.as_of, f.path) for f in household.files if f.as_of is not None)
    if len(dated) >= 2 and (dated[-1][0] - dated[0][0]).days > FILES_APART_DAYS:
        (old, old_path), (new, new_path) = dated[0], dated[-1]
        warnings.append(
            f"the files are {(new - old).days} days apart: {file_name(old_path)} is as of "
            f"{old.isoformat()}, {file_name(new_path)} as of {new.isoformat()}; download them "
            f"again on one day before trading"
        )
    return out


def stale_files(
    household: Household, facts: Mapping[str, SecurityFacts], warnings: list[str]
) -> dict[str, str]:
    """The files whose own prices show them old, each with why nothing in it is traded: at
    least three of the securities it prices, and more than half, are more than 25% from the
    security master's price of a later day (the old Vanguard sample, undated: AMZN at
    $1,544.92, from before its split; the IBKR statement of 2020-12-31). Its quantities are as
    old as its prices, so none of its holdings is traded at any price, and its prices price
    nothing else; one warning a file names the worst. A file dated after the master's price is
    newer than it, and never old by this rule."""
    dates = {f.path: f.as_of for f in household.files}
    far: dict[str, list[tuple[float, str]]] = {}
    priced: dict[str, int] = {}
    for r, price in _priced(household):
        fact = facts.get(r.symbol)
        if fact is None or not fact.price or not fact.price_as_of:
            continue
        when = dates.get(r.source_file)
        if when is not None and when >= fact.price_as_of:
            continue
        priced[r.source_file] = priced.get(r.source_file, 0) + 1
        if abs(price / fact.price - 1.0) > DOUBTFUL_APART:
            far.setdefault(r.source_file, []).append(
                (
                    abs(math.log(price / fact.price)),
                    f"{r.symbol} ${price:,.2f} against ${fact.price:,.2f} on "
                    f"{fact.price_as_of.isoformat()}",
                )
            )
    out: dict[str, str] = {}
    for path, found in far.items():
        if len(found) < STALE_FILE_MIN or 2 * len(found) <= priced[path]:
            continue
        name = file_name(path)
        when = dates.get(path)
        dated = f"is as of {when.isoformat()}" if when else "is undated"
        counted = (
            f"{len(found)} of the {priced[path]} prices the security master can check are more "
            f"than {DOUBTFUL_APART:.0%} from its own"
        )
        out[path] = (
            f"{name} {dated} and looks old ({counted}): not traded until the file is "
            f"downloaded again"
        )
        worst = [text for _, text in sorted(found, key=lambda s: -s[0])[:STRAYS_SHOWN]]
        more = "; ..." if len(found) > STRAYS_SHOWN else ""
        warnings.append(
            f"{name} {dated} and looks old: {counted} ({'; '.join(worst)}{more}); its "
            f"holdings are counted at the file's values and nothing in it is traded; download "
            f"it again before trading"
        )
    return out


def _priced(household: Household) -> Iterator[tuple[PositionRecord, float]]:
    """The rows with a price of their own (a security, not cash, with shares and a value), each
    with its price."""
    for r in household.records():
        if r.asset_type in CASH_LIKE or not r.quantity or r.quantity <= 0 or r.market_value <= 0:
            continue
        yield r, r.market_value / r.quantity


class _Quote(NamedTuple):
    when: date | None
    price: float
    row: PositionRecord

    @property
    def file(self) -> str:
        return file_name(self.row.source_file)

    def label(self, other: _Quote) -> str:
        """The quote's date, and its spelling where it differs from ``other``'s."""
        spelt = self.row.symbol != other.row.symbol
        return f"as {self.row.symbol}, {_dated(self.when)}" if spelt else _dated(self.when)


def _dated(when: date | None) -> str:
    return when.isoformat() if when else "undated"


def file_name(path: str) -> str:
    """The file name of ``path`` (core code does no path handling beyond this)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


#: An undated file's price this far from the security master's dated one is not traded on: it
#: is stale, or from before a split (the old Vanguard sample's AMZN at $1,544.92).
DOUBTFUL_APART = 0.25


def doubtful_price(used: PriceUsed | None, fact: SecurityFacts) -> str:
    """Why the plan will not trade at ``used`` (an undated file's price far from the master's
    dated one), or ""."""
    if used is None or used.as_of is not None or not fact.price or fact.price_as_of is None:
        return ""
    apart = used.price / fact.price - 1.0
    if abs(apart) <= DOUBTFUL_APART:
        return ""
    return (
        f"its price in an undated file (${used.price:,.2f}) is {abs(apart):.0%} "
        f"{'above' if apart > 0 else 'below'} the security master's (${fact.price:,.2f} on "
        f"{fact.price_as_of.isoformat()}): stale or from before a split; not traded until the "
        f"file is downloaded again"
    )
