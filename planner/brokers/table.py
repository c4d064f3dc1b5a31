"""A block of lines as columns of cells, in bounded memory.

Large blocks stream through pandas' C tokenizer in chunks of :data:`CHUNK_ROWS` rows, read
straight out of the source text (no copy of the block); small ones, and any block the tokenizer
cannot take row-for-line (a quoted newline, a row wider than expected), go through the csv
module, also in chunks. Number columns come back as a :class:`TextColumn` - the cells joined
into one string - so a million cells of ``$1,234.56`` cost about ten bytes each instead of a
Python string object (about sixty); :func:`planner.brokers.numbers.parse_column` reads that
string directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

import numpy as np
import pandas as pd

from planner.brokers import source as source_module
from planner.brokers.source import clean_cell, fit, parse_line

if TYPE_CHECKING:
    from planner.brokers.source import Source

#: Rows per chunk, on both paths.
CHUNK_ROWS = 50_000


class TextColumn(Sequence[str]):
    """Cells (none holding a newline) kept as one ``\\n``-joined string; items on demand.

    A slice is a view on the same string (``base[lo:hi]``), copied out only by :attr:`joined`
    - which :func:`~planner.brokers.numbers.parse_column` asks for one column at a time."""

    __slots__ = ("_base", "_bounds", "_hi", "_lo", "_n")

    def __init__(self, joined: str, n: int, lo: int = 0, hi: int | None = None) -> None:
        self._base = joined
        self._lo = lo
        self._hi = len(joined) if hi is None else hi
        self._n = n
        self._bounds: np.ndarray | None = None

    @classmethod
    def of(cls, cells: Iterable[str]) -> TextColumn:
        items = list(cells)
        return cls("\n".join(items), len(items))

    @property
    def joined(self) -> str:
        """The cells joined with ``\\n``, as one string."""
        if self._lo == 0 and self._hi == len(self._base):
            return self._base
        return self._base[self._lo : self._hi]

    def __len__(self) -> int:
        return self._n

    def bounds(self) -> np.ndarray:
        """Offsets into the underlying string: ``lo - 1``, every separator, ``hi``; cell
        ``i`` lies between ``bounds[i] + 1`` and ``bounds[i + 1]``."""
        if self._bounds is None:
            text = self.joined
            if text.isascii():
                raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
                found = np.flatnonzero(raw == 10)
            else:
                found = np.fromiter((i for i, ch in enumerate(text) if ch == "\n"), dtype=np.int64)
            inner = np.concatenate(([-1], found, [len(text)])).astype(np.int64)
            self._bounds = inner + self._lo
        return self._bounds

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> TextColumn: ...

    def __getitem__(self, index: int | slice) -> str | TextColumn:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._n)
            if step != 1:
                return TextColumn.of(self[i] for i in range(start, stop, step))
            if start == 0 and stop == self._n:
                return self
            if stop <= start:
                return TextColumn("", 0)
            if start == 0 and self._bounds is None and self._n - stop <= 16:
                end = self._hi  # a few rows off the end (a total row): no bounds needed
                for _ in range(self._n - stop):
                    end = self._base.rfind("\n", self._lo, end)
                return TextColumn(self._base, stop, self._lo, end)
            b = self.bounds()
            return TextColumn(self._base, stop - start, int(b[start]) + 1, int(b[stop]))
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(index)
        b = self.bounds()
        return self._base[int(b[index]) + 1 : int(b[index + 1])]

    def __iter__(self) -> Iterator[str]:
        if self._n:
            yield from self.joined.split("\n")

    def take(self, indices: Sequence[int]) -> TextColumn:
        """The cells at ``indices``, in that order."""
        b = self.bounds().tolist()
        base = self._base
        return TextColumn.of(base[b[i] + 1 : b[i + 1]] for i in indices)


def take(cells: Sequence[str], indices: Sequence[int] | np.ndarray) -> Sequence[str]:
    """``[cells[i] for i in indices]``, staying compact when ``cells`` is a TextColumn."""
    idx = indices.tolist() if isinstance(indices, np.ndarray) else indices
    if isinstance(cells, TextColumn):
        return cells.take(idx)
    return [cells[i] for i in idx]


def columns(
    src: Source,
    first: int,
    last: int,
    width: int,
    want: list[int],
    delimiter: str,
    joined: frozenset[int],
) -> dict[int, Sequence[str]]:
    """Lines ``first``..``last`` as ``{index: cells}`` for the ``want`` column indices, rows
    padded or cut to ``width`` cells; indices in ``joined`` come back as TextColumns. Text
    cells are not stripped on the fast path: callers strip the few text columns they keep."""
    if last < first:
        return {i: ([] if i not in joined else TextColumn("", 0)) for i in want}
    if last - first + 1 >= source_module.FAST_PATH_MIN_ROWS:
        for spare in (True, False):
            fast = _fast(src, first, last, width, want, delimiter, joined, spare)
            if fast is not _RETRY:
                if fast is not None:
                    return fast  # type: ignore[return-value]
                break
    return _slow(src, first, last, width, want, delimiter, joined)


class _Collect:
    """Cells of one block gathered chunk by chunk: text columns as lists, number columns as
    joined strings."""

    def __init__(self, want: list[int], joined: frozenset[int]) -> None:
        self.lists: dict[int, list[str]] = {i: [] for i in want if i not in joined}
        self.parts: dict[int, list[str]] = {i: [] for i in want if i in joined}
        self.counts: dict[int, int] = dict.fromkeys(self.parts, 0)

    def add(self, i: int, cells: list[str]) -> None:
        if i in self.lists:
            self.lists[i].extend(cells)
        elif cells:
            self.parts[i].append("\n".join(cells))
            self.counts[i] += len(cells)

    def result(self) -> dict[int, Sequence[str]]:
        out: dict[int, Sequence[str]] = dict(self.lists)
        for i, parts in self.parts.items():
            out[i] = TextColumn("\n".join(parts), self.counts[i])
        return out


def _slow(
    src: Source,
    first: int,
    last: int,
    width: int,
    want: list[int],
    delimiter: str,
    joined: frozenset[int],
) -> dict[int, Sequence[str]]:
    got = _Collect(want, joined)
    for start in range(first, last + 1, CHUNK_ROWS):
        stop = min(last, start + CHUNK_ROWS - 1)
        rows = [fit(parse_line(src.line(n), delimiter), width) for n in range(start, stop + 1)]
        for i in want:
            got.add(i, [r[i] for r in rows])
    return got.result()


class _TextReader:
    """A read-only file over ``text[start:end]``: pandas pulls it in pieces, never whole."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._pos, self._end = text, start, end

    def read(self, size: int = -1) -> str:
        stop = self._end if size is None or size < 0 else min(self._end, self._pos + size)
        piece = self._text[self._pos : stop]
        self._pos = stop
        return piece

    def __iter__(self) -> Iterator[str]:  # pandas asks for it to call this a file
        return iter(())


_RETRY = object()


def _fast(
    src: Source,
    first: int,
    last: int,
    width: int,
    want: list[int],
    delimiter: str,
    joined: frozenset[int],
    spare: bool,
) -> dict[int, Sequence[str]] | object | None:
    """The C tokenizer, in chunks; ``spare``: rows may end with one spare empty cell (a
    trailing comma), read it too and make sure it is empty. None: use the csv module;
    _RETRY: try again without the spare cell."""
    start, end = src.offset(first), min(src.offset(last + 1), len(src.text))
    guarded = src.text.find('="', start, end) >= 0
    names = list(range(width + 1 if spare else width))
    got = _Collect(want, joined)
    rows = 0
    try:
        chunks = pd.read_csv(
            _TextReader(src.text, start, end),  # type: ignore[call-overload]
            header=None,
            names=names,
            usecols=[*want, width] if spare else want,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skipinitialspace=True,
            sep=delimiter,
            engine="c",
            chunksize=CHUNK_ROWS,
        )
        for frame in chunks:
            if spare:
                extra = frame[width]
                if (extra.notna() & (extra != "")).any():
                    return None  # cells past the header: let the per-row path decide
            rows += len(frame)
            for i in want:
                series = frame[i]
                cells = (series.fillna("") if series.isna().any() else series).tolist()
                if guarded:
                    cells = [clean_cell(c) if c.lstrip().startswith('="') else c for c in cells]
                got.add(i, cells)
    except pd.errors.ParserError as err:
        if spare and "Too many columns specified" in str(err):
            return _RETRY  # no row has a spare cell
        return None  # a row wider than expected, or a quote the tokenizer rejects
    except ValueError:
        return None
    if rows != last - first + 1:
        return None  # a quoted newline: rows are no longer lines
    return got.result()
