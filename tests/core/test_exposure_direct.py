"""Direct tests of :func:`planner.core.exposure.compute_exposure`'s figures the other exposure
files leave open: the fund view and dollars by source it reports, ties among the largest
names, the small-cap names at risk (largest first, to the cent, stocks only, their small part)
and the shares of a household worth cents."""

from __future__ import annotations

import pytest

from planner.core.classify import Overrides, Reference, SecurityOverride
from planner.core.exposure import compute_exposure
from tests.core.test_classify import make_ref, stock
from tests.core.test_exposure import _verdict, household


def _ref() -> Reference:
    """AAPL a mega-cap, ZOMB and GOOD small-caps; IWM a fund 35% small and 5% micro; HALF
    half small-cap by hand; FXAIX a fund of mega, large and mid."""
    securities = {
        "AAPL": stock("AAPL", 3.8e12),
        "NVDA": stock("NVDA", 4.5e12),
        "ZOMB": stock("ZOMB", 500e6),
        "GOOD": stock("GOOD", 800e6),
    }
    funds = {
        "IWM": {"mid": 0.6, "small": 0.35, "micro": 0.05},
        "FXAIX": {"mega": 0.6, "large": 0.39, "mid": 0.01},
    }
    over = Overrides({"HALF": SecurityOverride({"small": 0.5, "large": 0.5})})
    return make_ref(securities, funds, overrides=over)


def test_the_exposure_reports_its_fund_view_and_dollars_by_source_to_the_cent() -> None:
    h = household([("A", "AAPL", "equity", 100.254), ("A", "FXAIX", "etf", 50.5)])
    e = compute_exposure(h, _ref().with_buckets("dollars", "index"))
    assert e.fund_view == "index"
    # AAPL placed by the master: 100.254 to the cent (not 100 nor 100.254); FXAIX by its fund
    assert e.by_source == {
        "override": 0.0,
        "master": 100.25,
        "fund": 50.5,
        "guessed": 0.0,
        "unknown": 0.0,
    }


def test_the_largest_of_names_worth_the_same_is_the_first_by_symbol() -> None:
    h = household([("A", "NVDA", "equity", 100.0), ("A", "AAPL", "equity", 100.0)])
    c = compute_exposure(h, _ref()).concentration
    assert c.largest_symbol == "AAPL"
    assert [s for s, _ in c.top10] == ["AAPL", "NVDA"]


def test_small_caps_at_risk_are_stocks_largest_first_to_the_cent_at_their_small_part() -> None:
    """ZOMB 300 and GOOD 100.004 flagged: ZOMB first though GOOD comes first by symbol; GOOD
    at 100.00 and 400.00 at risk in all (not 100.004, 400.004). IWM, a fund, is not a name even
    with a verdict; AAPL, a mega-cap stock, has no small part; HALF, half small, counts 100 of
    its 200 on the wall."""
    h = household(
        [
            ("A", "GOOD", "equity", 100.004),
            ("A", "ZOMB", "equity", 300.0),
            ("A", "IWM", "etf", 1000.0),
            ("A", "AAPL", "equity", 500.0),
            ("A", "HALF", "equity", 200.0),
        ]
    )
    verdicts = {s: _verdict(s, "refinancing_risk") for s in ("GOOD", "ZOMB", "IWM", "AAPL")}
    q = compute_exposure(h, _ref(), verdicts).small_cap_quality
    why = "refinancing_risk: rule text"
    assert q.names == (("ZOMB", 300.0, why), ("GOOD", 100.0, why))
    assert q.low_quality_value == 400.0
    assert q.wall is not None
    held = {n.symbol: n.market_value for n in q.wall.names}
    assert held == {"GOOD": pytest.approx(100.004), "HALF": 100.0, "ZOMB": 300.0}


def test_a_household_worth_cents_still_has_its_shares() -> None:
    """50 cents of ZOMB (flagged) and 25 cents of AAPL: all its small-caps are at risk, and it
    holds twice as much small as mega."""
    h = household([("A", "ZOMB", "equity", 0.5), ("A", "AAPL", "equity", 0.25)])
    e = compute_exposure(h, _ref(), {"ZOMB": _verdict("ZOMB", "refinancing_risk")})
    assert e.small_cap_quality.low_quality_share == 1.0
    assert e.small_vs_mega == 2.0
