"""``rotation-planner holdings``: import and reconcile, nothing else."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from planner.cli.common import add_file_arguments, emit_json, household, money, qty
from planner.core.holdings import Household, LotRecord
from planner.reports.json_out import holdings_json

NAME = "holdings"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(NAME, help="import and reconcile brokerage exports, nothing else")
    add_file_arguments(p)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    h = household(args, parser)
    if args.json:
        emit_json(with_lots(holdings_json(h), h), sys.stdout)
    else:
        print_holdings(h, sys.stdout)
    return 0


def lot_json(lot: LotRecord) -> dict[str, Any]:
    return {
        "acquired": lot.acquired.isoformat() if lot.acquired else None,
        "quantity": lot.quantity,
        "cost": lot.cost,
        "source_line": lot.source_line,
    }


def with_lots(doc: dict[str, Any], h: Household) -> dict[str, Any]:
    """``doc`` (the holdings document) with each position's tax lots, in file order: an
    empty list for a position the files give none (it is one lot at its cost basis)."""
    lots = h.position_lots()
    for acct, acct_doc in zip(h.accounts, doc["accounts"], strict=True):
        rows = h.positions_of(acct.id).index.tolist()
        for i, pos_doc in zip(rows, acct_doc["positions"], strict=True):
            pos_doc["lots"] = [lot_json(lot) for lot in lots[i]]
    return doc


def print_holdings(h: Household, out: TextIO) -> None:
    """A readable summary: files, then each account with its positions and totals."""
    for f in h.files:
        as_of = f.as_of.isoformat() if f.as_of else "date unknown"
        out.write(f"{f.path}  [{f.format}, as of {as_of}]\n")
    totals = h.account_totals()
    for acct in h.accounts:
        out.write(f"\n{acct.name} ({acct.id}) - {acct.type.replace('_', '-')}\n")
        rows = h.records(acct.id)
        width = max([6, *(len(r.symbol) for r in rows)])
        out.write(
            f"  {'Symbol':<{width}}  {'Type':<12} {'Quantity':>14} {'Price':>12} "
            f"{'Market value':>15}  Description\n"
        )
        lots = h.position_lots()
        for i, r in zip(h.positions_of(acct.id).index.tolist(), rows, strict=True):
            out.write(
                f"  {r.symbol:<{width}}  {r.asset_type:<12} {qty(r.quantity):>14} "
                f"{money(r.price):>12} {money(r.market_value):>15}  {r.description[:40]}\n"
            )
            for lot in lots[i]:
                when = lot.acquired.isoformat() if lot.acquired else "date unknown"
                cost = f"cost {money(lot.cost)}" if lot.cost is not None else "cost unknown"
                out.write(f"  {'':<{width}}  lot {when:<12} {qty(lot.quantity):>10}  {cost}\n")
        cash, total = totals[acct.id]
        line = f"  cash {money(cash)}   total {money(total)}"
        if acct.reported_total is not None:
            line += f"   file reports {money(acct.reported_total)}"
        out.write(line + "\n")
    out.write(f"\nHousehold total: {money(h.total)} in {len(h.accounts)} accounts\n")
    if h.warnings:
        out.write(f"\nWarnings ({len(h.warnings)}):\n")
        for w in h.warnings:
            out.write(f"  {w}\n")
