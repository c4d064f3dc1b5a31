"""A plan for one household: the solver's trades with a reason and a sentence for each, cash
per account before and after, buckets before and after, and side-by-side scenarios.

The plan is built from plain inputs - the imported :class:`Household`, what is known about
each symbol (:class:`SecurityFacts`: its bucket mix, quality flag and, for securities the
household does not hold, a dated price), the :class:`Policy`, and a :class:`RegimeView` - so
the command line and the app build exactly the same plan. Units: dollars, shares, and weights
as fractions of the household.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from planner.core.holdings import CASH_LIKE, Household
from planner.core.policy import BUCKETS, Policy
from planner.core.rebalance import (
    AccountState,
    Holding,
    Problem,
    Security,
    Solution,
    Trade,
    household_total,
    solve,
)

Progress = Callable[[float, str], None]

BUCKET_NAMES: dict[str, str] = {
    "mega": "mega-caps", "large": "large-caps", "mid": "mid-caps", "small": "small-caps",
    "micro": "micro-caps", "intl_equity": "international equity", "bonds": "bonds",
    "cash": "cash", "other": "other holdings",
}  # fmt: skip
REASONS = ("drift", "regime_tilt", "quality_exit", "cash_raise", "cash_invest")
#: Asset types the plan never trades: they count in the buckets but stay as they are.
UNTRADED_TYPES = frozenset({"option", "bond", "other"})


@dataclass(frozen=True)
class SecurityFacts:
    """What the plan knows about a symbol beyond the holdings file (from the exposure step)."""

    mix: Mapping[str, float]  # bucket -> fraction, summing to 1
    low_quality: bool = False
    quality_note: str = ""  # why it is flagged, in words ("unprofitable; interest cover 0.4x")
    price: float | None = None  # dollars per share from the security master
    price_as_of: date | None = None
    name: str = ""


@dataclass(frozen=True)
class RegimeView:
    """The regime as the plan uses it; ``composite`` in [-1, 1], positive toward small-caps."""

    label: str
    composite: float
    as_of: date | None
    stale: bool = False
    age_days: int | None = None
    source: str = ""


@dataclass(frozen=True)
class PlannedTrade:
    account_id: str
    account_name: str
    account_type: str
    symbol: str
    side: str  # "buy" | "sell"
    shares: float
    price: float
    value: float  # shares x price, positive both ways
    realized_gain: float | None  # taxable sells only
    tax: float
    reasons: tuple[str, ...]
    explanation: str
    wash_sale: bool


@dataclass(frozen=True)
class AccountCash:
    id: str
    name: str
    type: str
    cash_before: float
    cash_after: float


@dataclass(frozen=True)
class BucketRow:
    """Weights as fractions of the household."""

    current: float
    target: float
    policy_target: float  # before the regime tilt
    post: float
    band: float  # half-width of the tolerance band


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    trades: int
    turnover: float
    tax_total: float
    buckets: Mapping[str, BucketRow]
    residual_deviation: float  # sum over buckets of |post - target|, a fraction
    status: str


@dataclass
class Plan:
    household_total: float
    trades: list[PlannedTrade]
    accounts: list[AccountCash]
    buckets: dict[str, BucketRow]
    turnover: float
    tax_total: float
    regime: RegimeView | None
    tilt: float  # fraction of the household moved from mega to small
    policy: Policy
    residual_deviation: float
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    status: str = "optimal"
    method: str = ""
    objective: float | None = None  # dollars
    gap: float | None = None  # dollars of objective the plan may be above the best plan
    holdings_as_of: date | None = None


def applied_tilt(policy: Policy, regime: RegimeView | None) -> float:
    """The fraction moved from mega to small: composite x the policy's max tilt x the strength
    the regime's age leaves (``Tilt.strength``: full, fading, none; full when overridden). 0
    when the tilt is off, there is no regime, or its label is neutral (``regime.NEUTRAL``)."""
    if regime is None or not policy.tilt.enabled or regime.label == "neutral":
        return 0.0
    c = max(-1.0, min(1.0, regime.composite))
    return c * policy.tilt.max * policy.tilt.strength(regime.age_days)


def problem_from_household(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    policy: Policy,
    targets: Mapping[str, float],
) -> tuple[Problem, list[str]]:
    """The solver's problem for a household, and warnings about what it had to leave out.

    Cash and money-market rows are the account's cash. Options, bonds and rows without a
    quantity are counted in their buckets but never traded. A symbol with no facts counts as
    ``other``. A vehicle the household does not hold is buyable only with a master price.
    """
    warnings: list[str] = []
    securities: dict[str, Security] = {}
    holdings: list[Holding] = []
    cash: dict[str, float] = {a.id: 0.0 for a in household.accounts}
    file_dates = [f.as_of for f in household.files if f.as_of is not None]
    newest = max(file_dates) if file_dates else None
    for r in household.records():
        if r.asset_type in CASH_LIKE:
            cash[r.account_id] = cash.get(r.account_id, 0.0) + r.market_value
            continue
        fact = facts.get(r.symbol)
        mix = dict(fact.mix) if fact is not None else {"other": 1.0}
        tradeable = (
            r.asset_type not in UNTRADED_TYPES
            and r.quantity is not None
            and r.quantity > 0
            and r.market_value > 0
        )
        if tradeable and r.quantity is not None:
            shares = r.quantity
            price = r.market_value / r.quantity
        else:
            shares, price = 1.0, r.market_value  # a block of value, held as it is
        key = r.symbol if tradeable else f"{r.symbol}@{r.account_id}:{r.source_line}"
        if key not in securities:
            securities[key] = Security(
                key,
                round(price, 6),
                mix,
                low_quality=fact.low_quality if fact is not None else False,
                description=r.description,
                tradeable=tradeable,
            )
        if price <= 0 and tradeable:
            continue
        holdings.append(
            Holding(
                r.account_id,
                key,
                shares if tradeable else 1.0,
                r.cost_basis if tradeable else None,
            )
        )
    for bucket, symbol in sorted(policy.vehicles.items()):
        if symbol in securities or targets.get(bucket, 0.0) <= 0:
            continue
        fact = facts.get(symbol)
        if fact is None or fact.price is None or fact.price <= 0:
            warnings.append(
                f"no price for {symbol}, the {BUCKET_NAMES[bucket]} vehicle: the plan cannot "
                f"buy it (hold it, or add it to the security master)"
            )
            continue
        if newest is not None and fact.price_as_of is not None and fact.price_as_of < newest:
            warnings.append(
                f"the price of {symbol} ({fact.price:,.2f}) is as of "
                f"{fact.price_as_of.isoformat()}, older than the holdings files "
                f"({newest.isoformat()})"
            )
        securities[symbol] = Security(symbol, fact.price, dict(fact.mix), fact.low_quality,
                                      fact.name)  # fmt: skip
    accounts = tuple(
        AccountState(a.id, a.type, round(cash.get(a.id, 0.0), 2), a.name)
        for a in household.accounts
    )
    problem = Problem(accounts, tuple(holdings), securities, dict(targets), policy,
                      base_targets=dict(policy.targets))  # fmt: skip
    return problem, warnings


def _weights(values: Mapping[str, float], total: float) -> dict[str, float]:
    return {k: (values.get(k, 0.0) / total if total else 0.0) for k in BUCKETS}


def _current_values(problem: Problem) -> dict[str, float]:
    values = dict.fromkeys(BUCKETS, 0.0)
    for h in problem.holdings:
        sec = problem.securities[h.symbol]
        for k, m in sec.mix.items():
            values[k] += h.shares * sec.price * m
    values["cash"] += sum(a.cash for a in problem.accounts)
    return values


def _bucket_rows(problem: Problem, solution: Solution) -> dict[str, BucketRow]:
    total = solution.total
    now = _weights(_current_values(problem), household_total(replace_mode(problem, "full")))
    post = _weights(solution.post_values, total) if solution.post_values else now
    base = problem.base_targets or problem.targets
    bands = problem.policy.bands
    return {
        k: BucketRow(
            current=now[k],
            target=problem.targets.get(k, 0.0),
            policy_target=base.get(k, 0.0),
            post=post[k],
            band=bands.width(problem.targets.get(k, 0.0)),
        )
        for k in BUCKETS
    }


def replace_mode(problem: Problem, mode: str) -> Problem:
    trading = replace(problem.policy.trading, mode=mode)  # type: ignore[arg-type]
    return replace(problem, policy=replace(problem.policy, trading=trading))


def _main_bucket(mix: Mapping[str, float]) -> str:
    return max(BUCKETS, key=lambda k: (mix.get(k, 0.0), -BUCKETS.index(k)))


def _trade_bucket(side: str, mix: Mapping[str, float], rows: Mapping[str, BucketRow]) -> str:
    """The bucket a trade is for: of the buckets the security is in, the one most below its
    target (a buy) or most above it (a sell), weighted by the security's share in it."""
    sign = 1.0 if side == "buy" else -1.0
    held = [k for k in BUCKETS if mix.get(k, 0.0) > 0]
    if not held:
        return _main_bucket(mix)
    return max(
        held,
        key=lambda k: (sign * (rows[k].target - rows[k].current) * mix[k], -BUCKETS.index(k)),
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _money(x: float) -> str:
    return f"${x:,.0f}"


def _reasons(
    trade: Trade,
    sec: Security,
    rows: Mapping[str, BucketRow],
    mode: str,
) -> tuple[str, ...]:
    k = _trade_bucket(trade.side, sec.mix, rows)
    row = rows[k]
    reasons: list[str] = []
    if trade.side == "sell":
        if sec.low_quality:
            reasons.append("quality_exit")
        if mode == "raise_cash":
            reasons.append("cash_raise")
        if row.current > row.policy_target + 1e-9:
            reasons.append("drift")
        if row.target < row.policy_target - 1e-9 and row.current > row.target + 1e-9:
            reasons.append("regime_tilt")
    else:
        if mode == "cash_flow":
            reasons.append("cash_invest")
        if row.current < row.policy_target - 1e-9:
            reasons.append("drift")
        if row.target > row.policy_target + 1e-9 and row.current < row.target - 1e-9:
            reasons.append("regime_tilt")
    if not reasons:
        reasons.append("drift")
    return tuple(reasons)


def _explain(
    trade: Trade,
    sec: Security,
    account: AccountState,
    rows: Mapping[str, BucketRow],
    reasons: Sequence[str],
    quality_note: str,
) -> str:
    k = _trade_bucket(trade.side, sec.mix, rows)
    row = rows[k]
    verb = "Sell" if trade.side == "sell" else "Buy"
    shares = f"{trade.shares:,.4f}".rstrip("0").rstrip(".")
    kind = account.type.replace("_", "-")
    where = f"{account.name or account.id} ({kind})"
    head = (
        f"{verb} {shares} {trade.symbol} at ${trade.price:,.2f} ({_money(trade.value)}) in {where}"
    )
    target = f"a {_pct(row.target)} target"
    if abs(row.target - row.policy_target) > 1e-9:
        sign = "+" if row.target > row.policy_target else "-"
        tilt = abs(row.target - row.policy_target) * 100
        target = (
            f"a {_pct(row.target)} target ({_pct(row.policy_target)} policy {sign} "
            f"{tilt:.1f} pts regime tilt)"
        )
    share = sec.mix.get(k, 0.0)
    what = BUCKET_NAMES[k]
    if share < 0.999:
        what = f"{what} ({share:.0%} of {trade.symbol})"
    parts = [f"{head}: {what} are {_pct(row.current)} of the household against {target}"]
    if "quality_exit" in reasons:
        note = f" ({quality_note})" if quality_note else ""
        parts.append(f"{trade.symbol} is flagged low quality{note}, so the plan exits it")
    if "cash_raise" in reasons:
        parts.append("raises the cash the policy asks for")
    if "cash_invest" in reasons:
        parts.append("invests new cash")
    if trade.side == "sell":
        if trade.realized_gain is None:
            parts.append(f"no tax inside a {kind} account")
        elif trade.realized_gain >= 0:
            parts.append(
                f"realises a {_money(trade.realized_gain)} gain, about {_money(trade.tax)} tax"
            )
        else:
            parts.append(f"realises a {_money(-trade.realized_gain)} loss that offsets gains")
    parts.append(f"after the plan {what.split(' (')[0]} are {_pct(row.post)}")
    return "; ".join(parts) + "."


def _planned(problem: Problem, solution: Solution, rows: Mapping[str, BucketRow],
             facts: Mapping[str, SecurityFacts]) -> list[PlannedTrade]:  # fmt: skip
    accounts = {a.id: a for a in problem.accounts}
    mode = problem.policy.trading.mode
    loss_sold = {
        t.symbol for t in solution.trades
        if t.side == "sell" and t.realized_gain is not None and t.realized_gain < 0
    }  # fmt: skip
    bought = {t.symbol for t in solution.trades if t.side == "buy"}
    out = []
    for t in solution.trades:
        sec = problem.securities[t.symbol]
        acct = accounts[t.account_id]
        reasons = _reasons(t, sec, rows, mode)
        fact = facts.get(t.symbol)
        note = fact.quality_note if fact is not None else ""
        out.append(
            PlannedTrade(
                t.account_id,
                acct.name,
                acct.type,
                t.symbol,
                t.side,
                t.shares,
                t.price,
                round(t.value, 2),
                t.realized_gain,
                t.tax,
                reasons,
                _explain(t, sec, acct, rows, reasons, note),
                wash_sale=t.symbol in loss_sold and t.symbol in bought,
            )
        )
    # sells before buys (the cash for the buys comes from them), accounts in file order
    order = {a.id: j for j, a in enumerate(problem.accounts)}
    out.sort(key=lambda p: (order[p.account_id], p.side != "sell", -p.value, p.symbol))
    return out


def _residual(rows: Mapping[str, BucketRow]) -> float:
    return sum(abs(r.post - r.target) for r in rows.values())


def _scenario(name: str, title: str, problem: Problem, solution: Solution) -> Scenario:
    rows = _bucket_rows(problem, solution)
    return Scenario(
        name,
        title,
        len(solution.trades),
        round(sum(t.value for t in solution.trades), 2),
        round(sum(t.tax for t in solution.trades), 2),
        rows,
        _residual(rows),
        solution.status,
    )


def make_plan(
    household: Household,
    facts: Mapping[str, SecurityFacts],
    policy: Policy,
    regime: RegimeView | None,
    progress: Progress | None = None,
    scenarios: bool = True,
    method: str = "auto",
) -> Plan:
    """The plan for ``household``: trades toward the policy tilted by the regime, explained,
    with the scenarios "policy only", "policy + regime" and "cash flow only" beside it."""
    tilt = applied_tilt(policy, regime)
    targets = policy.tilted_targets(tilt)
    problem, warnings = problem_from_household(household, facts, policy, targets)
    if progress is not None:
        progress(0.05, "solving the plan")
    solution = solve(problem, method=method)
    rows = _bucket_rows(problem, solution)
    trades = _planned(problem, solution, rows, facts)
    accounts = [
        AccountCash(a.id, a.name, a.type, round(a.cash, 2),
                    round(solution.cash_after.get(a.id, a.cash), 2))
        for a in problem.accounts
    ]  # fmt: skip
    warnings += list(solution.warnings)
    if regime is not None and policy.tilt.enabled:
        warnings += _age_warnings(policy, regime)
    if regime is None and policy.tilt.enabled:
        warnings.append("no regime available: the plan follows the policy without a tilt")
    warnings += _restriction_warnings(problem, rows)
    warnings += _band_warnings(rows, solution)
    file_dates = [f.as_of for f in household.files if f.as_of is not None]
    plan = Plan(
        household_total=round(solution.total, 2),
        trades=trades,
        accounts=accounts,
        buckets=rows,
        turnover=round(sum(t.value for t in trades), 2),
        tax_total=round(sum(t.tax for t in trades), 2),
        regime=regime,
        tilt=tilt,
        policy=policy,
        residual_deviation=_residual(rows),
        warnings=warnings,
        status=solution.status,
        method=solution.method,
        objective=solution.objective.total if solution.objective else None,
        gap=solution.gap,
        holdings_as_of=max(file_dates) if file_dates else None,
    )
    if scenarios:
        if progress is not None:
            progress(0.5, "scenarios")
        base_problem, _ = problem_from_household(household, facts, policy, policy.targets)
        plan.scenarios["policy"] = _scenario(
            "policy", "Policy only", base_problem, solve(base_problem, method=method)
        )
        plan.scenarios["policy_regime"] = _scenario(
            "policy_regime", "Policy + regime tilt", problem, solution
        )
        flow = replace_mode(problem, "cash_flow")
        plan.scenarios["cash_flow"] = _scenario(
            "cash_flow", "Cash flow only (buy with cash, sell nothing)", flow,
            solve(flow, method=method),
        )  # fmt: skip
    if progress is not None:
        progress(1.0, "done")
    return plan


def _age_warnings(policy: Policy, regime: RegimeView) -> list[str]:
    """What the regime's age does to the tilt, in a sentence (none when fresh)."""
    t = policy.tilt
    natural = replace(t, override_reason="").strength(regime.age_days)  # without an override
    reason = t.override_reason.strip()
    age = f"{regime.age_days} days old" if regime.age_days is not None else "of unknown age"
    head = f"the regime is stale: as of {regime.as_of or 'an unknown date'}, {age}"
    limits = f"full strength up to {t.full_until_days:g} days, none from {t.zero_after_days:g}"
    if reason and natural < 1.0:
        return [f"{head}; the tilt is applied at full strength by override: {reason} "
                f"(without it {natural:.0%}: {limits})"]  # fmt: skip
    if natural == 0.0:
        return [f"{head} ({regime.source or 'no source'}), so the plan applies no tilt "
                f"({limits}); refresh the regime, or set [tilt] override_reason to apply it"]
    if natural < 1.0:
        return [f"{head}, so the tilt is applied at {natural:.0%} strength ({limits}); refresh "
                f"it before trading on the tilt"]
    if regime.stale:
        return [f"{head}; refresh it before trading on the tilt"]
    return []


def _restriction_warnings(problem: Problem, rows: Mapping[str, BucketRow]) -> list[str]:
    out = []
    r = problem.policy.restrictions
    held = {h.symbol for h in problem.holdings}
    for sym in r.do_not_sell:
        if sym not in held:
            continue
        k = _main_bucket(problem.securities[sym].mix)
        row = rows[k]
        if row.post > row.target + row.band + 1e-9:
            out.append(
                f"do-not-sell {sym} keeps {BUCKET_NAMES[k]} at {_pct(row.post)}, above the "
                f"{_pct(row.target)} target and its band"
            )
    return out


def _band_warnings(rows: Mapping[str, BucketRow], solution: Solution) -> list[str]:
    if solution.status != "optimal":
        return []
    out = []
    for k, row in rows.items():
        if abs(row.post - row.target) > row.band + 1e-6:
            out.append(
                f"{BUCKET_NAMES[k]} stay outside the band after the plan: {_pct(row.post)} "
                f"against {_pct(row.target)} +/- {_pct(row.band)} (the constraints - cash per "
                f"account, restrictions, whole shares, tax - do not allow more)"
            )
    return out
