"""Shared fixtures: every test runs with its own user directories, never the real ones."""

from __future__ import annotations

import os
from pathlib import Path

import highspy
import hypothesis
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no test opens a window on a desktop

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The reference folder beside the checkout; make mutation names it, since mutmut runs these
# tests from a copy of the repository (mutants/) that has no ../shared beside it.
SHARED = Path(os.environ.get("ROTATION_PLANNER_SHARED") or REPO.parent / "shared")
SAMPLES = SHARED / "samples" / "brokers"

# Mutation testing (make mutation) runs each mutant in a process forked from one that has
# already solved: HiGHS's thread pool is not copied into a forked child, and the child's first
# solve would wait for it for ever. The child starts a new pool. (The app never forks a solver:
# planner.workflow.worker_pool spawns.)
os.register_at_fork(after_in_child=lambda: highspy.Highs.resetGlobalScheduler(True))

# make mutation runs the tests with this profile: the same examples for every mutant, no
# example database carried from one mutant to the next.
hypothesis.settings.register_profile("mutation", derandomize=True, database=None, deadline=None)


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
