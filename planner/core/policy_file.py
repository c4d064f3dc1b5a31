"""The policy as a TOML file: read with every key checked, written back so it reads the same.

Missing keys take the documented defaults (README "Policy file"); an unknown key or a wrong
value is an :class:`InputError` naming the key and its line. Numbers must be finite and not
negative; fractions are fractions (0.30, not 30); money is dollars.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import Any

from planner.core.errors import InputError
from planner.core.policy import (
    BUCKETS,
    DEFAULT_VEHICLES,
    FUND_VIEWS,
    LOCATION_KINDS,
    LOT_METHODS,
    MODES,
    SIZE_SCHEMES,
    Bands,
    BucketChoice,
    DollarLines,
    Location,
    Policy,
    Restrictions,
    Tax,
    Tilt,
    Trading,
    Weights,
    targets_error,
)

Fail = Callable[[str, str], InputError]

SECTIONS: dict[str, type] = {
    "bands": Bands,
    "tilt": Tilt,
    "trading": Trading,
    "restrictions": Restrictions,
    "tax": Tax,
    "weights": Weights,
    "location": Location,
}
#: Keys whose value is a list of account ids (kept as typed, not upper-cased).
ACCOUNT_LISTS = frozenset({"restrictions.held_away"})
#: Keys whose value is a table of account id = dollars.
ACCOUNT_MONEY = frozenset({"trading.deposits", "trading.withdrawals"})
#: Keys whose value is a table of bucket = dollars per dollar.
BUCKET_TABLES = frozenset(f"location.{k}" for k in LOCATION_KINDS)
#: Keys that may be left out to mean "no limit".
OPTIONAL_NUMBERS = frozenset({"tax.max_realized_gain", "tax.max_tax"})
CHOICES: dict[str, tuple[str, ...]] = {
    "trading.mode": MODES,
    "tax.lot_method": LOT_METHODS,
    "tax.unknown_term": ("short", "long"),
}
#: Keys that are fractions (0 to 1).
FRACTIONS = frozenset(
    {
        "tax.short_term",
        "tax.long_term",
        "tax.niit",
        "tax.state",
        "trading.max_position",
        "bands.absolute",
        "bands.relative",
    }
)


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key`` (``section``, ``section.name`` or ``section.table.name``) is
    set, if it can be found: its table's header, or ``name = ...`` under the header of the
    table it is in (a top-level ``name = ...`` before any header)."""
    section, _, name = key.rpartition(".")
    current = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            # the name between the brackets: a comment may follow the header
            head = re.match(r"\[+\s*([^\]]*?)\s*\]", stripped)
            current = head.group(1) if head else stripped.strip("[] ")
            if current == key:
                return n
        elif current == section and stripped.split("=")[0].strip().strip('"') == name:
            return n
    return None


def parse_policy(text: str, path: str = "policy.toml") -> Policy:
    """A policy from TOML text. Errors name the key (and its line) that is wrong."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        where = re.search(r"at line (\d+)", str(err))
        line = int(where.group(1)) if where else None
        raise InputError(path, line, f"not valid TOML: {err}") from None

    def fail(key: str, reason: str) -> InputError:
        return InputError(path, _line_of(text, key), f"{key}: {reason}")

    known = {"targets", "vehicles", "buckets", *SECTIONS}
    for key in raw:
        if key not in known:
            raise fail(key, f"unknown section; known: {sorted(known)}")
    kwargs: dict[str, Any] = {}
    if "targets" in raw:
        kwargs["targets"] = _targets(raw["targets"], fail)
    if "vehicles" in raw:
        kwargs["vehicles"] = _vehicles(raw["vehicles"], fail)
    if "buckets" in raw:
        kwargs["buckets"] = _buckets(raw["buckets"], fail)
    for name, cls in SECTIONS.items():
        if name not in raw:
            continue
        section = raw[name]
        if not isinstance(section, dict):
            raise fail(name, "must be a table")
        default = cls()
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in section.items():
            full = f"{name}.{key}"
            if key not in names:
                raise fail(full, f"unknown key; known: {sorted(names)}")
            values[key] = _check(full, value, getattr(default, key), fail)
        kwargs[name] = replace(default, **values)
    policy = Policy(**kwargs)
    _validate(policy, fail)
    return policy


def _targets(t: Any, fail: Fail) -> dict[str, float]:
    if not isinstance(t, dict):
        raise fail("targets", "must be a table of bucket = fraction")
    targets = dict.fromkeys(BUCKETS, 0.0)
    for k, v in t.items():
        if k not in BUCKETS:
            raise fail(f"targets.{k}", f"unknown bucket; buckets: {list(BUCKETS)}")
        if not _number(v) or not 0 <= v <= 1:
            raise fail(f"targets.{k}", "must be a fraction between 0 and 1 (0.30, not 30)")
        targets[k] = float(v)
    problem = targets_error(targets)
    if problem is not None:
        raise fail("targets", problem)
    return targets


def _vehicles(v: Any, fail: Fail) -> dict[str, tuple[str, ...]]:
    if not isinstance(v, dict):
        raise fail("vehicles", 'must be a table of bucket = ["SYMBOL", ...]')
    out = dict(DEFAULT_VEHICLES)
    for k, symbols in v.items():
        if k not in BUCKETS:
            raise fail(f"vehicles.{k}", f"unknown bucket; buckets: {list(BUCKETS)}")
        if isinstance(symbols, str):
            symbols = [symbols]
        if not isinstance(symbols, list) or not all(isinstance(s, str) and s for s in symbols):
            raise fail(f"vehicles.{k}", 'must be a symbol or a list of symbols, e.g. ["IJR"]')
        out[k] = tuple(dict.fromkeys(s.strip().upper() for s in symbols))
    return out


def _buckets(section: Any, fail: Fail) -> BucketChoice:
    if not isinstance(section, dict):
        raise fail("buckets", "must be a table")
    for key in section:
        if key not in ("scheme", "funds", "dollars"):
            raise fail(f"buckets.{key}", "unknown key; known: ['dollars', 'funds', 'scheme']")
    scheme = section.get("scheme", "rank")
    if scheme not in SIZE_SCHEMES:
        raise fail("buckets.scheme", f"must be one of {list(SIZE_SCHEMES)}")
    funds = section.get("funds", "look-through")
    if funds not in FUND_VIEWS:
        raise fail("buckets.funds", f"must be one of {list(FUND_VIEWS)}")
    dollars: DollarLines | None = None
    if "dollars" in section:
        d = section["dollars"]
        if not isinstance(d, dict):
            raise fail("buckets.dollars", "must be a table of bucket = dollars")
        values: dict[str, float] = {}
        for k, v in d.items():
            if k not in ("mega", "large", "mid", "small"):
                raise fail(f"buckets.dollars.{k}", "unknown; known: mega, large, mid, small")
            if not _number(v) or v <= 0:
                raise fail(f"buckets.dollars.{k}", "must be a positive number of dollars")
            values[k] = float(v)
        dollars = DollarLines(**values)
        if not dollars.mega > dollars.large > dollars.mid > dollars.small:
            raise fail("buckets.dollars", "lines must decrease: mega > large > mid > small")
    return BucketChoice(scheme, funds, dollars)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _money_table(
    key: str, value: Any, fail: Fail, keys: tuple[str, ...] | None
) -> dict[str, float]:
    if not isinstance(value, dict):
        raise fail(key, "must be a table of name = number")
    out: dict[str, float] = {}
    for k, v in value.items():
        if keys is not None and k not in keys:
            raise fail(f"{key}.{k}", f"unknown bucket; buckets: {list(keys)}")
        if not _number(v) or v < 0:
            raise fail(f"{key}.{k}", "must be a finite number, 0 or more")
        out[str(k)] = float(v)
    return out


def _check(key: str, value: Any, expected: Any, fail: Fail) -> Any:
    if key in ACCOUNT_MONEY:
        return _money_table(key, value, fail, None)
    if key in BUCKET_TABLES:
        return _money_table(key, value, fail, BUCKETS)
    if isinstance(expected, bool):
        if not isinstance(value, bool):
            raise fail(key, "must be true or false")
        return value
    if isinstance(expected, float) or key in OPTIONAL_NUMBERS:
        if not _number(value):
            raise fail(key, f"must be a finite number, not {value!r}")
        if value < 0:
            raise fail(key, "must be a number, 0 or more")
        if key in FRACTIONS and value > 1:
            raise fail(key, "is a fraction (0.20 for 20%)")
        return float(value)
    if isinstance(expected, tuple):
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise fail(key, 'must be a list of text, e.g. ["AAPL"]')
        if key in ACCOUNT_LISTS:
            return tuple(s.strip() for s in value)
        return tuple(s.strip().upper() for s in value)
    if isinstance(expected, str):
        if not isinstance(value, str):
            raise fail(key, "must be text")
        if key in CHOICES and value not in CHOICES[key]:
            raise fail(key, f"must be one of {list(CHOICES[key])}")
        return value
    raise fail(key, "unsupported value")


def _validate(policy: Policy, fail: Fail) -> None:
    if policy.tilt.max > 0.5:
        raise fail("tilt.max", "is a fraction of the household (0.05 for 5 points)")
    if policy.tilt.zero_after_days < policy.tilt.full_until_days:
        raise fail("tilt.zero_after_days", "must be at least tilt.full_until_days")
    reason = policy.tilt.override_reason
    if len(reason) > 500 or any(ord(c) < 32 or ord(c) == 127 for c in reason):
        raise fail("tilt.override_reason", "one line of text, at most 500 characters")


def policy_to_toml(policy: Policy) -> str:
    """The policy as TOML text that :func:`parse_policy` reads back to the same policy."""

    def fmt(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, tuple):
            return "[" + ", ".join(fmt(s) for s in v) + "]"
        raise TypeError(v)

    lines = ["# Rotation Planner policy: fractions of the household, dollars for money.", ""]
    lines.append("[targets]")
    lines += [f"{k} = {fmt(float(policy.targets.get(k, 0.0)))}" for k in BUCKETS]
    tables: list[str] = []
    for name in SECTIONS:
        section = getattr(policy, name)
        lines += ["", f"[{name}]"]
        for f in fields(section):
            value = getattr(section, f.name)
            if isinstance(value, Mapping):
                tables += ["", f"[{name}.{f.name}]"]
                tables += [f"{fmt(str(k))} = {fmt(float(v))}" for k, v in value.items()]
            elif value is not None:
                lines.append(f"{f.name} = {fmt(value)}")
    lines += tables
    lines += ["", "[vehicles]"]
    lines += [f"{k} = {fmt(tuple(v))}" for k, v in policy.vehicles.items()]
    b = policy.buckets
    lines += ["", "[buckets]", f"scheme = {fmt(b.scheme)}", f"funds = {fmt(b.funds)}"]
    if b.dollars is not None:
        lines += ["", "[buckets.dollars]"]
        lines += [f"{f.name} = {fmt(getattr(b.dollars, f.name))}" for f in fields(b.dollars)]
    return "\n".join(lines) + "\n"
