"""The quality screen: can a company meet the debt that falls due soon — the "refinancing wall"
of the market report — or will it have to refinance it at today's rates with thin earnings?

Figures come from the company's own SEC filings (``Financials``: what the market layer reads
from the XBRL company facts, each number with its tags, period, form and filing date). From
them, for one company:

* **interest coverage** = operating income ÷ interest expense, both over the same twelve
  months (a ratio, "×"); *thin* below :attr:`QualitySettings.thin_coverage_below`.
* **net debt ÷ EBITDA** = (total debt − cash) ÷ (operating income + depreciation and
  amortisation); shown, and *high* above :attr:`QualitySettings.high_leverage_above`, but no
  verdict rests on it alone.
* **the wall** = debt that falls due within 24 months (the filing's maturity schedule: the
  next twelve months and year two; a 10-Q schedule by fiscal year adds the remainder of the
  current year; without a schedule, the current portion of debt), against the company's
  **resources** = cash and equivalents + one year of operating income (its positive part).

Verdicts (first that applies):

1. ``unknown`` — no filings for the company (no CIK, nothing in the store) or no operating
   income in them: nothing is guessed.
2. ``refinancing_risk`` — the wall exceeds the resources **and** coverage is thin. The plan
   acts on this one.
3. ``unprofitable`` — an operating loss over the last twelve months. Shown, never acted on:
   a clinical-stage biotech with years of cash is unprofitable and not at risk.
4. ``sound`` — everything else.

Every verdict carries the figures, their filing date and the rule in words. Money is US
dollars; ratios are plain floats (2.0 means 2.0×). Pure: no I/O, no clock (``today`` is
passed in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from planner.core.financials import Financials

Status = Literal["refinancing_risk", "unprofitable", "sound", "unknown"]
STATUSES: tuple[Status, ...] = ("refinancing_risk", "unprofitable", "sound", "unknown")


@dataclass(frozen=True)
class QualitySettings:
    """Thresholds of the screen (README "Quality screen" and docs/quality.md give sources).

    ``thin_coverage_below``: operating income ÷ interest expense under this is thin (2.0:
    B- or worse in Damodaran's synthetic-rating table for smaller firms; where to draw
    "thin" is our judgement). ``high_leverage_above``: net debt ÷ EBITDA over this is shown
    as high (4.0: the total-debt/EBITDA line the 2013 US Interagency Guidance on Leveraged
    Lending quotes as a common definition of a leveraged borrower). ``stale_after_days``:
    a verdict resting on filings older than this is marked stale (485 days = 16 months: a
    20-F may come four months after a year end, so a current annual filer's latest filing
    can be that old; a 10-Q filer's is never older than about five months).
    """

    thin_coverage_below: float = 2.0
    high_leverage_above: float = 4.0
    stale_after_days: int = 485

    def __post_init__(self) -> None:
        for name in ("thin_coverage_below", "high_leverage_above"):
            x = getattr(self, name)
            if not (isinstance(x, int | float) and x == x and 0 <= x < float("inf")):
                raise ValueError(f"{name} must be a finite number >= 0, not {x!r}")
        if not (isinstance(self.stale_after_days, int) and self.stale_after_days > 0):
            raise ValueError("stale_after_days must be a positive whole number of days")


@dataclass(frozen=True)
class QualityVerdict:
    """One company's verdict with the numbers behind it (dollars; ratios as floats).

    ``wall_usd``: debt due within 24 months; ``resources_usd``: cash + a year of operating
    income (positive part); ``None`` where the filings do not allow the figure.
    """

    symbol: str
    status: Status
    rule: str  # the verdict and the rule that gave it, in words with the figures
    cik: str | None
    financials: Financials | None
    interest_coverage: float | None
    net_debt_usd: float | None
    ebitda_usd: float | None
    net_debt_to_ebitda: float | None
    wall_usd: float | None
    resources_usd: float | None
    wall_exceeds_resources: bool | None
    thin_coverage: bool | None
    high_leverage: bool | None
    filed: date | None
    form: str | None
    stale: bool
    notes: tuple[str, ...] = ()

    @property
    def acts(self) -> bool:
        """Whether the plan should act on the verdict (never buy, sell first)."""
        return self.status == "refinancing_risk"

    @property
    def source(self) -> str:
        return self.financials.source if self.financials else ""


def usd(x: float | None) -> str:
    """Dollars for a sentence: $1.23B, $45.6M, $12,345; a loss in parentheses-free minus."""
    if x is None:
        return "n/a"
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a >= 1e9:
        return f"{sign}${a / 1e9:,.2f}B"
    if a >= 1e6:
        return f"{sign}${a / 1e6:,.1f}M"
    return f"{sign}${a:,.0f}"


def _finite(x: float) -> float | None:
    """A ratio, or ``None`` when a near-zero denominator made it infinite."""
    return x if math.isfinite(x) else None


def _ratio(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}×"


def _wall(fin: Financials) -> tuple[float | None, str, list[str]]:
    """Debt due within 24 months, how it was found, and notes."""
    notes: list[str] = []
    m12, y2, rem = fin.maturities_12m, fin.maturities_year_two, fin.maturities_remainder_of_year
    if m12 is not None:
        parts = [("due in the next twelve months", m12)]
        if rem is not None and rem.end == m12.end:
            parts.insert(0, ("remainder of the fiscal year", rem))
            notes.append(
                f"the {m12.form} schedule at {m12.end} runs by fiscal year (remainder of the "
                "year, the next year, the one after): the wall counts all three, which can "
                "reach past 24 months"
            )
        if y2 is not None and y2.end == m12.end:
            parts.append(("due in year two", y2))
        else:
            notes.append(
                f"no year-two maturity in the schedule at {m12.end}: the wall counts "
                f"{'the remainder and ' if len(parts) > 1 else ''}twelve months only"
            )
        total = sum(f.value for _, f in parts)
        how = " + ".join(f"{usd(f.value)} {what}" for what, f in parts)
        return total, f"{how} ({m12.form} filed {m12.filed}, schedule at {m12.end})", notes
    if fin.current_debt is not None:
        notes.append(
            "no maturity schedule in the filings: the wall is the current portion "
            "of debt, due within twelve months; year two is not known"
        )
        cd = fin.current_debt
        return cd.value, f"{usd(cd.value)} current debt ({cd.form} filed {cd.filed})", notes
    if fin.total_debt is None or fin.total_debt.value == 0:
        what = "no debt reported" if fin.total_debt is None else "debt of $0"
        return 0.0, f"{what} in the filings", notes
    notes.append(
        f"debt of {usd(fin.total_debt.value)} but neither a maturity schedule nor a current "
        "portion in the filings: the wall cannot be measured"
    )
    return None, "not measurable", notes


def screen(
    fin: Financials | None,
    symbol: str,
    settings: QualitySettings | None = None,
    today: date | None = None,
    cik: str | None = None,
) -> QualityVerdict:
    """The verdict for one company from its filings (``None``: no filings → ``unknown``).

    ``today`` marks a verdict stale when its latest filing is older than the settings allow.
    """
    s = settings or QualitySettings()
    if fin is None:
        why = (
            f"no SEC filings in the cache for CIK {cik}; refresh them with "
            f"`rotation-planner securities refresh-financials {symbol}`"
            if cik
            else f"no SEC CIK for {symbol} in the universe, so no filings to read"
        )
        return _unknown(symbol, cik, None, f"Unknown: {why}. Nothing is guessed.")
    cik = fin.cik
    oi, ie = fin.operating_income, fin.interest_expense
    notes = list(fin.notes)
    filed, form = fin.filed, fin.form
    stale = bool(today and filed and (today - filed).days > s.stale_after_days)
    if stale and today and filed:
        notes.append(
            f"the latest filing is {(today - filed).days} days old (filed {filed}); the "
            f"verdict may be out of date"
        )

    coverage: float | None = None
    thin: bool | None = None
    if oi is not None and ie is not None and ie.value > 0:
        raw = oi.value / ie.value  # infinite when interest is a rounding error
        coverage = _finite(raw)
        thin = raw < s.thin_coverage_below
    elif ie is not None and ie.value <= 0:
        thin = False
        notes.append("no interest expense in the twelve months: coverage is not a concern")
    elif ie is None:
        debt = fin.total_debt.value if fin.total_debt else 0.0
        thin = False if debt == 0 else None
        if debt:
            notes.append("interest expense is not in the filings: coverage cannot be measured")

    net_debt = ebitda = nd_ebitda = None
    high: bool | None = None
    if fin.cash is not None:
        net_debt = (fin.total_debt.value if fin.total_debt else 0.0) - fin.cash.value
    da = fin.depreciation_amortization
    if oi is not None and da is not None:
        ebitda = oi.value + da.value
        if da.end != oi.end:
            notes.append(
                f"EBITDA adds depreciation and amortisation for the twelve months to {da.end} "
                f"to operating income for the twelve months to {oi.end}"
            )
    if net_debt is not None and ebitda is not None and ebitda > 0:
        nd_ebitda = _finite(net_debt / ebitda)
        high = nd_ebitda is None or nd_ebitda > s.high_leverage_above
    elif ebitda is not None and ebitda <= 0 and net_debt is not None and net_debt > 0:
        high = True
        notes.append("EBITDA is not positive while net debt is: leverage is high on any scale")

    wall, wall_how, wall_notes = _wall(fin)
    notes += wall_notes
    resources = None
    if fin.cash is not None and oi is not None:
        resources = fin.cash.value + max(0.0, oi.value)
    exceeds: bool | None
    if wall is None:
        exceeds = None
    elif wall == 0:
        exceeds = False
    elif resources is None:
        exceeds = None
        notes.append(
            "cash or operating income is missing: the wall cannot be set against resources"
        )
    else:
        exceeds = wall > resources

    def verdict(status: Status, rule: str) -> QualityVerdict:
        return QualityVerdict(
            symbol=symbol,
            status=status,
            rule=rule,
            cik=cik,
            financials=fin,
            interest_coverage=coverage,
            net_debt_usd=net_debt,
            ebitda_usd=ebitda,
            net_debt_to_ebitda=nd_ebitda,
            wall_usd=wall,
            resources_usd=resources,
            wall_exceeds_resources=exceeds,
            thin_coverage=thin,
            high_leverage=high,
            filed=filed,
            form=form,
            stale=stale,
            notes=tuple(notes),
        )

    if oi is None:
        return verdict(
            "unknown",
            f"Unknown: the filings of {fin.entity} (CIK {cik}) have no operating income, so "
            "neither profitability nor resources can be judged (common for banks and "
            "insurers). Nothing is guessed.",
        )
    filing = f"{oi.form} filed {oi.filed}"
    wall_text = usd(wall) if wall is not None else "not measurable"
    res = (
        f"cash {usd(fin.cash.value) if fin.cash else 'n/a'} + a year of operating income "
        f"{usd(max(0.0, oi.value))} = {usd(resources)}"
    )
    cov = (
        f"operating income {usd(oi.value)} covers interest {usd(ie.value)} {_ratio(coverage)}"
        if coverage is not None and ie is not None
        else "no interest to cover"
        if thin is False
        else "interest coverage unknown"
    )
    if exceeds and thin:
        return verdict(
            "refinancing_risk",
            f"Refinancing risk: {usd(wall)} of debt falls due within 24 months ({wall_how}), "
            f"more than its resources ({res}); and {cov}, below "
            f"{s.thin_coverage_below:.1f}×. Rule: the wall exceeds cash plus a year of "
            f"operating income and coverage is thin.",
        )
    if oi.value < 0:
        return verdict(
            "unprofitable",
            f"Unprofitable (shown, not acted on): operating loss of {usd(-oi.value)} in the "
            f"twelve months to {oi.end} ({filing}); debt due within 24 months "
            f"{wall_text} against {res}. Rule: a loss alone is not a reason to sell.",
        )
    if exceeds:
        tail = (
            "the wall exceeds resources but coverage is not thin"
            if thin is False
            else "the wall exceeds resources but coverage cannot be measured"
        )
    elif exceeds is False:
        tail = (
            "coverage is thin but the wall is within resources"
            if thin
            else "the wall is within resources"
        )
    else:
        tail = "the wall cannot be measured"
    return verdict(
        "sound",
        f"Sound: debt due within 24 months {wall_text} against {res}; {cov} ({filing}). "
        f"Rule: not at risk unless the wall exceeds resources and coverage is thin; here "
        f"{tail}.",
    )


def _unknown(symbol: str, cik: str | None, fin: Financials | None, rule: str) -> QualityVerdict:
    return QualityVerdict(
        symbol=symbol,
        status="unknown",
        rule=rule,
        cik=cik,
        financials=fin,
        interest_coverage=None,
        net_debt_usd=None,
        ebitda_usd=None,
        net_debt_to_ebitda=None,
        wall_usd=None,
        resources_usd=None,
        wall_exceeds_resources=None,
        thin_coverage=None,
        high_leverage=None,
        filed=None,
        form=None,
        stale=False,
    )
