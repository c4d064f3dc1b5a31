"""The household's policy: targets per bucket, bands, regime tilt, trading rules, tax rates.

Read from TOML text (the app edits the same settings). Missing keys take the documented
defaults; an unknown key or a wrong value is an :class:`InputError` naming it. Fractions are
fractions (0.30, not 30); money is dollars.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, get_args

from planner.core.errors import InputError

BUCKETS: tuple[str, ...] = (
    "mega", "large", "mid", "small", "micro", "intl_equity", "bonds", "cash", "other",
)  # fmt: skip
Mode = Literal["full", "cash_flow", "raise_cash", "out_of_band"]
MODES: tuple[str, ...] = get_args(Mode)

#: A balanced default: US equity by size, some international, bonds and a little cash.
DEFAULT_TARGETS: dict[str, float] = {
    "mega": 0.25, "large": 0.20, "mid": 0.10, "small": 0.10, "micro": 0.0,
    "intl_equity": 0.15, "bonds": 0.17, "cash": 0.03, "other": 0.0,
}  # fmt: skip


@dataclass(frozen=True)
class Bands:
    """Tolerance around each target: the smaller of ``absolute`` (fraction of the household)
    and ``relative`` x target - the "5/25 rule" by default. A zero target gets the absolute
    band."""

    absolute: float = 0.05
    relative: float = 0.25

    def width(self, target: float) -> float:
        return min(self.absolute, self.relative * target) if target > 0 else self.absolute


@dataclass(frozen=True)
class Tilt:
    enabled: bool = True
    max: float = 0.05  # a full-strength regime moves 5 points from mega to small


@dataclass(frozen=True)
class Trading:
    mode: Mode = "full"
    min_trade: float = 100.0  # dollars; a smaller position may still be sold whole
    fractional: bool = False
    cash_reserve: float = 0.0  # dollars kept in each account
    new_cash: float = 0.0  # cash_flow mode: dollars added to the household
    raise_cash: float = 0.0  # raise_cash mode: dollars to free up
    cost_per_trade: float = 5.0  # dollars: what one more ticket costs in effort and spread


@dataclass(frozen=True)
class Restrictions:
    do_not_sell: tuple[str, ...] = ()
    do_not_buy: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tax:
    short_term: float = 0.37
    long_term: float = 0.20


@dataclass(frozen=True)
class Weights:
    """How the solver trades off (per dollar): drift outside the bands, drift inside them,
    turnover, and holding a low-quality name. Tax counts at face value."""

    outside_band: float = 1.0
    drift: float = 0.05
    turnover: float = 0.001
    low_quality: float = 0.05


#: Size schemes and fund views a policy may choose (see :mod:`planner.core.buckets`).
SIZE_SCHEMES: tuple[str, ...] = ("rank", "sp-ranges", "dollars")
FUND_VIEWS: tuple[str, ...] = ("look-through", "index")


@dataclass(frozen=True)
class DollarLines:
    """The advisor's own size lines for ``scheme = "dollars"``: lower bounds in dollars of a
    company's market cap (micro is below ``small``)."""

    mega: float = 200e9
    large: float = 10e9
    mid: float = 2e9
    small: float = 300e6


@dataclass(frozen=True)
class BucketChoice:
    """``[buckets]``: which size scheme cuts US equity (``rank`` by market-cap rank in the
    universe, ``sp-ranges`` S&P's published ranges, ``dollars`` the lines below) and how a
    fund counts (``look-through`` by its holdings, ``index`` wholly in its index's segment).
    ``dollars`` None: the overrides file's thresholds, else :class:`DollarLines` defaults."""

    scheme: str = "rank"
    funds: str = "look-through"
    dollars: DollarLines | None = None


#: What to buy for a bucket when the household holds nothing suitable.
DEFAULT_VEHICLES: dict[str, str] = {
    "mega": "MGC", "large": "VOO", "mid": "IJH", "small": "IJR", "micro": "IWC",
    "intl_equity": "VXUS", "bonds": "BND",
}  # fmt: skip


@dataclass(frozen=True)
class Policy:
    targets: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    bands: Bands = Bands()
    tilt: Tilt = Tilt()
    trading: Trading = Trading()
    vehicles: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_VEHICLES))
    restrictions: Restrictions = Restrictions()
    tax: Tax = Tax()
    weights: Weights = Weights()
    buckets: BucketChoice = BucketChoice()

    def tilted_targets(self, tilt: float) -> dict[str, float]:
        """Targets with ``tilt`` (fraction, positive toward small-caps) moved from mega to
        small, bounded so no target goes below zero."""
        out = dict(self.targets)
        if not self.tilt.enabled or tilt == 0:
            return out
        t = max(-self.tilt.max, min(self.tilt.max, tilt))
        t = min(t, out["mega"]) if t > 0 else max(t, -out["small"])
        out["mega"] -= t
        out["small"] += t
        return out


_SECTIONS: dict[str, type] = {
    "bands": Bands,
    "tilt": Tilt,
    "trading": Trading,
    "restrictions": Restrictions,
    "tax": Tax,
    "weights": Weights,
}


def _line_of(text: str, key: str) -> int | None:
    """The line where ``key`` (``section`` or ``section.name``) is set, if it can be found."""
    section, _, name = key.rpartition(".") if "." in key else (key, "", "")
    current = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[] ")
            if current == key or (not name and current == section):
                return n
        elif name and current == section and stripped.split("=")[0].strip() == name:
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

    known = {"targets", "vehicles", "buckets", *_SECTIONS}
    for key in raw:
        if key not in known:
            raise fail(key, f"unknown section; known: {sorted(known)}")
    kwargs: dict[str, Any] = {}
    if "targets" in raw:
        t = raw["targets"]
        if not isinstance(t, dict):
            raise fail("targets", "must be a table of bucket = fraction")
        targets = dict.fromkeys(BUCKETS, 0.0)
        for k, v in t.items():
            if k not in BUCKETS:
                raise fail(f"targets.{k}", f"unknown bucket; buckets: {list(BUCKETS)}")
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
                raise fail(f"targets.{k}", "must be a fraction between 0 and 1 (0.30, not 30)")
            targets[k] = float(v)
        if abs(sum(targets.values()) - 1.0) > 1e-6:
            raise fail("targets", f"fractions add up to {sum(targets.values()):.4f}, not 1")
        kwargs["targets"] = targets
    if "vehicles" in raw:
        v = raw["vehicles"]
        if not isinstance(v, dict) or not all(isinstance(s, str) for s in v.values()):
            raise fail("vehicles", 'must be a table of bucket = "SYMBOL"')
        for k in v:
            if k not in BUCKETS:
                raise fail(f"vehicles.{k}", f"unknown bucket; buckets: {list(BUCKETS)}")
        kwargs["vehicles"] = {**DEFAULT_VEHICLES, **{k: s.upper() for k, s in v.items()}}
    if "buckets" in raw:
        kwargs["buckets"] = _parse_buckets(raw["buckets"], fail)
    for name, cls in _SECTIONS.items():
        if name not in raw:
            continue
        section = raw[name]
        if not isinstance(section, dict):
            raise fail(name, "must be a table")
        default = cls()
        values: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for key, value in section.items():
            full = f"{name}.{key}"
            if key not in names:
                raise fail(full, f"unknown key; known: {sorted(names)}")
            expected = getattr(default, key)
            values[key] = _check(full, value, expected, fail)
        kwargs[name] = replace(default, **values)
    policy = Policy(**kwargs)
    _validate(policy, fail)
    return policy


def _parse_buckets(section: Any, fail: Any) -> BucketChoice:
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
            if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
                raise fail(f"buckets.dollars.{k}", "must be a positive number of dollars")
            values[k] = float(v)
        dollars = DollarLines(**values)
        if not dollars.mega > dollars.large > dollars.mid > dollars.small:
            raise fail("buckets.dollars", "lines must decrease: mega > large > mid > small")
    return BucketChoice(scheme, funds, dollars)


def _check(key: str, value: Any, expected: Any, fail: Any) -> Any:
    if isinstance(expected, bool):
        if not isinstance(value, bool):
            raise fail(key, "must be true or false")
        return value
    if isinstance(expected, float):
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise fail(key, "must be a number, 0 or more")
        return float(value)
    if isinstance(expected, tuple):
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise fail(key, 'must be a list of symbols, e.g. ["AAPL"]')
        return tuple(s.upper() for s in value)
    if isinstance(expected, str):
        if not isinstance(value, str):
            raise fail(key, "must be text")
        if key == "trading.mode" and value not in MODES:
            raise fail(key, f"must be one of {list(MODES)}")
        return value
    raise fail(key, "unsupported value")


def _validate(policy: Policy, fail: Any) -> None:
    for key, rate in (
        ("tax.short_term", policy.tax.short_term),
        ("tax.long_term", policy.tax.long_term),
    ):
        if rate > 1:
            raise fail(key, "is a fraction (0.20 for 20%)")
    if policy.tilt.max > 0.5:
        raise fail("tilt.max", "is a fraction of the household (0.05 for 5 points)")
    if policy.bands.absolute > 1 or policy.bands.relative > 1:
        raise fail("bands", "bands are fractions (0.05 and 0.25 for the 5/25 rule)")


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
    for name in _SECTIONS:
        section = getattr(policy, name)
        lines += ["", f"[{name}]"]
        lines += [f"{f.name} = {fmt(getattr(section, f.name))}" for f in fields(section)]
    lines += ["", "[vehicles]"]
    lines += [f"{k} = {fmt(v)}" for k, v in policy.vehicles.items()]
    b = policy.buckets
    lines += ["", "[buckets]", f"scheme = {fmt(b.scheme)}", f"funds = {fmt(b.funds)}"]
    if b.dollars is not None:
        lines += ["", "[buckets.dollars]"]
        lines += [f"{f.name} = {fmt(getattr(b.dollars, f.name))}" for f in fields(b.dollars)]
    return "\n".join(lines) + "\n"
