"""quality_report directly: which verdict each holding gets (screen_symbols, wall_exposure),
the refinancing-wall block as it is written to the exposure JSON (``WallExposure.as_dict``),
and a verdict as plain data for JSON and the workbook (``verdict_dict``), key by key."""

from __future__ import annotations

from datetime import date

from planner.core.financials import Figure, Financials
from planner.core.quality import QualitySettings, QualityVerdict, screen
from planner.core.quality_report import (
    WallExposure,
    WallName,
    screen_symbols,
    verdict_dict,
    wall_exposure,
)

END = date(2026, 9, 30)
FILED = date(2026, 11, 5)
TODAY = date(2026, 11, 30)


def fig(value: float, tag: str = "Synthetic") -> Figure:
    return Figure(value, (tag,), END, FILED, "10-Q", "0000000000-26-000001", "synthetic")


def fin(*, cash: float = 50.0, interest: float = 30.0) -> Financials:
    """SYNTHETIC figures (dollars): debt 500, operating income 40, a wall of 100 + 100 due in
    24 months against resources of cash + 40; coverage 40 / ``interest``."""
    return Financials(
        cik="0000000001",
        entity="SYNTHETIC CORP",
        source="synthetic",
        fetched=None,
        period_end=END,
        total_debt=fig(500.0),
        current_debt=None,
        cash=fig(cash),
        operating_income=fig(40.0),
        interest_expense=fig(interest),
        depreciation_amortization=fig(10.0),
        maturities_12m=fig(100.0),
        maturities_year_two=fig(100.0),
    )


def test_wall_exposure_as_dict_names_every_field_and_rounds_dollars_to_cents() -> None:
    # SYNTHETIC dollars with more than two decimals, each rounding to a different cent so a
    # value in the wrong key, unrounded, rounded to whole dollars or to three places shows.
    risk = WallName(
        symbol="RISK",
        market_value=1234.5678,
        status="refinancing_risk",
        wall_usd=200.125,
        resources_usd=90.5,
        interest_coverage=1.3333,
        filed=date(2026, 11, 5),
        rule="Rule: wall beyond resources.",
    )
    nothing = WallName(
        symbol="ZZZ",
        market_value=30.4951,
        status="unknown",
        wall_usd=None,
        resources_usd=None,
        interest_coverage=None,
        filed=None,
        rule="Unknown: no verdict for ZZZ.",
    )
    x = WallExposure(
        at_risk_usd=1234.5678,
        wall_exceeds_usd=1304.5671,
        unprofitable_usd=300.4449,
        sound_usd=270.1251,
        unknown_usd=30.4951,
        total_usd=1835.6329,
        names=(risk, nothing),
    )
    assert x.as_dict() == {
        "at_risk_usd": 1234.57,
        "wall_exceeds_usd": 1304.57,
        "unprofitable_usd": 300.44,
        "sound_usd": 270.13,
        "unknown_usd": 30.5,
        "total_usd": 1835.63,
        "names": [
            {
                "symbol": "RISK",
                "market_value": 1234.57,
                "status": "refinancing_risk",
                # the verdict's own figures pass through as they are
                "wall_usd": 200.125,
                "resources_usd": 90.5,
                "interest_coverage": 1.3333,
                "filed": "2026-11-05",
                "rule": "Rule: wall beyond resources.",
            },
            {
                "symbol": "ZZZ",
                "market_value": 30.5,
                "status": "unknown",
                "wall_usd": None,
                "resources_usd": None,
                "interest_coverage": None,
                "filed": None,
                "rule": "Unknown: no verdict for ZZZ.",
            },
        ],
    }


def test_screen_symbols_passes_the_symbol_settings_and_date_to_the_screen() -> None:
    store = {"0000000001": fin()}
    ciks = {"BRK.B": "0000000001"}
    # coverage 40 / 30 = 1.33: thin under the default 2.0, not under 1.0
    default = screen_symbols(["BRK/B"], ciks, store, today=TODAY)["BRK/B"]
    lenient = screen_symbols(
        ["BRK/B"], ciks, store, QualitySettings(thin_coverage_below=1.0), TODAY
    )["BRK/B"]
    assert default.symbol == "BRK/B" and default.status == "refinancing_risk"
    assert lenient.symbol == "BRK/B" and lenient.status == "sound"
    # filed 2026-11-05: 24 days old on TODAY, 1,153 days old on 2030-01-01 (past 485)
    assert not default.stale
    assert screen_symbols(["BRK/B"], ciks, store, today=date(2030, 1, 1))["BRK/B"].stale
    assert not screen_symbols(["BRK/B"], ciks, store)["BRK/B"].stale  # no date: never stale


def test_wall_exposure_finds_a_verdict_under_another_spelling_and_prefers_the_exact_one() -> None:
    risk = screen(fin(), "BRK.B", today=TODAY)
    sound = screen(fin(cash=1e6), "BRK-B", today=TODAY)
    # held as BRK/B, screened as BRK.B: the same security (symbol_key BRKB)
    x = wall_exposure([("BRK/B", 100.0)], {"BRK.B": risk})
    assert x.at_risk_usd == 100.0 and x.names[0].status == "refinancing_risk"
    # both spellings screened: the one spelled as held counts
    both = {"BRK.B": risk, "BRK-B": sound}
    assert wall_exposure([("BRK.B", 100.0)], both).at_risk_usd == 100.0
    assert wall_exposure([("BRK-B", 100.0)], both).sound_usd == 100.0


def test_wall_exposure_names_carry_the_verdicts_figures_or_say_there_is_none() -> None:
    v = screen(fin(), "RISK", today=TODAY)
    x = wall_exposure([("RISK", 1000.0), ("ZZZ", 30.0)], {"RISK": v})
    assert x.names == (
        WallName(
            symbol="RISK",
            market_value=1000.0,
            status="refinancing_risk",
            wall_usd=100.0 + 100.0,
            resources_usd=50.0 + 40.0,
            interest_coverage=40.0 / 30.0,
            filed=FILED,
            rule=v.rule,
        ),
        WallName(
            symbol="ZZZ",
            market_value=30.0,
            status="unknown",
            wall_usd=None,
            resources_usd=None,
            interest_coverage=None,
            filed=None,
            rule="Unknown: no verdict for ZZZ.",
        ),
    )


def _verdict(financials: Financials | None, filed: date | None) -> QualityVerdict:
    return QualityVerdict(
        symbol="SYN",
        status="refinancing_risk",
        rule="Refinancing risk: the rule in words.",
        cik="0000000001",
        financials=financials,
        interest_coverage=1.25,
        net_debt_usd=450.0,
        ebitda_usd=50.0,
        net_debt_to_ebitda=9.0,
        wall_usd=200.0,
        resources_usd=90.0,
        wall_exceeds_resources=True,
        thin_coverage=True,
        high_leverage=False,
        filed=filed,
        form="10-Q",
        stale=True,
        notes=("a note",),
    )


def test_verdict_dict_names_every_field_and_every_figure_with_its_filing() -> None:
    f = Financials(
        cik="0000000001",
        entity="SYNTHETIC CORP",
        source="SEC companyfacts, fetched 2026-11-20",
        fetched=None,
        period_end=END,
        total_debt=Figure(500.0, ("LongTermDebt", "DebtCurrent"), END, FILED, "10-Q", "A-1", "sum"),
        current_debt=None,
        cash=fig(50.0, "Cash"),
        operating_income=None,
        interest_expense=None,
        depreciation_amortization=None,
        maturities_12m=None,
        maturities_year_two=None,
    )
    cash = {
        "value": 50.0,
        "tags": ["Cash"],
        "end": "2026-09-30",
        "filed": "2026-11-05",
        "form": "10-Q",
        "accn": "0000000000-26-000001",
        "method": "synthetic",
    }
    debt = {
        "value": 500.0,
        "tags": ["LongTermDebt", "DebtCurrent"],
        "end": "2026-09-30",
        "filed": "2026-11-05",
        "form": "10-Q",
        "accn": "A-1",
        "method": "sum",
    }
    missing = ("operating_income", "interest_expense", "depreciation_amortization")
    schedule = ("maturities_12m", "maturities_year_two", "maturities_remainder_of_year")
    figures = {
        "total_debt": debt,
        "current_debt": None,
        "cash": cash,
        **dict.fromkeys(missing + schedule),
    }
    assert verdict_dict(_verdict(f, FILED)) == {
        "symbol": "SYN",
        "status": "refinancing_risk",
        "rule": "Refinancing risk: the rule in words.",
        "cik": "0000000001",
        "entity": "SYNTHETIC CORP",
        "source": "SEC companyfacts, fetched 2026-11-20",
        "filed": "2026-11-05",
        "form": "10-Q",
        "stale": True,
        "interest_coverage": 1.25,
        "net_debt_usd": 450.0,
        "ebitda_usd": 50.0,
        "net_debt_to_ebitda": 9.0,
        "wall_usd": 200.0,
        "resources_usd": 90.0,
        "wall_exceeds_resources": True,
        "thin_coverage": True,
        "high_leverage": False,
        "figures": figures,
        "notes": ["a note"],
    }


def test_verdict_dict_without_filings_has_no_entity_source_date_or_figures() -> None:
    d = verdict_dict(_verdict(None, None))
    assert (d["entity"], d["source"], d["filed"], d["figures"]) == (None, None, None, {})
    assert d["symbol"] == "SYN" and d["notes"] == ["a note"]
