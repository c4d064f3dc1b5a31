"""Bytes of an export to text a reader can trust, or an :class:`InputError` saying why not.

Decoding accepts what brokers and spreadsheet programs write: UTF-8 with or without a BOM,
UTF-16 with a BOM, Windows-1252; CR, LF or CRLF line ends. Binary data, an empty file or an
Excel workbook is refused. What a real export never holds is bounded here, before any reader
or regular expression looks at the text:

* a line longer than :data:`MAX_LINE_CHARS` characters (the csv module stops at 131,072 in
  one field; a broker's longest line, a disclaimer, is about a thousand) is refused;
* C0 control characters other than tab are removed, with a warning naming the first line:
  a stray one must not reach a description, where the workbook writer would refuse it.
"""

from __future__ import annotations

import codecs
import re

import numpy as np

from planner.core.errors import InputError
from planner.core.holdings import ImportWarning

#: Longest physical line accepted, in characters.
MAX_LINE_CHARS = 65_536
_CONTROL_OK = frozenset("\t\n\r")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SCAN_BYTES = 1 << 24  # newline search in 16 MB pieces: no full-size temporary arrays


def decode(data: bytes, path: str) -> str:
    """Bytes of a text export to a string, or an :class:`InputError` saying why not."""
    bom = next((b for b in _BOMS if data.startswith(b)), b"")
    if not data[len(bom) :].strip(b" \t\r\n\x00"):  # a byte-order mark alone is nothing
        raise InputError(path, 1, "the file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            path,
            1,
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
        # lines counted in the text before the error: in UTF-16 a character can hold a 0x0A
        # byte (上 is 0A 4E) that is no line end
        line = data[: err.start].decode(encoding, errors="replace").count("\n") + 1
        raise InputError(path, line, f"the file is not valid {encoding.upper()} text") from None


def _reject_binary(text: str, path: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK and ch != "\x0c")
    if controls > max(8, len(sample) // 100):
        first = next(
            i
            for i, ch in enumerate(sample)
            if ch < " " and ch not in _CONTROL_OK and ch != "\x0c"  # the first one counted
        )
        line = sample.count("\n", 0, first) + 1
        raise InputError(path, line, "binary data (control characters): this is not a CSV export")


def normalize_line_ends(text: str) -> str:
    """CRLF and lone CR become LF: every line end is one ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def strip_controls(text: str, path: str) -> tuple[str, ImportWarning | None]:
    """``text`` without C0 control characters (tab and line ends kept), and a warning saying
    how many were removed and on which line the first was; None when there were none."""
    if text.isascii() and not _ascii_controls(text):
        return text, None  # the common case, found with numpy instead of a regex scan
    first = _CONTROLS.search(text)
    if first is None:
        return text, None
    line = text.count("\n", 0, first.start()) + 1
    cleaned, count = _CONTROLS.subn("", text)
    plural = "s" if count != 1 else ""
    return cleaned, ImportWarning(
        path,
        line,
        None,
        f"{count} control character{plural} (invisible bytes no export should hold) removed, "
        "the first on this line; check the file if values look wrong",
    )


def _ascii_controls(text: str) -> bool:
    """Whether ASCII ``text`` holds a C0 control other than tab, LF and CR."""
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    for i in range(0, len(raw), _SCAN_BYTES):
        piece = raw[i : i + _SCAN_BYTES]
        low = piece[piece < 32]
        if len(low) and ((low != 9) & (low != 10) & (low != 13)).any():
            return True
    return False


def line_starts(text: str) -> np.ndarray:
    """Offsets where each line of ``text`` (line ends already ``\\n``) starts, plus one past the
    end: line ``n`` (1-based) is ``text[starts[n - 1] : starts[n] - 1]``."""
    if text.isascii():
        raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        found = [
            np.flatnonzero(raw[i : i + _SCAN_BYTES] == 10) + i
            for i in range(0, len(raw), _SCAN_BYTES)
        ]
        del raw
        ends = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    else:
        positions: list[int] = []
        at = text.find("\n")
        while at >= 0:
            positions.append(at)
            at = text.find("\n", at + 1)
        ends = np.asarray(positions, dtype=np.int64)
    starts = np.empty(len(ends) + 2, dtype=np.int64)
    starts[0] = 0
    starts[1 : len(ends) + 1] = ends + 1
    if text.endswith("\n"):
        return starts[: len(ends) + 1]
    starts[-1] = len(text) + 1  # the last line has no end of its own
    return starts


def check_line_lengths(starts: np.ndarray, path: str) -> None:
    """Refuse a line longer than :data:`MAX_LINE_CHARS`, naming it."""
    if len(starts) < 2:
        return
    lengths = np.diff(starts) - 1
    longest = int(np.argmax(lengths))
    if lengths[longest] > MAX_LINE_CHARS:
        raise InputError(
            path,
            longest + 1,
            f"this line is {int(lengths[longest]):,} characters long, over the limit of "
            f"{MAX_LINE_CHARS:,}: no positions export has such lines; the file is damaged "
            "or not an export",
        )
