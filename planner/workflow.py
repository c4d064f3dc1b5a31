"""The steps from files to a plan, shared by the command line and the app (neither holds
business logic): import the household, classify its securities, read the regime, read the
policy, solve. Everything here is adapters calling the core; nothing here touches Qt.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import secrets
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from planner import __version__
from planner.book import Book
from planner.brokers import load_household, load_mapping, merge_files, read_file
from planner.core.buckets import describe_bucket, describe_scheme
from planner.core.classify import Reference, classify
from planner.core.errors import InputError
from planner.core.exposure import Exposure, compute_exposure
from planner.core.facts import security_facts
from planner.core.holdings import AccountType, Household
from planner.core.plan import Plan, make_plan
from planner.core.policy import MODES, Policy
from planner.core.policy_file import parse_policy
from planner.core.progress import Progress
from planner.core.quality import QualityVerdict
from planner.core.regime import Regime, with_previous_label
from planner.market.quality_store import verdicts_for
from planner.market.regime_inputs import load_regime
from planner.market.securities import load_reference, with_policy
from planner.reports.archive import previous_label
from planner.reports.plan_json import plan_json
from planner.reports.regime_json import regime_json
from planner.resources import resource
from planner.storage import load_settings


def demo_policy_path() -> Path:
    return resource("demo/policy.toml")


def read_policy(path: str | Path | None) -> Policy:
    """The policy in ``path`` (TOML), or the documented defaults when there is none."""
    if path is None:
        return Policy()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), None, "policy file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "policy file is not UTF-8 text") from None
    except OSError as err:
        raise InputError(str(path), None, f"cannot read the policy file: {err.strerror}") from None
    return parse_policy(text, str(path))


def with_mode(policy: Policy, mode: str | None) -> Policy:
    if mode is None:
        return policy
    if mode not in MODES:
        raise InputError("--mode", None, f"unknown mode {mode!r}; modes: {list(MODES)}")
    return policy.with_mode(mode)  # type: ignore[arg-type]


@dataclass
class PlanRun:
    """Everything one plan was made from, and the plan."""

    household: Household
    reference: Reference
    exposure: Exposure
    regime: Regime | None
    policy: Policy
    plan: Plan
    quality: dict[str, QualityVerdict] = field(default_factory=dict)  # symbol -> verdict


def import_household(files: Sequence[str], mapping: str | None = None) -> Household:
    settings = load_settings()
    columns = load_mapping(mapping) if mapping else None
    return load_household(list(files), columns, settings.max_file_bytes)


def import_files(
    files: Sequence[str], mapping: str | None = None
) -> tuple[Household | None, list[str], list[str]]:
    """Each file read once: the household of those that import (None if none does), their
    paths, and one sentence per file that does not - a bad file never stops the rest (a lots
    file whose lots match no imported position is one)."""
    settings = load_settings()
    columns = load_mapping(mapping) if mapping else None
    parts, good, problems = [], [], []
    for f in files:
        try:
            parts.append(read_file(f, columns, settings.max_file_bytes))
            good.append(f)
        except InputError as err:
            problems.append(str(err))
    while parts:
        try:
            return merge_files(parts), good, problems
        except InputError as err:  # a lots file no imported position can take
            bad = next((i for i, p in enumerate(parts) if p.files[0].path == err.file), None)
            if bad is None:
                raise
            problems.append(str(err))
            del parts[bad], good[bad]
    return None, good, problems


def plan_household(
    household: Household,
    policy: Policy,
    data_dir: str | None = None,
    progress: Progress | None = None,
    reference: Reference | None = None,
    regime: Regime | None = None,
    scenarios: bool = True,
    today: date | None = None,
    method: str = "auto",
    account_types: Mapping[str, AccountType] | None = None,
    client_id: int | None = None,
) -> PlanRun:
    """Classify, read the regime (``data_dir`` or the cache/snapshot), solve, explain - as of
    ``today`` (the plan date: lots' terms, the wash-sale window). ``account_types``: a book
    client's own account types, which win over the firm-wide overrides.

    The regime's label keeps the one the household's last exported plan acted on until the
    composite moves past the hysteresis margin: that label is read from the archive (the book
    client ``client_id``'s last plan; else the last plan of exactly these accounts)."""
    if progress is not None:
        progress(0.05, "classifying securities")
    ref = with_policy(reference if reference is not None else load_reference(), policy.buckets)
    if ref.overrides.account_types:  # the advisor's corrections of account types
        household = household.with_account_types(ref.overrides.account_types)
    if account_types:
        household = household.with_account_types(account_types)
    when = today or date.today()
    held = {r.symbol for r in household.records()}
    verdicts, _unread = verdicts_for(held | set(policy.vehicle_symbols()), when)
    exposure = compute_exposure(household, ref, verdicts)
    previous = previous_label(household, client_id)
    if regime is None:
        if progress is not None:
            progress(0.15, "reading the market regime")
        regime = load_regime(Path(data_dir) if data_dir else None, previous_label=previous)
    elif previous is not None and previous != regime.previous_label:
        regime = with_previous_label(regime, previous)
    facts = security_facts(household, ref, policy.vehicle_symbols(), verdicts)

    def step(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.2 + 0.8 * fraction, message)

    scheme = ref.size_scheme

    def describe(bucket: str) -> str:
        return describe_bucket(scheme, bucket)

    plan = make_plan(
        household,
        facts,
        policy,
        regime.view() if regime else None,
        step,
        scenarios=scenarios,
        method=method,
        as_of=when,
        lots=household.lots_by_position(),
        describe=describe,
    )
    return PlanRun(household, ref, exposure, regime, policy, plan, verdicts)


def _positions_before_after(run: PlanRun) -> list[dict[str, object]]:
    """Each position with its value before and after the plan; what the plan buys new is a row
    of its own."""
    change: dict[tuple[str, str], float] = {}
    for t in run.plan.trades:
        key = (t.account_id, t.symbol)
        change[key] = change.get(key, 0.0) + (t.value if t.side == "buy" else -t.value)
    rows: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    for p in run.exposure.positions:
        key = (p.account_id, p.symbol)
        after = p.market_value + (change.get(key, 0.0) if key not in seen else 0.0)
        seen.add(key)
        c = p.classification
        rows.append(
            {
                "account_id": p.account_id,
                "symbol": p.symbol,
                "description": p.description,
                "market_value": p.market_value,
                "after": round(after, 2),
                "mix": dict(c.mix),
                "source": c.source,
                "as_of": c.as_of.isoformat() if c.as_of else None,
            }
        )
    for (account_id, symbol), delta in sorted(change.items()):
        if (account_id, symbol) not in seen:
            c = classify(symbol, "", "etf", run.reference)
            rows.append(
                {
                    "account_id": account_id,
                    "symbol": symbol,
                    "description": c.name,
                    "market_value": 0.0,
                    "after": round(delta, 2),
                    "mix": dict(c.mix),
                    "source": c.source,
                    "as_of": c.as_of.isoformat() if c.as_of else None,
                }
            )
    return rows


def plan_id_of(doc: dict[str, object], created: datetime) -> str:
    """A plan's id: when it was made, a fingerprint of what it recommends (``doc`` as
    ``plan --json`` prints it), and a random part - two plans of one household made in the same
    second (20 parallel runs) still get two ids."""
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    return f"{created:%Y%m%d-%H%M%S}-{digest[:8]}-{secrets.token_hex(3)}"


def plan_id_for(run: PlanRun, created: datetime) -> str:
    return plan_id_of(plan_json(run.plan), created)


def export_plan(
    run: PlanRun,
    xlsx: str | Path | None = None,
    blotter: str | Path | None = None,
    mask_accounts: bool = True,
    created: datetime | None = None,
    client_id: int | None = None,
    plan_id: str | None = None,
    book: Book | None = None,
    client: str = "",
) -> list[Path]:
    """Write the workbook and/or the blotter and keep the plan in the archive, as one
    transaction (:mod:`planner.reports.outputs`): every output goes to a temporary file first,
    all are moved into place only when every one was written, then the archive entry is made;
    any failure leaves every previous file as it was and names the target that failed. Files
    are created 0600. ``client_id``: the plan is also the book client's, marked exported
    (``plan_id`` its id there, when it has one). ``client`` is the household's name for the
    workbook's pages ("" leaves it out). Returns the paths written."""
    from planner.reports.archive import archive_plan, is_archived
    from planner.reports.blotter import blotter_text
    from planner.reports.outputs import Output, write_together
    from planner.reports.workbook import WorkbookContext, workbook_bytes

    created = created or datetime.now()
    if plan_id is not None and is_archived(plan_id, book):
        plan_id = None  # exported before: this export is an archive entry of its own
    plan_id = plan_id or plan_id_for(run, created)
    outputs: list[Output] = []
    if xlsx is not None:
        signals = regime_json(run.regime)["signals"] if run.regime is not None else []
        scheme = run.reference.size_scheme
        sources = [
            f"Security master: {run.reference.origin} (resources/securities.csv, "
            "resources/funds.csv, resources/fund_profiles.csv; docs/data.md)",
            describe_scheme(scheme),
            f"Funds counted by {run.reference.fund_view}",
            f"Regime: {run.regime.source}" if run.regime is not None else "Regime: none",
        ]
        thresholds = scheme.breakpoints
        ctx = WorkbookContext(
            plan_id=plan_id,
            created=created,
            app_version=__version__,
            author=load_settings().author,
            regime_signals=signals,
            positions=_positions_before_after(run),
            thresholds={
                "mega": thresholds.mega,
                "large": thresholds.large,
                "mid": thresholds.mid,
                "small": thresholds.small,
            },
            data_sources=sources,
            mask_accounts=mask_accounts,
            client=client,
            scheme=scheme,
            fund_view=run.reference.fund_view,
        )
        data = workbook_bytes(run.plan, run.household, ctx)
        outputs.append(Output(Path(xlsx), data, "the workbook"))
    if blotter is not None:
        outputs.append(Output(Path(blotter), blotter_text(run.plan).encode(), "the blotter"))
    if not outputs:
        return []

    def commit() -> None:
        archive_plan(
            run.plan,
            run.household,
            plan_id,
            created.isoformat(timespec="seconds"),
            [str(o.path) for o in outputs],
            client_id,
            book,
        )

    return write_together(outputs, commit)


@dataclass(frozen=True)
class BookEntry:
    """One household of a book: its folder, and its plan or the reason there is none."""

    name: str
    plan: Plan | None
    error: str | None


@lru_cache(maxsize=1)
def _book_inputs(data_dir: str | None) -> tuple[Reference, Regime | None]:
    """The security master and the regime, read once per worker process for a whole book."""
    return load_reference(), load_regime(Path(data_dir) if data_dir else None)


def _plan_folder(args: tuple[str, str | None, str | None, str | None]) -> BookEntry:
    folder, policy_path, data_dir, mode = args
    name = Path(folder).name
    try:
        files = sorted(str(p) for p in Path(folder).iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise InputError(folder, None, "no .csv positions exports in this folder")
        own_policy = Path(folder) / "policy.toml"
        path = policy_path or (str(own_policy) if own_policy.exists() else None)
        policy = with_mode(read_policy(path), mode)
        ref, regime = _book_inputs(data_dir)
        run = plan_household(import_household(files), policy, data_dir, None, ref, regime)
        return BookEntry(name, run.plan, None)
    except InputError as err:
        return BookEntry(name, None, str(err))


def household_folders(root: str | Path) -> list[Path]:
    """The sub-folders of ``root`` that hold a household (one or more CSV files)."""
    return sorted(p for p in Path(root).iterdir() if p.is_dir() and any(p.glob("*.csv")))


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Processes for planning households side by side, each started afresh ("spawn"). Never
    forked: HiGHS keeps a pool of solver threads per process, and a child forked from a process
    that has solved once inherits that pool without its threads - its first solve then waits
    for them for ever (seen as a book re-plan that never finished)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent,
    )


def _exit_with_parent() -> None:
    """In a worker: end this process when the one that started it ends, however it ends (a
    window closed during a book re-plan, a kill) - else the worker waits for work for ever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def plan_book(
    root: str | Path,
    policy_path: str | None = None,
    data_dir: str | None = None,
    mode: str | None = None,
    workers: int | None = None,
) -> list[BookEntry]:
    """A plan per household folder under ``root``, in parallel across the machine's cores.
    A folder's own ``policy.toml`` applies unless ``policy_path`` is given."""
    folders = household_folders(root)
    jobs = [(str(f), policy_path, data_dir, mode) for f in folders]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 2:
        return [_plan_folder(j) for j in jobs]
    with worker_pool(min(workers, len(jobs))) as pool:
        return list(pool.map(_plan_folder, jobs, chunksize=max(1, len(jobs) // (4 * workers))))
