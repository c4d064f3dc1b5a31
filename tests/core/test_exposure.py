"""Exposure: look-through arithmetic, per-account and equity-only views, concentration,
small-cap quality, unknowns, planner facts, and (hypothesis) cents that always add up."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.classify import Reference
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
        status,
        f"{status}: rule text",
        None,
        None,
        None,
        None,
        None,
        None,  # type: ignore[arg-type]
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
