"""Numbers as brokers write them.

``$1,234.56``, ``+$3.00``, ``-$126.75``, ``(1,234.56)``, ``.0050``, ``-.0000``, ``+100``,
``12.5%``, ``="123"``; placeholders ``--``, ``-``, ``N/A``, ``n/a``, ``~``, empty, and a
placeholder with its currency or percent sign (``$ -``, ``--%``, ``$``).
Placeholders are missing values (NaN / None); anything else that is not a number is reported
back to the caller so it can warn with the line. ``inf``, ``nan`` and numbers beyond
:data:`MAX_MAGNITUDE` are not placeholders and not numbers a holding can have: the readers
refuse them (:func:`is_absurd`).

The vectorised :func:`parse_column` is the import's hot path: it joins a column into one
string, strips currency punctuation with C-level ``str.replace`` and lets pandas convert.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

PLACEHOLDERS = frozenset({"", "--", "-", "---", "n/a", "na", "~", "none", "null", "."})
#: Largest magnitude of any number in a holdings file (dollars, shares, prices): ten trillion.
MAX_MAGNITUDE = 1e13
_NON_FINITE = frozenset({"inf", "-inf", "infinity", "-infinity", "nan", "-nan"})


def _strip(text: str, decimal_comma: bool) -> str:
    t = text.replace("$", "").replace(" ", "").replace("\u00a0", "").replace("+", "")
    t = t.replace("%", "").replace('="', "").replace('"', "")
    if decimal_comma:
        t = t.replace(".", "").replace("'", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    return t.replace("(", "-").replace(")", "")


def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """One cell. ``None`` for a placeholder; ``ValueError`` if it is not a number."""
    cleaned = _strip(text.strip(), decimal_comma)
    # every placeholder is one still once stripped; so is a dash with its sign ("$ -", "--%")
    if cleaned.lower() in PLACEHOLDERS:
        return None
    value = _float(cleaned)
    if math.isinf(value) or math.isnan(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def _float(cleaned: str) -> float:
    """A cleaned cell as a float: ``--5`` (``-(5)``, ``(-5)``) is -5; ``1_000`` is not a
    number (``float`` would read it as 1000; brokers never mean that). ``ValueError`` with the
    cell in the message otherwise."""
    if cleaned.startswith("--"):
        cleaned = cleaned[1:]
    if "_" in cleaned:
        raise ValueError(f"not a number: {cleaned!r}")
    return float(cleaned)


def is_absurd(text: str, decimal_comma: bool = False) -> bool:
    """A cell that reads as infinity, NaN, or a number beyond :data:`MAX_MAGNITUDE`."""
    cleaned = _strip(text.strip(), decimal_comma).lower()
    if cleaned.lstrip("+-") in _NON_FINITE or cleaned in _NON_FINITE:
        return True
    try:
        value = _float(cleaned)
    except ValueError:
        return False
    return not abs(value) <= MAX_MAGNITUDE


_PLACEHOLDER_LINES = tuple(
    f"\n{p}\n" for p in ("--", "-", "---", "N/A", "n/a", "NA", "na", "~", ".", "None", "null")
)
_MISSING = "\x01"  # stands for a placeholder; decoding removes control characters from files


def _fast_floats(cleaned: str, n: int) -> np.ndarray | None:
    """All cells numbers or common placeholders: one pass of pandas' C float parser.
    None when any cell is something else (the caller then goes cell by cell), or spells
    infinity or NaN (those must be told apart from placeholders), or true or false (pandas
    would read them as 1 and 0)."""
    low = cleaned.lower()
    if "nan" in low or "inf" in low or "true" in low or "false" in low or _MISSING in cleaned:
        return None
    del low
    padded = "\n" + cleaned + "\n"
    for ph in _PLACEHOLDER_LINES:
        while ph in padded:
            padded = padded.replace(ph, f"\n{_MISSING}\n")
    body = padded[1:-1]
    del padded
    data = io.BytesIO(body.encode("utf-8"))  # bytes: one byte a character, not four
    del body
    try:
        values = pd.read_csv(
            data,
            header=None,
            names=["v"],
            dtype=np.float64,
            skip_blank_lines=False,
            na_values=[_MISSING],
            keep_default_na=False,
            engine="c",
        )["v"].to_numpy(dtype=np.float64, copy=True)
    except (ValueError, pd.errors.ParserError):
        return None
    if len(values) != n or np.isinf(values).any():
        return None
    return values


def _float_or_nan(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def parse_column(cells: Sequence[str], decimal_comma: bool = False) -> tuple[np.ndarray, list[int]]:
    """A column of cells to floats (NaN for placeholders) and the indices that are not numbers.

    ``cells`` may be a :class:`~planner.brokers.table.TextColumn`: its joined text is parsed
    as it is, without a string object per cell."""
    n = len(cells)
    if n == 0:
        return np.empty(0), []
    joined = getattr(cells, "joined", None)
    if not isinstance(joined, str):
        joined = "\n".join(cells)
    cleaned = _strip(joined, decimal_comma)
    del joined
    if cleaned.count("\n") != n - 1:  # a cell held a newline: convert one by one
        return _parse_slow(cells, decimal_comma)
    if "_" not in cleaned:
        fast = _fast_floats(cleaned, n)
        if fast is not None:
            return fast, []
    parts = cleaned.split("\n")
    if "_" in cleaned:  # float() would read "1_000" as 1000; brokers never mean that
        values = pd.to_numeric(pd.Series(parts, dtype=object), errors="coerce").to_numpy(
            dtype=float, copy=True
        )
    else:
        values = np.fromiter(map(_float_or_nan, parts), dtype=np.float64, count=n)
    del parts
    bad: list[int] = []
    missing = np.flatnonzero(~np.isfinite(values))
    for i in missing:
        idx = int(i)
        raw = cells[idx]
        if raw.strip().lower() in PLACEHOLDERS:
            values[idx] = np.nan
            continue
        try:
            one = parse_number(raw, decimal_comma)
        except ValueError:
            bad.append(idx)
            values[idx] = np.nan
        else:
            values[idx] = np.nan if one is None else one
    return values, bad


def _parse_slow(cells: Sequence[str], decimal_comma: bool) -> tuple[np.ndarray, list[int]]:
    values = np.full(len(cells), np.nan)
    bad: list[int] = []
    for i, raw in enumerate(cells):
        try:
            one = parse_number(raw, decimal_comma)
        except ValueError:
            bad.append(i)
            continue
        if one is not None:
            values[i] = one
    return values, bad
