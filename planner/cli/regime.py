"""``rotation-planner regime``: the market regime, every signal with its number, date, source,
rule, score and contribution."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from planner.cli.common import emit_json
from planner.core.policy import Tilt
from planner.core.regime import BROAD_LARGE, Regime
from planner.market.regime_inputs import load_regime
from planner.reports.regime_json import regime_json

NAME = "regime"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(NAME, help="the market regime: dated signals, scores, label and tilt")
    p.add_argument(
        "--data", metavar="DIR", help="folder of FRED/Stooq/Yahoo CSVs and house-view.toml"
    )
    p.add_argument("--refresh", action="store_true", help="fetch FRED and Stooq now (network)")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument("--benchmark", metavar="SYMBOL", default="SPY", choices=BROAD_LARGE,
                   help="the broad large-cap series small-caps are measured against "
                        f"({', '.join(BROAD_LARGE)}; default SPY)")  # fmt: skip


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    regime = load_regime(Path(args.data) if args.data else None, refresh=args.refresh,
                         large=args.benchmark)  # fmt: skip
    for w in regime.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.json:
        emit_json(regime_json(regime), sys.stdout)
    else:
        print_regime(regime, sys.stdout)
    return 0


def _num(x: float | None, fmt: str = "{:+.2f}") -> str:
    return "" if x is None else fmt.format(x)


def print_regime(r: Regime, out: TextIO) -> None:
    dated = r.as_of.isoformat() if r.as_of else "undated"
    age = f"{r.age_days} days old" if r.age_days is not None else "age unknown"
    fade = Tilt()
    strength = fade.strength(r.age_days)
    out.write(f"{r.label.upper()}  composite {r.composite:+.2f} ({r.coverage:.0%} of the "
              f"signals' weight available), tilt {100 * r.tilt:+.1f} pts toward small-caps at "
              f"full strength\nas of {dated} ({age}){'  STALE' if r.stale else ''}; at this age "
              f"a plan applies {strength:.0%} of the tilt (default policy: full up to "
              f"{fade.full_until_days:g} days, none from {fade.zero_after_days:g}, unless "
              f"overridden)\nsource: {r.source}\n\n")  # fmt: skip
    out.write(f"{'Signal':<50} {'Value':>9} {'Change':>8} {'As of':>10} {'Score':>6} "
              f"{'Weight':>6} {'Contrib':>7}\n")  # fmt: skip
    for s in r.signals:
        value = f"{s.value:.2f} {s.unit}" if s.value is not None else "n/a"
        out.write(
            f"{s.name[:50]:<50} {value:>9} {_num(s.change):>8} "
            f"{s.as_of.isoformat() if s.as_of else '':>10} {_num(s.score):>6} {s.weight:>6.2f} "
            f"{_num(s.contribution):>7}\n"
        )
        out.write(f"    rule: {s.rule}\n")
        if s.available:
            out.write(f"    source: {s.source}{' - ' + s.note if s.note else ''}\n")
        else:
            out.write("    not available: no value from the inputs, none guessed\n")

