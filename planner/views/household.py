"""The Household tab: one row per account."""

from __future__ import annotations

import pandas as pd

from planner.core.privacy import mask_account
from planner.workflow import PlanRun

ACCOUNT_COLUMNS = ["Account", "Number", "Type", "Value", "Cash", "Source"]


def accounts_frame(run: PlanRun | None) -> tuple[pd.DataFrame, list[str]]:
    """The accounts table and, row for row, the full account ids (for the app's actions)."""
    rows, ids = [], []
    if run is not None:
        totals = run.household.account_totals()
        for a in run.household.accounts:
            cash, total = totals[a.id]
            rows.append(
                {
                    "Account": a.name,
                    "Number": mask_account(a.id),
                    "Type": a.type,
                    "Value": total,
                    "Cash": cash,
                    "Source": a.source,
                }
            )
            ids.append(a.id)
    return pd.DataFrame(rows, columns=ACCOUNT_COLUMNS), ids
