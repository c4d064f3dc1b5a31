"""Trades of the other side that move a trade's bucket (``planner/core/plan_trades.py``:
:func:`pair_trades`), called directly on hand-written trades and rows: a bucket exactly at its
target is against neither side, and every trade learns whether the plan realises a loss.
"""

from __future__ import annotations

import pytest

from planner.core.explain import Why
from planner.core.plan_model import BucketRow
from planner.core.plan_trades import pair_trades
from planner.core.problem import Trade


def trade(symbol: str, side: str, gain: float | None = None) -> Trade:
    return Trade("A1", symbol, side, 100.0, 10.0, gain, 0.0)  # $1,000


def why(bucket: str | None) -> Why:
    return Why(("drift",), bucket, 0.0, 0.0)


def never(i: int, bucket: str) -> Why:
    raise AssertionError(f"trade {i} judged again without {bucket}")


def test_a_bucket_exactly_at_its_target_is_against_neither_a_sale_nor_a_purchase() -> None:
    # mid-caps at their 10% target today, 12.6% after the plan: selling IJH and buying VO for
    # them goes against neither, so neither is judged again without them
    rows = {"mid": BucketRow(0.10, 0.10, 0.10, 0.126, 0.025)}
    trades = [trade("IJH", "sell"), trade("VO", "buy")]
    sell, buy = pair_trades(trades, [why("mid"), why("mid")], [{"mid": 1.0}] * 2, rows, never)
    # the sale's bucket ends higher than it started: the purchase outweighs it ("net")
    assert (sell.bucket, sell.paired, sell.pairing, sell.partners) == ("mid", "mid", "net", ("VO",))
    assert (buy.bucket, buy.paired, buy.pairing, buy.movers) == ("mid", None, "", ("IJH",))


@pytest.mark.parametrize(("gain", "losses"), [(-50.0, True), (50.0, False), (None, False)])
def test_every_trade_learns_whether_the_plan_realises_a_loss(
    gain: float | None, losses: bool
) -> None:
    rows = {"mid": BucketRow(0.15, 0.10, 0.10, 0.10, 0.025)}
    trades = [trade("IJH", "sell", gain), trade("VXUS", "buy")]
    out = pair_trades(
        trades, [why("mid"), why(None)], [{"mid": 1.0}, {"intl_equity": 1.0}], rows, never
    )
    assert [w.plan_losses for w in out] == [losses, losses]
    assert [w.plan_sells for w in out] == [True, True]
