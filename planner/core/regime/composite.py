"""From scored signals to a composite, a label and a tilt.

The composite is the weighted sum of the available scores divided by the weight of *every*
rule, so it is scaled by coverage (available weight / total weight): a regime read from half the
evidence speaks half as loud, and is never louder than a full data set. Below a minimum coverage
(50% by default) it is labelled neutral. A neutral regime moves nothing. With the previous
label, a label changes only once the composite is a margin beyond the threshold it crosses
(hysteresis), so a composite hovering at a threshold does not flip the plan month after month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from planner.core.plan import RegimeView
from planner.core.regime.rules import RULES, Rule

SMALL_LEADERSHIP = "small-cap leadership"
NEUTRAL = "neutral"
MEGA_LEADERSHIP = "mega-cap leadership"
LABELS: tuple[str, ...] = (SMALL_LEADERSHIP, NEUTRAL, MEGA_LEADERSHIP)


@dataclass(frozen=True)
class Observation:
    """A signal's raw input: its value (in the rule's unit), change, date and source."""

    id: str
    value: float | None
    as_of: date | None
    source: str
    change: float | None = None
    note: str = ""  # the sentence or file it came from


@dataclass(frozen=True)
class Signal:
    id: str
    name: str
    available: bool
    value: float | None
    unit: str
    change: float | None
    as_of: date | None
    source: str
    rule: str
    score: float | None
    weight: float
    contribution: float | None  # weight x score / total weight of every rule
    note: str = ""
    family: str = ""


@dataclass(frozen=True)
class RegimeSettings:
    """Thresholds and weights (fractions; ``max_tilt`` of the household)."""

    small_threshold: float = 0.25
    mega_threshold: float = -0.25
    hysteresis: float = 0.05  # leaving the previous label needs this much beyond a threshold
    max_tilt: float = 0.05
    stale_days: int = 7
    min_coverage: float = 0.5  # fraction of the total weight that must be available to tilt
    weights: Mapping[str, float] = field(default_factory=dict)  # id -> weight override


@dataclass(frozen=True)
class Regime:
    label: str
    composite: float  # coverage-scaled: sum of weight x score over the total weight
    tilt: float  # fraction of the household moved from mega to small at full strength
    as_of: date | None
    age_days: int | None
    stale: bool
    signals: tuple[Signal, ...]
    source: str  # "snapshot 2026-01-08", "data folder ...", "refreshed ..."
    series: Mapping[str, pd.Series] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = ()
    coverage: float = 0.0  # available weight / total weight
    previous_label: str | None = None  # the label hysteresis started from (None: no history)
    settings: RegimeSettings = field(default_factory=RegimeSettings, compare=False)

    def view(self) -> RegimeView:
        return RegimeView(
            self.label,
            self.composite,
            self.as_of,
            self.stale,
            self.age_days,
            self.source,
            self.previous_label,
        )

    def families(self) -> dict[str, tuple[float, float, float | None]]:
        """Family -> (weight, available weight, weighted mean score of the available members
        or None)."""
        out: dict[str, tuple[float, float, float | None]] = {}
        for fam in dict.fromkeys(s.family for s in self.signals):
            members = [s for s in self.signals if s.family == fam]
            have = [s for s in members if s.score is not None]
            w_have = sum(s.weight for s in have)
            mean = sum(s.weight * (s.score or 0.0) for s in have) / w_have if w_have else None
            out[fam] = (sum(s.weight for s in members), w_have, mean)
        return out


def _check_label(previous: str | None) -> None:
    if previous is not None and previous not in LABELS:
        raise ValueError(f"previous label {previous!r} is not one of {list(LABELS)} or None")


def label_for(composite: float, settings: RegimeSettings, previous: str | None = None) -> str:
    """The label for ``composite``; with ``previous`` (one of :data:`LABELS`) a label changes
    only once the composite is ``hysteresis`` beyond the threshold it crossed."""
    _check_label(previous)
    h = settings.hysteresis if previous is not None else 0.0
    small, mega = settings.small_threshold, settings.mega_threshold
    if previous == SMALL_LEADERSHIP and composite >= small - h:
        return SMALL_LEADERSHIP
    if previous == MEGA_LEADERSHIP and composite <= mega + h:
        return MEGA_LEADERSHIP
    if composite >= small + h:
        return SMALL_LEADERSHIP
    if composite <= mega - h:
        return MEGA_LEADERSHIP
    return NEUTRAL


def _decide(
    composite: float, coverage: float, settings: RegimeSettings, previous: str | None
) -> tuple[str, float, list[str]]:
    """(label, tilt at full strength, warnings) for a composite read with ``coverage``."""
    if coverage + 1e-9 < settings.min_coverage:
        why = (
            f"only {coverage:.0%} of the signals' weight is available (the minimum is "
            f"{settings.min_coverage:.0%}): labelled neutral, no tilt"
        )
        return NEUTRAL, 0.0, [why]
    label = label_for(composite, settings, previous)
    tilt = round(composite * settings.max_tilt, 6) if label != NEUTRAL else 0.0
    return label, tilt, []


def assess(
    observations: Sequence[Observation],
    today: date,
    settings: RegimeSettings | None = None,
    source: str = "",
    previous_label: str | None = None,
    series: Mapping[str, pd.Series] | None = None,
) -> Regime:
    """Score each observation, combine them scaled by coverage, label (from ``previous_label``
    when given: the household's last archived label, or the last refresh's), date the result.

    ``as_of`` is the latest date all available inputs share - the oldest of their dates."""
    settings = settings or RegimeSettings()
    _check_label(previous_label)
    by_id = {o.id: o for o in observations}
    scored: list[tuple[Rule, Observation | None, float | None]] = []
    for rule in RULES.values():
        obs = by_id.get(rule.id)
        ok = obs is not None and obs.value is not None and math.isfinite(obs.value)
        score = rule.score(obs.value, obs.change) if ok and obs and obs.value is not None else None
        scored.append((rule, obs, score))
    weight_of = {r.id: float(settings.weights.get(r.id, r.weight)) for r in RULES.values()}
    total_w = sum(weight_of.values())
    avail_w = sum(weight_of[r.id] for r, _, s in scored if s is not None)
    signals = []
    composite = 0.0
    for rule, obs, score in scored:
        w = weight_of[rule.id]
        contribution = w * score / total_w if score is not None and total_w > 0 else None
        composite += contribution or 0.0
        signals.append(
            Signal(
                rule.id,
                rule.name,
                score is not None,
                obs.value if obs and score is not None else None,
                rule.unit,
                obs.change if obs else None,
                obs.as_of if obs else None,
                obs.source if obs else "",
                rule.text,
                round(score, 6) if score is not None else None,
                w,
                round(contribution, 6) if contribution is not None else None,
                obs.note if obs else "",
                rule.family,
            )
        )
    dates = [s.as_of for s in signals if s.available and s.as_of is not None]
    as_of = min(dates) if dates else None
    age = (today - as_of).days if as_of else None
    composite = round(composite, 6)
    coverage = round(avail_w / total_w, 6) if total_w > 0 else 0.0
    label, tilt, warnings = _decide(composite, coverage, settings, previous_label)
    return Regime(
        label=label,
        composite=composite,
        tilt=tilt,
        as_of=as_of,
        age_days=age,
        stale=age is None or age > settings.stale_days,
        signals=tuple(signals),
        source=source,
        series=dict(series or {}),
        warnings=tuple(warnings),
        coverage=coverage,
        previous_label=previous_label,
        settings=settings,
    )


def with_previous_label(regime: Regime, previous_label: str | None) -> Regime:
    """The same regime labelled from ``previous_label`` - for a book, where the regime is read
    once and each household brings its own last archived label."""
    _check_label(previous_label)
    label, tilt, _ = _decide(regime.composite, regime.coverage, regime.settings, previous_label)
    return replace(regime, label=label, tilt=tilt, previous_label=previous_label)
