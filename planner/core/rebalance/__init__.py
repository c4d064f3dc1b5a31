"""The household rebalancing solver: an exact mixed-integer programme over the shares bought
and sold of each security in each account (HiGHS through scipy), with a fast method for large
households. One responsibility per module:

- :mod:`.slots` - what may be traded, and dollars per bucket;
- :mod:`.model` and :mod:`.layout` - the programme's variables, bounds, rows and costs;
- :mod:`.taxlots` - lots, netted tax, the budget, harvesting and wash-sale switches;
- :mod:`.exact` and :mod:`.fast` - the two methods (the fast one rounds and repairs);
- :mod:`.readout` - trades, tax, cash and bucket values from the solver's numbers;
- :mod:`.score` - the solver's own check and cost of a candidate plan;
- :mod:`.solve` - orchestration.

The plan's data types live in :mod:`planner.core.problem`; an independent judge in
:mod:`planner.core.judge` checks plans without sharing any of this code.
"""

from planner.core.problem import (
    AccountState,
    Holding,
    Objective,
    Problem,
    Security,
    Solution,
    Trade,
)
from planner.core.rebalance.model import ABS_GAP, MIP_GAP
from planner.core.rebalance.readout import CENT, netted_tax, post_bucket_values
from planner.core.rebalance.slots import (
    Slot,
    bucket_values,
    build_slots,
    current_values,
    household_total,
    new_cash_accounts,
    reserve_floor,
)
from planner.core.rebalance.solve import EXACT_MAX_SLOTS, solve

__all__ = [
    "ABS_GAP",
    "CENT",
    "EXACT_MAX_SLOTS",
    "MIP_GAP",
    "AccountState",
    "Holding",
    "Objective",
    "Problem",
    "Security",
    "Slot",
    "Solution",
    "Trade",
    "bucket_values",
    "build_slots",
    "current_values",
    "household_total",
    "netted_tax",
    "new_cash_accounts",
    "post_bucket_values",
    "reserve_floor",
    "solve",
]
