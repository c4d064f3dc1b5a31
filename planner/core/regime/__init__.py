"""The market regime: dated signals, each scored by a transparent rule, combined into a
composite, a label and a tilt from mega- to small-caps.

Every signal has a value in its own unit (percent, percentage points), the date it is as of,
its source, and a rule that turns the value into a score in [-1, 1] - positive favours
small-caps. Nothing missing is guessed: the composite is scaled by the share of the rules'
weight that is available. README "Market regime" and docs/regime.md give the research behind
each rule, the walk-forward evidence and the caveats.

- :mod:`.rules` - the written rules, their families and weights;
- :mod:`.composite` - observations to signals, composite, label (with hysteresis) and tilt;
- :mod:`.signals` - series (closes, FRED levels) to observations.
"""

from planner.core.regime.composite import (
    LABELS,
    MEGA_LEADERSHIP,
    NEUTRAL,
    SMALL_LEADERSHIP,
    Observation,
    Regime,
    RegimeSettings,
    Signal,
    assess,
    label_for,
    with_previous_label,
)
from planner.core.regime.rules import FAMILIES, RULES, Rule, clip
from planner.core.regime.signals import (
    BROAD_LARGE,
    SMALL,
    MarketSeries,
    choose_large,
    distance_from_high,
    fed_target,
    level_and_change,
    observations,
    ratio_series,
    relative_strength,
    relative_trend,
)

__all__ = [
    "BROAD_LARGE",
    "FAMILIES",
    "LABELS",
    "MEGA_LEADERSHIP",
    "NEUTRAL",
    "RULES",
    "SMALL",
    "SMALL_LEADERSHIP",
    "MarketSeries",
    "Observation",
    "Regime",
    "RegimeSettings",
    "Rule",
    "Signal",
    "assess",
    "choose_large",
    "clip",
    "distance_from_high",
    "fed_target",
    "label_for",
    "level_and_change",
    "observations",
    "ratio_series",
    "relative_strength",
    "relative_trend",
    "with_previous_label",
]
