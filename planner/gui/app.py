"""Composition root: builds the application, its services and the main window."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from planner import __version__
from planner.book import Book, open_book, window_lock
from planner.book.lock import FileLock
from planner.core.errors import InputError
from planner.core.privacy import mask_long_numbers
from planner.gui import dialogs
from planner.gui.main_window import TABS, MainWindow
from planner.gui.tasks import TaskRunner
from planner.reports.outputs import recover
from planner.storage import config_dir, log_dir


def log_exception(details: str) -> str | None:
    """Write ``details`` to a new log file in the user log folder; its path, or None."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"gui-error-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
        path.write_text(mask_long_numbers(details), encoding="utf-8")
        return str(path)
    except OSError:
        return None


def install_excepthook(window: MainWindow | None) -> None:
    """An exception nobody caught (in a slot, a timer...) shows a dialog, goes to the log, and
    the application stays up."""

    def hook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, err, tb))
        log = log_exception(details)
        dialogs.unexpected(window, f"{kind.__name__}: {err}", details, log)

    sys.excepthook = hook


def make_app(argv: Sequence[str] = ()) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "rotation-planner", *argv])
    app.setApplicationName("Rotation Planner")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("RotationPlanner")
    app.setDesktopFileName("io.github.rotationplanner.RotationPlanner")
    return app


def open_window_book() -> tuple[Book, FileLock | None, str, list[str]]:
    """The book for a new window: for writing when no other window holds it, else read-only
    with the reason to show; and what start-up found to say (unfinished exports put right,
    damaged archive folders)."""
    notes = recover()
    lock = window_lock()
    if lock.try_acquire():
        book, problems = open_book()
        return book, lock, "", notes + problems
    reason = (
        f"the book is open in another window ({lock.holder()}); changes are made there. "
        "Close that window, then choose Try again here."
    )
    try:
        return Book.open(read_only=True), None, reason, notes
    except InputError:  # not created yet, or needs an upgrade: wait for the other window
        for _ in range(50):
            time.sleep(0.1)
            if lock.try_acquire():
                book, problems = open_book()
                return book, lock, "", notes + problems
        raise


def build_window() -> MainWindow:
    """The window with its services: the task runner, the settings file, the book."""
    config_dir().mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
    book, lock, reason, notes = open_window_book()
    window = MainWindow(TaskRunner(), settings, book, lock, reason)
    if notes:
        window.statusBar().showMessage("; ".join(notes))
    install_excepthook(window)
    return window


def _settle(app: QApplication, window: MainWindow, timeout_s: float = 120.0) -> None:
    """Let the queued work finish and its results reach the window."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        app.processEvents()
        if window.runner.pool.activeThreadCount() == 0 and window.runner.idle():
            app.processEvents()
            if window.runner.idle():
                return
        time.sleep(0.02)


def screenshots(window: MainWindow, folder: Path) -> list[Path]:
    """One PNG per tab at 1280 x 800 or more."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 800)
    window.show()
    _settle(app, window)
    paths = []
    for i, name in enumerate(TABS):
        window.tabs.setCurrentIndex(i)
        for _ in range(5):
            app.processEvents()
        path = folder / f"{i + 1}-{name.lower()}.png"
        window.grab().save(str(path))
        paths.append(path)
    return paths


def main(files: Sequence[str] = (), demo: bool = False, screenshot: str | None = None) -> int:
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = make_app()
    window = build_window()
    if demo:
        window.open_demo()
    if files:
        window.open_files(list(files))
    if screenshot:
        for path in screenshots(window, Path(screenshot)):
            print(path)
        return _leave(window, 0)
    window.show()
    return _leave(window, int(app.exec()))


def _leave(window: MainWindow, code: int) -> int:
    """Finish the work, save the settings, and leave without Python's final garbage
    collection: tearing down Qt objects there can crash PySide6 (a known shutdown issue), and
    there is nothing left to save."""
    window.runner.wait()
    window.settings.setValue("geometry", window.saveGeometry())
    window.settings.sync()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
