"""A broker file as text: decoded, split into numbered lines, parsed into cells on demand.

Decoding accepts what brokers and spreadsheet programs write: UTF-8 with or without a BOM,
UTF-16 with a BOM, Windows-1252; CR, LF or CRLF line ends. Binary data, an empty file, an
Excel workbook or a file over the size limit is an :class:`InputError` naming the file.

Line numbers are 1-based physical lines, the numbers an editor shows, so every message can
point at the line the user can open.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from planner.core.errors import InputError

#: Blocks this long go through pandas' C tokenizer; shorter ones through the csv module.
FAST_PATH_MIN_ROWS = 2000
_CONTROL_OK = frozenset("\t\n\r\x0c")
_BLANKISH = re.compile(r'\n[ \t",;]*(?=\n|\Z)')


def decode(data: bytes, path: str) -> str:
    """Bytes of a text export to a string, or an :class:`InputError` saying why not."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(path, None, "the file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            path,
            None,
            "this is an Excel workbook or a zip archive, not a CSV export; "
            "save or download the positions as CSV",
        )
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8", path)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", path)
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            odd = data[1::2].count(0)
            even = data[0::2].count(0)
            half = len(data) // 2
            if odd > 0.4 * half and even < 0.05 * half:
                text = _strict(data, "utf-16-le", path)
            elif even > 0.4 * half and odd < 0.05 * half:
                text = _strict(data, "utf-16-be", path)
            else:
                line = data.count(b"\n", 0, nul) + 1
                raise InputError(path, line, "binary data (a NUL byte): this is not a CSV export")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                # Windows-1252 (Excel on Windows); the five bytes it leaves undefined map to
                # the same code points Latin-1 gives them, so decoding cannot fail.
                text = (
                    data.decode("cp1252", errors="ignore")
                    if _is_cp1252(data)
                    else (data.decode("latin-1"))
                )
    _reject_binary(text, path)
    return text


def _is_cp1252(data: bytes) -> bool:
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(path, line, f"the file is not valid {encoding.upper()} text") from None


def _reject_binary(text: str, path: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if controls > max(8, len(sample) // 100):
        first = next(i for i, ch in enumerate(sample) if ch < " " and ch not in _CONTROL_OK)
        line = sample.count("\n", 0, first) + 1
        raise InputError(path, line, "binary data (control characters): this is not a CSV export")


def split_lines(text: str) -> list[str]:
    """Physical lines without their ends; CRLF, CR and LF all end a line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def clean_cell(cell: str) -> str:
    """Whitespace trimmed; Excel's ``="..."`` text guard removed."""
    c = cell.strip()
    if c.startswith('="') and c.endswith('"'):
        c = c[2:-1]
    return c


@dataclass
class Source:
    """One file's text, addressable by line number (1-based)."""

    path: str
    text: str
    lines: list[str]
    sha256: str = ""
    _cells: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _joined: str | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)

    @classmethod
    def from_bytes(cls, data: bytes, path: str, max_bytes: int | None = None) -> Source:
        if max_bytes is not None and len(data) > max_bytes:
            raise InputError(
                path,
                None,
                f"the file is {len(data) / 1e6:,.1f} MB, over the import limit of "
                f"{max_bytes / 1e6:,.1f} MB (setting import.max_file_mb)",
            )
        text = decode(data, path)
        return cls(path, text, split_lines(text), hashlib.sha256(data).hexdigest())

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def cells(self, number: int, delimiter: str = ",") -> list[str]:
        """The cleaned cells of line ``number``; an empty list for a blank line."""
        key = number if delimiter == "," else -number
        cached = self._cells.get(key)
        if cached is None:
            raw = self.lines[number - 1]
            if not raw.strip():
                cached = []
            else:
                row = next(csv.reader([raw], delimiter=delimiter), [])
                cached = [clean_cell(c) for c in row]
            self._cells[key] = cached
        return cached

    def is_blank(self, number: int) -> bool:
        """A line with no text, or only empty cells (``"",""`` padding counts as blank)."""
        raw = self.lines[number - 1]
        if not raw.strip():
            return True
        if raw.strip(' ",;\t'):
            return False
        return not any(self.cells(number))

    def last_nonblank(self, first: int, end: int) -> int:
        """The last line of the run of non-blank lines starting at ``first`` (at most ``end``);
        ``first - 1`` when ``first`` itself is blank. Blank: nothing but quotes, separators
        and whitespace (``"",""`` padding counts)."""
        text = self.joined
        start = self._offset(first)
        if first <= len(self.lines) and self.is_blank(first):
            return first - 1
        base_line, base_pos = first, start
        for m in _BLANKISH.finditer(text, start):
            # m.start() is the "\n" ending a line; the blank-looking line follows it.
            n = base_line + text.count("\n", base_pos, m.start()) + 1
            base_line, base_pos = n, m.start() + 1
            if n > end:
                break
            if self.is_blank(n):
                return n - 1
        return end

    def lines_starting_with(self, prefixes: tuple[str, ...]) -> list[int]:
        """Numbers of the lines that start with any of ``prefixes``."""
        text = self.joined
        found = [1] if self.lines and self.lines[0].startswith(prefixes) else []
        pattern = re.compile("\n(?:" + "|".join(re.escape(p) for p in prefixes) + ")")
        line, pos = 1, 0
        for m in pattern.finditer(text):
            line += text.count("\n", pos, m.start()) + 1
            pos = m.start() + 1
            found.append(line)
        return found

    @property
    def joined(self) -> str:
        """The text with every line end as ``\n`` (one string: C-speed searches)."""
        if self._joined is None:
            self._joined = "\n".join(self.lines)
        return self._joined

    def _offset(self, line: int) -> int:
        """Character offset of the start of ``line`` in :attr:`joined`."""
        if line <= 1:
            return 0
        if self._starts is None:
            self._starts = [0, *itertools.accumulate(len(raw) + 1 for raw in self.lines)]
        return self._starts[min(line - 1, len(self._starts) - 1)]

    def first_cell(self, number: int) -> str:
        cells = self.cells(number)
        return cells[0] if cells else ""

    def rows(self, first: int, last: int, width: int, delimiter: str = ",") -> list[list[str]]:
        """Lines ``first``..``last`` (inclusive) as rows of exactly ``width`` cleaned cells."""
        return [_fit(self.cells(n, delimiter), width) for n in range(first, last + 1)]

    def columns(
        self,
        first: int,
        last: int,
        width: int,
        wanted: Sequence[int] | None = None,
        delimiter: str = ",",
    ) -> dict[int, list[str]]:
        """Lines ``first``..``last`` as columns: ``{index: cells}`` for the ``wanted`` indices.

        Large blocks go through pandas' C tokenizer (the import's hot path); a block it cannot
        take row-for-line (a quoted newline, a row wider than expected) falls back to the csv
        module. Rows are padded or cut to ``width`` cells. Text cells are not stripped on the
        fast path: callers strip the few text columns they keep.
        """
        want = list(range(width)) if wanted is None else [w for w in wanted if 0 <= w < width]
        if last < first:
            return {i: [] for i in want}
        if last - first + 1 >= FAST_PATH_MIN_ROWS:
            fast = self._columns_fast(first, last, width, want, delimiter)
            if fast is not None:
                return fast
        rows = self.rows(first, last, width, delimiter)
        return {i: [r[i] for r in rows] for i in want}

    def _columns_fast(
        self, first: int, last: int, width: int, want: list[int], delimiter: str
    ) -> dict[int, list[str]] | None:
        chunk = self.joined[self._offset(first) : self._offset(last + 1)]

        def parse(names: int, usecols: list[int]) -> pd.DataFrame:
            return pd.read_csv(
                io.StringIO(chunk),
                header=None,
                names=list(range(names)),
                usecols=usecols,
                dtype=object,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                skipinitialspace=True,
                sep=delimiter,
                engine="c",
            )

        try:
            try:  # rows may end with one spare empty cell (a trailing comma): read it too
                frame = parse(width + 1, [*want, width])
                extra = frame[width]
                if (extra.notna() & (extra != "")).any():
                    return None  # cells past the header: let the per-row path decide
            except pd.errors.ParserError as err:
                if "Too many columns specified" not in str(err):
                    raise
                frame = parse(width, want)  # no row has a spare cell
        except (pd.errors.ParserError, ValueError):
            return None  # a row wider than expected, or a quote the tokenizer rejects
        if len(frame) != last - first + 1:
            return None  # a quoted newline: rows are no longer lines
        out: dict[int, list[str]] = {}
        for i in want:
            series = frame[i]
            out[i] = (series.fillna("") if series.isna().any() else series).tolist()
        if '="' in chunk:
            for cells in out.values():
                for j, c in enumerate(cells):
                    if c.startswith('="'):
                        cells[j] = clean_cell(c)
        return out


def _fit(cells: Sequence[str], width: int) -> list[str]:
    if len(cells) >= width:
        return list(cells[:width])
    return [*cells, *([""] * (width - len(cells)))]
