"""What the plan does with the quality screen (issue 19): a leveraged company facing its
refinancing wall is sold before healthy holdings of its bucket and never bought; a well-funded
unprofitable biotech is kept unless drift alone requires selling it. The companies' figures
are SYNTHETIC (written here, not any company's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.brokers import load_household
from planner.core.financials import Figure, Financials
from planner.core.plan import SecurityFacts, make_plan
from planner.core.policy import BUCKETS, Policy, Trading
from planner.core.quality import screen

TODAY = date(2026, 11, 30)
END = date(2026, 9, 30)


def _fig(value: float) -> Figure:
    return Figure(value, ("Synthetic",), END, date(2026, 11, 5), "10-Q", "0-0", "synthetic")


def _fin(**values: float | None) -> Financials:
    """SYNTHETIC figures in dollars."""
    f = {k: (None if v is None else _fig(v)) for k, v in values.items()}
    return Financials(
        cik="0000000001",
        entity="SYNTHETIC",
        source="synthetic",
        fetched=None,
        period_end=END,
        total_debt=f.get("debt"),
        current_debt=None,
        cash=f.get("cash"),
        operating_income=f.get("oi"),
        interest_expense=f.get("interest"),
        depreciation_amortization=f.get("da"),
        maturities_12m=f.get("m12"),
        maturities_year_two=f.get("y2"),
        maturities_remainder_of_year=None,
    )


# LEVR: $900M due within two years against $60M cash and $35M a year of operating income,
# which covers its interest 0.7x. BIOX: no debt, $2.1B of cash, losing $300M a year.
LEVR = screen(
    _fin(debt=1.5e9, cash=60e6, oi=35e6, interest=50e6, da=20e6, m12=500e6, y2=400e6),
    "LEVR",
    today=TODAY,
)
BIOX = screen(
    _fin(debt=0.0, cash=2.1e9, oi=-300e6, interest=0.0, da=5e6, m12=0.0, y2=0.0),
    "BIOX",
    today=TODAY,
)


def _household(tmp_path: Path, cash: float) -> object:
    """A Roth IRA holding $20,000 of each company and some cash (a Schwab 2025-26 export)."""
    rows = [("LEVR", "LEVERED INDUSTRIES", 400, 50.0), ("BIOX", "BIOX THERAPEUTICS", 500, 40.0)]
    lines = [
        '"Positions for account Roth IRA ...7702 as of 04:10 PM ET, 2026/11/27"',
        "",
        '"Symbol","Description","Qty (Quantity)","Price","Mkt Val (Market Value)",'
        '"Cost Basis","Asset Type",',
    ]
    total = cash
    for sym, name, qty, price in rows:
        lines.append(
            f'"{sym}","{name}","{qty}","{price:.2f}","${qty * price:,.2f}",'
            f'"${qty * price:,.2f}","Equity",'
        )
        total += qty * price
    lines.append(
        f'"Cash & Cash Investments","--","--","--","${cash:,.2f}","--","Cash and Money Market",'
    )
    lines.append(f'"Positions Total","","--","--","${total:,.2f}","--","--",')
    path = tmp_path / "roth.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_household([str(path)])


def _facts() -> dict[str, SecurityFacts]:
    facts = {}
    for sym, v in (("LEVR", LEVR), ("BIOX", BIOX)):
        facts[sym] = SecurityFacts(
            {"small": 1.0}, low_quality=v.acts, quality_note=v.rule if v.acts else "", kind="stock"
        )
    facts["IJR"] = SecurityFacts({"small": 1.0}, price=145.0, price_as_of=TODAY)
    facts["BND"] = SecurityFacts({"bonds": 1.0}, price=74.0, price_as_of=TODAY)
    return facts


def _targets(small: float) -> dict[str, float]:
    t = dict.fromkeys(BUCKETS, 0.0)
    t.update(small=small, bonds=0.97 - small, cash=0.03)
    return t


def test_the_screen_tells_the_two_apart() -> None:
    assert LEVR.status == "refinancing_risk" and LEVR.acts
    assert LEVR.wall_usd is not None and LEVR.resources_usd is not None
    assert LEVR.wall_usd > LEVR.resources_usd
    assert BIOX.status == "unprofitable" and not BIOX.acts


def test_the_leveraged_name_is_sold_first_and_the_biotech_kept(tmp_path: Path) -> None:
    household = _household(tmp_path, 1_000.0)
    # half the small-caps must go: the plan sells the one at risk, not the biotech
    policy = Policy(
        targets=_targets(0.5),
        vehicles={"small": "IJR", "bonds": "BND"},
        trading=Trading(min_trade=100.0),
    )
    plan = make_plan(household, _facts(), policy, None, as_of=TODAY)
    sold = {t.symbol: t for t in plan.trades if t.side == "sell"}
    assert "LEVR" in sold and "BIOX" not in sold
    assert not any(t.side == "buy" and t.symbol == "LEVR" for t in plan.trades)
    why = sold["LEVR"].explanation
    assert "quality_exit" in sold["LEVR"].reasons
    # the sentence carries the screen's figures: the wall and the resources, in dollars
    assert "$900.0M" in why and "$95.0M" in why  # the wall; cash + a year of operating income
    assert f"{LEVR.interest_coverage:.2f}" in why


def test_the_biotech_is_sold_only_when_drift_alone_requires_it(tmp_path: Path) -> None:
    household = _household(tmp_path, 1_000.0)
    policy = Policy(
        targets=_targets(0.0),
        vehicles={"small": "IJR", "bonds": "BND"},
        trading=Trading(min_trade=100.0),
    )
    plan = make_plan(household, _facts(), policy, None, as_of=TODAY)
    biox = [t for t in plan.trades if t.symbol == "BIOX" and t.side == "sell"]
    assert biox and "quality_exit" not in biox[0].reasons and "drift" in biox[0].reasons
    assert "low quality" not in biox[0].explanation


def test_never_bought_even_when_small_caps_are_wanted(tmp_path: Path) -> None:
    household = _household(tmp_path, 30_000.0)
    policy = Policy(
        targets=_targets(0.9),
        vehicles={"small": ("LEVR", "IJR"), "bonds": "BND"},
        trading=Trading(min_trade=100.0, buy_single_stocks=True, max_position=1.0),
    )
    plan = make_plan(household, _facts(), policy, None, as_of=TODAY)
    assert not any(t.side == "buy" and t.symbol == "LEVR" for t in plan.trades)
    assert any(t.side == "buy" and t.symbol in ("IJR", "BIOX") for t in plan.trades)
    assert plan.buckets["small"].post > plan.buckets["small"].current
