"""The desktop app driven through its real widgets, offscreen: drop files, see the accounts,
edit the policy and watch the trades change, bad files, export, unexpected errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from planner.gui.app import screenshots
from planner.gui.main_window import TABS, MainWindow
from planner.gui.models import DataFrameModel
from tests.conftest import DATA


def _idle(qtbot: Any, w: MainWindow) -> None:
    qtbot.waitUntil(w.runner.idle, timeout=60_000)


def _column(view: Any, header: str, role: int = Qt.ItemDataRole.DisplayRole) -> list[Any]:
    """The cells a user sees in the column titled ``header`` of a table view, top to bottom."""
    model = view.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = titles.index(header)
    return [model.data(model.index(r, col), role) for r in range(model.rowCount())]


def _replanned(qtbot: Any, w: MainWindow) -> Any:
    """Wait for the next plan to reach the screen."""
    return qtbot.waitSignal(w.state.run_changed, timeout=60_000)


def _drop(w: MainWindow, files: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPointF(QPoint(100, 100)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    w.dropEvent(event)


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    frame = pd.DataFrame(
        {
            "Symbol": ["AAPL", "IJR", "X"],
            "Value": [1.5, np.nan, 3.0],
            "Weight": [0.1, 0.2, 0.7],
            "_flag": [True, False, False],
        }
    )
    model = DataFrameModel(frame, {"Value": "money", "Weight": "pct"}, highlight="_flag")
    qtmodeltester.check(model)
    from PySide6.QtCore import QModelIndex

    assert model.columnCount(QModelIndex()) == 3  # the flag column is not shown
    idx = model.index(0, 1)
    assert model.data(idx) == "$1.50" and model.data(idx, Qt.ItemDataRole.UserRole) == 1.5
    assert model.data(model.index(1, 1)) == ""  # unknown is blank, not "nan"


def _account_values(*files: Path) -> dict[str, tuple[str, str]]:
    """Each account's value and cash as the app should show them, summed here from the
    imported positions (masked number -> (value, cash) text)."""
    from planner.brokers import load_household
    from planner.core.privacy import mask_account

    household = load_household([str(f) for f in files])
    out = {}
    for a in household.accounts:
        rows = [p for p in household.records() if p.account_id == a.id]
        value = sum(p.market_value for p in rows)
        cash = sum(p.market_value for p in rows if p.asset_type in ("cash", "money_market"))
        out[mask_account(a.id)] = (f"${value:,.2f}", f"${cash:,.2f}")
    return out


def test_dropping_exports_shows_the_accounts_and_a_plan(qtbot: Any, window: MainWindow) -> None:
    first = DATA / "schwab_positions_2026_all_accounts.csv"
    _drop(window, [first])
    _idle(qtbot, window)
    view = window.household.view
    shown = dict(
        zip(
            _column(view, "Number"),
            zip(_column(view, "Value"), _column(view, "Cash"), strict=True),
            strict=True,
        )
    )
    assert len(shown) >= 2 and shown == _account_values(first)
    assert len(window.holdings.model.frame) > 0
    assert window.state.run is not None and window.plan.trades_view.model().rowCount() > 0
    # dropping another file adds it to the household
    second = DATA / "fidelity_positions_2024.csv"
    _drop(window, [second])
    _idle(qtbot, window)
    shown = dict(
        zip(
            _column(view, "Number"),
            zip(_column(view, "Value"), _column(view, "Cash"), strict=True),
            strict=True,
        )
    )
    assert shown == _account_values(first, second)


def test_a_bad_file_shows_its_error_and_keeps_the_rest(
    qtbot: Any, window: MainWindow, said: dict[str, list[str]], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_text("this,is,not\na,positions,export\n", encoding="utf-8")
    window.open_files([str(DATA / "schwab_positions_2026_individual.csv"), str(bad)])
    _idle(qtbot, window)
    assert said["problem"] and "broken.csv" in said["problem"][0]
    assert len(window.household.model.frame) >= 1  # the good file is in
    assert window.household.problems.count() == 1


def test_changing_a_target_changes_the_trades(qtbot: Any, window: MainWindow) -> None:
    window.open_demo()
    _idle(qtbot, window)
    before = window.plan.trades.frame.copy()
    assert len(before) > 0
    editor = window.plan.editor
    bonds = window.state.policy.targets["bonds"]
    with _replanned(qtbot, window):
        editor.targets["mega"].setValue(editor.targets["mega"].value() - 20)
        editor.targets["bonds"].setValue(editor.targets["bonds"].value() + 20)
    _idle(qtbot, window)
    after = window.plan.trades.frame
    assert not after.equals(before)
    assert window.state.policy.targets["bonds"] == pytest.approx(bonds + 0.20)
    bond_buys = after[(after["Action"] == "Buy") & (after["Symbol"] == "BND")]["Value"].sum()
    bond_before = before[(before["Action"] == "Buy") & (before["Symbol"] == "BND")]["Value"].sum()
    assert bond_buys > bond_before


def test_export_writes_a_workbook(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_demo()
    _idle(qtbot, window)
    target = tmp_path / "plan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_xlsx_dialog()
    _idle(qtbot, window)
    assert target.exists() and target.stat().st_size > 5000
    assert "plan.xlsx" in window.export.last.text()
    assert len(window.export.archive.frame) == 1
    # the archive entry opens: the trades as recommended, from which files, under which policy
    view = window.export.archive_view
    view.doubleClicked.emit(view.model().index(0, 0))
    dialog = window.export.entry_dialog
    assert dialog is not None and dialog.isVisible()
    plan = window.state.run.plan if window.state.run is not None else None
    assert plan is not None and len(dialog.trades.frame) == len(plan.trades)
    assert list(dialog.trades.frame["Symbol"]) == [
        t.symbol for t in sorted(plan.trades, key=lambda t: t.step)
    ]
    shown = dialog.summary.text()
    assert window.export.archive.frame.iloc[0]["Plan"] in shown and "plan.xlsx" in shown
    assert all(Path(f.path).name in shown for f in window.state.run.household.files)
    assert str(target.parent) not in shown  # file names, never this machine's folders
    assert "[targets]" in dialog.policy.toPlainText()
    dialog.close()


def test_only_the_final_plan_for_what_is_on_screen_can_be_exported(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: dict[str, list[str]],
) -> None:
    window.open_demo()
    _idle(qtbot, window)
    buttons, actions = window.export.buttons, window.export_actions
    assert all(b.isEnabled() for b in buttons) and all(a.isEnabled() for a in actions)
    assert window.export.why.isHidden()
    editor = window.plan.editor
    editor.targets["mega"].setValue(editor.targets["mega"].value() - 5)  # adds up to 95%
    qtbot.waitUntil(lambda: bool(window.state.export_refused()), timeout=10_000)
    assert "not valid" in window.state.export_refused() and not window.export.buttons[0].isEnabled()
    early = tmp_path / "early.xlsx"
    seen: list[tuple[str, bool, bool, str]] = []

    def try_export() -> None:  # Ctrl+E pressed while the new plan is being made
        why = window.state.export_refused()
        seen.append((why, buttons[0].isEnabled(), actions[0].isEnabled(), window.export.why.text()))
        if why:
            window.controller.export("xlsx", str(early))

    window.state.plan_current_changed.connect(try_export)
    with qtbot.waitSignals(
        [window.state.run_changed, window.state.run_changed], timeout=60_000
    ):  # the fast plan, then the final one
        editor.targets["bonds"].setValue(editor.targets["bonds"].value() + 5)  # valid again
    _idle(qtbot, window)
    window.state.plan_current_changed.disconnect(try_export)
    waiting = [s for s in seen if s[0]]
    assert waiting and any("out of date" in s[0] for s in waiting)
    assert any("final plan is being made" in s[0] for s in waiting)  # the fast plan on screen
    assert all(not s[1] and not s[2] and s[3] == s[0] for s in waiting)
    assert not early.exists() and said["problem"][-len(waiting) :] == [s[0] for s in waiting]
    assert window.state.plan_current and not window.state.plan_pending
    assert all(b.isEnabled() for b in buttons) and window.export.why.isHidden()
    target = tmp_path / "plan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_xlsx_dialog()
    _idle(qtbot, window)
    from openpyxl import load_workbook

    wb = load_workbook(target, read_only=True)
    title = wb.worksheets[0].cell(1, 1).value
    wb.close()
    assert window.state.client is not None and window.state.client.name in str(title)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_dialog_and_the_log(
    qtbot: Any, window: MainWindow, said: dict[str, list[str]]
) -> None:
    def boom() -> None:
        raise RuntimeError("a bug in a slot")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: bool(said["unexpected"]), timeout=5000)
    summary, log = said["unexpected"][0].split("|")
    assert "a bug in a slot" in summary
    assert Path(log).exists() and "RuntimeError" in Path(log).read_text(encoding="utf-8")
    assert window.isEnabled()  # the app stays up


def test_screenshots_one_png_per_tab(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    window.open_demo()
    paths = screenshots(window, tmp_path)
    assert [p.name for p in paths] == [f"{i + 1}-{t.lower()}.png" for i, t in enumerate(TABS)]
    from PySide6.QtGui import QImage

    for p in paths:
        image = QImage(str(p))
        assert image.width() >= 1280 and image.height() >= 800
        # not a blank window: the tab's tables, charts and text give many colours
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 40, p.name


def test_setting_a_bucket_by_hand_is_saved_and_applied(qtbot: Any, window: MainWindow) -> None:
    window.open_demo()
    _idle(qtbot, window)
    frame = window.holdings.model.frame
    row = int(frame.index[frame["Symbol"] == "IWM"][0])
    view = window.holdings.view
    proxy = view.model()
    source_index = window.holdings.model.index(row, 0)
    view.selectionModel().select(
        proxy.mapFromSource(source_index),  # type: ignore[attr-defined]
        view.selectionModel().SelectionFlag.ClearAndSelect
        | view.selectionModel().SelectionFlag.Rows,
    )
    box = window.holdings.bucket_box
    box.setCurrentIndex(box.findData("small"))
    with _replanned(qtbot, window):
        window.holdings.set_bucket()
    _idle(qtbot, window)
    frame = window.holdings.model.frame
    iwm = frame[frame["Symbol"] == "IWM"].iloc[0]
    assert iwm["Source"] == "Your override" and iwm["Buckets"] == "small-caps 100%"
    from planner.market.overrides import load_overrides

    assert dict(load_overrides().securities["IWM"].mix) == {"small": 1.0}


def test_house_view_edits_change_the_regime(qtbot: Any, window: MainWindow) -> None:
    editor = window.regime.house
    use, box = editor.values["small_cap_pe_discount_pct"]
    use.setChecked(True)
    box.setValue(5.0)  # a 5% discount: below the rule's neutral 10%
    editor.source.setText("Committee")
    before = window.state.regime
    assert before is not None
    editor.save_button.click()
    qtbot.waitUntil(lambda: window.state.regime is not before, timeout=30_000)
    _idle(qtbot, window)
    regime = window.state.regime
    assert regime is not None and regime.composite < before.composite
    signal = next(s for s in regime.signals if s.id == "valuation_gap")
    assert signal.value == 5.0 and signal.source == "Committee"


def test_a_data_folder_charts_its_series_on_a_date_axis(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = pd.bdate_range(end="2026-11-20", periods=260)
    rows = ["Date,Open,High,Low,Close,Volume"]
    for name, start in (("IWM", 200.0), ("QQQ", 500.0)):
        closes = np.linspace(start, start * 1.1, len(days))
        lines = rows + [
            f"{d:%Y-%m-%d},{c},{c},{c},{c},1" for d, c in zip(days, closes, strict=True)
        ]
        (tmp_path / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    window.data_folder_dialog()
    qtbot.waitUntil(lambda: window.regime.series_box.count() >= 3, timeout=30_000)
    _idle(qtbot, window)
    names = [window.regime.series_box.itemText(i) for i in range(window.regime.series_box.count())]
    assert {"IWM", "QQQ", "IWM/QQQ"} <= set(names)
    from pyqtgraph import DateAxisItem

    assert isinstance(window.regime.chart.getAxis("bottom"), DateAxisItem)
    assert window.regime.chart.listDataItems()  # the series is drawn


def test_cancel_stops_a_task_quietly(qtbot: Any, window: MainWindow) -> None:
    import time

    results: list[object] = []

    def slow(progress: Any) -> str:
        for i in range(200):
            progress(i / 200, "working")
            time.sleep(0.01)
        return "finished"

    window.runner.run(slow, results.append, lambda e, tb: results.append(e))
    qtbot.waitUntil(lambda: not window.cancel.isHidden(), timeout=5000)
    window.cancel.click()
    _idle(qtbot, window)
    assert results == []  # neither a result nor an error dialog
    assert window.cancel.isHidden()


def test_a_changed_file_is_reloaded(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "schwab.csv"
    path.write_text((DATA / "schwab_positions_2026_individual.csv").read_text("utf-8"), "utf-8")
    window.open_files([str(path)])
    _idle(qtbot, window)
    before = _column(window.household.view, "Value", Qt.ItemDataRole.UserRole)
    # the broker export is downloaded again: 4,721.30 more in the money market, and the total
    text = path.read_text("utf-8").replace('"4,721.3","1.00"', '"9,442.6","1.00"')
    text = text.replace(
        '"$4,721.30","$0.00","0%","$4,721.30"', '"$9,442.60","$0.00","0%","$9,442.60"'
    )
    with _replanned(qtbot, window):
        path.write_text(text, "utf-8")
    _idle(qtbot, window)
    after = _column(window.household.view, "Value", Qt.ItemDataRole.UserRole)
    assert len(after) == len(before) == 1
    assert after[0] == pytest.approx(before[0] + 4721.30)
    assert _column(window.household.view, "Value")[0] == f"${before[0] + 4721.30:,.2f}"
