"""The house view: what has no free feed, typed in by the advisor's firm, with its date.

```
as_of = 2026-01-08
source = "..."
[values]
breadth_pct_advancing = 60
small_cap_pe_discount_pct = 30
small_cap_eps_growth_pct = 19.5
large_cap_eps_growth_pct = 14
gdp_growth_pct = 2.6
```
"""

from __future__ import annotations

import math
import tomllib
from datetime import date, datetime, time

from planner.core.errors import InputError
from planner.core.regime import Observation

LIMIT = 1_000.0  # percent
KEYS = (
    "breadth_pct_advancing",
    "small_cap_pe_discount_pct",
    "small_cap_eps_growth_pct",
    "large_cap_eps_growth_pct",
    "gdp_growth_pct",
)


def _line(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().split("=")[0].strip() == key:
            return n
    return None


def parse_house_view(text: str, path: str, today: date | None = None) -> list[Observation]:
    """The observations a house view gives; ``today`` refuses a later ``as_of``. Values are
    percent: finite, within +/-1,000."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(path, None, f"not valid TOML: {err}") from None
    as_of = raw.get("as_of")
    if isinstance(as_of, datetime | time):
        raise InputError(
            path,
            _line(text, "as_of"),
            f"as_of = {as_of.isoformat()} has a time of day; give the date alone, "
            "as_of = YYYY-MM-DD",
        )
    if not isinstance(as_of, date):
        raise InputError(path, _line(text, "as_of"), "as_of = YYYY-MM-DD is required")
    if today is not None and as_of > today:
        raise InputError(
            path,
            _line(text, "as_of"),
            f"as_of {as_of.isoformat()} is after today ({today.isoformat()})",
        )
    source = raw.get("source", "house view")
    if not isinstance(source, str):
        raise InputError(path, _line(text, "source"), "source must be text")
    values = raw.get("values", {})
    if not isinstance(values, dict):
        raise InputError(path, _line(text, "[values]"), "[values] must be a table")
    for key, v in values.items():
        if key not in KEYS:
            raise InputError(path, _line(text, key), f"values.{key}: unknown; known: {list(KEYS)}")
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise InputError(path, _line(text, key), f"values.{key}: must be a number")
        if not math.isfinite(v) or abs(v) > LIMIT:
            raise InputError(
                path,
                _line(text, key),
                f"values.{key}: {v} is not a finite percentage within +/-{LIMIT:,.0f}",
            )
    note = f"house view ({path})"
    out = []

    def add(signal: str, value: float) -> None:
        out.append(Observation(signal, float(value), as_of, source, note=note))

    if "breadth_pct_advancing" in values:
        add("breadth", values["breadth_pct_advancing"])
    if "small_cap_pe_discount_pct" in values:
        add("valuation_gap", values["small_cap_pe_discount_pct"])
    if "small_cap_eps_growth_pct" in values and "large_cap_eps_growth_pct" in values:
        add("earnings_gap", values["small_cap_eps_growth_pct"] - values["large_cap_eps_growth_pct"])
    if "gdp_growth_pct" in values:
        add("growth", values["gdp_growth_pct"])
    return out
