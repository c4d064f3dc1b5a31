"""Why each trade and its sentence (``planner/core/explain.py``), called directly, on the edges
the other explain tests leave open: trades of a dollar, a full tie between buckets, targets that
name no cash, a target held in cash, float noise in a tilt, which reason comes first, and the
figures a clause is judged by as the sentence shows them (to a tenth of a percent).

Every expected reason, figure and word comes from the inputs written here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from planner.core.explain import Why, explain
from planner.core.plan_model import BucketRow, SecurityFacts
from planner.core.policy import BUCKETS
from planner.core.problem import AccountState, Security, Trade
from tests.core.test_explain_direct import TARGETS, TAXABLE, judge, post, problem, row

FAR = 5_000.0  # dollars from a target: more than any trade here moves


# --- reasons_for ---------------------------------------------------------------------------------


def test_a_one_dollar_purchase_is_named_by_its_bucket() -> None:
    # $1 of mid-caps into a bucket $5,000 short narrows it by the whole dollar
    w = judge("buy", {"mid": 1.0}, post(mid=-FAR), value=1.0, price=1.0)
    assert (w.reasons, w.bucket) == (("drift",), "mid")
    assert w.drift_cut == pytest.approx(1.0)


@pytest.mark.parametrize("value", [1.0, 0.5])
def test_a_purchase_of_a_dollar_or_less_that_narrows_only_cash_invests_cash(value: float) -> None:
    # mid-caps end above their target (the purchase widens that), cash above its own: spending
    # the cash narrows it by the whole purchase
    w = judge("buy", {"mid": 1.0}, post(mid=FAR, cash=FAR), value=value, price=1.0)
    assert (w.reasons, w.bucket) == (("cash_invest",), None)


def test_a_full_tie_goes_to_the_first_bucket_in_the_policys_order() -> None:
    # half mid-caps, half small-caps, both $5,000 short: each narrowed by $500, the same share
    w = judge("buy", {"small": 0.5, "mid": 0.5}, post(mid=-FAR, small=-FAR))
    assert (w.reasons, w.bucket) == (("drift",), "mid")
    assert w.drift_cut == pytest.approx(500.0)


def test_targets_that_name_no_cash_give_cash_a_target_of_nothing() -> None:
    # mid-caps $10,000 above their half, $2,000 of cash against no cash target: a purchase of
    # mid-caps widens them and spends cash the household should not hold
    targets = {"mid": 0.5, "large": 0.5}
    after = {k: 0.0 for k in BUCKETS} | {"mid": 60_000.0, "large": 38_000.0, "cash": 2_000.0}
    w = judge("buy", {"mid": 1.0}, after, prob=problem(targets=targets))
    assert (w.reasons, w.bucket) == (("cash_invest",), None)


@pytest.mark.parametrize("deposit", [1.0, 0.5])
def test_a_purchase_in_an_account_with_any_deposit_invests_it(deposit: float) -> None:
    account = AccountState("A1", "taxable", 0.0, name="Joint", deposit=deposit)
    w = judge("buy", {"mid": 1.0}, post(mid=-FAR), account=account)
    assert w.reasons == ("drift", "cash_invest")


def test_a_harvested_sale_named_by_cash_raises_cash_first() -> None:
    # mid-caps end below their target (the sale widens that), cash below its own
    w = judge("sell", {"mid": 1.0}, post(mid=-FAR, cash=-FAR), harvested=True)
    assert (w.reasons, w.bucket) == (("cash_raise", "tax_loss_harvest"), None)


def test_a_harvested_sale_its_account_needs_is_funding_first() -> None:
    # the account ends the plan with nothing of the $1,000 the sale raised
    w = judge("sell", {"mid": 1.0}, post(mid=-FAR), harvested=True, cash_after=0.0)
    assert (w.reasons, w.bucket) == (("funding", "tax_loss_harvest"), None)


def test_a_harvested_sale_that_saves_tax_drag_is_location_first() -> None:
    # bonds end below their target, cash above it: the sale narrows neither; the default
    # table charges bonds $0.010 a year per dollar in a taxable account
    w = judge("sell", {"bonds": 1.0}, post(bonds=-FAR, cash=FAR), harvested=True)
    assert w.reasons == ("location", "tax_loss_harvest")
    assert w.location_change == pytest.approx(-1_000.0 * 0.010)


def test_a_target_held_in_cash_is_no_regime_tilt() -> None:
    # 5 points of mid-caps' 12.5% held in cash (no vehicle can be bought), no tilt: selling
    # mid-caps above their 7.5% is drift, not the regime
    targets = {**TARGETS, "mid": 0.075, "cash": 0.1125}
    prob = problem(targets=targets, base=TARGETS, held={"mid": -0.05, "cash": 0.05})
    w = judge("sell", {"mid": 1.0}, post(targets, mid=FAR), prob=prob)
    assert (w.reasons, w.bucket) == (("drift",), "mid")


def test_a_bucket_the_targets_do_not_name_has_no_target_and_no_tilt() -> None:
    # all large-caps; the household ends with $5,000 of small-caps it should not hold
    targets = {"large": 1.0}
    after = {k: 0.0 for k in BUCKETS} | {"large": 95_000.0, "small": 5_000.0}
    w = judge("sell", {"small": 1.0}, after, prob=problem(targets=targets))
    assert (w.reasons, w.bucket) == (("drift",), "small")
    assert w.drift_cut == pytest.approx(1_000.0)


def test_a_purchase_into_a_short_bucket_the_targets_do_not_name_has_no_tilt() -> None:
    # all large-caps; a written call leaves other holdings $5,000 below nothing after the plan
    targets = {"large": 1.0}
    after = {k: 0.0 for k in BUCKETS} | {"large": 105_000.0, "other": -5_000.0}
    w = judge("buy", {"other": 1.0}, after, prob=problem(targets=targets))
    assert (w.reasons, w.bucket) == (("drift",), "other")
    assert w.drift_cut == pytest.approx(1_000.0)


def test_float_noise_in_a_target_is_no_regime_tilt() -> None:
    # a trillionth of the household between the target and the policy's: no tilt to speak of
    targets = {**TARGETS, "small": TARGETS["small"] + 1e-12}
    w = judge(
        "buy",
        {"small": 1.0},
        post(targets, small=-FAR),
        prob=problem(targets=targets, base=TARGETS),
    )
    assert (w.reasons, w.bucket) == (("drift",), "small")


# --- explain -------------------------------------------------------------------------------------


CASH = row(0.01, 0.005, 0.03)
FACT = SecurityFacts({"mid": 1.0}, source="master")


def said(
    t: Trade,
    mix: Mapping[str, float],
    why: Why,
    rows: Mapping[str, BucketRow] | None = None,
    account: AccountState = TAXABLE,
) -> str:
    return explain(
        t, Security(t.symbol, t.price, mix), account, {"cash": CASH, **(rows or {})}, why, FACT
    )


def ijh(side: str, gain: float | None = None, tax: float = 0.0) -> Trade:
    return Trade("A1", "IJH", side, 40.0, 100.0, gain, tax)  # $4,000


DRIFT_MID = Why(("drift",), "mid", 0.0, 0.0)
HELD = "(15.0% policy - 5.0 pts no vehicle can be bought)"


def test_a_bucket_with_part_of_its_target_held_in_cash_says_so() -> None:
    rows = {"mid": row(0.05, 0.07, 0.10, 0.15, held=-0.05)}
    assert said(ijh("buy"), {"mid": 1.0}, DRIFT_MID, rows) == (
        "Buy 40 IJH at $100.00 ($4,000) in Joint (taxable): mid-caps are 5.0% of the household "
        f"against a 10.0% target {HELD}; this adds $4,000 of them; after the plan mid-caps are "
        "7.0%."
    )


def test_a_bucket_below_zero_says_short_positions_right_after_its_figure() -> None:
    why = Why(("drift",), "other", 4_000.0, 0.0)
    text = said(ijh("sell"), {"other": 1.0}, why, {"other": row(0.02, -0.01, 0.0)})
    assert (
        "after the plan other holdings are -1.0% (short positions, which the plan does not "
        "trade, count below zero); no tax"
    ) in text


def test_a_bucket_a_hair_below_zero_shown_at_zero_says_nothing_of_short_positions() -> None:
    # -0.0496 points: shown 0.0%, as the note is judged
    why = Why(("drift",), "other", 4_000.0, 0.0)
    text = said(ijh("sell"), {"other": 1.0}, why, {"other": row(0.02, -0.000496, 0.0)})
    assert "after the plan other holdings are 0.0%; no tax" in text
    assert "short positions" not in text


def test_fifty_cents_of_new_cash_is_what_grows_the_household_past_a_purchase() -> None:
    why = Why(("drift",), "intl_equity", 0.0, 0.0, new_cash=0.5)
    vxus = Trade("A1", "VXUS", "buy", 10.0, 100.0, None, 0.0)
    text = said(vxus, {"intl_equity": 1.0}, why, {"intl_equity": row(0.14, 0.13, 0.15)})
    assert text.endswith(
        "after the plan international equity is 13.0%; the new cash grows the household more "
        "than this adds to it."
    )


@pytest.mark.parametrize(
    ("cash", "what"),
    [
        # 3.4% > 3.0% > 2.8%: brought below its target
        (row(0.034, 0.028, 0.03), "cash, which the plan's purchases bring below its target"),
        # 3.04% is shown 3.0%, at its target: not above it
        (row(0.0304, 0.02, 0.03), "cash"),
        (row(0.03, 0.02, 0.03), "cash"),
    ],
)
def test_cash_brought_below_its_target_is_judged_as_shown(cash: BucketRow, what: str) -> None:
    why = Why(("cash_raise",), None, 0.0, 0.0)
    text = said(ijh("sell"), {"intl_equity": 1.0}, why, {"cash": cash})
    assert (
        f"; raises {what}: cash is {100 * cash.current:.1f}% of the household against a 3.0% "
        f"target, {100 * cash.post:.1f}% after the plan;"
    ) in text


# cash's 3% policy target with 5 points of bonds' held in it: an 8% target
CASH_HOLDS_BONDS = {
    "cash": row(0.06, 0.07, 0.08, 0.03, held=0.05),
    "bonds": row(0.0, 0.0, 0.0, 0.05, held=-0.05),
}
CASH_TARGET = "against an 8.0% target (3.0% policy + 5.0 pts held for bonds), 7.0% after the plan"


@pytest.mark.parametrize(
    ("side", "reason", "verb"),
    [("sell", "cash_raise", "raises cash"), ("buy", "cash_invest", "invests cash")],
)
def test_cash_with_a_bucket_held_in_it_says_what_it_holds(
    side: str, reason: str, verb: str
) -> None:
    why = Why((reason,), None, 0.0, 0.0)
    text = said(ijh(side), {"intl_equity": 1.0}, why, CASH_HOLDS_BONDS)
    assert f"; {verb}: cash is 6.0% of the household {CASH_TARGET}" in text


@pytest.mark.parametrize(
    ("deposit", "new_cash", "plan_sells", "what"),
    [
        (0.0, 0.5, False, "the new cash"),
        (0.5, 0.0, True, "the cash the plan's sales raise and new cash"),
        (0.0, 0.5, True, "the cash the plan's sales raise and new cash"),
        (0.0, 0.0, True, "the cash the plan's sales raise"),
    ],
)
def test_any_new_cash_a_purchase_invests_is_said(
    deposit: float, new_cash: float, plan_sells: bool, what: str
) -> None:
    # cash 1.0% of the household against its 3.0% target: below it
    account = AccountState("A1", "taxable", 0.0, name="Joint", deposit=deposit)
    why = Why(("cash_invest",), None, 0.0, 0.0, new_cash=new_cash, plan_sells=plan_sells)
    assert said(ijh("buy"), {"intl_equity": 1.0}, why, account=account) == (
        f"Buy 40 IJH at $100.00 ($4,000) in Joint (taxable); invests {what}: cash is 1.0% of "
        "the household against a 3.0% target, 0.5% after the plan."
    )


@pytest.mark.parametrize(
    ("losses", "tax"), [(False, "no tax"), (True, "no tax (the plan's losses offset it)")]
)
def test_a_one_dollar_gain_the_plan_owes_no_tax_on_says_so(losses: bool, tax: str) -> None:
    why = Why(("funding",), None, 0.0, 0.0, plan_losses=losses)
    text = said(ijh("sell", gain=1.0, tax=0.0), {"intl_equity": 1.0}, why)
    assert text.endswith(f"; realises a $1 gain, {tax}.")


# --- explain: the other buckets a trade moves the wrong way -----------------------------------


def test_the_other_buckets_moved_the_wrong_way_come_largest_share_first() -> None:
    mix = {"mid": 0.5, "small": 0.3, "large": 0.2}  # not in the policy's order
    rows = {
        "mid": row(0.05, 0.07),
        "large": row(0.25, 0.30, 0.25),
        "small": row(0.12, 0.15),
    }
    text = said(ijh("buy"), mix, DRIFT_MID, rows)
    small = text.index("; it also adds $1,200 of small-caps (30% of IJH)")
    large = text.index("; it also adds $800 of large-caps (20% of IJH)")
    assert small < large


def test_the_cash_a_fund_holds_is_not_a_bucket_it_moves_the_wrong_way() -> None:
    # cash ends above its target, and a fifth of the fund is cash
    rows = {"mid": row(0.05, 0.07), "cash": row(0.04, 0.05, 0.03)}
    text = said(ijh("buy"), {"mid": 0.8, "cash": 0.2}, DRIFT_MID, rows)
    assert "it also" not in text


def test_another_bucket_of_exactly_a_tenth_of_the_trade_is_said() -> None:
    rows = {"mid": row(0.05, 0.07), "small": row(0.12, 0.15)}
    text = said(ijh("buy"), {"mid": 0.9, "small": 0.1}, DRIFT_MID, rows)
    assert (
        "; it also adds $400 of small-caps (10% of IJH), which end the plan above their target "
        "(12.0% now, 15.0% after the plan, against a 10.0% target, outside their 2.5-point "
        "band)."
    ) in text


@pytest.mark.parametrize(
    ("side", "small"),
    [
        ("buy", row(0.10, 0.103, 0.104)),  # 10.3% against 10.4%: below it
        ("buy", row(0.10, 0.10, 0.09994)),  # 10.0% against 10.0% as shown: at it
        ("sell", row(0.10, 0.10, 0.10)),  # at it
    ],
)
def test_another_bucket_at_or_on_the_right_side_of_its_target_as_shown_is_not_said(
    side: str, small: BucketRow
) -> None:
    rows = {"mid": row(0.05, 0.07) if side == "buy" else row(0.15, 0.13), "small": small}
    text = said(ijh(side), {"mid": 0.7, "small": 0.3}, DRIFT_MID, rows)
    assert "it also" not in text


def test_another_bucket_with_part_of_its_target_held_in_cash_says_so() -> None:
    rows = {"mid": row(0.05, 0.07), "small": row(0.11, 0.115, 0.10, 0.15, held=-0.05)}
    text = said(ijh("buy"), {"mid": 0.7, "small": 0.3}, DRIFT_MID, rows)
    assert f"(11.0% now, 11.5% after the plan, against a 10.0% target {HELD}, inside" in text
