"""What the solver may touch, and what the household is worth by bucket.

A *slot* is one (account, security) pair the plan may trade: what each account holds, plus
the approved vehicles it may buy. Each slot knows its lots (for specific identification and
the term of a gain), the shares that must stay (a short call's cover), whether a sale is
taxed, and why it may or may not be bought or sold. :func:`bucket_values` is the one place
dollars per bucket are computed from shares.

Units: money in dollars, quantities in shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from planner.core.policy import BUCKETS, Policy
from planner.core.problem import AccountState, Holding, Lot, Problem, Security

#: Days before the plan date in which a purchase makes a loss sale of the same security a
#: wash sale (IRC 1091: 30 days before or after).
WASH_DAYS = 30
#: A gain is long-term when the lot was held more than a year (IRC 1222).
LONG_TERM_DAYS = 365


@dataclass(frozen=True)
class SlotLot:
    """One lot of a slot: shares, cost per share (None: unknown), term of a gain on it, and
    whether it was bought within the wash-sale window before the plan."""

    shares: float
    unit_cost: float | None
    term: str  # "short" | "long" | "unknown"
    acquired: date | None
    recent: bool


@dataclass(frozen=True)
class Slot:
    """One (account, security) pair the solver may trade."""

    account_id: str
    symbol: str
    shares: float
    price: float
    avg_cost: float | None
    taxed: bool
    can_buy: bool
    can_sell: bool
    lots: tuple[SlotLot, ...] = ()
    floor: float = 0.0  # shares that must stay (they cover a short call)
    rank: int = 0  # the vehicle's place in its bucket's list (0 = preferred or held)
    group: str = ""  # wash-sale group


_INDEX = {k: i for i, k in enumerate(BUCKETS)}


def mix_vector(sec: Security) -> np.ndarray:
    """The security's bucket mix as a vector in the order of ``BUCKETS``."""
    out = np.zeros(len(BUCKETS))
    for k, m in sec.mix.items():
        out[_INDEX[k]] = m
    return out


def location_costs(policy: Policy, account_type: str) -> np.ndarray:
    """Dollars of a year's tax drag per dollar of each bucket (``BUCKETS`` order) held in an
    account of ``account_type``."""
    return np.array([policy.location.cost(account_type, k) for k in BUCKETS])


def band_widths(problem: Problem) -> np.ndarray:
    """Half-width of each bucket's band around its (tilted) target, as fractions."""
    return np.array([problem.policy.bands.width(problem.targets.get(k, 0.0)) for k in BUCKETS])


def group_of(sec: Security) -> str:
    return sec.group or sec.symbol


def merged_holdings(problem: Problem) -> dict[tuple[str, str], Holding]:
    """One holding per (account, symbol): the same symbol on two rows is one position with
    the lots of both (its cost basis unknown if either row's is)."""
    held: dict[tuple[str, str], Holding] = {}
    for hold in problem.holdings:
        key = (hold.account_id, hold.symbol)
        if key in held:
            prev = held[key]
            basis = (
                None
                if prev.cost_basis is None or hold.cost_basis is None
                else prev.cost_basis + hold.cost_basis
            )
            lots = lots_of(prev) + lots_of(hold)
            held[key] = Holding(
                hold.account_id, hold.symbol, prev.shares + hold.shares, basis, lots
            )
        else:
            held[key] = hold
    return held


#: Shares a holding's lots may fall short of it by before the rest is a lot of its own.
SHARE_EPS = 1e-6


def lots_of(h: Holding) -> tuple[Lot, ...]:
    """The holding's lots; one undated lot at its cost basis when the file gave none. Shares
    the lots do not name (a lots file short of its position) are one more lot of unknown cost
    and date, so they can be sold and a sale of them counts as all gain, to be safe."""
    if not h.lots:
        return (Lot(h.shares, h.cost_basis, None),)
    rest = h.shares - sum(lot.shares for lot in h.lots)
    return (*h.lots, Lot(rest, None, None)) if rest > SHARE_EPS else h.lots


def term_of(acquired: date | None, as_of: date | None) -> str:
    if acquired is None or as_of is None:
        return "unknown"
    return "long" if (as_of - acquired).days > LONG_TERM_DAYS else "short"


def _slot_lots(h: Holding, as_of: date | None) -> tuple[SlotLot, ...]:
    out = []
    for lot in lots_of(h):
        unit = lot.cost / lot.shares if lot.cost is not None and lot.shares > 0 else None
        recent = (
            lot.acquired is not None
            and as_of is not None
            and 0 <= (as_of - lot.acquired).days <= WASH_DAYS
        )
        out.append(SlotLot(lot.shares, unit, term_of(lot.acquired, as_of), lot.acquired, recent))
    return tuple(out)


def vehicle_ranks(policy: Policy, held: Iterable[str]) -> dict[str, int]:
    """Each approved vehicle's rank in its bucket's list; a vehicle the account already holds
    ranks first (the plan adds to it before opening another)."""
    own = set(held)
    ranks: dict[str, int] = {}
    for k in BUCKETS:
        listed = list(policy.vehicles.get(k, ()))
        for i, sym in enumerate(sorted(listed, key=lambda s: (s not in own, listed.index(s)))):
            ranks[sym] = min(ranks.get(sym, i), i)
    return ranks


def build_slots(problem: Problem) -> list[Slot]:
    """Every (account, security) the plan may touch, in account order then symbol order."""
    policy = problem.policy
    r = policy.restrictions
    trading = policy.trading
    mode = trading.mode
    held = merged_holdings(problem)
    total = household_total(problem)
    value = household_security_values(problem)
    frozen_symbols = set(r.unsupervised)

    def may_buy(sym: str) -> bool:
        sec = problem.securities.get(sym)
        if sec is None or sec.price <= 0 or not sec.tradeable or sec.low_quality:
            return False
        if sym in r.do_not_buy or sym in frozen_symbols:
            return False
        # a single stock already at its position limit is never added to
        return not (sec.kind == "stock" and value.get(sym, 0.0) >= trading.max_position * total)

    slots: list[Slot] = []
    for acct in problem.accounts:
        taxed = acct.type in ("taxable", "unknown")
        own = {s for (a, s) in held if a == acct.id}
        ranks = vehicle_ranks(policy, own)
        stocks = {
            s
            for s in own
            if trading.buy_single_stocks and problem.securities.get(s, _NONE).kind == "stock"
        }
        buyable = {s for s in set(ranks) | stocks if may_buy(s)}
        for sym in sorted(own | buyable):
            sec = problem.securities.get(sym)
            if sec is None or sec.price <= 0:
                continue
            h = held.get((acct.id, sym))
            shares = h.shares if h else 0.0
            avg = None
            if h and h.cost_basis is not None and h.shares > 0:
                avg = h.cost_basis / h.shares
            elif h is None:
                avg = sec.price
            floor = float(problem.floors.get((acct.id, sym), 0.0))
            can_sell = (
                shares > floor + 1e-9
                and sec.tradeable
                and sym not in r.do_not_sell
                and sym not in frozen_symbols
                and mode != "cash_flow"
                and not acct.frozen
            )
            slots.append(
                Slot(
                    acct.id,
                    sym,
                    shares,
                    sec.price,
                    avg,
                    taxed,
                    can_buy=sym in buyable and mode != "raise_cash" and not acct.frozen,
                    can_sell=can_sell,
                    lots=_slot_lots(h, problem.as_of) if h else (),
                    floor=min(floor, shares),
                    rank=ranks.get(sym, 0),
                    group=group_of(sec),
                )
            )
    return slots


_NONE = Security("", 0.0, {}, kind="other")


def restrict_to(slots: Sequence[Slot], symbols: set[str]) -> list[Slot]:
    """The slots with buying and selling allowed only for ``symbols``."""
    return [
        replace(
            s,
            can_buy=s.can_buy and s.symbol in symbols,
            can_sell=s.can_sell and s.symbol in symbols,
        )
        for s in slots
    ]


def household_security_values(problem: Problem) -> dict[str, float]:
    """Dollars of each security across the household today."""
    out: dict[str, float] = {}
    for h in problem.holdings:
        sec = problem.securities.get(h.symbol)
        if sec is not None:
            out[h.symbol] = out.get(h.symbol, 0.0) + h.shares * sec.price
    return out


def bucket_values(
    securities: Mapping[str, Security], shares: Iterable[tuple[str, float]], cash: float
) -> np.ndarray:
    """Dollars per bucket (in the order of ``BUCKETS``) of ``shares`` - (symbol, shares)
    pairs, a symbol may repeat - plus ``cash`` in the cash bucket. Unknown symbols count
    nothing."""
    by_symbol: dict[str, float] = {}
    for sym, sh in shares:
        by_symbol[sym] = by_symbol.get(sym, 0.0) + sh
    values = [0.0] * len(BUCKETS)
    for sym, sh in by_symbol.items():
        sec = securities.get(sym)
        if sec is not None:
            dollars = sh * sec.price
            for k, m in sec.mix.items():
                values[_INDEX[k]] += dollars * m
    values[_INDEX["cash"]] += cash
    return np.array(values)


def current_values(problem: Problem) -> dict[str, float]:
    """Dollars per bucket today: holdings plus the accounts' cash."""
    values = bucket_values(
        problem.securities,
        ((h.symbol, h.shares) for h in problem.holdings),
        sum(a.cash for a in problem.accounts),
    )
    return {k: float(v) for k, v in zip(BUCKETS, values, strict=True)}


def out_of_band_buckets(problem: Problem, slots: Sequence[Slot], total: float) -> set[str]:
    """The buckets outside their band today (``out_of_band`` mode trades only those)."""
    values = bucket_values(
        problem.securities,
        ((s.symbol, s.shares) for s in slots),
        sum(a.cash for a in problem.accounts),
    )
    targets = np.array([problem.targets.get(k, 0.0) for k in BUCKETS]) * total
    out = np.abs(values - targets) > band_widths(problem) * total + 0.01
    return {k for k, o in zip(BUCKETS, out, strict=True) if o}


def flows(problem: Problem) -> float:
    """Dollars the plan adds to the household (new cash, deposits) less what leaves it (cash
    to raise, withdrawals)."""
    t = problem.policy.trading
    out = sum(a.deposit - a.withdraw for a in problem.accounts)
    if t.mode == "cash_flow":
        out += t.new_cash
    if t.mode == "raise_cash":
        out -= t.raise_cash
    return out


def household_total(problem: Problem) -> float:
    """Dollars the targets apply to: holdings + cash + what flows in - what flows out."""
    value = sum(
        h.shares * problem.securities[h.symbol].price
        for h in problem.holdings
        if h.symbol in problem.securities
    )
    value += sum(a.cash for a in problem.accounts)
    return value + flows(problem)


def starting_cash(account: AccountState) -> float:
    """The account's cash once the client's deposit and withdrawal are made."""
    return account.cash + account.deposit - account.withdraw


def reserve_floor(account: AccountState, reserve: float) -> float:
    """The least cash an account may end with: its reserve, or what it has once the client's
    deposit and withdrawal are made if that is less - a plan never makes an account's cash
    worse than it is. A withdrawal larger than the cash is paid in full by sales (the floor
    is then zero, or the margin debit the account already had)."""
    base = starting_cash(account)
    if base >= 0:
        return min(reserve, base)
    return min(reserve, 0.0, account.cash + account.deposit)


def new_cash_accounts(problem: Problem) -> list[int]:
    """Indices of the accounts the household's new cash may go to: the taxable ones (an IRA
    takes only so much a year), or every account when none is taxable; never a frozen one."""
    open_ = [j for j, a in enumerate(problem.accounts) if not a.frozen]
    taxable = [j for j in open_ if problem.accounts[j].type in ("taxable", "unknown")]
    return taxable or open_
