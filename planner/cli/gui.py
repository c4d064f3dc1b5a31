"""``rotation-planner gui [FILES...] [--demo] [--screenshot DIR]``: the desktop app (also what
``rotation-planner`` alone opens)."""

from __future__ import annotations

import argparse

NAME = "gui"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(NAME, help="the desktop app (the default with no command)")
    p.add_argument("files", nargs="*", metavar="FILE", help="positions exports to open")
    p.add_argument("--demo", action="store_true", help="open the bundled demo household")
    p.add_argument("--screenshot", metavar="DIR", help="save a PNG of every view into DIR and exit")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from planner.gui.app import main  # Qt loads only when the app is asked for

    return main(args.files, args.demo, args.screenshot)
