"""The plan archive: every exported plan kept with its inputs' fingerprints and its policy, in
the user data folder (``archive/<plan id>/``), so an advisor can show later what was
recommended and why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.core.errors import InputError
from planner.core.holdings import Household
from planner.core.plan import Plan
from planner.core.policy_file import policy_to_toml
from planner.reports.plan_json import plan_json
from planner.storage import data_dir, write_text_atomic


def archive_dir() -> Path:
    return data_dir() / "archive"


@dataclass(frozen=True)
class ArchiveEntry:
    plan_id: str
    created: str
    household_total: float
    trades: int
    files: tuple[str, ...]


def archive_plan(plan: Plan, household: Household, plan_id: str, created: str,
                 exported: list[str]) -> Path:  # fmt: skip
    folder = archive_dir() / plan_id
    inputs = {
        "plan_id": plan_id,
        "created": created,
        "exported": exported,
        "files": [
            {"name": Path(f.path).name, "format": f.format, "sha256": f.sha256,
             "as_of": f.as_of.isoformat() if f.as_of else None}
            for f in household.files
        ],
    }  # fmt: skip
    write_text_atomic(folder / "plan.json", json.dumps(plan_json(plan), indent=2))
    write_text_atomic(folder / "policy.toml", policy_to_toml(plan.policy))
    write_text_atomic(folder / "inputs.json", json.dumps(inputs, indent=2))
    return folder


def list_archive() -> list[ArchiveEntry]:
    out = []
    root = archive_dir()
    if not root.is_dir():
        return []
    for folder in sorted(root.iterdir()):
        try:
            inputs = json.loads((folder / "inputs.json").read_text(encoding="utf-8"))
            plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a half-removed folder is not an entry
        out.append(ArchiveEntry(folder.name, inputs["created"], plan["household_total"],
                                len(plan["trades"]),
                                tuple(f["name"] for f in inputs["files"])))  # fmt: skip
    return out


def show_archive(plan_id: str) -> dict[str, Any]:
    folder = archive_dir() / plan_id
    if "/" in plan_id or "\\" in plan_id or not (folder / "plan.json").is_file():
        raise InputError(plan_id, None, "no archived plan with this id (see: archive list)")
    return {
        "inputs": json.loads((folder / "inputs.json").read_text(encoding="utf-8")),
        "plan": json.loads((folder / "plan.json").read_text(encoding="utf-8")),
        "policy": (folder / "policy.toml").read_text(encoding="utf-8"),
    }
