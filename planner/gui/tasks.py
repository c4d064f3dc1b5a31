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
    run on the GUI thread. ``busy`` tells the window how many tasks are running."""

    busy = Signal(int)
    progress = Signal(float, str)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
    ) -> Task:
        signals = _Signals()
        job = _Job(fn, signals)
        task = Task(job, signals)
        self._running.add(task)

        def finish() -> None:
            self._running.discard(task)
            self.busy.emit(len(self._running))

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(err: BaseException, tb: str) -> None:
            finish()
            if not isinstance(err, Cancelled):
                on_error(err, tb)

        signals.done.connect(done)
        signals.failed.connect(failed)
        signals.progress.connect(self.progress)
        self.busy.emit(len(self._running))
        self.pool.start(job)
        return task

    def cancel_all(self) -> None:
        """Cancel every running task: each stops at its next progress report."""
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = 60_000) -> bool:
        return bool(self.pool.waitForDone(msecs))
