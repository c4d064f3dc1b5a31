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


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text (a client's name), or None when the user cancels."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() or None if ok else None


def choose_client(parent: QWidget | None, names: list[str], suggestion: str) -> str | None:
    """Which client files go into when none is open: an existing name, or a new one typed
    (``suggestion`` first); None when the user cancels - nothing is imported."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getItem(
        parent,
        "Which client?",
        "These files go into one client. Pick a client, or type a new client's name:",
        [suggestion, *names],
        0,
        True,
    )
    return value.strip() or None if ok else None


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
