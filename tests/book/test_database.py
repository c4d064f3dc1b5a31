"""The book's file: WAL, private, versioned with a backup before each migration; a kill -9 in
the middle of an import leaves it whole; an app window's lock; the old archive folders copied in
with every entry."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.book import Book, book_path, open_book, window_lock
from planner.book.archive import entries, entry
from planner.book.schema import MIGRATIONS, Migration, schema_version
from planner.brokers import load_household
from planner.core.errors import InputError
from tests.conftest import DATA, REPO


def test_a_new_book_is_private_in_wal_mode_at_the_newest_version() -> None:
    book = open_book()[0]
    assert book.path == book_path() and book.path.name == "book.sqlite3"
    assert stat.S_IMODE(book.path.stat().st_mode) == 0o600
    with book.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert schema_version(conn) == MIGRATIONS[-1].version
    assert book.integrity() == "ok"
    assert not (book.path.parent / "backups").exists()  # nothing to back up in a new book


def _v2(fail: bool) -> Migration:
    def step(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE clients ADD COLUMN household_code TEXT")
        conn.execute("UPDATE clients SET household_code = 'HH-' || id")
        if fail:
            raise RuntimeError("the migration breaks half-way")

    return Migration(2, "a household code per client", step)


def test_a_migration_backs_up_first_and_a_failed_one_changes_nothing() -> None:
    book = open_book()[0]
    with book.write() as conn:
        conn.execute("INSERT INTO clients (name, created) VALUES ('Ann', '2026-11-30T09:00:00')")
    with pytest.raises(RuntimeError, match="half-way"):
        Book.open(book.path, migrations=(*MIGRATIONS, _v2(fail=True)))
    with book.read() as conn:  # still version 1, no new column, the client as it was
        assert schema_version(conn) == 1
        assert "household_code" not in [r[1] for r in conn.execute("PRAGMA table_info(clients)")]
        assert conn.execute("SELECT name FROM clients").fetchall() == [("Ann",)]
    Book.open(book.path, migrations=(*MIGRATIONS, _v2(fail=False)))
    with book.read() as conn:
        assert schema_version(conn) == 2
        assert conn.execute("SELECT household_code FROM clients").fetchall() == [("HH-1",)]
    backups = sorted((book.path.parent / "backups").glob("book-v1-*.sqlite3"))
    assert len(backups) == 2  # one before each attempt
    for b in backups:
        assert stat.S_IMODE(b.stat().st_mode) == 0o600
        with sqlite3.connect(b) as copy:
            assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
            assert copy.execute("SELECT name FROM clients").fetchall() == [("Ann",)]
    # a book from a newer version is refused, not damaged
    with pytest.raises(InputError, match="newer than this version"):
        Book.open(book.path)


_WRITER = """
import sys
from planner.book import open_book
from planner.book.clients import create_client
from planner.bookflow import import_into_client
book = open_book()[0]
i = 0
while True:
    with book.write() as conn:
        cid = create_client(conn, f"Client {i}")
    import_into_client(book, cid, sys.argv[1:])  # files, accounts, positions: one transaction
    print(i, flush=True)
    i += 1
"""


def test_kill_9_during_an_import_leaves_a_whole_database() -> None:
    files = [
        str(DATA / "schwab_positions_2026_all_accounts.csv"),
        str(DATA / "fidelity_positions_2024.csv"),
    ]
    whole = load_household(files)
    open_book()  # the schema exists before the writer starts
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, *files],
        stdout=subprocess.PIPE,
        env=env,
        cwd=REPO,
        text=True,
    )
    assert proc.stdout is not None
    committed = -1
    while committed < 12:  # let it import a few, then kill it in the middle of another
        committed = int(proc.stdout.readline())
    time.sleep(random.uniform(0.0, 0.05))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    book = Book(book_path())
    assert book.integrity() == "ok"
    with book.read() as conn:
        rows = conn.execute(
            "SELECT c.id, c.total, (SELECT count(*) FROM files f WHERE f.client_id = c.id), "
            "(SELECT count(*) FROM accounts a WHERE a.client_id = c.id), "
            "(SELECT count(*) FROM positions p WHERE p.client_id = c.id), "
            "(SELECT sum(market_value) FROM positions p WHERE p.client_id = c.id) "
            "FROM clients c ORDER BY c.id"
        ).fetchall()
    imported = [r for r in rows if r[2]]
    assert len(imported) >= committed + 1
    # every import is whole: both files, every account and position, the total that matches
    # them - or, for the one the kill interrupted, nothing at all
    for _, total, n_files, n_accounts, n_positions, value in imported:
        assert (n_files, n_accounts, n_positions) == (2, len(whole.accounts), len(whole.positions))
        assert total == pytest.approx(whole.total) and value == pytest.approx(whole.total)
    assert all(r[2:5] == (0, 0, 0) and r[1] == 0 for r in rows if not r[2])
    open_book()  # and it opens for writing again
    assert book.integrity() == "ok"


def test_the_window_lock_is_exclusive_and_dies_with_its_process() -> None:
    book = open_book()[0]
    first, second = window_lock(book.path), window_lock(book.path)
    assert first.try_acquire() and not second.try_acquire()
    assert f"pid {os.getpid()}" in second.holder()
    first.release()
    assert second.try_acquire()
    second.release()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from planner.book import window_lock; "
            "assert window_lock().try_acquire(); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert not window_lock(book.path).try_acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert window_lock(book.path).try_acquire()


def _old_entry(root: Path, plan_id: str, trades: int, total: float) -> dict[str, object]:
    """An archive folder as versions before the book wrote it."""
    folder = root / plan_id
    folder.mkdir(parents=True)
    inputs = {
        "plan_id": plan_id,
        "created": f"2026-06-{trades + 1:02d}T10:00:00",
        "exported": ["/x/plan.xlsx"],
        "files": [
            {"name": "schwab.csv", "format": "schwab", "sha256": "ab" * 32, "as_of": "2026-06-01"}
        ],
    }
    plan = {"household_total": total, "trades": [{"symbol": f"S{i}"} for i in range(trades)]}
    (folder / "inputs.json").write_text(json.dumps(inputs), encoding="utf-8")
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    (folder / "policy.toml").write_text(f"# policy of {plan_id}\n", encoding="utf-8")
    return {"inputs": inputs, "plan": plan, "policy": f"# policy of {plan_id}\n"}


def test_the_folder_archive_is_copied_in_with_every_entry(_fresh_home: Path) -> None:
    root = _fresh_home / "data" / "archive"
    ids = {m: f"20260{m}01-100000-{m:08x}" for m in range(1, 8)}
    expected = {ids[m]: _old_entry(root, ids[m], m, 1000.0 * m) for m in ids}
    (root / "20260901-100000-damaged").mkdir()
    (root / "20260901-100000-damaged" / "plan.json").write_text("{", encoding="utf-8")
    book, problems = open_book()
    assert len(problems) == 1 and "20260901-100000-damaged" in problems[0]
    with book.read() as conn:
        listed, damaged = entries(conn)
        assert damaged == []
        assert {e.plan_id for e in listed} == set(expected)
        for plan_id, doc in expected.items():
            assert entry(conn, plan_id) == doc
    for e in listed:
        assert e.trades == len(expected[e.plan_id]["plan"]["trades"])  # type: ignore[index]
    assert sorted(p.name for p in root.iterdir()) == sorted([*expected, "20260901-100000-damaged"])
    book, again = open_book()  # opening again copies nothing twice
    with book.read() as conn:
        assert len(entries(conn)[0]) == len(expected)
    assert len(again) == 1
