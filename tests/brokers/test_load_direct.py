"""The household import, read directly (``planner/brokers/__init__.py``): which reader claims a
file (:func:`detect`: one, none, or two - refused naming both), what refuses a file before and
after reading it (a last row cut in its middle, an unknown layout without a mapping, a file
holding no positions, an empty file), what :func:`read_source` adds (masked account names,
decoding warnings, rows and totals that do not reconcile), and how :func:`load_household` and
:func:`merge_files` make one household of several files (file order, each file's date, the
same content twice, the same account twice, a lots file beside its positions and lots that do
not add up to them, progress, the size limit, mapping files).

Every file is a few lines written here - Merrill's holdings download (header from
``tests/data/merrill_holdings_2025.csv``), Fidelity's lots download, a Schwab positions export,
a custodian CSV for a column mapping - and every expected line, figure and message is worked
out in the test from those lines.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.brokers import (
    detect,
    fidelity_lots,
    load_household,
    load_mapping,
    merge_files,
    merrill,
    read_file,
    read_source,
    schwab,
    vanguard,
)
from planner.brokers.complete import UNCHECKED
from planner.brokers.mapping import HOW_TO, parse_mapping
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import ImportWarning, LotRecord, SourceFile

# -- the files -----------------------------------------------------------------------------

MERRILL_HEADER = (
    '"COB Date","Symbol","Security Description","Account Nickname","Account Registration",'
    '"Account #","Quantity","Price ($)","Value ($)","Cost Basis ($)"'
)
NO_TOTALS = (
    f"{UNCHECKED}: Merrill holdings downloads state no totals and no end marker; compare each "
    "account's value with Merrill's site"
)


def merrill_row(
    symbol: str,
    account: str = "5XY-05678",
    quantity: str = "310",
    price: str = "64.05",
    value: str = "19,855.50",
    cost: str = "17,750.00",
    day: str = "11/21/2025",
    nickname: str = "--",
    registration: str = "IRA-Edge",
) -> str:
    cells = [day, symbol, f"{symbol} SHARES", nickname, registration, account, quantity, price]
    return ",".join(f'"{c}"' for c in [*cells, value, cost])


def merrill_file(*rows: str) -> str:
    return "\n".join([MERRILL_HEADER, *rows]) + "\n"


IJH = merrill_row("IJH")  # 310 x 64.05 = 19,855.50 in the IRA 5XY-05678
NVDA = merrill_row(  # 400 x 178.88 = 71,552.00 in the trust 5XY-01234
    "NVDA", "5XY-01234", "400", "178.88", "71,552.00", "16,400.00", registration="CMA-Edge"
)

LOTS_HEADER = "Account Name,Symbol,Description,Acquired,Term,Quantity,Cost Basis Total"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def refused(paths: list[Path], **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        load_household(paths, **kwargs)  # type: ignore[arg-type]
    err = info.value
    assert str(err) == (
        f"{err.file}:{err.line}: {err.reason}" if err.line else f"{err.file}: {err.reason}"
    )
    return err


def src(text: str, name: str = "file.csv") -> Source:
    return Source.from_text(text, name, "0" * 64)


# -- detection -----------------------------------------------------------------------------


def test_each_layout_is_claimed_by_its_own_reader() -> None:
    assert detect(src(merrill_file(IJH))) is merrill.READER
    lots = f"{LOTS_HEADER}\nIRA-Edge,IJH,ISHARES,Mar-15-2019,Long,310,$17750.00\n"
    assert detect(src(lots)) is fidelity_lots.READER
    assert detect(src("Symbol,Value\nAAPL,100\n")) is None
    assert detect(src("")) is None


def test_a_layout_marker_is_looked_for_in_the_first_thirty_lines() -> None:
    notes = [f'"note {i}"' for i in range(29)]
    assert detect(src("\n".join([*notes, MERRILL_HEADER, IJH]) + "\n")) is merrill.READER
    assert detect(src("\n".join([*notes, "", MERRILL_HEADER, IJH]) + "\n")) is None


def test_a_file_two_layouts_claim_is_refused_naming_both_and_their_lines() -> None:
    # the lots header on line 1, Merrill's on line 3; readers are asked in their order, Merrill
    # first; the error points at the first of the two lines
    text = f"{LOTS_HEADER}\n\n{merrill_file(IJH)}"
    with pytest.raises(InputError) as info:
        detect(src(text, "both.csv"))
    err = info.value
    assert (err.file, err.line) == ("both.csv", 1)
    assert err.reason == (
        f"both the {merrill.READER.name} layout (line 3) and the {fidelity_lots.READER.name} "
        "layout (line 1) match this file, so which one it is cannot be told; remove the lines "
        "that do not belong to the export, or use --mapping"
    )
    assert (merrill.READER.name, fidelity_lots.READER.name) == ("merrill", "fidelity-lots")


def test_a_file_three_layouts_claim_is_refused_naming_the_first_two_asked() -> None:
    # the lots header on line 1, Vanguard's on line 3, Merrill's on line 5; readers are asked
    # Merrill, then Vanguard, ..., then the lots: the first two claims are named
    vanguard_header = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value"
    text = f"{LOTS_HEADER}\n\n{vanguard_header}\n\n{merrill_file(IJH)}"
    with pytest.raises(InputError) as info:
        detect(src(text, "three.csv"))
    err = info.value
    assert (err.file, err.line) == ("three.csv", 3)
    assert err.reason.startswith(
        f"both the {merrill.READER.name} layout (line 5) and the {vanguard.READER.name} "
        "layout (line 3) match this file"
    )
    assert detect(src(f"{vanguard_header}\n")) is vanguard.READER


def test_a_file_two_layouts_claim_is_refused_on_import(tmp_path: Path) -> None:
    path = write(tmp_path, "both.csv", f"{merrill_file(IJH)}\n{LOTS_HEADER}\n")
    err = refused([path])
    assert (err.file, err.line) == (str(path), 1)
    assert err.reason.startswith("both the merrill layout (line 1) and the fidelity-lots layout ")


# -- one file: refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Symbol,Value\nAAPL,100\n", "Symbol,Value"),
        ("\n  \n   Holdings report for 2025   \nAAPL,100\n", "Holdings report for 2025"),
        ("x" * 70 + "\n", "x" * 60),
        ("", ""),
    ],
)
def test_an_unknown_layout_without_a_mapping_is_refused_showing_its_first_line(
    text: str, shown: str
) -> None:
    with pytest.raises(InputError) as info:
        read_source(src(text, "custodian.csv"))
    err = info.value
    assert (err.file, err.line) == ("custodian.csv", 1)
    assert err.reason == (
        f"unknown layout (first line: {shown!r}): no broker format recognised; " + HOW_TO
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (merrill_file(IJH) + '"11/21/2025","MS","MORGAN STANLEY","--","IRA-Edge","5XY', 3),
        (merrill_file(IJH) + '"11/21/2025","MS","MORG\n\n\n', 3),  # blank lines after it
        ('Symbol,Value\n"AAPL,100\n', 2),  # before the layout is looked for
    ],
)
def test_a_last_row_cut_in_its_middle_is_refused(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        read_source(src(text, "cut.csv"))
    err = info.value
    assert (err.file, err.line) == ("cut.csv", line)
    assert err.reason == (
        "the file ends in the middle of a row (an unclosed quote): it looks cut off; download "
        "it again"
    )


def test_quotes_that_close_on_the_last_line_are_whole() -> None:
    h = read_source(src(merrill_file(IJH).replace("IJH SHARES", 'IJH ""CORE"" SHARES')))
    assert h.records()[0].description == 'IJH "CORE" SHARES'


@pytest.mark.parametrize(
    ("text", "line", "layout"),
    [
        (merrill_file(), 1, "merrill-holdings"),
        (merrill_file() + "\n\n", 1, "merrill-holdings"),  # the last line holding text
        ('"Disclaimer"\n' + merrill_file() + '"",""\n', 2, "merrill-holdings"),
        (f"{LOTS_HEADER}\n", 1, "fidelity-lots"),
    ],
)
def test_a_file_holding_no_positions_is_refused(text: str, line: int, layout: str) -> None:
    with pytest.raises(InputError) as info:
        read_source(src(text, "empty.csv"))
    err = info.value
    assert (err.file, err.line) == ("empty.csv", line)
    assert err.reason == f"{layout}: the file holds no positions"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_an_empty_file_refuses_the_whole_import(tmp_path: Path, data: bytes) -> None:
    good = write(tmp_path, "good.csv", merrill_file(IJH))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(data)
    err = refused([good, empty])
    assert (err.file, err.line, err.reason) == (str(empty), 1, "the file is empty")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "big.csv", merrill_file(IJH))
    size = path.stat().st_size
    assert load_household([path], max_bytes=size).accounts[0].id == "5XY-05678"
    err = refused([path], max_bytes=size - 1)
    assert (err.file, err.line) == (str(path), None)
    assert err.reason == (
        f"the file is {size / 1e6:,.1f} MB, over the import limit of {(size - 1) / 1e6:,.1f} MB "
        "(setting import.max_file_mb)"
    )


# -- one file: what the import adds -------------------------------------------------------


def test_a_file_is_read_by_its_layout_into_a_household(tmp_path: Path) -> None:
    path = write(tmp_path, "merrill.csv", merrill_file(NVDA, IJH))
    h = read_file(path)
    assert h.files == (
        SourceFile(
            str(path), "merrill-holdings", date(2025, 11, 21), Source.from_path(path).sha256
        ),
    )
    assert [(a.id, a.name, a.type) for a in h.accounts] == [
        ("5XY-01234", "CMA-Edge", "taxable"),
        ("5XY-05678", "IRA-Edge", "tax_deferred"),
    ]
    assert [(r.source_line, r.account_id, r.symbol, r.market_value) for r in h.records()] == [
        (2, "5XY-01234", "NVDA", 71552.00),
        (3, "5XY-05678", "IJH", 19855.50),
    ]
    assert h.warnings == (ImportWarning(str(path), None, None, NO_TOTALS),)
    assert h.lots == ()


def test_account_names_never_show_a_whole_account_number() -> None:
    row = merrill_row("IJH", "5XY-05678", nickname="Trust 123456789 and 99999")
    h = read_source(src(merrill_file(row)))
    assert [(a.id, a.name) for a in h.accounts] == [("5XY-05678", "Trust ...6789 and ...9999")]


def test_warnings_come_from_decoding_then_the_reader_then_the_rows() -> None:
    # 10 x 10.00 = 100.00, but the file says 150.00; a control character on line 2
    row = merrill_row("IJH", quantity="10", price="10.00", value="150.00", cost="90")
    text = merrill_file(row.replace("IJH SHARES", "IJH\x07 SHARES"))
    decoded = Source.from_text(text, "w.csv")
    assert len(decoded.warnings) == 1 and decoded.warnings[0].line == 2
    h = read_source(Source.from_text(text, "w.csv"))
    assert h.warnings == (
        decoded.warnings[0],
        ImportWarning("w.csv", None, None, NO_TOTALS),
        ImportWarning(
            "w.csv",
            2,
            "5XY-05678",
            f"IJH: quantity x price is ${10 * 10:,.2f} but the file reports a market value of "
            "$150.00; the reported market value is used",
        ),
    )
    assert h.records()[0].market_value == 150.0


SCHWAB = "\n".join(
    [
        '"Positions for account Individual ...046 as of 10:12 AM ET, 2025/09/30"',
        "",
        '"Symbol","Description","Qty (Quantity)","Price","Mkt Val (Market Value)","Asset Type",',
        '"AMZN","AMAZON.COM INC","30","219.57","$6,587.10","Equity",',
        '"Positions Total","","--","--","{total}","--",',
    ]
)


def test_an_account_whose_positions_miss_its_total_is_warned_about() -> None:
    h = read_source(src(SCHWAB.format(total="$6,600.00") + "\n", "schwab.csv"))
    assert detect(src(SCHWAB)) is schwab.READER
    assert h.warnings == (
        ImportWarning(
            "schwab.csv",
            5,
            "...046",
            f"positions add up to $6,587.10 but the file's Positions Total says $6,600.00 "
            f"(difference -${6600.00 - 6587.10:,.2f})",
        ),
    )
    agrees = read_source(src(SCHWAB.format(total="$6,587.10") + "\n", "schwab.csv"))
    assert agrees.warnings == ()


# -- mappings ------------------------------------------------------------------------------

CUSTODIAN = "Acct,Ticker,Units,Last,Amount\nC1,AAPL,2,100.00,200.00\n"
CUSTOM = parse_mapping(
    '{"name": "custodian", "columns": {"account": "Acct", "symbol": "Ticker", '
    '"quantity": "Units", "price": "Last", "value": "Amount"}}',
    "custodian.json",
)
OTHER = parse_mapping('{"name": "other", "columns": {"symbol": "Sym", "value": "Val"}}', "o.json")


def test_an_unknown_layout_is_read_with_the_first_mapping_whose_header_it_has() -> None:
    for mapping in (CUSTOM, CUSTOM[0], OTHER + CUSTOM):
        h = read_source(src(CUSTODIAN, "custodian.csv"), mapping)
        assert h.files[0].format == "mapping:custodian"
        assert [(r.source_line, r.account_id, r.symbol, r.market_value) for r in h.records()] == [
            (2, "C1", "AAPL", 200.0)
        ]
        assert h.warnings == (
            ImportWarning(
                "custodian.csv",
                None,
                None,
                f"{UNCHECKED}: the column mapping 'custodian' knows no total or end marker",
            ),
        )


def test_the_import_passes_the_mapping_to_every_file(tmp_path: Path) -> None:
    custodian = write(tmp_path, "custodian.csv", CUSTODIAN)
    merrill_path = write(tmp_path, "merrill.csv", merrill_file(IJH))
    h = load_household([merrill_path, custodian], mapping=OTHER + CUSTOM)
    assert [f.format for f in h.files] == ["merrill-holdings", "mapping:custodian"]
    assert [a.id for a in h.accounts] == ["5XY-05678", "C1"]


def test_a_known_layout_is_read_by_its_reader_whatever_the_mapping() -> None:
    h = read_source(src(merrill_file(IJH)), CUSTOM)
    assert h.files[0].format == "merrill-holdings"


def test_a_mapping_file_is_read_and_its_errors_name_it(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b'\xef\xbb\xbf{"name": "bom", "columns": {"symbol": "S", "value": "V"}}')
    assert [(m.name, m.columns) for m in load_mapping(path)] == [
        ("bom", {"symbol": "S", "value": "V"})
    ]
    missing = tmp_path / "missing.json"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "Konto Übersicht"}'.encode("latin-1"))
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{\n  "name": "cut",\n  "columns": \n', encoding="utf-8"
    )  # no value: JSON ends, line 4
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"name": "x", "columns": {"symbol": "S"}}', encoding="utf-8")
    for bad, line, reason in [
        (missing, None, "cannot read the mapping: No such file or directory"),
        (tmp_path, None, "cannot read the mapping: Is a directory"),
        (latin, None, "the mapping is not UTF-8 text"),
        # the profile's own errors name the mapping file too
        (broken, 4, "not valid JSON: Expecting value"),
        (wrong, None, "'columns' needs 'value' and 'symbol' or 'description'"),
    ]:
        with pytest.raises(InputError) as info:
            load_mapping(bad)
        assert (info.value.file, info.value.line, info.value.reason) == (str(bad), line, reason)


# -- several files -------------------------------------------------------------------------


def test_files_are_merged_in_order_each_with_its_own_date(tmp_path: Path) -> None:
    older = write(tmp_path, "trust.csv", merrill_file(NVDA.replace("11/21/2025", "10/31/2025")))
    newer = write(tmp_path, "ira.csv", merrill_file(IJH))
    h = load_household([older, newer])
    assert [(f.path, f.format, f.as_of) for f in h.files] == [
        (str(older), "merrill-holdings", date(2025, 10, 31)),
        (str(newer), "merrill-holdings", date(2025, 11, 21)),
    ]
    assert [(a.id, a.source) for a in h.accounts] == [
        ("5XY-01234", str(older)),
        ("5XY-05678", str(newer)),
    ]
    assert [(r.source_file, r.source_line, r.symbol) for r in h.records()] == [
        (str(older), 2, "NVDA"),
        (str(newer), 2, "IJH"),
    ]
    assert h.positions.index.tolist() == [0, 1]
    assert h.total == 71552.00 + 19855.50
    assert h.warnings == (
        ImportWarning(str(older), None, None, NO_TOTALS),
        ImportWarning(str(newer), None, None, NO_TOTALS),
    )


def test_a_file_after_a_copy_of_another_is_still_read(tmp_path: Path) -> None:
    """The copy is skipped, not the files after it: a household of three files where the
    second repeats the first has the first and the third."""
    first = write(tmp_path, "holdings.csv", merrill_file(NVDA))
    copy = write(tmp_path, "holdings (1).csv", merrill_file(NVDA))
    other = write(tmp_path, "ira.csv", merrill_file(IJH))
    h = load_household([first, copy, other])
    assert [f.path for f in h.files] == [str(first), str(other)]
    assert [(r.source_file, r.symbol) for r in h.records()] == [
        (str(first), "NVDA"),
        (str(other), "IJH"),
    ]
    assert ImportWarning(str(copy), None, None, f"same content as {first}; skipped") in (h.warnings)


def test_the_same_content_twice_is_read_once(tmp_path: Path) -> None:
    text = merrill_file(NVDA, IJH)
    first = write(tmp_path, "holdings.csv", text)
    copy = write(tmp_path, "holdings (1).csv", text)
    h = load_household([first, copy])
    assert [f.path for f in h.files] == [str(first)]
    assert [r.symbol for r in h.records()] == ["NVDA", "IJH"]
    assert h.warnings == (
        ImportWarning(str(first), None, None, NO_TOTALS),
        ImportWarning(str(copy), None, None, f"same content as {first}; skipped"),
    )


def test_an_account_in_two_files_is_taken_from_the_first(tmp_path: Path) -> None:
    first = write(tmp_path, "ira.csv", merrill_file(IJH))
    # a later download: the IRA again (a different price) and the trust
    later_ijh = merrill_row("IJH", price="65.00", value="20,150.00", day="11/28/2025")
    second = write(tmp_path, "all.csv", merrill_file(later_ijh, NVDA.replace("11/21", "11/28")))
    h = load_household([first, second])
    assert [f.as_of for f in h.files] == [date(2025, 11, 21), date(2025, 11, 28)]
    assert [(a.id, a.source) for a in h.accounts] == [
        ("5XY-05678", str(first)),
        ("5XY-01234", str(second)),
    ]
    assert [(r.source_file, r.symbol, r.market_value) for r in h.records()] == [
        (str(first), "IJH", 19855.50),
        (str(second), "NVDA", 71552.00),
    ]
    assert h.warnings == (
        ImportWarning(str(first), None, None, NO_TOTALS),
        ImportWarning(str(second), None, None, NO_TOTALS),
        ImportWarning(
            str(second),
            None,
            "5XY-05678",
            f"account 5XY-05678 was already imported from {first}; this copy is left out so it "
            "is not counted twice",
        ),
    )


def lots_file(*rows: str) -> str:
    return "\n".join([LOTS_HEADER, *rows]) + "\n"


def test_a_lots_file_gives_its_lots_to_the_account_it_names(tmp_path: Path) -> None:
    positions = write(tmp_path, "holdings.csv", merrill_file(NVDA, IJH))
    # 200 + 110 = 310 shares of IJH for 10,000 + 7,750 = 17,750: the position's figures
    lots = write(
        tmp_path,
        "lots.csv",
        lots_file(
            'IRA-Edge,IJH,ISHARES,Mar-15-2019,Long,200,"$10,000.00"',
            'IRA-Edge,IJH,ISHARES,Aug-04-2020,Long,110,"$7,750.00"',
        ),
    )
    h = load_household([positions, lots])
    assert [f.format for f in h.files] == ["merrill-holdings", "fidelity-lots"]
    assert h.lots == (
        LotRecord("5XY-05678", "IJH", date(2019, 3, 15), 200.0, 10000.0, str(lots), 2),
        LotRecord("5XY-05678", "IJH", date(2020, 8, 4), 110.0, 7750.0, str(lots), 3),
    )
    assert h.warnings == (ImportWarning(str(positions), None, None, NO_TOTALS),)
    # without attaching, the lots keep the account as the file names it
    parts = [read_file(positions), read_file(lots)]
    assert [x.account_id for x in merge_files(parts, attach=False).lots] == ["IRA-Edge"] * 2


def test_lots_that_do_not_add_up_to_their_position_are_warned_about(tmp_path: Path) -> None:
    positions = write(tmp_path, "holdings.csv", merrill_file(IJH))
    lots = write(
        tmp_path,
        "lots.csv",
        lots_file(
            'IRA-Edge,IJH,ISHARES,Mar-15-2019,Long,200,"$10,000.00"',
            'IRA-Edge,IJH,ISHARES,Aug-04-2020,Long,100,"$7,000.00"',
        ),
    )
    h = load_household([positions, lots])
    shares, cost = 200 + 100, 10000.00 + 7000.00
    assert h.warnings == (
        ImportWarning(str(positions), None, None, NO_TOTALS),
        ImportWarning(
            str(lots),
            2,
            "5XY-05678",
            f"the lots of IJH add up to {shares} shares where the position holds 310 (difference "
            f"{shares - 310}) and a cost of ${cost:,.2f} where the position's cost basis is "
            f"$17,750.00 (difference -${17750.00 - cost:,.2f}) ({positions}:2); the plan counts "
            f"the {310 - shares} shares no lot names as one lot of unknown cost and date, whose "
            "sale counts as all gain, to be safe",
        ),
    )


def test_a_lots_file_without_its_positions_is_refused(tmp_path: Path) -> None:
    lots = write(tmp_path, "lots.csv", lots_file('IRA-Edge,IJH,ISHARES,Mar-15-2019,Long,200,"$1"'))
    err = refused([lots])
    assert (err.file, err.line) == (str(lots), 2)
    assert err.reason == (
        "a lot of IJH of account IRA-Edge, but no imported account is IRA-Edge: import that "
        "account's positions file with its lots"
    )


def test_a_bad_file_anywhere_refuses_the_whole_import(tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", merrill_file(IJH))
    bad = write(tmp_path, "bad.csv", merrill_file(merrill_row("MS", quantity="inf")))
    err = refused([good, bad, good])
    assert (err.file, err.line) == (str(bad), 2)


def test_progress_is_told_each_file_then_the_merge(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", merrill_file(NVDA))
    second = write(tmp_path, "b.csv", merrill_file(IJH))
    calls: list[tuple[float, str]] = []
    load_household([first, second], progress=lambda f, what: calls.append((f, what)))
    assert calls == [(0 / 2, f"reading {first}"), (1 / 2, f"reading {second}"), (1.0, "merging")]
    calls.clear()
    load_household(iter([str(first)]), progress=lambda f, what: calls.append((f, what)))
    assert calls == [(0.0, f"reading {first}"), (1.0, "merging")]


def test_no_files_is_an_empty_household() -> None:
    calls: list[tuple[float, str]] = []
    h = load_household([], progress=lambda f, what: calls.append((f, what)))
    assert (h.files, h.accounts, h.warnings, h.lots, len(h.positions)) == ((), (), (), (), 0)
    assert calls == [(1.0, "merging")]
