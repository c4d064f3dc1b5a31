"""SEC XBRL company facts as the SEC serves them: the JSON document, its CIK, its ``facts``
object, and one tag's USD facts from the annual and quarterly reports (:class:`Fact`, one per
period, the latest filing's value). Which tags make which figure is :mod:`planner.market.
secfacts`; a malformed document raises :class:`InputError` naming the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.core.errors import InputError
from planner.market.sectags import TAG_SETS, US_GAAP, TagSet

ANNUAL_FORMS = frozenset({"10-K", "10-K/A", "10-KT", "10-KT/A", "20-F", "20-F/A", "40-F", "40-F/A"})
QUARTERLY_FORMS = frozenset({"10-Q", "10-Q/A", "10-QT", "10-QT/A"})
FORMS = ANNUAL_FORMS | QUARTERLY_FORMS

#: A duration of this many days (inclusive of 52/53-week years) is a fiscal year.
_YEAR_DAYS = (340, 380)


@dataclass(frozen=True)
class Fact:
    """One reported value: a balance at ``end`` (no ``start``) or a flow from ``start`` to
    ``end`` (both inclusive). ``val`` in US dollars."""

    tag: str
    start: date | None
    end: date
    val: float
    filed: date
    form: str
    accn: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days if self.start else 0

    @property
    def annual(self) -> bool:
        return self.start is not None and _YEAR_DAYS[0] <= self.days <= _YEAR_DAYS[1]


def load_json(data: str | bytes, source: str) -> dict[str, Any]:
    """The JSON document, or :class:`InputError` naming ``source`` (and the line)."""
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as err:
        raise InputError(
            source, err.lineno, f"not valid JSON: {err.msg} (column {err.colno})"
        ) from None
    except (UnicodeDecodeError, RecursionError) as err:
        raise InputError(source, None, f"not valid JSON: {err}") from None
    if not isinstance(doc, dict):
        raise InputError(source, None, "not SEC company facts: the document is not an object")
    return doc


def cik_of(doc: Mapping[str, Any], source: str) -> str:
    """The document's CIK as ten digits (the SEC writes it as a number or as text)."""
    raw = doc.get("cik")
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not text.isdigit() or len(text) > 10:
        raise InputError(source, None, f"not SEC company facts: cik {raw!r} is not a CIK")
    return text.zfill(10)


def facts_object(doc: Mapping[str, Any], source: str) -> Mapping[str, Any]:
    """The document's ``facts`` object, or :class:`InputError` naming ``source``."""
    facts = doc.get("facts")
    if not isinstance(facts, dict):
        raise InputError(source, None, "not SEC company facts: no 'facts' object")
    return facts


def _date(value: object, what: str, where: str, source: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(source, None, f"{where}: {what} {value!r} is not a date") from None


def parse_facts(facts: Mapping[str, Any], taxonomy: str, tag: str, source: str) -> list[Fact]:
    """The USD facts of one tag from the annual and quarterly reports, one per period (the
    latest filing's value). Missing tag: empty list; a malformed entry: InputError."""
    concepts = facts.get(taxonomy)
    if concepts is None:
        return []
    if not isinstance(concepts, dict):
        raise InputError(source, None, f"facts.{taxonomy} is not an object")
    concept = concepts.get(tag)
    if concept is None:
        return []
    units = concept.get("units") if isinstance(concept, dict) else None
    if not isinstance(units, dict):
        raise InputError(source, None, f"{taxonomy}:{tag} has no 'units' object")
    rows = units.get("USD", [])
    if not isinstance(rows, list):
        raise InputError(source, None, f"{taxonomy}:{tag} units.USD is not a list")
    best: dict[tuple[date | None, date], Fact] = {}
    for i, row in enumerate(rows):
        where = f"{taxonomy}:{tag} USD fact #{i + 1}"
        if not isinstance(row, dict):
            raise InputError(source, None, f"{where} is not an object")
        missing = [k for k in ("end", "val", "form", "filed") if k not in row]
        if missing:
            raise InputError(source, None, f"{where} has no {', '.join(missing)}")
        form = str(row["form"])
        if form not in FORMS:
            continue
        val = row["val"]
        if isinstance(val, bool) or not isinstance(val, int | float) or val != val:
            raise InputError(source, None, f"{where}: val {val!r} is not a number")
        start = _date(row["start"], "start", where, source) if row.get("start") else None
        fact = Fact(
            tag=tag,
            start=start,
            end=_date(row["end"], "end", where, source),
            val=float(val),
            filed=_date(row["filed"], "filed", where, source),
            form=form,
            accn=str(row.get("accn", "")),
        )
        key = (fact.start, fact.end)
        old = best.get(key)
        if old is None or (fact.filed, fact.accn) > (old.filed, old.accn):
            best[key] = fact
    return sorted(best.values(), key=lambda f: (f.end, f.start or f.end))


def tag_set_for(facts: Mapping[str, Any], source: str) -> TagSet:
    """us-gaap when the filer reports any of our us-gaap tags in USD, else ifrs-full."""
    for tags in TAG_SETS:
        if any(parse_facts(facts, tags.taxonomy, t, source) for t in tags.all()):
            return tags
    return US_GAAP
