"""A company's figures by name: the names are those the JSON and the workbook show for each
verdict's figures (``quality_report.verdict_dict``), and the latest filing dates the verdict."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from planner.core.financials import Figure, Financials

#: The figures of a company, by the names its verdict lists them under.
FIGURE_NAMES = (
    "total_debt",
    "current_debt",
    "cash",
    "operating_income",
    "interest_expense",
    "depreciation_amortization",
    "maturities_12m",
    "maturities_year_two",
    "maturities_remainder_of_year",
)


def _figure(
    value: float, filed: date, end: date = date(2025, 12, 31), form: str = "10-K"
) -> Figure:
    return Figure(value, ("Tag",), end, filed, form, "0000000000-26-000001", "as filed")


def _company(**figures: Any) -> Financials:  # Figure or None by name
    none = Financials(
        "0000320193",
        "Apple Inc.",
        "companyfacts",
        None,
        date(2025, 12, 27),
        total_debt=None,
        current_debt=None,
        cash=None,
        operating_income=None,
        interest_expense=None,
        depreciation_amortization=None,
        maturities_12m=None,
        maturities_year_two=None,
    )
    return replace(none, **figures)


def test_each_figure_is_listed_under_its_own_name() -> None:
    # a different value for each figure, so a figure under another name shows
    figures = {n: _figure(1e6 * (i + 1), date(2026, 2, 1)) for i, n in enumerate(FIGURE_NAMES)}
    fin = _company(**figures)
    assert fin.figures() == figures
    assert list(fin.figures()) == list(FIGURE_NAMES)


def test_figures_left_out_are_listed_as_none_and_the_latest_filing_dates_the_company() -> None:
    older = _figure(5e9, date(2025, 11, 1), date(2025, 9, 27), "10-K")
    newer = _figure(2e9, date(2026, 1, 30), date(2025, 12, 27), "10-Q")
    fin = _company(total_debt=older, cash=newer)
    assert fin.figures() == {n: {"total_debt": older, "cash": newer}.get(n) for n in FIGURE_NAMES}
    assert (fin.latest, fin.filed, fin.form) == (newer, date(2026, 1, 30), "10-Q")


def test_a_company_without_figures_has_no_filing_date() -> None:
    fin = _company()
    assert fin.figures() == dict.fromkeys(FIGURE_NAMES)
    assert (fin.latest, fin.filed, fin.form) == (None, None, None)
