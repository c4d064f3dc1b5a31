"""Exports and the archive as one transaction (issue 13, item 4): all outputs or none, the
failing target named, ids unique under concurrency, a crash's leftovers cleaned at start-up,
a damaged archive entry skipped, bad archive ids refused, private files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from planner.book import open_book
from planner.cli import main
from planner.core.errors import InputError
from planner.reports.archive import list_archive, read_archive
from planner.reports.outputs import Output, pending_dir, recover, write_together
from planner.resources import demo_files
from planner.workflow import PlanRun, export_plan, import_household, plan_household, read_policy
from tests.conftest import REPO

CREATED = datetime(2026, 11, 24, 9, 30)


@pytest.fixture(scope="module")
def run() -> PlanRun:
    from planner.workflow import demo_policy_path

    household = import_household([str(p) for p in demo_files()])
    return plan_household(household, read_policy(demo_policy_path()))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_an_unwritable_blotter_leaves_the_workbook_unchanged_and_no_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = tmp_path / "ok.xlsx"
    xlsx.write_bytes(b"last week's workbook")
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    blotter = tmp_path / "afile" / "trades.csv"  # its folder is a file: cannot be written
    code = main(["plan", "--demo", "--xlsx", str(xlsx), "--blotter", str(blotter)])
    err = capsys.readouterr().err
    assert code == 3
    assert err.startswith(f"{blotter}: cannot write the blotter") and "no output was changed" in err
    assert xlsx.read_bytes() == b"last week's workbook"
    assert list_archive() == [] and _leftovers(tmp_path) == []


def test_a_target_that_cannot_be_replaced_puts_back_the_ones_already_moved(
    run: PlanRun, tmp_path: Path
) -> None:
    xlsx, blotter = tmp_path / "plan.xlsx", tmp_path / "trades.csv"
    xlsx.write_bytes(b"old workbook")
    blotter.mkdir()  # written to a temporary fine, but a folder cannot be replaced by a file
    with pytest.raises(InputError, match="cannot write the blotter") as err:
        export_plan(run, xlsx, blotter, created=CREATED)
    assert err.value.file == str(blotter)
    assert xlsx.read_bytes() == b"old workbook"  # it had been replaced: it was put back
    assert list_archive() == [] and _leftovers(tmp_path) == []
    assert not list(pending_dir().glob("*.journal"))


def test_an_archive_that_fails_puts_every_file_back(
    run: PlanRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xlsx, blotter = tmp_path / "plan.xlsx", tmp_path / "trades.csv"
    xlsx.write_bytes(b"old workbook")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise InputError("book.sqlite3", None, "cannot keep the plan in the archive (disk full)")

    monkeypatch.setattr("planner.reports.archive.add_entry", full_disk)
    with pytest.raises(InputError, match=r"disk full\): no output was changed"):
        export_plan(run, xlsx, blotter, created=CREATED)
    assert xlsx.read_bytes() == b"old workbook" and not blotter.exists()
    assert _leftovers(tmp_path) == []


def test_twenty_parallel_exports_in_the_same_second_make_twenty_entries(
    run: PlanRun, tmp_path: Path
) -> None:
    def one(i: int) -> list[Path]:
        return export_plan(run, blotter=tmp_path / f"t{i}.csv", created=CREATED)

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(one, range(20)))
    entries = list_archive()
    assert len(entries) == 20 and len({e.plan_id for e in entries}) == 20
    assert all(e.plan_id.startswith("20261124-093000-") for e in entries)


def test_parallel_processes_each_keep_their_entry(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "planner",
                "plan",
                "--demo",
                "--blotter",
                str(tmp_path / f"b{i}.csv"),
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(4)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * 4
    assert len({e.plan_id for e in list_archive()}) == 4


def test_files_with_account_numbers_are_private(run: PlanRun, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        xlsx, blotter = tmp_path / "plan.xlsx", tmp_path / "trades.csv"
        blotter.write_text("old", encoding="utf-8")
        os.chmod(blotter, 0o644)
        export_plan(run, xlsx, blotter, mask_accounts=False, created=CREATED)
    finally:
        os.umask(old)
    assert stat.S_IMODE(xlsx.stat().st_mode) == 0o600
    assert stat.S_IMODE(blotter.stat().st_mode) == 0o600
    assert stat.S_IMODE(open_book()[0].path.stat().st_mode) == 0o600


_CRASH = """
import os, signal, sys
from pathlib import Path
from planner.reports import outputs
stage, folder = sys.argv[1], Path(sys.argv[2])
syncs = 0
real = os.fsync
def fsync(fd):
    global syncs
    syncs += 1
    if stage == "writing" and syncs == 3:  # the first temporary written, the second begun
        os.kill(os.getpid(), signal.SIGKILL)
    real(fd)
outputs.os.fsync = fsync
def commit():
    os.kill(os.getpid(), signal.SIGKILL)  # every file in place, the archive not yet written
outputs.write_together([outputs.Output(folder / "plan.xlsx", b"new workbook", "the workbook"),
                        outputs.Output(folder / "trades.csv", b"new blotter", "the blotter")],
                       commit)
"""


@pytest.mark.parametrize("stage", ["writing", "committing"])
def test_a_crash_is_cleaned_up_at_start_up(
    stage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plan.xlsx").write_bytes(b"old workbook")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _CRASH, stage, str(tmp_path)], env=env, cwd=REPO, check=False
    )
    assert done.returncode == -signal.SIGKILL
    assert _leftovers(tmp_path), "the crash left its temporaries or copies"
    assert main(["archive", "list"]) == 0  # any command starts by finishing what was left
    err = capsys.readouterr().err
    assert "did not finish" in err
    assert _leftovers(tmp_path) == []
    assert (tmp_path / "plan.xlsx").read_bytes() == b"old workbook"
    assert not (tmp_path / "trades.csv").exists()
    assert recover() == [] and not list(pending_dir().iterdir())


def test_write_together_with_nothing_wrong_writes_everything(tmp_path: Path) -> None:
    outs = [Output(tmp_path / "a.txt", b"A", "a"), Output(tmp_path / "sub" / "b.txt", b"B", "b")]
    committed: list[bool] = []
    assert write_together(outs, lambda: committed.append(True)) == [o.path for o in outs]
    assert [o.path.read_bytes() for o in outs] == [b"A", b"B"] and committed == [True]


def test_a_damaged_archive_entry_is_reported_and_skipped(
    run: PlanRun, tmp_path: Path, _fresh_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export_plan(run, blotter=tmp_path / "t.csv", created=CREATED)
    broken = _fresh_home / "data" / "archive" / "20250101-000000-0badc0de"
    broken.mkdir(parents=True)
    (broken / "inputs.json").write_text(json.dumps({"files": []}), encoding="utf-8")  # no date
    (broken / "plan.json").write_text("{}", encoding="utf-8")
    (broken / "policy.toml").write_text("", encoding="utf-8")
    with open_book()[0].write() as conn:  # and a row damaged inside the book
        conn.execute(
            "INSERT INTO archive VALUES ('20250202-000000-feedface', NULL, "
            "'2025-02-02T00:00:00', 1.0, 0, 'not json', '{}', '{}', '', 'export')"
        )
    assert main(["archive", "list", "--json"]) == 0
    out = capsys.readouterr()
    listed = json.loads(out.out)["plans"]
    assert len(listed) == 1 and listed[0]["household_total"] == run.plan.household_total
    assert "20250101-000000-0badc0de" in out.err and "no 'created' date" in out.err
    assert "20250202-000000-feedface: damaged" in out.err
    assert len(read_archive()[1]) == 2


@pytest.mark.parametrize(
    "plan_id", ["x" * 256, "é" * 128, "../../etc/passwd", "a/b", "a\\b", "..", "a\x00b"]
)
def test_an_archive_id_that_cannot_be_one_is_exit_3(
    plan_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["archive", "show", plan_id]) == 3
    err = capsys.readouterr().err
    assert "an archive id" in err and "Traceback" not in err
