"""What the plan cannot measure it counts and never trades: a fund whose US stocks are sized by
a coarse category or its name (AFLG, FinanceDatabase's "Large Cap"), a leveraged fund (SOXL,
TQQQ: its value is a fraction of its exposure), an inverse fund (TWM: short the Russell 2000,
so in no size bucket). A fund placed by hand like a fund of its kind (SCHD like the S&P 500)
is traded, and its trades call its shares estimates; a user's bucket for any of them makes it
tradeable."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest

from planner.core.classify import Overrides, Reference, SecurityOverride, classify
from planner.core.geared import geared
from planner.core.plan_model import UNMEASURED
from planner.core.policy import BUCKETS, Policy, Trading
from planner.market.securities import load_reference
from planner.workflow import import_household, plan_household
from tests.conftest import SAMPLES
from tests.core.test_exposure import household

ETRADE = SAMPLES / "etrade" / "positions-2026.csv"


@cache
def bundled() -> Reference:
    return load_reference()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ProShares UltraShort Russell2000", "inverse"),
        ("PROSHARES ULTRAPRO SHORT QQQ", "inverse"),
        ("ProShares Short S&P500", "inverse"),
        ("Direxion Daily Small Cap Bear 3X Shares", "inverse"),
        ("ProShares UltraShort 20+ Year Treasury", "inverse"),
        ("Direxion Daily Semiconductor Bull 3X Shares", "leveraged"),
        ("ProShares UltraPro QQQ", "leveraged"),
        ("ProShares Ultra S&P500", "leveraged"),
        ("DIREXION DAILY S&P 500 BULL 2X", "leveraged"),
        ("GraniteShares 1.5x Long NVDA Daily", "leveraged"),
        # bond funds of short maturity and long/short funds are neither
        ("JPMorgan Ultra-Short Income ETF", ""),
        ("iShares Ultra Short Duration Bond Active ETF", ""),
        ("Vanguard Short-Term Treasury Index Fund", ""),
        ("PIMCO Enhanced Short Maturity Active ETF", ""),
        ("Calamos Long/Short Equity & Dynamic Income Trust", ""),
        ("Vanguard Mega Cap ETF", ""),
    ],
)
def test_what_a_fund_name_says_of_its_gearing(name: str, kind: str) -> None:
    assert geared(name) == kind


def test_an_inverse_fund_is_in_no_size_bucket_and_a_leveraged_one_in_its_index() -> None:
    ref = bundled()
    twm = classify("TWM", "", "etf", ref)
    assert twm.geared == "inverse" and dict(twm.mix) == {"other": 1.0}
    fund = ref.fund("TWM")
    assert fund is not None and fund.segment == "small"  # the table alone would say small-caps
    tqqq = classify("TQQQ", "", "etf", ref)
    tqqq_fund = ref.fund("TQQQ")
    assert tqqq_fund is not None
    placed = ref.placement(tqqq_fund)
    assert placed is not None
    assert tqqq.geared == "leveraged" and tqqq.source == "fund"
    assert dict(tqqq.mix) == pytest.approx(placed.mix)  # sized as its index, at its value
    assert tqqq.note.startswith("a leveraged fund (") and placed.note in tqqq.note
    # a stock is never read as a fund by its name
    assert classify("AAPL", "", "equity", ref).geared == ""


def test_the_users_bucket_wins_over_the_gearing() -> None:
    ref = bundled()
    over = replace(ref, overrides=Overrides({"TWM": SecurityOverride({"small": 1.0}, "hedge")}))
    got = classify("TWM", "", "etf", over)
    assert got.source == "override" and got.geared == "" and dict(got.mix) == {"small": 1.0}


HELD = {
    "AFLG": 20_000.0,
    "SOXL": 5_000.0,
    "TWM": 3_000.0,
    "AFTY": 4_000.0,  # FinanceDatabase's "Large Cap", but a China fund: international, traded
    "SCHD": 30_000.0,
    "VOO": 40_000.0,
}


def _all_bonds() -> Policy:
    """A policy that wants every equity sold for bonds: whatever the plan may sell, it sells."""
    targets = {k: 0.0 for k in BUCKETS}
    targets["bonds"] = 1.0
    trading = Trading(min_trade=0.0, buy_single_stocks=True, max_position=1.0)
    return Policy(targets=targets, vehicles={"bonds": ("BND",)}, trading=trading)


def test_the_plan_counts_what_it_cannot_measure_and_never_trades_it() -> None:
    rows = [("A", s, "etf", v) for s, v in HELD.items()] + [("A", "CASH", "cash", 1_000.0)]
    h = household(rows)
    run = plan_household(h, _all_bonds(), scenarios=False)
    traded = {t.symbol for t in run.plan.trades}
    why = {f.symbol: f.why for f in run.plan.frozen}
    assert why["AFLG"].startswith(UNMEASURED[0]) and "FinanceDatabase" in why["AFLG"]
    assert why["SOXL"].startswith(UNMEASURED[1])  # leveraged, though its placement is a guess too
    assert why["TWM"].startswith(UNMEASURED[2])
    assert not traded & {"AFLG", "SOXL", "TWM"}
    assert {"AFTY", "SCHD", "VOO"} <= traded
    (said,) = [w for w in run.plan.warnings if w.startswith("counted but not traded")]
    held = sum(HELD[s] for s in ("AFLG", "SOXL", "TWM"))
    assert f"(${held:,.0f}, {held / h.total:.1%} of the household)" in said
    assert "AFLG (placed by a guess" in said and "SOXL (a leveraged fund)" in said
    assert "TWM (an inverse fund)" in said
    # a fund placed like a fund of its kind says its shares are estimates; one by holdings not
    sentence = {t.symbol: t.explanation for t in run.plan.trades}
    assert re.search(r", an estimated [\d.]+% of SCHD,", sentence["SCHD"]), sentence["SCHD"]
    assert "estimated" not in sentence["VOO"]
    # counted all the same: the exposure has each at its value in its buckets
    now = {k: r.current for k, r in run.plan.buckets.items()}
    assert now["other"] == pytest.approx(HELD["TWM"] / h.total)


def test_a_vehicle_placed_by_a_guess_is_not_bought() -> None:
    h = household([("A", "CASH", "cash", 50_000.0)])
    targets = {k: 0.0 for k in BUCKETS}
    targets["large"] = 1.0
    policy = Policy(
        targets=targets,
        vehicles={"large": ("AFLG", "IVV")},
        trading=Trading(min_trade=0.0, mode="cash_flow"),
    )
    run = plan_household(h, policy, scenarios=False)
    bought = {t.symbol for t in run.plan.trades if t.side == "buy"}
    assert "AFLG" not in bought and "IVV" in bought
    (said,) = [w for w in run.plan.warnings if w.startswith("AFLG, a vehicle for large-caps")]
    assert "is not bought: placed by a guess" in said


@pytest.mark.samples
@pytest.mark.skipif(not ETRADE.exists(), reason="../shared/samples is not beside the repository")
def test_the_etrade_sample_trades_none_of_its_leveraged_funds() -> None:
    h = import_household([str(ETRADE)])
    run = plan_household(h, _all_bonds(), scenarios=False)
    ref = run.reference
    unmeasured = set()
    for r in h.records():
        c = classify(r.symbol, r.description, r.asset_type, ref)
        if c.geared:
            unmeasured.add(r.symbol)
    assert {"SOXL", "TQQQ"} <= unmeasured
    traded = {t.symbol for t in run.plan.trades}
    assert not unmeasured & traded
    assert "SCHD" in traded  # placed like the S&P 500 by hand: traded, as an estimate
    assert run.plan.trades  # the rest of the file is sold for bonds
