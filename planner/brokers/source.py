"""A broker file as text: decoded, addressable by line number, parsed into cells on demand.

The text is held once, as one string with ``\\n`` line ends, with an array of where each line
starts: no list of line strings, so a million-row export costs its own size in memory, not
several times that (:mod:`planner.brokers.table` reads its tables the same way).

Line numbers are 1-based physical lines, the numbers an editor shows, so every message can
point at the line the user can open.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, overload

import numpy as np

from planner.brokers.decode import (
    check_line_lengths,
    decode,
    line_starts,
    normalize_line_ends,
    strip_controls,
)
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning

#: Blocks this long go through pandas' C tokenizer; shorter ones through the csv module.
FAST_PATH_MIN_ROWS = 2000
_CELL_CACHE = 4096  # lines whose cells are kept (headers, titles: looked at more than once)


def clean_cell(cell: str) -> str:
    """Whitespace trimmed; Excel's ``="..."`` text guard removed."""
    c = cell.strip()
    if c.startswith('="') and c.endswith('"'):
        c = c[2:-1]
    return c


class Lines(Sequence[str]):
    """The lines of a :class:`Source` as a read-only sequence, sliced out of its text."""

    def __init__(self, src: Source) -> None:
        self._src = src

    def __len__(self) -> int:
        return len(self._src)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        n = len(self)
        if isinstance(index, slice):
            return [self._src.line(i + 1) for i in range(*index.indices(n))]
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(index)
        return self._src.line(index + 1)

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self._src.line(i + 1)


@dataclass(eq=False)
class Source:
    """One file's text (line ends ``\\n``) and where its lines start."""

    path: str
    text: str
    starts: np.ndarray
    sha256: str = ""
    #: What decoding had to say (control characters removed), for the import's warnings.
    warnings: list[ImportWarning] = field(default_factory=list)
    _cells: dict[tuple[int, str], list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str, path: str, sha256: str = "") -> Source:
        text = normalize_line_ends(text)
        text, warning = strip_controls(text, path)
        starts = line_starts(text)
        check_line_lengths(starts, path)
        return cls(path, text, starts, sha256, [warning] if warning else [])

    @classmethod
    def from_bytes(cls, data: bytes, path: str, max_bytes: int | None = None) -> Source:
        _check_size(len(data), path, max_bytes)
        return cls.from_text(decode(data, path), path, hashlib.sha256(data).hexdigest())

    @classmethod
    def from_path(cls, path: str | Path, max_bytes: int | None = None) -> Source:
        """Read, check and decode a file, holding its bytes only while decoding them."""
        name = str(path)
        try:
            with open(path, "rb") as fh:
                size = _file_size(fh)
                _check_size(size, name, max_bytes)
                data = fh.read()
        except FileNotFoundError:
            raise InputError(name, None, "no such file") from None
        except IsADirectoryError:
            raise InputError(name, None, "is a folder, not a file") from None
        except OSError as err:
            raise InputError(name, None, f"cannot read: {err.strerror}") from None
        _check_size(len(data), name, max_bytes)
        digest = hashlib.sha256(data).hexdigest()
        text = decode(data, name)
        del data
        return cls.from_text(text, name, digest)

    def __len__(self) -> int:
        return len(self.starts) - 1

    @property
    def lines(self) -> Lines:
        return Lines(self)

    def line(self, number: int) -> str:
        if not 1 <= number <= len(self):
            raise IndexError(number)
        return self.text[int(self.starts[number - 1]) : int(self.starts[number]) - 1]

    def offset(self, number: int) -> int:
        """Character offset in :attr:`text` where line ``number`` starts (one past the end for
        the line after the last)."""
        return int(self.starts[min(max(number, 1), len(self) + 1) - 1])

    def line_at(self, offset: int) -> int:
        """The number of the line holding character ``offset``."""
        return int(np.searchsorted(self.starts, offset, side="right"))

    def cells(self, number: int, delimiter: str = ",") -> list[str]:
        """The cleaned cells of line ``number``; an empty list for a blank line."""
        key = (number, delimiter)
        cached = self._cells.get(key)
        if cached is None:
            cached = parse_line(self.line(number), delimiter)
            if len(self._cells) >= _CELL_CACHE:
                self._cells.clear()
            self._cells[key] = cached
        return cached

    def is_blank(self, number: int) -> bool:
        """A line with no text, or only empty cells (``"",""`` or ``;;`` padding counts as
        blank, whichever of the two delimiters the file uses)."""
        raw = self.line(number)
        if not raw.strip():
            return True
        if raw.strip(' ",;\t'):
            return False
        return not any(self.cells(number)) or not any(self.cells(number, ";"))

    def first_cell(self, number: int) -> str:
        cells = self.cells(number)
        return cells[0] if cells else ""

    def lines_starting_with(self, prefixes: tuple[str, ...]) -> list[int]:
        """Numbers of the lines that start with any of ``prefixes``."""
        found = [1] if self.text.startswith(prefixes) else []
        pattern = re.compile("\n(?:" + "|".join(re.escape(p) for p in prefixes) + ")")
        found.extend(self.line_at(m.start() + 1) for m in pattern.finditer(self.text))
        return [n for n in found if n <= len(self)]

    def columns(
        self,
        first: int,
        last: int,
        width: int,
        wanted: Sequence[int] | None = None,
        delimiter: str = ",",
        joined: Sequence[int] = (),
    ) -> dict[int, Sequence[str]]:
        """Lines ``first``..``last`` as columns: ``{index: cells}`` for the ``wanted`` indices;
        those in ``joined`` (number columns) come back compact, as
        :class:`~planner.brokers.table.TextColumn`. See :func:`planner.brokers.table.columns`."""
        from planner.brokers import table

        # each index once: a repeated one would come back as a column twice the block's length
        want = list(range(width)) if wanted is None else [w for w in wanted if 0 <= w < width]
        want = list(dict.fromkeys(want))
        return table.columns(self, first, last, width, want, delimiter, frozenset(joined))


def parse_line(raw: str, delimiter: str = ",") -> list[str]:
    """One physical line to cleaned cells; an empty list for a blank line."""
    if not raw.strip():
        return []
    # skipinitialspace: ``a, "1,234"`` is two cells, as pandas' tokenizer reads it on the
    # fast path (a quote after a space would otherwise be text, and its comma a delimiter)
    row = next(csv.reader([raw], delimiter=delimiter, skipinitialspace=True), [])
    return [clean_cell(c) for c in row]


def fit(cells: Sequence[str], width: int) -> list[str]:
    if len(cells) >= width:
        return list(cells[:width])
    return [*cells, *([""] * (width - len(cells)))]


def _file_size(fh: BinaryIO) -> int | None:
    try:
        return os.fstat(fh.fileno()).st_size
    except OSError:
        return None


def _check_size(size: int | None, path: str, max_bytes: int | None) -> None:
    if max_bytes is not None and size is not None and size > max_bytes:
        raise InputError(
            path,
            None,
            f"the file is {size / 1e6:,.1f} MB, over the import limit of "
            f"{max_bytes / 1e6:,.1f} MB (setting import.max_file_mb)",
        )
