"""The ``rotation-planner`` command line (DESIGN.md "Stable command line").

Exit codes: 0 success (warnings allowed), 2 usage error, 3 bad input with ``FILE:LINE: reason``
on stderr. ``--json`` prints exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from planner import __version__
from planner.brokers import load_household, load_mapping
from planner.core.errors import InputError
from planner.core.holdings import Household
from planner.reports.json_out import holdings_json
from planner.resources import demo_files
from planner.storage import load_settings, log_dir

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rotation-planner",
        description="Import brokerage exports, see the household's size exposure and the "
        "market regime, and plan tax-aware trades.",
    )
    p.add_argument("--version", action="version", version=f"rotation-planner {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    h = sub.add_parser("holdings", help="import and reconcile brokerage exports, nothing else")
    h.add_argument("files", nargs="*", metavar="FILE", help="positions exports (CSV)")
    h.add_argument("--mapping", metavar="FILE", help="column mapping for an unknown layout (JSON)")
    h.add_argument("--demo", action="store_true", help="the bundled demo household")
    h.add_argument("--json", action="store_true", help="one JSON document on stdout")
    return p


def _files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    files = list(args.files)
    if args.demo:
        files += [str(p) for p in demo_files()]
    if not files:
        parser.error(f"{args.command}: give one or more FILES, or --demo")
    return files


def _household(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Household:
    settings = load_settings()
    mapping = load_mapping(args.mapping) if getattr(args, "mapping", None) else None
    return load_household(_files(args, parser), mapping, settings.max_file_bytes)


def _money(x: float | None) -> str:
    if x is None or x != x:
        return ""
    return f"{x:,.2f}" if x >= 0 else f"({-x:,.2f})"


def _qty(x: float | None) -> str:
    if x is None or x != x:
        return ""
    return f"{x:,.4f}".rstrip("0").rstrip(".")


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
        for r in rows:
            out.write(
                f"  {r.symbol:<{width}}  {r.asset_type:<12} {_qty(r.quantity):>14} "
                f"{_money(r.price):>12} {_money(r.market_value):>15}  {r.description[:40]}\n"
            )
        cash, total = totals[acct.id]
        line = f"  cash {_money(cash)}   total {_money(total)}"
        if acct.reported_total is not None:
            line += f"   file reports {_money(acct.reported_total)}"
        out.write(line + "\n")
    out.write(f"\nHousehold total: {_money(h.total)} in {len(h.accounts)} accounts\n")
    if h.warnings:
        out.write(f"\nWarnings ({len(h.warnings)}):\n")
        for w in h.warnings:
            out.write(f"  {w}\n")


def _emit_json(doc: dict[str, Any], out: TextIO) -> None:
    json.dump(doc, out, indent=2, allow_nan=False)
    out.write("\n")


def _log_crash() -> str | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return str(path)
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        if args.command == "holdings":
            household = _household(args, parser)
            if args.json:
                _emit_json(holdings_json(household), sys.stdout)
            else:
                print_holdings(household, sys.stdout)
            return EXIT_OK
        parser.error(f"unknown command {args.command}")
    except InputError as err:
        print(str(err), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head/less that closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:  # a bug: say so plainly, keep the details in the log
        where = _log_crash()
        detail = f"; details in {where}" if where else ""
        print(f"internal error: {type(err).__name__}: {err}{detail}", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_OK
