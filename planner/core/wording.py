"""How the plan's sentences write their figures: a bucket's name, a percent, dollars, the
article a figure is read with, and a bucket's target with what moved it from the policy's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from planner.core.held_in_cash import held_text
from planner.core.plan_model import BUCKET_NAMES, BucketRow

#: Describes a bucket under the size scheme in use ("small-caps (ranks 1,001-3,000, ...)").
Describe = Callable[[str], str]


#: Buckets named in the singular ("international equity is", "cash is").
SINGULAR = frozenset({"intl_equity", "cash"})


def share_of(share: float) -> str:
    """A fraction as a percent, whole unless that would round a part up to 100%."""
    return f"{share:.0%}" if share < 0.995 else f"{share:.1%}"


def plain(bucket: str) -> str:
    return BUCKET_NAMES[bucket]


def pct(x: float) -> str:
    shown = round(100 * x, 1)
    return f"{shown if shown else 0.0:.1f}%"  # never "-0.0%"


def money(x: float) -> str:
    return f"${x:,.0f}"


def a(text: str) -> str:
    """``text`` with its article, as it is read: "an 8.0%", "an $11,500", "a 110%", "a
    mid-cap", "an international"."""
    if text[:1].isalpha():
        return f"{'an' if text[:1].lower() in 'aeiou' else 'a'} {text}"
    lead = text.lstrip("$").replace(".", ",").split(",")[0]
    return f"{'an' if lead.startswith('8') or lead in ('11', '18') else 'a'} {text}"


def target_text(k: str, row: BucketRow, rows: Mapping[str, BucketRow]) -> str:
    """ "a 20.0% target", with how it differs from the policy's: the regime tilt, the part held
    in cash for a bucket no vehicle can be bought for (``held_in_cash``)."""
    parts = []
    tilt = row.target - row.policy_target - row.held
    if abs(tilt) > 1e-9:
        parts.append(f"{'+' if tilt > 0 else '-'} {abs(tilt) * 100:.1f} pts regime tilt")
    held = held_text(k, {b: r.held for b, r in rows.items()})
    if held:
        parts.append(held)
    if not parts:
        return f"{a(pct(row.target))} target"
    return f"{a(pct(row.target))} target ({pct(row.policy_target)} policy {' '.join(parts)})"


def band_text(row: BucketRow, its: str = "its") -> str:
    """ "inside its 2.5-point band" (or outside): where a bucket ends the plan against its band."""
    inside = "inside" if abs(row.post - row.target) <= row.band + 1e-9 else "outside"
    return f"{inside} {its} {pct(row.band).removesuffix('%')}-point band"
