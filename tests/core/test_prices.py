"""One price per security across files, whatever each file calls it; a dated price before an
undated one; an undated file the security master contradicts is named; a listing whose last
master price is long past is counted and never traded."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest

from planner.core.classify import Reference
from planner.core.facts import ENDED_DAYS, security_facts
from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.household_problem import HouseholdProblem, problem_from_household
from planner.core.plan_model import SecurityFacts
from planner.core.policy import Policy
from planner.core.prices_used import (
    FILES_APART_DAYS,
    PRICE_APART,
    STALE_FILE_MIN,
    STRAYS_SHOWN,
    household_prices,
)
from planner.core.rebalance.slots import group_of
from planner.core.universe import SecurityInfo

OLD, NEW = date(2026, 6, 1), date(2026, 7, 1)

#: (file, its date) -> rows (account, symbol, shares, price[, market value, asset type])
Row = tuple[str, str, float, float] | tuple[str, str, float, float, float, str]
Files = dict[tuple[str, date | None], list[Row]]


def _household(files: Files) -> Household:
    rows = [(path, *row) for (path, _), got in files.items() for row in got]
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r[1] for r in rows],
                "symbol": [r[2] for r in rows],
                "asset_type": [r[6] if len(r) > 5 else "equity" for r in rows],
                "quantity": [r[3] for r in rows],
                "price": [r[4] for r in rows],
                "market_value": [r[5] if len(r) > 5 else r[3] * r[4] for r in rows],
                "cost_basis": [float("nan")] * len(rows),
                "source_file": [r[0] for r in rows],
                "source_line": list(range(2, 2 + len(rows))),
            }
        )
    )
    ids = dict.fromkeys(r[1] for r in rows)
    accounts = tuple(Account(i, f"Account {i}", "taxable", "x") for i in ids)
    sources = tuple(SourceFile(path, "test", when) for path, when in files)
    return Household(sources, accounts, frame)


def _facts(
    *symbols: str, price: float | None = None, as_of: date | None = None
) -> dict[str, SecurityFacts]:
    return {
        s: SecurityFacts({"large": 1.0}, price=price, price_as_of=as_of, kind="stock")
        for s in symbols
    }


def _built(files: Files, facts: dict[str, SecurityFacts]) -> HouseholdProblem:
    policy = Policy()
    return problem_from_household(_household(files), facts, policy, policy.targets)


def test_one_security_spelt_two_ways_has_the_dated_files_price_in_every_account() -> None:
    # BRK.B in an undated file at a price far from BRKB's in a dated one: both are one security
    files: Files = {
        ("old.csv", None): [("A", "BRK.B", 10, 197.63)],
        ("new.csv", NEW): [("B", "BRKB", 4, 467.36)],
    }
    built = _built(files, _facts("BRK.B", "BRKB"))
    assert built.prices["BRK.B"] == built.prices["BRKB"]
    assert built.prices["BRK.B"].price == pytest.approx(467.36)
    assert built.prices["BRK.B"].as_of == NEW
    secs = built.problem.securities
    assert secs["BRK.B"].price == secs["BRKB"].price == pytest.approx(467.36)
    # a wash sale sees them as one security too
    assert group_of(secs["BRK.B"]) == group_of(secs["BRKB"])
    (said,) = [w for w in built.warnings if "is priced" in w]
    assert "as BRK.B, undated" in said and "old.csv" in said and "new.csv" in said


def test_the_newest_dated_file_wins_and_each_price_apart_is_named() -> None:
    files: Files = {
        ("a.csv", OLD): [("A", "XYZ", 1, 90.0)],
        ("b.csv", None): [("B", "XYZ", 1, 50.0)],
        ("c.csv", NEW): [("C", "XYZ", 1, 100.0)],
        ("d.csv", OLD): [("D", "XYZ", 1, 100.0 * (1 + PRICE_APART / 2))],  # near enough
    }
    built = _built(files, _facts("XYZ"))
    assert built.prices["XYZ"].price == pytest.approx(100.0) and built.prices["XYZ"].as_of == NEW
    (said,) = [w for w in built.warnings if "is priced" in w]
    assert "$90.00 in a.csv" in said and "$50.00 in b.csv (undated)" in said
    assert "d.csv" not in said


@pytest.mark.parametrize("apart", [PRICE_APART / 2, PRICE_APART * 3])
def test_an_undated_file_the_master_contradicts_is_named_with_its_worst_prices(
    apart: float,
) -> None:
    master = 100.0
    files: Files = {("v.csv", None): [("A", "VOO", 3, master * (1 + apart))]}
    built = _built(files, _facts("VOO", price=master, as_of=NEW))
    # the file's own price is used (a fresh undated download is newer than the master)
    assert built.prices["VOO"].price == pytest.approx(master * (1 + apart))
    stray = [w for w in built.warnings if "has no date" in w]
    if apart > PRICE_APART:
        (said,) = stray
        assert said.startswith("v.csv has no date, and 1 of its prices")
        assert f"VOO ${master * (1 + apart):,.2f} against ${master:,.2f}" in said
    else:
        assert not stray


def _info(symbol: str, price: float, as_of: date) -> SecurityInfo:
    return SecurityInfo(symbol, f"{symbol} Inc", "equity", 5e9, "", price, as_of, as_of, "t")


@pytest.mark.parametrize("days", [ENDED_DAYS, ENDED_DAYS + 1])
def test_a_listing_without_a_recent_master_price_is_counted_and_never_traded(days: int) -> None:
    ended = NEW - timedelta(days=days)
    ref = Reference({"NOW": _info("NOW", 50.0, NEW), "OLD": _info("OLD", 40.0, ended)})
    files: Files = {("f.csv", NEW): [("A", "NOW", 10, 50.0), ("A", "OLD", 10, 41.0)]}
    household = _household(files)
    facts = security_facts(household, ref)
    policy = Policy()
    built = problem_from_household(household, facts, policy, policy.targets)
    frozen = [f for f in built.frozen if f.symbol == "OLD"]
    tradeable = [s for s in built.problem.securities.values() if s.tradeable]
    if days > ENDED_DAYS:
        assert facts["OLD"].price is None and "may no longer trade" in facts["OLD"].not_traded
        (f,) = frozen
        assert ended.isoformat() in f.why and f.market_value == pytest.approx(410.0)
        assert "OLD" not in {s.symbol for s in tradeable}
        # counted: its value is a block of the household's, held as it is
        held = [s for s in built.problem.securities.values() if s.symbol.startswith("OLD@")]
        assert [s.price for s in held] == [pytest.approx(410.0)]
    else:
        assert facts["OLD"].not_traded == "" and facts["OLD"].price == 40.0
        assert not frozen and "OLD" in {s.symbol for s in tradeable}


def test_rows_that_cannot_give_a_price_are_passed_over() -> None:
    # the newest file's rows of XYZ give no price (no value, no shares, a short); the older
    # file's does. Cash rows have no price; a position worth under a dollar has one.
    files: Files = {
        ("old.csv", OLD): [("A", "XYZ", 10, 50.0), ("A", "PENNY", 1, 0.4)],
        ("new.csv", NEW): [
            ("B", "XYZ", 10, 0.0, 0.0, "equity"),
            ("B", "XYZ", 0, 60.0, 600.0, "equity"),
            ("B", "XYZ", -5, 60.0, -300.0, "equity"),
            ("B", "XYZ", 5, 60.0, -300.0, "equity"),
            ("B", "SPAXX", 1000, 1.0, 1000.0, "money_market"),
            ("B", "CASH", 1000, 1.0, 1000.0, "cash"),
        ],
    }
    prices = household_prices(_household(files), {}, [])
    assert prices["XYZ"].price == 50.0 and prices["XYZ"].as_of == OLD
    assert prices["XYZ"].source == "old.csv (2026-06-01)"
    assert prices["PENNY"].price == 0.4
    assert "SPAXX" not in prices and "CASH" not in prices


def test_a_price_is_rounded_to_a_millionth_of_a_dollar_and_names_its_file() -> None:
    files: Files = {("C:\\exports\\my files\\a b.csv", None): [("A", "THIRD", 3, 0, 100.0, "")]}
    (used,) = household_prices(_household(files), {}, []).values()
    assert used.price == round(100 / 3, 6) != 100 / 3
    assert used.source == "a b.csv (undated)" and used.as_of is None


def test_prices_exactly_two_percent_apart_are_not_flagged() -> None:
    base = 50.0  # 2% of it, and 102% of it, are exact in binary
    near = NEW - timedelta(days=1)
    assert base * (1 + PRICE_APART) - base == PRICE_APART * base
    files: Files = {
        ("a.csv", NEW): [("A", "XYZ", 1, base)],
        ("b.csv", near): [("B", "XYZ", 1, base * (1 + PRICE_APART))],
    }
    warnings: list[str] = []
    household_prices(_household(files), _facts("XYZ", price=base, as_of=near), warnings)
    assert warnings == []
    # an undated file exactly 2% from the master's price is not a stray either
    undated: Files = {("u.csv", None): [("A", "XYZ", 1, base * (1 + PRICE_APART))]}
    household_prices(_household(undated), _facts("XYZ", price=base, as_of=near), warnings)
    assert warnings == []


def test_the_warning_for_prices_apart_says_each_and_which_is_used() -> None:
    files: Files = {
        ("a.csv", NEW - timedelta(days=2)): [("A", "BRK.B", 1, 400.0)],
        ("b.csv", None): [("B", "BRKB", 1, 300.0)],
        ("c.csv", NEW): [("C", "BRKB", 1, 500.0)],
    }
    warnings: list[str] = []
    household_prices(_household(files), {}, warnings)
    assert warnings == [
        "BRKB is priced $400.00 in a.csv (as BRK.B, 2026-06-29), $300.00 in b.csv (undated) "
        "and $500.00 in c.csv (2026-07-01): the plan uses the newer price for every account"
    ]


def test_an_undated_files_worst_strays_are_named_first_and_the_rest_counted() -> None:
    # prices off by a factor of 1/k and k are equally far: the order is by how far, either way
    master = 100.0
    factors = [1.5, 1 / 4, 3.0, 1 / 1.1, 6.0, 1.05]
    rows: list[Row] = [("A", f"S{i}", 1, master * f) for i, f in enumerate(factors)]
    facts = {
        s: f
        for i in range(len(factors))
        for s, f in _facts(f"S{i}", price=master, as_of=NEW).items()
    }
    warnings: list[str] = []
    household_prices(_household({("v.csv", None): rows}), facts, warnings)
    far = sorted(range(len(factors)), key=lambda i: -abs(math.log(factors[i])))
    named = [
        f"S{i} ${master * factors[i]:,.2f} against ${master:,.2f} on {NEW.isoformat()}"
        for i in far[:STRAYS_SHOWN]
    ]
    assert len(factors) > STRAYS_SHOWN
    assert warnings == [
        f"v.csv has no date, and {len(factors)} of its prices are more than 2% from the "
        f"security master's ({'; '.join(named)}; ...): the plan uses the file's prices; if the "
        f"file is not today's, download it again before trading"
    ]


@pytest.mark.parametrize("strays", [STRAYS_SHOWN, 1])
def test_an_undated_file_with_few_strays_names_them_all(strays: int) -> None:
    rows: list[Row] = [("A", f"S{i}", 1, 200.0 + i) for i in range(strays)]
    facts = {
        s: f for i in range(strays) for s, f in _facts(f"S{i}", price=100.0, as_of=NEW).items()
    }
    warnings: list[str] = []
    household_prices(_household({("v.csv", None): rows}), facts, warnings)
    far = reversed(range(strays))  # the furthest from the master's price first
    named = "; ".join(f"S{i} ${200 + i:,.2f} against $100.00 on {NEW}" for i in far)
    assert warnings == [
        f"v.csv has no date, and {strays} of its prices are more than 2% from the security "
        f"master's ({named}): the plan uses the file's prices; if the file is not today's, "
        "download it again before trading"
    ]


@pytest.mark.parametrize("days", [FILES_APART_DAYS, FILES_APART_DAYS + 1])
def test_dated_files_more_than_a_week_apart_are_flagged_oldest_and_newest(days: int) -> None:
    first = NEW - timedelta(days=days)
    files: Files = {
        ("mid.csv", NEW - timedelta(days=1)): [("B", "Y", 1, 1.0)],
        ("new.csv", NEW): [("C", "Z", 1, 1.0)],
        ("undated.csv", None): [("D", "W", 1, 1.0)],
        ("first.csv", first): [("A", "X", 1, 1.0)],
    }
    warnings: list[str] = []
    household_prices(_household(files), {}, warnings)
    if days > FILES_APART_DAYS:
        assert warnings == [
            f"the files are {days} days apart: first.csv is as of {first.isoformat()}, new.csv "
            f"as of {NEW.isoformat()}; download them again on one day before trading"
        ]
    else:
        assert warnings == []


def test_two_dated_files_are_enough_to_be_apart() -> None:
    files: Files = {
        ("a.csv", OLD): [("A", "X", 1, 1.0)],
        ("b.csv", NEW): [("B", "Y", 1, 1.0)],
    }
    warnings: list[str] = []
    household_prices(_household(files), {}, warnings)
    assert [w.split(":")[0] for w in warnings] == [f"the files are {(NEW - OLD).days} days apart"]


def _file_rows(
    far: int, near: int, master: float = 100.0
) -> tuple[list[Row], dict[str, SecurityFacts]]:
    """``far`` securities priced three times the master's, ``near`` ones at 1.1 times it."""
    factors = [3.0] * far + [1.1] * near
    rows: list[Row] = [("A", f"S{i}", 2, master * f) for i, f in enumerate(factors)]
    facts = {
        f"S{i}": _facts(f"S{i}", price=master, as_of=NEW)[f"S{i}"] for i in range(len(factors))
    }
    return rows, facts


@pytest.mark.parametrize(
    ("far", "near", "when", "stale"),
    [
        (STALE_FILE_MIN, 0, None, True),
        (STALE_FILE_MIN, STALE_FILE_MIN - 1, None, True),
        (STALE_FILE_MIN, STALE_FILE_MIN, None, False),  # not more than half
        (STALE_FILE_MIN - 1, 0, None, False),  # too few to tell
        (STALE_FILE_MIN, 0, OLD, True),  # dated before the master's prices: as old
        (STALE_FILE_MIN, 0, NEW, False),  # dated the master's day: its own prices are as new
    ],
)
def test_a_file_most_of_whose_later_master_prices_contradict_it_is_not_traded(
    far: int, near: int, when: date | None, stale: bool
) -> None:
    rows, facts = _file_rows(far, near)
    rows.append(("A", "CASH", 1, 500.0, 500.0, "cash"))
    built = _built({("v.csv", when): rows}, facts)
    said = [w for w in built.warnings if "looks old" in w]
    why = {f.symbol: f.why for f in built.frozen}
    tradeable = {s for s, sec in built.problem.securities.items() if sec.tradeable}
    near_names = {f"S{i}" for i in range(far, far + near)}
    if stale:
        dated = f"is as of {when.isoformat()}" if when else "is undated"
        reason = (
            f"v.csv {dated} and looks old ({far} of the {far + near} prices the security "
            f"master can check are more than 25% from its own): not traded until the file is "
            f"downloaded again"
        )
        assert why == {r[1]: reason for r in rows if r[1] != "CASH"}
        assert tradeable == set()
        (warning,) = said
        assert warning.startswith(f"v.csv {dated} and looks old: {far} of the {far + near}")
        assert "S0 $300.00 against $100.00" in warning
        # counted at the file's values, the cash too
        assert built.problem.accounts[0].cash == pytest.approx(500.0)
        values = sum(
            h.shares * built.problem.securities[h.symbol].price for h in built.problem.holdings
        )
        assert values == pytest.approx(sum(r[2] * r[3] for r in rows if r[1] != "CASH"))
    else:
        assert said == []
        assert near_names <= tradeable


def test_a_stale_files_prices_price_nothing_else() -> None:
    # the stale file comes first, so without the rule its XYZ price would be the plan's
    rows, facts = _file_rows(STALE_FILE_MIN, 0)
    facts |= _facts("XYZ", price=100.0, as_of=NEW)
    files: Files = {
        ("old.csv", None): [*rows, ("A", "XYZ", 5, 40.0)],
        ("fresh.csv", None): [("B", "XYZ", 3, 104.0)],
    }
    built = _built(files, facts)
    assert built.prices["XYZ"].price == pytest.approx(104.0)
    assert "fresh.csv" in built.prices["XYZ"].source
    assert not [w for w in built.warnings if "is priced" in w]  # the stale price is not compared
    held = {(h.account_id, h.symbol) for h in built.problem.holdings}
    assert ("B", "XYZ") in held and built.problem.securities["XYZ"].tradeable
    assert {f.symbol for f in built.frozen if f.account_id == "A"} == {r[1] for r in rows} | {"XYZ"}
