"""Read the SEC's XBRL company facts into the figures the quality screen needs.

The format is the SEC's ``companyfacts`` API
(``https://data.sec.gov/api/xbrl/companyfacts/CIK##########.json``)::

    {"cik": 1640147, "entityName": "...", "facts": {"us-gaap": {TAG: {"label": ..,
     "description": .., "units": {"USD": [{"start"?, "end", "val", "accn", "fy", "fp",
     "form", "filed", "frame"?}, ...]}}}, "ifrs-full": {...}, "dei": {...}}}

What is read, and how:

* **Facts**: US dollars only, from the annual and quarterly reports - 10-K, 10-Q, 10-KT and
  their amendments, and the annual reports of foreign private issuers (20-F, 40-F). A period
  that several filings report (a comparative column) takes the value of the latest filing.
  ``us-gaap`` is read; a filer without it (IFRS) is read from ``ifrs-full``.
* **Among alternative tags** (a filer may switch tags over the years): the tag whose latest
  figure is the most recent wins; on a tie, the one listed first below.
* **Balances** (debt, cash) are taken at the balance-sheet date of the latest filing: the
  latest date cash is reported. Debt parts are only added when reported at that same date.
* **Flows** (operating income, interest expense, depreciation and amortisation) are for the
  twelve months to the latest period reported: a 10-K's year as it stands; after a 10-Q,
  the trailing twelve months = last fiscal year + this year to date − the same period a year
  earlier (all three from the filings). When the earlier period is missing, the year to date
  is annualised (× 365 / its days), and the method says so.
* **Maturities** are the filer's schedule as tagged, from the latest filing that has one
  (often only the 10-K); its date is kept, so a reader sees how old it is.

Tags, in order (us-gaap / ifrs-full):

====================  ========================================================================
total debt            ``DebtLongtermAndShorttermCombinedAmount``; else ``LongTermDebt`` (or
                      ``LongTermDebtAndCapitalLeaseObligationsIncludingCurrentMaturities``,
                      ``DebtAndCapitalLeaseObligations``) + short-term borrowings; else the
                      non-current part (``LongTermDebtNoncurrent``,
                      ``LongTermDebtAndCapitalLeaseObligations``, ``ConvertibleDebtNoncurrent``,
                      ``ConvertibleLongTermNotesPayable``, ``ConvertibleNotesPayable``,
                      ``LongTermNotesPayable``, ``SeniorLongTermNotes``,
                      ``LongTermLineOfCredit``, ``OtherLongTermDebtNoncurrent``: the first one
                      reported) + ``DebtCurrent``, or + the current part
                      (``LongTermDebtCurrent``, ``LongTermDebtAndCapitalLeaseObligationsCurrent``,
                      ``ConvertibleDebtCurrent``, ``ConvertibleNotesPayableCurrent``,
                      ``OtherLongTermDebtCurrent``) + short-term borrowings
                      (``ShortTermBorrowings``, ``CommercialPaper``, ``LinesOfCreditCurrent``,
                      ``ShortTermBankLoansAndNotesPayable``). / ``Borrowings``; else
                      ``LongtermBorrowings`` + ``ShorttermBorrowings``; else
                      ``NoncurrentPortionOfNoncurrentBorrowings`` +
                      ``CurrentBorrowingsAndCurrentPortionOfNoncurrentBorrowings``.
current debt          ``DebtCurrent``; else the current part + short-term borrowings (above).
                      / ``CurrentBorrowingsAndCurrentPortionOfNoncurrentBorrowings``; else
                      ``CurrentPortionOfLongtermBorrowings`` + ``ShorttermBorrowings``.
cash                  ``CashAndCashEquivalentsAtCarryingValue``,
                      ``CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents``,
                      ``Cash``. / ``CashAndCashEquivalents``, ``Cash``.
operating income      ``OperatingIncomeLoss``. / ``ProfitLossFromOperatingActivities``.
interest expense      ``InterestExpense``, ``InterestExpenseNonoperating``,
                      ``InterestAndDebtExpense``, ``InterestExpenseDebt``. /
                      ``InterestExpense``, ``InterestExpenseOnBorrowings``, ``FinanceCosts``.
D&A                   ``DepreciationDepletionAndAmortization``, ``DepreciationAndAmortization``,
                      ``DepreciationAmortizationAndAccretionNet``; else depreciation
                      (``Depreciation``, ``OtherDepreciationAndAmortization``,
                      ``DepreciationNonproduction``) + ``AmortizationOfIntangibleAssets``. /
                      ``DepreciationAndAmortisationExpense``,
                      ``AdjustmentsForDepreciationAndAmortisationExpense``; else
                      ``DepreciationExpense`` + ``AmortisationExpense``. The figure for the
                      same twelve months as operating income is preferred.
maturities            ``LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths`` (or
                      ``…InNextRollingTwelveMonths``), ``…InYearTwo`` (or
                      ``…InRollingYearTwo``), ``…RemainderOfFiscalYear`` at the same date.
                      IFRS filers tag their maturity analysis by dimension, which company
                      facts leave out: none.
====================  ========================================================================

Known limits: the first non-current debt tag found is taken, so a filer that books
convertible notes on their own line *beside* a ``LongTermDebtNoncurrent`` line is
under-counted; a company's own extension tags are not read; a filer reporting in another
currency has no USD figures here. Bad input raises :class:`InputError` naming the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from planner.core.financials import Figure, Financials
from planner.market.sectags import TagSet
from planner.market.xbrl import Fact, cik_of, facts_object, load_json, parse_facts, tag_set_for
from planner.storage import read_input_bytes

#: Dates within this many days count as the same fiscal date (52/53-week calendars drift).
_SLACK_DAYS = 10


def _figure(fact: Fact, method: str) -> Figure:
    return Figure(fact.val, (fact.tag,), fact.end, fact.filed, fact.form, fact.accn, method)


def _sum(parts: Sequence[Fact], at: date) -> Figure:
    latest = max(parts, key=lambda f: (f.filed, f.accn))
    method = " + ".join(f"{p.tag} {p.val:,.0f}" for p in parts) + f" at {at}"
    return Figure(
        sum(p.val for p in parts),
        tuple(p.tag for p in parts),
        at,
        latest.filed,
        latest.form,
        latest.accn,
        method,
    )


Getter = Callable[[str], list[Fact]]


def _instant_at(get: Getter, tags: Sequence[str], at: date) -> Fact | None:
    for tag in tags:
        for f in get(tag):
            if f.start is None and f.end == at:
                return f
    return None


def _latest_instant(get: Getter, tags: Sequence[str]) -> Fact | None:
    best: tuple[date, int, Fact] | None = None
    for order, tag in enumerate(tags):
        for f in get(tag):
            if f.start is None and (best is None or (f.end, -order) > (best[0], -best[1])):
                best = (f.end, order, f)
    return best[2] if best else None


def _ttm(facts: Sequence[Fact]) -> Figure | None:
    """Twelve months to the latest period of one tag's flow facts (see the module doc)."""
    flows = [f for f in facts if f.start is not None and f.days > 0]
    if not flows:
        return None
    end = max(f.end for f in flows)
    at_end = [f for f in flows if f.end == end]
    annual = [f for f in at_end if f.annual]
    if annual:
        f = max(annual, key=lambda x: (x.filed, x.accn))
        return _figure(f, f"{f.tag} for the fiscal year {f.start} to {f.end} ({f.form})")
    ytd = max(at_end, key=lambda x: (x.days, x.filed))
    assert ytd.start is not None
    year_ago = _shift_year(ytd.end)
    prior = [
        f
        for f in flows
        if abs((f.end - year_ago).days) <= _SLACK_DAYS and abs(f.days - ytd.days) <= _SLACK_DAYS
    ]
    fy_end = ytd.start - timedelta(days=1)
    fiscal = [f for f in flows if f.annual and abs((f.end - fy_end).days) <= _SLACK_DAYS]
    if prior and fiscal:
        p = max(prior, key=lambda x: (x.filed, x.accn))
        y = max(fiscal, key=lambda x: (x.filed, x.accn))
        value = y.val + ytd.val - p.val
        method = (
            f"{ytd.tag}, twelve months to {ytd.end}: fiscal year to {y.end} {y.val:,.0f} "
            f"+ {ytd.start} to {ytd.end} {ytd.val:,.0f} − {p.start} to {p.end} {p.val:,.0f}"
        )
        return Figure(value, (ytd.tag,), ytd.end, ytd.filed, ytd.form, ytd.accn, method)
    days = ytd.days + 1
    value = ytd.val * 365 / days
    method = (
        f"{ytd.tag}, {ytd.start} to {ytd.end} {ytd.val:,.0f} annualised × 365/{days} (the "
        "filings lack the periods to make twelve months)"
    )
    return Figure(value, (ytd.tag,), ytd.end, ytd.filed, ytd.form, ytd.accn, method)


def _shift_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def _best_flow(get: Getter, tags: Sequence[str], prefer_end: date | None = None) -> Figure | None:
    """The twelve-month figure of the tag with the latest period (or the one ending at
    ``prefer_end`` when any does); ties go to the tag listed first."""
    found = [(fig, order) for order, tag in enumerate(tags) if (fig := _ttm(get(tag)))]
    return _pick(found, prefer_end)


def _pick(found: Sequence[tuple[Figure, int]], prefer_end: date | None) -> Figure | None:
    if not found:
        return None
    if prefer_end is not None:
        same = [x for x in found if x[0].end == prefer_end]
        if same:
            found = same
    return max(found, key=lambda x: (x[0].end, -x[1]))[0]


def _da(get: Getter, t: TagSet, prefer_end: date | None) -> Figure | None:
    found = [(fig, order) for order, tag in enumerate(t.da) if (fig := _ttm(get(tag)))]
    dep = _best_flow(get, t.depreciation, prefer_end)
    if dep is not None:
        amort = _best_flow(get, t.amortization, dep.end)
        if amort is not None and amort.end == dep.end:
            dep = Figure(
                dep.value + amort.value,
                dep.tags + amort.tags,
                dep.end,
                max(dep.filed, amort.filed),
                dep.form if dep.filed >= amort.filed else amort.form,
                dep.accn if dep.filed >= amort.filed else amort.accn,
                f"{dep.method}; plus {amort.method}",
            )
        found.append((dep, len(t.da)))
    return _pick(found, prefer_end)


def extract_financials(
    doc: Mapping[str, Any], source: str, fetched: date | None = None
) -> Financials:
    """The screen's figures from one company-facts document (see the module doc)."""
    cik = cik_of(doc, source)
    facts = facts_object(doc, source)
    t = tag_set_for(facts, source)

    @cache
    def get(tag: str) -> list[Fact]:
        return parse_facts(facts, t.taxonomy, tag, source)

    notes: list[str] = []
    cash = _latest_instant(get, t.cash)
    debt_tags = t.debt_combined + t.debt_long_total + t.debt_noncurrent + t.debt_current_ltd
    debt_tags += t.debt_short_term + t.debt_current_all
    if cash is not None:
        at: date | None = cash.end
    else:
        latest_debt = _latest_instant(get, debt_tags)
        at = latest_debt.end if latest_debt else None
    total = current = None
    if at is not None:
        total, current = _debt(get, t, at)
        later = _latest_instant(get, debt_tags)
        if total is None and later is not None and later.end < at:
            notes.append(
                f"no debt reported at {at}; the last debt figure ({later.tag}) is from "
                f"{later.end}: treated as no debt now"
            )
    oi = _best_flow(get, t.operating_income)
    interest = _best_flow(get, t.interest, oi.end if oi else None)
    da = _da(get, t, oi.end if oi else None)
    m12 = _latest_instant(get, t.maturities_12m)
    y2 = rem = None
    if m12 is not None:
        y2 = _instant_at(get, t.maturities_year_two, m12.end)
        rem = _instant_at(get, t.maturities_remainder, m12.end)
    if t.taxonomy == "ifrs-full":
        notes.append(
            "an IFRS filer: its maturity analysis is not in company facts, so the "
            "wall rests on the current portion of borrowings"
        )
    return Financials(
        cik=cik,
        entity=str(doc.get("entityName") or ""),
        source=source,
        fetched=fetched,
        period_end=at,
        total_debt=total,
        current_debt=current,
        cash=_figure(cash, f"{cash.tag} at {cash.end}") if cash else None,
        operating_income=oi,
        interest_expense=interest,
        depreciation_amortization=da,
        maturities_12m=_figure(m12, f"{m12.tag} at {m12.end}") if m12 else None,
        maturities_year_two=_figure(y2, f"{y2.tag} at {y2.end}") if y2 else None,
        maturities_remainder_of_year=_figure(rem, f"{rem.tag} at {rem.end}") if rem else None,
        notes=tuple(notes),
    )


def _debt(get: Getter, t: TagSet, at: date) -> tuple[Figure | None, Figure | None]:
    """(total debt, current debt) at the balance-sheet date ``at``."""
    combined = _instant_at(get, t.debt_combined, at)
    long_total = _instant_at(get, t.debt_long_total, at)
    noncurrent = _instant_at(get, t.debt_noncurrent, at)
    current_ltd = _instant_at(get, t.debt_current_ltd, at)
    short = _instant_at(get, t.debt_short_term, at)
    current_all = _instant_at(get, t.debt_current_all, at)
    parts: list[Fact]
    if combined is not None:
        parts = [combined]
    elif long_total is not None:
        parts = [long_total] + ([short] if short else [])
    elif current_all is not None:
        parts = ([noncurrent] if noncurrent else []) + [current_all]
    else:
        parts = [f for f in (noncurrent, current_ltd, short) if f is not None]
    current_parts = (
        [current_all] if current_all else [f for f in (current_ltd, short) if f is not None]
    )
    return (
        _sum(parts, at) if parts else None,
        _sum(current_parts, at) if current_parts else None,
    )


def parse_companyfacts(data: str | bytes, source: str, fetched: date | None = None) -> Financials:
    """Financials from the text of a company-facts document; bad JSON → InputError."""
    return extract_financials(load_json(data, source), source, fetched)


def read_companyfacts(path: Path) -> Financials:
    """Financials from a company-facts file (as downloaded from the SEC)."""
    data = read_input_bytes(path)
    return parse_companyfacts(data, str(path))
