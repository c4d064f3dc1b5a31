"""The archive of exported plans, kept in the book: every export's plan, policy and inputs
(each file's SHA-256 and date, where the outputs went), so an advisor can show later what was
recommended and why. The archive folders older versions wrote (``archive/<plan id>/`` in the
user data folder) are copied in, entry by entry, and left where they are; a damaged entry is
reported and skipped, never fatal."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.core.errors import InputError
from planner.core.regime import LABELS

#: A plan id is a folder name on every system and a word on the command line.
MAX_ID_BYTES = 255
_FORBIDDEN = frozenset('/\\:*?"<>|') | {chr(c) for c in range(32)}


@dataclass(frozen=True)
class ArchiveEntry:
    plan_id: str
    created: str
    household_total: float
    trades: int
    files: tuple[str, ...]
    client: str | None = None


def check_plan_id(plan_id: str) -> str:
    """``plan_id`` if it can be an archive id; an :class:`InputError` saying why not."""
    if len(plan_id.encode("utf-8", errors="replace")) > MAX_ID_BYTES:
        raise InputError(
            plan_id[:40] + "…",
            None,
            f"an archive id is at most {MAX_ID_BYTES} bytes; this is not one (see: archive list)",
        )
    if not plan_id or plan_id in (".", "..") or any(c in _FORBIDDEN for c in plan_id):
        raise InputError(
            repr(plan_id),
            None,
            "an archive id has no path or control characters; this is not one (see: archive list)",
        )
    return plan_id


def add_entry(
    conn: sqlite3.Connection,
    plan_id: str,
    created: str,
    inputs: Mapping[str, Any],
    plan: Mapping[str, Any],
    policy: str,
    client_id: int | None = None,
    origin: str = "export",
) -> None:
    """One archive entry; an id already there is an error (ids are unique by construction)."""
    check_plan_id(plan_id)
    files = [str(f["name"]) for f in inputs["files"]]
    conn.execute(
        "INSERT INTO archive VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            plan_id,
            client_id,
            created,
            float(plan["household_total"]),
            len(plan["trades"]),
            json.dumps(files),
            json.dumps(inputs, allow_nan=False),
            json.dumps(plan, allow_nan=False),
            policy,
            origin,
        ),
    )


def entries(conn: sqlite3.Connection) -> tuple[list[ArchiveEntry], list[str]]:
    """Every entry, oldest first, and one sentence per entry too damaged to list."""
    out, problems = [], []
    rows = conn.execute(
        "SELECT a.plan_id, a.created, a.household_total, a.trades, a.files, c.name "
        "FROM archive a LEFT JOIN clients c ON c.id = a.client_id ORDER BY a.created, a.plan_id"
    ).fetchall()
    for plan_id, created, total, trades, files, client in rows:
        try:
            names = json.loads(files)
            if not isinstance(names, list):
                raise ValueError("files is not a list")
            out.append(
                ArchiveEntry(
                    str(plan_id),
                    str(created),
                    float(total),
                    int(trades),
                    tuple(str(n) for n in names),
                    client,
                )
            )
        except (ValueError, TypeError) as err:
            problems.append(f"archive entry {plan_id}: damaged ({err}); skipped")
    return out, problems


def entry(conn: sqlite3.Connection, plan_id: str) -> dict[str, Any]:
    """One entry as ``archive show --json`` prints it: inputs, plan, policy."""
    check_plan_id(plan_id)
    r = conn.execute(
        "SELECT inputs, plan, policy FROM archive WHERE plan_id = ?", (plan_id,)
    ).fetchone()
    if r is None:
        raise InputError(plan_id, None, "no archived plan with this id (see: archive list)")
    try:
        return {"inputs": json.loads(r[0]), "plan": json.loads(r[1]), "policy": str(r[2])}
    except ValueError as err:
        raise InputError(plan_id, None, f"this archive entry is damaged ({err})") from None


#: Archive entries of households outside the book searched for a household's last label.
LABEL_SEARCH = 500


def last_label(
    conn: sqlite3.Connection, client_id: int | None, account_ids: Collection[str]
) -> str | None:
    """The regime label of the household's last exported plan - the label its advice last
    acted on, where the regime's hysteresis starts from: the book client's latest archive
    entry, or, for a household outside the book, the latest entry with exactly its accounts.
    None when there is none (or it had no regime)."""
    if client_id is not None:
        rows = conn.execute(
            "SELECT plan FROM archive WHERE client_id = ? ORDER BY created DESC, "
            "plan_id DESC LIMIT 1",
            (client_id,),
        )
    else:
        rows = conn.execute(
            "SELECT plan FROM archive WHERE client_id IS NULL ORDER BY created "
            "DESC, plan_id DESC LIMIT ?",
            (LABEL_SEARCH,),
        )
    wanted = set(account_ids)
    for (text,) in rows:
        try:
            plan = json.loads(text)
            accounts = {str(a["id"]) for a in plan["accounts"]}
            label = plan["regime"]["label"]
        except (ValueError, KeyError, TypeError):
            continue  # a damaged entry says nothing
        if client_id is None and accounts != wanted:
            continue
        return label if label in LABELS else None  # "none": that plan had no regime
    return None


def archived_ids(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT plan_id FROM archive")}


def _read_folder(folder: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    """An archive folder's three files, checked enough to list and show the entry."""
    try:
        inputs = json.loads((folder / "inputs.json").read_text(encoding="utf-8"))
        plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        policy = (folder / "policy.toml").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise ValueError(f"{Path(err.filename or '').name} is missing") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"cannot read it: {err}") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON: {err}") from None
    if not isinstance(inputs, dict) or not isinstance(inputs.get("created"), str):
        raise ValueError("inputs.json has no 'created' date")
    files = inputs.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) and "name" in f for f in files):
        raise ValueError("inputs.json has no list of files")
    if not isinstance(plan, dict) or not isinstance(plan.get("trades"), list):
        raise ValueError("plan.json has no trades")
    total = plan.get("household_total")
    if isinstance(total, bool) or not isinstance(total, int | float) or total != total:
        raise ValueError("plan.json has no household value")
    return inputs, plan, policy


def migrate_folders(conn: sqlite3.Connection, root: Path) -> tuple[int, list[str]]:
    """Copy every archive folder under ``root`` not yet in the book into it (the caller's
    transaction); the number copied and one sentence per folder skipped."""
    if not root.is_dir():
        return 0, []
    known = archived_ids(conn)
    copied, problems = 0, []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in known):
        try:
            check_plan_id(folder.name)
            inputs, plan, policy = _read_folder(folder)
        except (ValueError, InputError) as err:
            problems.append(f"{folder}: damaged archive entry ({err}); skipped, left as it is")
            continue
        add_entry(conn, folder.name, inputs["created"], inputs, plan, policy, origin="folder")
        copied += 1
    return copied, problems
