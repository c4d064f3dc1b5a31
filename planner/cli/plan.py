"""``rotation-planner plan``: trades toward the policy, tilted by the regime, explained.

``FILES`` are one household's exports; a single folder whose sub-folders each hold a
household's exports is a *book*, planned in parallel across the machine's cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from planner.cli.common import add_file_arguments, emit_json, files, money, qty
from planner.core.plan import BUCKET_NAMES, Plan
from planner.core.policy import MODES
from planner.reports.plan_json import plan_json
from planner.workflow import (
    demo_policy_path,
    export_plan,
    household_folders,
    import_household,
    plan_book,
    plan_household,
    read_policy,
    with_mode,
)

NAME = "plan"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        NAME,
        help="tax-aware trades toward the policy, tilted by the market regime",
        description="Plan trades for a household (FILES) or a book (one folder of household "
        "folders). Exit 0 with a plan, 3 on bad input.",
    )
    add_file_arguments(p)
    p.add_argument("--policy", metavar="FILE", help="policy (TOML); default: documented defaults")
    p.add_argument("--data", metavar="DIR", help="market data folder for the regime")
    p.add_argument("--mode", choices=MODES, help="override the policy's trading mode")
    p.add_argument("--xlsx", metavar="OUT", help="write the plan workbook (.xlsx)")
    p.add_argument("--blotter", metavar="OUT", help="write the trade blotter (CSV)")
    p.add_argument("--unmask", action="store_true", help="full account numbers in the workbook")
    p.add_argument(
        "--client", metavar="NAME", default="", help="the household's name on the workbook's pages"
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    given = list(args.files)
    if len(given) == 1 and Path(given[0]).is_dir() and household_folders(given[0]):
        return _run_book(args, given[0])
    policy_path = args.policy or (str(demo_policy_path()) if args.demo else None)
    policy = with_mode(read_policy(policy_path), args.mode)
    household = import_household(files(args, parser), args.mapping)
    result = plan_household(household, policy, args.data)
    if args.xlsx or args.blotter:
        written = export_plan(
            result, args.xlsx, args.blotter, mask_accounts=not args.unmask, client=args.client
        )
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
    if args.json:
        emit_json(plan_json(result.plan), sys.stdout)
    else:
        print_plan(result.plan, sys.stdout)
    return 0


def _run_book(args: argparse.Namespace, root: str) -> int:
    entries = plan_book(root, args.policy, args.data, args.mode)
    if args.json:
        doc: dict[str, Any] = {
            "households": [
                {
                    "name": e.name,
                    "error": e.error,
                    "plan": plan_json(e.plan) if e.plan is not None else None,
                }
                for e in entries
            ]
        }
        emit_json(doc, sys.stdout)
    else:
        out = sys.stdout
        out.write(f"{'Household':<24} {'Value':>15} {'Trades':>7} {'Turnover':>14} {'Tax':>12}\n")
        for e in entries:
            if e.plan is None:
                out.write(f"{e.name:<24} error: {e.error}\n")
                continue
            p = e.plan
            out.write(
                f"{e.name:<24} {money(p.household_total):>15} {len(p.trades):>7} "
                f"{money(p.turnover):>14} {money(p.tax_total):>12}\n"
            )
    return 3 if any(e.error for e in entries) else 0


def print_plan(plan: Plan, out: TextIO) -> None:
    """The plan as an advisor reads it: regime, buckets, trades with reasons, cash, warnings."""
    r = plan.regime
    out.write(f"Household value {money(plan.household_total)}")
    if plan.holdings_as_of:
        out.write(f" (holdings as of {plan.holdings_as_of.isoformat()})")
    out.write("\n")
    if r is not None:
        dated = r.as_of.isoformat() if r.as_of else "undated"
        age = f", {r.age_days} days old" if r.age_days is not None else ""
        stale = " - STALE" if r.stale else ""
        out.write(
            f"Regime: {r.label} (composite {r.composite:+.2f}, as of {dated}{age}{stale}); "
            f"tilt {100 * plan.tilt:+.1f} pts from mega- to small-caps\n"
        )
    out.write(f"\n{'Bucket':<22} {'Now':>7} {'Target':>7} {'After':>7}\n")
    for k, b in plan.buckets.items():
        if b.current == 0 and b.target == 0 and b.post == 0 and b.held == 0:
            continue
        out.write(
            f"{BUCKET_NAMES[k]:<22} {100 * b.current:>6.1f}% {100 * b.target:>6.1f}% "
            f"{100 * b.post:>6.1f}%\n"
        )
    out.write(f"\nTrades ({len(plan.trades)}):\n")
    for t in plan.trades:
        out.write(
            f"  {t.account_id:<12} {t.side:<4} {qty(t.shares):>10} {t.symbol:<6} "
            f"{money(t.value):>14}  tax {money(t.tax):>10}  {', '.join(t.reasons)}\n"
            f"      {t.explanation}\n"
        )
    out.write(
        f"\nTurnover {money(plan.turnover)}; estimated tax {money(plan.tax_total)}; "
        f"solver: {plan.method}"
    )
    if plan.gap is not None:
        out.write(f", proven within ${money(plan.gap)} of the best plan's cost")
    out.write("\n\nCash by account:\n")
    for a in plan.accounts:
        out.write(
            f"  {a.id:<12} {a.name[:30]:<30} {money(a.cash_before):>14} -> "
            f"{money(a.cash_after):>14}\n"
        )
    if plan.scenarios:
        out.write("\nScenarios:\n")
        for s in plan.scenarios.values():
            out.write(
                f"  {s.title:<46} {s.trades:>3} trades, turnover {money(s.turnover)}, "
                f"tax {money(s.tax_total)}, residual drift {100 * s.residual_deviation:.1f} pts\n"
            )
    if plan.warnings:
        out.write(f"\nWarnings ({len(plan.warnings)}):\n")
        for w in plan.warnings:
            out.write(f"  {w}\n")
