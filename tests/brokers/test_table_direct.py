"""A block of lines as columns (``planner/brokers/table.py``), read directly, one branch at a
time.

Every block is written here as text and every expected column is read off it: cells unquoted,
doubled quotes undone, Excel's ``="..."`` guard removed, short rows padded and long ones cut to
the width, a quoted newline or an unclosed quote read line by line, number columns kept as one
joined string (:class:`TextColumn`) that slices, indexes and ``take``s like the list of its
cells. The C-tokenizer path (blocks of :data:`FAST_PATH_MIN_ROWS` rows and more) and the
csv-module path must give the same columns; which of the two a block takes, and why the fast
one gives up, is checked too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from planner.brokers import source as source_module
from planner.brokers import table
from planner.brokers.source import Source
from planner.brokers.table import TextColumn, columns, take

PATH = "exports/positions.csv"
CELLS = ["a", "bb", "", "ccc"]


def src_of(*lines: str) -> Source:
    return Source.from_text("\n".join(lines) + "\n", PATH)


def lists(block: dict[int, Sequence[str]]) -> dict[int, list[str]]:
    return {i: list(cells) for i, cells in block.items()}


def read(
    src: Source,
    width: int,
    fast: bool,
    monkeypatch: pytest.MonkeyPatch,
    wanted: list[int] | None = None,
    delimiter: str = ",",
    joined: frozenset[int] = frozenset(),
) -> dict[int, list[str]]:
    """Every line of ``src`` as columns, on the path asked for; the joined columns come back
    as TextColumns, the others as lists."""
    monkeypatch.setattr(source_module, "FAST_PATH_MIN_ROWS", 1 if fast else 10**9)
    want = list(range(width)) if wanted is None else wanted
    block = columns(src, 1, len(src), width, want, delimiter, joined)
    assert sorted(block) == sorted(want)
    for i, cells in block.items():
        assert isinstance(cells, TextColumn if i in joined else list), (i, type(cells))
        assert len(cells) == len(src)
    return lists(block)


def both(
    src: Source, width: int, monkeypatch: pytest.MonkeyPatch, **kw: object
) -> dict[int, list[str]]:
    """The columns, after checking that both paths give them."""
    slow = read(src, width, False, monkeypatch, **kw)  # type: ignore[arg-type]
    fast = read(src, width, True, monkeypatch, **kw)  # type: ignore[arg-type]
    assert fast == slow
    return slow


# -- TextColumn ----------------------------------------------------------------------------


def test_a_text_column_is_its_cells_joined() -> None:
    col = TextColumn.of(CELLS)
    assert col.joined == "a\nbb\n\nccc"
    assert len(col) == 4
    assert list(col) == CELLS
    assert [col[i] for i in range(4)] == CELLS


def test_an_empty_text_column_and_one_of_one_empty_cell() -> None:
    empty = TextColumn("", 0)
    assert (len(empty), list(empty), empty.joined) == (0, [], "")
    one = TextColumn("", 1)
    assert (len(one), list(one), one[0]) == (1, [""], "")
    assert TextColumn.of([]).joined == ""
    assert len(TextColumn.of([])) == 0


def test_an_item_by_index_and_from_the_end() -> None:
    col = TextColumn.of(CELLS)
    assert (col[0], col[1], col[2], col[3]) == ("a", "bb", "", "ccc")
    assert (col[-1], col[-2], col[-4]) == ("ccc", "", "a")
    for index in (4, 5, -5):
        with pytest.raises(IndexError):
            col[index]


def test_items_of_non_ascii_cells() -> None:
    col = TextColumn.of(["é", "üx", "", "Kürzel"])
    assert [col[i] for i in range(4)] == ["é", "üx", "", "Kürzel"]
    assert col.bounds().tolist() == [-1, 1, 4, 5, 12]
    assert list(col[1:3]) == ["üx", ""]
    assert list(col.take([3, 0])) == ["Kürzel", "é"]


def test_bounds_are_offsets_in_the_underlying_string() -> None:
    col = TextColumn.of(CELLS)
    assert col.bounds().tolist() == [-1, 1, 4, 5, 9]
    part = col[1:4]
    assert part.joined == "bb\n\nccc"
    assert part.bounds().tolist() == [1, 4, 5, 9]  # still offsets into "a\nbb\n\nccc"


@pytest.mark.parametrize(
    "key",
    [
        slice(1, 3),
        slice(0, 3),
        slice(0, 1),
        slice(1, None),
        slice(-2, None),
        slice(None, -1),
        slice(2, 2),
        slice(0, 0),
        slice(3, 1),
        slice(None, None, 2),
        slice(1, None, 2),
        slice(None, None, -1),
        slice(0, 10),
        slice(-10, 2),
    ],
)
def test_a_slice_is_the_slice_of_the_cells(key: slice) -> None:
    col = TextColumn.of(CELLS)
    part = col[key]
    assert isinstance(part, TextColumn)
    assert list(part) == CELLS[key]
    assert len(part) == len(CELLS[key])
    assert part.joined == "\n".join(CELLS[key])
    assert [part[i] for i in range(len(part))] == CELLS[key]


def test_the_whole_slice_is_the_column_itself() -> None:
    col = TextColumn.of(CELLS)
    assert col[:] is col
    assert col[0:4] is col
    assert col[0:99] is col


def test_a_slice_of_a_slice() -> None:
    col = TextColumn.of(["x", *CELLS, "y"])
    part = col[1:5]
    assert list(part) == CELLS
    assert list(part[1:3]) == ["bb", ""]
    assert list(part[0:2]) == ["a", "bb"]  # the few-rows-off-the-end path, from a start > 0
    assert list(part[0:3][1:]) == ["bb", ""]
    assert list(part[::3]) == ["a", "ccc"]
    assert part[0:2].joined == "a\nbb"


@pytest.mark.parametrize("stop", [40, 39, 30, 24, 23, 20, 1])
def test_cutting_rows_off_the_end(stop: int) -> None:
    cells = [f"{i}" if i % 3 else "" for i in range(40)]
    col = TextColumn.of(cells)
    part = col[:stop]
    assert list(part) == cells[:stop]
    assert part.joined == "\n".join(cells[:stop])
    assert list(part[: stop // 2]) == cells[: stop // 2]


def test_up_to_sixteen_rows_off_the_end_are_cut_without_the_bounds() -> None:
    """A total row or a few footnotes cut off a million-row column: no array of bounds."""
    cells = [str(i) for i in range(40)]
    col = TextColumn.of(cells)
    assert list(col[:24]) == cells[:24]  # 16 rows off the end
    assert col._bounds is None
    assert list(col[:23]) == cells[:23]  # 17: the bounds are worked out
    assert col._bounds is not None


def test_take_picks_cells_in_the_order_asked() -> None:
    col = TextColumn.of(CELLS)
    picked = col.take([3, 0, 3, 2])
    assert isinstance(picked, TextColumn)
    assert list(picked) == ["ccc", "a", "ccc", ""]
    assert len(picked) == 4
    assert list(col.take([])) == []
    assert list(col[1:4].take([2, 0])) == ["ccc", "bb"]


def test_take_of_a_list_of_a_text_column_and_with_an_array() -> None:
    assert take(CELLS, [2, 1]) == ["", "bb"]
    assert take(CELLS, np.array([3, 0])) == ["ccc", "a"]
    picked = take(TextColumn.of(CELLS), np.array([1, 3]))
    assert isinstance(picked, TextColumn)
    assert list(picked) == ["bb", "ccc"]


# -- columns: what each cell reads as ------------------------------------------------------


def test_an_empty_block() -> None:
    src = src_of("a,b,c")
    block = columns(src, 2, 1, 3, [0, 2], ",", frozenset({2}))
    assert sorted(block) == [0, 2]
    assert block[0] == []
    assert isinstance(block[2], TextColumn)
    assert len(block[2]) == 0


def test_plain_and_quoted_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of(
        "AAPL,APPLE INC,10,255.10",
        '"MSFT","MICROSOFT CORP","5","$1,234.56"',
        '"BRK.B","BERKSHIRE ""B""",1,"(2.50)"',
        '="0123",="A B",="",7',
    )
    assert both(src, 4, monkeypatch) == {
        0: ["AAPL", "MSFT", "BRK.B", "0123"],
        1: ["APPLE INC", "MICROSOFT CORP", 'BERKSHIRE "B"', "A B"],
        2: ["10", "5", "1", ""],
        3: ["255.10", "$1,234.56", "(2.50)", "7"],
    }


def test_a_space_before_a_quoted_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    """``a, "1,234"``: the quote after the space opens a quoted cell on both paths, so its
    comma is not a delimiter."""
    src = src_of('A1, AAA, "1,234.00"', 'A1, BBB, "2,000.50"')
    assert both(src, 3, monkeypatch, joined=frozenset({2})) == {
        0: ["A1", "A1"],
        1: ["AAA", "BBB"],
        2: ["1,234.00", "2,000.50"],
    }


def test_short_rows_are_padded_and_long_ones_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of("a,b,c", "d", "e,f,g,h,i", "j,k,", "l,m,n,")
    assert both(src, 3, monkeypatch) == {
        0: ["a", "d", "e", "j", "l"],
        1: ["b", "", "f", "k", "m"],
        2: ["c", "", "g", "", "n"],
    }


def test_blank_lines_are_rows_of_empty_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of("a,b", "", "c,d", "   ", ",")
    assert both(src, 2, monkeypatch) == {0: ["a", "", "c", "", ""], 1: ["b", "", "d", "", ""]}


def test_a_block_of_only_blank_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of("", "  ", "")
    assert both(src, 2, monkeypatch) == {0: ["", "", ""], 1: ["", "", ""]}


def test_a_quoted_newline_is_read_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are lines: a quote left open at the end of a line closes there."""
    src = src_of('AAPL,"APPLE', 'INC",10', "MSFT,MICROSOFT,5")
    assert both(src, 3, monkeypatch) == {
        0: ["AAPL", 'INC"', "MSFT"],
        1: ["APPLE", "10", "MICROSOFT"],
        2: ["", "", "5"],
    }


def test_an_unclosed_quote_on_the_last_line(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of("AAPL,APPLE,10", 'MSFT,"MICROSOFT,5')
    assert both(src, 3, monkeypatch) == {
        0: ["AAPL", "MSFT"],
        1: ["APPLE", "MICROSOFT,5"],
        2: ["10", ""],
    }


def test_a_quote_inside_a_cell_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of('a,b"c,d', 'e,"f"g,h')
    assert both(src, 3, monkeypatch) == {0: ["a", "e"], 1: ['b"c', "fg"], 2: ["d", "h"]}


def test_a_semicolon_file(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of("0099;APPLE INC.;40;10.204,00", '0099;"A;B";1;"1,5"')
    assert both(src, 4, monkeypatch, delimiter=";", joined=frozenset({2, 3})) == {
        0: ["0099", "0099"],
        1: ["APPLE INC.", "A;B"],
        2: ["40", "1"],
        3: ["10.204,00", "1,5"],
    }


def test_only_the_wanted_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    src = src_of("a,b,c,d", "e,f,g,h")
    assert both(src, 4, monkeypatch, wanted=[3, 1], joined=frozenset({1})) == {
        3: ["d", "h"],
        1: ["b", "f"],
    }
    assert both(src, 4, monkeypatch, wanted=[]) == {}


def test_a_block_between_other_lines() -> None:
    src = src_of("Header,Line", "a,1", "b,2", "c,3", "Total,6")
    block = columns(src, 2, 4, 2, [0, 1], ",", frozenset({1}))
    assert lists(block) == {0: ["a", "b", "c"], 1: ["1", "2", "3"]}
    assert block[1].joined == "1\n2\n3"  # type: ignore[attr-defined]


def test_collected_cells_skip_an_empty_chunk() -> None:
    got = table._Collect([0, 1], frozenset({1}))
    for cells in (["a"], [], ["b", ""]):
        got.add(0, cells)
        got.add(1, [c.upper() for c in cells])
    out = got.result()
    assert out[0] == ["a", "b", ""]
    assert isinstance(out[1], TextColumn)
    assert (out[1].joined, len(out[1])) == ("A\nB\n", 3)


# -- chunks --------------------------------------------------------------------------------


def test_chunks_of_rows_join_into_one_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "CHUNK_ROWS", 2)
    src = src_of("a,1", "b,2", ",", "c,3", "d,4")
    cols = both(src, 2, monkeypatch, joined=frozenset({1}))
    assert cols == {0: ["a", "b", "", "c", "d"], 1: ["1", "2", "", "3", "4"]}


def test_a_chunk_boundary_between_first_and_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "CHUNK_ROWS", 3)
    monkeypatch.setattr(source_module, "FAST_PATH_MIN_ROWS", 10**9)
    src = src_of("h", *[f"r{i},{i}" for i in range(1, 8)], "t")
    block = columns(src, 2, 8, 2, [0, 1], ",", frozenset({1}))
    assert lists(block) == {0: [f"r{i}" for i in range(1, 8)], 1: [str(i) for i in range(1, 8)]}


def test_the_rows_per_chunk() -> None:
    assert table.CHUNK_ROWS == 50_000


# -- which path a block takes --------------------------------------------------------------


def spy_on_fast(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The ``spare`` argument of every call of the fast path, in order."""
    calls: list[bool] = []
    real = table._fast

    def spy(*args: object) -> object:
        calls.append(bool(args[-1]))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(table, "_fast", spy)
    return calls


def test_a_block_of_fast_path_min_rows_takes_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_fast(monkeypatch)
    monkeypatch.setattr(source_module, "FAST_PATH_MIN_ROWS", 3)
    src = src_of("a,1", "b,2", "c,3")
    assert lists(columns(src, 1, 2, 2, [0, 1], ",", frozenset())) == {0: ["a", "b"], 1: ["1", "2"]}
    assert calls == []  # two rows: the csv module
    assert lists(columns(src, 1, 3, 2, [0, 1], ",", frozenset())) == {
        0: ["a", "b", "c"],
        1: ["1", "2", "3"],
    }
    assert calls == [True, False]  # three: the tokenizer, with a spare cell and then without


def test_a_trailing_comma_is_read_on_the_first_try(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy_on_fast(monkeypatch)
    src = src_of("a,1,", "b,2,")
    assert read(src, 2, True, monkeypatch) == {0: ["a", "b"], 1: ["1", "2"]}
    assert calls == [True]


def test_a_block_the_tokenizer_gives_up_on_goes_to_the_csv_module_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_fast(monkeypatch)
    src = src_of("a,1,x", "b,2")  # a cell past the width: not tried again without the spare
    assert read(src, 2, True, monkeypatch) == {0: ["a", "b"], 1: ["1", "2"]}
    assert calls == [True]


def test_a_real_fast_path_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block exactly as long as FAST_PATH_MIN_ROWS, with every kind of cell, reads the same
    on both paths."""
    kinds = ["AAPL,10,$1.50", '"MSFT","5","$1,234.56"', ",,", '="0123",--,(2.00)', "IBM,1,2,"]
    lines = [kinds[i % len(kinds)] for i in range(source_module.FAST_PATH_MIN_ROWS)]
    src = src_of(*lines)
    calls = spy_on_fast(monkeypatch)
    block = columns(src, 1, len(src), 3, [0, 1, 2], ",", frozenset({1, 2}))
    assert calls == [True]
    expected = {
        0: ["AAPL", "MSFT", "", "0123", "IBM"],
        1: ["10", "5", "", "--", "1"],
        2: ["$1.50", "$1,234.56", "", "(2.00)", "2"],
    }
    assert lists(block) == {
        i: [cells[n % 5] for n in range(len(lines))] for i, cells in expected.items()
    }


# -- why the fast path gives up ------------------------------------------------------------


def fast(src: Source, width: int, spare: bool, joined: frozenset[int] = frozenset()) -> object:
    out = table._fast(src, 1, len(src), width, list(range(width)), ",", joined, spare)
    if isinstance(out, dict):
        return lists(out)
    return out


def test_the_fast_path_with_a_spare_cell() -> None:
    assert fast(src_of("a,1,", "b,2"), 2, True) == {0: ["a", "b"], 1: ["1", "2"]}
    assert fast(src_of("a,1", "b,2"), 2, True) is table._RETRY  # no row has one
    assert fast(src_of("a,1", "b,2"), 2, False) == {0: ["a", "b"], 1: ["1", "2"]}
    assert fast(src_of("a,1,x", "b,2"), 2, True) is None  # a spare cell that is not empty


def test_the_fast_path_gives_up_for_the_csv_module() -> None:
    assert fast(src_of("a,1", 'b,"2'), 2, False) is None  # a quote left open
    assert fast(src_of('a,"1', '2",x', "b,3"), 2, False) is None  # a quoted newline
    assert fast(src_of('a,"1', '2",x', "b,3"), 2, True) is None
    assert fast(src_of("", ""), 2, False) is None  # nothing to tokenize


def test_without_a_spare_cell_the_fast_path_cuts_a_wide_row_as_the_csv_path_does() -> None:
    cut = {0: ["a", "b"], 1: ["1", "2"]}
    assert fast(src_of("a,1,x", "b,2"), 2, False) == cut
    assert fast(src_of("a,1", "b,2,x,y"), 2, False) == cut


def test_the_fast_path_takes_the_excel_guard_off() -> None:
    out = fast(src_of('="0123",="x",5', "AAPL,=y,6"), 3, False, frozenset({2}))
    assert out == {0: ["0123", "AAPL"], 1: ["x", "=y"], 2: ["5", "6"]}


def test_the_fast_path_reads_its_block_only() -> None:
    src = src_of("Header", "a,1", "b,2", "Total,3")
    out = table._fast(src, 2, 3, 2, [0, 1], ",", frozenset(), False)
    assert isinstance(out, dict)
    assert lists(out) == {0: ["a", "b"], 1: ["1", "2"]}


def test_the_text_reader_hands_out_its_range_in_pieces() -> None:
    reader = table._TextReader("0123456789", 2, 8)
    assert list(reader) == []
    assert reader.read(3) == "234"
    assert reader.read(2) == "56"
    assert reader.read(5) == "7"
    assert reader.read(5) == ""
    assert table._TextReader("0123456789", 2, 8).read() == "234567"
    assert table._TextReader("0123456789", 2, 8).read(-1) == "234567"
    assert table._TextReader("0123456789", 3, 5).read(None) == "34"  # type: ignore[arg-type]


def test_the_text_reader_reads_nothing_when_asked_for_nothing() -> None:
    """A file's ``read(0)`` is empty and leaves the position where it was."""
    reader = table._TextReader("0123456789", 2, 8)
    assert reader.read(0) == ""
    assert reader.read(2) == "23"
    assert reader.read(0) == ""
    assert reader.read() == "4567"


@pytest.mark.parametrize(
    ("lines", "delimiter", "chunk_rows", "expected"),
    [
        (  # blank lines are rows of empty cells
            ["a,1", "", "b,2", " ", "c,3"],
            ",",
            table.CHUNK_ROWS,
            {0: ["a", "", "b", "", "c"], 1: ["1", "", "2", "", "3"]},
        ),
        (  # split at the semicolon, not at the comma of a decimal comma
            ["0099;APPLE INC.;10.204,00", '0099;"A;B";"1,5"'],
            ";",
            table.CHUNK_ROWS,
            {0: ["0099", "0099"], 1: ["APPLE INC.", "A;B"], 2: ["10.204,00", "1,5"]},
        ),
        (  # three chunks of 2 + 2 + 1 rows
            ["a,1", "b,2", "c,3", "d,4", "e,5"],
            ",",
            2,
            {0: ["a", "b", "c", "d", "e"], 1: ["1", "2", "3", "4", "5"]},
        ),
    ],
    ids=["blank-lines", "semicolons", "several-chunks"],
)
def test_the_tokenizer_keeps_a_block_it_reads_row_for_line(
    lines: list[str],
    delimiter: str,
    chunk_rows: int,
    expected: dict[int, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Blank lines, a semicolon file and a block longer than a chunk stay on the fast path:
    a million-row export is not handed to the csv module for them."""
    monkeypatch.setattr(table, "CHUNK_ROWS", chunk_rows)
    src = src_of(*lines)
    width = len(expected)
    out = table._fast(src, 1, len(src), width, list(range(width)), delimiter, frozenset({1}), False)
    assert isinstance(out, dict)
    assert lists(out) == expected


def test_a_guard_after_a_tab_comes_off_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """``AAPL,<tab>="0123"``: the csv path strips the cell and then takes the guard off; the
    tokenizer (a block of 2,000 rows and more) must give the same cell once stripped."""
    src = src_of('AAPL,\t="0123",5', 'MSFT,\u00a0="A B",6')
    for fast in (False, True):
        block = read(src, 3, fast, monkeypatch, joined=frozenset({2}))
        assert [c.strip() for c in block[1]] == ["0123", "A B"], fast


def test_an_index_past_either_end_is_an_index_error_naming_it() -> None:
    col = TextColumn.of(CELLS)
    for index in (4, 7):
        with pytest.raises(IndexError) as info:
            col[index]
        assert info.value.args == (index,)
    with pytest.raises(IndexError):
        col[-5]
    with pytest.raises(IndexError):
        TextColumn("", 0)[0]  # an empty column has no first cell
    with pytest.raises(IndexError):
        TextColumn.of([])[-1]


def test_a_block_of_one_line_and_a_block_of_none() -> None:
    src = src_of("Symbol,Value", "AAPL,$1.50", "Total,$1.50")
    one = columns(src, 2, 2, 2, [0, 1], ",", frozenset({1}))
    assert lists(one) == {0: ["AAPL"], 1: ["$1.50"]}
    none = columns(src, 2, 1, 2, [0, 1], ",", frozenset({1}))
    assert none[0] == []
    assert isinstance(none[1], TextColumn)
    assert (none[1].joined, len(none[1]), list(none[1])) == ("", 0, [])
