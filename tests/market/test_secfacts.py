"""The company-facts reader: every figure matches the fixture's own value for its latest
10-K/10-Q/20-F, as an independent reading by filing (``secfacts_oracle``) finds it; bad
input names the file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.core.errors import InputError
from planner.core.financials import Financials
from planner.market.secfacts import extract_financials, parse_companyfacts, read_companyfacts
from planner.market.sectrim import trim_companyfacts, used_tags
from tests.market.secfacts_oracle import (
    LPA,
    MRVL,
    SNOW,
    balance,
    latest_filing,
    load,
    rows,
    twelve_months,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference" / "sec-companyfacts"
M = "LongTermDebtMaturitiesRepaymentsOfPrincipal"


def _check_balance(fig: Any, doc: dict[str, Any], tags: list[str]) -> None:
    """``fig`` is the sum of ``tags`` in the latest filing's balance-sheet column."""
    parts = [balance(doc, t) for t in tags]
    assert fig is not None
    assert fig.value == pytest.approx(sum(v for v, _ in parts), abs=0.5)
    assert {end for _, end in parts} == {fig.end.isoformat()}
    assert fig.tags == tuple(tags)
    newest = max((latest_filing(doc, t) for t in tags), key=lambda f: f.filed)
    assert (fig.filed.isoformat(), fig.form) == (newest.filed, newest.form)


def _check_flow(fig: Any, doc: dict[str, Any], tag: str) -> None:
    value, end, filing = twelve_months(doc, tag)
    assert fig is not None and fig.tags == (tag,)
    assert fig.value == pytest.approx(value, abs=0.5)
    assert fig.end.isoformat() == end
    assert (fig.filed.isoformat(), fig.form, fig.accn) == (filing.filed, filing.form, filing.accn)


def test_snowflake_latest_10q() -> None:
    doc, fin = load(SNOW), read_companyfacts(SNOW)
    assert fin.cik == "0001640147" and fin.entity == "SNOWFLAKE INC."
    latest = latest_filing(doc, "OperatingIncomeLoss")
    assert latest.form == "10-Q" and fin.filed == date.fromisoformat(latest.filed)
    _check_balance(fin.cash, doc, ["CashAndCashEquivalentsAtCarryingValue"])
    # only convertible notes, tagged non-current; no current debt, no maturity schedule
    _check_balance(fin.total_debt, doc, ["ConvertibleDebtNoncurrent"])
    assert fin.current_debt is None and fin.maturities_12m is None
    _check_flow(fin.operating_income, doc, "OperatingIncomeLoss")
    _check_flow(fin.interest_expense, doc, "InterestExpenseNonoperating")
    _check_flow(fin.depreciation_amortization, doc, "DepreciationDepletionAndAmortization")
    assert fin.period_end == fin.cash.end if fin.cash else False
    assert "fiscal year to" in fin.operating_income.method if fin.operating_income else False


def test_marvell_schedule_debt_and_a_tag_switch() -> None:
    doc, fin = load(MRVL), read_companyfacts(MRVL)
    _check_balance(fin.cash, doc, ["CashAndCashEquivalentsAtCarryingValue"])
    _check_balance(fin.total_debt, doc, ["LongTermDebt", "ShortTermBorrowings"])
    _check_balance(fin.current_debt, doc, ["LongTermDebtCurrent", "ShortTermBorrowings"])
    _check_balance(fin.maturities_12m, doc, [f"{M}InNextTwelveMonths"])
    _check_balance(fin.maturities_year_two, doc, [f"{M}InYearTwo"])
    _check_balance(fin.maturities_remainder_of_year, doc, [f"{M}RemainderOfFiscalYear"])
    _check_flow(fin.operating_income, doc, "OperatingIncomeLoss")
    # InterestExpense stopped in 2024; the newer tag carries the latest periods
    assert max(r["end"] for r in rows(doc, "InterestExpense")) < "2025-01-01"
    _check_flow(fin.interest_expense, doc, "InterestExpenseNonoperating")
    # depreciation and amortisation of intangibles are two lines in its cash-flow statement
    da = fin.depreciation_amortization
    dep, dep_end, _ = twelve_months(doc, "OtherDepreciationAndAmortization")
    amort, amort_end, _ = twelve_months(doc, "AmortizationOfIntangibleAssets")
    assert da is not None and da.value == pytest.approx(dep + amort, abs=0.5)
    assert da.tags == ("OtherDepreciationAndAmortization", "AmortizationOfIntangibleAssets")
    assert da.end.isoformat() == dep_end == amort_end


def test_lpa_an_ifrs_20f_filer() -> None:
    doc, fin = load(LPA), read_companyfacts(LPA)
    assert fin.cik == "0001997711"
    assert latest_filing(doc, "Borrowings").form == "20-F"
    _check_balance(fin.total_debt, doc, ["Borrowings"])
    _check_balance(fin.current_debt, doc, ["CurrentPortionOfLongtermBorrowings"])
    _check_balance(fin.cash, doc, ["CashAndCashEquivalents"])
    _check_flow(fin.operating_income, doc, "ProfitLossFromOperatingActivities")
    _check_flow(fin.interest_expense, doc, "InterestExpense")
    da = "AdjustmentsForDepreciationAndAmortisationExpense"
    _check_flow(fin.depreciation_amortization, doc, da)
    assert fin.maturities_12m is None
    assert any("IFRS" in n for n in fin.notes)


@pytest.mark.parametrize("path", [SNOW, MRVL, LPA], ids=lambda p: p.stem)
def test_the_cache_cut_keeps_every_figure(path: Path) -> None:
    """What the cache keeps (three years of periods) gives the same figures."""
    doc = load(path)
    full = extract_financials(doc, "x")
    ends = [
        date.fromisoformat(r["end"])
        for t in used_tags()["us-gaap" if "us-gaap" in doc["facts"] else "ifrs-full"]
        for r in rows(doc, t)
    ]
    cut = trim_companyfacts(doc, since=max(ends) - timedelta(days=3 * 366))
    assert len(json.dumps(cut)) < len(json.dumps(doc))
    assert extract_financials(cut, "x") == full


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reference absent")
@pytest.mark.parametrize(
    ("fixture", "original"),
    [
        (SNOW, "CIK0001640147-snowflake.json"),
        (LPA, "CIK0001997711-logistic-properties-of-the-americas.json"),
    ],
)
def test_the_fixtures_read_as_the_untrimmed_originals(fixture: Path, original: str) -> None:
    whole = read_companyfacts(SHARED / original)
    trimmed = read_companyfacts(fixture)
    assert trimmed == Financials(**{**vars(whole), "source": str(fixture)})
    assert trim_companyfacts(load(SHARED / original)) == load(fixture)


# --- synthetic documents: SYNTHETIC figures, never a company's ---------------------------


def _fact(
    val: float,
    end: str,
    filed: str,
    form: str,
    start: str | None = None,
    accn: str = "0000000000-00-000001",
) -> dict[str, Any]:
    row = {
        "end": end,
        "val": val,
        "accn": accn,
        "fy": 2026,
        "fp": "Q1",
        "form": form,
        "filed": filed,
    }
    if start:
        row["start"] = start
    return row


def _doc(**tags: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cik": 1,
        "entityName": "SYNTHETIC TEST FILER (not a company)",
        "facts": {"us-gaap": {t: {"label": t, "units": {"USD": r}} for t, r in tags.items()}},
    }


def test_year_to_date_is_annualised_when_a_year_ago_is_missing() -> None:
    doc = _doc(
        OperatingIncomeLoss=[_fact(90.0, "2026-06-30", "2026-08-01", "10-Q", "2026-01-01")],
        CashAndCashEquivalentsAtCarryingValue=[_fact(5.0, "2026-06-30", "2026-08-01", "10-Q")],
    )
    fin = extract_financials(doc, "synthetic")
    days = (date(2026, 6, 30) - date(2026, 1, 1)).days + 1
    assert fin.operating_income is not None
    assert fin.operating_income.value == pytest.approx(90.0 * 365 / days)
    assert "annualised" in fin.operating_income.method


def test_latest_filing_wins_and_other_forms_are_ignored() -> None:
    doc = _doc(
        CashAndCashEquivalentsAtCarryingValue=[
            _fact(100.0, "2026-03-31", "2026-05-01", "10-Q", accn="a"),
            _fact(120.0, "2026-03-31", "2026-06-01", "10-Q/A", accn="b"),  # restated
            _fact(999.0, "2026-09-30", "2026-10-01", "8-K", accn="c"),  # not a periodic report
        ],
        DebtCurrent=[_fact(7.0, "2026-03-31", "2026-05-01", "10-Q")],
        LongTermDebtNoncurrent=[_fact(30.0, "2026-03-31", "2026-05-01", "10-Q")],
        ShortTermBorrowings=[_fact(3.0, "2026-03-31", "2026-05-01", "10-Q")],  # in DebtCurrent
    )
    fin = extract_financials(doc, "synthetic")
    assert fin.cash is not None and fin.cash.value == 120.0 and fin.cash.form == "10-Q/A"
    assert fin.total_debt is not None and fin.total_debt.value == 37.0  # not 40: no double count
    assert fin.current_debt is not None and fin.current_debt.value == 7.0


def test_debt_only_counts_at_the_balance_sheet_date() -> None:
    doc = _doc(
        CashAndCashEquivalentsAtCarryingValue=[_fact(50.0, "2026-06-30", "2026-08-01", "10-Q")],
        LongTermDebtNoncurrent=[_fact(80.0, "2025-12-31", "2026-02-20", "10-K")],  # paid off
    )
    fin = extract_financials(doc, "synthetic")
    assert fin.total_debt is None
    assert any("2025-12-31" in n for n in fin.notes)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"cik": 1, "entityName": "x", "facts": {', "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('{"cik": 1, "entityName": "x"}', "no 'facts'"),
        ('{"cik": "ABC", "facts": {}}', "not a CIK"),
        (
            '{"cik": 1, "facts": {"us-gaap": {"Cash": {"units": {"USD": [{"end": "2026-01-01",'
            ' "val": "12", "form": "10-K", "filed": "2026-02-01"}]}}}}}',
            "us-gaap:Cash",
        ),
        (
            '{"cik": 1, "facts": {"us-gaap": {"Cash": {"units": {"USD": [{"end": "2026-13-01",'
            ' "val": 12, "form": "10-K", "filed": "2026-02-01"}]}}}}}',
            "not a date",
        ),
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "CIK0000000001.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as info:
        read_companyfacts(path)
    assert str(info.value).startswith(f"{path}:")


def test_truncated_json_gives_its_line(tmp_path: Path) -> None:
    text = SNOW.read_text(encoding="utf-8")
    pretty = json.dumps(json.loads(text), indent=1)
    cut = pretty[: len(pretty) // 2]
    with pytest.raises(InputError) as info:
        parse_companyfacts(cut, "snow.json")
    assert info.value.line == cut.count("\n") + 1
    assert str(info.value).startswith(f"snow.json:{info.value.line}: not valid JSON")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_companyfacts(tmp_path / "nope.json")


def test_the_figure_tests_catch_a_reader_that_forgets_the_comparative(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plant the bug (twelve months = fiscal year + year to date) and see the test fail."""
    from planner.market import secfacts

    real = secfacts._ttm

    def no_comparative(facts: Any) -> Any:
        f = real(facts)
        if f is None or "−" not in f.method:
            return f
        comparative = float(f.method.rsplit(" ", 1)[-1].replace(",", ""))
        return replace(f, value=f.value + comparative)

    test_snowflake_latest_10q()  # green on the real reader
    monkeypatch.setattr(secfacts, "_ttm", no_comparative)
    with pytest.raises(AssertionError):
        test_snowflake_latest_10q()
