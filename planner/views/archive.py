"""The Export tab's archive of plans exported earlier."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from planner.reports.archive import ArchiveEntry

ARCHIVE_COLUMNS = ["Plan", "Created", "Value", "Trades", "Files"]


def archive_frame(entries: Sequence[ArchiveEntry]) -> pd.DataFrame:
    rows = [
        {
            "Plan": e.plan_id,
            "Created": e.created,
            "Value": e.household_total,
            "Trades": e.trades,
            "Files": ", ".join(e.files),
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=ARCHIVE_COLUMNS)
