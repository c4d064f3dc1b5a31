"""The quality screen's words: the dollar figures of its sentences, how the wall was found
(which parts of the maturity schedule, in which order, or the fallback), and the notes that
say what the filings lacked - each checked whole on SYNTHETIC figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from planner.core.financials import Financials
from planner.core.quality import QualitySettings, screen, usd
from tests.core.test_quality import END, FILED, fin

TODAY = date(2026, 11, 30)


def _fin(
    *,
    debt: float | None = 2e9,
    cash: float | None = 50e6,
    oi: float | None = 40e6,
    interest: float | None = 30e6,
    da: float | None = 10e6,
    m12: float | None = None,
    y2: float | None = None,
    rem: float | None = None,
    current: float | None = None,
) -> Financials:
    """test_quality's SYNTHETIC company (figures at END, filed FILED on a 10-Q) with this
    file's figures: $2B of debt, no maturity schedule."""
    return fin(
        debt=debt,
        cash=cash,
        oi=oi,
        interest=interest,
        da=da,
        m12=m12,
        y2=y2,
        rem=rem,
        current=current,
    )


# cash $50.0M + operating income $40.0M; $40.0M covers $30.0M of interest 1.33x (thin)
RESOURCES = "cash $50.0M + a year of operating income $40.0M = $90.0M"
COVERAGE = "operating income $40.0M covers interest $30.0M 1.33×, below 2.0×"
FILING = f"10-Q filed {FILED}, schedule at {END}"


def _risk_rule(wall: str, how: str) -> str:
    return (
        f"Refinancing risk: {wall} of debt falls due within 24 months ({how}), more than its "
        f"resources ({RESOURCES}); and {COVERAGE}. Rule: the wall exceeds cash plus a year of "
        "operating income and coverage is thin."
    )


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (None, "n/a"),
        (0.0, "$0"),  # zero has no sign
        (0.4, "$0"),  # under a dollar: rounds to $0, still no sign
        (999_999.0, "$999,999"),
        (-1_500.0, "-$1,500"),
        (1e6, "$1.0M"),  # a million is shown in millions
        (1_350_000.0, "$1.4M"),  # 1.35 million to one decimal
        (-2_500_000.0, "-$2.5M"),
        (1e9, "$1.00B"),  # a billion is shown in billions
        (1_235_000_000.0, "$1.24B"),  # 1.235 billion to two decimals
        (12_345_600_000_000.0, "$12,345.60B"),
        (-2_500_000_000.0, "-$2.50B"),
    ],
)
def test_usd_writes_dollars_in_billions_millions_or_whole_dollars_with_a_minus_for_a_loss(
    x: float | None, text: str
) -> None:
    assert usd(x) == text


def test_a_schedule_by_fiscal_year_counts_the_remainder_then_twelve_months_then_year_two() -> None:
    f = _fin(rem=30e6, m12=120e6, y2=150e6)
    v = screen(f, "SYN", today=TODAY)
    assert v.status == "refinancing_risk" and v.symbol == "SYN" and v.acts
    assert v.wall_usd == 30e6 + 120e6 + 150e6
    how = (
        "$30.0M remainder of the fiscal year + $120.0M due in the next twelve months + "
        f"$150.0M due in year two ({FILING})"
    )
    assert v.rule == _risk_rule("$300.0M", how)
    assert v.notes == (
        f"the 10-Q schedule at {END} runs by fiscal year (remainder of the year, the next "
        "year, the one after): the wall counts all three, which can reach past 24 months",
    )


def test_a_schedule_of_twelve_months_and_year_two_names_both_parts() -> None:
    v = screen(_fin(m12=120e6, y2=150e6), "SYN", today=TODAY)
    how = f"$120.0M due in the next twelve months + $150.0M due in year two ({FILING})"
    assert v.rule == _risk_rule("$270.0M", how)
    assert v.notes == ()


@pytest.mark.parametrize(
    ("rem", "counts"),
    [(None, "twelve months only"), (30e6, "the remainder and twelve months only")],
)
def test_a_schedule_without_year_two_says_the_wall_counts_only_what_it_has(
    rem: float | None, counts: str
) -> None:
    v = screen(_fin(m12=120e6, rem=rem), "SYN", today=TODAY)
    assert v.wall_usd == 120e6 + (rem or 0.0)
    assert v.notes[-1] == (
        f"no year-two maturity in the schedule at {END}: the wall counts {counts}"
    )
    assert len(v.notes) == (1 if rem is None else 2)


def test_without_a_schedule_the_wall_is_the_current_debt_and_the_note_says_so() -> None:
    v = screen(_fin(current=200e6), "SYN", today=TODAY)
    assert v.wall_usd == 200e6
    assert v.rule == _risk_rule("$200.0M", f"$200.0M current debt (10-Q filed {FILED})")
    assert v.notes == (
        "no maturity schedule in the filings: the wall is the current portion of debt, due "
        "within twelve months; year two is not known",
    )


def test_debt_without_schedule_or_current_portion_leaves_the_wall_unmeasured_and_says_why() -> None:
    v = screen(_fin(debt=500e6), "SYN", today=TODAY)
    assert v.status == "sound" and v.wall_usd is None and v.wall_exceeds_resources is None
    assert v.notes == (
        "debt of $500.0M but neither a maturity schedule nor a current portion in the "
        "filings: the wall cannot be measured",
    )
    assert v.rule.endswith("here the wall cannot be measured.")


def test_coverage_that_overflows_to_infinity_is_not_a_figure() -> None:
    # interest of 1e-300 dollars: $10B / 1e-300 overflows; no coverage figure, not thin
    v = screen(_fin(oi=10e9, interest=1e-300, m12=120e6, y2=150e6), "SYN", today=TODAY)
    assert v.interest_coverage is None and v.thin_coverage is False
    assert "; no interest to cover (" in v.rule


@pytest.mark.parametrize(
    ("cik", "why"),
    [
        (
            "0000000001",
            "no SEC filings in the cache for CIK 0000000001; refresh them with "
            "`rotation-planner securities refresh-financials SYN`",
        ),
        (None, "no SEC CIK for SYN in the universe, so no filings to read"),
    ],
)
def test_without_filings_the_verdict_is_unknown_names_the_symbol_and_cik_and_is_not_stale(
    cik: str | None, why: str
) -> None:
    v = screen(None, "SYN", today=TODAY, cik=cik)
    assert (v.symbol, v.status, v.cik, v.financials) == ("SYN", "unknown", cik, None)
    assert v.rule == f"Unknown: {why}. Nothing is guessed."
    assert v.stale is False and v.notes == () and not v.acts
    figures = (v.interest_coverage, v.net_debt_usd, v.ebitda_usd, v.net_debt_to_ebitda)
    assert figures == (None, None, None, None)
    assert (v.wall_usd, v.resources_usd, v.wall_exceeds_resources) == (None, None, None)
    assert (v.thin_coverage, v.high_leverage, v.filed, v.form) == (None, None, None, None)


THRESHOLD_MESSAGE = "{} must be a finite number >= 0, not {}"
DAYS_MESSAGE = "stale_after_days must be a positive whole number of days"


@pytest.mark.parametrize("name", ["thin_coverage_below", "high_leverage_above"])
@pytest.mark.parametrize("bad", [-1.0, float("inf"), float("nan"), "2"])
def test_a_threshold_must_be_a_finite_number_not_below_zero(name: str, bad: object) -> None:
    with pytest.raises(ValueError) as raised:
        QualitySettings(**{name: bad})  # type: ignore[arg-type]
    assert str(raised.value) == THRESHOLD_MESSAGE.format(name, repr(bad))


@pytest.mark.parametrize("name", ["thin_coverage_below", "high_leverage_above"])
@pytest.mark.parametrize("good", [0, 0.0, 1e12])
def test_a_threshold_of_zero_or_any_finite_size_is_accepted(name: str, good: float) -> None:
    assert getattr(QualitySettings(**{name: good}), name) == good  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -1, 1.5, "30"])
def test_stale_after_days_must_be_a_positive_whole_number(bad: object) -> None:
    with pytest.raises(ValueError) as raised:
        QualitySettings(stale_after_days=bad)  # type: ignore[arg-type]
    assert str(raised.value) == DAYS_MESSAGE


def test_stale_after_one_day_is_accepted() -> None:
    assert QualitySettings(stale_after_days=1).stale_after_days == 1


@pytest.mark.parametrize(("age", "stale"), [(485, False), (486, True)])
def test_a_verdict_is_stale_only_past_the_days_the_settings_allow(age: int, stale: bool) -> None:
    today = FILED + timedelta(days=age)
    v = screen(_fin(m12=120e6, y2=150e6), "SYN", today=today)
    assert v.stale is stale
    note = f"the latest filing is {age} days old (filed {FILED}); the verdict may be out of date"
    assert v.notes == ((note,) if stale else ())


NO_INTEREST = "no interest expense in the twelve months: coverage is not a concern"
NO_INTEREST_FIGURE = "interest expense is not in the filings: coverage cannot be measured"
# without operating income there are no resources to set the $270.0M wall against
NO_RESOURCES = "cash or operating income is missing: the wall cannot be set against resources"


@pytest.mark.parametrize(
    ("debt", "oi", "interest", "thin", "notes"),
    [
        (2e9, 40e6, 0.0, False, (NO_INTEREST,)),  # interest of $0: no concern
        (2e9, None, 0.0, False, (NO_INTEREST, NO_RESOURCES)),
        (2e9, 40e6, None, None, (NO_INTEREST_FIGURE,)),  # debt, but no interest figure
        (2e9, None, None, None, (NO_INTEREST_FIGURE, NO_RESOURCES)),
        (0.0, 40e6, None, False, ()),  # no debt and no interest: nothing to cover
        (None, 40e6, None, False, ()),
        (2e9, None, 0.5, None, (NO_RESOURCES,)),  # interest but no operating income: not measured
        (2e9, None, 30e6, None, (NO_RESOURCES,)),
    ],
)
def test_coverage_is_thin_not_thin_or_unknown_by_what_the_filings_give(
    debt: float | None,
    oi: float | None,
    interest: float | None,
    thin: bool | None,
    notes: tuple[str, ...],
) -> None:
    v = screen(_fin(debt=debt, oi=oi, interest=interest, m12=120e6, y2=150e6), "SYN")
    assert v.thin_coverage is thin
    assert v.notes == notes


NOT_POSITIVE = "EBITDA is not positive while net debt is: leverage is high on any scale"


@pytest.mark.parametrize(
    ("debt", "cash", "oi", "da", "high", "notes"),
    [
        (2e9, 50e6, 40e6, 10e6, True, ()),  # 1.95B / 50M = 39x, above 4x
        (250e6, 50e6, 40e6, 10e6, False, ()),  # 200M / 50M = 4x exactly: not above
        (None, 50e6, 40e6, 10e6, False, ()),  # no debt: net debt is minus the cash
        (2e9, None, 40e6, 10e6, None, (NO_RESOURCES,)),  # no cash: no net debt
        (2e9, 50e6, 40e6, None, None, ()),  # no D&A: no EBITDA
        (2e9, 50e6, 0.5, 0.0, True, ()),  # EBITDA of 50 cents: 3.9 billion times
        (2e9, 50e6, -10e6, 10e6, True, (NOT_POSITIVE,)),  # EBITDA of 0, net debt 1.95B
        (50_000_001.0, 50e6, -30e6, 10e6, True, (NOT_POSITIVE,)),  # net debt of $1
        (50e6, 50e6, -30e6, 10e6, None, ()),  # net debt 0: leverage is no concern
    ],
)
def test_net_debt_ebitda_and_high_leverage_follow_from_the_figures(
    debt: float | None,
    cash: float | None,
    oi: float,
    da: float | None,
    high: bool | None,
    notes: tuple[str, ...],
) -> None:
    f = _fin(debt=debt, cash=cash, oi=oi, da=da, m12=120e6, y2=150e6)
    v = screen(f, "SYN")
    net_debt = None if cash is None else (debt or 0.0) - cash
    ebitda = None if da is None else oi + da
    assert v.net_debt_usd == net_debt and v.ebitda_usd == ebitda
    if net_debt is not None and ebitda is not None and ebitda > 0:
        assert v.net_debt_to_ebitda == net_debt / ebitda
    else:
        assert v.net_debt_to_ebitda is None
    assert v.high_leverage is high
    assert v.notes == notes


def test_ebitda_from_figures_of_different_periods_says_which_periods() -> None:
    f = _fin(m12=120e6, y2=150e6)
    assert f.depreciation_amortization is not None
    da_end = date(2026, 6, 30)
    f = replace(f, depreciation_amortization=replace(f.depreciation_amortization, end=da_end))
    v = screen(f, "SYN")
    assert v.ebitda_usd == 40e6 + 10e6
    assert v.notes == (
        f"EBITDA adds depreciation and amortisation for the twelve months to {da_end} to "
        f"operating income for the twelve months to {END}",
    )


@pytest.mark.parametrize(("debt", "cash"), [(None, None), (0.0, None), (None, 50e6)])
def test_without_debt_there_is_no_wall_to_exceed(debt: float | None, cash: float | None) -> None:
    v = screen(_fin(debt=debt, cash=cash), "SYN")
    assert v.wall_usd == 0.0 and v.wall_exceeds_resources is False
    assert v.status == "sound" and v.notes == ()
    assert v.rule.endswith("here coverage is thin but the wall is within resources.")


def test_filings_without_operating_income_give_an_unknown_that_names_the_company() -> None:
    v = screen(_fin(oi=None, m12=120e6, y2=150e6), "SYN")
    assert v.status == "unknown" and v.cik == "0000000001"
    assert v.rule == (
        "Unknown: the filings of SYNTHETIC (CIK 0000000001) have no operating income, so "
        "neither profitability nor resources can be judged (common for banks and insurers). "
        "Nothing is guessed."
    )


ON_FILE = f"(10-Q filed {FILED})"
SOUND_RULE = "Rule: not at risk unless the wall exceeds resources and coverage is thin; here"


@pytest.mark.parametrize(
    ("figures", "wall", "resources", "cov", "tail"),
    [
        (  # $270.0M due against $90.0M, but $40.0M covers $5.0M of interest 8 times
            {"interest": 5e6, "m12": 120e6, "y2": 150e6},
            "$270.0M",
            RESOURCES,
            "operating income $40.0M covers interest $5.0M 8.00×",
            "the wall exceeds resources but coverage is not thin",
        ),
        (  # no interest figure for $2B of debt
            {"interest": None, "m12": 120e6, "y2": 150e6},
            "$270.0M",
            RESOURCES,
            "interest coverage unknown",
            "the wall exceeds resources but coverage cannot be measured",
        ),
        (  # $50.0M due against $90.0M
            {"interest": 5e6, "m12": 20e6, "y2": 30e6},
            "$50.0M",
            RESOURCES,
            "operating income $40.0M covers interest $5.0M 8.00×",
            "the wall is within resources",
        ),
        (  # $50.0M due against $90.0M, 1.33x thin coverage
            {"m12": 20e6, "y2": 30e6},
            "$50.0M",
            RESOURCES,
            "operating income $40.0M covers interest $30.0M 1.33×",
            "coverage is thin but the wall is within resources",
        ),
        (  # $2B of debt without a schedule or a current portion
            {"interest": 0.0},
            "not measurable",
            RESOURCES,
            "no interest to cover",
            "the wall cannot be measured",
        ),
        (  # no cash figure: no resources to set the wall against
            {"cash": None, "interest": 5e6, "m12": 120e6, "y2": 150e6},
            "$270.0M",
            "cash n/a + a year of operating income $40.0M = n/a",
            "operating income $40.0M covers interest $5.0M 8.00×",
            "the wall cannot be measured",
        ),
    ],
)
def test_a_sound_verdict_says_the_wall_the_resources_the_coverage_and_why_not_at_risk(
    figures: dict[str, float | None], wall: str, resources: str, cov: str, tail: str
) -> None:
    v = screen(_fin(**figures), "SYN")
    assert v.status == "sound"
    exceeds = None if tail == "the wall cannot be measured" else tail.startswith("the wall exc")
    assert v.wall_exceeds_resources is exceeds
    assert v.rule == (
        f"Sound: debt due within 24 months {wall} against {resources}; {cov} {ON_FILE}. "
        f"{SOUND_RULE} {tail}."
    )


@pytest.mark.parametrize(
    ("figures", "wall"),
    [({"m12": 20e6, "y2": 10e6}, "$30.0M"), ({}, "not measurable")],
)
def test_an_unprofitable_verdict_says_the_loss_and_the_wall_against_cash_alone(
    figures: dict[str, float], wall: str
) -> None:
    # a $10.0M operating loss: a year of operating income adds $0 to the $50.0M of cash
    v = screen(_fin(oi=-10e6, interest=5e6, **figures), "SYN")
    assert v.status == "unprofitable" and not v.acts
    assert v.rule == (
        f"Unprofitable (shown, not acted on): operating loss of $10.0M in the twelve months "
        f"to {END} (10-Q filed {FILED}); debt due within 24 months {wall} against cash "
        "$50.0M + a year of operating income $0 = $50.0M. Rule: a loss alone is not a reason "
        "to sell."
    )
