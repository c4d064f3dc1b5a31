"""Dated values read line by line, checked as they are read: a real date, not after today; a
finite number within the bounds of its kind; one value per date (a date repeated with the same
value is kept once, with another value it is an error naming both lines). Every error is an
:class:`InputError` naming the file and the line."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from planner.core.errors import InputError


def parse_day(text: str, path: str, line: int) -> date:
    """A calendar date (``YYYY-MM-DD``); a time of day is refused rather than dropped."""
    t = text.strip()
    try:
        return date.fromisoformat(t)
    except ValueError:
        pass
    try:
        stamp = pd.Timestamp(t)
    except (ValueError, TypeError):
        stamp = None
    if stamp is None or pd.isna(stamp):
        raise InputError(path, line, f"not a date: {t[:40]!r}")
    if stamp != stamp.normalize():
        raise InputError(path, line, f"a date with a time of day: {t[:40]!r}; expected YYYY-MM-DD")
    return stamp.date()


class DatedValues:
    """Collects (date, value) rows of one series. ``low``/``high`` bound the values (inclusive;
    ``positive`` makes 0 an error too)."""

    def __init__(
        self,
        path: str,
        today: date | None,
        what: str,
        low: float,
        high: float,
        positive: bool = False,
    ) -> None:
        self.path, self.today, self.what = path, today, what
        self.low, self.high, self.positive = low, high, positive
        self._seen: dict[date, tuple[float, int]] = {}

    def number(self, text: str, line: int) -> float:
        t = text.strip()
        try:
            value = float(t)
        except ValueError:
            raise InputError(self.path, line, f"not a number: {t[:40]!r}") from None
        if not math.isfinite(value):
            raise InputError(self.path, line, f"not a finite number: {t[:40]!r}")
        if self.positive and value <= 0:
            raise InputError(self.path, line, f"{self.what} must be positive, found {t[:40]}")
        if not self.low <= value <= self.high:
            raise InputError(
                self.path, line, f"{self.what} {t[:40]} is outside [{self.low:g}, {self.high:g}]"
            )
        return value

    def add(self, day_text: str, value_text: str, line: int) -> None:
        day = parse_day(day_text, self.path, line)
        if self.today is not None and day > self.today:
            raise InputError(
                self.path, line, f"dated {day.isoformat()}, after today ({self.today.isoformat()})"
            )
        value = self.number(value_text, line)
        seen = self._seen.get(day)
        if seen is not None:
            if seen[0] != value:
                raise InputError(
                    self.path,
                    line,
                    f"{day.isoformat()} appears twice with "
                    f"different values ({seen[0]:g} on line "
                    f"{seen[1]}, {value:g} here)",
                )
            return
        self._seen[day] = (value, line)

    def __len__(self) -> int:
        return len(self._seen)

    def series(self, name: str) -> pd.Series:
        days = sorted(self._seen)
        index = pd.DatetimeIndex(days).as_unit("ns")
        return pd.Series([self._seen[d][0] for d in days], index=index, name=name, dtype=float)
