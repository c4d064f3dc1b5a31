"""The book's steps, shared by the command line and the app: import files into a client,
plan a client from its snapshot and its own policy, export a client's plan (the whole book
re-planned on every core: :mod:`planner.book_replan`). Adapters calling the core, like
:mod:`planner.workflow`; nothing here touches Qt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from planner.book import Book
from planner.book.clients import (
    Client,
    account_types,
    get_client,
    load_household,
    store_snapshot,
    stored_files,
)
from planner.book.plans import latest_plan, plan_document, record_plan
from planner.brokers import load_mapping, merge_files, read_source
from planner.brokers.mapping import Mappings
from planner.brokers.source import Source
from planner.core.classify import Reference
from planner.core.errors import InputError
from planner.core.holdings import Household, normalize_positions
from planner.core.lots import attach_lots
from planner.core.policy import Policy
from planner.core.policy_file import parse_policy, policy_to_toml
from planner.core.progress import Progress
from planner.core.regime import Regime
from planner.reports.plan_json import plan_json
from planner.storage import load_settings, read_input_bytes
from planner.workflow import (
    PlanRun,
    export_plan,
    plan_household,
    plan_id_of,
)


def client_policy(client: Client) -> Policy:
    """The client's own policy, or the documented defaults when it has none yet."""
    if client.policy is None:
        return Policy()
    return parse_policy(client.policy, f"policy of {client.name}")


# --- imports ------------------------------------------------------------------------------
@dataclass
class Imported:
    """What an import into a client did: the client's household after it (None: nothing
    imported yet), the files added, the files it already had, one sentence per bad file."""

    household: Household | None
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def replace_accounts(old: Household, new: Household) -> Household:
    """``old`` with every account ``new`` brings replaced by ``new``'s (a fresh download of an
    account replaces the previous one), and ``new``'s other accounts added. An old file none of
    whose accounts is left drops out of the household."""
    new_ids = {a.id for a in new.accounts}
    accounts = {a.id: a for a in old.accounts} | {a.id: a for a in new.accounts}
    order = list(dict.fromkeys([a.id for a in old.accounts] + [a.id for a in new.accounts]))
    kept = old.positions[~old.positions["account_id"].isin(new_ids)]
    frames = [f for f in (kept, new.positions) if len(f)]
    positions = pd.concat(frames, ignore_index=True) if frames else new.positions
    rank = {a: i for i, a in enumerate(order)}
    positions = positions.iloc[positions["account_id"].map(rank).argsort(kind="stable")]
    old_lots = tuple(lot for lot in old.lots if lot.account_id not in new_ids)
    sources = {a.source for a in old.accounts if a.id not in new_ids}
    sources |= {lot.source_file for lot in old_lots}  # a lots file stays while its lots do
    files = tuple(f for f in old.files if f.path in sources) + new.files
    paths = {f.path for f in files}
    warnings = tuple(w for w in old.warnings if w.file in paths and w.account_id not in new_ids)
    lots = old_lots + new.lots
    return Household(
        files,
        tuple(accounts[a] for a in order),
        normalize_positions(positions),
        warnings + new.warnings,
        lots,
    )


def combine(old: Household, parts: list[Household], problems: list[str]) -> Household:
    """``old`` with ``parts`` brought in (:func:`replace_accounts`) and every lot attached to
    its position - the client's positions, old and new, can take a lots file's lots. A part
    with a lot no position can take is left out whole, its problem in ``problems``."""
    while parts:
        household = replace_accounts(old, merge_files(parts, attach=False))
        try:
            attached = attach_lots(household)
        except InputError as err:
            bad = [p for p in parts if p.files[0].path == err.file]
            if not bad:
                raise
            parts.remove(bad[0])
            problems.append(str(err))
            continue
        # a lot warning made again for a position it was made for before is said once
        return replace(attached, warnings=tuple(dict.fromkeys(attached.warnings)))
    return old


def import_into_client(
    book: Book, client_id: int, files: Sequence[str], mapping: str | None = None
) -> Imported:
    """Read each file once and bring it into the client: the file's bytes and fingerprint
    kept, the snapshot replaced - read and written in one transaction, so two imports into one
    client at once never lose either. A bad file never stops the rest; a file the client
    already has (same SHA-256) is left as it is."""
    settings = load_settings()
    columns: Mappings | None = load_mapping(mapping) if mapping else None
    problems: list[str] = []
    read: list[tuple[str, Household, bytes]] = []
    for name in dict.fromkeys(files):
        try:
            data = read_input_bytes(name)
            part = read_source(Source.from_bytes(data, name, settings.max_file_bytes), columns)
        except InputError as err:
            problems.append(str(err))
            continue
        read.append((name, part, data))
    with book.write() as conn:
        have = {f.sha256 for f in stored_files(conn, client_id)}
        old = load_household(conn, client_id, overrides=False)
        result = Imported(old if old.accounts else None, problems=problems)
        parts, contents = [], {}
        for name, part, data in read:
            sha = part.files[0].sha256
            if sha in have:
                result.already.append(name)
                continue
            if sha in contents:  # the same content twice in one import: merged with a warning
                parts.append(part)
                result.already.append(name)
                continue
            parts.append(part)
            contents[sha] = data
            result.added.append(name)
        if parts:
            household = combine(old, parts, problems)
            kept = {p.files[0].sha256 for p in parts}
            result.added = [
                n for n, p, _ in read if p.files[0].sha256 in kept and n in result.added
            ]
            contents = {sha: data for sha, data in contents.items() if sha in kept}
        if parts:
            current = [f.sha256 for f in household.files]
            store_snapshot(conn, client_id, household, contents, current)
            result.household = household
    return result


# --- plans --------------------------------------------------------------------------------
def client_inputs(book: Book, client_id: int) -> tuple[Client, Household, dict[str, Any]]:
    """The client, its snapshot and its own account types, read in one consistent view."""
    with book.read() as conn:
        conn.execute("BEGIN")
        client = get_client(conn, client_id)
        household = load_household(conn, client_id, overrides=False)
        types = account_types(conn, client_id)
        conn.execute("COMMIT")
    return client, household, types


def plan_client(
    book: Book,
    client_id: int,
    data_dir: str | None = None,
    progress: Progress | None = None,
    reference: Reference | None = None,
    regime: Regime | None = None,
    scenarios: bool = True,
    policy: Policy | None = None,
    method: str = "auto",
) -> PlanRun:
    """The client planned from its snapshot under its own policy (or ``policy``)."""
    client, household, types = client_inputs(book, client_id)
    if not household.accounts:
        raise InputError(client.name, None, "no holdings imported for this client yet")
    policy = policy if policy is not None else client_policy(client)
    return plan_household(
        household,
        policy,
        data_dir,
        progress,
        reference,
        regime,
        scenarios,
        method=method,
        account_types=types,
        client_id=client_id,
    )


def record_run(book: Book, client_id: int, run: PlanRun, created: datetime | None = None) -> str:
    """Keep ``run``'s plan as the client's draft; its id."""
    created = created or datetime.now()
    doc = plan_json(run.plan)
    plan_id = plan_id_of(doc, created)
    with book.write() as conn:
        record_plan(
            conn,
            client_id,
            plan_id,
            created.isoformat(timespec="seconds"),
            doc,
            policy_to_toml(run.policy),
        )
    return plan_id


# --- export -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClientExport:
    written: list[Path]
    plan_id: str
    notice: str | None  # said when the plan exported is not the client's latest


def export_client(
    book: Book,
    client_id: int,
    xlsx: str | None = None,
    blotter: str | None = None,
    mask_accounts: bool = True,
    data_dir: str | None = None,
) -> ClientExport:
    """The client planned again from its snapshot and policy and exported (workbook, blotter,
    archive as one transaction). When the trades are those of the client's latest plan, that
    plan is the one marked exported; otherwise the fresh plan is kept and the notice says so."""
    run = plan_client(book, client_id, data_dir)
    doc = plan_json(run.plan)
    with book.read() as conn:
        latest = latest_plan(conn, client_id)
        name = get_client(conn, client_id).name
        same = latest is not None and plan_document(conn, latest.id)["trades"] == doc["trades"]
    notice = None
    if latest is not None and not same:
        notice = (
            f"the client's latest plan ({latest.id}, {latest.status}) no longer matches "
            "its holdings, policy and today's regime; exported a fresh plan"
        )
    plan_id = latest.id if (same and latest is not None) else None
    written = export_plan(
        run,
        xlsx,
        blotter,
        mask_accounts,
        client_id=client_id,
        plan_id=plan_id,
        book=book,
        client=name,
    )
    with book.read() as conn:
        final = latest_plan(conn, client_id)
    return ClientExport(written, final.id if final else "", notice)
