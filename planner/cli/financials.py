"""``rotation-planner securities refresh-financials [SYMBOLS...]``: fetch companies' financial
facts from the SEC into the cache, then show each company's quality verdict.

Which companies: the SYMBOLS given, plus the stocks held in ``--holdings FILES`` (brokerage
exports); with neither, every company already in the cache is fetched again. With an empty
cache too, that is a usage error - there is no sensible "everything" (the universe has
thousands of companies, and the SEC asks for moderation). ``--import FILES`` puts company-facts
files downloaded by hand into the cache instead (no network, no contact needed; bad JSON is
exit 3 naming the file).

The SEC requires a contact in every request: ``--contact EMAIL`` or ``[sec] contact`` in
settings.toml. Failures (offline, 404, the SEC limiting requests, a stalled answer) are one
sentence each on stderr and keep the cached copy; the command still exits 0. Exit 2: no
companies or no contact; 3: a bad holdings file or CIK table (``FILE:LINE: reason``).

``--json`` prints ``{"updated": [SYMBOL], "problems": [str], "notices": [str],
"verdicts": {SYMBOL: verdict}}`` with each verdict as
:func:`planner.core.quality.verdict_dict` writes it.

Registered under ``securities`` by the command line; ``python -m planner.cli.financials
[SYMBOLS...]`` runs it on its own.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from planner.cli.common import emit_json
from planner.core.errors import InputError
from planner.core.quality import QualityVerdict
from planner.core.quality_report import screen_symbols, verdict_dict
from planner.core.universe import symbol_key
from planner.market.ciks import load_ciks
from planner.market.financials_cache import cached_ciks, import_companyfacts, load_store
from planner.market.sec_refresh import refresh_financials, symbols_to_refresh
from planner.storage import load_settings

NAME = "refresh-financials"
HELP = "fetch companies' financial facts from the SEC (network) and show their quality verdicts"


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("symbols", nargs="*", metavar="SYMBOL", help="stock symbols, e.g. SNOW")
    p.add_argument(
        "--holdings",
        nargs="+",
        default=[],
        metavar="FILE",
        help="brokerage exports: also refresh every stock they hold",
    )
    p.add_argument(
        "--import",
        dest="import_files",
        nargs="+",
        default=[],
        metavar="FILE",
        help="company-facts JSON files downloaded by hand: cache them, fetch nothing",
    )
    p.add_argument("--contact", metavar="EMAIL", help="contact sent to the SEC (else settings)")
    p.add_argument("--ciks", metavar="FILE", help="CSV of symbol,cik (default: bundled table)")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p: argparse.ArgumentParser = sub.add_parser(NAME, help=HELP, description=HELP)
    _arguments(p)
    return p


def _usage(parser: argparse.ArgumentParser | None, message: str) -> int:
    if parser is not None:
        parser.error(message)  # exits 2
    print(f"{NAME}: {message}", file=sys.stderr)
    return 2


def _held_stocks(files: list[str]) -> list[str]:
    from planner.brokers import load_household

    h = load_household(files, None, load_settings().max_file_bytes)
    table = h.table()
    stocks = table[table["asset_type"] == "equity"]["symbol"]
    return sorted({str(s).upper() for s in stocks if str(s).strip()})


def run(args: argparse.Namespace, parser: argparse.ArgumentParser | None = None) -> int:
    ciks = load_ciks(Path(args.ciks) if getattr(args, "ciks", None) else None)
    if getattr(args, "import_files", None):
        return _import(args, ciks)
    symbols = [s.upper() for s in args.symbols]
    symbols += _held_stocks(list(args.holdings)) if args.holdings else []
    symbols = list(dict.fromkeys(symbols))
    if not symbols:
        symbols = symbols_to_refresh(ciks, cached_ciks())
        if not symbols:
            return _usage(parser, "give SYMBOLS or --holdings FILES (the cache is empty)")
    contact = (args.contact or load_settings().sec_contact).strip()
    if not contact:
        return _usage(
            parser,
            "the SEC asks for a contact with every request: give --contact EMAIL or set "
            "contact under [sec] in settings.toml",
        )
    result = refresh_financials(symbols, ciks, contact)
    for line in result.notices:
        print(f"note: {line}", file=sys.stderr)
    return _report(
        args, symbols, ciks, list(result.updated), list(result.problems), list(result.notices)
    )


def _import(args: argparse.Namespace, ciks: dict[str, str]) -> int:
    now = datetime.now(UTC)
    imported = [import_companyfacts(Path(f), now) for f in args.import_files]
    symbols = symbols_to_refresh(ciks, imported)
    known = {ciks[s] for s in symbols}
    problems = [
        f"CIK {c}: cached, but no symbol in the CIK table has it"
        for c in imported
        if c not in known
    ]
    return _report(args, symbols, ciks, symbols, problems, [])


def _report(
    args: argparse.Namespace,
    symbols: list[str],
    ciks: dict[str, str],
    updated: list[str],
    problems: list[str],
    notices: list[str],
) -> int:
    for line in problems:
        print(f"warning: {line}", file=sys.stderr)
    by_key = {symbol_key(k): v for k, v in ciks.items()}
    wanted = [c for s in symbols if (c := by_key.get(symbol_key(s)))]
    store, unreadable = load_store(wanted)
    for line in unreadable:
        print(f"warning: {line}", file=sys.stderr)
    verdicts = screen_symbols(symbols, ciks, store, today=date.today())
    if args.json:
        doc = {
            "updated": updated,
            "problems": problems,
            "notices": notices,
            "verdicts": {s: verdict_dict(v) for s, v in verdicts.items()},
        }
        emit_json(doc, sys.stdout)
    else:
        print_verdicts(verdicts, sys.stdout)
    return 0


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}×"


def print_verdicts(verdicts: dict[str, QualityVerdict], out: TextIO) -> None:
    for symbol, v in verdicts.items():
        dated = f"{v.form} filed {v.filed}" if v.filed else "no filing"
        out.write(
            f"{symbol:<8} {v.status:<17} {dated:<24} coverage {_num(v.interest_coverage)}  "
            f"net debt/EBITDA {_num(v.net_debt_to_ebitda)}{'  STALE' if v.stale else ''}\n"
        )
        out.write(f"    {v.rule}\n")
        for note in v.notes:
            out.write(f"    - {note}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.cli.financials", description=HELP)
    _arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args, parser)
    except InputError as err:
        print(str(err), file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
