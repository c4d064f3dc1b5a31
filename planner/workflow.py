"""The steps from files to a plan, shared by the command line and the app (neither holds
business logic): import the household, classify its securities, read the regime, read the
policy, solve. Everything here is adapters calling the core; nothing here touches Qt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from planner.brokers import load_household, load_mapping
from planner.core.classify import Reference
from planner.core.errors import InputError
from planner.core.exposure import Exposure, compute_exposure, security_facts
from planner.core.holdings import Household
from planner.core.plan import Plan, make_plan
from planner.core.policy import MODES, Policy, parse_policy
from planner.core.regime import Regime
from planner.market.regime_inputs import load_regime
from planner.market.securities import load_reference
from planner.resources import resource
from planner.storage import load_settings

Progress = Callable[[float, str], None]


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
    return replace(policy, trading=replace(policy.trading, mode=mode))  # type: ignore[arg-type]


@dataclass
class PlanRun:
    """Everything one plan was made from, and the plan."""

    household: Household
    reference: Reference
    exposure: Exposure
    regime: Regime | None
    policy: Policy
    plan: Plan


def import_household(files: Sequence[str], mapping: str | None = None) -> Household:
    settings = load_settings()
    columns = load_mapping(mapping) if mapping else None
    return load_household(list(files), columns, settings.max_file_bytes)


def plan_household(
    household: Household,
    policy: Policy,
    data_dir: str | None = None,
    progress: Progress | None = None,
    reference: Reference | None = None,
    regime: Regime | None = None,
) -> PlanRun:
    """Classify, read the regime (``data_dir`` or the cache/snapshot), solve, explain."""
    if progress is not None:
        progress(0.05, "classifying securities")
    ref = reference if reference is not None else load_reference()
    exposure = compute_exposure(household, ref)
    if regime is None:
        if progress is not None:
            progress(0.15, "reading the market regime")
        regime = load_regime(Path(data_dir) if data_dir else None)
    facts = security_facts(household, ref, policy.vehicles.values())

    def step(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.2 + 0.8 * fraction, message)

    plan = make_plan(household, facts, policy, regime.view() if regime else None, step)
    return PlanRun(household, ref, exposure, regime, policy, plan)


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
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        return list(pool.map(_plan_folder, jobs, chunksize=max(1, len(jobs) // (4 * workers))))
