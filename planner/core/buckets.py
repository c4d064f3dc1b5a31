"""Market-cap thresholds that place a US stock in one size bucket.

The bucket names themselves are :data:`planner.core.policy.BUCKETS`; this module only says
where the size lines are. Defaults are DESIGN.md's: mega >= $200B, large >= $10B,
mid >= $2B, small >= $300M, micro below. A user can change them (``[thresholds]`` in the
overrides file, see :mod:`planner.market.overrides`).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.policy import BUCKETS

#: The US-equity size buckets, largest first.
SIZE_BUCKETS: tuple[str, ...] = ("mega", "large", "mid", "small", "micro")
#: Buckets that count as equity in the "equity-only" view.
EQUITY_BUCKETS: tuple[str, ...] = (*SIZE_BUCKETS, "intl_equity")

assert set(EQUITY_BUCKETS) <= set(BUCKETS)


@dataclass(frozen=True)
class CapThresholds:
    """Lower bounds in US dollars of market capitalisation; ``micro`` is everything below
    ``small``. Must be strictly decreasing and positive."""

    mega: float = 200e9
    large: float = 10e9
    mid: float = 2e9
    small: float = 300e6

    def __post_init__(self) -> None:
        if not (self.mega > self.large > self.mid > self.small > 0):
            raise ValueError(
                "cap thresholds must be positive and decreasing: mega > large > mid > small > 0"
            )

    def bucket(self, market_cap_usd: float) -> str:
        """The size bucket of a company worth ``market_cap_usd`` dollars."""
        if market_cap_usd >= self.mega:
            return "mega"
        if market_cap_usd >= self.large:
            return "large"
        if market_cap_usd >= self.mid:
            return "mid"
        if market_cap_usd >= self.small:
            return "small"
        return "micro"
