"""A client's plans and their status: ``draft`` (made, not yet signed off) → ``approved``
(who and when) → ``exported`` (who and when; the archive holds what went out). A new draft
replaces the client's previous draft; approved and exported plans are kept for good.

Also the book's list: one row per client with its snapshot and its latest plan's figures,
read in one query (the app lists hundreds of clients at once)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.book.clients import now
from planner.core.errors import InputError

STATUSES = ("draft", "approved", "exported")
SIZE_BUCKETS = ("mega", "small")


def plan_figures(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What the book's list shows of a plan (``doc`` as ``plan --json`` prints it): mega- and
    small-cap shares before the plan, and the bucket furthest outside its band - ``drift`` is
    |current - target| - band as a fraction of the household (negative: every bucket inside
    its band)."""
    buckets = doc.get("buckets", {})
    worst, worst_by = None, None
    for name, b in buckets.items():
        if not b.get("target") and not b.get("current"):
            continue
        beyond = abs(b["current"] - b["target"]) - b["band"]
        if worst is None or beyond > worst:
            worst, worst_by = beyond, name
    return {
        "household_total": float(doc["household_total"]),
        "trades": len(doc["trades"]),
        "turnover": float(doc["turnover"]),
        "tax_total": float(doc["tax_total"]),
        "mega": buckets["mega"]["current"] if "mega" in buckets else None,
        "small": buckets["small"]["current"] if "small" in buckets else None,
        "drift": round(worst, 6) if worst is not None else None,
        "drift_bucket": worst_by,
    }


@dataclass(frozen=True)
class PlanRecord:
    id: str
    client_id: int
    created: str
    status: str
    approved_by: str | None
    approved_at: str | None
    exported_by: str | None
    exported_at: str | None
    household_total: float
    trades: int


_PLAN = (
    "SELECT id, client_id, created, status, approved_by, approved_at, exported_by, "
    "exported_at, household_total, trades FROM plans"
)


def record_plan(
    conn: sqlite3.Connection,
    client_id: int,
    plan_id: str,
    created: str,
    doc: Mapping[str, Any],
    policy: str,
    status: str = "draft",
    who: str | None = None,
) -> None:
    """Keep a plan of the client as its latest; a draft replaces the client's other drafts."""
    if status not in STATUSES:
        raise ValueError(status)
    f = plan_figures(doc)
    conn.execute(
        "UPDATE clients SET last_plan_id = NULL WHERE id = ? AND last_plan_id IN "
        "(SELECT id FROM plans WHERE client_id = ? AND status = 'draft')",
        (client_id, client_id),
    )
    conn.execute("DELETE FROM plans WHERE client_id = ? AND status = 'draft'", (client_id,))
    exported = (who, created) if status == "exported" else (None, None)
    conn.execute(
        "INSERT INTO plans (id, client_id, created, status, exported_by, exported_at, "
        "household_total, trades, turnover, tax_total, mega, small, drift, drift_bucket, "
        "document, policy) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            plan_id,
            client_id,
            created,
            status,
            *exported,
            f["household_total"],
            f["trades"],
            f["turnover"],
            f["tax_total"],
            f["mega"],
            f["small"],
            f["drift"],
            f["drift_bucket"],
            json.dumps(doc, allow_nan=False),
            policy,
        ),
    )
    conn.execute(
        "UPDATE clients SET last_plan_id = ?, plan_error = NULL WHERE id = ?", (plan_id, client_id)
    )


def record_error(conn: sqlite3.Connection, client_id: int, error: str) -> None:
    """The client could not be planned (bad policy, no holdings): shown in its row."""
    conn.execute("UPDATE clients SET plan_error = ? WHERE id = ?", (error, client_id))


def get_plan(conn: sqlite3.Connection, plan_id: str) -> PlanRecord:
    r = conn.execute(_PLAN + " WHERE id = ?", (plan_id,)).fetchone()
    if r is None:
        raise InputError(plan_id, None, "no plan with this id in the book")
    return PlanRecord(*r)


def plan_document(conn: sqlite3.Connection, plan_id: str) -> dict[str, Any]:
    r = conn.execute("SELECT document FROM plans WHERE id = ?", (plan_id,)).fetchone()
    if r is None:
        raise InputError(plan_id, None, "no plan with this id in the book")
    doc: dict[str, Any] = json.loads(r[0])
    return doc


def plans_of(conn: sqlite3.Connection, client_id: int) -> list[PlanRecord]:
    """The client's plans, newest first."""
    rows = conn.execute(
        _PLAN + " WHERE client_id = ? ORDER BY created DESC, rowid DESC", (client_id,)
    ).fetchall()
    return [PlanRecord(*r) for r in rows]


def latest_plan(conn: sqlite3.Connection, client_id: int) -> PlanRecord | None:
    r = conn.execute(
        _PLAN + " WHERE id = (SELECT last_plan_id FROM clients WHERE id = ?)", (client_id,)
    ).fetchone()
    return PlanRecord(*r) if r else None


def approve(conn: sqlite3.Connection, plan_id: str, who: str) -> None:
    """draft → approved; an approved or exported plan stays as it is."""
    p = get_plan(conn, plan_id)
    if p.status != "draft":
        raise InputError(plan_id, None, f"this plan is {p.status} already")
    conn.execute(
        "UPDATE plans SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?",
        (who, now(), plan_id),
    )


def mark_exported(conn: sqlite3.Connection, plan_id: str, who: str) -> None:
    """draft or approved → exported (who and when); exporting again keeps the first time."""
    conn.execute(
        "UPDATE plans SET status = 'exported', exported_by = coalesce(exported_by, ?), "
        "exported_at = coalesce(exported_at, ?) WHERE id = ?",
        (who, now(), plan_id),
    )


# --- the book's list ----------------------------------------------------------------------
@dataclass(frozen=True)
class ClientRow:
    """One client in the book's list. Money in dollars, shares and drift fractions."""

    id: int
    name: str
    notes: str
    total: float
    cash: float
    holdings_as_of: date | None
    holdings_updated: str | None
    policy_updated: str | None
    accounts: int
    plan_id: str | None
    plan_created: str | None
    plan_status: str | None
    mega: float | None
    small: float | None
    drift: float | None
    drift_bucket: str | None
    trades: int | None
    error: str | None
    archived: str | None


_LIST = """
SELECT c.id, c.name, c.notes, c.total, c.cash, c.holdings_as_of, c.holdings_updated,
       c.policy_updated,
       (SELECT count(*) FROM accounts a WHERE a.client_id = c.id),
       p.id, p.created, p.status, p.mega, p.small, p.drift, p.drift_bucket, p.trades,
       c.plan_error, c.archived
FROM clients c LEFT JOIN plans p ON p.id = c.last_plan_id
"""


def client_rows(conn: sqlite3.Connection, archived: bool = False) -> list[ClientRow]:
    """Every client (``archived``: also the archived ones), by name."""
    where = "" if archived else " WHERE c.archived IS NULL"
    rows = conn.execute(_LIST + where + " ORDER BY c.name COLLATE NOCASE, c.id").fetchall()
    return [
        ClientRow(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]) if r[5] else None, *r[6:])
        for r in rows
    ]


def client_row(conn: sqlite3.Connection, client_id: int) -> ClientRow:
    r = conn.execute(_LIST + " WHERE c.id = ?", (client_id,)).fetchone()
    if r is None:
        raise InputError(str(client_id), None, "no such client in the book")
    return ClientRow(
        r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]) if r[5] else None, *r[6:]
    )
