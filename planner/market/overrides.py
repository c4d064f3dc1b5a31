"""The user's overrides: a bucket mix per symbol, an account type per account, and the
market-cap thresholds - one human-readable TOML file in the user config directory
(``storage.config_dir() / "overrides.toml"``), always written atomically.

Format (every section optional)::

    # Rotation Planner overrides: what you set by hand wins over the bundled data.
    version = 1

    [thresholds]          # market-cap lower bounds in US dollars (defaults shown)
    mega = 200e9
    large = 10e9
    mid = 2e9
    small = 300e6

    [securities."XYZ"]    # bucket = fraction; fractions sum to 1
    small = 0.7
    mid = 0.3
    note = "private placement, sized by hand"   # optional
    as_of = 2026-01-08                          # optional date

    [accounts]            # account id as the file writes it = account type
    "Z55512345" = "tax_deferred"

Buckets: mega, large, mid, small, micro, intl_equity, bonds, cash, other. Account types:
taxable, tax_deferred, tax_free, unknown. A wrong value is an ``InputError`` naming the file,
the line and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from planner.core.buckets import CapThresholds
from planner.core.classify import Overrides, SecurityOverride
from planner.core.errors import InputError
from planner.core.holdings import ACCOUNT_TYPES, AccountType
from planner.core.policy import BUCKETS
from planner.storage import config_dir, write_text_atomic

FILE_NAME = "overrides.toml"
VERSION = 1
_THRESHOLD_KEYS = ("mega", "large", "mid", "small")


def overrides_path() -> Path:
    return config_dir() / FILE_NAME


def _line_of(text: str, needle: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    return None


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def parse_overrides(text: str, path: str = FILE_NAME) -> Overrides:
    """Overrides from TOML text; errors name the file, line and key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        where = re.search(r"at line (\d+)", str(err))
        raise InputError(
            path, int(where.group(1)) if where else None, f"not valid TOML: {err}"
        ) from None

    def fail(needle: str, reason: str) -> InputError:
        return InputError(path, _line_of(text, needle), reason)

    for key in raw:
        if key not in ("version", "thresholds", "securities", "accounts"):
            raise fail(key, f"{key}: unknown section; known: thresholds, securities, accounts")
    thresholds: CapThresholds | None = None
    if "thresholds" in raw:
        t = raw["thresholds"]
        if not isinstance(t, dict):
            raise fail("thresholds", "thresholds: must be a table of bucket = dollars")
        for k, v in t.items():
            if k not in _THRESHOLD_KEYS:
                raise fail(k, f"thresholds.{k}: unknown; known: {', '.join(_THRESHOLD_KEYS)}")
            if not _is_number(v) or v <= 0:
                raise fail(k, f"thresholds.{k}: must be a positive number of dollars")
        try:
            thresholds = CapThresholds(**{k: float(v) for k, v in t.items()})
        except ValueError as err:
            raise fail("thresholds", f"thresholds: {err}") from None
    securities: dict[str, SecurityOverride] = {}
    sec = raw.get("securities", {})
    if not isinstance(sec, dict):
        raise fail("securities", 'securities: must be tables [securities."SYMBOL"]')
    for symbol, entry in sec.items():
        label = f"securities.{symbol}"
        if not isinstance(entry, dict):
            raise fail(symbol, f"{label}: must be a table of bucket = fraction")
        mix: dict[str, float] = {}
        note = ""
        as_of: date | None = None
        for k, v in entry.items():
            if k == "note":
                if not isinstance(v, str):
                    raise fail(symbol, f"{label}.note: must be text")
                note = v
            elif k == "as_of":
                if isinstance(v, datetime):
                    v = v.date()
                if not isinstance(v, date):
                    raise fail(symbol, f"{label}.as_of: must be a date like 2026-01-08")
                as_of = v
            elif k in BUCKETS:
                if not _is_number(v) or not 0 <= v <= 1:
                    raise fail(symbol, f"{label}.{k}: must be a fraction between 0 and 1")
                mix[k] = float(v)
            else:
                raise fail(symbol, f"{label}.{k}: unknown bucket; buckets: {', '.join(BUCKETS)}")
        if not mix or abs(sum(mix.values()) - 1.0) > 1e-6:
            raise fail(symbol, f"{label}: fractions add up to {sum(mix.values()):.4f}, not 1")
        securities[symbol.strip().upper()] = SecurityOverride(mix, note, as_of)
    accounts: dict[str, AccountType] = {}
    acc = raw.get("accounts", {})
    if not isinstance(acc, dict):
        raise fail("accounts", 'accounts: must be a table of "account id" = "type"')
    for account_id, kind in acc.items():
        if kind not in ACCOUNT_TYPES:
            raise fail(
                account_id,
                f"accounts.{account_id}: {kind!r} is not an account type; "
                f"types: {', '.join(ACCOUNT_TYPES)}",
            )
        accounts[account_id] = cast(AccountType, kind)
    return Overrides(securities, accounts, thresholds)


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(x: float) -> str:
    return repr(float(x))


def render_overrides(o: Overrides) -> str:
    """The file's text for ``o`` (what :func:`parse_overrides` reads back)."""
    lines = [
        "# Rotation Planner overrides: what you set by hand wins over the bundled data.",
        "# Buckets: " + ", ".join(BUCKETS) + ". Fractions sum to 1 (0.30, not 30).",
        "# Account types: " + ", ".join(ACCOUNT_TYPES) + ".",
        f"version = {VERSION}",
    ]
    if o.thresholds is not None:
        lines += ["", "[thresholds]  # market-cap lower bounds in US dollars"]
        lines += [f"{k} = {_num(getattr(o.thresholds, k))}" for k in _THRESHOLD_KEYS]
    for symbol in sorted(o.securities):
        entry = o.securities[symbol]
        lines += ["", f"[securities.{_q(symbol)}]"]
        lines += [f"{b} = {_num(entry.mix[b])}" for b in BUCKETS if b in entry.mix]
        if entry.note:
            lines.append(f"note = {_q(entry.note)}")
        if entry.as_of is not None:
            lines.append(f"as_of = {entry.as_of.isoformat()}")
    if o.account_types:
        lines += ["", "[accounts]"]
        lines += [f"{_q(a)} = {_q(t)}" for a, t in sorted(o.account_types.items())]
    return "\n".join(lines) + "\n"


def load_overrides(path: Path | None = None) -> Overrides:
    """The overrides in ``path`` (default: the user config directory); none when absent."""
    path = path or overrides_path()
    if not path.exists():
        return Overrides()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), None, f"cannot read the overrides: {err}") from None
    return parse_overrides(text, str(path))


def save_overrides(o: Overrides, path: Path | None = None) -> Path:
    path = path or overrides_path()
    text = render_overrides(o)
    parse_overrides(text, str(path))  # never write a file we could not read back
    write_text_atomic(path, text)
    return path


def set_security_override(
    symbol: str,
    mix: Mapping[str, float] | None,
    note: str = "",
    as_of: date | None = None,
    path: Path | None = None,
) -> Overrides:
    """Set (or with ``mix=None`` remove) the bucket mix of ``symbol``; saves and returns."""
    current = load_overrides(path)
    securities: dict[str, SecurityOverride] = dict(current.securities)
    key = symbol.strip().upper()
    if mix is None:
        securities.pop(key, None)
    else:
        securities[key] = SecurityOverride(dict(mix), note, as_of)
    updated = replace(current, securities=securities)
    save_overrides(updated, path)
    return updated


def set_account_type(
    account_id: str, kind: AccountType | None, path: Path | None = None
) -> Overrides:
    """Set (or with ``kind=None`` remove) the type of an account; saves and returns."""
    current = load_overrides(path)
    accounts: dict[str, Any] = dict(current.account_types)
    if kind is None:
        accounts.pop(account_id, None)
    else:
        accounts[account_id] = kind
    updated = replace(current, account_types=accounts)
    save_overrides(updated, path)
    return updated


def set_thresholds(thresholds: CapThresholds | None, path: Path | None = None) -> Overrides:
    current = load_overrides(path)
    updated = replace(current, thresholds=thresholds)
    save_overrides(updated, path)
    return updated
