"""Progress reporting for long work, the one definition every layer shares.

Long work (imports, solves, refreshes) takes ``progress: Progress | None``; it calls
``progress(fraction, message)`` between steps (``fraction`` in [0, 1]). The caller cancels the
work by making that callback raise - the GUI's task runner raises :class:`Cancelled` - so
cancellation needs no other plumbing (Orange3's pattern).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised from a progress callback when the user cancels the work it reports on."""


def report(progress: Progress | None, fraction: float, message: str) -> None:
    """Call ``progress`` if there is one (it may raise :class:`Cancelled`)."""
    if progress is not None:
        progress(fraction, message)
