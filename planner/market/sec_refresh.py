"""Fetch companies' financial facts from the SEC - only when the user asks.

``https://data.sec.gov/api/xbrl/companyfacts/CIK##########.json`` for each company, as the
SEC's fair-access rules ask (https://www.sec.gov/os/accessing-edgar-data):

* a declared User-Agent naming the program, its version and a contact the SEC can write to
  (``RotationPlanner/0.1.0 advisor@firm.com``; the contact is the ``[sec] contact`` setting or
  ``--contact``; without one nothing is fetched);
* at most 10 requests a second (we start one at most every 0.12 s, one at a time - a margin
  for the network's jitter, as the SEC counts arrivals), gzip;
* a 429 or 403 answer means "slow down": we wait (``Retry-After`` when given, at most a
  minute), say so, and try again twice; if the SEC still refuses, the run stops - it blocks
  an address for ten minutes after too many requests - and names what was not fetched.

Every request has a timeout (a stalled answer ends it), and the whole download a deadline.
What is fetched is cut to the facts the screen reads and kept in the cache
(:mod:`planner.market.financials_cache`) with its fetch time. Any failure - offline, 404 (the
SEC has no XBRL facts for that company), a page that is not company facts - is one sentence,
and the cached copy stays. The base URL can point elsewhere (``ROTATION_PLANNER_SEC_URL``):
the tests serve the real format from a local server.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from planner import __version__
from planner.core.errors import InputError
from planner.core.progress import Progress, report
from planner.core.universe import symbol_key
from planner.market.ciks import load_ciks
from planner.market.financials_cache import cache_path, fetched_at, save_companyfacts
from planner.market.secfacts import extract_financials
from planner.market.xbrl import cik_of, load_json

SEC_URL = "https://data.sec.gov/api/xbrl/companyfacts/"
URL_ENV = "ROTATION_PLANNER_SEC_URL"
MIN_INTERVAL_S = 0.12  # the SEC's limit is 10 requests per second; 20 ms kept for jitter
TIMEOUT_S = 20.0  # per socket operation (connect, each read)
DEADLINE_S = 180.0  # the whole download of one company
MAX_BYTES = 200 * 1024 * 1024  # the largest company-facts files are tens of megabytes
RETRIES = 2  # after a 429/403
MAX_WAIT_S = 60.0  # longest wait a Retry-After may ask of us


class RateLimited(Exception):
    def __init__(self, code: int, reason: str, retry_after: float | None) -> None:
        super().__init__(f"{code} {reason}")
        self.code, self.reason, self.retry_after = code, reason, retry_after


class Offline(Exception):
    pass


@dataclass(frozen=True)
class RefreshResult:
    """What a refresh did: symbols whose cached facts are new, one sentence per failure (the
    cached copy kept), and sentences about waits the SEC asked for."""

    updated: tuple[str, ...]
    problems: tuple[str, ...]
    notices: tuple[str, ...]
    requests: int


class Limiter:
    """Start requests at least ``interval`` seconds apart."""

    def __init__(
        self,
        interval: float = MIN_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self._next = float("-inf")

    def wait(self) -> None:
        now = self.clock()
        if now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def user_agent(contact: str) -> str:
    """The declared User-Agent; ``InputError`` when the contact is missing or unusable."""
    contact = contact.strip()
    if not contact:
        raise InputError(
            "settings.toml",
            None,
            "the SEC asks every program to name a contact: give --contact EMAIL or set "
            "contact under [sec] in settings.toml",
        )
    if not contact.isascii() or any(not ch.isprintable() for ch in contact):
        raise InputError("settings.toml", None, f"[sec] contact {contact!r} must be plain text")
    return f"RotationPlanner/{__version__} {contact}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _download(url: str, agent: str, timeout: float, deadline_s: float) -> bytes:
    """The body of ``url``; raises RateLimited, Offline, urllib's HTTPError, TimeoutError."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "application/json",
        },
    )
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code in (403, 429):
            wait = _retry_after(err.headers.get("Retry-After"))
            raise RateLimited(err.code, err.reason, wait) from None
        raise
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError | socket.timeout):
            raise TimeoutError() from None
        raise Offline(str(err.reason)) from None
    with response:
        deadline = time.monotonic() + deadline_s
        encoding = (response.headers.get("Content-Encoding") or "").lower()
        packed = encoding in ("gzip", "deflate")
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if packed else None
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError()
            chunk = response.read(1 << 16)
            if not chunk:
                break
            if inflate is not None:
                chunk = inflate.decompress(chunk, MAX_BYTES + 1 - size)
            size += len(chunk)
            if size > MAX_BYTES:
                raise ValueError(f"the answer is larger than {MAX_BYTES // (1 << 20)} MB")
            chunks.append(chunk)
        if inflate is not None:
            chunks.append(inflate.flush())
        return b"".join(chunks)


def _kept(cik: str) -> str:
    when = fetched_at(cik)
    if when is not None:
        return f"kept the cached copy fetched {when.date()}"
    return "nothing cached for it" if not cache_path(cik).exists() else "kept the cached copy"


def refresh_financials(
    symbols: Iterable[str],
    ciks: Mapping[str, str] | None = None,
    contact: str = "",
    base_url: str | None = None,
    timeout: float = TIMEOUT_S,
    progress: Progress | None = None,
    limiter: Limiter | None = None,
    sleep: Callable[[float], None] = time.sleep,
    deadline_s: float = DEADLINE_S,
) -> RefreshResult:
    """Fetch the SEC company facts of ``symbols`` into the cache (see the module doc).

    ``ciks``: symbol → CIK (default: the bundled table); ``contact``: required, see
    :func:`user_agent`. ``progress`` may raise to cancel (companies fetched so far stay).
    """
    agent = user_agent(contact)
    table = ciks if ciks is not None else load_ciks()
    by_key = {symbol_key(k): v for k, v in table.items()}
    base = (base_url or os.environ.get(URL_ENV) or SEC_URL).rstrip("/") + "/"
    limiter = limiter or Limiter()
    problems: list[str] = []
    notices: list[str] = []
    updated: list[str] = []
    jobs: dict[str, list[str]] = {}  # CIK -> symbols (GOOG and GOOGL share one)
    for symbol in dict.fromkeys(s.strip().upper() for s in symbols if s.strip()):
        cik = by_key.get(symbol_key(symbol))
        if cik is None:
            problems.append(f"{symbol}: no SEC CIK for this symbol in the universe; not fetched")
            continue
        jobs.setdefault(cik, []).append(symbol)
    requests = 0
    order = list(jobs.items())
    for n, (cik, names) in enumerate(order):
        label = "/".join(names)
        report(progress, n / max(len(order), 1), f"fetching {label} from the SEC")
        url = f"{base}CIK{cik}.json"
        waited = 0.0
        stop = None
        for attempt in range(RETRIES + 1):
            limiter.wait()
            requests += 1
            try:
                body = _download(url, agent, timeout, deadline_s)
            except RateLimited as err:
                if attempt < RETRIES:
                    wait = min(
                        MAX_WAIT_S, err.retry_after if err.retry_after is not None else 2.0**attempt
                    )
                    notices.append(
                        f"{label}: the SEC answered {err.code} {err.reason} (asking us to slow "
                        f"down); waited {wait:g} s before trying again"
                    )
                    report(
                        progress,
                        n / max(len(order), 1),
                        f"the SEC asked us to slow down; waiting {wait:g} s",
                    )
                    sleep(wait)
                    waited += wait
                    continue
                stop = (
                    f"{label} (CIK {cik}): the SEC still refuses ({err.code} {err.reason}) "
                    f"after waiting {waited:g} s - it limits requests for ten minutes once "
                    f"they come too fast, or when the User-Agent names no contact; "
                    f"{_kept(cik)}"
                )
                break
            except Offline as err:
                stop = f"{label} (CIK {cik}): cannot connect to the SEC ({err}); {_kept(cik)}"
                break
            except TimeoutError:
                problems.append(
                    f"{label} (CIK {cik}): no answer from the SEC within {timeout:g} s; "
                    f"{_kept(cik)}"
                )
                break
            except urllib.error.HTTPError as err:
                what = (
                    "the SEC has no XBRL company facts for this company (404 Not Found)"
                    if err.code == 404
                    else f"the SEC answered {err.code} {err.reason}"
                )
                problems.append(f"{label} (CIK {cik}): {what}; {_kept(cik)}")
                break
            except (OSError, ValueError, http.client.HTTPException) as err:
                problems.append(f"{label} (CIK {cik}): the download failed ({err}); {_kept(cik)}")
                break
            try:
                doc = load_json(body, url)
                if cik_of(doc, url) != cik:
                    raise InputError(url, None, f"the answer is for CIK {cik_of(doc, url)}")
                extract_financials(doc, url)
            except InputError as err:
                problems.append(
                    f"{label} (CIK {cik}): the answer is not usable company facts "
                    f"({err.reason}); {_kept(cik)}"
                )
                break
            save_companyfacts(doc, url, datetime.now(UTC))
            updated.extend(names)
            break
        if stop is not None:
            problems.append(stop)
            rest = [s for _, more in order[n + 1 :] for s in more]
            if rest:
                problems.append(
                    f"stopped after that: {', '.join(rest)} not fetched; their cached copies "
                    "are kept"
                )
            break
    report(progress, 1.0, "done")
    return RefreshResult(tuple(updated), tuple(problems), tuple(notices), requests)


def symbols_to_refresh(ciks: Mapping[str, str], cached: Sequence[str]) -> list[str]:
    """For a refresh with no symbols given: one symbol per company already in the cache."""
    wanted = set(cached)
    seen: dict[str, str] = {}
    for symbol, cik in sorted(ciks.items()):
        if cik in wanted and cik not in seen:
            seen[cik] = symbol
    return sorted(seen.values())
