"""Refresh market data from FRED and Stooq - only when the user asks.

HTTPS with TLS verified (urllib's default context), a timeout on every request, the standard
proxy variables (``https_proxy`` ...; urllib reads them). Each series is saved in the platform
cache directory (``market/<NAME>.csv``) with its fetch time in ``market/fetched.json``; a
failure leaves the cached copy in place and says why in one sentence. Base URLs can be pointed
elsewhere (``ROTATION_PLANNER_FRED_URL``, ``ROTATION_PLANNER_STOOQ_URL``) - the tests serve the
real formats from a local server.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from planner.core.errors import InputError
from planner.market.fred import parse_fred
from planner.market.prices import parse_prices
from planner.storage import cache_dir, write_text_atomic

FRED_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
STOOQ_URL = "https://stooq.com/q/d/l/"
FRED_SERIES = ("DFEDTARU", "T10Y2Y", "BAMLH0A0HYM2", "BAA10Y", "A191RL1Q225SBEA")
PRICE_SYMBOLS = ("IWM", "SPY", "MGC")  # small-caps and the broad large-cap series
TIMEOUT_S = 10.0

Progress = Callable[[float, str], None]


def market_cache() -> Path:
    return cache_dir() / "market"


def _get(url: str, timeout: float) -> str:
    import urllib.request  # only a refresh needs it (it costs the app's start 30 ms)

    request = urllib.request.Request(url, headers={"User-Agent": "RotationPlanner/0.1"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return str(response.read().decode("utf-8-sig", errors="replace"))


def _why(err: BaseException) -> str:
    import urllib.error

    if isinstance(err, urllib.error.HTTPError):
        return f"the server answered {err.code} {err.reason}"
    if isinstance(err, TimeoutError | socket.timeout):
        return "no answer within the timeout"
    if isinstance(err, urllib.error.URLError):
        reason = err.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return "no answer within the timeout"
        return f"cannot connect ({reason})"
    return str(err)


def refresh(
    fred_url: str | None = None,
    stooq_url: str | None = None,
    series: Sequence[str] = FRED_SERIES,
    symbols: Sequence[str] = PRICE_SYMBOLS,
    timeout: float = TIMEOUT_S,
    progress: Progress | None = None,
) -> list[str]:
    """Fetch every series into the cache; the sentences returned say what failed and why (an
    empty list: all fresh)."""
    fred = fred_url or os.environ.get("ROTATION_PLANNER_FRED_URL", FRED_URL)
    stooq = stooq_url or os.environ.get("ROTATION_PLANNER_STOOQ_URL", STOOQ_URL)
    folder = market_cache()
    folder.mkdir(parents=True, exist_ok=True)
    stamps_path = folder / "fetched.json"
    try:
        stamps = json.loads(stamps_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    jobs = [(sid, f"{fred}?id={sid}", "fred") for sid in series]
    jobs += [(sym, f"{stooq}?s={sym.lower()}.us&i=d", "stooq") for sym in symbols]
    problems = []
    for n, (name, url, kind) in enumerate(jobs):
        if progress is not None:
            progress(n / len(jobs), f"fetching {name}")
        try:
            text = _get(url, timeout)
            if kind == "fred":
                parse_fred(text, url, expected=name, today=date.today())
            else:
                parse_prices(text, url, today=date.today())
        except InputError as err:
            problems.append(f"{name}: the answer is not usable ({err.reason}); kept the cache")
            continue
        except (OSError, ValueError) as err:  # urllib's errors are OSErrors
            problems.append(f"{name}: refresh failed - {_why(err)}; kept the cache")
            continue
        write_text_atomic(folder / f"{name}.csv", text)
        stamps[name] = datetime.now(UTC).isoformat(timespec="seconds")
    write_text_atomic(stamps_path, json.dumps(stamps, indent=2, sort_keys=True))
    if progress is not None:
        progress(1.0, "done")
    return problems
