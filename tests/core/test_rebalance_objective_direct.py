"""The terms of a plan's objective as the solver's own check adds them up
(``planner/core/rebalance/score.py``): each term set, the total their weighted sum, a net loss
worth the long-term rate under harvesting, and the gain and tax budgets and the cash to raise
held to the cent. (Written against the mutants the mutation run at ``aef4729`` left: README
"Mutation testing".)"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from planner.core.policy import BUCKETS, Policy, Tax, Trading
from planner.core.problem import AccountState, Holding, Lot, LotSale, Problem, Security, Trade
from planner.core.rebalance.score import score

AS_OF = date(2026, 6, 1)
LONG_AGO, MONTHS_AGO = date(2019, 3, 1), date(2026, 2, 2)  # a long-term and a short-term lot


def _problem(tax: Tax, **rules: Any) -> Problem:
    """A taxable account: 10 LOS (low quality, $50, bought at $80: a loss), 10 GNS ($100, a
    short-term gain of $30 a share) and 10 GNL ($100, a long-term gain of $60 a share)."""
    targets = dict.fromkeys(BUCKETS, 0.0) | {"mega": 1.0}
    policy = Policy(targets=targets, tax=tax, trading=Trading(min_trade=0.0, **rules))
    securities = {
        "LOS": Security("LOS", 50.0, {"mega": 1.0}, low_quality=True),
        "GNS": Security("GNS", 100.0, {"mega": 1.0}),
        "GNL": Security("GNL", 100.0, {"mega": 1.0}),
    }
    return Problem(
        (AccountState("T", "taxable", 0.0),),
        (
            Holding("T", "LOS", 10.0, 800.0, (Lot(10.0, 800.0, LONG_AGO),)),
            Holding("T", "GNS", 10.0, 700.0, (Lot(10.0, 700.0, MONTHS_AGO),)),
            Holding("T", "GNL", 10.0, 400.0, (Lot(10.0, 400.0, LONG_AGO),)),
        ),
        securities,
        targets,
        policy,
        as_of=AS_OF,
    )


def _sell(symbol: str, shares: float, price: float, unit: float, term: str) -> Trade:
    gain = (price - unit) * shares
    lot = LotSale(0, shares, unit * shares, None, term, gain)
    return Trade("T", symbol, "sell", shares, price, gain, 0.0, (lot,))


LOSS = _sell("LOS", 4.0, 50.0, 80.0, "long")  # -$120
SHORT = _sell("GNS", 2.0, 100.0, 70.0, "short")  # +$60
LONG = _sell("GNL", 2.0, 100.0, 40.0, "long")  # +$120


def test_the_objective_is_the_weighted_sum_of_its_terms_and_a_net_loss_is_worth_its_credit() -> (
    None
):
    tax = Tax(harvest=True)
    p = _problem(tax, cost_per_trade=1.5)
    obj = score(p, [LOSS])
    assert obj is not None
    rl = tax.rate("long")
    assert obj.tax == 0.0 and obj.loss_credit == pytest.approx(rl * 120.0)
    assert obj.turnover == pytest.approx(200.0) and obj.trades == 1
    assert obj.low_quality == pytest.approx(6 * 50.0)  # the LOS left
    assert obj.outside_band >= 0.0 and obj.drift >= obj.outside_band
    w = p.policy.weights
    assert obj.total == pytest.approx(
        w.outside_band * obj.outside_band
        + w.drift * obj.drift
        + w.turnover * obj.turnover
        + obj.tax
        - obj.loss_credit
        + 1.5 * obj.trades
        + w.low_quality * obj.low_quality
        + obj.location
    )
    # without harvesting the loss is worth nothing
    plain = score(_problem(Tax(harvest=False), cost_per_trade=1.5), [LOSS])
    assert plain is not None and plain.loss_credit == 0.0
    assert plain.total == pytest.approx(obj.total + obj.loss_credit)


def test_gains_of_both_terms_count_together_against_the_budget_to_the_cent() -> None:
    gains = 60.0 + 120.0
    assert score(_problem(Tax(max_realized_gain=gains)), [SHORT, LONG]) is not None
    assert score(_problem(Tax(max_realized_gain=gains - 1.0)), [SHORT, LONG]) is None


def test_the_tax_budget_holds_to_the_cent() -> None:
    tax = Tax()
    owed = tax.rate("short") * 60.0 + tax.rate("long") * 120.0
    assert score(_problem(Tax(max_tax=owed)), [SHORT, LONG]) is not None
    assert score(_problem(Tax(max_tax=owed - 0.01)), [SHORT, LONG]) is None


def test_cash_to_raise_exactly_raised_is_a_plan() -> None:
    raised = SHORT.value + LONG.value
    p = _problem(Tax(), mode="raise_cash", raise_cash=raised)
    assert score(p, [SHORT, LONG]) is not None
    assert (
        score(_problem(Tax(), mode="raise_cash", raise_cash=raised + 0.01), [SHORT, LONG]) is None
    )


def test_under_harvesting_a_net_gain_earns_no_credit() -> None:
    obj = score(_problem(Tax(harvest=True)), [SHORT, LONG])
    assert obj is not None and obj.loss_credit == 0.0 and obj.tax > 0.0
