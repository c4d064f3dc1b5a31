"""What every command shares: the files it was given, the household they make, JSON out."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from planner.brokers import load_household, load_mapping
from planner.core.holdings import Household
from planner.resources import demo_files
from planner.storage import load_settings


def add_file_arguments(p: argparse.ArgumentParser, mapping: bool = True) -> None:
    """FILES..., --demo and --json (and --mapping): the arguments every household command takes."""
    p.add_argument("files", nargs="*", metavar="FILE", help="positions exports (CSV)")
    if mapping:
        p.add_argument(
            "--mapping", metavar="FILE", help="column mapping for an unknown layout (JSON)"
        )
    p.add_argument("--demo", action="store_true", help="the bundled demo household")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")


def files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    files = list(args.files)
    if args.demo:
        files += [str(p) for p in demo_files()]
    if not files:
        parser.error(f"{args.command}: give one or more FILES, or --demo")
    return files


def household(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Household:
    settings = load_settings()
    mapping = load_mapping(args.mapping) if getattr(args, "mapping", None) else None
    return load_household(files(args, parser), mapping, settings.max_file_bytes)


def money(x: float | None) -> str:
    if x is None or x != x:
        return ""
    return f"{x:,.2f}" if x >= 0 else f"({-x:,.2f})"


def qty(x: float | None) -> str:
    if x is None or x != x:
        return ""
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def emit_json(doc: dict[str, Any], out: TextIO) -> None:
    """Exactly one JSON document, written whole or not at all (it is made in full first);
    NaN is a bug, not a value."""
    text = json.dumps(doc, indent=2, allow_nan=False)
    out.write(text + "\n")
