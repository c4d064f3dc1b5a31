"""A company-facts document cut to what the reader uses: the cache keeps tens of kilobytes of a
company, not the SEC's megabytes, in the published format."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from planner.market.sectags import TAG_SETS
from planner.market.xbrl import FORMS, facts_object, parse_facts


def used_tags() -> dict[str, tuple[str, ...]]:
    """Taxonomy → every tag this reader looks at."""
    return {t.taxonomy: t.all() for t in TAG_SETS}


def trim_companyfacts(doc: Mapping[str, Any], since: date | None = None) -> dict[str, Any]:
    """The document cut to the tags this reader uses, in the published format.

    With ``since``: also only USD facts from the forms read whose period ends on or after
    ``since`` (the cache keeps that: tens of kilobytes instead of megabytes)."""
    facts = facts_object(doc, "document")
    out: dict[str, Any] = {}
    for taxonomy, tags in used_tags().items():
        concepts = facts.get(taxonomy)
        if not isinstance(concepts, dict):
            continue
        kept: dict[str, Any] = {}
        wanted = set(tags)
        for tag, concept in concepts.items():  # the document's own order
            if tag not in wanted or not isinstance(concept, dict):
                continue
            if since is None:
                kept[tag] = concept
                continue
            rows = concept.get("units", {}).get("USD", [])
            rows = [
                r
                for r in rows
                if isinstance(r, dict)
                and r.get("form") in FORMS
                and str(r.get("end")) >= since.isoformat()
            ]
            if rows:
                kept[tag] = {k: v for k, v in concept.items() if k != "units"} | {
                    "units": {"USD": rows}
                }
        if kept:
            out[taxonomy] = kept
    return {"cik": doc.get("cik"), "entityName": doc.get("entityName"), "facts": out}


def latest_end(doc: Mapping[str, Any]) -> date | None:
    """The latest period end of any fact this reader uses (to trim the cache from)."""
    best: date | None = None
    facts = facts_object(doc, "document")
    for taxonomy, tags in used_tags().items():
        for tag in tags:
            for f in parse_facts(facts, taxonomy, tag, "document"):
                best = f.end if best is None or f.end > best else best
    return best
