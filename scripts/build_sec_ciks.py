"""Build ``resources/sec_ciks.csv`` (symbol → SEC CIK) from the reference universe.

Source: ``../shared/reference/universe/us_listed_equities.csv``, column ``cik_sec`` (joined
there from dgunning/edgartools' copy of the SEC's company_tickers file, ≈2026-06-01; see that
folder's PROVENANCE.md). Every row with a CIK is kept, symbols as the universe writes them,
sorted; nothing else is changed. Run: ``python scripts/build_sec_ciks.py [UNIVERSE_CSV]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "reference" / "universe" / "us_listed_equities.csv"
OUT = REPO / "resources" / "sec_ciks.csv"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT
    with source.open(encoding="utf-8", newline="") as fh:
        rows = [(r["symbol"].strip(), r["cik_sec"].strip()) for r in csv.DictReader(fh)]
    kept = sorted((s, c.zfill(10)) for s, c in rows if s and c.isdigit())
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["symbol", "cik"])
        w.writerows(kept)
    print(f"{OUT.name}: {len(kept)} of {len(rows)} symbols have a CIK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
