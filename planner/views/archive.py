"""The Export tab's archive of plans exported earlier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from planner.core.privacy import mask_account
from planner.reports.archive import ArchiveEntry

ARCHIVE_COLUMNS = ["Plan", "Created", "Client", "Value", "Trades", "Files"]
ENTRY_COLUMNS = ["Step", "Account", "Action", "Symbol", "Shares", "Price", "Value", "Tax", "Why"]
ENTRY_KINDS = {"Price": "money", "Value": "money", "Tax": "money", "Shares": "shares"}


def archive_frame(entries: Sequence[ArchiveEntry]) -> pd.DataFrame:
    rows = [
        {
            "Plan": e.plan_id,
            "Created": e.created,
            "Client": e.client or "",
            "Value": e.household_total,
            "Trades": e.trades,
            "Files": ", ".join(e.files),
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=ARCHIVE_COLUMNS)


def entry_summary(plan_id: str, doc: Mapping[str, Any]) -> str:
    """What an archive entry holds, in words: when, what the household was worth, under which
    regime, from which files (names and dates, never this machine's folders), written where."""
    inputs, plan = doc["inputs"], doc["plan"]
    regime = plan.get("regime") or {}
    files = "; ".join(
        f"{f['name']} ({f.get('as_of') or 'undated'}, SHA-256 {str(f.get('sha256', ''))[:12]}…)"
        for f in inputs.get("files", [])
    )
    out = ", ".join(Path(p).name for p in inputs.get("exported", []))
    return "\n".join(
        [
            f"Plan {plan_id}, made {inputs.get('created', '')}: "
            f"{len(plan['trades'])} trade(s) on a household of ${plan['household_total']:,.2f}, "
            f"estimated tax ${plan.get('tax_total', 0.0):,.2f}.",
            f"Regime: {regime.get('label') or 'none'}, as of "
            f"{regime.get('as_of') or 'unknown'}; tilt {100 * regime.get('tilt', 0.0):+.1f} pts.",
            f"From: {files or 'no files recorded'}.",
            f"Exported as: {out or 'nothing recorded'}.",
        ]
    )


def entry_trades(doc: Mapping[str, Any]) -> pd.DataFrame:
    """The archived plan's trades as they were recommended, in the order to place them."""
    rows = [
        {
            "Step": t.get("step", 0),
            "Account": mask_account(str(t["account_id"])),
            "Action": "Buy" if t["side"] == "buy" else "Sell",
            "Symbol": t["symbol"],
            "Shares": t["shares"],
            "Price": t["price"],
            "Value": t["value"],
            "Tax": t.get("tax", 0.0),
            "Why": t.get("explanation", ""),
        }
        for t in sorted(doc["plan"]["trades"], key=lambda t: t.get("step", 0))
    ]
    return pd.DataFrame(rows, columns=ENTRY_COLUMNS)
