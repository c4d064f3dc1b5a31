"""``rotation-planner securities import FILE | fund FUND FILE | status``: a firm's own data.

``import FILE`` keeps a firm's security master (symbol, market cap, as-of; optionally name,
CUSIP, bucket) in the user data folder; ``fund FUND FILE`` keeps an issuer's holdings
download (the iShares CSV layout) for FUND. Both win over the bundled data from then on and
carry their dates. ``status`` shows what is in force. A bad file exits 3 with ``FILE:LINE``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.common import emit_json
from planner.core.buckets import SIZE_BUCKETS, describe_bucket
from planner.market.firm_master import firm_master_path, import_firm_master, load_firm_master
from planner.market.securities import firm_funds_dir, import_fund_holdings, load_reference

NAME = "securities"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        NAME,
        help="a firm's own security master or fund holdings, kept over the bundled data",
        description="import FILE: a firm's master CSV (symbol, market cap, as-of; optional "
        "name, CUSIP, bucket, price). fund FUND FILE: an issuer's holdings download for FUND "
        "(iShares CSV layout). status: the data in force. refresh-financials [SYMBOLS]: "
        "fetch companies' SEC financial facts for the quality screen. Exit 3 on a bad file.",
    )
    p.add_argument("action", choices=("import", "fund", "status", "refresh-financials"))
    p.add_argument(
        "args", nargs="*", metavar="ARG", help="FILE, or FUND FILE, or SYMBOLS to refresh"
    )
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    refresh = p.add_argument_group("refresh-financials (SEC company facts; network)")
    refresh.add_argument(
        "--holdings",
        nargs="+",
        default=[],
        metavar="FILE",
        help="brokerage exports: also refresh every stock they hold",
    )
    refresh.add_argument(
        "--import",
        dest="import_files",
        nargs="+",
        default=[],
        metavar="FILE",
        help="company-facts JSON files downloaded by hand: cache them, fetch nothing",
    )
    refresh.add_argument("--contact", metavar="EMAIL", help="contact sent to the SEC")
    refresh.add_argument("--ciks", metavar="FILE", help="CSV of symbol,cik (default: bundled)")


def _mix_text(mix: dict[str, float]) -> str:
    return ", ".join(f"{b} {f:.1%}" for b, f in mix.items() if f >= 0.0005)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.action == "refresh-financials":
        from planner.cli import financials

        args.symbols = list(args.args)
        return financials.run(args, parser)
    if args.action == "import":
        if len(args.args) != 1:
            parser.error("securities import: give one FILE")
        dest, rows = import_firm_master(Path(args.args[0]))
        kept = load_firm_master(dest)
        dates = sorted({r["as_of"] for r in kept})
        doc: dict[str, Any] = {"kept": str(dest), "rows": rows, "as_of": dates}
        text = (
            f"kept {rows} row(s) as of {dates[0]}"
            + (f" to {dates[-1]}" if dates[-1] != dates[0] else "")
            + f" in {dest}; they win over the bundled master"
        )
    elif args.action == "fund":
        if len(args.args) != 2:
            parser.error("securities fund: give FUND and FILE")
        dest, held = import_fund_holdings(args.args[0], Path(args.args[1]))
        symbol = dest.stem
        ref = load_reference()
        placed = ref.placement(ref.funds[symbol])
        mix = dict(placed.mix) if placed is not None else {}
        doc = {
            "fund": symbol,
            "kept": str(dest),
            "name": held.fund_name,
            "holdings_as_of": held.as_of.isoformat(),
            "equity_holdings": len(held.holdings),
            "non_equity_weight": round(held.other_weight, 6),
            "coverage": round(ref.profiles[symbol].coverage, 6),
            "scheme": ref.size_scheme.label,
            "mix": mix,
        }
        text = (
            f"{symbol}: {len(held.holdings)} equity holdings of {held.as_of} "
            f"({held.layout} layout), {ref.profiles[symbol].coverage:.0%} of their weight "
            f"matched to a market cap; kept in {dest}\n"
            f"look-through under {ref.size_scheme.label}: {_mix_text(mix)}"
        )
    else:
        ref = load_reference()
        scheme = ref.size_scheme
        firm = load_firm_master()
        funds = (
            sorted(p.stem for p in firm_funds_dir().glob("*.csv"))
            if firm_funds_dir().is_dir()
            else []
        )
        doc = {
            "master": ref.origin,
            "securities": len(ref.securities),
            "funds": len(ref.funds),
            "size_scheme": scheme.label,
            "firm_master": {"path": str(firm_master_path()), "rows": len(firm)} if firm else None,
            "firm_funds": funds,
        }
        lines = [
            f"security master: {ref.origin} ({len(ref.securities):,} securities, "
            f"{len(ref.funds):,} funds)",
            f"default size scheme {scheme.label}:",
        ]
        lines += [f"  {describe_bucket(scheme, b)}" for b in SIZE_BUCKETS]
        lines.append(
            f"firm master: {len(firm)} row(s) in {firm_master_path()}"
            if firm
            else "firm master: none imported"
        )
        lines.append(f"firm fund files: {', '.join(funds)}" if funds else "firm fund files: none")
        text = "\n".join(lines)
    if args.json:
        emit_json(doc, sys.stdout)
    else:
        print(text)
    return 0
