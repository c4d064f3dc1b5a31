"""Unknowns are never traded (issue 12): a position the product cannot classify is left out of
the targets and of the solver, listed with its dollars, and named in a warning - whatever the
household around it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.plan import SecurityFacts, make_plan
from planner.core.policy import BUCKETS, Policy, Trading
from tests.core.test_exposure import household

KNOWN = {
    "BIG": {"mega": 1.0},
    "MID": {"mid": 1.0},
    "SML": {"small": 1.0},
    "BND": {"bonds": 1.0},
}
UNKNOWN = ("WHAT", "ZZZ9", "CUSIP1")


@st.composite
def households(draw: st.DrawFn) -> tuple[object, dict[str, SecurityFacts], Policy]:
    rows = []
    for acct in ("A", "B")[: draw(st.integers(1, 2))]:
        for sym in draw(
            st.lists(st.sampled_from([*KNOWN, *UNKNOWN]), min_size=1, max_size=5, unique=True)
        ):
            rows.append((acct, sym, "equity", float(draw(st.integers(50, 5_000)))))
        rows.append((acct, "CASH", "cash", float(draw(st.integers(0, 3_000)))))
    facts = {
        s: SecurityFacts(m, price=10.0, price_as_of=date(2026, 11, 1), kind="fund")
        for s, m in KNOWN.items()
    }
    for s in UNKNOWN:  # the exposure step says "unknown" for these
        facts[s] = SecurityFacts({"other": 1.0}, source="unknown")
    weights = [draw(st.integers(0, 4)) for _ in BUCKETS[:-1]] + [0]
    if sum(weights) == 0:
        weights[0] = 1
    targets = {k: w / sum(weights) for k, w in zip(BUCKETS, weights, strict=True)}
    mode = draw(st.sampled_from(["full", "cash_flow", "raise_cash"]))
    policy = Policy(
        targets=targets,
        vehicles={"mega": "BIG", "mid": "MID", "small": "SML", "bonds": "BND"},
        trading=Trading(
            mode=mode,
            min_trade=0.0,
            new_cash=1_000.0,
            raise_cash=100.0,
            buy_single_stocks=True,
            max_position=1.0,
        ),
    )
    h = household(rows)
    # one price per symbol ($10 a share, as the facts say): quantity = value / 10
    pos = h.positions.copy()
    pos["quantity"] = pos["market_value"] / 10.0
    pos["price"] = 10.0
    return replace(h, positions=pos), facts, policy


@settings(max_examples=120, deadline=None, derandomize=True)
@given(households())
def test_a_plan_never_trades_what_it_cannot_classify(case: tuple[object, dict, Policy]) -> None:
    h, facts, policy = case
    plan = make_plan(h, facts, policy, None, scenarios=False)  # type: ignore[arg-type]
    held_unknown = {r.symbol for r in h.records() if r.symbol in UNKNOWN}  # type: ignore[attr-defined]
    assert not any(t.symbol in UNKNOWN for t in plan.trades)
    listed = {f.symbol for f in plan.frozen if f.why.startswith("unclassified")}
    assert listed == held_unknown
    if held_unknown:
        warning = next(w for w in plan.warnings if w.startswith("unclassified"))
        assert all(s in warning for s in held_unknown)
        # the targets apply to what the plan knows: the unknown dollars are not in its total
        unknown_value = sum(r.market_value for r in h.records() if r.symbol in UNKNOWN)  # type: ignore[attr-defined]
        assert (
            abs(
                plan.household_total
                - (h.total - unknown_value)  # type: ignore[attr-defined]
                - _flows(policy)
            )
            < 0.01
        )


def _flows(policy: Policy) -> float:
    t = policy.trading
    return t.new_cash if t.mode == "cash_flow" else -t.raise_cash if t.mode == "raise_cash" else 0
