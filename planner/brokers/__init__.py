"""Broker export readers, chosen by content (never by file name), and the household import.

:func:`read_source` tries each known layout's ``detect`` on the text and parses with the first
that recognises it; an unknown layout needs a column mapping (:mod:`planner.brokers.mapping`).
:func:`load_household` reads files, merges them and reconciles every account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from planner.brokers import etrade, fidelity, ibkr, merrill, schwab, thinkorswim, vanguard
from planner.brokers.base import ParsedFile, Reader
from planner.brokers.mapping import HOW_TO, Mapping, parse_mapping, read_with_mapping
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import (
    Household,
    ImportWarning,
    SourceFile,
    merge_households,
    normalize_positions,
)
from planner.core.reconcile import row_mismatches, total_mismatches

#: Order matters only where two layouts could both claim a file; the most specific go first.
READERS: tuple[Reader, ...] = (
    ibkr.ACTIVITY,
    thinkorswim.READER,
    etrade.READER,
    schwab.READER,
    fidelity.READER,
    merrill.READER,
    vanguard.READER,
    ibkr.FLEX_READER,
)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024

Progress = Callable[[float, str], None]


def detect(src: Source) -> Reader | None:
    for reader in READERS:
        if reader.detect(src):
            return reader
    return None


def _check_complete(src: Source) -> None:
    """A last line with an unbalanced quote is a row cut off in the middle."""
    for n in range(len(src), 0, -1):
        if src.line(n).strip():
            if src.line(n).count('"') % 2:
                raise InputError(
                    src.path,
                    n,
                    "the file ends in the middle of a row (an unclosed quote): "
                    "it looks cut off; download it again",
                )
            return


def read_source(src: Source, mapping: Mapping | None = None) -> Household:
    """One decoded file to a household of its accounts, reconciled."""
    _check_complete(src)
    reader = detect(src)
    parsed: ParsedFile
    if reader is not None:
        parsed = reader.read(src)
    elif mapping is not None:
        parsed = read_with_mapping(src, mapping)
    else:
        first = next((line.strip() for line in src.lines if line.strip()), "")[:60]
        raise InputError(
            src.path,
            1,
            f"unknown layout (first line: {first!r}): no broker format recognised; " + HOW_TO,
        )
    if not parsed.accounts:
        raise InputError(src.path, None, f"{parsed.format}: the file holds no positions")
    positions = normalize_positions(parsed.positions)
    warnings = list(parsed.warnings)
    warnings.extend(row_mismatches(positions))
    warnings.extend(total_mismatches(parsed.accounts, positions))
    file = SourceFile(src.path, parsed.format, parsed.as_of, src.sha256)
    return Household((file,), tuple(parsed.accounts), positions, tuple(warnings))


def read_file(
    path: str | Path, mapping: Mapping | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Household:
    """Read and reconcile one export. Every problem with the file is an :class:`InputError`."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, None, "is a folder, not a file") from None
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror}") from None
    return read_source(Source.from_bytes(data, name, max_bytes), mapping)


def load_mapping(path: str | Path) -> Mapping:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(str(path), None, f"cannot read the mapping: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "the mapping is not UTF-8 text") from None
    return parse_mapping(text, str(path))


def load_household(
    paths: Iterable[str | Path],
    mapping: Mapping | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> Household:
    """Read every file, merge them into one household. Any bad file fails the whole import:
    a household with a file missing must never look complete."""
    paths = list(paths)
    parts = []
    for i, path in enumerate(paths):
        if progress is not None:
            progress(i / max(len(paths), 1), f"reading {path}")
        parts.append(read_file(path, mapping, max_bytes))
    if progress is not None:
        progress(1.0, "merging")
    return merge_files(parts)


def merge_files(parts: Iterable[Household]) -> Household:
    """One household of files read one by one (:func:`read_file`); a file whose content
    another already brought is skipped with a warning."""
    kept = []
    seen: dict[str, str] = {}
    for part in parts:
        file = part.files[0]
        if file.sha256 in seen:
            why = f"same content as {seen[file.sha256]}; skipped"
            kept.append(Household((), (), warnings=(ImportWarning(file.path, None, None, why),)))
            continue
        seen[file.sha256] = file.path
        kept.append(part)
    return merge_households(kept)
