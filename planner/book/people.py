"""Who does what in the book: the name recorded when a plan is approved or exported."""

from __future__ import annotations

import getpass

from planner.core.errors import InputError
from planner.storage import load_settings


def advisor() -> str:
    """The settings' ``[report] author``, else the operating system's user name."""
    try:
        author = load_settings().author.strip()
    except InputError:
        author = ""
    if author:
        return author
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"
