"""The ``rotation-planner`` command line (DESIGN.md "Stable command line").

Exit codes: 0 success (warnings allowed), 2 usage error, 3 bad input with ``FILE:LINE: reason``
on stderr. ``--json`` prints exactly one JSON document on stdout.

Each command is a module here with ``NAME``, ``add_parser(sub)`` and ``run(args, parser)``;
``_COMMANDS`` lists them in the order ``--help`` shows.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from types import ModuleType

from planner import __version__
from planner.core.errors import InputError
from planner.core.privacy import mask_long_numbers
from planner.storage import log_dir

_COMMANDS = ("gui", "holdings", "exposure", "regime", "plan", "book", "archive", "securities")

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


def _modules(argv: Sequence[str] = ()) -> dict[str, ModuleType]:
    """The command modules to build the parser from: only the one named in ``argv`` when it
    names one (each command imports what it needs - a ``holdings`` call never loads the
    solver), else all of them (``--help``, or no command)."""
    named = next((a for a in argv if not a.startswith("-")), None)
    names = (named,) if named in _COMMANDS else _COMMANDS
    mods = [importlib.import_module(f"planner.cli.{name}") for name in names]
    return {m.NAME: m for m in mods}


def _parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rotation-planner",
        description="Import brokerage exports, see the household's size exposure and the "
        "market regime, and plan tax-aware trades.",
    )
    p.add_argument("--version", action="version", version=f"rotation-planner {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for m in modules.values():
        m.add_parser(sub)
    return p


def _log_crash() -> str | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text(mask_long_numbers(traceback.format_exc()), encoding="utf-8")
        return str(path)
    except OSError:
        return None


def _recover() -> None:
    """Finish what a crashed export left (its temporaries, a half-replaced output)."""
    from planner.reports.outputs import recover

    try:
        for line in recover():
            print(f"rotation-planner: {line}", file=sys.stderr)
    except OSError as err:  # never a reason not to start
        print(f"rotation-planner: could not check for unfinished exports: {err}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    modules = _modules(argv)
    parser = _parser(modules)
    args = parser.parse_args(argv)
    if args.command is None:  # no command: the desktop app
        modules = _modules(["gui"])
        args = _parser(modules).parse_args(["gui"])
    try:
        _recover()
        return int(modules[args.command].run(args, parser))
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
