"""The one task runner: long work (import, plan, refresh, export) runs on a thread pool; its
result *or its error* comes back to the GUI thread as a signal. Work reports progress through a
plain ``progress(fraction, message)`` callback and is cancelled by making that callback raise.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from planner.core.progress import Cancelled, Progress

__all__ = ["Cancelled", "Progress", "Task", "TaskRunner"]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback
    progress = Signal(float, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancelled = False
        self.setAutoDelete(True)

    def _progress(self, fraction: float, message: str) -> None:
        if self.cancelled:
            raise Cancelled
        self.signals.progress.emit(fraction, message)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except BaseException as err:  # every error goes back to the GUI thread
            self.signals.failed.emit(err, traceback.format_exc())
            return
        self.signals.done.emit(result)


class Task(QObject):
    """A handle on running work: cancel it, or listen to it."""

    def __init__(self, job: _Job, signals: _Signals) -> None:
        super().__init__()
        self._job = job
        self.signals = signals

    def cancel(self) -> None:
        self._job.cancelled = True


class TaskRunner(QObject):
    """Runs ``fn(progress)`` off the GUI thread; ``on_done(result)`` or ``on_error(exc, tb)``
    run on the GUI thread. ``busy`` tells the window how many tasks are running.

    Latest result wins: a task started with a ``key`` cancels the running tasks of the same
    key, and their results (or errors) are dropped even if they arrive later - an edit made
    while the previous re-plan runs never shows the older plan."""

    busy = Signal(int)
    progress = Signal(float, str)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()
        self._latest: dict[str, Task] = {}

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
        key: str | None = None,
    ) -> Task:
        signals = _Signals()
        job = _Job(fn, signals)
        task = Task(job, signals)
        self._running.add(task)
        if key is not None:
            older = self._latest.get(key)
            if older is not None:
                older.cancel()
            self._latest[key] = task

        def finish() -> bool:
            """Done with the task; True when its result is the latest of its key."""
            self._running.discard(task)
            latest = key is None or self._latest.get(key) is task
            if key is not None and latest:
                del self._latest[key]
            self.busy.emit(len(self._running))
            return latest

        def done(result: Any) -> None:
            if finish():
                on_done(result)

        def failed(err: BaseException, tb: str) -> None:
            if finish() and not isinstance(err, Cancelled):
                on_error(err, tb)

        signals.done.connect(done)
        signals.failed.connect(failed)
        signals.progress.connect(self.progress)
        self.busy.emit(len(self._running))
        self.pool.start(job)
        return task

    def cancel_key(self, key: str) -> None:
        """Cancel the latest task of ``key`` and drop its result."""
        task = self._latest.pop(key, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        """Cancel every running task: each stops at its next progress report."""
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = 60_000) -> bool:
        return bool(self.pool.waitForDone(msecs))

    def idle(self) -> bool:
        """No task is running or waiting to report back."""
        return not self._running
