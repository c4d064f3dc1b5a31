"""``rotation-planner archive list|show ID``: plans exported earlier (kept in the book; the
archive folders of earlier versions are copied in). A damaged entry is reported on stderr and
skipped, never fatal to ``list``."""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import emit_json, money
from planner.reports.archive import read_archive, show_archive

NAME = "archive"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(NAME, help="plans exported earlier: list them, or show one")
    p.add_argument("action", choices=("list", "show"))
    p.add_argument("plan_id", nargs="?", metavar="ID")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.action == "list":
        entries, problems = read_archive()
        for p in problems:
            print(p, file=sys.stderr)
        if args.json:
            emit_json(
                {"plans": [e.__dict__ | {"files": list(e.files)} for e in entries]}, sys.stdout
            )
        else:
            for e in entries:
                who = f"  {e.client}" if e.client else ""
                print(
                    f"{e.plan_id}  {e.created}  {money(e.household_total):>16}  "
                    f"{e.trades:>3} trades  {', '.join(e.files)}{who}"
                )
            if not entries:
                print("no plans exported yet")
        return 0
    if not args.plan_id:
        parser.error("archive show: give the plan ID (see: archive list)")
    doc = show_archive(args.plan_id)
    if args.json:
        emit_json(doc, sys.stdout)
    else:
        print(f"Plan {args.plan_id}, created {doc['inputs']['created']}")
        for f in doc["inputs"]["files"]:
            print(f"  {f['name']}  sha256 {f['sha256']}  as of {f['as_of']}")
        for t in doc["plan"]["trades"]:
            print(
                f"  {t['account_id']:<12} {t['side']:<4} {t['shares']:>10g} {t['symbol']:<6} "
                f"{money(t['value']):>14}  {t['explanation']}"
            )
    return 0
