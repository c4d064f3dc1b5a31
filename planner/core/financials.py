"""A company's figures as its SEC filings give them (:class:`Financials`, each number a
:class:`Figure` with its tags, period, form and filing date): what the market layer reads from
the XBRL company facts and the quality screen (:mod:`planner.core.quality`) judges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Figure:
    """One number taken (or derived) from filings.

    ``value`` in US dollars: a balance at ``end``, or a flow over the twelve months to ``end``.
    ``tags`` are the XBRL elements it came from; ``method`` says in words how (which facts,
    added or annualised how). ``filed``, ``form`` and ``accn`` name the latest filing used.
    """

    value: float
    tags: tuple[str, ...]
    end: date
    filed: date
    form: str
    accn: str
    method: str


@dataclass(frozen=True)
class Financials:
    """What the screen needs from one company's filings; ``None`` = not in the filings.

    ``maturities_*`` are the maturity schedule as the filer tagged it (principal due in the
    next twelve months, in year two, and - in a 10-Q laid out by fiscal year - in the
    remainder of the current fiscal year). ``current_debt`` is the balance sheet's current
    portion of debt plus short-term borrowings, the fallback when there is no schedule.
    """

    cik: str  # ten digits
    entity: str
    source: str  # where the facts came from, with the fetch date when fetched
    fetched: date | None
    period_end: date | None  # the balance-sheet date of the latest filing used
    total_debt: Figure | None
    current_debt: Figure | None
    cash: Figure | None
    operating_income: Figure | None  # twelve months
    interest_expense: Figure | None  # twelve months
    depreciation_amortization: Figure | None  # twelve months
    maturities_12m: Figure | None
    maturities_year_two: Figure | None
    maturities_remainder_of_year: Figure | None = None
    notes: tuple[str, ...] = ()

    def figures(self) -> dict[str, Figure | None]:
        return {
            "total_debt": self.total_debt,
            "current_debt": self.current_debt,
            "cash": self.cash,
            "operating_income": self.operating_income,
            "interest_expense": self.interest_expense,
            "depreciation_amortization": self.depreciation_amortization,
            "maturities_12m": self.maturities_12m,
            "maturities_year_two": self.maturities_year_two,
            "maturities_remainder_of_year": self.maturities_remainder_of_year,
        }

    @property
    def latest(self) -> Figure | None:
        """The figure from the most recent filing (its date and form date the verdict)."""
        present = [f for f in self.figures().values() if f is not None]
        return max(present, key=lambda f: (f.filed, f.end)) if present else None

    @property
    def filed(self) -> date | None:
        latest = self.latest
        return latest.filed if latest else None

    @property
    def form(self) -> str | None:
        latest = self.latest
        return latest.form if latest else None
