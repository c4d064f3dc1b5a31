"""Shared fixtures: every test runs with its own user directories, never the real ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no test opens a window on a desktop

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = REPO.parent / "shared" / "samples" / "brokers"


@pytest.fixture(autouse=True)
def _fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "rp-home"
    monkeypatch.setenv("ROTATION_PLANNER_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _files_go_into_a_new_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the app, files opened with no client open go into a new client, as if the user
    accepted the name the window suggests: the question would otherwise wait for a click."""
    monkeypatch.setattr(
        "planner.gui.dialogs.choose_client", lambda parent, names, suggestion: suggestion
    )
