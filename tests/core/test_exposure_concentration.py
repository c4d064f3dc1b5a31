"""Concentration and the unknown list, worked out from the rows written here: which rows are
single names, the top ten of more than ten, ties, and unknowns added up across accounts.
(Written against the mutants that survived the mutation run: README "Mutation testing".)"""

from __future__ import annotations

import pytest

from planner.core.classify import Reference
from planner.core.exposure import compute_exposure
from tests.core.test_classify import make_ref, stock
from tests.core.test_exposure import household

#: Twelve stocks, S01 to S12, worth $100 to $1,200; S12 and S11 tie at the top.
VALUES = {f"S{i:02d}": 100.0 * i for i in range(1, 13)}
VALUES["S11"] = VALUES["S12"]


def _ref() -> Reference:
    stocks = {s: stock(s, 50e9) for s in VALUES}
    return make_ref(
        {**stocks, "NOCAP": stock("NOCAP", None, indexes=frozenset({"sp600"}))},
        {"IVV": {"mega": 0.6, "large": 0.4}, "SPAXX": {"cash": 1.0}},
    )


def test_the_top_ten_of_twelve_names_by_weight_then_symbol() -> None:
    rows = [("A1", s, "equity", v) for s, v in VALUES.items()]
    # a fund, a money-market row and a name placed by its index count in the total; only the
    # last is a single name
    rows += [("A1", "IVV", "etf", 5000.0), ("A1", "SPAXX", "money_market", 700.0)]
    rows += [("A1", "NOCAP", "equity", 50.0)]
    e = compute_exposure(household(rows), _ref())
    total = sum(v for *_, v in rows)
    assert e.total == pytest.approx(total)
    names = {**VALUES, "NOCAP": 50.0}
    ranked = sorted(names, key=lambda s: (-names[s], s))
    c = e.concentration
    assert [s for s, _ in c.top10] == ranked[:10]
    assert [w for _, w in c.top10] == pytest.approx([names[s] / total for s in ranked[:10]])
    assert c.top10_weight == pytest.approx(sum(names[s] for s in ranked[:10]) / total)
    assert c.largest_symbol == "S11"
    assert c.largest_weight == pytest.approx(VALUES["S11"] / total)


def test_a_household_of_funds_has_no_largest_name() -> None:
    e = compute_exposure(household([("A1", "IVV", "etf", 1000.0)]), _ref())
    c = e.concentration
    assert (c.top10, c.largest_symbol, c.largest_weight, c.top10_weight) == ((), None, 0.0, 0.0)


def test_unknowns_add_up_across_accounts_largest_first_then_by_symbol() -> None:
    rows = [
        ("A1", "ZZZ1", "equity", 300.0),
        ("A2", "ZZZ1", "equity", 200.0),
        ("A1", "YYY2", "equity", 500.0),
        ("A2", "XXX3", "equity", -900.0),  # a short: its size counts
        ("A1", "S01", "equity", 100.0),
    ]
    e = compute_exposure(household(rows), _ref())
    assert [(u.symbol, u.market_value, u.account_ids) for u in e.unknown] == [
        ("XXX3", -900.0, ("A2",)),
        ("YYY2", 500.0, ("A1",)),
        ("ZZZ1", 500.0, ("A1", "A2")),
    ]
    assert e.unknown[1].weight == pytest.approx(500.0 / e.total)


def test_only_stocks_held_directly_are_single_names_and_spellings_add_up() -> None:
    """Every row here says "equity", but FXAIX is a fund, SWEEP is set by hand as cash and PFD
    is a preferred in the master: none is a single name. BRK/B and BRK.B are one stock: 350.
    The household is 2,250."""
    from planner.core.classify import Overrides, SecurityOverride

    r = make_ref(
        {
            "BRK.B": stock("BRK.B", 1e12),
            "AAPL": stock("AAPL", 3e12),
            "PFD": stock("PFD", None, asset_type="preferred"),
        },
        {"FXAIX": {"mega": 0.6, "large": 0.4}},
        overrides=Overrides({"SWEEP": SecurityOverride({"cash": 1.0})}),
    )
    rows = [
        ("A1", "FXAIX", "equity", 1000.0),
        ("A1", "SWEEP", "equity", 500.0),
        ("A1", "PFD", "equity", 300.0),
        ("A1", "BRK/B", "equity", 200.0),
        ("A2", "BRK.B", "equity", 150.0),
        ("A2", "AAPL", "equity", 100.0),
    ]
    c = compute_exposure(household(rows), r).concentration
    assert c.top10 == (("BRK.B", 350.0 / 2250.0), ("AAPL", 100.0 / 2250.0))
    assert (c.largest_symbol, c.largest_weight) == ("BRK.B", 350.0 / 2250.0)
    assert c.mag7_weight == 100.0 / 2250.0
