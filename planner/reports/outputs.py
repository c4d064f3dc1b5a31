"""Outputs written as one transaction: every file first to a temporary beside its target, then
all moved into place together only when every one was written, then the caller's ``commit``
(the archive entry). Any failure - a folder that cannot be written, a target that cannot be
replaced, the archive - puts back every file already replaced and says which target failed:
the previous files are left exactly as they were.

A journal in the user data folder (``pending/``) lists each temporary and each copy of a
replaced file while the transaction runs, and is held locked by the process writing it. At
start-up :func:`recover` finds the journals no live process holds - a crash, a ``kill -9`` -
and finishes them: temporaries removed, replaced files put back unless the transaction had
committed. Every file is created 0600 (it may hold full account numbers).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.book.lock import FileLock
from planner.core.errors import InputError
from planner.storage import data_dir


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes
    what: str  # "the workbook", "the blotter": how a message names it


def pending_dir() -> Path:
    return data_dir() / "pending"


class _Journal:
    """One line per step, flushed to disk before the step is taken."""

    def __init__(self) -> None:
        folder = pending_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{uuid.uuid4().hex}.journal"
        self.lock = FileLock(self.path.with_suffix(".lock"))
        self.lock.try_acquire()  # a fresh name: nobody else holds it
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")

    def note(self, step: str, *paths: Path) -> None:
        self.fh.write(json.dumps([step, *map(str, paths)]) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()
        self.path.unlink(missing_ok=True)
        self.lock.release()
        self.lock.path.unlink(missing_ok=True)


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _keep_copy(target: Path) -> Path:
    """A copy of ``target`` beside it (a hard link where the file system allows)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".rp-prev", dir=target.parent)
    os.close(fd)
    copy = Path(name)
    copy.unlink()
    try:
        os.link(target, copy)
    except OSError:
        shutil.copy2(target, copy)
    return copy


def write_together(
    outputs: Sequence[Output], commit: Callable[[], None] | None = None
) -> list[Path]:
    """Write every output, or none of them; then ``commit()``. Returns the paths written."""
    journal = _Journal()
    temps: dict[Path, Path] = {}
    replaced: list[tuple[Path, Path | None]] = []  # (target, copy of what it was)
    current: Output | None = None
    try:
        try:
            for out in outputs:
                current = out
                out.path.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(
                    prefix=f".{out.path.name}.", suffix=".rp-tmp", dir=out.path.parent
                )
                journal.note("temp", Path(name))
                temps[out.path] = Path(name)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(out.data)
                    fh.flush()
                    os.fsync(fh.fileno())
            for out in outputs:
                current = out
                copy = _keep_copy(out.path) if out.path.is_file() else None
                if copy is not None:
                    journal.note("copy", copy, out.path)
                journal.note("replace", out.path)
                try:
                    os.replace(temps[out.path], out.path)
                except OSError:
                    if copy is not None:  # the target is as it was: its copy is not needed
                        copy.unlink(missing_ok=True)
                    raise
                del temps[out.path]
                replaced.append((out.path, copy))
            _fsync_dirs(outputs)
        except OSError as err:
            assert current is not None
            kept = "the old file is intact, " if current.path.is_file() else ""
            raise InputError(
                str(current.path),
                None,
                f"cannot write {current.what} ({_reason(err)}): {kept}no output was changed",
            ) from None
        current = None
        if commit is not None:
            try:
                commit()
            except InputError as err:
                raise InputError(
                    err.file, err.line, f"{err.reason}: no output was changed"
                ) from None
        journal.note("committed")
    except BaseException:
        _undo(replaced)
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        journal.close()
        raise
    for _, copy in replaced:
        if copy is not None:
            copy.unlink(missing_ok=True)
    journal.close()
    return [o.path for o in outputs]


def _undo(replaced: Sequence[tuple[Path, Path | None]]) -> None:
    """Put back what each replaced target was (best effort: one failure does not stop the
    rest; a copy that cannot be put back stays beside its target, for recovery)."""
    for target, copy in reversed(replaced):
        with contextlib.suppress(OSError):
            if copy is not None:
                os.replace(copy, target)
            else:
                target.unlink(missing_ok=True)


def _fsync_dirs(outputs: Sequence[Output]) -> None:
    if os.name != "posix":
        return
    for folder in {o.path.parent for o in outputs}:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover() -> list[str]:
    """Finish the transactions a crashed process left: one sentence per file touched."""
    folder = pending_dir()
    if not folder.is_dir():
        return []
    done: list[str] = []
    for journal in sorted(folder.glob("*.journal")):
        lock = FileLock(journal.with_suffix(".lock"))
        if not lock.try_acquire():
            continue  # a running export
        try:
            done += _finish(journal)
            journal.unlink(missing_ok=True)
        finally:
            lock.release()
            lock.path.unlink(missing_ok=True)
    for stray in folder.glob("*.lock"):  # a lock whose journal is gone
        lock = FileLock(stray)
        if lock.try_acquire() and not stray.with_suffix(".journal").exists():
            lock.release()
            stray.unlink(missing_ok=True)
        lock.release()
    return done


def _finish(journal: Path) -> list[str]:
    steps: list[list[str]] = []
    try:
        lines = journal.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            steps.append(json.loads(line))
        except ValueError:  # the crash cut the last line: the steps before it stand
            break
    committed = any(s[0] == "committed" for s in steps)
    copies = {s[2]: Path(s[1]) for s in steps if s[0] == "copy"}
    out = []
    for s in steps:
        if s[0] == "temp" and Path(s[1]).exists():
            Path(s[1]).unlink()
            out.append(f"removed {s[1]}, left by an export that did not finish")
    for target in [s[1] for s in steps if s[0] == "replace"] if not committed else []:
        copy = copies.get(target)
        if copy is not None and copy.exists():
            os.replace(copy, target)
            out.append(f"put back the previous {target}: its export did not finish")
        elif copy is None and Path(target).exists():
            Path(target).unlink()
            out.append(f"removed {target}: its export did not finish")
    for copy in copies.values():
        copy.unlink(missing_ok=True)
    return out
