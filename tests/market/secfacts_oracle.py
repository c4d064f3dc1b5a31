"""An independent reading of company-facts fixtures, for the tests to compare against.

It works by *filing*, as a person reading the SEC data would: find the latest 10-K/10-Q
(20-F) by its accession number, take its balance-sheet column (the latest ``end`` it
reports) and its year-to-date column together with the comparative column the same filing
prints for a year earlier, then the annual column of the latest annual report. The reader
under test works by *period* across all filings; the two must agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "secfacts"
SNOW = DATA / "snowflake_CIK0001640147.json"
LPA = DATA / "logistic_properties_of_the_americas_CIK0001997711.json"
MRVL = DATA / "marvell_CIK0001835632.json"
ANNUAL = {"10-K", "20-F", "40-F"}
PERIODIC = ANNUAL | {"10-Q"}


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def taxonomy(doc: dict[str, Any]) -> str:
    return "us-gaap" if "us-gaap" in doc["facts"] else "ifrs-full"


def rows(doc: dict[str, Any], tag: str) -> list[dict[str, Any]]:
    concept = doc["facts"][taxonomy(doc)].get(tag)
    if concept is None:
        return []
    return [r for r in concept["units"].get("USD", []) if r["form"] in PERIODIC]


@dataclass(frozen=True)
class Filing:
    accn: str
    form: str
    filed: str


def latest_filing(doc: dict[str, Any], tag: str, annual_only: bool = False) -> Filing:
    """The most recently filed periodic report that reports ``tag``."""
    forms = ANNUAL if annual_only else PERIODIC
    r = max((r for r in rows(doc, tag) if r["form"] in forms), key=lambda r: r["filed"])
    return Filing(r["accn"], r["form"], r["filed"])


def balance(doc: dict[str, Any], tag: str, filing: Filing | None = None) -> tuple[float, str]:
    """(value, end) of the balance-sheet column of ``filing`` (default: the latest)."""
    f = filing or latest_filing(doc, tag)
    mine = [r for r in rows(doc, tag) if r["accn"] == f.accn and "start" not in r]
    r = max(mine, key=lambda r: r["end"])
    return float(r["val"]), r["end"]


def _days(r: dict[str, Any]) -> int:
    return (date.fromisoformat(r["end"]) - date.fromisoformat(r["start"])).days


def twelve_months(doc: dict[str, Any], tag: str) -> tuple[float, str, Filing]:
    """(value, end, filing) of the twelve months to the latest filing's period."""
    f = latest_filing(doc, tag)
    mine = [r for r in rows(doc, tag) if r["accn"] == f.accn and "start" in r]
    end = max(r["end"] for r in mine)
    current = max((r for r in mine if r["end"] == end), key=_days)
    if f.form in ANNUAL:
        assert 350 <= _days(current) <= 380
        return float(current["val"]), end, f
    # the same filing's comparative column: same length, ending a year earlier
    comparative = next(
        r
        for r in mine
        if r["end"][:4] == str(int(end[:4]) - 1)
        and abs(_days(r) - _days(current)) <= 7
        and r["end"][5:7] == end[5:7]
    )
    k = latest_filing(doc, tag, annual_only=True)
    annual = [r for r in rows(doc, tag) if r["accn"] == k.accn and "start" in r]
    year = max((r for r in annual if 350 <= _days(r) <= 380), key=lambda r: r["end"])
    assert date.fromisoformat(year["end"]) < date.fromisoformat(current["start"])
    return float(year["val"]) + float(current["val"]) - float(comparative["val"]), end, f
