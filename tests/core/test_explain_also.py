"""The other buckets a trade moves the wrong way (``planner/core/explain.py``): a purchase named
for its large-caps that also adds mega-caps the household ends with too many of says so, with
the dollars, the share of the security, the figures and the band; and the article each figure
takes when it is read ("an 8.0% target", "an $11,500 gain").

Every expected figure is computed here from the trade and the rows written in the test.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from planner.core.explain import DRIFT_SHARE, Why, explain
from planner.core.plan_model import BucketRow, SecurityFacts
from planner.core.problem import AccountState, LotSale, Security, Trade
from planner.core.wording import a, plain, share_of

IRA = AccountState("A1", "tax_deferred", 0.0, name="IRA")
TAXABLE = AccountState("A1", "taxable", 0.0, name="Joint")
VOO = {"mega": 0.60, "large": 0.23, "mid": 0.17}
PRICE = 500.0


def _row(current: float, post: float, target: float, band: float = 0.05) -> BucketRow:
    return BucketRow(current=current, target=target, policy_target=target, post=post, band=band)


def _sentence(
    side: str,
    mix: Mapping[str, float],
    rows: Mapping[str, BucketRow],
    bucket: str | None,
    shares: float = 20.0,
    **why: object,
) -> str:
    trade = Trade("A1", "VOO", side, shares, PRICE, None, 0.0)
    reasons = ("drift",) if bucket else ("cash_invest",)
    w = Why(reasons, bucket, 0.0, 0.0, **why)  # type: ignore[arg-type]
    return explain(trade, Security("VOO", PRICE, dict(mix)), IRA, rows, w, None)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _clause(  # the article is a()'s, tested on its own below
    verb: str, k: str, share: float, value: float, row: BucketRow, way: str
) -> str:
    inside = "inside" if abs(row.post - row.target) <= row.band else "outside"
    return (
        f"it also {verb} ${value * share:,.0f} of {plain(k)} ({share_of(share)} of VOO), which "
        f"end the plan {way} their target ({_pct(row.current)} now, {_pct(row.post)} after the "
        f"plan, against {a(_pct(row.target))} target, {inside} their "
        f"{100 * row.band:.1f}-point band)"
    )


ROWS = {
    "mega": _row(0.40, 0.29, 0.25),  # ends above its target, inside the 5-point band
    "large": _row(0.08, 0.12, 0.20),  # the bucket the purchase is named for
    "mid": _row(0.07, 0.135, 0.10, band=0.025),  # ends above, outside its 2.5-point band
    "cash": _row(0.05, 0.0, 0.0),
}


def test_a_purchase_names_every_other_bucket_it_adds_to_past_its_target_largest_first() -> None:
    text = _sentence("buy", VOO, ROWS, "large")
    value = 20.0 * PRICE
    mega = _clause("adds", "mega", VOO["mega"], value, ROWS["mega"], "above")
    mid = _clause("adds", "mid", VOO["mid"], value, ROWS["mid"], "above")
    assert f"; {mega}; {mid}." in text
    assert text.count("it also") == 2


@pytest.mark.parametrize(
    ("post", "named"),
    [
        (0.25, False),  # on its target
        (0.2504, False),  # above it, but not as the sentence shows it (25.0%)
        (0.2506, True),  # 25.1%: above
        (0.20, False),  # below: the purchase narrows it
    ],
)
def test_a_purchase_names_a_bucket_only_if_it_ends_above_its_target_as_shown(
    post: float, named: bool
) -> None:
    rows = {**ROWS, "mega": _row(0.40, post, 0.25)}
    text = _sentence("buy", VOO, rows, "large")
    assert (f"of {plain('mega')} (60% of VOO)" in text) is named


def test_a_sale_names_the_buckets_it_takes_from_that_end_below_their_target() -> None:
    fund = {"mega": 0.60, "large": 0.25, "small": 0.15}
    rows = {
        "mega": _row(0.80, 0.35, 0.25),  # the bucket the sale is named for
        "large": _row(0.04, 0.03, 0.11, band=0.0275),  # ends below: named
        "small": _row(0.20, 0.12, 0.10),  # ends above: the sale narrows it, not named
        "cash": _row(0.05, 0.03, 0.03),
    }
    text = _sentence("sell", fund, rows, "mega")
    large = _clause("takes off", "large", fund["large"], 20.0 * PRICE, rows["large"], "below")
    assert f"; {large};" in text
    assert "an 11.0% target" in text  # the article as it is read
    assert plain("small") + " (15%" not in text


def test_shares_below_the_drift_share_the_paired_bucket_and_cash_are_not_named() -> None:
    tiny = DRIFT_SHARE - 0.01
    fund = {"large": 1.0 - tiny - 0.3, "mega": 0.3, "micro": tiny, "cash": 0.0}
    rows = {**ROWS, "micro": _row(0.0, 0.01, 0.0)}  # micro-caps end above, but a sliver
    text = _sentence("buy", fund, rows, "large")
    assert f"of {plain('micro')}" not in text
    assert f"of {plain('mega')} (30% of VOO)" in text
    paired = _sentence("buy", fund, rows, "large", paired="mega", partners=("QQQ",))
    assert "it also" not in paired  # the pairing clause already gives mega-caps' figures


def test_a_purchase_named_for_cash_says_it_too_but_a_sale_named_for_cash_keeps_its_own() -> None:
    text = _sentence("buy", VOO, ROWS, None)
    assert text.count("it also adds") == 2
    sale = _sentence("sell", VOO, {**ROWS, "mega": _row(0.40, 0.20, 0.25)}, None)
    assert "it also" not in sale  # a sale named for no bucket says where its bucket ends


def test_international_equity_is_said_in_the_singular() -> None:
    fund = {"large": 0.7, "intl_equity": 0.3}
    rows = {**ROWS, "intl_equity": _row(0.10, 0.16, 0.15)}
    text = _sentence("buy", fund, rows, "large")
    assert "which ends the plan above its target" in text
    assert "inside its 5.0-point band" in text


@pytest.mark.parametrize(
    ("figure", "article"),
    [
        ("8.0%", "an"),
        ("11.0%", "an"),
        ("18.5%", "an"),
        ("80.0%", "an"),
        ("1.0%", "a"),
        ("110.0%", "a"),
        ("0.0%", "a"),
        ("$8,000", "an"),
        ("$11,500", "an"),
        ("$18", "an"),
        ("$800", "an"),
        ("$1,100", "a"),
        ("$180,000", "a"),
        ("$111", "a"),
    ],
)
def test_a_figure_takes_the_article_it_is_read_with(figure: str, article: str) -> None:
    assert a(figure) == f"{article} {figure}"


def _sale(gain: float, tax: float, cost: float | None, plan_losses: bool) -> str:
    lots = (LotSale(0, 10.0, cost, None, "unknown", gain),)
    sale = Trade("A1", "AAPL", "sell", 10.0, PRICE, gain, tax, lots)
    rows = {"mega": _row(0.40, 0.30, 0.25), "cash": _row(0.05, 0.05, 0.05)}
    w = Why(("drift",), "mega", 0.0, 0.0, plan_losses=plan_losses)
    return explain(sale, Security("AAPL", PRICE, {"mega": 1.0}), TAXABLE, rows, w, None)


@pytest.mark.parametrize("plan_losses", [True, False])
def test_a_gain_the_plans_net_leaves_untaxed_says_why_not_about_0_tax(plan_losses: bool) -> None:
    gain = 776.0
    why = "no tax (the plan's losses offset it)" if plan_losses else "no tax"
    text = _sentence_end(_sale(gain, 0.0, 10 * PRICE - gain, plan_losses))
    assert text == f"realises a ${gain:,.0f} gain, {why}."
    unknown = _sentence_end(_sale(10 * PRICE, 0.0, None, plan_losses))
    assert unknown == f"counts as gain, to be safe: {why}."
    assert "$0 tax" not in unknown


def test_a_taxed_gain_and_a_gain_under_half_a_dollar_say_about_their_tax() -> None:
    taxed = _sale(776.0, 155.2, 10 * PRICE - 776.0, True)
    assert taxed.endswith(f"realises a $776 gain, about ${155.2:,.0f} tax.")
    tiny = _sale(0.4, 0.0, 10 * PRICE - 0.4, True)
    assert tiny.endswith("realises a $0 gain, about $0 tax.")


def _sentence_end(text: str) -> str:
    return text.rsplit("; ", 1)[1].split(", so the whole $5,000 ")[-1]


@pytest.mark.parametrize(
    ("words", "article"),
    [
        ("international equity", "an"),
        ("mid-caps", "a"),
        ("other holdings", "an"),
        ("small-caps", "a"),
    ],
)
def test_words_take_the_article_of_their_first_letter(words: str, article: str) -> None:
    assert a(words) == f"{article} {words}"


def test_a_fund_placed_like_a_fund_of_its_kind_calls_the_other_buckets_share_an_estimate() -> None:
    trade = Trade("A1", "VOO", "buy", 20.0, PRICE, None, 0.0)
    why = Why(("drift",), "large", 0.0, 0.0)
    guessed = SecurityFacts(dict(VOO), source="guessed")
    text = explain(trade, Security("VOO", PRICE, dict(VOO)), IRA, ROWS, why, guessed)
    value = 20.0 * PRICE
    mega = _clause("adds", "mega", VOO["mega"], value, ROWS["mega"], "above")
    said = mega.replace(
        f"({share_of(VOO['mega'])} of VOO)", f"(an estimated {share_of(VOO['mega'])} of VOO)"
    )
    assert said != mega and f"; {said};" in text
    # placed by its own holdings: the share is stated as fact
    held = explain(
        trade, Security("VOO", PRICE, dict(VOO)), IRA, ROWS, why, SecurityFacts(dict(VOO))
    )
    assert f"; {mega};" in held and "estimated" not in held
