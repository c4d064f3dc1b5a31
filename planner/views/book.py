"""The book's list of clients, as the Book tab and ``book list`` show it: value, mega- and
small-cap shares, the bucket furthest outside its band, cash, stale data, the last plan and
its status. Qt-free: a DataFrame and plain values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from planner.book.plans import ClientRow
from planner.core.plan import BUCKET_NAMES
from planner.core.plan_warnings import stale_days

BOOK_COLUMNS = [
    "Client",
    "Value",
    "Mega-caps",
    "Small-caps",
    "Beyond band",
    "Bucket",
    "Cash",
    "Holdings as of",
    "Stale",
    "Last plan",
    "Status",
]
BOOK_KINDS = {
    "Value": "money",
    "Cash": "money",
    "Mega-caps": "pct",
    "Small-caps": "pct",
    "Beyond band": "pct",
}


def stale_reasons(row: ClientRow, today: date) -> list[str]:
    """Why the client's figures may not be today's: old or undated holdings, a plan older than
    the holdings or the policy it should follow."""
    out = []
    if row.accounts == 0:
        return ["no holdings imported"]
    if row.holdings_as_of is None:
        out.append("holdings undated")
    elif (age := stale_days(row.holdings_as_of, today)) is not None:
        out.append(f"holdings {age} days old")
    if row.plan_created is not None:
        if row.holdings_updated and row.holdings_updated > row.plan_created:
            out.append("holdings newer than the plan")
        if row.policy_updated and row.policy_updated > row.plan_created:
            out.append("policy changed since the plan")
    return out


def status_text(row: ClientRow) -> str:
    if row.error:
        return f"no plan: {row.error}"
    return row.plan_status or "not planned"


def row_record(row: ClientRow, today: date) -> dict[str, Any]:
    """One client as ``book list --json`` prints it."""
    return {
        "id": row.id,
        "name": row.name,
        "notes": row.notes,
        "total": row.total,
        "cash": row.cash,
        "accounts": row.accounts,
        "holdings_as_of": row.holdings_as_of.isoformat() if row.holdings_as_of else None,
        "stale": stale_reasons(row, today),
        "mega": row.mega,
        "small": row.small,
        "beyond_band": row.drift,
        "beyond_band_bucket": row.drift_bucket,
        "last_plan": (
            {
                "id": row.plan_id,
                "created": row.plan_created,
                "status": row.plan_status,
                "trades": row.trades,
            }
            if row.plan_id
            else None
        ),
        "error": row.error,
        "archived": row.archived,
    }


def book_frame(rows: Sequence[ClientRow], today: date) -> tuple[pd.DataFrame, list[int]]:
    """The list as a table (``_flag``: outside a band or stale; ``_tip`` the reasons) and the
    client id of each row."""
    records = []
    for r in rows:
        stale = stale_reasons(r, today)
        outside = r.drift is not None and r.drift > 0
        tip = (
            [f"{BUCKET_NAMES.get(r.drift_bucket, r.drift_bucket)} outside its band"]
            if (outside and r.drift_bucket)
            else []
        )
        records.append(
            {
                "Client": r.name + (" (archived)" if r.archived else ""),
                "Value": r.total,
                "Mega-caps": r.mega,
                "Small-caps": r.small,
                "Beyond band": r.drift,
                "Bucket": BUCKET_NAMES.get(r.drift_bucket, r.drift_bucket)
                if r.drift_bucket
                else "",
                "Cash": r.cash,
                "Holdings as of": r.holdings_as_of.isoformat() if r.holdings_as_of else "",
                "Stale": "; ".join(stale),
                "Last plan": (r.plan_created or "").replace("T", " ")[:16],
                "Status": status_text(r),
                "_flag": outside or bool(stale),
                "_tip": "; ".join(tip + stale + ([r.notes] if r.notes else [])),
            }
        )
    frame = pd.DataFrame(records, columns=[*BOOK_COLUMNS, "_flag", "_tip"])
    for col in BOOK_KINDS:
        frame[col] = frame[col].astype("float64")
    return frame, [r.id for r in rows]
