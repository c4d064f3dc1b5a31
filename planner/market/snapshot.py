"""The bundled regime snapshot (``resources/regime/2026-01-08.json``): the market report's
figures with the sentences they came from; what the report does not quantify is unavailable."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from planner.core.errors import InputError
from planner.core.regime import RULES, Observation
from planner.resources import resource

DEFAULT_SNAPSHOT = "regime/2026-01-08.json"


def snapshot_path() -> Path:
    return resource(DEFAULT_SNAPSHOT)


def parse_snapshot(text: str, path: str) -> tuple[list[Observation], str, date]:
    """(observations, source, as_of) from a snapshot document."""
    try:
        doc: dict[str, Any] = json.loads(text)
        as_of = date.fromisoformat(doc["as_of"])
        source = str(doc["source"])
        signals = doc["signals"]
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(path, None, f"not a regime snapshot: {err}") from None
    out = []
    for s in signals:
        if s.get("id") not in RULES:
            raise InputError(path, None, f"unknown signal {s.get('id')!r}")
        if not s.get("available"):
            continue
        note = s.get("quote", "")
        if s.get("derivation"):
            note = f"{note} ({s['derivation']})"
        value = s.get("value")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InputError(path, None, f"signal {s['id']}: value must be a finite number")
        out.append(Observation(s["id"], float(value), as_of, source, s.get("change"), note))
    return out, source, as_of


def load_snapshot(path: Path | None = None) -> tuple[list[Observation], str, date]:
    path = path or snapshot_path()
    return parse_snapshot(path.read_text(encoding="utf-8"), str(path))
