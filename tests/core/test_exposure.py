"""Exposure: look-through arithmetic, per-account and equity-only views, concentration,
small-cap quality, unknowns, planner facts, and (hypothesis) cents that always add up."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.classify import Overrides, Reference, SecurityOverride
from planner.core.exposure import compute_exposure, split_to_cents
from planner.core.facts import security_facts
from planner.core.holdings import Account, Household, SourceFile, normalize_positions
from planner.core.names import names_agree
from planner.core.policy import BUCKETS
from planner.core.quality import QualityVerdict
from tests.core.test_classify import make_ref, stock


def _verdict(symbol: str, status: str) -> QualityVerdict:
    """A verdict as the screen would give it (the figures do not matter here)."""
    return QualityVerdict(
        symbol,
        status,  # type: ignore[arg-type]
        f"{status}: rule text",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        False,
    )


D = date(2026, 1, 8)


def ref() -> Reference:
    securities = {
        "AAPL": stock("AAPL", 3.8e12, price=259.0),
        "NVDA": stock("NVDA", 4.5e12),
        "MID": stock("MID", 5e9, profitable="yes"),
        "ZOMB": stock("ZOMB", 500e6, profitable="no"),
        "TINY": stock("TINY", 100e6, profitable="yes", interest_coverage=1.0),
        "GOOD": stock("GOOD", 800e6, profitable="yes"),
        "MGC": stock("MGC", None, asset_type="etf", price=245.0),
    }
    funds = {
        "FXAIX": {"mega": 0.6, "large": 0.39, "mid": 0.01},
        "IWM": {"mid": 0.6, "small": 0.35, "micro": 0.05},
        "VXUS": {"intl_equity": 1.0},
        "MGC": {"mega": 0.8, "large": 0.2},
        "SPAXX": {"cash": 1.0},
    }
    return make_ref(securities, funds)


def household(rows: list[tuple[str, str, str, float]]) -> Household:
    """rows: (account_id, symbol, asset_type, market_value)"""
    frame = pd.DataFrame(
        {
            "account_id": [r[0] for r in rows],
            "symbol": [r[1] for r in rows],
            "description": ["" for _ in rows],
            "asset_type": [r[2] for r in rows],
            "quantity": [1.0 for _ in rows],
            "price": [r[3] for r in rows],
            "market_value": [r[3] for r in rows],
            "source_file": ["t.csv" for _ in rows],
            "source_line": list(range(2, len(rows) + 2)),
        }
    )
    ids = list(dict.fromkeys(r[0] for r in rows)) or ["A"]
    accounts = tuple(Account(i, f"Acct {i}", "taxable", "t.csv") for i in ids)
    return Household((SourceFile("t.csv", "test", D),), accounts, normalize_positions(frame))


def test_look_through_arithmetic() -> None:
    h = household(
        [
            ("A", "FXAIX", "mutual_fund", 1000.0),
            ("A", "AAPL", "equity", 500.0),
            ("A", "SPAXX", "money_market", 100.0),
            ("B", "IWM", "etf", 250.0),
            ("B", "VXUS", "etf", 150.0),
        ]
    )
    e = compute_exposure(h, ref())
    assert e.total == 2000.0
    values = {b: v.value for b, v in e.buckets.items()}
    assert values == {
        "mega": 1100.0,
        "large": 390.0,
        "mid": 160.0,
        "small": 87.5,
        "micro": 12.5,
        "intl_equity": 150.0,
        "bonds": 0.0,
        "cash": 100.0,
        "other": 0.0,
    }
    assert list(e.buckets) == list(BUCKETS)
    assert e.buckets["mega"].weight == 0.55
    equity = sum(v for b, v in values.items() if b not in ("bonds", "cash", "other"))
    assert math.isclose(e.equity_only["mega"].weight, 1100.0 / equity)
    assert set(e.equity_only) == {"mega", "large", "mid", "small", "micro", "intl_equity"}
    a, b = e.accounts
    assert (a.id, a.total, b.id, b.total) == ("A", 1600.0, "B", 400.0)
    assert b.buckets["small"].value == 87.5 and b.buckets["small"].weight == 87.5 / 400
    assert [p.symbol for p in e.positions] == [r.symbol for r in h.records()]
    assert e.small_vs_mega == 87.5 / 1100.0
    assert e.unknown == () and e.warnings == ()
    assert e.coverage == 1.0 and e.scheme is not None and e.scheme.name == "dollars"


def test_concentration_unknowns_and_small_cap_quality() -> None:
    h = household(
        [
            ("A", "AAPL", "equity", 3000.0),
            ("A", "NVDA", "equity", 2000.0),
            ("B", "AAPL", "equity", 1000.0),
            ("A", "FXAIX", "mutual_fund", 2000.0),
            ("A", "ZOMB", "equity", 300.0),
            ("A", "TINY", "equity", 100.0),
            ("A", "GOOD", "equity", 400.0),
            ("B", "IWM", "etf", 1000.0),
            ("B", "WHAT", "equity", 200.0),
        ]
    )
    verdicts = {
        "ZOMB": _verdict("ZOMB", "refinancing_risk"),
        "TINY": _verdict("TINY", "refinancing_risk"),
        "GOOD": _verdict("GOOD", "unprofitable"),  # shown, never acted on
    }
    e = compute_exposure(h, ref(), verdicts)
    assert e.total == 10000.0
    c = e.concentration
    assert (c.largest_symbol, c.largest_weight) == ("AAPL", 0.4)
    assert c.mag7_weight == 0.6
    assert c.top10[:2] == (("AAPL", 0.4), ("NVDA", 0.2))
    assert math.isclose(c.top10_weight, (4000 + 2000 + 300 + 100 + 400 + 200) / 10000)
    assert [(u.symbol, u.market_value, u.weight, u.account_ids) for u in e.unknown] == [
        ("WHAT", 200.0, 0.02, ("B",))
    ]
    assert e.unknown[0].reason == "not in the security master or the fund table"
    assert e.buckets["other"].value == 200.0
    assert e.unknown_value == 200.0 and math.isclose(e.unknown_weight, 0.02)
    assert math.isclose(e.coverage, 1 - 200 / 10000)
    assert e.by_source is not None and e.by_source["unknown"] == 200.0
    assert math.isclose(sum(e.by_source.values()), e.total)
    assert any("WHAT" in w and "could not be classified" in w for w in e.warnings)
    q = e.small_cap_quality
    # small + micro: ZOMB 300 + TINY 100 + GOOD 400 + IWM 400 (35% + 5% of 1000)
    assert q.exposure == 1200.0
    assert q.low_quality_value == 400.0
    assert math.isclose(q.low_quality_share or 0, 400 / 1200)
    assert {s for s, _, _ in q.names} == {"ZOMB", "TINY"}
    assert q.wall is not None and q.wall.at_risk_usd == 400.0 and q.wall.unprofitable_usd == 400.0


def test_security_facts_for_holdings_and_vehicles() -> None:
    h = household([("A", "AAPL", "equity", 500.0), ("A", "ZOMB", "equity", 10.0)])
    risky = {"ZOMB": _verdict("ZOMB", "refinancing_risk")}
    facts = security_facts(h, ref(), ["MGC", "AAPL", "NOPE"], risky)
    assert set(facts) == {"AAPL", "ZOMB", "MGC", "NOPE"}
    assert facts["AAPL"].mix == {"mega": 1.0}
    assert (facts["AAPL"].price, facts["AAPL"].price_as_of) == (259.0, D)
    assert facts["ZOMB"].low_quality and facts["ZOMB"].quality_note.startswith("refinancing")
    assert facts["AAPL"].kind == "stock" and facts["MGC"].kind == "fund"
    # an unprofitable name (the master says so) is not acted on without the screen's verdict
    assert not security_facts(h, ref())["ZOMB"].low_quality
    assert not security_facts(h, ref(), (), {"ZOMB": _verdict("ZOMB", "unprofitable")})[
        "ZOMB"
    ].low_quality
    assert facts["MGC"].mix.keys() == {"mega", "large"}
    assert math.isclose(facts["MGC"].mix["mega"], 0.8)
    assert facts["MGC"].price == 245.0
    assert facts["NOPE"].mix == {"other": 1.0} and facts["NOPE"].price is None


def test_a_description_that_names_someone_else_is_flagged() -> None:
    assert names_agree("INTL BUSINESS MACHINES CORP", "International Business Machines Corp")
    assert names_agree("MCDONALD S CORP", "McDonald's Corporation")
    assert names_agree("AT&T INC", "AT&T Inc.")
    assert names_agree("JPMORGAN CHASE &CO. COM", "JP Morgan Chase & Co.")
    assert names_agree("", "Block Inc. Class A")  # nothing to compare
    assert not names_agree("SAMPLE INC", "Block Inc. Class A")
    rows = [("A", "AAPL", "equity", 100.0)]
    frame_household = household(rows)
    frame = frame_household.positions.copy()
    frame["description"] = ["SAMPLE INC"]
    h = Household(frame_household.files, frame_household.accounts, frame)
    e = compute_exposure(h, ref())
    assert any("AAPL (file: 'SAMPLE INC', master: 'AAPL Inc')" in w for w in e.warnings)
    # the exposure, the holdings and the plan agree: not placed anywhere, nor traded
    [placed] = e.positions
    assert placed.classification.source == "unknown" and dict(placed.classification.mix) == {
        "other": 1.0
    }
    assert e.buckets["other"].value == h.total and e.buckets["mega"].value == 0
    facts = security_facts(h, ref())
    assert (
        facts["AAPL"].source == "unknown" and "may have been reused" in facts["AAPL"].unknown_reason
    )


def test_empty_household() -> None:
    e = compute_exposure(household([]), ref())
    assert e.total == 0.0
    assert all(v.value == 0 and v.weight == 0 for v in e.buckets.values())
    assert e.concentration.largest_symbol is None and e.small_vs_mega is None


@pytest.mark.parametrize(
    ("values", "total", "cents"),
    [
        # 0 + 0 + 99 cents, 100 in all: the cent left over goes to c, the largest
        ({"a": 0.004, "b": 0.004, "c": 0.992}, 1.0, {"a": 0.0, "b": 0.0, "c": 1.0}),
        # 0 - 100 + 0 cents, -99 in all: to b, the largest in size (a short)
        ({"a": 0.004, "b": -0.996, "c": 0.004}, -0.988, {"a": 0.0, "b": -0.99, "c": 0.0}),
        # a bucket without a value is worth nothing and takes no cent
        ({"a": 0.004, "c": 0.992}, 1.0, {"a": 0.0, "b": 0.0, "c": 1.0}),
        ({"c": 2.5}, 2.5, {"a": 0.0, "b": 0.0, "c": 2.5}),
    ],
)
def test_split_to_cents_gives_the_cent_left_over_to_the_largest_wherever_it_stands(
    values: dict[str, float], total: float, cents: dict[str, float]
) -> None:
    out = split_to_cents(values, total, ("a", "b", "c"))
    assert {k: v.value for k, v in out.items()} == cents


def test_split_to_cents_puts_the_remainder_in_the_largest_bucket() -> None:
    out = split_to_cents({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, 1.0, ("a", "b", "c"))
    assert sum(round(v.value * 100) for v in out.values()) == 100
    assert out["a"].value == 0.34


SYMBOLS = [
    "AAPL",
    "NVDA",
    "MID",
    "ZOMB",
    "TINY",
    "GOOD",
    "FXAIX",
    "IWM",
    "VXUS",
    "MGC",
    "SPAXX",
    "UNKNOWN1",
    "912797HP5",
]
rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C"]),
        st.sampled_from(SYMBOLS),
        st.sampled_from(["equity", "etf", "mutual_fund", "money_market", "bond"]),
        st.integers(min_value=-5_000_000, max_value=2_000_000_000).map(lambda c: c / 100),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(rows_strategy)
def test_buckets_always_add_up_to_the_total_to_the_cent(
    rows: list[tuple[str, str, str, float]],
) -> None:
    h = household(rows)
    e = compute_exposure(h, ref())
    total_cents = round(sum(r[3] for r in rows) * 100)
    assert round(e.total * 100) == total_cents
    assert sum(round(v.value * 100) for v in e.buckets.values()) == total_cents
    for v in e.buckets.values():
        assert abs(v.value * 100 - round(v.value * 100)) < 1e-6  # whole cents
    if total_cents:
        assert math.isclose(sum(v.weight for v in e.buckets.values()), 1.0, abs_tol=1e-9)
    equity_cents = sum(round(e.buckets[b].value * 100) for b in e.equity_only)
    assert sum(round(v.value * 100) for v in e.equity_only.values()) == equity_cents
    if equity_cents:
        assert math.isclose(sum(v.weight for v in e.equity_only.values()), 1.0, abs_tol=1e-9)
    for a in e.accounts:
        a_cents = sum(round(r[3] * 100) for r in rows if r[0] == a.id)
        assert sum(round(v.value * 100) for v in a.buckets.values()) == a_cents
    assert len(e.positions) == len(rows)


def _described_household(
    rows: list[tuple[str, str, str, str, float]], accounts: tuple[Account, ...]
) -> Household:
    """rows: (account_id, symbol, description, asset_type, market_value)"""
    frame = pd.DataFrame(
        {
            "account_id": [r[0] for r in rows],
            "symbol": [r[1] for r in rows],
            "description": [r[2] for r in rows],
            "asset_type": [r[3] for r in rows],
            "quantity": [1.0 for _ in rows],
            "price": [r[4] for r in rows],
            "market_value": [r[4] for r in rows],
            "source_file": ["t.csv" for _ in rows],
            "source_line": list(range(2, len(rows) + 2)),
        }
    )
    return Household((SourceFile("t.csv", "test", D),), accounts, normalize_positions(frame))


def test_the_warnings_say_what_was_not_placed_what_was_guessed_and_what_is_stale() -> None:
    """The holdings are of 2026-01-08: a cap of 401 days before is stale, of 400 days not."""
    securities = {
        "AAPL": stock("AAPL", 3.8e12),
        "NVDA": stock("NVDA", 4.5e12),
        "OLD": stock("OLD", 5e9, market_cap_as_of=date(2024, 12, 3)),  # 401 days before
        "EDGE": stock("EDGE", 5e9, market_cap_as_of=date(2024, 12, 4)),  # 400 days before
        "OLDER": stock("OLDER", 5e9, market_cap_as_of=date(2023, 6, 30)),
    }
    accounts = (
        Account("A", "Joint brokerage", "taxable", "t.csv"),
        Account("B", "Roth IRA", "tax_free", "t.csv"),
    )
    rows = [
        ("A", "AAPL", "SAMPLE INC", "equity", 1000.0),  # the file names another company
        ("A", "WHAT", "", "equity", 250.0),
        ("B", "WHAT", "", "equity", 50.0),
        ("B", "NOPE", "", "equity", 100.0),
        ("B", "AAPL", "SAMPLE INC", "equity", 900.0),
        ("B", "NVDA", "OTHER CORP", "equity", 100.0),
        ("A", "XSC1", "Some Small-Cap Index Fund", "mutual_fund", 200.0),
        ("B", "XSC0", "Other Small-Cap Index Fund", "mutual_fund", 200.0),
        ("B", "OLDER", "", "equity", 100.0),
        ("A", "OLD", "", "equity", 300.0),
        ("A", "EDGE", "", "equity", 100.0),
    ]
    e = compute_exposure(_described_household(rows, accounts), make_ref(securities, {}))
    assert e.total == 3300.0
    # unknowns: AAPL 1,900, WHAT 300, NOPE 100 and NVDA 100 (a tie: by symbol) = 2,400: 72.7%
    assert e.warnings == (
        "4 holding(s) worth $2,400.00 (72.7% of the household) could not be classified "
        "(source 'unknown', shown as 'other'): AAPL, WHAT, NOPE, NVDA",
        "the file's description does not match the security master's name, so the holding is "
        "left unclassified and never traded; check the symbol (it may have been reused): "
        "AAPL (file: 'SAMPLE INC', master: 'AAPL Inc'); "
        "NVDA (file: 'OTHER CORP', master: 'NVDA Inc')",
        "placed by a guess (the fund's category or the file's description), not by holdings "
        "or market data: XSC0, XSC1",
        "classification data older than 400 days before the holdings' date (2026-01-08): "
        "OLD, OLDER",
    )
    assert [(u.symbol, u.market_value, u.description, u.account_ids) for u in e.unknown] == [
        ("AAPL", 1900.0, "SAMPLE INC", ("A", "B")),
        ("WHAT", 300.0, "", ("A", "B")),
        ("NOPE", 100.0, "", ("B",)),
        ("NVDA", 100.0, "OTHER CORP", ("B",)),
    ]
    assert [(a.id, a.name, a.type, a.total) for a in e.accounts] == [
        ("A", "Joint brokerage", "taxable", 1850.0),
        ("B", "Roth IRA", "tax_free", 1450.0),
    ]


def test_unknowns_of_a_household_worth_nothing_in_all_give_no_share() -> None:
    h = household([("A", "WHAT", "equity", 100.0), ("A", "NOPE", "equity", -100.0)])
    e = compute_exposure(h, ref())
    assert e.warnings == (
        "2 holding(s) worth $0.00 could not be classified (source 'unknown', shown as "
        "'other'): NOPE, WHAT",
    )
    assert [(u.symbol, u.weight) for u in e.unknown] == [("NOPE", 0.0), ("WHAT", 0.0)]


def test_small_caps_at_risk_held_in_part_count_their_small_part_across_accounts() -> None:
    """HALF is half small-cap (set by hand), 1,000.02 held: 500.01 at risk; ZOMB, wholly
    small, 300 + 200 in two accounts: 500. Largest first, to the cent."""
    over = Overrides({"HALF": SecurityOverride({"small": 0.5, "large": 0.5})})
    securities = {"ZOMB": stock("ZOMB", 500e6), "GOOD": stock("GOOD", 800e6)}
    r = make_ref(securities, {}, overrides=over)
    h = household(
        [
            ("A", "ZOMB", "equity", 300.0),
            ("A", "HALF", "equity", 1000.02),
            ("B", "ZOMB", "equity", 200.0),
            ("B", "GOOD", "equity", 499.98),
        ]
    )
    verdicts = {
        "ZOMB": _verdict("ZOMB", "refinancing_risk"),
        "HALF": _verdict("HALF", "refinancing_risk"),
    }
    q = compute_exposure(h, r, verdicts).small_cap_quality
    assert q.exposure == 1499.99  # HALF 500.01 + ZOMB 500 + GOOD 499.98, to the cent
    assert q.low_quality_value == 1000.01
    assert q.low_quality_share == pytest.approx(1000.01 / 1499.99)
    assert q.names == (
        ("HALF", 500.01, "refinancing_risk: rule text"),
        ("ZOMB", 500.0, "refinancing_risk: rule text"),
    )


def test_the_totals_are_to_the_cent_like_the_buckets() -> None:
    """A value worked out from shares x price can carry a fraction of a cent: 100.004, 50.50
    and an unknown 20.504 make 171.01 (not 171.008, nor 171), the same as the buckets add up
    to; the unknown is worth 20.50."""
    h = household(
        [
            ("A", "AAPL", "equity", 100.004),
            ("B", "NVDA", "equity", 50.5),
            ("A", "WHAT", "equity", 20.504),
        ]
    )
    e = compute_exposure(h, ref())
    assert e.total == 171.01
    assert sum(v.value for v in e.buckets.values()) == pytest.approx(171.01, abs=1e-9)
    assert [a.total for a in e.accounts] == [120.51, 50.5]
    assert [(u.symbol, u.market_value) for u in e.unknown] == [("WHAT", 20.5)]


def test_holdings_from_undated_files_are_never_called_stale() -> None:
    """A file that states no date gives no holdings' date to measure a classification by."""
    dated = household([("A", "AAPL", "equity", 100.0)])
    undated = Household((SourceFile("t.csv", "test", None),), dated.accounts, dated.positions)
    r = make_ref({"AAPL": stock("AAPL", 3.8e12, market_cap_as_of=date(2020, 1, 2))}, {})
    assert compute_exposure(undated, r).warnings == ()
    assert compute_exposure(dated, r).warnings == (
        "classification data older than 400 days before the holdings' date (2026-01-08): AAPL",
    )


def test_each_account_has_its_own_equity_only_view() -> None:
    """Account A: 500 of AAPL (mega) and 100 of cash; B: 150 of VXUS (international). Each
    account's equity-only view is of its own equity, cash left out."""
    h = household(
        [
            ("A", "AAPL", "equity", 500.0),
            ("A", "SPAXX", "money_market", 100.0),
            ("B", "VXUS", "etf", 150.0),
        ]
    )
    a, b = compute_exposure(h, ref()).accounts
    assert {k: (v.value, v.weight) for k, v in a.equity_only.items() if v.value} == {
        "mega": (500.0, 1.0)
    }
    assert {k: (v.value, v.weight) for k, v in b.equity_only.items() if v.value} == {
        "intl_equity": (150.0, 1.0)
    }
    assert list(a.equity_only) == ["mega", "large", "mid", "small", "micro", "intl_equity"]
