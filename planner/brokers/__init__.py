"""Broker export readers, chosen by content (never by file name), and the household import.

:func:`read_source` tries each known layout's ``detect`` on the text and parses with the first
that recognises it; an unknown layout needs a column mapping (:mod:`planner.brokers.mapping`).
:func:`load_household` reads files, merges them, attaches tax lots to their positions
(:func:`planner.core.lots.attach_lots`) and reconciles every account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from planner.brokers import (
    etrade,
    fidelity,
    fidelity_lots,
    fidelity_view,
    ibkr,
    ibkr_flex,
    merrill,
    schwab,
    schwab_lots,
    thinkorswim,
    vanguard,
)
from planner.brokers.base import ParsedFile, Reader, mask_number
from planner.brokers.complete import last_text_line
from planner.brokers.mapping import (
    HOW_TO,
    Mapping,
    Mappings,
    choose,
    parse_mapping,
    read_with_mapping,
)
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import (
    Household,
    ImportWarning,
    SourceFile,
    merge_households,
    normalize_positions,
)
from planner.core.lots import attach_lots
from planner.core.reconcile import row_mismatches, total_mismatches
from planner.storage import Settings

#: Every layout; no two may claim the same file (that is refused, naming both).
READERS: tuple[Reader, ...] = (
    ibkr.ACTIVITY,
    thinkorswim.READER,
    etrade.READER,
    schwab.READER,
    fidelity.READER,
    fidelity_view.READER,
    merrill.READER,
    vanguard.READER,
    ibkr_flex.FLEX_READER,
    schwab_lots.READER,
    fidelity_lots.READER,
)

DEFAULT_MAX_BYTES = Settings().max_file_bytes  # the default of import.max_file_mb

Progress = Callable[[float, str], None]


def detect(src: Source) -> Reader | None:
    """The one layout that recognises the file, None if none does; two is an error."""
    claims = [(line, reader) for reader in READERS if (line := reader.detect(src)) is not None]
    if len(claims) > 1:
        (l1, r1), (l2, r2) = claims[:2]
        raise InputError(
            src.path,
            min(l1, l2),
            f"both the {r1.name} layout (line {l1}) and the {r2.name} layout (line {l2}) "
            "match this file, so which one it is cannot be told; remove the lines that do not "
            "belong to the export, or use --mapping",
        )
    return claims[0][1] if claims else None


def _check_complete(src: Source) -> None:
    """A last line with an unbalanced quote is a row cut off in the middle."""
    n = last_text_line(src)
    if src.line(n).count('"') % 2:
        raise InputError(
            src.path,
            n,
            "the file ends in the middle of a row (an unclosed quote): "
            "it looks cut off; download it again",
        )


def _profiles(mapping: Mapping | Mappings | None) -> Mappings:
    if mapping is None:
        return ()
    return (mapping,) if isinstance(mapping, Mapping) else tuple(mapping)


def read_source(src: Source, mapping: Mapping | Mappings | None = None) -> Household:
    """One decoded file to a household of its accounts (or its tax lots), reconciled. An
    unknown layout is read with the first mapping profile whose header it has."""
    _check_complete(src)
    reader = detect(src)
    profiles = _profiles(mapping)
    parsed: ParsedFile
    if reader is not None:
        parsed = reader.read(src)
    elif profiles:
        parsed = read_with_mapping(src, choose(src, profiles))
    else:
        first = next((line.strip() for line in src.lines if line.strip()), "")[:60]
        raise InputError(
            src.path,
            1,
            f"unknown layout (first line: {first!r}): no broker format recognised; " + HOW_TO,
        )
    if not parsed.accounts and not parsed.lots:
        raise InputError(
            src.path,
            last_text_line(src),
            f"{parsed.format}: the file holds no positions",
        )
    # A name is shown where account numbers must be masked: never let it carry one whole.
    accounts = tuple(replace(a, name=mask_number(a.name)) for a in parsed.accounts)
    positions = normalize_positions(parsed.positions)
    warnings = [*src.warnings, *parsed.warnings]
    warnings.extend(row_mismatches(positions))
    warnings.extend(total_mismatches(accounts, positions))
    file = SourceFile(src.path, parsed.format, parsed.as_of, src.sha256)
    return Household((file,), accounts, positions, tuple(warnings), tuple(parsed.lots))


def read_file(
    path: str | Path, mapping: Mapping | Mappings | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Household:
    """Read and reconcile one export. Every problem with the file is an :class:`InputError`."""
    return read_source(Source.from_path(path, max_bytes), mapping)


def load_mapping(path: str | Path) -> Mappings:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(str(path), None, f"cannot read the mapping: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "the mapping is not UTF-8 text") from None
    return parse_mapping(text, str(path))


def load_household(
    paths: Iterable[str | Path],
    mapping: Mapping | Mappings | None = None,
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


def merge_files(parts: Iterable[Household], attach: bool = True) -> Household:
    """One household of files read one by one (:func:`read_file`), its lots attached to their
    positions; a file whose content another already brought is skipped with a warning. A lot
    no imported position can take is an :class:`InputError` naming the lot's file and line.
    ``attach=False`` leaves the lots as the files name their accounts (a book client's earlier
    positions may be the ones to take them)."""
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
    merged = merge_households(kept)
    return attach_lots(merged) if attach else merged
