"""``rotation-planner regime``: the market regime, every signal with its number, date, source,
rule, score and contribution; with ``--history DIR``, the walk-forward evidence of the rules."""

from __future__ import annotations

import argparse
import calendar
import re
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from planner.cli.common import emit_json
from planner.core.errors import InputError
from planner.core.policy import Tilt
from planner.core.regime import BROAD_LARGE, Regime
from planner.core.walkforward import BASE_TARGETS, Evidence, NoHistory, walk_forward
from planner.market.regime_inputs import load_history, load_regime
from planner.reports.regime_chart import walkforward_svg
from planner.reports.regime_json import CI_METHOD, caveats, evidence_json, regime_json
from planner.storage import write_text_atomic

NAME = "regime"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(NAME, help="the market regime: dated signals, scores, label and tilt")
    p.add_argument(
        "--data", metavar="DIR", help="folder of FRED/Stooq/Yahoo CSVs and house-view.toml"
    )
    p.add_argument("--refresh", action="store_true", help="fetch FRED and Stooq now (network)")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.add_argument(
        "--benchmark",
        metavar="SYMBOL",
        default="SPY",
        choices=BROAD_LARGE,
        help="the broad large-cap series small-caps are measured against "
        f"({', '.join(BROAD_LARGE)}; default SPY)",
    )
    h = p.add_argument_group("walk-forward evidence")
    h.add_argument(
        "--history",
        metavar="DIR",
        help="walk the rules forward month by month over the series in DIR "
        "(the layout of ../shared/reference, or a folder of FRED-named CSVs "
        "and price CSVs)",
    )
    h.add_argument("--start", metavar="YYYY-MM", help="first month-end to evaluate")
    h.add_argument("--end", metavar="YYYY-MM", help="last month-end to evaluate")
    h.add_argument("--chart", metavar="FILE.svg", help="also draw the walk-forward as SVG")


def _month(text: str | None, last_day: bool, parser: argparse.ArgumentParser) -> date | None:
    """``YYYY-MM`` (its first or last day) or ``YYYY-MM-DD``."""
    if text is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            day = calendar.monthrange(year, month)[1] if last_day else 1
            return date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except (ValueError, calendar.IllegalMonthError):
        pass
    parser.error(f"{NAME}: not a month (YYYY-MM) or a date (YYYY-MM-DD): {text!r}")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.history is None:
        if args.start or args.end or args.chart:
            parser.error(f"{NAME}: --start, --end and --chart go with --history DIR")
        regime = load_regime(
            Path(args.data) if args.data else None, refresh=args.refresh, large=args.benchmark
        )
        for w in regime.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if args.json:
            emit_json(regime_json(regime), sys.stdout)
        else:
            print_regime(regime, sys.stdout)
        return 0
    if args.data or args.refresh:
        parser.error(f"{NAME}: --history DIR reads its own folder; leave out --data and --refresh")
    start, end = _month(args.start, False, parser), _month(args.end, True, parser)
    market = load_history(Path(args.history), today=date.today())
    try:
        ev = walk_forward(market, large=args.benchmark, start=start, end=end)
    except NoHistory as err:
        raise InputError(args.history, None, f"no walk-forward possible: {err}") from None
    for w in ev.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.chart:
        caption = (
            f"Data: {args.history} ({ev.small}, {ev.large} adjusted closes; FRED). "
            f"rotation-planner regime --history, run {date.today().isoformat()}."
        )
        write_text_atomic(Path(args.chart), walkforward_svg(ev, caption))
    if args.json:
        emit_json(evidence_json(ev, args.history), sys.stdout)
    else:
        print_evidence(ev, args.history, sys.stdout)
    return 0


def _num(x: float | None, fmt: str = "{:+.2f}") -> str:
    return "" if x is None else fmt.format(x)


def print_regime(r: Regime, out: TextIO) -> None:
    dated = r.as_of.isoformat() if r.as_of else "undated"
    age = f"{r.age_days} days old" if r.age_days is not None else "age unknown"
    fade = Tilt()
    strength = fade.strength(r.age_days)
    out.write(
        f"{r.label.upper()}  composite {r.composite:+.2f} ({r.coverage:.0%} of the "
        f"signals' weight available), tilt {100 * r.tilt:+.1f} pts toward small-caps at "
        f"full strength\nas of {dated} ({age}){'  STALE' if r.stale else ''}; at this age "
        f"a plan applies {strength:.0%} of the tilt (default policy: full up to "
        f"{fade.full_until_days:g} days, none from {fade.zero_after_days:g}, unless "
        f"overridden)\nsource: {r.source}\n\n"
    )
    out.write(
        f"{'Signal':<50} {'Value':>9} {'Change':>8} {'As of':>10} {'Score':>6} "
        f"{'Weight':>6} {'Contrib':>7}\n"
    )
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


def _pct(x: float | None, nd: int = 0) -> str:
    return "n/a" if x is None else f"{100 * x:.{nd}f}%"


def _pp(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:+.1f}"


def _ci(ci: tuple[float, float] | None) -> str:
    return "n/a" if ci is None else f"[{ci[0]:+.2f}, {ci[1]:+.2f}]"


def _calls(n: int, rate: float | None) -> str:
    return f"{n} ({_pct(rate)})" if n else "0"


def print_evidence(ev: Evidence, folder: str, out: TextIO) -> None:
    rows = ev.rows
    w = out.write
    w(
        f"WALK-FORWARD  {ev.small} vs {ev.large}, {len(rows)} month-ends {rows[0].date} .. "
        f"{rows[-1].date} (data: {folder})\n"
        "Each month-end uses only what was public at its close:\n"
    )
    for k, (a, b) in sorted(ev.series_span.items()):
        lag = ev.lags[k]
        w(f"  {k:<16} {a} .. {b}   lag {lag.text()}: {lag.why}\n")
    w(
        "Signals used (month-ends available): "
        + ", ".join(f"{k} {n}" for k, n in ev.available.items() if n)
        + "\n"
    )
    if ev.left_out:
        w(
            "Left out, no history here: "
            + "; ".join(f"{k} ({why})" for k, why in ev.left_out.items())
            + "\n"
        )
    cov = sorted({r.coverage for r in rows})
    w(
        f"Coverage: {_pct(cov[0])}"
        + (f" to {_pct(cov[-1])}" if len(cov) > 1 else "")
        + f" of the rules' weight (a tilt needs {_pct(ev.settings.min_coverage)})\n\n"
    )
    w(f"The composite against the next months' {ev.small} minus {ev.large} total return\n")
    w(
        f"{'horizon':<8}{'n':>5}{'indep.':>8}{'rank IC':>9}  {'95% CI bootstrap':<18}"
        f"{'Fisher n/h':<18}{'tilted':>7}{'hit rate':>10}{'small calls':>14}{'mega calls':>13}"
        f"{'IWM ahead':>11}\n".replace("IWM", ev.small)
    )
    for h in ev.horizons:
        w(
            f"{h.months:>2} months{h.n:>5}{h.independent:>8}{_num(h.rank_ic, '{:+.3f}'):>9}  "
            f"{_ci(h.ci):<18}{_ci(h.fisher):<18}{h.tilted:>7}{_pct(h.hit_rate):>10}"
            f"{_calls(h.small_calls, h.small_hit_rate):>14}"
            f"{_calls(h.mega_calls, h.mega_hit_rate):>13}{_pct(h.small_ahead):>11}\n"
        )
    w(f"CI: {CI_METHOD} ({ev.resamples} resamples, seed {ev.seed}).\n")
    for h in ev.horizons:
        means = ", ".join(f"{k} {_pp(v)} pp" for k, v in h.mean_after.items())
        w(f"Mean {ev.small} - {ev.large} over the next {h.months} months after: {means}\n")
    w(
        "\nEach signal alone, rank IC of its score at "
        + "/".join(str(h.months) for h in ev.horizons)
        + " months:\n"
    )
    for k, by_h in ev.signal_ic.items():
        w(f"  {k:<34} " + "  ".join(_num(v, "{:+.3f}") for v in by_h.values()) + "\n")
    w(
        "Momentum members' scores move together (rank correlation): "
        + ", ".join(f"{k} {_num(v, '{:+.2f}')}" for k, v in ev.momentum_correlation.items())
        + "\n\n"
    )
    t = BASE_TARGETS
    w(
        f"60/40-style policy: {ev.large} {t['mega']:.0%}, {ev.small} {t['small']:.0%}, cash "
        f"{t['cash']:.0%} earning {ev.cash}; rebalanced at each month-end close, tilt up to "
        f"{ev.settings.max_tilt:.0%} from {ev.large} to {ev.small}; {rows[0].date} .. "
        f"{rows[-1].date}\n"
    )
    w(f"{'':<34}{'return/yr':>10}{'volatility':>12}{'max drawdown':>14}{'turnover/yr':>13}\n")
    for p in (ev.without_tilt, ev.with_tilt, ev.with_previous_method):
        if p is None:
            continue
        w(
            f"{p.name:<34}{_pct(p.annual_return, 2):>10}{_pct(p.volatility, 2):>12}"
            f"{_pct(p.max_drawdown, 2):>14}{_pct(p.turnover, 1):>13}\n"
        )
    d = ev.tilt_vs_none
    w(
        f"The tilt against none: {100 * d['excess_return']:+.2f} pts a year, tracking error "
        f"{_pct(d['tracking_error'], 2)}, information ratio {d['information_ratio']:+.2f}\n"
    )
    if ev.previous_method:
        w(
            "The previous method (mean of the available scores, tilting at every label): "
            + "; ".join(
                f"{h.months} months: {h.tilted} tilted, hit rate {_pct(h.hit_rate)}"
                for h in ev.previous_method
            )
            + "\n"
        )
    w("\nCaveats:\n")
    for c in caveats(ev):
        w(f"- {c}\n")
