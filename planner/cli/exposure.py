"""``rotation-planner exposure``: how the household splits across the size buckets, how
concentrated it is, and what could not be placed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import TextIO

from planner.cli.common import add_file_arguments, emit_json, household, money
from planner.core.buckets import SIZE_BUCKETS, describe_bucket
from planner.core.exposure import BucketValue, Exposure, compute_exposure
from planner.core.plan import BUCKET_NAMES
from planner.core.policy import FUND_VIEWS, SIZE_SCHEMES
from planner.market.securities import apply_buckets, load_reference, with_policy
from planner.reports.exposure_json import exposure_json
from planner.workflow import read_policy

NAME = "exposure"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        NAME,
        help="size-bucket exposure (fund look-through), concentration and unknowns",
        description="Classify every position (override, security master, fund table, rules) "
        "and show the household's dollars and weights per bucket under a named, dated size "
        "scheme. Exit 3 on bad input.",
    )
    add_file_arguments(p)
    p.add_argument(
        "--policy", metavar="FILE", help="take the size scheme from this policy's [buckets] section"
    )
    p.add_argument("--scheme", choices=SIZE_SCHEMES, help="size scheme (default: rank)")
    p.add_argument(
        "--funds",
        choices=FUND_VIEWS,
        help="count funds by look-through (default) or wholly in their index's segment",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    ref = load_reference()
    choice = read_policy(args.policy).buckets if args.policy else None
    if choice is not None:
        ref = with_policy(ref, choice)
    if args.scheme or args.funds:  # the command line wins over the policy file
        scheme = args.scheme or ref.size_scheme.name
        keep = scheme == "dollars" and ref.size_scheme.name == "dollars"  # the policy's lines
        ref = apply_buckets(
            ref, scheme, args.funds or ref.fund_view, ref.thresholds if keep else None
        )
    h = household(args, parser)
    if ref.overrides.account_types:
        h = h.with_account_types(ref.overrides.account_types)
    from planner.market.quality_store import verdicts_for

    verdicts, unread = verdicts_for({r.symbol for r in h.records()})
    e = compute_exposure(h, ref, verdicts)
    for problem in unread:
        print(problem, file=sys.stderr)
    if args.json:
        emit_json(exposure_json(e, h, ref), sys.stdout)
    else:
        print_exposure(e, sys.stdout)
        for w in h.warnings:
            sys.stdout.write(f"  import: {w}\n")
    return 0


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x:.1%}"


def _table(buckets: Mapping[str, BucketValue], out: TextIO, indent: str = "  ") -> None:
    for b, v in buckets.items():
        if v.value == 0:
            continue
        out.write(
            f"{indent}{BUCKET_NAMES.get(b, b):<22} {money(v.value):>16} {_pct(v.weight):>8}\n"
        )


def print_exposure(e: Exposure, out: TextIO) -> None:
    out.write(f"Household total: {money(e.total)}\n")
    if e.scheme is not None:
        out.write(f"Size scheme: {e.scheme.label}, funds by {e.fund_view}\n")
        for b in SIZE_BUCKETS:
            out.write(f"  {describe_bucket(e.scheme, b)}\n")
        out.write(f"  source: {e.scheme.source}\n")
    out.write(f"Classified: {e.coverage:.1%} of the household's value\n")
    out.write("\nBy bucket (whole household):\n")
    _table(e.buckets, out)
    out.write("\nEquity only:\n")
    _table(e.equity_only, out)
    c = e.concentration
    out.write("\nConcentration (single names held directly):\n")
    if c.largest_symbol:
        out.write(f"  largest      {c.largest_symbol} {_pct(c.largest_weight)}\n")
    out.write(f"  top 10       {_pct(c.top10_weight)}\n")
    out.write(f"  Magnificent Seven {_pct(c.mag7_weight)}\n")
    if e.small_vs_mega is not None:
        out.write(f"  small / mega {e.small_vs_mega:.3f}\n")
    q = e.small_cap_quality
    if q.exposure > 0:
        out.write(
            f"\nSmall- and micro-cap exposure {money(q.exposure)}; in low-quality names "
            f"{money(q.low_quality_value)} ({_pct(q.low_quality_share)})\n"
        )
        for s, v, why in q.names:
            out.write(f"  {s:<8} {money(v):>14}  {why}\n")
    for a in e.accounts:
        out.write(f"\n{a.name} ({a.id}) - {a.type.replace('_', '-')}: {money(a.total)}\n")
        _table(a.buckets, out, "    ")
    out.write("\nPositions:\n")
    width = max([6, *(len(p.symbol) for p in e.positions)])
    for p in e.positions:
        cl = p.classification
        mix = ", ".join(f"{b} {f:.0%}" for b, f in cl.mix.items())
        as_of = cl.as_of.isoformat() if cl.as_of else "undated"
        flag = f"  LOW QUALITY: {cl.quality_note}" if cl.low_quality else ""
        out.write(
            f"  {p.account_id:<12} {p.symbol:<{width}} {money(p.market_value):>14}  "
            f"{cl.source:<8} {as_of:<10}  {mix}{flag}\n"
        )
    if e.unknown:
        out.write(f"\nCould not classify ({money(e.unknown_value)}, {_pct(e.unknown_weight)}):\n")
        for u in e.unknown:
            out.write(
                f"  {u.symbol:<{width}} {money(u.market_value):>14} {_pct(u.weight):>8}  "
                f"{u.description}\n"
            )
    if e.warnings:
        out.write(f"\nWarnings ({len(e.warnings)}):\n")
        for w in e.warnings:
            out.write(f"  {w}\n")
