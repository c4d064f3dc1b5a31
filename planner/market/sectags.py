"""Which XBRL elements the reader takes each figure from, in order of preference, for US GAAP
and IFRS filers (:mod:`planner.market.secfacts` explains how each is read)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TagSet:
    """The tags of one taxonomy for each figure, in order of preference."""

    taxonomy: str
    cash: tuple[str, ...]
    operating_income: tuple[str, ...]
    interest: tuple[str, ...]
    da: tuple[str, ...]
    depreciation: tuple[str, ...]
    amortization: tuple[str, ...]
    debt_combined: tuple[str, ...]
    debt_long_total: tuple[str, ...]
    debt_noncurrent: tuple[str, ...]
    debt_current_ltd: tuple[str, ...]
    debt_short_term: tuple[str, ...]
    debt_current_all: tuple[str, ...]
    maturities_12m: tuple[str, ...]
    maturities_year_two: tuple[str, ...]
    maturities_remainder: tuple[str, ...]

    def all(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for name, value in vars(self).items():
            if name != "taxonomy":
                seen.update(dict.fromkeys(value))
        return tuple(seen)


_M = "LongTermDebtMaturitiesRepaymentsOfPrincipal"


US_GAAP = TagSet(
    taxonomy="us-gaap",
    cash=(
        "CashAndCashEquivalentsAtCarryingValue",
        "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents",
        "Cash",
    ),
    operating_income=("OperatingIncomeLoss",),
    interest=(
        "InterestExpense",
        "InterestExpenseNonoperating",
        "InterestAndDebtExpense",
        "InterestExpenseDebt",
    ),
    da=(
        "DepreciationDepletionAndAmortization",
        "DepreciationAndAmortization",
        "DepreciationAmortizationAndAccretionNet",
    ),
    depreciation=("Depreciation", "OtherDepreciationAndAmortization", "DepreciationNonproduction"),
    amortization=("AmortizationOfIntangibleAssets",),
    debt_combined=("DebtLongtermAndShorttermCombinedAmount",),
    debt_long_total=(
        "LongTermDebt",
        "LongTermDebtAndCapitalLeaseObligationsIncludingCurrentMaturities",
        "DebtAndCapitalLeaseObligations",
    ),
    debt_noncurrent=(
        "LongTermDebtNoncurrent",
        "LongTermDebtAndCapitalLeaseObligations",
        "ConvertibleDebtNoncurrent",
        "ConvertibleLongTermNotesPayable",
        "ConvertibleNotesPayable",
        "LongTermNotesPayable",
        "SeniorLongTermNotes",
        "LongTermLineOfCredit",
        "OtherLongTermDebtNoncurrent",
    ),
    debt_current_ltd=(
        "LongTermDebtCurrent",
        "LongTermDebtAndCapitalLeaseObligationsCurrent",
        "ConvertibleDebtCurrent",
        "ConvertibleNotesPayableCurrent",
        "OtherLongTermDebtCurrent",
    ),
    debt_short_term=(
        "ShortTermBorrowings",
        "CommercialPaper",
        "LinesOfCreditCurrent",
        "ShortTermBankLoansAndNotesPayable",
    ),
    debt_current_all=("DebtCurrent",),
    maturities_12m=(f"{_M}InNextTwelveMonths", f"{_M}InNextRollingTwelveMonths"),
    maturities_year_two=(f"{_M}InYearTwo", f"{_M}InRollingYearTwo"),
    maturities_remainder=(f"{_M}RemainderOfFiscalYear",),
)


IFRS = TagSet(
    taxonomy="ifrs-full",
    cash=("CashAndCashEquivalents", "Cash"),
    operating_income=("ProfitLossFromOperatingActivities",),
    interest=("InterestExpense", "InterestExpenseOnBorrowings", "FinanceCosts"),
    da=("DepreciationAndAmortisationExpense", "AdjustmentsForDepreciationAndAmortisationExpense"),
    depreciation=("DepreciationExpense",),
    amortization=("AmortisationExpense",),
    debt_combined=("Borrowings",),
    debt_long_total=("LongtermBorrowings",),
    debt_noncurrent=("NoncurrentPortionOfNoncurrentBorrowings",),
    debt_current_ltd=("CurrentPortionOfLongtermBorrowings",),
    debt_short_term=("ShorttermBorrowings",),
    debt_current_all=("CurrentBorrowingsAndCurrentPortionOfNoncurrentBorrowings",),
    maturities_12m=(),
    maturities_year_two=(),
    maturities_remainder=(),
)


TAG_SETS: tuple[TagSet, ...] = (US_GAAP, IFRS)
