"""The quality screen: each verdict follows from the figures by the written rule - checked on
synthetic figures, on random ones against a restatement of the rule, and on the real
fixtures with the figures an independent reading of them gives."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.financials import Figure, Financials
from planner.core.quality import QualitySettings, screen
from planner.core.quality_report import screen_symbols, verdict_dict, wall_exposure
from planner.market.secfacts import read_companyfacts
from tests.market.secfacts_oracle import LPA, MRVL, SNOW, balance, load, twelve_months

TODAY = date(2026, 11, 30)
END = date(2026, 9, 30)
FILED = date(2026, 11, 5)
M = "LongTermDebtMaturitiesRepaymentsOfPrincipal"


def fig(value: float, tag: str = "Synthetic", end: date = END, form: str = "10-Q") -> Figure:
    return Figure(value, (tag,), end, FILED, form, "0000000000-26-000001", "synthetic")


def fin(
    *,
    debt: float | None = 500.0,
    cash: float | None = 50.0,
    oi: float | None = 40.0,
    interest: float | None = 30.0,
    da: float | None = 10.0,
    m12: float | None = 100.0,
    y2: float | None = 100.0,
    rem: float | None = None,
    current: float | None = None,
) -> Financials:
    """SYNTHETIC figures (dollars), not a company's."""

    def f(x: float | None) -> Figure | None:
        return None if x is None else fig(x)

    return Financials(
        cik="0000000001",
        entity="SYNTHETIC",
        source="synthetic",
        fetched=None,
        period_end=END,
        total_debt=f(debt),
        current_debt=f(current),
        cash=f(cash),
        operating_income=f(oi),
        interest_expense=f(interest),
        depreciation_amortization=f(da),
        maturities_12m=f(m12),
        maturities_year_two=f(y2),
        maturities_remainder_of_year=f(rem),
    )


def test_a_wall_beyond_resources_with_thin_coverage_is_a_refinancing_risk() -> None:
    f = fin()
    v = screen(f, "SYN", today=TODAY)
    wall, resources = 100.0 + 100.0, 50.0 + 40.0
    assert v.status == "refinancing_risk" and v.acts
    assert v.wall_usd == wall and v.resources_usd == resources and v.wall_exceeds_resources
    assert v.interest_coverage == pytest.approx(40.0 / 30.0) and v.thin_coverage
    assert v.net_debt_to_ebitda == pytest.approx((500.0 - 50.0) / (40.0 + 10.0))
    assert v.filed == FILED and v.form == "10-Q" and not v.stale
    for words in ("$200", "$90", "1.33×", "2.0×", "24 months", "Rule:"):
        assert words in v.rule


def test_each_condition_alone_is_not_enough() -> None:
    # coverage fine (interest small): the wall alone does not flag
    v = screen(fin(interest=5.0), "SYN", today=TODAY)
    assert v.status == "sound" and v.wall_exceeds_resources and not v.thin_coverage
    # wall within resources (lots of cash): thin coverage alone does not flag
    v = screen(fin(cash=1000.0), "SYN", today=TODAY)
    assert v.status == "sound" and v.thin_coverage and not v.wall_exceeds_resources


def test_coverage_at_the_threshold_is_not_thin() -> None:
    s = QualitySettings(thin_coverage_below=2.0)
    assert not screen(fin(oi=60.0, interest=30.0, cash=0.0), "S", s).thin_coverage
    assert screen(fin(oi=59.9, interest=30.0, cash=0.0), "S", s).status == "refinancing_risk"


def test_thresholds_are_settings() -> None:
    f = fin(oi=40.0, interest=30.0)
    assert screen(f, "S", QualitySettings(thin_coverage_below=1.0)).status == "sound"
    assert screen(f, "S", QualitySettings(high_leverage_above=100.0)).high_leverage is False
    with pytest.raises(ValueError):
        QualitySettings(thin_coverage_below=float("nan"))


def test_a_loss_alone_is_shown_not_acted_on() -> None:
    v = screen(fin(oi=-300.0, cash=5000.0, debt=0.0, m12=None, y2=None, interest=None), "BIO")
    assert v.status == "unprofitable" and not v.acts
    assert v.wall_usd == 0.0 and v.resources_usd == 5000.0
    assert "not a reason to sell" in v.rule and "$300" in v.rule


def test_a_loss_with_a_wall_is_a_risk() -> None:
    v = screen(fin(oi=-30.0, cash=10.0), "SYN")
    assert v.status == "refinancing_risk" and v.interest_coverage == pytest.approx(-1.0)
    assert v.resources_usd == 10.0  # a loss adds nothing to the resources


def test_no_filings_or_no_operating_income_is_unknown() -> None:
    assert screen(None, "ABC").status == "unknown"
    assert "no SEC CIK" in screen(None, "ABC").rule
    assert "refresh-financials ABC" in screen(None, "ABC", cik="0000000002").rule
    v = screen(fin(oi=None), "BANK")
    assert v.status == "unknown" and v.financials is not None and "no operating income" in v.rule


def test_the_wall_without_a_schedule() -> None:
    # the current portion of debt stands in for twelve months, and says so
    v = screen(fin(m12=None, y2=None, current=300.0), "S")
    assert v.wall_usd == 300.0 and v.status == "refinancing_risk"
    assert any("current portion" in n for n in v.notes)
    # debt without any maturity information: not measurable, so never a risk
    v = screen(fin(m12=None, y2=None, current=None), "S")
    assert v.wall_usd is None and v.wall_exceeds_resources is None and v.status == "sound"
    # a 10-Q schedule by fiscal year: remainder of the year counts too
    v = screen(fin(rem=25.0), "S")
    assert v.wall_usd == 225.0 and any("fiscal year" in n for n in v.notes)


def test_stale_filings_are_marked() -> None:
    s = QualitySettings(stale_after_days=30)
    assert screen(fin(), "S", s, today=FILED.replace(year=2027)).stale
    assert not screen(fin(), "S", s, today=FILED).stale


@settings(max_examples=300, deadline=None)
@given(
    debt=st.floats(0, 1e10),
    cash=st.one_of(st.none(), st.floats(0, 1e10)),
    oi=st.one_of(st.none(), st.floats(-1e9, 1e9)),
    interest=st.one_of(st.none(), st.floats(0, 1e9)),
    m12=st.one_of(st.none(), st.floats(0, 1e10)),
    y2=st.one_of(st.none(), st.floats(0, 1e10)),
    thin=st.floats(0.5, 5),
)
def test_the_status_is_the_rule_restated(
    debt: float,
    cash: float | None,
    oi: float | None,
    interest: float | None,
    m12: float | None,
    y2: float | None,
    thin: float,
) -> None:
    v = screen(
        fin(debt=debt, cash=cash, oi=oi, interest=interest, m12=m12, y2=y2),
        "R",
        QualitySettings(thin_coverage_below=thin),
    )
    if oi is None:
        assert v.status == "unknown"
        return
    wall = None if m12 is None and debt else (m12 or 0.0) + (y2 or 0.0 if m12 is not None else 0.0)
    resources = None if cash is None else cash + max(0.0, oi)
    beyond = bool(wall and resources is not None and wall > resources)
    thin_cov = interest is not None and interest > 0 and oi / interest < thin
    expected = "refinancing_risk" if beyond and thin_cov else "unprofitable" if oi < 0 else "sound"
    assert v.status == expected
    json.dumps(verdict_dict(v), allow_nan=False)


def _expected(
    doc: dict[str, object], *, cash: str, oi: str, interest: str, wall: list[str]
) -> tuple[str, float, float]:
    """(status, wall, resources) by the rule, from an independent reading of a fixture."""
    o = twelve_months(doc, oi)[0]  # type: ignore[arg-type]
    i = twelve_months(doc, interest)[0]  # type: ignore[arg-type]
    c = balance(doc, cash)[0]  # type: ignore[arg-type]
    w = sum(balance(doc, t)[0] for t in wall)  # type: ignore[arg-type]
    r = c + max(0.0, o)
    status = "refinancing_risk" if w > r and o / i < 2.0 else "unprofitable" if o < 0 else "sound"
    return status, w, r


def test_real_fixtures_get_the_verdict_their_figures_imply() -> None:
    # Marvell: its 10-Q schedule by fiscal year (remainder, next year, year two)
    doc = load(MRVL)
    status, wall, resources = _expected(
        doc,
        cash="CashAndCashEquivalentsAtCarryingValue",
        oi="OperatingIncomeLoss",
        interest="InterestExpenseNonoperating",
        wall=[f"{M}RemainderOfFiscalYear", f"{M}InNextTwelveMonths", f"{M}InYearTwo"],
    )
    v = screen(read_companyfacts(MRVL), "MRVL", today=TODAY)
    assert (v.status, v.wall_usd, v.resources_usd) == (status, wall, pytest.approx(resources))
    # LPA: IFRS, no schedule - the current portion of borrowings is the wall
    doc = load(LPA)
    status, wall, resources = _expected(
        doc,
        cash="CashAndCashEquivalents",
        oi="ProfitLossFromOperatingActivities",
        interest="InterestExpense",
        wall=["CurrentPortionOfLongtermBorrowings"],
    )
    v = screen(read_companyfacts(LPA), "LPA", today=TODAY)
    assert (v.status, v.wall_usd, v.resources_usd) == (status, wall, pytest.approx(resources))
    assert v.stale  # a 20-F filed 2025-04-02 is more than 16 months old on 2026-11-30
    # Snowflake: an operating loss, convertible notes with no schedule: unprofitable, shown
    doc = load(SNOW)
    o = twelve_months(doc, "OperatingIncomeLoss")[0]
    v = screen(read_companyfacts(SNOW), "SNOW", today=TODAY)
    assert o < 0 and v.status == "unprofitable" and not v.acts and v.wall_usd is None
    assert v.interest_coverage == pytest.approx(
        o / twelve_months(doc, "InterestExpenseNonoperating")[0]
    )


def test_screen_symbols_joins_through_the_universe_ciks() -> None:
    store = {"0000000001": fin()}
    ciks = {"BRK.B": "0000000001", "NOFIL": "0000000009"}
    out = screen_symbols(["BRK/B", "NOFIL", "NOCIK"], ciks, store, today=TODAY)
    assert out["BRK/B"].status == "refinancing_risk" and out["BRK/B"].cik == "0000000001"
    assert out["NOFIL"].status == "unknown" and "0000000009" in out["NOFIL"].rule
    assert out["NOCIK"].status == "unknown" and "no SEC CIK" in out["NOCIK"].rule


def test_value_at_risk_by_the_wall() -> None:
    verdicts = {
        "RISK": screen(fin(), "RISK"),
        "BIO": screen(fin(oi=-10.0, cash=1e6, m12=None, y2=None, interest=None), "BIO"),
        "OK": screen(fin(cash=1e6), "OK"),
        "WALL": screen(fin(interest=1.0), "WALL"),  # wall beyond resources, coverage fine
    }
    positions = [
        ("RISK", 1000.0),
        ("BIO", 300.0),
        ("RISK", 500.0),
        ("OK", 200.0),
        ("WALL", 70.0),
        ("ZZZ", 30.0),
    ]
    x = wall_exposure(positions, verdicts)
    assert x.at_risk_usd == 1500.0
    assert x.wall_exceeds_usd == 1500.0 + 70.0
    assert x.unprofitable_usd == 300.0 and x.sound_usd == 270.0 and x.unknown_usd == 30.0
    assert x.total_usd == sum(d for _, d in positions)
    assert [n.symbol for n in x.names] == ["BIO", "OK", "RISK", "WALL", "ZZZ"]
    doc = x.as_dict()
    json.dumps(doc, allow_nan=False)
    assert doc["at_risk_usd"] == 1500.0
