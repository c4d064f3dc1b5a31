"""GUI tests run on Qt's offscreen platform; no dialog may block them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from planner.gui import dialogs
from planner.gui.app import build_window
from planner.gui.main_window import MainWindow


@pytest.fixture()
def said(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Dialogs record what they would say instead of blocking."""
    record: dict[str, list[str]] = {"problem": [], "unexpected": []}
    monkeypatch.setattr(
        dialogs, "input_problem", lambda parent, title, msg: record["problem"].append(msg)
    )
    monkeypatch.setattr(
        dialogs,
        "unexpected",
        lambda parent, summary, details, log: record["unexpected"].append(f"{summary}|{log}"),
    )
    return record


@pytest.fixture()
def window(qtbot: Any, said: dict[str, list[str]]) -> Iterator[MainWindow]:
    """The main window (its first tasks done), its dialogs recorded by ``said``."""
    hook = sys.excepthook
    w = build_window()
    qtbot.addWidget(w)
    qtbot.waitUntil(w.runner.idle, timeout=60_000)
    yield w
    qtbot.waitUntil(w.runner.idle, timeout=60_000)
    sys.excepthook = hook
