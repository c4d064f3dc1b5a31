"""A broker file as text, line by line (``planner/brokers/source.py``), read directly, one branch
at a time.

Every file is written here as text or bytes and every expectation is read off it: the lines an
editor would number (line ends normalised, the last line with or without its end), the cells of
each line (cleaned, unquoted, Excel's ``="..."`` guard removed, for a comma or any other
delimiter), which lines are blank, which start with a prefix, where each line starts, how a
file is opened (its SHA-256, the size limit, a file that is missing, a folder, unreadable) and
each refusal's file, line and words.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from planner.brokers import source as source_module
from planner.brokers.source import Source, clean_cell, fit, parse_line
from planner.brokers.table import TextColumn
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning
from planner.storage import Settings

PATH = "exports/positions.csv"
TEXT = "Symbol,Qty\nAAPL,10\n\nMSFT,5\n"  # four lines, the third blank


def src_of(text: str) -> Source:
    return Source.from_text(text, PATH)


def test_the_fast_path_threshold() -> None:
    assert source_module.FAST_PATH_MIN_ROWS == 2000


# -- one cell, one line --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "clean"),
    [
        ("AAPL", "AAPL"),
        ("  AAPL \t", "AAPL"),
        ('="0123"', "0123"),
        ('  ="0123"  ', "0123"),
        ('=""', ""),
        ('="A B"', "A B"),
        ('="0123', '="0123'),  # no closing quote: not the guard
        ('"0123"', '"0123"'),
        ('=0123"', '=0123"'),
        ("", ""),
    ],
)
def test_a_cell_is_trimmed_and_unguarded(cell: str, clean: str) -> None:
    assert clean_cell(cell) == clean


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("", []),
        ("   ", []),
        ("\t", []),
        ("a,b", ["a", "b"]),
        (" a , b ", ["a", "b"]),
        ("a,,", ["a", "", ""]),
        (",", ["", ""]),
        ('"a,b",c', ["a,b", "c"]),
        ('a, "1,234.00", b', ["a", "1,234.00", "b"]),  # a quote after a space opens a cell
        ('"x""y",z', ['x"y', "z"]),
        ('a,"b', ["a", "b"]),  # a quote left open closes at the end of the line
        ('a,b"c', ["a", 'b"c']),
        ('="01",="02", ="03"', ["01", "02", "03"]),
        ("a;b", ["a;b"]),
    ],
)
def test_a_line_is_its_cleaned_cells(line: str, cells: list[str]) -> None:
    assert parse_line(line) == cells


def test_a_line_with_another_delimiter() -> None:
    assert parse_line("0099;APPLE INC.;10.204,00", ";") == ["0099", "APPLE INC.", "10.204,00"]
    assert parse_line('a; "b;c" ;d', ";") == ["a", "b;c", "d"]
    assert parse_line("a\tb c\t", "\t") == ["a", "b c", ""]


@pytest.mark.parametrize(
    ("cells", "width", "fitted"),
    [
        (["a", "b"], 3, ["a", "b", ""]),
        ([], 2, ["", ""]),
        (["a", "b", "c"], 2, ["a", "b"]),
        (["a", "b"], 2, ["a", "b"]),
        (["a"], 0, []),
    ],
)
def test_a_row_is_fitted_to_the_width(cells: list[str], width: int, fitted: list[str]) -> None:
    out = fit(cells, width)
    assert out == fitted
    assert out is not cells


# -- lines ---------------------------------------------------------------------------------


def test_lines_are_numbered_from_one() -> None:
    src = src_of(TEXT)
    assert len(src) == 4
    assert [src.line(n) for n in range(1, 5)] == ["Symbol,Qty", "AAPL,10", "", "MSFT,5"]
    for number in (0, 5, -1):
        with pytest.raises(IndexError):
            src.line(number)


def test_the_last_line_without_its_end_is_a_line() -> None:
    src = src_of("a\nb")
    assert len(src) == 2
    assert src.line(2) == "b"
    assert src.text == "a\nb"


def test_an_empty_text_is_one_empty_line() -> None:
    src = src_of("")
    assert len(src) == 1
    assert src.line(1) == ""


def test_line_ends_are_normalised_first() -> None:
    src = src_of("a,1\r\nb,2\rc,3\n")
    assert src.text == "a,1\nb,2\nc,3\n"
    assert list(src.lines) == ["a,1", "b,2", "c,3"]


def test_the_lines_as_a_sequence() -> None:
    lines = src_of(TEXT).lines
    assert len(lines) == 4
    assert (lines[0], lines[1], lines[3]) == ("Symbol,Qty", "AAPL,10", "MSFT,5")
    assert (lines[-1], lines[-4]) == ("MSFT,5", "Symbol,Qty")
    assert lines[1:3] == ["AAPL,10", ""]
    assert lines[::-2] == ["MSFT,5", "AAPL,10"]
    assert lines[5:] == []
    assert list(lines) == ["Symbol,Qty", "AAPL,10", "", "MSFT,5"]
    for index in (4, -5):
        with pytest.raises(IndexError):
            lines[index]


def test_offsets_of_lines_and_lines_of_offsets() -> None:
    src = src_of(TEXT)  # lines start at 0, 11, 19, 20; the text is 27 characters
    assert [src.offset(n) for n in range(1, 6)] == [0, 11, 19, 20, 27]
    assert (src.offset(0), src.offset(-3), src.offset(99)) == (0, 0, 27)  # clamped
    assert [src.line_at(i) for i in (0, 10, 11, 18, 19, 20, 26)] == [1, 1, 2, 2, 3, 4, 4]
    unended = src_of("ab\ncd")
    assert (unended.offset(3), unended.line_at(4)) == (6, 2)


def test_a_text_with_control_characters_warns() -> None:
    src = Source.from_text("a,1\r\x01b,2\n", PATH, sha256="abc")
    assert src.text == "a,1\nb,2\n"
    assert src.sha256 == "abc"
    assert src.warnings == [
        ImportWarning(
            PATH,
            2,
            None,
            "1 control character (invisible bytes no export should hold) removed, "
            "the first on this line; check the file if values look wrong",
        )
    ]
    assert src_of(TEXT).warnings == []
    assert src_of(TEXT).sha256 == ""


def test_a_line_too_long_is_refused_naming_it() -> None:
    with pytest.raises(InputError) as info:
        src_of("a\nb\n" + "x" * 65_537 + "\n")
    err = info.value
    assert (err.file, err.line) == (PATH, 3)
    assert err.reason.startswith("this line is 65,537 characters long, over the limit of 65,536")


# -- cells ---------------------------------------------------------------------------------


def test_cells_of_a_line() -> None:
    src = src_of('Symbol,Qty\n"MSFT", "1,234"\n\n="0123";x\n')
    assert src.cells(1) == ["Symbol", "Qty"]
    assert src.cells(2) == ["MSFT", "1,234"]
    assert src.cells(3) == []
    assert src.cells(4) == ['="0123";x']  # the guard is not a whole cell with a comma
    assert src.cells(4, ";") == ["0123", "x"]
    with pytest.raises(IndexError):
        src.cells(5)


def test_cells_are_kept_for_each_delimiter() -> None:
    src = src_of("a;b\tc,d\n")
    comma, semicolon, tab = src.cells(1), src.cells(1, ";"), src.cells(1, "\t")
    assert comma == ["a;b\tc", "d"]
    assert semicolon == ["a", "b\tc,d"]
    assert tab == ["a;b", "c,d"]
    assert src.cells(1) is comma  # looked at twice, parsed once
    assert src.cells(1, ";") is semicolon
    assert src.cells(1, "\t") is tab
    # asked for in the other order
    src = src_of("a;b\tc,d\n")
    assert src.cells(1, "\t") == ["a;b", "c,d"]
    assert src.cells(1, ";") == ["a", "b\tc,d"]


def test_the_cell_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "_CELL_CACHE", 2)
    src = src_of("a\nb\nc\n")
    first = src.cells(1)
    assert src.cells(1) is first
    src.cells(2)
    src.cells(3)  # the cache was full: emptied before line 3 went in
    again = src.cells(1)
    assert again == ["a"]
    assert again is not first


@pytest.mark.parametrize(
    ("line", "blank"),
    [
        ("", True),
        ("   ", True),
        ("\t \t", True),
        ('"",""', True),
        (",,,", True),
        (";;", True),
        ('"";""', True),
        ('" " , ""', True),
        ('","', False),  # a cell holding a comma
        ('";"', False),
        (" , ; ", False),  # a semicolon cell for the comma, a comma cell for the semicolon
        ("a", False),
        ("a,,", False),
        (",,0", False),
        ('"";"x"', False),
    ],
)
def test_a_blank_line(line: str, blank: bool) -> None:
    src = src_of(f"Symbol\n{line}\nend\n")
    assert src.is_blank(2) is blank


def test_the_first_cell() -> None:
    src = src_of('"Account: 123",x\n\n,b\n')
    assert [src.first_cell(n) for n in (1, 2, 3)] == ["Account: 123", "", ""]


# -- lines starting with -------------------------------------------------------------------


def test_lines_starting_with_a_prefix() -> None:
    src = src_of('Symbol,x\nfoo\n"Symbol",y\n Symbol\nTotal,Symbol\nSymbol')
    assert src.lines_starting_with(("Symbol",)) == [1, 6]
    assert src.lines_starting_with(('"Symbol"', "Symbol")) == [1, 3, 6]
    assert src.lines_starting_with(("Total", "foo")) == [2, 5]
    assert src.lines_starting_with(("Nothing",)) == []


def test_a_prefix_is_text_not_a_pattern() -> None:
    src = src_of("a.b\naxb\n(x\n[y]\n")
    assert src.lines_starting_with(("a.b",)) == [1]
    assert src.lines_starting_with(("(x", "[y]")) == [3, 4]


def test_no_line_after_the_last() -> None:
    assert src_of("a\nb\n").lines_starting_with(("",)) == [1, 2]
    assert src_of("a\nb").lines_starting_with(("",)) == [1, 2]


# -- columns -------------------------------------------------------------------------------


def test_columns_of_a_block() -> None:
    src = src_of("Symbol,Qty,Price\nAAPL,10,1.5\nMSFT,5\nIBM,1,2,extra\nTotal\n")
    block = src.columns(2, 4, 3)
    assert {i: list(c) for i, c in block.items()} == {
        0: ["AAPL", "MSFT", "IBM"],
        1: ["10", "5", "1"],
        2: ["1.5", "", "2"],
    }
    block = src.columns(2, 4, 3, wanted=[2, -1, 3, 0], joined=[2])
    assert sorted(block) == [0, 2]  # indices outside the width are left out
    assert isinstance(block[2], TextColumn)
    assert list(block[2]) == ["1.5", "", "2"]
    assert block[0] == ["AAPL", "MSFT", "IBM"]


def test_a_column_wanted_twice_comes_back_once() -> None:
    """Two fields of a column mapping may name the same column."""
    src = src_of("Sym,Value\nAAA,100\nBBB,200\n")
    block = src.columns(2, 3, 2, wanted=[0, 1, 0], joined=[1])
    assert sorted(block) == [0, 1]
    assert block[0] == ["AAA", "BBB"]
    assert list(block[1]) == ["100", "200"]


def test_columns_with_another_delimiter() -> None:
    src = src_of("Konto;Kurs\n0099;10,5\n0099;\n")
    block = src.columns(2, 3, 2, delimiter=";", joined=[1])
    assert block[0] == ["0099", "0099"]
    assert list(block[1]) == ["10,5", ""]


# -- opening a file ------------------------------------------------------------------------


def size_refusal(size: float, limit: float) -> str:
    return (
        f"the file is {size / 1e6:,.1f} MB, over the import limit of {limit / 1e6:,.1f} MB "
        "(setting import.max_file_mb)"
    )


def test_from_bytes() -> None:
    data = b"\xef\xbb\xbfSymbol,Qty\r\nAAPL,10\r\n"
    src = Source.from_bytes(data, PATH)
    assert src.path == PATH
    assert src.text == "Symbol,Qty\nAAPL,10\n"
    assert src.sha256 == hashlib.sha256(data).hexdigest()
    assert list(src.lines) == ["Symbol,Qty", "AAPL,10"]


def test_from_bytes_up_to_the_size_limit() -> None:
    data = b"a,b\n" * 300_000 + b"c,d\n"  # 1,200,004 bytes
    assert len(Source.from_bytes(data, PATH, max_bytes=len(data))) == 300_001
    with pytest.raises(InputError) as info:
        Source.from_bytes(data, PATH, max_bytes=1_000_000)
    err = info.value
    assert (err.file, err.line) == (PATH, None)
    assert (
        err.reason
        == "the file is 1.2 MB, over the import limit of 1.0 MB (setting import.max_file_mb)"
    )
    assert err.reason == size_refusal(len(data), 1_000_000)
    assert str(err) == f"{PATH}: {err.reason}"


def test_from_bytes_refusal_names_the_file() -> None:
    with pytest.raises(InputError) as info:
        Source.from_bytes(b"", PATH)
    assert (info.value.file, info.value.line, info.value.reason) == (PATH, 1, "the file is empty")


def test_from_path(tmp_path: Path) -> None:
    data = "Symbol,Qty\r\nCafé,1\r\n".encode("cp1252")
    path = tmp_path / "positions.csv"
    path.write_bytes(data)
    for given in (path, str(path)):
        src = Source.from_path(given)
        assert src.path == str(path)
        assert src.text == "Symbol,Qty\nCafé,1\n"
        assert src.sha256 == hashlib.sha256(data).hexdigest()
        assert src.warnings == []


def test_from_path_with_control_characters_warns_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "positions.csv"
    path.write_bytes(b"a\nb\x07\n")
    src = Source.from_path(path)
    assert src.text == "a\nb\n"
    assert [(w.file, w.line) for w in src.warnings] == [(str(path), 2)]


def refused_path(path: str | Path, max_bytes: int | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        Source.from_path(path, max_bytes)
    err = info.value
    assert err.file == str(path)
    return err


def test_a_missing_file_a_folder_and_a_file_under_a_file(tmp_path: Path) -> None:
    err = refused_path(tmp_path / "missing.csv")
    assert (err.line, err.reason) == (None, "no such file")
    err = refused_path(tmp_path)
    assert (err.line, err.reason) == (None, "is a folder, not a file")
    (tmp_path / "plain.csv").write_text("a\n")
    err = refused_path(tmp_path / "plain.csv" / "inner.csv")
    assert (err.line, err.reason) == (None, "cannot read: Not a directory")


def test_a_file_that_is_not_text_names_its_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "positions.csv"
    path.write_bytes(b"Symbol,Qty\nAAPL,\x0010\n")
    err = refused_path(path)
    assert (err.line, err.reason) == (2, "binary data (a NUL byte): this is not a CSV export")


def test_from_path_up_to_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "positions.csv"
    data = b"a,b\n" * 300_000 + b"c,d\n"
    path.write_bytes(data)
    assert len(Source.from_path(path, max_bytes=len(data))) == 300_001
    err = refused_path(path, max_bytes=len(data) - 1)
    assert (err.line, err.reason) == (None, size_refusal(len(data), len(data) - 1))


def test_the_size_is_checked_before_the_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "positions.csv"
    path.write_bytes(b"a,b\n")
    monkeypatch.setattr(source_module, "_file_size", lambda fh: 10**12)  # what the disk says
    err = refused_path(path, max_bytes=10**9)
    assert err.reason == size_refusal(10**12, 10**9)
    assert err.reason.startswith("the file is 1,000,000.0 MB, over the import limit of 1,000.0 MB")


def test_the_size_is_checked_after_reading_when_the_disk_does_not_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "positions.csv"
    path.write_bytes(b"a,b\n" * 1000)
    monkeypatch.setattr(source_module, "_file_size", lambda fh: None)
    err = refused_path(path, max_bytes=3999)
    assert err.reason == size_refusal(4000, 3999)
    assert len(Source.from_path(path, max_bytes=4000)) == 1000


def test_the_size_of_an_open_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "positions.csv"
    path.write_bytes(b"x" * 1234)
    with open(path, "rb") as fh:
        assert source_module._file_size(fh) == 1234

        def fails(fd: int) -> os.stat_result:
            raise OSError("no size")

        with monkeypatch.context() as patch:  # undone before pytest itself asks os.fstat
            patch.setattr(os, "fstat", fails)
            size = source_module._file_size(fh)
        assert size is None


def test_no_limit_without_max_bytes() -> None:
    source_module._check_size(10**15, PATH, None)
    source_module._check_size(None, PATH, 1)
    source_module._check_size(5, PATH, 5)
    with pytest.raises(InputError):
        source_module._check_size(6, PATH, 5)


def test_a_line_outside_the_file_is_an_index_error_naming_it() -> None:
    """Asked for line 5 of a four-line file, the error says 5 (the line asked for); the
    lines as a sequence say the index asked for."""
    src = src_of(TEXT)
    for number in (0, 5, 9):
        with pytest.raises(IndexError) as info:
            src.line(number)
        assert info.value.args == (number,)
    for index in (4, 6):
        with pytest.raises(IndexError) as info:
            src.lines[index]
        assert info.value.args == (index,)


def test_the_limit_is_shown_to_a_tenth_of_a_megabyte() -> None:
    """A limit of 1,050,000 bytes is 1.05 MB, shown rounded as 1.1 MB; the file of 1,200,004
    bytes as 1.2 MB."""
    data = b"a,b\n" * 300_000 + b"c,d\n"
    with pytest.raises(InputError) as info:
        Source.from_bytes(data, PATH, max_bytes=1_050_000)
    assert info.value.reason == (
        "the file is 1.2 MB, over the import limit of 1.1 MB (setting import.max_file_mb)"
    )


def test_the_limit_shown_is_the_setting() -> None:
    """``import.max_file_mb = 10``: a file twice that size is refused saying the limit is 10.0
    MB, the number the user set, and the file 20.0 MB."""
    limit = Settings(max_file_mb=10.0).max_file_bytes
    with pytest.raises(InputError) as info:
        Source.from_bytes(b"a" * (2 * limit), PATH, max_bytes=limit)
    assert info.value.reason == (
        "the file is 20.0 MB, over the import limit of 10.0 MB (setting import.max_file_mb)"
    )
