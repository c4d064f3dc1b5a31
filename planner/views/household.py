"""The Household tab: one row per account."""

from __future__ import annotations

import pandas as pd

from planner.core.privacy import mask_account, mask_in_text
from planner.reports.labels import file_name, names_only
from planner.views.labels import ACCOUNT_TYPES, label
from planner.workflow import PlanRun


def warnings_frame(run: PlanRun | None) -> pd.DataFrame:
    """The import's warnings, each with its file and line: what the command line lists."""
    rows = []
    if run is not None:
        ids = [a.id for a in run.household.accounts]
        paths = {f.path for f in run.household.files} | {w.file for w in run.household.warnings}
        for w in run.household.warnings:
            # file names only: no folder of this machine on screen (the full path on hover)
            message = mask_in_text(names_only(w.message, paths), ids)
            rows.append(
                {
                    "File": file_name(w.file),
                    "Line": w.line if w.line is not None else "",
                    "Account": mask_account(w.account_id) if w.account_id else "",
                    "Warning": message,
                    "_path": w.file,
                }
            )
    return pd.DataFrame(rows, columns=WARNING_COLUMNS)


ACCOUNT_COLUMNS = ["Account", "Number", "Type", "Value", "Cash", "File", "_path"]
WARNING_COLUMNS = ["File", "Line", "Account", "Warning", "_path"]


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
                    "Type": label(ACCOUNT_TYPES, a.type),
                    "Value": total,
                    "Cash": cash,
                    "File": file_name(a.source),
                    "_path": a.source,
                }
            )
            ids.append(a.id)
    return pd.DataFrame(rows, columns=ACCOUNT_COLUMNS), ids
