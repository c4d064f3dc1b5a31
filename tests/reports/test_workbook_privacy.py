"""With masking on (the default) no full account number is anywhere in the workbook: not in
the account names (a Vanguard-style name that embeds the number), the file names, the
descriptions, the explanations, the warnings, the policy, the client's name, the page headers
or the document properties. Checked on every part of the .xlsx file, not only cell values.
The blotter keeps full numbers (a custodian upload needs them); both files are 0600."""

from __future__ import annotations

import csv
import shutil
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.core.holdings import Household
from planner.core.privacy import mask_account
from planner.resources import demo_files, resource
from planner.workflow import import_household, read_policy
from tests.reports.conftest import Export, export, plan_run


def _exposed_household(tmp: Path) -> Household:
    """The demo household with its account numbers in the places they leak from: the file
    names, the account names, a description."""
    files = []
    for f in demo_files():
        target = tmp / f.name
        shutil.copy(f, target)
        files.append(str(target))
    household = import_household(files)
    fidelity = next(a.id for a in household.accounts if a.id.startswith("Z"))
    renamed = []
    for path in files:
        if "fidelity" in Path(path).name:
            new = Path(path).with_name(f"{fidelity}-positions.csv")
            Path(path).rename(new)
            path = str(new)
        renamed.append(path)
    household = import_household(renamed)
    positions = household.positions.copy()
    positions.loc[0, "description"] = f"SWEEP FOR ACCOUNT {positions.loc[0, 'account_id']}"
    accounts = tuple(replace(a, name=f"Brokerage Account {a.id}") for a in household.accounts)
    return replace(household, accounts=accounts, positions=positions)


def _exposed(tmp: Path, mask: bool) -> Export:
    household = _exposed_household(tmp)
    ids = [a.id for a in household.accounts]
    base = read_policy(resource("demo/policy.toml"))
    policy = replace(
        base,
        tilt=replace(base.tilt, override_reason=f"client asked by letter about {ids[0]}"),
        restrictions=replace(base.restrictions, held_away=(ids[-1],)),
        trading=replace(base.trading, deposits={ids[0]: 2_500.0}),
    )
    return export(tmp, plan_run(household, policy), mask=mask, client=f"Household of {ids[1]}")


@pytest.fixture(scope="module")
def masked(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return _exposed(tmp_path_factory.mktemp("masked"), mask=True)


@pytest.fixture(scope="module")
def unmasked(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return _exposed(tmp_path_factory.mktemp("unmasked"), mask=False)


def _parts_holding(xlsx: Path, needle: str) -> list[str]:
    """Every part of the .xlsx (sheets, shared strings, properties, tables, charts...) whose
    text holds ``needle``."""
    with zipfile.ZipFile(xlsx) as z:
        return [n for n in z.namelist() if needle in z.read(n).decode("utf-8", "replace")]


def _ids(e: Export) -> list[str]:
    return [a.id for a in e.run.household.accounts]


def test_the_numbers_reach_the_plan_in_every_kind_of_text(masked: Export) -> None:
    """The household really carries its numbers where they could leak (else the scan below
    proves nothing)."""
    plan, ids = masked.run.plan, _ids(masked)
    assert all(a.name.endswith(a.id) for a in masked.run.household.accounts)
    assert any(i in t.explanation for t in plan.trades for i in ids)
    assert any(i in t.price_source for t in plan.trades for i in ids)
    assert any(i in f.path for f in masked.run.household.files for i in ids)
    assert any(i in f.account_id for f in plan.frozen for i in ids)


def test_no_full_account_number_anywhere_in_the_masked_workbook(masked: Export) -> None:
    for account_id in _ids(masked):
        assert _parts_holding(masked.xlsx, account_id) == [], account_id
    wb = load_workbook(masked.xlsx)
    texts = [
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    for ws in wb.worksheets:
        texts += [
            ws.oddHeader.left.text or "",
            ws.oddHeader.right.text or "",
            ws.oddFooter.left.text or "",
            ws.oddFooter.center.text or "",
        ]
    props = wb.properties
    texts += [
        str(getattr(props, f))
        for f in ("title", "subject", "creator", "lastModifiedBy", "description", "keywords")
    ]
    for account_id in _ids(masked):
        assert not [t for t in texts if account_id in t], account_id
        assert any(mask_account(account_id) in t for t in texts)  # shown, masked


def test_unmasked_workbook_shows_the_numbers(unmasked: Export) -> None:
    """The same scan finds every number when masking is off (``--unmask``)."""
    for account_id in _ids(unmasked):
        assert _parts_holding(unmasked.xlsx, account_id), account_id


def test_the_blotter_keeps_full_numbers(masked: Export) -> None:
    with masked.blotter.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    traded = {t.account_id for t in masked.run.plan.trades}
    assert {r["account_number"] for r in rows} == traded
    for path in (masked.xlsx, masked.blotter):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
