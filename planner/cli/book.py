"""``rotation-planner book list|add|plan|export|approve|backup``: the advisor's clients, kept
in the book's database in the user data folder (README "The book").

- ``book list [--all] [--json]`` every client with value, mega/small shares, the bucket furthest
  outside its band, cash, stale data, the last plan and its status;
- ``book add NAME FILES... [--policy FILE] [--notes TEXT]`` a new client, or more files for one
  (a fresh export of an account replaces the previous one), planned unless ``--no-plan``;
- ``book plan [NAME...] [--json]`` a draft plan for each client named (default: all), on
  every core; exit 3 if any could not be planned;
- ``book export NAME --xlsx OUT [--blotter OUT]`` the client's plan out, marked exported;
- ``book approve NAME [--by WHO]`` the client's latest plan, draft → approved;
- ``book backup OUT`` a consistent copy of the whole book (safe while the app is open).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from planner.book import Book, open_book
from planner.book.clients import client_named, create_client, set_notes, set_policy
from planner.book.people import advisor
from planner.book.plans import approve, client_row, client_rows, latest_plan
from planner.book_replan import replan_book as replan
from planner.bookflow import export_client, import_into_client, plan_client, record_run
from planner.cli.common import emit_json, money
from planner.core.errors import InputError
from planner.core.policy_file import policy_to_toml
from planner.views.book import row_record, stale_reasons, status_text
from planner.workflow import read_policy

NAME = "book"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        NAME,
        help="the advisor's clients: list, add, plan, export, approve, backup",
        description="The book: clients kept in a local database "
        "(book.sqlite3 in the user data folder).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = actions.add_parser("list", help="every client and its figures")
    ls.add_argument("--all", action="store_true", help="archived clients too")
    ls.add_argument("--json", action="store_true", help="one JSON document on stdout")
    add = actions.add_parser("add", help="a new client, or more files for a client")
    add.add_argument("name", metavar="NAME")
    add.add_argument("files", nargs="+", metavar="FILE", help="positions exports (CSV)")
    add.add_argument("--mapping", metavar="FILE", help="column mapping for an unknown layout")
    add.add_argument("--policy", metavar="FILE", help="the client's policy (TOML)")
    add.add_argument("--notes", metavar="TEXT", help="notes on the client")
    add.add_argument("--no-plan", action="store_true", help="import only, plan later")
    add.add_argument("--data", metavar="DIR", help="market data folder for the regime")
    pl = actions.add_parser("plan", help="a draft plan for each client, on every core")
    pl.add_argument("names", nargs="*", metavar="NAME", help="clients (default: all)")
    pl.add_argument("--data", metavar="DIR", help="market data folder for the regime")
    pl.add_argument("--workers", type=int, metavar="N", help="processes (default: every core)")
    pl.add_argument("--json", action="store_true", help="one JSON document on stdout")
    ex = actions.add_parser("export", help="the client's plan as a workbook and/or blotter")
    ex.add_argument("name", metavar="NAME")
    ex.add_argument("--xlsx", metavar="OUT", help="write the plan workbook (.xlsx)")
    ex.add_argument("--blotter", metavar="OUT", help="write the trade blotter (CSV)")
    ex.add_argument("--unmask", action="store_true", help="full account numbers in the workbook")
    ex.add_argument("--data", metavar="DIR", help="market data folder for the regime")
    ap = actions.add_parser("approve", help="the client's latest plan: draft → approved")
    ap.add_argument("name", metavar="NAME")
    ap.add_argument("--by", metavar="WHO", help="who approves (default: the settings' author)")
    bk = actions.add_parser("backup", help="a consistent copy of the whole book")
    bk.add_argument("out", metavar="OUT")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    book, problems = open_book()
    for p in problems:
        print(p, file=sys.stderr)
    action = args.action
    if action == "list":
        return _list(book, args)
    if action == "add":
        return _add(book, args)
    if action == "plan":
        return _plan(book, args)
    if action == "export":
        if not args.xlsx and not args.blotter:
            parser.error("book export: give --xlsx OUT and/or --blotter OUT")
        return _export(book, args)
    if action == "approve":
        with book.write() as conn:
            client = client_named(conn, args.name)
            plan = latest_plan(conn, client.id)
            if plan is None:
                raise InputError(client.name, None, "no plan to approve (see: book plan)")
            approve(conn, plan.id, args.by or advisor())
        print(f"approved plan {plan.id} of {client.name}")
        return 0
    target = book.backup(Path(args.out))
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _list(book: Book, args: argparse.Namespace) -> int:
    today = date.today()
    with book.read() as conn:
        rows = client_rows(conn, archived=args.all)
    if args.json:
        emit_json(
            {"database": str(book.path), "clients": [row_record(r, today) for r in rows]},
            sys.stdout,
        )
        return 0
    if not rows:
        print(f"no clients yet (the book is {book.path}); add one: book add NAME FILES...")
        return 0
    out = sys.stdout
    out.write(
        f"{'Client':<28} {'Value':>15} {'Mega':>6} {'Small':>6} {'Beyond band':>16} "
        f"{'Cash':>13} {'As of':>10}  {'Last plan':<16} Status\n"
    )
    for r in rows:
        band = f"{_pct(r.drift)} {r.drift_bucket or ''}" if r.drift is not None else "-"
        as_of = r.holdings_as_of.isoformat() if r.holdings_as_of else "undated"
        stale = "; ".join(stale_reasons(r, today))
        out.write(
            f"{r.name[:28]:<28} {money(r.total):>15} {_pct(r.mega):>6} {_pct(r.small):>6} "
            f"{band:>16} {money(r.cash):>13} {as_of:>10}  "
            f"{(r.plan_created or '-').replace('T', ' ')[:16]:<16} {status_text(r)}"
            + (f"  [stale: {stale}]" if stale else "")
            + "\n"
        )
    return 0


def _pct(x: float | None) -> str:
    return f"{100 * x:.1f}%" if x is not None else "-"


def _add(book: Book, args: argparse.Namespace) -> int:
    policy = policy_to_toml(read_policy(args.policy)) if args.policy else None
    with book.write() as conn:
        try:
            client = client_named(conn, args.name)
            client_id = client.id
            if policy is not None:
                set_policy(conn, client_id, policy)
        except InputError:
            client_id = create_client(conn, args.name, policy, args.notes or "")
        else:
            if args.notes is not None:
                set_notes(conn, client_id, args.notes)
    result = import_into_client(book, client_id, args.files, args.mapping)
    for f in result.added:
        print(f"imported {f}", file=sys.stderr)
    for f in result.already:
        print(f"{f}: already in this client (same content); left as it is", file=sys.stderr)
    for p in result.problems:
        print(p, file=sys.stderr)
    if result.household is not None and not args.no_plan:
        try:
            record_run(book, client_id, plan_client(book, client_id, args.data))
        except InputError as err:
            print(f"{args.name}: imported, not planned: {err}", file=sys.stderr)
            return 3
    with book.read() as conn:
        r = client_row(conn, client_id)
    accounts = f"{r.accounts} account" + ("" if r.accounts == 1 else "s")
    print(f"{r.name}: {accounts}, {money(r.total)}, plan {status_text(r)}")
    return 3 if result.problems else 0


def _plan(book: Book, args: argparse.Namespace) -> int:
    ids = None
    if args.names:
        with book.read() as conn:
            ids = [client_named(conn, n).id for n in args.names]
    results = replan(book, ids, args.data, args.workers)
    if args.json:
        emit_json(
            {
                "clients": [
                    {"name": r.name, "plan_id": r.plan_id, "error": r.error, "plan": r.doc}
                    for r in results
                ]
            },
            sys.stdout,
        )
    else:
        out = sys.stdout
        out.write(f"{'Client':<28} {'Value':>15} {'Trades':>7} {'Turnover':>14} {'Tax':>12}\n")
        for r in results:
            if r.doc is None:
                out.write(f"{r.name[:28]:<28} error: {r.error}\n")
                continue
            out.write(
                f"{r.name[:28]:<28} {money(r.doc['household_total']):>15} "
                f"{len(r.doc['trades']):>7} {money(r.doc['turnover']):>14} "
                f"{money(r.doc['tax_total']):>12}\n"
            )
    return 3 if any(r.error for r in results) else 0


def _export(book: Book, args: argparse.Namespace) -> int:
    with book.read() as conn:
        client = client_named(conn, args.name)
    done = export_client(book, client.id, args.xlsx, args.blotter, not args.unmask, args.data)
    if done.notice:
        print(f"{client.name}: {done.notice}", file=sys.stderr)
    for path in done.written:
        print(f"wrote {path}", file=sys.stderr)
    print(f"{client.name}: plan {done.plan_id} exported")
    return 0
