"""Bytes of an export to text (``planner/brokers/decode.py``), read directly, one branch at a
time.

Every file is written here as bytes and every expectation is worked out from them: the text
each encoding gives (UTF-8 with and without its BOM, UTF-16 with a BOM and without one, told
apart by where its zero bytes are, Windows-1252, Latin-1 when a byte is undefined in 1252),
each refusal's line and words (an empty file, a workbook, bytes that are not valid in their
encoding, a NUL byte, too many control characters, a line over :data:`MAX_LINE_CHARS`), the
control characters removed and the warning naming the first one's line, and where each line
starts.
"""

from __future__ import annotations

import codecs

import numpy as np
import pytest

from planner.brokers import decode as decode_module
from planner.brokers.decode import (
    MAX_LINE_CHARS,
    check_line_lengths,
    decode,
    line_starts,
    normalize_line_ends,
    strip_controls,
)
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning

PATH = "exports/positions.csv"
CJK = "\u4e2d"  # both bytes non-zero in UTF-16 (4E 2D)
A_MACRON = "\u0100"  # one zero byte in UTF-16: the low one (LE 00 01, BE 01 00)


def refused(data: bytes) -> InputError:
    """The error decoding ``data`` raises, which names :data:`PATH` and a line."""
    with pytest.raises(InputError) as info:
        decode(data, PATH)
    err = info.value
    assert err.file == PATH
    assert err.line is not None
    assert str(err) == f"{PATH}:{err.line}: {err.reason}"
    return err


# -- empty files and workbooks --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        *(b"", b" ", b"\n\n", b"\r\n \t\r\n", b"\x00\x00\x00", b" \x00\n"),
        # a byte-order mark and nothing else (Excel's "CSV UTF-8" of an empty sheet)
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"\r\n\r\n",
        codecs.BOM_UTF16_LE + "\n \n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF16_BE + "\t\n".encode("utf-16-be"),
    ],
)
def test_an_empty_file_is_refused(data: bytes) -> None:
    err = refused(data)
    assert (err.line, err.reason) == (1, "the file is empty")


def test_a_workbook_or_zip_archive_is_refused() -> None:
    err = refused(b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml")
    assert err.line == 1
    assert err.reason == (
        "this is an Excel workbook or a zip archive, not a CSV export; "
        "save or download the positions as CSV"
    )


def test_pk_without_the_zip_signature_is_text() -> None:
    assert decode(b"PK,Symbol\n1,ABC\n", PATH) == "PK,Symbol\n1,ABC\n"


# -- UTF-8 ---------------------------------------------------------------------------------


def test_utf8_without_a_bom() -> None:
    text = "Konto;Kürzel;Stück\n1;ÄBC;3\n"
    assert decode(text.encode("utf-8"), PATH) == text


def test_utf8_with_a_bom_loses_the_bom() -> None:
    text = "Symbol,Description\nAAPL,Café\n"
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), PATH) == text


def test_line_ends_are_left_to_normalize() -> None:
    assert decode(b"a\r\nb\rc\n", PATH) == "a\r\nb\rc\n"


def test_utf8_with_a_bom_and_a_bad_byte_names_its_line() -> None:
    err = refused(codecs.BOM_UTF8 + b"Symbol,Qty\nAAPL,10\nMSFT,\xff5\nIBM,1\n")
    assert (err.line, err.reason) == (3, "the file is not valid UTF-8 text")


def test_utf8_with_a_bom_cut_in_a_character_names_the_last_line() -> None:
    err = refused(codecs.BOM_UTF8 + b"a\nb\n\xc3")
    assert (err.line, err.reason) == (3, "the file is not valid UTF-8 text")


def test_utf8_with_a_bom_may_hold_a_nul_for_strip_controls_to_remove() -> None:
    assert decode(codecs.BOM_UTF8 + b"a,b\x00c\n", PATH) == "a,b\x00c\n"


# -- UTF-16 --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom(encoding: str) -> None:
    text = "Symbol,Description\nAAPL,Café " + CJK + "\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    assert decode(bom + text.encode(encoding), PATH) == text


def test_utf16_with_a_bom_cut_short_names_the_last_line() -> None:
    err = refused("a\nb\nc".encode("utf-16") + b"\x00")
    assert (err.line, err.reason) == (3, "the file is not valid UTF-16 text")


def test_utf16_with_a_bom_and_a_lone_surrogate_names_its_line() -> None:
    data = (
        codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le")
    )
    err = refused(data)
    assert (err.line, err.reason) == (3, "the file is not valid UTF-16 text")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_told_by_its_zero_bytes(encoding: str) -> None:
    text = "Symbol,Quantity,Price\nAAPL,10,255.10\n"
    assert decode(text.encode(encoding), PATH) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_when_four_in_ten_characters_are_ascii(encoding: str) -> None:
    """Over 40% of the characters ASCII (a zero high byte) and none with a zero low byte:
    UTF-16; 40% exactly is not enough, and the NUL bytes make it binary."""
    text = "a" * 9 + CJK * 11  # 9 of 20 characters: over 0.4
    assert decode(text.encode(encoding), PATH) == text
    err = refused(("a" * 8 + CJK * 12).encode(encoding))  # 8 of 20: not over 0.4
    assert (err.line, err.reason) == (1, "binary data (a NUL byte): this is not a CSV export")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_allows_under_one_in_twenty_zero_low_bytes(encoding: str) -> None:
    text = "a" * 39 + A_MACRON  # one zero low byte in 40 characters: under 0.05
    assert decode(text.encode(encoding), PATH) == text
    err = refused(("a" * 38 + A_MACRON * 2).encode(encoding))  # two: 0.05 exactly, too many
    assert (err.line, err.reason) == (1, "binary data (a NUL byte): this is not a CSV export")


def test_utf16_le_without_a_bom_and_a_lone_surrogate_names_its_line() -> None:
    data = (
        "Symbol,Quantity\nAAPL,10\n".encode("utf-16-le") + b"\x01\xd8" + "x\n".encode("utf-16-le")
    )
    err = refused(data)
    assert (err.line, err.reason) == (3, "the file is not valid UTF-16-LE text")


def test_utf16_be_without_a_bom_cut_short_names_the_last_line() -> None:
    err = refused("Symbol,Quantity\nAAPL,10\nMSFT".encode("utf-16-be") + b"\x00")
    assert (err.line, err.reason) == (3, "the file is not valid UTF-16-BE text")


# -- binary data ---------------------------------------------------------------------------


def test_a_nul_byte_in_an_ascii_file_is_binary_naming_its_line() -> None:
    err = refused(b"Symbol,Quantity,Price\nAAPL,10,255.10\nMSFT,5,\x00\x00410.00\nIBM,1,2\n")
    assert (err.line, err.reason) == (3, "binary data (a NUL byte): this is not a CSV export")


def test_a_nul_byte_on_the_first_line() -> None:
    err = refused(b"\x00Symbol,Quantity,Price\nAAPL,10,255.10\nMSFT,5,410.00\n")
    assert (err.line, err.reason) == (1, "binary data (a NUL byte): this is not a CSV export")


def test_eight_control_characters_are_let_through_nine_are_binary() -> None:
    eight = b"Symbol\n" + bytes(range(1, 9)) + b"\n"
    assert decode(eight, PATH) == eight.decode("ascii")
    err = refused(b"Symbol\nAAPL\n" + bytes(range(1, 9)) + b"\x0b\n")
    assert (err.line, err.reason) == (
        3,
        "binary data (control characters): this is not a CSV export",
    )


def test_one_control_character_in_a_hundred_is_let_through() -> None:
    """Over eight: more than one character in a hundred of the first 65,536 is binary."""
    ok = "x" * 999 + "\n" + "x" * 980 + "\x01" * 20  # 2,000 characters, 20 controls
    assert len(ok) == 2000
    assert decode(ok.encode("ascii"), PATH) == ok
    bad = "x" * 999 + "\n" + "x" * 979 + "\x01" * 21  # 2,000 characters, 21 controls
    assert len(bad) == 2000
    err = refused(bad.encode("ascii"))
    assert (err.line, err.reason) == (
        2,
        "binary data (control characters): this is not a CSV export",
    )


def test_only_the_first_65536_characters_are_looked_at() -> None:
    # 655 controls in the first 65,536 characters is one in a hundred, not more; the one
    # after them is not looked at
    text = "\x01" * 655 + "x" * (65536 - 655) + "\x01"
    assert decode(text.encode("ascii"), PATH) == text
    err = refused(("\x01" * 656 + "x" * (65536 - 656) + "\x01").encode("ascii"))
    assert err.line == 1


def test_tab_line_ends_form_feed_and_space_are_not_counted() -> None:
    text = "a\tb\r\n" * 20 + "\x0c" * 20 + " " * 20 + "\r" * 20
    assert decode(text.encode("ascii"), PATH) == text


def test_binary_names_the_line_of_the_first_control_it_counted() -> None:
    """A form feed is not counted: the line named is that of the first counted control."""
    err = refused(b"\x0cSymbol\nAAPL\n" + b"\x01" * 9 + b"\n")
    assert (err.line, err.reason) == (
        3,
        "binary data (control characters): this is not a CSV export",
    )


def test_control_characters_in_a_utf8_bom_file_are_binary_too() -> None:
    err = refused(codecs.BOM_UTF8 + b"Symbol\n" + b"\x02" * 9)
    assert err.line == 2


# -- Windows-1252 and Latin-1 --------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_windows_1252() -> None:
    data = b"Caf\xe9 \x93Growth\x94 Fund \x80 \x96 5\n"
    assert decode(data, PATH) == "Café \u201cGrowth\u201d Fund \u20ac \u2013 5\n"


@pytest.mark.parametrize("undefined", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_windows_1252_leaves_undefined_makes_it_latin_1(undefined: int) -> None:
    data = b"Caf\xe9 \x93x" + bytes([undefined]) + b"\n"
    assert decode(data, PATH) == "Café \x93x" + chr(undefined) + "\n"


# -- line ends -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\rc", "a\nb\nc"),
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("\r\r\n", "\n\n"),
        ("a\nb", "a\nb"),
        ("", ""),
    ],
)
def test_every_line_end_becomes_one_newline(text: str, expected: str) -> None:
    assert normalize_line_ends(text) == expected


# -- control characters --------------------------------------------------------------------


def removed(count: int, line: int) -> ImportWarning:
    plural = "s" if count != 1 else ""
    return ImportWarning(
        PATH,
        line,
        None,
        f"{count} control character{plural} (invisible bytes no export should hold) removed, "
        "the first on this line; check the file if values look wrong",
    )


def test_text_without_control_characters_is_left_alone() -> None:
    for text in ["Symbol,Qty\nAAPL,10\n", "a\tb\r\nc\rd", "Kürzel\tStück\n", "", "a\x7fb"]:
        assert strip_controls(text, PATH) == (text, None)


def test_control_characters_are_removed_with_a_warning_naming_the_first_ones_line() -> None:
    text = "Symbol,Qty\nAAPL,10\nMS\x01FT,5\x02\nIBM,\x0b1\n"
    assert strip_controls(text, PATH) == ("Symbol,Qty\nAAPL,10\nMSFT,5\nIBM,1\n", removed(3, 3))


def test_one_control_character_is_one_not_ones() -> None:
    assert strip_controls("a\nb\x1f", PATH) == ("a\nb", removed(1, 2))


def test_control_characters_in_non_ascii_text() -> None:
    assert strip_controls("Kürzel\nÄ\x00BC\x0c\n", PATH) == ("Kürzel\nÄBC\n", removed(2, 2))


@pytest.mark.parametrize("code", range(32))
@pytest.mark.parametrize("prefix", ["ascii", "é"])
def test_each_c0_control_but_tab_and_line_ends_is_removed(code: int, prefix: str) -> None:
    text = f"{prefix}\nx{chr(code)}y"
    if code in (9, 10, 13):
        assert strip_controls(text, PATH) == (text, None)
    else:
        assert strip_controls(text, PATH) == (f"{prefix}\nxy", removed(1, 2))


def test_a_control_character_is_found_in_any_piece_of_a_long_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(decode_module, "_SCAN_BYTES", 4)
    assert strip_controls("abcd\nfgh\tij\r\n", PATH) == ("abcd\nfgh\tij\r\n", None)
    assert strip_controls("abcd\nfghij\nk\x01", PATH) == ("abcd\nfghij\nk", removed(1, 3))


# -- where lines start ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("ab\ncde\nf\n", [0, 3, 7, 9]),
        ("ab\ncde\nf", [0, 3, 7, 9]),  # the last line without its end: as if it had one
        ("", [0, 1]),  # one empty line
        ("\n", [0, 1]),
        ("\n\n", [0, 1, 2]),
        ("a", [0, 2]),
        ("é\nüx\n", [0, 2, 5]),
        ("é\nüx", [0, 2, 5]),
        ("\nü\n\n", [0, 1, 3, 4]),  # a newline first, and two in a row
    ],
)
def test_line_starts(text: str, starts: list[int]) -> None:
    found = line_starts(text)
    assert found.dtype == np.int64
    assert found.tolist() == starts
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    assert [text[starts[n - 1] : starts[n] - 1] for n in range(1, len(starts))] == lines


def test_line_starts_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a\nbb\n\nccc\ndddd\ne"
    expected = [0, 2, 5, 6, 10, 15, 17]
    assert line_starts(text).tolist() == expected
    monkeypatch.setattr(decode_module, "_SCAN_BYTES", 3)
    assert line_starts(text).tolist() == expected


# -- line lengths --------------------------------------------------------------------------


def test_the_longest_line_allowed() -> None:
    assert MAX_LINE_CHARS == 65_536


def test_a_line_at_the_limit_is_accepted_in_characters_not_bytes() -> None:
    check_line_lengths(line_starts("a\n" + "x" * MAX_LINE_CHARS + "\nb\n"), PATH)
    check_line_lengths(line_starts("a\n" + "é" * MAX_LINE_CHARS), PATH)
    check_line_lengths(np.array([0], dtype=np.int64), PATH)  # no line at all


def test_a_line_over_the_limit_is_refused_naming_it() -> None:
    with pytest.raises(InputError) as info:
        check_line_lengths(line_starts("a\nb\n" + "x" * (MAX_LINE_CHARS + 1) + "\nc\n"), PATH)
    err = info.value
    assert (err.file, err.line) == (PATH, 3)
    assert err.reason == (
        "this line is 65,537 characters long, over the limit of 65,536: no positions export "
        "has such lines; the file is damaged or not an export"
    )


def test_the_longest_of_two_long_lines_is_named_and_the_first_of_equals() -> None:
    over = "x" * (MAX_LINE_CHARS + 1)
    with pytest.raises(InputError) as info:
        check_line_lengths(line_starts(f"a\n{over}\n{over}x\nb"), PATH)
    assert info.value.line == 3
    assert "65,538 characters" in info.value.reason
    with pytest.raises(InputError) as info:
        check_line_lengths(line_starts(f"a\n{over}\n{over}"), PATH)
    assert info.value.line == 2


def test_the_last_line_without_its_end_is_measured_too() -> None:
    with pytest.raises(InputError) as info:
        check_line_lengths(line_starts("a\n" + "é" * (MAX_LINE_CHARS + 1)), PATH)
    assert info.value.line == 2


def test_utf8_with_a_bom_and_a_blank_first_line_counts_that_line() -> None:
    """The line end right after the BOM is line 1's: a bad byte on the next line is on line 2."""
    err = refused(codecs.BOM_UTF8 + b"\nAAPL,\xff5\n")
    assert (err.line, err.reason) == (2, "the file is not valid UTF-8 text")


def test_utf16_line_of_a_bad_character_after_one_holding_a_0a_byte() -> None:
    """上 (U+4E0A) is the bytes 0A 4E in UTF-16-LE: not a line end. The lone surrogate after
    ``Symbol,Name`` / ``X,上海`` is on line 3."""
    data = (
        codecs.BOM_UTF16_LE
        + "Symbol,Name\nX,\u4e0a\u6d77\nAAPL,".encode("utf-16-le")
        + b"\x00\xd8"
        + "A\n".encode("utf-16-le")
    )
    err = refused(data)
    assert (err.line, err.reason) == (3, "the file is not valid UTF-16 text")


def test_a_file_of_letters_is_not_empty() -> None:
    """Only blanks and NUL bytes make a file empty: ``XX`` is text (for detection to refuse)."""
    assert decode(b"XX\n", PATH) == "XX\n"
    assert decode(b" X \r\n", PATH) == " X \r\n"


def test_binary_data_names_the_line_of_the_first_nul_byte() -> None:
    err = refused(b"Symbol,Quantity\nAAPL,\x0010\nMSFT,5\nIBM,\x001\n")
    assert (err.line, err.reason) == (2, "binary data (a NUL byte): this is not a CSV export")


def test_binary_data_counts_a_blank_first_line() -> None:
    err = refused(b"\nSymbol,Quantity\nAAPL,\x0010\n")
    assert (err.line, err.reason) == (3, "binary data (a NUL byte): this is not a CSV export")


def test_binary_names_the_line_of_the_first_control_not_of_a_space_before_it() -> None:
    err = refused(b"Symbol Name\nAAPL\n" + b"\x01" * 9 + b"\n")
    assert (err.line, err.reason) == (
        3,
        "binary data (control characters): this is not a CSV export",
    )


def test_an_odd_length_file_just_over_four_in_ten_zero_high_bytes_is_utf16_cut_short() -> None:
    """35 bytes: 17 whole UTF-16-LE characters, 7 of them ASCII (7 > 0.4 * 17), and one byte
    over: UTF-16 cut short, not binary."""
    data = ("a" * 7 + CJK * 10).encode("utf-16-le") + b"!"
    err = refused(data)
    assert (err.line, err.reason) == (1, "the file is not valid UTF-16-LE text")


def test_a_blank_first_line_counts_in_the_line_of_a_control_character() -> None:
    """Binary or removed with a warning, the line named counts a blank first line."""
    err = refused(b"\nSymbol\n" + b"\x01" * 9 + b"\n")
    assert (err.line, err.reason) == (
        3,
        "binary data (control characters): this is not a CSV export",
    )
    assert strip_controls("\nSymbol\nAAPL\x01\n", PATH) == ("\nSymbol\nAAPL\n", removed(1, 3))


@pytest.mark.parametrize("code", [0x01, 0x0B, 0x1F])
def test_a_control_character_in_a_text_without_a_line_end_is_removed(code: int) -> None:
    """No newline for the quick scan to trip on: the control is still found and removed."""
    assert strip_controls(f"AAPL{chr(code)}", PATH) == ("AAPL", removed(1, 1))


@pytest.mark.parametrize("end", ["", "\n"])
def test_a_file_of_one_line_over_the_limit_is_refused_naming_line_1(end: str) -> None:
    with pytest.raises(InputError) as info:
        check_line_lengths(line_starts("x" * (MAX_LINE_CHARS + 1) + end), PATH)
    assert info.value.line == 1
    assert info.value.reason.startswith(f"this line is {MAX_LINE_CHARS + 1:,} characters long")


@pytest.mark.parametrize("code", [0x01, 0x0B, 0x1F])
def test_a_control_character_that_opens_the_file_is_removed(code: int) -> None:
    # the quick scan must look at the very first character too
    assert strip_controls(f"{chr(code)}Symbol,Qty\nAAPL,10\n", PATH) == (
        "Symbol,Qty\nAAPL,10\n",
        removed(1, 1),
    )
