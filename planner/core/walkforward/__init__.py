"""Walk-forward evidence for the regime rules: the composite at every month-end from what was
public then, against what small-caps did next. Pure computation on series handed in - no file
I/O (the data folder is read by :mod:`planner.market.regime_inputs`).

- :mod:`.history` - publication lags, month-ends, the regime at each, the forward returns;
- :mod:`.stats` - hit rates, rank IC and its confidence interval;
- :mod:`.backtest` - a 60/40-style policy with and without the tilt;
- :mod:`.evidence` - all of it in one :class:`Evidence`.
"""

from planner.core.walkforward.backtest import BASE_TARGETS, PolicyResult
from planner.core.walkforward.evidence import Evidence, NoHistory, walk_forward
from planner.core.walkforward.history import PUBLICATION_LAGS, Lag, MonthRow, month_ends
from planner.core.walkforward.stats import HorizonStats

__all__ = [
    "BASE_TARGETS",
    "PUBLICATION_LAGS",
    "Evidence",
    "HorizonStats",
    "Lag",
    "MonthRow",
    "NoHistory",
    "PolicyResult",
    "month_ends",
    "walk_forward",
]
