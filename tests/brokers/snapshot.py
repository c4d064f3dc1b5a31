"""What an import makes of a file, as canonical JSON: the evidence that a change to the readers
leaves the accounts, positions and totals of every known file exactly as they were.

``python -m tests.brokers.snapshot write`` records the current code's output for the fixtures
in ``tests/data`` (in full) and for the shared samples (a digest only: their content is not
ours to copy) into ``tests/data/golden_imports.json``; ``test_golden.py`` compares against it.
``python -m tests.brokers.snapshot show FILE...`` prints the snapshot of any files, so two
revisions can be compared with ``diff``.

Warnings are left out on purpose: saying more about a file is allowed, reading it differently
is not. Tax lots are recorded for the files that have them (and only for those, so the record
of every other file is what it was before lots were read).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

from planner.brokers import read_file
from tests.conftest import DATA, SAMPLES

GOLDEN = DATA / "golden_imports.json"


def _num(x: float | None) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return repr(float(x))


def snapshot(path: Path) -> dict[str, Any]:
    """Format, date, accounts and every position of one file (source path left out)."""
    h = read_file(path)
    (f,) = h.files
    snap: dict[str, Any] = {
        "format": f.format,
        "as_of": f.as_of.isoformat() if f.as_of else None,
        "accounts": [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "reported_total": _num(a.reported_total),
            }
            for a in h.accounts
        ],
        "positions": [
            [
                r.account_id,
                r.symbol,
                r.description,
                r.asset_type,
                _num(r.quantity),
                _num(r.price),
                _num(r.market_value),
                _num(r.cost_basis),
                _num(r.multiplier),
                r.source_line,
            ]
            for r in h.records()
        ],
        "total": _num(round(h.total, 2)),
    }
    if h.lots:
        snap["lots"] = [
            [
                lot.account_id,
                lot.symbol,
                lot.acquired.isoformat() if lot.acquired else None,
                _num(lot.quantity),
                _num(lot.cost),
                lot.source_line,
            ]
            for lot in h.lots
        ]
    return snap


def digest(snap: dict[str, Any]) -> str:
    text = json.dumps(snap, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def fixtures() -> list[Path]:
    return sorted(p for p in DATA.glob("*.csv") if "custodian" not in p.name)


def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*/*.csv")) if SAMPLES.is_dir() else []


def current() -> dict[str, Any]:
    return {
        "fixtures": {p.name: snapshot(p) for p in fixtures()},
        "samples": {f"{p.parent.name}/{p.name}": digest(snapshot(p)) for p in samples()},
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["write"]:
        GOLDEN.write_text(json.dumps(current(), indent=1, sort_keys=True) + "\n", "utf-8")
        return 0
    if argv[:1] == ["show"]:
        for name in argv[1:]:
            print(json.dumps({name: snapshot(Path(name))}, indent=1, sort_keys=True))
        return 0
    print("usage: python -m tests.brokers.snapshot write | show FILE...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
