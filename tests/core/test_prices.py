"""One price per security across files, whatever each file calls it; a dated price before an
undated one; an undated file the security master contradicts is named; a listing whose last
master price is long past is counted and never traded."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from planner.core.classify import Reference
from planner.core.facts import ENDED_DAYS, security_facts
from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.household_problem import problem_from_household
from planner.core.plan_model import SecurityFacts
from planner.core.policy import Policy
from planner.core.prices_used import PRICE_APART
from planner.core.rebalance.slots import group_of
from planner.core.universe import SecurityInfo

OLD, NEW = date(2026, 6, 1), date(2026, 7, 1)

#: (file, its date) -> rows (account, symbol, shares, price)
Files = dict[tuple[str, date | None], list[tuple[str, str, float, float]]]


def _household(files: Files) -> Household:
    rows = [(path, *row) for (path, _), got in files.items() for row in got]
    frame = normalize_positions(
        pd.DataFrame(
            {
                "account_id": [r[1] for r in rows],
                "symbol": [r[2] for r in rows],
                "quantity": [r[3] for r in rows],
                "price": [r[4] for r in rows],
                "market_value": [r[3] * r[4] for r in rows],
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


def _facts(*symbols: str, price: float | None = None, as_of: date | None = None) -> dict:
    return {
        s: SecurityFacts({"large": 1.0}, price=price, price_as_of=as_of, kind="stock")
        for s in symbols
    }


def _built(files: Files, facts: dict):  # type: ignore[no-untyped-def]
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
