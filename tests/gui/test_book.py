"""The Book tab, the app's first screen, driven through its real widgets: clients kept apart,
files going into the client open, a client's own policy across a restart, a second window
read-only, the whole book re-planned in the background with progress and cancel, 500 clients
listed in well under a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.book.clients import find_client, load_household
from planner.book.plans import client_rows
from planner.brokers import load_household as import_files
from planner.core.privacy import mask_account
from planner.gui import dialogs
from planner.gui.app import build_window
from planner.gui.main_window import TABS, MainWindow
from planner.reports.plan_json import plan_json
from planner.resources import demo_files
from planner.workflow import plan_household
from tests.book.generate import generate, household
from tests.conftest import DATA

SCHWAB = DATA / "schwab_positions_2026_all_accounts.csv"


@pytest.fixture()
def said(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Dialogs record what they would say; questions get the answers queued in ``answers``."""
    record: dict[str, list[str]] = {"problem": [], "unexpected": [], "answers": []}
    monkeypatch.setattr(
        dialogs, "input_problem", lambda parent, title, msg: record["problem"].append(msg)
    )
    monkeypatch.setattr(
        dialogs,
        "unexpected",
        lambda parent, summary, details, log: record["unexpected"].append(summary),
    )
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: record["answers"].pop(0))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    return record


def _window(qtbot: Any) -> MainWindow:
    hook = sys.excepthook
    w = build_window()
    sys.excepthook = hook
    qtbot.addWidget(w)
    qtbot.waitUntil(w.runner.idle, timeout=60_000)
    return w


@pytest.fixture()
def window(qtbot: Any, said: dict[str, list[str]]) -> Iterator[MainWindow]:
    w = _window(qtbot)
    yield w
    qtbot.waitUntil(w.runner.idle, timeout=60_000)


def _idle(qtbot: Any, w: MainWindow) -> None:
    qtbot.waitUntil(w.runner.idle, timeout=120_000)
    w.book.reload()  # what the list's timer does a moment later


def _listed(w: MainWindow, header: str = "Client") -> list[Any]:
    view = w.book.view
    model = view.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = titles.index(header)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def _row(w: MainWindow, name: str) -> dict[str, Any]:
    view = w.book.view
    model = view.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for r in range(model.rowCount()):
        cells = {t: model.data(model.index(r, c)) for c, t in enumerate(titles)}
        if cells["Client"] == name:
            return cells
    raise KeyError(name)


def _select(w: MainWindow, name: str) -> None:
    w.book.filter.setText(name)
    w.book.view.selectRow(0)


def _shown_accounts(w: MainWindow) -> set[str]:
    frame = w.household.model.frame
    return set(frame["Number"]) if len(frame) else set()


def test_the_book_is_the_first_screen(qtbot: Any, window: MainWindow, qtmodeltester: Any) -> None:
    assert TABS[0] == "Book" and window.tabs.currentIndex() == 0
    assert window.tabs.tabText(0) == "Book" and not window.book.banner.isVisible()
    assert "read-only" not in window.windowTitle()
    window.book_actions.open_demo()
    _idle(qtbot, window)
    assert _listed(window) == ["Demo household"]
    qtmodeltester.check(window.book.model)
    # the footer names the book's file, never this machine's folders (screenshots travel)
    path = window.state.book.path
    shown = window.book.summary.text()
    assert shown.startswith("1 client, $") and path.name in shown
    assert str(path.parent) not in shown and window.book.summary.toolTip() == str(path)


def test_files_go_into_the_open_client_never_the_one_before(
    qtbot: Any, window: MainWindow, said: dict[str, list[str]]
) -> None:
    window.open_demo()
    _idle(qtbot, window)
    demo = import_files(demo_files())
    assert _shown_accounts(window) == {mask_account(a.id) for a in demo.accounts}
    said["answers"].append("Bob Chen")
    window.book.buttons["new"].click()  # New client…: Bob is open now
    assert window.state.client is not None and window.state.client.name == "Bob Chen"
    assert "Bob Chen" in window.windowTitle() and _shown_accounts(window) == set()
    window.open_files([str(SCHWAB)])
    _idle(qtbot, window)
    schwab = import_files([SCHWAB])
    # Bob has Schwab's accounts only: the demo couple's never join them (8 accounts before)
    assert _shown_accounts(window) == {mask_account(a.id) for a in schwab.accounts}
    with window.state.book.read() as conn:
        bob, dem = find_client(conn, "Bob Chen"), find_client(conn, "Demo household")
        assert bob is not None and dem is not None
        assert load_household(conn, dem.id).total == pytest.approx(demo.total)
        assert load_household(conn, bob.id).total == pytest.approx(schwab.total)
    assert sorted(_listed(window)) == ["Bob Chen", "Demo household"]
    assert _row(window, "Bob Chen")["Value"] == f"${schwab.total:,.2f}"
    assert _row(window, "Demo household")["Status"] == "draft"


def test_a_clients_policy_is_its_own_and_survives_a_restart(
    qtbot: Any, said: dict[str, list[str]]
) -> None:
    first = _window(qtbot)
    said["answers"] += ["Ann", "Ben"]
    first.new_client_dialog()
    first.open_files([str(SCHWAB)])
    _idle(qtbot, first)
    editor = first.plan.editor
    with qtbot.waitSignal(first.state.run_changed, timeout=60_000):
        editor.targets["mega"].setValue(editor.targets["mega"].value() - 10)
        editor.targets["bonds"].setValue(editor.targets["bonds"].value() + 10)
    _idle(qtbot, first)
    ann = dict(first.state.policy.targets)
    first.new_client_dialog()  # Ben starts from the policy for new clients, not from Ann's
    assert dict(first.state.policy.targets) != ann
    ben = dict(first.state.policy.targets)
    first.close()
    second = _window(qtbot)  # the app started again
    rows = {r.name: r.id for r in second.book_actions.rows()}
    second.open_client(rows["Ann"])
    _idle(qtbot, second)
    assert dict(second.state.policy.targets) == ann
    assert editor is not second.plan.editor
    assert second.plan.editor.targets["bonds"].value() == pytest.approx(100 * ann["bonds"])
    second.open_client(rows["Ben"])
    assert dict(second.state.policy.targets) == ben


def test_a_second_window_only_reads_the_book_and_says_so(
    qtbot: Any, window: MainWindow, said: dict[str, list[str]]
) -> None:
    said["answers"].append("Cleo")
    window.new_client_dialog()
    other = _window(qtbot)
    assert other.state.read_only and "(read-only)" in other.windowTitle()
    assert not other.book.banner.isHidden()
    assert "open in another window" in other.book.banner.text()
    assert not other.book.buttons["new"].isEnabled()
    assert _listed(other) == ["Cleo"]  # it reads the book all the same
    other.open_client(other.book_actions.rows()[0].id)
    other.open_files([str(SCHWAB)])
    assert said["problem"] and "only reads the book" in said["problem"][-1]
    other.retry_book()  # the first window still has it
    assert other.state.read_only and "Still read-only" in said["problem"][-1]
    window.close()
    other.retry_book()
    assert not other.state.read_only and other.book.banner.isHidden()
    assert "(read-only)" not in other.windowTitle()


def test_rename_archive_filter_and_approve(
    qtbot: Any, window: MainWindow, said: dict[str, list[str]]
) -> None:
    for name in ("Dora", "Eli", "Finn"):
        said["answers"].append(name)
        window.new_client_dialog()
    window.open_files([str(SCHWAB)])  # into Finn
    _idle(qtbot, window)
    _select(window, "Dora")
    said["answers"].append("Dora Grey")
    window.book.buttons["rename"].click()
    _select(window, "Eli")
    window.book.buttons["archive"].click()
    _select(window, "Finn")
    window.book.buttons["approve"].click()
    window.book.filter.setText("")
    window.book.reload()
    assert _listed(window) == ["Dora Grey", "Finn"]
    assert _row(window, "Finn")["Status"] == "approved"
    window.book.archived.setChecked(True)
    assert "Eli (archived)" in _listed(window)
    window.book.filter.setText("grey")
    assert _listed(window) == ["Dora Grey"]


def test_the_book_replans_in_the_background_with_progress_and_cancel(
    qtbot: Any, window: MainWindow
) -> None:
    generate(window.state.book, 8, seed=100)
    window.book.reload()
    assert [_row(window, n)["Status"] for n in _listed(window)] == ["not planned"] * 8
    seen: list[float] = []
    drafts_while_running: list[int] = []

    def watch() -> None:
        if not window.runner.idle():
            drafts_while_running.append(_listed(window, "Status").count("draft"))

    window.book.model.modelReset.connect(watch)
    window.book.buttons["replan"].click()
    assert not window.book.progress.isHidden() and not window.book.buttons["replan"].isEnabled()
    window.book.progress.valueChanged.connect(lambda v: seen.append(v))
    qtbot.waitUntil(window.runner.idle, timeout=240_000)
    window.book.reload()
    assert _listed(window, "Status") == ["draft"] * 8
    assert window.book.progress.isHidden()
    assert seen and seen == sorted(seen) and max(seen) == 100  # visible, moving forward
    assert any(0 < d < 8 for d in drafts_while_running)  # the list filled in as they finished
    with window.state.book.read() as conn:  # each plan is its household's
        rows = {r.name: r for r in client_rows(conn)}
        for i in range(8):
            h, _ = household(100 + i)
            assert rows[f"Household {101 + i:04d}"].total == pytest.approx(h.total, abs=0.02)
    # cancel: what was done stays, the rest is dropped quietly
    generate(window.state.book, 40, seed=200)
    task = window.book_actions.replan_book()
    assert task is not None
    # the first 8 of the 48 (by name) were planned before: cancel once some new ones are done
    qtbot.waitUntil(lambda: window.book.progress.value() >= 40, timeout=240_000)
    window.cancel.click()
    qtbot.waitUntil(window.runner.idle, timeout=240_000)
    window.book.reload()
    with window.state.book.read() as conn:
        new = [r for r in client_rows(conn) if r.name >= "Household 0201"]
    planned = sum(r.plan_status == "draft" for r in new)
    assert len(new) == 40 and 0 < planned < 40
    assert [_row(window, r.name)["Status"] for r in new].count("draft") == planned
    assert window.book.progress.isHidden()


def test_five_hundred_clients_list_in_under_a_second(qtbot: Any, window: MainWindow) -> None:
    from planner.core.policy import Policy

    docs = {
        i: plan_json(plan_household(household(i)[0], Policy(), scenarios=False).plan)
        for i in range(3)
    }
    generate(window.state.book, 500, plans=docs)
    window.show()
    window.tabs.setCurrentIndex(0)
    start = time.perf_counter()
    window.book.reload()  # read the book, build the table, lay it out
    QApplication.processEvents()  # and paint it
    elapsed = time.perf_counter() - start
    assert window.book.view.model().rowCount() == 500
    assert _listed(window)[:2] == ["Household 0001", "Household 0002"]
    assert elapsed < 1.0, f"listing 500 clients took {elapsed:.2f} s"
    # sorting is on the numbers: the largest household first
    view = window.book.view
    titles = [
        view.model().headerData(c, Qt.Orientation.Horizontal)
        for c in range(view.model().columnCount())
    ]
    view.sortByColumn(titles.index("Value"), Qt.SortOrder.DescendingOrder)
    values = [
        view.model().data(view.model().index(r, titles.index("Value")), Qt.ItemDataRole.UserRole)
        for r in range(500)
    ]
    assert values == sorted(values, reverse=True)


def test_exports_mark_the_clients_plan_and_each_is_archived(
    qtbot: Any, window: MainWindow, tmp_path: Any
) -> None:
    window.open_demo()
    _idle(qtbot, window)
    assert _row(window, "Demo household")["Status"] == "draft"
    window.controller.export("xlsx", str(tmp_path / "demo.xlsx"))
    _idle(qtbot, window)
    window.controller.export("blotter", str(tmp_path / "demo.csv"))  # the same plan, again
    _idle(qtbot, window)
    assert (tmp_path / "demo.xlsx").exists() and (tmp_path / "demo.csv").exists()
    archive = window.export.archive.frame
    assert len(archive) == 2 and archive["Plan"].nunique() == 2
    assert _row(window, "Demo household")["Status"] == "exported"
