"""From an imported household to the solver's problem, with every input written here: cash per
account, what is traded and what is held as a block, what may not be touched and why, the
vehicles the plan may buy at the master's price, and the account states with their flows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest

from planner.core.holdings import Account, AccountType, Household, SourceFile, normalize_positions
from planner.core.household_problem import HouseholdProblem, problem_from_household
from planner.core.plan_model import Frozen, PriceUsed, SecurityFacts
from planner.core.policy import Policy, Restrictions, Trading
from planner.core.problem import AccountState, Holding, Lot, Security

D = date(2026, 7, 1)  # the holdings file's date
FILE = "pos.csv"
SOURCE = "pos.csv (2026-07-01)"  # how a price from that file is sourced
MASTER = "security master"  # a vehicle's source when its fact names none
BUY_IT = (
    "the plan cannot buy it (hold it, or give its price with `rotation-planner securities import`)"
)
UNCLASSIFIED = (
    "unclassified: not counted, not traded; set its bucket on the Holdings tab to include it"
)


@dataclass(frozen=True)
class Row:
    """One position row: ``quantity`` None where the file gives none."""

    account: str
    symbol: str
    quantity: float | None
    value: float
    asset_type: str = "equity"
    cost: float | None = None
    description: str = ""


def _acct(account_id: str, name: str = "Individual", kind: AccountType = "taxable") -> Account:
    return Account(account_id, name, kind, "test")


def _household(
    rows: Sequence[Row], accounts: Sequence[Account], as_of: date | None = D
) -> Household:
    """One file (dated ``as_of``) whose rows are on lines 2, 3, ..."""
    nan = float("nan")
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r.account for r in rows],
                "symbol": [r.symbol for r in rows],
                "description": [r.description for r in rows],
                "asset_type": [r.asset_type for r in rows],
                "quantity": [nan if r.quantity is None else r.quantity for r in rows],
                "market_value": [r.value for r in rows],
                "cost_basis": [nan if r.cost is None else r.cost for r in rows],
                "source_file": [FILE] * len(rows),
                "source_line": list(range(2, 2 + len(rows))),
            }
        )
    )
    return Household((SourceFile(FILE, "test", as_of),), tuple(accounts), frame)


def _build(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    policy: Policy | None = None,
    targets: Mapping[str, float] | None = None,
    as_of: date | None = None,
    lots: Mapping[tuple[str, str], tuple[Lot, ...]] | None = None,
) -> HouseholdProblem:
    policy = Policy(vehicles={}) if policy is None else policy
    targets = policy.targets if targets is None else targets
    return problem_from_household(household, facts, policy, targets, as_of, lots)


def _large(
    kind: str = "fund",
    price: float | None = None,
    price_as_of: date | None = None,
    name: str = "",
    group: str = "",
) -> SecurityFacts:
    """Facts of a large-cap security (the master's price where ``price`` is given)."""
    return SecurityFacts(
        {"large": 1.0}, price=price, price_as_of=price_as_of, name=name, kind=kind, group=group
    )


# --- kinds and securities ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("stock", "stock"), ("fund", "fund"), ("other", "other"), ("etf", "fund"), ("", "fund")],
)
def test_a_known_kind_is_kept_and_an_unrecognised_one_counts_as_a_fund(
    kind: str, expected: str
) -> None:
    built = _build(
        _household([Row("A", "ABC", 2, 100.0)], [_acct("A")]), {"ABC": _large(kind=kind)}
    )
    assert built.problem.securities["ABC"].kind == expected


def test_a_held_security_has_the_files_price_its_facts_and_its_spelling_group() -> None:
    rows = [
        Row("A", "BRK.B", 2, 1000.0, description="Berkshire Hathaway Inc Class B"),
        Row("A", "VOO", 4, 2000.0, description="Vanguard S&P 500 ETF"),
        Row("A", "AAPL", 1, 250.0, description="Apple Inc"),
    ]
    facts = {
        "BRK.B": SecurityFacts({"mega": 1.0}, low_quality=True, kind="stock"),
        "VOO": SecurityFacts({"large": 0.8, "mid": 0.2}, kind="fund", group="sp500"),
        "AAPL": SecurityFacts({"mega": 1.0}, kind="stock", price=999.0, price_as_of=D),
    }
    built = _build(_household(rows, [_acct("A")]), facts)
    # price = value / shares from the file, dated by the file; BRK.B's wash-sale group is its
    # symbol key (another file may spell it BRKB), VOO's the one its facts give, AAPL's none
    assert built.problem.securities == {
        "BRK.B": Security(
            "BRK.B",
            500.0,
            {"mega": 1.0},
            low_quality=True,
            description="Berkshire Hathaway Inc Class B",
            kind="stock",
            group="BRKB",
            price_as_of=D,
            price_source=SOURCE,
        ),
        "VOO": Security(
            "VOO",
            500.0,
            {"large": 0.8, "mid": 0.2},
            description="Vanguard S&P 500 ETF",
            kind="fund",
            group="sp500",
            price_as_of=D,
            price_source=SOURCE,
        ),
        "AAPL": Security(
            "AAPL",
            250.0,
            {"mega": 1.0},
            description="Apple Inc",
            kind="stock",
            price_as_of=D,
            price_source=SOURCE,
        ),
    }
    assert built.prices == {
        "BRK.B": PriceUsed(500.0, D, SOURCE),
        "VOO": PriceUsed(500.0, D, SOURCE),
        "AAPL": PriceUsed(250.0, D, SOURCE),
    }
    assert built.problem.holdings == (
        Holding("A", "BRK.B", 2.0, None),
        Holding("A", "VOO", 4.0, None),
        Holding("A", "AAPL", 1.0, None),
    )


# --- cash -------------------------------------------------------------------------------------


def test_cash_and_money_market_rows_are_summed_per_account_to_the_cent() -> None:
    rows = [  # cash rows first: they are skipped, they do not end either pass over the rows
        Row("A", "CASH", None, 1000.125, "cash"),
        Row("A", "SPAXX", 234.442, 234.442, "money_market"),
        Row("C", "CASH", None, -250.5, "cash"),  # a margin debit
        Row("B", "ABC", 2, 100.0),
        Row("A", "ABC", 1, 50.0),
    ]
    built = _build(_household(rows, [_acct("A"), _acct("B"), _acct("C")]), {"ABC": _large()})
    # A: 1000.125 + 234.442 = 1234.567, to the cent 1234.57; B has no cash row
    assert [(a.id, a.cash) for a in built.problem.accounts] == [
        ("A", 1234.57),
        ("B", 0.0),
        ("C", -250.5),
    ]
    assert built.problem.holdings == (
        Holding("B", "ABC", 2.0, None),
        Holding("A", "ABC", 1.0, None),
    )
    assert list(built.problem.securities) == ["ABC"]
    assert built.frozen == [] and built.warnings == []


def test_cash_of_an_account_the_household_does_not_list_adds_no_account() -> None:
    rows = [Row("A", "ABC", 2, 100.0), Row("X", "CASH", None, 75.0, "cash")]
    built = _build(_household(rows, [_acct("A")]), {"ABC": _large()})
    assert built.problem.accounts == (AccountState("A", "taxable", 0.0, "Individual"),)


def test_a_price_the_rows_disagree_on_is_warned_about_with_the_problem() -> None:
    # one security at $100 in A and $90 in B, more than 2% apart: the first row's price is used
    rows = [Row("A", "XYZ", 1, 100.0), Row("B", "XYZ", 2, 180.0)]
    built = _build(_household(rows, [_acct("A"), _acct("B")]), {"XYZ": _large()})
    assert built.warnings == [
        f"XYZ is priced $90.00 in {SOURCE} and $100.00 in {SOURCE}: the plan uses the newer "
        "price for every account"
    ]
    assert built.problem.securities["XYZ"].price == 100.0


# --- unclassified -----------------------------------------------------------------------------


def test_an_unclassified_position_is_frozen_with_its_reason_and_named_in_one_warning() -> None:
    reason = "the file's name is not the master's"
    rows = [
        Row("A", "ZZZ", 3, 300.0),  # no facts at all
        Row("A", "YYY", 2, 200.0),  # unknown, with a reason
        Row("A", "XXX", 1, 100.0),  # unknown, without one
        Row("A", "VOO", 10, 1000.0),
        Row("B", "ZZZ", 4, 400.0),
    ]
    facts = {
        "YYY": SecurityFacts({}, source="unknown", unknown_reason=reason),
        "XXX": SecurityFacts({}, source="unknown"),
        "VOO": _large(),
    }
    built = _build(_household(rows, [_acct("A"), _acct("B")]), facts)
    assert built.frozen == [
        Frozen("A", "ZZZ", 300.0, UNCLASSIFIED),
        Frozen(
            "A",
            "YYY",
            200.0,
            "unclassified (the file's name is not the master's): not counted, not traded; "
            "set its bucket on the Holdings tab to include it",
        ),
        Frozen("A", "XXX", 100.0, UNCLASSIFIED),
        Frozen("B", "ZZZ", 400.0, UNCLASSIFIED),
    ]
    # 300 + 200 + 100 + 400 = 1,000 of a 2,000 household; each symbol once, sorted
    assert built.warnings == [
        "unclassified, so neither counted in the targets nor traded: XXX, YYY, ZZZ "
        "($1,000, 50.0% of the household); the plan covers the rest"
    ]
    assert list(built.problem.securities) == ["VOO"]
    assert built.problem.holdings == (Holding("A", "VOO", 10.0, None),)


# --- what may not be touched ------------------------------------------------------------------


def test_held_away_bank_unsupervised_and_do_not_sell_positions_are_frozen_once_each() -> None:
    accounts = [
        _acct("H", "Joint Brokerage"),  # held away
        _acct("K", "360 Checking", "unknown"),  # a bank account by its name
        _acct("T", "Individual"),
        _acct("S", "Performance Savings", "unknown"),  # a bank account, and held away
    ]
    rows = [
        Row("K", "CASH", None, 1234.5, "cash"),
        Row("H", "VOO", 10, 1000.0),
        Row("H", "DNS", 1, 300.0),  # held away comes before do not sell
        Row("K", "VTI", 5, 500.0),
        Row("S", "VTI", 2, 200.0),  # bank account comes before held away
        Row("T", "UNS", 4, 400.0),  # unsupervised comes before do not sell
        Row("T", "DNS", 3, 900.0),
        Row("T", "OK", 2, 200.0),
    ]
    policy = Policy(
        vehicles={},
        restrictions=Restrictions(
            do_not_sell=("DNS", "UNS"), held_away=("H", "S"), unsupervised=("UNS",)
        ),
    )
    facts = {s: _large() for s in ("VOO", "DNS", "VTI", "UNS", "OK")}
    built = _build(_household(rows, accounts), facts, policy)
    assert built.frozen == [
        Frozen("H", "VOO", 1000.0, "held away"),
        Frozen("H", "DNS", 300.0, "held away"),
        Frozen("K", "VTI", 500.0, "bank account"),
        Frozen("S", "VTI", 200.0, "bank account"),
        Frozen("T", "UNS", 400.0, "unsupervised"),
        Frozen("T", "DNS", 900.0, "do not sell"),
    ]
    assert [(a.id, a.frozen) for a in built.problem.accounts] == [
        ("H", True),
        ("K", True),
        ("T", False),
        ("S", True),
    ]
    # counted all the same: every position is in the problem
    assert [(h.account_id, h.symbol) for h in built.problem.holdings] == [
        (r.account, r.symbol) for r in rows[1:]
    ]
    # a bank account the policy does not already hold away is said to be one
    assert built.warnings == [
        "360 Checking is a bank account by its name: its $1,234.50 of cash is counted, "
        "nothing is traded in it"
    ]


def test_untraded_rows_are_blocks_at_their_market_value_frozen_once_with_why() -> None:
    ended = "no master price since 2025-01-02: it may no longer trade"
    rows = [
        Row("A", "TBILL", 10_000, 2500.2500004, "bond", description="US TREASURY BILL 12/31/26"),
        Row("A", "PRIV", None, 750.0, description="Private placement"),  # no quantity
        Row("A", "GONE", 0, 50.0),  # no shares
        Row("A", "WORTHLESS", 10, 0.0),  # no value
        Row("A", "OLD", 5, 20.0),  # a listing that no longer trades
        Row("A", "TINY", 0.5, 0.75),  # half a share worth 75 cents is still traded
        Row("H", "HBOND", 5000, 4900.0, "bond"),  # held away too, frozen once
        Row("H", "MYST", 1, 10.0),  # unclassified and held away, frozen once
    ]
    facts = {
        "TBILL": SecurityFacts({"bonds": 1.0}, low_quality=True),
        "PRIV": SecurityFacts({"other": 1.0}, kind="stock"),
        "GONE": SecurityFacts({"large": 1.0}),
        "WORTHLESS": SecurityFacts({"small": 1.0}),
        "OLD": SecurityFacts({"mid": 1.0}, not_traded=ended),
        "TINY": SecurityFacts({"micro": 1.0}, kind="stock"),
        "HBOND": SecurityFacts({"bonds": 1.0}),
    }
    policy = Policy(vehicles={}, restrictions=Restrictions(held_away=("H",)))
    built = _build(_household(rows, [_acct("A"), _acct("H", "Joint")]), facts, policy)

    def block(
        key: str, price: float, bucket: str, quality: bool = False, text: str = ""
    ) -> Security:
        return Security(key, price, {bucket: 1.0}, quality, text, tradeable=False, kind="other")

    # a block is keyed symbol@account:line, priced at its market value to the millionth
    assert built.problem.securities == {
        "TBILL@A:2": block("TBILL@A:2", 2500.25, "bonds", True, "US TREASURY BILL 12/31/26"),
        "PRIV@A:3": block("PRIV@A:3", 750.0, "other", text="Private placement"),
        "GONE@A:4": block("GONE@A:4", 50.0, "large"),
        "WORTHLESS@A:5": block("WORTHLESS@A:5", 0.0, "small"),
        "OLD@A:6": block("OLD@A:6", 20.0, "mid"),
        "TINY": Security(
            "TINY", 1.5, {"micro": 1.0}, kind="stock", price_as_of=D, price_source=SOURCE
        ),
        "HBOND@H:8": block("HBOND@H:8", 4900.0, "bonds"),
    }
    assert built.problem.holdings == (
        Holding("A", "TBILL@A:2", 1.0, None),
        Holding("A", "PRIV@A:3", 1.0, None),
        Holding("A", "GONE@A:4", 1.0, None),
        Holding("A", "WORTHLESS@A:5", 1.0, None),
        Holding("A", "OLD@A:6", 1.0, None),
        Holding("A", "TINY", 0.5, None),
        Holding("H", "HBOND@H:8", 1.0, None),
    )
    assert built.frozen == [
        Frozen("A", "TBILL", 2500.2500004, "not traded (bond)"),
        Frozen("A", "PRIV", 750.0, "not traded (equity)"),
        Frozen("A", "GONE", 50.0, "not traded (equity)"),
        Frozen("A", "WORTHLESS", 0.0, "not traded (equity)"),
        Frozen("A", "OLD", 20.0, ended),
        Frozen("H", "HBOND", 4900.0, "not traded (bond)"),
        Frozen("H", "MYST", 10.0, UNCLASSIFIED),
    ]
    # the file prices every row with shares and value; a block's key never gets a price
    assert set(built.prices) == {"TBILL", "OLD", "TINY", "HBOND", "MYST"}
    assert [a.frozen for a in built.problem.accounts] == [False, True]


# --- options ----------------------------------------------------------------------------------


def test_short_calls_keep_their_cover_and_any_other_option_is_just_an_option() -> None:
    occ = "XYZ   260116C00150000"
    rows = [
        Row("A", "XYZ", 1500, 150_000.0),
        Row("A", occ, -2, -340.0, "option", description="XYZ Jan 16 2026 150 Call"),
        Row("A", "XYZ2", -12, -1200.0, "option", description="CALL XYZ 160.00 EXP 02-20-26"),
        Row("A", "XYZ3", 2, 80.0, "option", description="CALL XYZ 200.00 EXP 02-20-26"),
        Row("A", "XYZ4", -1, -45.0, "option", description="PUT XYZ 100.00 EXP 02-20-26"),
        Row("A", "XYZ5", 0, 0.0, "option", description="CALL XYZ 250.00 EXP 02-20-26"),
        Row("B", "XYZ6", -1, -90.0, "option", description="CALL XYZ 170.00 EXP 03-20-26"),
    ]
    option = SecurityFacts({"other": 1.0}, kind="other", underlying="XYZ")
    facts = {r.symbol: option for r in rows[1:]} | {"XYZ": _large(kind="stock")}
    built = _build(_household(rows, [_acct("A"), _acct("B", "Joint")]), facts)
    # 100 shares a contract written: 2 + 12 in A, 1 in B
    assert built.problem.floors == {("A", "XYZ"): 1400.0, ("B", "XYZ"): 100.0}
    assert built.frozen == [
        Frozen("A", occ, -340.0, "option (short call)"),
        Frozen("A", "XYZ", 0.0, "cover for a short call: 200 shares stay"),
        Frozen("A", "XYZ2", -1200.0, "option (short call)"),
        Frozen("A", "XYZ", 0.0, "cover for a short call: 1,200 shares stay"),
        Frozen("A", "XYZ3", 80.0, "option"),  # long
        Frozen("A", "XYZ4", -45.0, "option"),  # a put
        Frozen("A", "XYZ5", 0.0, "option"),  # no contracts
        Frozen("B", "XYZ6", -90.0, "option (short call)"),
        # B holds no XYZ: the call is naked there, and the cover says so
        Frozen(
            "B",
            "XYZ",
            0.0,
            "cover for a short call: all 0 shares held stay (the calls are written on 100)",
        ),
    ]
    assert built.warnings == [
        "short calls on XYZ in Joint are written on 100 shares and the account holds 0: 100 are "
        "not covered; the plan sells none of XYZ there"
    ]
    assert built.problem.securities["XYZ2@A:4"] == Security(
        "XYZ2@A:4",
        -1200.0,
        {"other": 1.0},
        description="CALL XYZ 160.00 EXP 02-20-26",
        tradeable=False,
        kind="other",
    )
    assert built.problem.holdings[0] == Holding("A", "XYZ", 1500.0, None)


# --- positions and lots -----------------------------------------------------------------------


def test_one_symbol_on_two_rows_of_an_account_is_one_holding_with_the_shares_and_cost_summed() -> (
    None
):
    rows = [
        Row("A", "VOO", 10, 1000.0, cost=800.0),
        Row("A", "BND", 20, 1480.0, cost=1500.0),
        Row("A", "IJH", 4, 260.0, cost=100.0),
        Row("A", "VOO", 5, 500.0, cost=450.0),
        Row("A", "IJH", 6, 390.0),  # unknown cost: the position's cost is unknown
        Row("B", "VOO", 3, 300.0, cost=200.0),  # another account: another position
        Row("B", "IJR", 1, 118.0),
        Row("B", "IJR", 1, 118.0, cost=50.0),
    ]
    facts = {s: _large() for s in ("VOO", "BND", "IJH", "IJR")}
    built = _build(_household(rows, [_acct("A"), _acct("B")]), facts)
    # a merged position takes the place of the last row it merges
    assert built.problem.holdings == (
        Holding("A", "BND", 20.0, 1500.0),
        Holding("A", "VOO", 15.0, 1250.0),
        Holding("A", "IJH", 10.0, None),
        Holding("B", "VOO", 3.0, 200.0),
        Holding("B", "IJR", 2.0, None),
    )
    assert list(built.problem.securities) == ["VOO", "BND", "IJH", "IJR"]


def test_the_files_lots_are_completed_by_one_undated_lot_at_the_cost_they_leave() -> None:
    d1, d2 = date(2020, 1, 2), date(2024, 5, 6)
    rows = [
        Row("A", "VOO", 10, 1000.0, cost=800.0),
        Row("A", "IJH", 10, 650.0, cost=1000.0),
        Row("A", "VB", 10, 2500.0, cost=1000.0),
        Row("A", "VO", 10, 2800.0),
        Row("A", "MGC", 10, 2500.0, cost=500.0),
        Row("A", "IWC", 10, 1400.0, cost=600.0),
        Row("A", "VXUS", 10.5, 735.0, cost=1050.0),
        Row("A", "BND", 10, 740.0, cost=740.0),
        Row("A", "IJR", 3, 354.0, cost=300.0),
        Row("A", "IJR", 2, 236.0, cost=250.0),
    ]
    lots = {
        ("A", "VOO"): (Lot(6, 500.0, d1), Lot(4, 300.0, d2)),  # all 10 shares
        ("A", "IJH"): (Lot(4, 0.0, d1), Lot(3, 300.0, d2)),  # a gift at no cost, and 3 more
        ("A", "VB"): (Lot(4, None, d1),),
        ("A", "VO"): (Lot(4, 200.0, d1),),
        ("A", "MGC"): (Lot(8, 600.0, d1),),  # more cost than the position's
        ("A", "IWC"): (Lot(8, 600.0, d1),),  # all of the position's cost
        ("A", "VXUS"): (Lot(10, 1000.0, d1),),
        ("B", "BND"): (Lot(10, 740.0, d1),),  # another account's
        ("A", "IJR"): (Lot(3, 300.0, d1),),
    }
    facts = {s: _large() for s in ("VOO", "IJH", "VB", "VO", "MGC", "IWC", "VXUS", "BND", "IJR")}
    built = _build(_household(rows, [_acct("A")]), facts, lots=lots)
    assert {h.symbol: h.lots for h in built.problem.holdings} == {
        "VOO": (Lot(6, 500.0, d1), Lot(4, 300.0, d2)),
        "IJH": (Lot(4, 0.0, d1), Lot(3, 300.0, d2), Lot(3.0, 700.0, None)),  # 1000 - 0 - 300
        "VB": (Lot(4, None, d1), Lot(6.0, None, None)),  # a lot's cost is unknown
        "VO": (Lot(4, 200.0, d1), Lot(6.0, None, None)),  # the position's cost is unknown
        "MGC": (Lot(8, 600.0, d1), Lot(2.0, None, None)),  # 500 - 600 < 0: unknown
        "IWC": (Lot(8, 600.0, d1), Lot(2.0, 0.0, None)),  # 600 - 600
        "VXUS": (Lot(10, 1000.0, d1), Lot(0.5, 50.0, None)),  # half a share is a lot
        "BND": (),  # no lots of its own: one lot of all the shares
        "IJR": (Lot(3, 300.0, d1), Lot(2.0, 250.0, None)),  # 3 + 2 shares at 300 + 250
    }


# --- vehicles ---------------------------------------------------------------------------------


def test_vehicles_not_held_are_added_at_the_masters_price_or_said_to_have_none() -> None:
    vehicles = {
        "micro": ("IWC",),  # a zero target: not bought, and the buckets after it still are
        "large": ("VOO", "IWB"),  # VOO held: kept at the file's price; IWB still added
        "mid": ("NOPX", "IJH"),
        "small": ("ZERO", "IJR"),
        "intl_equity": ("NONE", "VXUS"),
        "bonds": ("BND",),
    }
    targets = {
        "large": 0.4,
        "mid": 0.1,
        "small": 0.1,
        "micro": 0.0,
        "intl_equity": 0.2,
        "bonds": 0.2,
    }
    newer = date(2026, 7, 2)
    older = date(2026, 6, 1)
    facts = {
        "VOO": _large(price=999.0, price_as_of=date(2026, 1, 2)),
        "IWC": SecurityFacts({"micro": 1.0}, price=140.0, price_as_of=D),
        "IWB": _large(price=0.5, price_as_of=D, name="iShares Russell 1000 ETF", group="r1000"),
        "IJH": SecurityFacts(
            {"mid": 1.0},
            low_quality=True,
            price=65.0,
            price_as_of=newer,
            price_source="master.csv",
            name="iShares Core S&P Mid-Cap ETF",
            kind="stock",
            group="sp400",
        ),
        "ZERO": SecurityFacts({"small": 1.0}, price=0.0, price_as_of=D),
        "IJR": SecurityFacts({"small": 1.0}, price=118.0, price_as_of=D, name="Small ETF"),
        "NONE": SecurityFacts({"intl_equity": 1.0}),
        "VXUS": SecurityFacts({"intl_equity": 1.0}, price=72.0, kind="unheard of"),
        "BND": SecurityFacts(
            {"bonds": 1.0}, price=1234.5, price_as_of=older, price_source="master.csv"
        ),
    }
    rows = [Row("A", "VOO", 10, 1000.0, description="Vanguard S&P 500 ETF")]
    policy = Policy(vehicles=vehicles)
    built = _build(_household(rows, [_acct("A")]), facts, policy, targets)
    assert built.warnings == [
        f"no price for NOPX, a vehicle for mid-caps: {BUY_IT}",
        f"no price for ZERO, a vehicle for small-caps: {BUY_IT}",
        f"no price for NONE, a vehicle for international equity: {BUY_IT}",
        "the price of BND ($1,234.50) is as of 2026-06-01, older than the holdings files "
        "(2026-07-01)",
    ]
    assert built.problem.securities == {
        "VOO": Security(
            "VOO",
            100.0,
            {"large": 1.0},
            description="Vanguard S&P 500 ETF",
            price_as_of=D,
            price_source=SOURCE,
        ),
        "IWB": Security(
            "IWB",
            0.5,
            {"large": 1.0},
            description="iShares Russell 1000 ETF",
            group="r1000",
            price_as_of=D,
            price_source=MASTER,
        ),
        "IJH": Security(
            "IJH",
            65.0,
            {"mid": 1.0},
            low_quality=True,
            description="iShares Core S&P Mid-Cap ETF",
            kind="stock",
            group="sp400",
            price_as_of=newer,
            price_source="master.csv",
        ),
        "IJR": Security(
            "IJR",
            118.0,
            {"small": 1.0},
            description="Small ETF",
            price_as_of=D,
            price_source=MASTER,
        ),
        "VXUS": Security("VXUS", 72.0, {"intl_equity": 1.0}, price_source=MASTER),
        "BND": Security(
            "BND", 1234.5, {"bonds": 1.0}, price_as_of=older, price_source="master.csv"
        ),
    }
    assert built.prices == {
        "VOO": PriceUsed(100.0, D, SOURCE),
        "IWB": PriceUsed(0.5, D, MASTER),
        "IJH": PriceUsed(65.0, newer, "master.csv"),
        "IJR": PriceUsed(118.0, D, MASTER),
        "VXUS": PriceUsed(72.0, None, MASTER),
        "BND": PriceUsed(1234.5, older, "master.csv"),
    }
    assert built.problem.holdings == (Holding("A", "VOO", 10.0, None),)


def test_with_undated_files_no_vehicle_price_is_stale_and_an_untargeted_bucket_buys_nothing() -> (
    None
):
    policy = Policy(vehicles={"mega": ("MGC",), "large": ("IVV",)})
    facts = {
        "VOO": _large(),
        "MGC": SecurityFacts({"mega": 1.0}, price=250.0, price_as_of=date(2026, 1, 2)),
        "IVV": _large(price=550.0, price_as_of=date(2026, 1, 2)),
    }
    household = _household([Row("A", "VOO", 1, 100.0)], [_acct("A")], as_of=None)
    built = _build(household, facts, policy, {"large": 1.0})  # the targets name no mega
    assert built.problem.securities["IVV"] == Security(
        "IVV", 550.0, {"large": 1.0}, price_as_of=date(2026, 1, 2), price_source=MASTER
    )
    assert list(built.problem.securities) == ["VOO", "IVV"]
    assert built.prices["VOO"] == PriceUsed(100.0, None, "pos.csv (undated)")
    assert built.warnings == []


# --- accounts ---------------------------------------------------------------------------------


def test_account_states_carry_the_policys_flows_and_a_deposit_above_the_ira_limit_warns() -> None:
    accounts = [
        _acct("IRA1234", "Rollover IRA", "tax_deferred"),
        _acct("ROTH5678", "Roth IRA", "tax_free"),
        _acct("K401", "401(k) Plan", "tax_deferred"),  # a 401(k)'s limit is higher
        _acct("TRAD0001", "Traditional IRA", "tax_deferred"),  # at the limit, not above
        _acct("TAXB", "Individual", "taxable"),  # no limit
        _acct("NONAME99", "", "tax_deferred"),  # no name: its masked number
    ]
    deposits = {
        "IRA1234": 8000.0,
        "ROTH5678": 10_000.0,
        "K401": 20_000.0,
        "TRAD0001": 7500.0,
        "TAXB": 50_000.0,
        "NONAME99": 9000.0,
        "99998888": 100.0,
    }
    withdrawals = {"TAXB": 1200.5, "77776666": 50.0}
    policy = Policy(vehicles={}, trading=Trading(deposits=deposits, withdrawals=withdrawals))
    built = _build(_household([], accounts), {}, policy)

    def above(amount: str, to: str) -> str:
        return (
            f"a ${amount} deposit to {to} is above the year's IRA limit ($7,500, $8,600 at 50 "
            f"or older); check it is a rollover or a plan with a higher limit"
        )

    assert built.warnings == [
        "[trading.deposits] names account …8888, which is not in the household: ignored",
        "[trading.withdrawals] names account …6666, which is not in the household: ignored",
        above("8,000", "Rollover IRA"),
        above("10,000", "Roth IRA"),
        # its deposit stays cash: a plan's own funds are not known, so nothing is bought there
        "401(k) Plan is a 529 or employer plan by its name: it holds only the funds its plan "
        "offers, which the product does not know, so it is counted and nothing is traded in "
        "it; rebalance it within the plan's own menu",
        above("9,000", "…ME99"),
    ]
    assert built.problem.accounts == (
        AccountState("IRA1234", "tax_deferred", 0.0, "Rollover IRA", deposit=8000.0),
        AccountState("ROTH5678", "tax_free", 0.0, "Roth IRA", deposit=10_000.0),
        AccountState("K401", "tax_deferred", 0.0, "401(k) Plan", deposit=20_000.0, frozen=True),
        AccountState("TRAD0001", "tax_deferred", 0.0, "Traditional IRA", deposit=7500.0),
        AccountState("TAXB", "taxable", 0.0, "Individual", deposit=50_000.0, withdraw=1200.5),
        AccountState("NONAME99", "tax_deferred", 0.0, "", deposit=9000.0),
    )


def test_the_problem_has_the_tilted_targets_the_policys_own_the_plan_date_and_no_floors() -> None:
    policy = Policy(vehicles={})
    tilted = policy.tilted_targets(0.02)  # two points from mega to small
    assert tilted != dict(policy.targets)
    when = date(2026, 7, 3)
    built = _build(
        _household([Row("A", "VOO", 1, 100.0)], [_acct("A")]),
        {"VOO": _large()},
        policy,
        tilted,
        when,
    )
    problem = built.problem
    assert problem.targets == tilted
    assert problem.base_targets == dict(policy.targets)
    assert problem.policy is policy
    assert problem.as_of == when
    assert problem.floors == {}


# --- found by these tests, fixed --------------------------------------------------------------


def test_a_short_call_a_reader_types_other_still_keeps_its_cover() -> None:
    # the facts know it is an option on XYZ (its symbol says so) whatever the row's type
    call = Row("A", "XYZ 260116C00050000", -2, -300.0, asset_type="other", description="CALL XYZ")
    rows = [Row("A", "XYZ", 500, 25_000.0), call]
    facts = {
        "XYZ": _large(kind="stock"),
        call.symbol: SecurityFacts({"other": 1.0}, kind="other", underlying="XYZ"),
    }
    built = _build(_household(rows, [_acct("A")]), facts)
    assert built.problem.floors == {("A", "XYZ"): 200.0}
    whys = [(f.symbol, f.why) for f in built.frozen]
    assert whys == [
        (call.symbol, "option (short call)"),
        ("XYZ", "cover for a short call: 200 shares stay"),
    ]


def test_a_block_in_a_held_away_account_is_listed_once() -> None:
    # ABC without a quantity in the held-away account is a block; ABC elsewhere trades
    rows = [Row("A", "ABC", 10, 1_000.0), Row("H", "ABC", None, 500.0)]
    policy = Policy(vehicles={}, restrictions=Restrictions(held_away=("H",)))
    built = _build(_household(rows, [_acct("A"), _acct("H")]), {"ABC": _large()}, policy)
    assert [(f.account_id, f.symbol, f.why) for f in built.frozen] == [
        ("H", "ABC", "not traded (equity)")
    ]


def test_an_unclassified_share_is_not_said_of_a_household_worth_nothing() -> None:
    rows = [Row("A", "ZZZ", 1, 100.0), Row("A", "CASH", 1, -100.0, asset_type="cash")]
    built = _build(_household(rows, [_acct("A")]), {})
    assert "unclassified, so neither counted in the targets nor traded: ZZZ ($100); the plan " in (
        " ".join(built.warnings)
    )


def test_an_option_row_whose_underlying_cannot_be_read_is_an_option_all_the_same() -> None:
    rows = [Row("A", "WEIRD", -1, -50.0, asset_type="option", description="???")]
    facts = {"WEIRD": SecurityFacts({"other": 1.0}, kind="other", underlying=None)}
    built = _build(_household(rows, [_acct("A")]), facts)
    assert [(f.symbol, f.why) for f in built.frozen] == [("WEIRD", "option")]
    assert built.problem.floors == {}


def test_a_529_or_employer_plan_is_counted_and_nothing_is_traded_in_it() -> None:
    accounts = [
        _acct("P", "Vanguard 529 plan ...4501", "tax_free"),
        _acct("K", "ACME CORP 401(K) PLAN", "tax_deferred"),
        _acct("R", "Rollover IRA (from a 401k)", "tax_deferred"),  # an IRA: traded
        _acct("S", "Solo 401(k)", "tax_deferred"),  # self-directed: traded
        _acct("H", "ACME 403(b)", "tax_deferred"),  # a plan, and held away: said once
    ]
    rows = [
        Row("P", "CASH", None, 300.0, "cash"),
        Row("P", "VFIAX", 2, 1000.0),
        Row("K", "FXAIX", 3, 600.0),
        Row("R", "VTI", 1, 250.0),
        Row("S", "VOO", 1, 500.0),
        Row("H", "FXAIX", 1, 200.0),
    ]
    facts = {s: _large() for s in ("VFIAX", "FXAIX", "VTI", "VOO")}
    policy = Policy(vehicles={}, restrictions=Restrictions(held_away=("H",)))
    built = _build(_household(rows, accounts), facts, policy)
    plan = "plan account (its own menu of funds)"
    assert built.frozen == [
        Frozen("P", "VFIAX", 1000.0, plan),
        Frozen("K", "FXAIX", 600.0, plan),
        Frozen("H", "FXAIX", 200.0, plan),
    ]
    assert [(a.id, a.frozen, a.cash) for a in built.problem.accounts] == [
        ("P", True, 300.0),
        ("K", True, 0.0),
        ("R", False, 0.0),
        ("S", False, 0.0),
        ("H", True, 0.0),
    ]
    said = (
        "is a 529 or employer plan by its name: it holds only the funds its plan offers, which "
        "the product does not know, so it is counted and nothing is traded in it; rebalance it "
        "within the plan's own menu"
    )
    assert built.warnings == [f"{accounts[0].name} {said}", f"{accounts[1].name} {said}"]


@pytest.mark.parametrize("symbol", ["", "VANGUARD 500 INDEX PORTFOLIO"])
def test_a_position_named_only_by_its_description_is_a_block_never_traded(symbol: str) -> None:
    rows = [
        Row("A", symbol, 10, 1183.1, "mutual_fund", description="Vanguard 500 Index Portfolio"),
        Row("A", "VOO", 1, 600.0),
    ]
    facts = {symbol: _large(), "VOO": _large()}
    built = _build(_household(rows, [_acct("A")]), facts)
    why = "named only by its description: no symbol or CUSIP an order could use"
    assert built.frozen == [Frozen("A", symbol, 1183.1, why)]
    block = f"{symbol}@A:2"
    assert built.problem.securities[block].tradeable is False
    assert built.problem.securities[block].price == 1183.1
    assert [(h.symbol, h.shares) for h in built.problem.holdings] == [(block, 1.0), ("VOO", 1)]


def test_vehicles_priced_before_the_newest_file_are_named_in_one_warning_a_date() -> None:
    day_before, week_before = date(2026, 6, 30), date(2026, 6, 24)
    facts = {
        "VOO": _large(price=688.5, price_as_of=day_before),
        "IJR": SecurityFacts({"small": 1.0}, price=144.99, price_as_of=day_before),
        "VXUS": SecurityFacts({"intl_equity": 1.0}, price=83.78, price_as_of=week_before),
        "BND": SecurityFacts({"bonds": 1.0}, price=72.1, price_as_of=D),  # as new as the file
    }
    policy = Policy(
        vehicles={"large": "VOO", "small": "IJR", "intl_equity": "VXUS", "bonds": "BND"}
    )
    facts["AAPL"] = SecurityFacts({"mega": 1.0}, kind="stock")
    built = _build(_household([Row("A", "AAPL", 1, 200.0)], [_acct("A")]), facts, policy)
    assert built.warnings == [
        f"the price of VXUS ($83.78) is as of {week_before.isoformat()}, older than the "
        f"holdings files ({D.isoformat()})",
        f"the prices of VOO ($688.50) and IJR ($144.99) are as of {day_before.isoformat()}, "
        f"older than the holdings files ({D.isoformat()})",
    ]


@pytest.mark.parametrize(
    ("file_price", "frozen"), [(1544.92, True), (260.0, False), (200.0, False)]
)
def test_a_held_price_from_an_undated_file_far_from_the_masters_is_not_traded_on(
    file_price: float, frozen: bool
) -> None:
    master, on = 249.89, date(2026, 7, 16)
    fact = SecurityFacts({"mega": 1.0}, kind="stock", price=master, price_as_of=on)
    rows = [Row("A", "AMZN", 100, 100 * file_price)]
    built = _build(_household(rows, [_acct("A")], as_of=None), {"AMZN": fact})
    apart = file_price / master - 1
    blocks = [f for f in built.frozen if f.symbol == "AMZN"]
    if not frozen:  # within a quarter of the master's price: the file's price is used
        assert blocks == [] and built.prices["AMZN"].price == pytest.approx(file_price)
        return
    assert blocks == [
        Frozen(
            "A",
            "AMZN",
            100 * file_price,
            f"its price in an undated file (${file_price:,.2f}) is {apart:.0%} above the "
            f"security master's (${master:,.2f} on {on.isoformat()}): stale or from before a "
            "split; not traded until the file is downloaded again",
        )
    ]
    # the holding counts at the file's value; any trade in AMZN would be at the master's price
    assert built.prices["AMZN"] == PriceUsed(master, on, MASTER)
    assert built.problem.securities["AMZN@A:2"].tradeable is False


def test_a_bucket_none_of_whose_vehicles_has_a_price_is_left_to_the_held_in_cash_rule() -> None:
    # the plan cannot buy small-caps at all: hold_in_cash says so when it needs them, with the
    # remedy; a "no price" warning a vehicle would say it again
    facts = {
        "VOO": _large(price=100.0, price_as_of=D),
        "NOPX": SecurityFacts({"small": 1.0}),
        "ZERO": SecurityFacts({"small": 1.0}, price=0.0, price_as_of=D),
    }
    rows = [Row("A", "VOO", 10, 1000.0)]
    policy = Policy(vehicles={"large": ("VOO",), "small": ("NOPX", "ZERO")})
    built = _build(_household(rows, [_acct("A")]), facts, policy, policy.targets)
    assert not [w for w in built.warnings if "no price" in w]
    assert not built.problem.securities.keys() & {"NOPX", "ZERO"}
