"""The local store of SEC financial facts, one small JSON file per company.

``storage.cache_dir()/sec-financials/CIK##########.json`` holds the company-facts document
cut to the tags :mod:`planner.market.secfacts` reads and to the periods of the last three
years (tens of kilobytes, where the SEC's file is megabytes), with where and when it was
fetched::

    {"format": 1, "cik": "0001640147", "entity": "SNOWFLAKE INC.",
     "url": "https://data.sec.gov/api/xbrl/companyfacts/CIK0001640147.json",
     "fetched": "2026-11-30T14:03:00+00:00", "companyfacts": {...the published format...}}

Only :func:`planner.market.sec_refresh.refresh_financials` writes here (atomically); the app
and the command line read. A file that cannot be read is reported in one sentence and left
out (the next refresh rewrites it): a damaged cache never stops a plan.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from planner.core.errors import InputError
from planner.core.financials import Financials
from planner.market.secfacts import extract_financials
from planner.market.sectrim import latest_end, trim_companyfacts
from planner.market.xbrl import cik_of, load_json
from planner.storage import cache_dir, read_input_bytes, write_text_atomic

CACHE_FORMAT = 1
#: Periods older than this (before the latest period reported) are not kept.
KEEP_DAYS = 3 * 366


def cache_folder() -> Path:
    return cache_dir() / "sec-financials"


def cache_path(cik: str) -> Path:
    return cache_folder() / f"CIK{int(cik):010d}.json"


def save_companyfacts(doc: Mapping[str, Any], url: str, fetched: datetime) -> Path:
    """Keep the facts the screen reads from a fetched company-facts document."""
    cik = cik_of(doc, url)
    end = latest_end(doc)
    trimmed = trim_companyfacts(doc, since=end - timedelta(days=KEEP_DAYS) if end else None)
    record = {
        "format": CACHE_FORMAT,
        "cik": cik,
        "entity": doc.get("entityName") or "",
        "url": url,
        "fetched": fetched.isoformat(timespec="seconds"),
        "companyfacts": trimmed,
    }
    path = cache_path(cik)
    write_text_atomic(path, json.dumps(record, separators=(",", ":"), sort_keys=True))
    return path


def import_companyfacts(path: Path, when: datetime) -> str:
    """Put a company-facts file downloaded by hand (from the SEC, or a data desk) into the
    cache - the offline way in. Returns its CIK; bad JSON raises InputError naming the file."""
    data = read_input_bytes(path)
    doc = load_json(data, str(path))
    extract_financials(doc, str(path))  # refuses what is not company facts
    save_companyfacts(doc, f"file {path.name}", when)
    return cik_of(doc, str(path))


def _record(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), None, f"cannot read the cached financials: {err}") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            str(path), err.lineno, f"cached financials are not JSON: {err.msg}"
        ) from None
    if not isinstance(record, dict) or record.get("format") != CACHE_FORMAT:
        raise InputError(str(path), None, "not a cached-financials file of this version")
    if not isinstance(record.get("companyfacts"), dict):
        raise InputError(str(path), None, "cached financials hold no company facts")
    return record


def fetched_at(cik: str) -> datetime | None:
    """When the company's facts were fetched (``None``: not in the cache or unreadable)."""
    path = cache_path(cik)
    if not path.exists():
        return None
    try:
        return datetime.fromisoformat(str(_record(path)["fetched"]))
    except (InputError, ValueError):
        return None


def read_cached(cik: str) -> Financials | None:
    """The company's financials from the cache; ``None`` when it has none. A damaged file
    raises :class:`InputError` naming it."""
    path = cache_path(cik)
    if not path.exists():
        return None
    record = _record(path)
    try:
        fetched = datetime.fromisoformat(str(record["fetched"]))
    except (KeyError, ValueError):
        raise InputError(str(path), None, "the fetch date is missing or not a date") from None
    url = str(record.get("url") or "")
    source = f"SEC XBRL company facts ({url or path.name}), fetched {fetched.date()}"
    return extract_financials(record["companyfacts"], source, fetched.date())


def cached_ciks() -> list[str]:
    """Ten-digit CIKs of every company in the cache."""
    folder = cache_folder()
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.glob("CIK*.json")):
        digits = p.stem[3:]
        if digits.isdigit() and len(digits) == 10:
            out.append(digits)
    return out


def load_store(ciks: Iterable[str] | None = None) -> tuple[dict[str, Financials], list[str]]:
    """CIK → financials for ``ciks`` (default: all cached), and one sentence per cached file
    that could not be read (left out, so the company shows as unknown)."""
    wanted = cached_ciks() if ciks is None else sorted({f"{int(c):010d}" for c in ciks})
    store: dict[str, Financials] = {}
    problems: list[str] = []
    for cik in wanted:
        try:
            fin = read_cached(cik)
        except InputError as err:
            problems.append(f"{err}; left out until the next refresh")
            continue
        if fin is not None:
            store[cik] = fin
    return store, problems


def age_days(cik: str, today: date) -> int | None:
    """Days since the company's facts were fetched."""
    when = fetched_at(cik)
    return (today - when.date()).days if when else None
