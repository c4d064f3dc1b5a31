"""The programme ``build_model`` lays out (``planner/core/rebalance/layout.py``), read column by
column on small households, and the plans it leads to where a bound decides what may be sold."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.policy import BUCKETS, VEHICLE_RANK_COST, Policy, Tax, Trading
from planner.core.problem import AccountState, Holding, Lot, Problem, Security, Solution
from planner.core.rebalance import solve
from planner.core.rebalance.layout import build_model
from planner.core.rebalance.model import ABS_GAP, MIP_GAP, Model
from planner.core.rebalance.slots import build_slots, household_total


def model_of(problem: Problem) -> Model:
    return build_model(problem, build_slots(problem), household_total(problem))


def targets(**weights: float) -> dict[str, float]:
    t = dict.fromkeys(BUCKETS, 0.0)
    t.update(weights)
    return t


def slot_index(model: Model, account: str, symbol: str) -> int:
    (i,) = [i for i, s in enumerate(model.slots) if (s.account_id, s.symbol) == (account, symbol)]
    return i


def sold(sol: Solution) -> dict[str, float]:
    return {t.symbol: t.shares for t in sol.trades if t.side == "sell"}


# --- the cost of each trade column -----------------------------------------------------------

SECURITIES = {
    # a low-quality bond fund held with a fractional remainder
    "JNK": Security("JNK", 40.0, {"bonds": 1.0}, low_quality=True),
    # two approved vehicles for large caps: VOO first on the list, IVV second
    "VOO": Security("VOO", 400.0, {"large": 1.0}),
    "IVV": Security("IVV", 250.0, {"large": 1.0}),
    # a balanced fund: its location drag is the mix-weighted drag of its buckets
    "AOR": Security("AOR", 55.0, {"large": 0.6, "bonds": 0.4}),
}


def priced_household() -> Problem:
    t = targets(large=0.5, bonds=0.5)
    policy = Policy(targets=t, vehicles={"large": ("VOO", "IVV"), "bonds": ("AOR",)})
    return Problem(
        (AccountState("TAX", "taxable", 2000.0), AccountState("IRA", "tax_deferred", 500.0)),
        (Holding("TAX", "JNK", 10.5, 400.0), Holding("IRA", "AOR", 20.0, 1000.0)),
        SECURITIES,
        t,
        policy,
    )


def test_each_trade_column_costs_its_dollars_of_turnover_rank_location_and_quality() -> None:
    """Per share: a buy costs its price x (turnover + rank hair + a year's location drag); a
    sale costs price x (turnover - location drag) and, of a low-quality name, earns the
    low-quality weight on the dollars it stops holding; closing the fractional remainder
    costs a sale's per-share cost on the fraction."""
    problem = priced_household()
    policy = problem.policy
    w = policy.weights
    m = model_of(problem)
    L = m.layout
    seen = set()
    for i, s in enumerate(m.slots):
        acct = next(a for a in problem.accounts if a.id == s.account_id)
        sec = SECURITIES[s.symbol]
        drag = sum(share * policy.location.cost(acct.type, k) for k, share in sec.mix.items())
        rank = {"VOO": 0, "IVV": 1}.get(s.symbol, 0)
        quality = w.low_quality if sec.low_quality else 0.0
        p = sec.price
        assert m.cost[L.b + i] == pytest.approx(p * (w.turnover + VEHICLE_RANK_COST * rank + drag))
        assert m.cost[L.s + i] == pytest.approx(p * (w.turnover - quality - drag))
        assert m.cost[L.c + i] == pytest.approx(m.cost[L.s + i] * m.frac[i])
        seen.add((s.account_id, s.symbol, rank, sec.low_quality, float(m.frac[i])))
    # every ticket costs the policy's cost per trade; every dollar of drift inside the band
    # (either way) the drift weight, outside it the outside-band weight; tax at face value
    n, nk = len(m.slots), len(BUCKETS)
    assert list(m.cost[L.zb : L.zb + 2 * n]) == [policy.trading.cost_per_trade] * (2 * n)
    assert list(m.cost[L.dp : L.dp + 2 * nk]) == [w.drift] * (2 * nk)
    assert list(m.cost[L.out : L.out + nk]) == [w.outside_band] * nk
    assert m.cost[L.tax] == 1.0
    # the constant column: the low-quality value and the location drag held today, plus the
    # offset that makes HiGHS's relative gap MIP_GAP an absolute ABS_GAP dollars
    assert m.offset * MIP_GAP == pytest.approx(ABS_GAP)
    held_now = w.low_quality * 10.5 * 40.0 + 10.5 * 40.0 * policy.location.cost("taxable", "bonds")
    held_now += (
        20.0
        * 55.0
        * (
            0.6 * policy.location.cost("tax_deferred", "large")
            + 0.4 * policy.location.cost("tax_deferred", "bonds")
        )
    )
    assert m.cost[L.one] == pytest.approx(held_now + m.offset)
    assert m.lb[L.one] == m.ub[L.one] == 1.0
    # whole shares, switches and the closing of a fraction are integers; dollars are not
    assert list(m.integrality[L.b : L.zs + n]) == [1] * (5 * n)
    assert not any(m.integrality[L.new : L.out + nk])
    # the household did exercise every term: a second-ranked vehicle, a low-quality name with
    # a fraction to close, a fund in two buckets, and both kinds of account
    assert ("TAX", "IVV", 1, False, 0.0) in seen
    assert ("TAX", "JNK", 0, True, 0.5) in seen
    assert ("IRA", "AOR", 0, False, 0.0) in seen
    assert ("IRA", "VOO", 0, False, 0.0) in seen


def test_a_household_of_cash_alone_is_a_programme_without_trades() -> None:
    """No approved vehicle and nothing held: no slot at all. The programme still builds (one
    new-cash column per account, the bucket rows) and the plan trades nothing, every dollar of
    the household off its large-cap target and over its cash one."""
    t = targets(large=1.0)
    problem = Problem(
        (AccountState("TAX", "taxable", 1000.0), AccountState("IRA", "tax_deferred", 250.0)),
        (),
        {},
        t,
        Policy(targets=t, vehicles={}),
    )
    m = model_of(problem)
    assert m.slots == [] and m.layout.n_slots == 0 and m.layout.n_accounts == 2
    assert len(m.q) == len(m.price) == len(m.whole) == len(m.frac) == 0
    # the constant column carries no held value, no location drag: only the gap offset
    assert m.cost[m.layout.one] == pytest.approx(m.offset)
    for method in ("exact", "fast"):
        sol = solve(problem, method=method)
        assert sol.status == "optimal" and sol.trades == []
        assert sol.objective is not None
        assert sol.objective.drift == pytest.approx(2 * 1250.0)


# --- whole shares, the fraction that closes a position, and a short call's cover -------------

PRICE = 100.0


def one_position(shares: float, cover: float, fractional: bool) -> Problem:
    """A taxable account holding ``shares`` of a mid-cap fund, ``cover`` of them under a short
    call; the targets want every dollar in cash, so the plan sells all it may."""
    t = targets(cash=1.0)
    policy = Policy(targets=t, vehicles={}, trading=Trading(fractional=fractional))
    floors = {("TAX", "MID"): cover} if cover else {}
    return Problem(
        (AccountState("TAX", "taxable", 0.0),),
        (Holding("TAX", "MID", shares, shares * PRICE),),
        {"MID": Security("MID", PRICE, {"mid": 1.0})},
        t,
        policy,
        floors=floors,
    )


@pytest.mark.parametrize(
    ("shares", "cover", "fractional", "whole", "frac"),
    [
        # whole-share trading: shares are sold one by one; a fraction only by closing
        (10.0, 0.0, False, 10.0, 0.0),
        (10.5, 0.0, False, 10.0, 0.5),
        (0.5, 0.0, False, 0.0, 0.5),  # less than a share: sold only by closing
        # a short call's cover stays, and a covered position is never closed
        (110.0, 100.0, False, 10.0, 0.0),
        (10.5, 3.0, False, 7.0, 0.0),
        (10.5, 1.0, False, 9.0, 0.0),
        (100.5, 100.0, False, 0.0, 0.0),  # half a share above the cover: nothing to sell
        # fractional trading: every share above the cover is sold freely
        (10.25, 0.0, True, 10.25, 0.0),
        (10.5, 3.0, True, 7.5, 0.0),
    ],
)
def test_the_shares_a_plan_may_sell_are_the_position_less_its_cover(
    shares: float, cover: float, fractional: bool, whole: float, frac: float
) -> None:
    problem = one_position(shares, cover, fractional)
    m = model_of(problem)
    L = m.layout
    i = slot_index(m, "TAX", "MID")
    assert m.whole[i] == pytest.approx(whole, abs=1e-12)
    assert m.frac[i] == pytest.approx(frac, abs=1e-12)
    assert m.ub[L.s + i] == pytest.approx(whole, abs=1e-12)
    assert m.ub[L.c + i] == (1.0 if frac > 0 else 0.0)
    # the plan a user sees sells everything it may: the shares above the cover, less a
    # fraction that only closing a position without a call could sell
    sol = solve(problem, method="exact")
    assert sol.status == "optimal"
    assert sold(sol).get("MID", 0.0) == pytest.approx(whole + frac, abs=1e-9)


def test_a_fractional_plan_sells_part_of_a_fractional_position() -> None:
    """Fractional trading sells any amount: $1,025 of cash to raise from 10.5 shares at $100 is
    10.25 shares - not all 10.5."""
    held = one_position(10.5, 0.0, True)
    t = targets(mid=1.0)  # the household wants its mid-caps: it sells only what it must
    policy = Policy(
        targets=t,
        vehicles={},
        trading=Trading(mode="raise_cash", raise_cash=1025.0, fractional=True),
    )
    problem = Problem(held.accounts, held.holdings, held.securities, t, policy)
    sol = solve(problem, method="exact")
    assert sol.status == "optimal"
    assert sold(sol) == {"MID": pytest.approx(1025.0 / PRICE, abs=1e-6)}


# --- fifo: the order lots are sold in ---------------------------------------------------------

AS_OF = date(2026, 6, 1)
LONG_AGO, LATER, LAST_YEAR = date(2015, 3, 2), date(2019, 7, 1), date(2023, 5, 1)
DAYS_AGO = date(2026, 5, 22)  # inside the 30-day wash-sale window


def lots(*specs: tuple[float, date | None]) -> tuple[Lot, ...]:
    """Lots of 10 shares each: (cost per share, acquired)."""
    return tuple(Lot(10.0, 10.0 * unit, when) for unit, when in specs)


def fifo_household(withdrawals: dict[str, float], held: tuple[Lot, ...]) -> Problem:
    """Taxable accounts with no cash, each holding the same lots of a $100 mid-cap fund, each
    paying a withdrawal: every account sells just what pays its own."""
    t = targets(mid=1.0)
    policy = Policy(targets=t, vehicles={}, tax=Tax(lot_method="fifo"))
    return Problem(
        tuple(AccountState(a, "taxable", 0.0, withdraw=w) for a, w in withdrawals.items()),
        tuple(
            Holding(
                a,
                "AAA",
                sum(lot.shares for lot in held),
                sum(lot.cost or 0.0 for lot in held),
                held,
            )
            for a in withdrawals
        ),
        {"AAA": Security("AAA", PRICE, {"mid": 1.0})},
        t,
        policy,
        as_of=AS_OF,
    )


def taken(sol: Solution, account: str) -> dict[int, float]:
    """Shares the sale in ``account`` takes from each lot (by the lot's place in the file)."""
    (trade,) = [t for t in sol.trades if t.side == "sell" and t.account_id == account]
    return {s.lot: s.shares for s in trade.lots if s.shares > 0}


def test_fifo_sells_every_positions_oldest_lot_first_a_loss_lot_in_its_place() -> None:
    """$1,500 out of each of two accounts: each sells 15 shares, the 2015 lot whole and then 5
    of the 2019 one - a lot at a loss (cost $120) takes its turn by date like any other, though
    selling it first would have cost less tax."""
    held = lots((40.0, LONG_AGO), (120.0, LATER), (95.0, LAST_YEAR))
    sol = solve(fifo_household({"T1": 1500.0, "T2": 1500.0}, held), method="exact")
    assert sol.status == "optimal"
    for account in ("T1", "T2"):
        assert taken(sol, account) == {0: 10.0, 1: 5.0}


def test_fifo_skips_a_loss_lot_the_wash_sale_window_blocks_and_goes_on_to_the_next() -> None:
    """The lot bought ten days ago at a loss may not be sold (a wash sale); fifo passes over it
    and keeps its order for the rest: the 2015 lot whole, then 5 of the undated one - not the
    undated lot first, whose gain is smaller."""
    held = lots((40.0, LONG_AGO), (120.0, DAYS_AGO), (95.0, None))
    sol = solve(fifo_household({"T1": 1500.0}, held), method="exact")
    assert sol.status == "optimal"
    assert taken(sol, "T1") == {0: 10.0, 2: 5.0}
