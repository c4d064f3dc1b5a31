"""Dialogs: errors the user can act on, and unexpected ones with copyable details."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from planner import __version__


def input_problem(parent: QWidget | None, title: str, message: str) -> None:
    """Bad input: a sentence naming the file and line."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.exec()


def unexpected(parent: QWidget | None, summary: str, details: str, log: str | None) -> None:
    """A bug: say so plainly; the traceback is under "Show Details..." and can be copied."""
    where = f"\n\nThe details are saved in {log}." if log else ""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Something went wrong",
        f"{summary}{where}\n\nYour work is kept; you can carry on.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setDetailedText(details)
    box.exec()


def about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        "About Rotation Planner",
        f"<b>Rotation Planner {__version__}</b><p>Household rebalancing toward a policy, tilted "
        "by the small-cap regime, with a reason for every trade.</p><p>Data: the bundled "
        "security master and fund look-through (approximate public figures as of 2026-01-08 "
        "and 2025-12-31), the market report of 2026-01-08 as the default regime, FRED and "
        "Stooq when you refresh.</p>",
    )
