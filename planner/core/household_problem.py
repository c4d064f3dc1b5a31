"""The solver's problem for an imported household: cash per account, the positions it may
trade, the securities it knows with their one price, what it may not touch and why.

Units: dollars, shares, weights as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from planner.core.accounts import is_bank_account, is_plan_account
from planner.core.holdings import CASH_LIKE, Household, PositionRecord
from planner.core.options import CONTRACT_SHARES, option_right
from planner.core.plan_model import UNMEASURED, Frozen, PriceUsed, SecurityFacts
from planner.core.policy import Policy
from planner.core.prices_used import doubtful_price, household_prices, stale_files
from planner.core.privacy import mask_account
from planner.core.problem import AccountState, Holding, Lot, Problem, Security
from planner.core.universe import symbol_key
from planner.core.vehicles import add_vehicles, security_kind

#: Asset types the plan never trades: they count in the buckets but stay as they are.
UNTRADED_TYPES = frozenset({"option", "bond", "other"})
#: The year's IRA (traditional and Roth) contribution limit, IRS (2026: $7,500; $8,600 at 50
#: or older with the catch-up).
IRA_LIMIT = 7_500.0
IRA_CATCH_UP = 1_100.0


@dataclass
class HouseholdProblem:
    """The problem, and what the plan must say about how it was built."""

    problem: Problem
    warnings: list[str] = field(default_factory=list)
    frozen: list[Frozen] = field(default_factory=list)
    prices: dict[str, PriceUsed] = field(default_factory=dict)


def problem_from_household(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    policy: Policy,
    targets: Mapping[str, float],
    as_of: date | None = None,
    lots: Mapping[tuple[str, str], tuple[Lot, ...]] | None = None,
) -> HouseholdProblem:
    """The solver's problem for a household (``as_of``: the plan date; ``lots``: per
    (account, symbol) where the files give them).

    Cash and money-market rows are the account's cash. Options, bonds and rows without a
    quantity are counted in their buckets but never traded; a short call's underlying keeps
    its cover. A position the product cannot classify is neither counted nor traded. Held-away
    accounts and unsupervised symbols are counted, never traded. A vehicle the household does
    not hold is bought at the security master's dated price, or not at all.
    """
    warnings: list[str] = []
    frozen: list[Frozen] = []
    r_ = policy.restrictions
    banks = {a.id for a in household.accounts if is_bank_account(a.name)}
    plans = {a.id for a in household.accounts if is_plan_account(a.name)} - banks
    held_away = set(r_.held_away)
    stale = stale_files(household, facts, warnings)  # nothing in them is traded
    prices = household_prices(household, facts, warnings, stale)
    securities: dict[str, Security] = {}
    holdings: list[Holding] = []
    floors: dict[tuple[str, str], float] = {}
    cash: dict[str, float] = {a.id: 0.0 for a in household.accounts}
    traded: list[PositionRecord] = []  # the rows the plan could trade, but for restrictions
    records = household.records()
    for r in records:
        if r.asset_type in CASH_LIKE:
            cash[r.account_id] = cash.get(r.account_id, 0.0) + r.market_value
            continue
        fact = facts.get(r.symbol)
        if fact is None or fact.source == "unknown":
            why = fact.unknown_reason if fact is not None and fact.unknown_reason else ""
            why = f"unclassified ({why})" if why else "unclassified"
            frozen.append(
                Frozen(
                    r.account_id,
                    r.symbol,
                    r.market_value,
                    f"{why}: not counted, not traded; set its bucket on the Holdings tab to "
                    f"include it",
                )
            )
            continue
        doubt = stale.get(r.source_file) or doubtful_price(prices.get(r.symbol), fact)
        if _add_position(r, fact, prices, doubt, securities, holdings, floors, frozen, lots or {}):
            traded.append(r)
    frozen[:] = _uncovered(household, records, floors, frozen, warnings)
    for sym, used in list(prices.items()):  # a doubtful file price is not the plan's price
        fact = facts.get(sym)
        if fact is not None and fact.price and doubtful_price(used, fact):
            source = fact.price_source or "security master"
            prices[sym] = PriceUsed(fact.price, fact.price_as_of, source)
    for r in traded:  # what else the plan may not touch, once per row it could trade
        why = (
            "bank account"
            if r.account_id in banks
            else "plan account (its own menu of funds)"
            if r.account_id in plans
            else "held away"
            if r.account_id in held_away
            else "unsupervised"
            if r.symbol in r_.unsupervised
            else "do not sell"
            if r.symbol in r_.do_not_sell
            else ""
        )
        if why:
            frozen.append(Frozen(r.account_id, r.symbol, r.market_value, why))
    add_vehicles(policy, targets, facts, securities, household, warnings)
    for sym, sec in securities.items():  # vehicles bought at the master's price
        if sym not in prices and sec.tradeable:
            prices[sym] = PriceUsed(sec.price, sec.price_as_of, sec.price_source)
    unclassified = [f for f in frozen if f.why.startswith("unclassified")]
    if unclassified:
        value = sum(f.market_value for f in unclassified)
        whole = household.total
        share = f", {value / whole:.1%} of the household" if whole > 0 else ""
        names = ", ".join(sorted({f.symbol for f in unclassified}))
        warnings.append(
            f"unclassified, so neither counted in the targets nor traded: {names} "
            f"(${value:,.0f}{share}); the plan covers the rest"
        )
    unmeasured = _unmeasured_warning(frozen, household.total)
    if unmeasured:
        warnings.append(unmeasured)
    accounts = _accounts(household, policy, cash, banks | plans, warnings)
    problem = Problem(
        accounts,
        tuple(holdings),
        securities,
        dict(targets),
        policy,
        base_targets=dict(policy.targets),
        as_of=as_of,
        floors=floors,
    )
    return HouseholdProblem(problem, warnings, frozen, prices)


def _unmeasured_warning(frozen: Sequence[Frozen], whole: float) -> str:
    """The positions counted but not traded because the plan cannot measure them (placed by a
    guess, leveraged or inverse funds), in one warning; "" if there are none."""
    what = {  # (one, several)
        UNMEASURED[0]: ("placed by a guess from its category or name, not by holdings",) * 2,
        UNMEASURED[1]: ("a leveraged fund", "leveraged funds"),
        UNMEASURED[2]: ("an inverse fund", "inverse funds"),
    }
    parts, value = [], 0.0
    for prefix, words in what.items():
        held = [f for f in frozen if f.why.startswith(prefix)]
        names = sorted({f.symbol for f in held})
        if names:
            value += sum(f.market_value for f in held)
            parts.append(f"{', '.join(names)} ({words[len(names) > 1]})")
    if not parts:
        return ""
    share = f", {value / whole:.1%} of the household" if whole > 0 else ""
    return (
        f"counted but not traded, as the plan cannot measure them: {'; '.join(parts)} "
        f"(${value:,.0f}{share}); import a fund's holdings (`rotation-planner securities "
        f"import`) or set its bucket on the Holdings tab to trade it"
    )


def _add_position(
    r: PositionRecord,
    fact: SecurityFacts,
    prices: Mapping[str, PriceUsed],
    doubt: str,
    securities: dict[str, Security],
    holdings: list[Holding],
    floors: dict[tuple[str, str], float],
    frozen: list[Frozen],
    lots: Mapping[tuple[str, str], tuple[Lot, ...]],
) -> bool:
    """Add one classified row: a position the plan may trade (True), or a block of value it
    holds as it is, with why (False); ``doubt`` says why its price cannot be traded on."""
    named = _orderable(r.symbol)
    tradeable = (
        r.asset_type not in UNTRADED_TYPES
        and r.quantity is not None
        and r.quantity > 0
        and r.market_value > 0
        and not fact.not_traded
        and named
        and not doubt
    )
    if not tradeable:
        key = f"{r.symbol}@{r.account_id}:{r.source_line}"  # a block of value, held as it is
        securities[key] = Security(
            key,
            round(r.market_value, 6),
            dict(fact.mix),
            fact.low_quality,
            r.description,
            tradeable=False,
            kind="other",
        )
        holdings.append(Holding(r.account_id, key, 1.0, None))
        option = r.asset_type == "option" or fact.underlying is not None
        right = option_right(r.symbol, r.description) if option else None
        if right == "call" and r.quantity is not None and r.quantity < 0 and fact.underlying:
            shares = CONTRACT_SHARES * abs(r.quantity)
            cover = (r.account_id, fact.underlying)
            floors[cover] = floors.get(cover, 0.0) + shares
            frozen.append(Frozen(r.account_id, r.symbol, r.market_value, "option (short call)"))
            frozen.append(
                Frozen(
                    r.account_id,
                    fact.underlying,
                    0.0,
                    f"cover for a short call: {shares:,.0f} shares stay",
                )
            )
        elif fact.not_traded:
            frozen.append(Frozen(r.account_id, r.symbol, r.market_value, fact.not_traded))
        elif not named and not option:
            why = "named only by its description: no symbol or CUSIP an order could use"
            frozen.append(Frozen(r.account_id, r.symbol, r.market_value, why))
        elif doubt and not option:
            frozen.append(Frozen(r.account_id, r.symbol, r.market_value, doubt))
        else:
            what = "option" if option else f"not traded ({r.asset_type})"
            frozen.append(Frozen(r.account_id, r.symbol, r.market_value, what))
        return False
    used = prices[r.symbol]
    if r.symbol not in securities:
        securities[r.symbol] = Security(
            r.symbol,
            used.price,
            dict(fact.mix),
            low_quality=fact.low_quality,
            description=r.description,
            kind=security_kind(fact),
            group=fact.group or _spelling_group(r.symbol),
            price_as_of=used.as_of,
            price_source=used.source,
        )
    assert r.quantity is not None
    # a symbol on two rows of one account is one position, with the lots the files give it
    here = (r.account_id, r.symbol)
    at = next((i for i, h in enumerate(holdings) if (h.account_id, h.symbol) == here), None)
    shares, cost = r.quantity, r.cost_basis
    if at is not None:
        prev = holdings.pop(at)
        shares += prev.shares
        cost = None if cost is None or prev.cost_basis is None else cost + prev.cost_basis
    holdings.append(
        Holding(r.account_id, r.symbol, shares, cost, _whole(lots.get(here, ()), shares, cost))
    )
    return True


def _uncovered(
    household: Household,
    records: Sequence[PositionRecord],
    floors: Mapping[tuple[str, str], float],
    frozen: list[Frozen],
    warnings: list[str],
) -> list[Frozen]:
    """Short calls written on more shares than their account holds: the cover entries say
    how many are held (all of them stay), and one warning a position says how many shares the
    calls leave uncovered."""
    held: dict[tuple[str, str], float] = {}
    for r in records:
        if (r.account_id, r.symbol) in floors and (r.quantity or 0) > 0:
            key = (r.account_id, r.symbol)
            held[key] = held.get(key, 0.0) + float(r.quantity or 0)
    names = {a.id: a.name or mask_account(a.id) for a in household.accounts}
    for (account, symbol), shares in floors.items():
        have = held.get((account, symbol), 0.0)
        if have < shares - 1e-6:
            warnings.append(
                f"short calls on {symbol} in {names.get(account, account)} are written on "
                f"{shares:,.0f} shares and the account holds {have:,.4g}: "
                f"{shares - have:,.4g} are not covered; the plan sells none of {symbol} there"
            )
    out = []
    for f in frozen:
        key = (f.account_id, f.symbol)
        if f.why.startswith("cover for a short call") and held.get(key, 0.0) < floors[key] - 1e-6:
            have = held.get(key, 0.0)
            f = replace(
                f,
                why=f"cover for a short call: all {have:,.4g} shares held stay (the calls are "
                f"written on {floors[key]:,.0f})",
            )
        out.append(f)
    return out


def _orderable(symbol: str) -> bool:
    """A symbol an order can name: a ticker or a CUSIP - not empty, not a description (a file
    that gives neither names a row by its description)."""
    s = symbol.strip()
    return bool(symbol_key(s)) and not any(c.isspace() for c in s)


def _spelling_group(symbol: str) -> str:
    """The wash-sale group of a stock another file may spell otherwise (BRK.B, BRKB): its
    symbol key; "" (its own symbol) where the key is the symbol."""
    key = symbol_key(symbol)
    return key if key != symbol else ""


def _whole(lots: tuple[Lot, ...], shares: float, cost: float | None) -> tuple[Lot, ...]:
    """The position's lots covering all its shares: what the files' lots leave uncovered is one
    more lot, undated, at the cost basis they leave (unknown if either is)."""
    if not lots:
        return ()
    covered = sum(lot.shares for lot in lots)
    if shares - covered <= 1e-6:
        return lots
    known = cost is not None and all(lot.cost is not None for lot in lots)
    rest = cost - sum(lot.cost or 0.0 for lot in lots) if known and cost is not None else None
    return (*lots, Lot(shares - covered, rest if rest is None or rest >= 0 else None, None))


def _accounts(
    household: Household,
    policy: Policy,
    cash: Mapping[str, float],
    closed: set[str],
    warnings: list[str],
) -> tuple[AccountState, ...]:
    """Each account as the solver sees it; ``closed``: the bank and plan accounts, counted
    with nothing traded in them."""
    trading = policy.trading
    ids = {a.id for a in household.accounts}
    for key, table in (("deposits", trading.deposits), ("withdrawals", trading.withdrawals)):
        for account_id in table:
            if account_id not in ids:
                warnings.append(
                    f"[trading.{key}] names account {mask_account(account_id)}, which is not "
                    f"in the household: ignored"
                )
    out = []
    for a in household.accounts:
        deposit = float(trading.deposits.get(a.id, 0.0))
        bank = a.id in closed
        if bank and a.id not in policy.restrictions.held_away:
            warnings.append(
                f"{a.name} is a bank account by its name: its ${cash[a.id]:,.2f} of cash is "
                f"counted, nothing is traded in it"
                if is_bank_account(a.name)
                else f"{a.name} is a 529 or employer plan by its name: it holds only the funds "
                f"its plan offers, which the product does not know, so it is counted and "
                f"nothing is traded in it; rebalance it within the plan's own menu"
            )
        if deposit > IRA_LIMIT and a.type in ("tax_deferred", "tax_free") and "401" not in a.name:
            warnings.append(
                f"a ${deposit:,.0f} deposit to {a.name or mask_account(a.id)} is above the "
                f"year's IRA limit (${IRA_LIMIT:,.0f}, ${IRA_LIMIT + IRA_CATCH_UP:,.0f} at 50 "
                f"or older); check it is a rollover or a plan with a higher limit"
            )
        out.append(
            AccountState(
                a.id,
                a.type,
                round(cash[a.id], 2),
                a.name,
                deposit=deposit,
                withdraw=float(trading.withdrawals.get(a.id, 0.0)),
                frozen=a.id in policy.restrictions.held_away or bank,
            )
        )
    return tuple(out)
