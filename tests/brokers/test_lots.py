"""Tax lots read from every layout that has them (issue 15, item 1).

Expected figures are read from the files' own text with the csv module (``independent``),
never from the importer: the E*TRADE lots' gains against the file's ``Total Gain $`` per
position, each lots fixture's lots against its own rows and Total rows, each position's lots
against the positions file.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.brokers import load_household, load_mapping
from planner.core.errors import InputError
from tests.brokers.independent import money, rows
from tests.conftest import DATA, SAMPLES

LOTS = DATA / "lots"
ETRADE = DATA / "etrade_portfolio_lots_2025.csv"
SCHWAB = DATA / "schwab_positions_2026_individual.csv"
SCHWAB_LOTS = LOTS / "schwab_lot_details_2025.csv"
FIDELITY = DATA / "fidelity_positions_2024.csv"
FIDELITY_LOTS = LOTS / "fidelity_lots_2024.csv"
CUSTODIAN = DATA / "custodian_semicolon_cp1252.csv"
CUSTODIAN_LOTS = LOTS / "custodian_lots_semicolon_cp1252.csv"
CUSTODIAN_MAPPING = LOTS / "custodian_lots_semicolon_cp1252.mapping.json"
_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def etrade_table(path: Path) -> list[tuple[list[str], list[list[str]]]]:
    """Each position row of an E*TRADE download with the lot rows under it, by the csv
    module: a lot row's first cell is a date or ``--``."""
    table: list[tuple[list[str], list[list[str]]]] = []
    header: list[str] | None = None
    for row in rows(path):
        if header is None:
            if row[:1] == ["Symbol"] and "Value $" in row:
                header = row
            continue
        first = row[0].strip() if row else ""
        if first in ("TOTAL", ""):
            if first == "TOTAL":
                break
            continue
        if _DATE.match(first) or first == "--":
            table[-1][1].append(row)
        else:
            table.append((row, []))
    assert header is not None
    return table


def test_etrade_lot_gains_add_up_to_the_files_total_gain_per_position() -> None:
    """Done when: quantity x price - cost per lot, summed over a position's lots, is the
    file's own Total Gain $ of the position, to the cent."""
    header = next(r for r in rows(ETRADE) if r[:1] == ["Symbol"] and "Value $" in r)
    gain_col, qty_col = header.index("Total Gain $"), header.index("Quantity")
    table = [(p, lots) for p, lots in etrade_table(ETRADE) if p[0] != "CASH"]
    h = load_household([ETRADE])
    records = h.records()
    per_row = h.position_lots()
    checked = 0
    for (pos_row, lot_rows), rec, lots in zip(table, records, per_row, strict=False):
        assert rec.symbol == pos_row[0]
        assert len(lots) == len(lot_rows) > 0
        assert [lot.quantity for lot in lots] == [money(r[qty_col]) for r in lot_rows]
        assert rec.price is not None
        lot_gains = sum(lot.quantity * rec.price - (lot.cost or 0.0) for lot in lots)
        assert lot_gains == pytest.approx(money(pos_row[gain_col]), abs=0.005)
        checked += 1
    assert checked == len(table) == 4  # ESOA, MSFT, MSFT, QQQ
    assert h.warnings == ()  # the lots reconcile to their positions


def test_etrade_lots_carry_their_dates_and_the_unknown_one() -> None:
    h = load_household([ETRADE])
    assert [(x.symbol, x.acquired) for x in h.lots] == [
        ("ESOA", date(2024, 1, 12)),
        ("ESOA", date(2024, 6, 3)),
        ("MSFT", date(2021, 3, 15)),
        ("MSFT", date(2025, 11, 20)),
        ("QQQ", None),
    ]
    assert {x.account_id for x in h.lots} == {"4821"}


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the repo")
def test_the_real_etrade_sample_has_no_lot_rows_and_imports_none() -> None:
    path = SAMPLES / "etrade/positions-2026.csv"
    assert all(not lots for _, lots in etrade_table(path))  # the csv module agrees
    h = load_household([path])
    assert h.lots == () and not any(h.position_lots())
    assert not [w for w in h.warnings if "lot" in w.message]


def _lot_rows(path: Path, first_header_cell: str) -> list[list[str]]:
    out, inside = [], False
    for row in rows(path):
        if row[:1] == [first_header_cell]:
            inside = True
            continue
        if inside and row and row[0][:1].isdigit():  # a date: titles and Total rows are not
            out.append(row)
    return out


def test_schwab_lot_details_attach_to_the_schwab_positions() -> None:
    h = load_household([SCHWAB, SCHWAB_LOTS])
    assert [f.format for f in h.files] == ["schwab-positions-2025", "schwab-lot-details"]
    assert h.warnings == ()
    written = _lot_rows(SCHWAB_LOTS, "Open Date")
    assert len(h.lots) == len(written) == 7
    for lot, row in zip(h.lots, written, strict=True):
        assert lot.account_id == "...046"  # "XXXX-8046" in the lots file
        m, d, y = (int(x) for x in row[0].split()[0].split("/"))
        assert lot.acquired == date(y, m, d)
        assert (lot.quantity, lot.cost) == (money(row[1]), money(row[5]))
    # each position with lots: its quantity and cost basis, as the positions file writes them
    positions = {r[0]: r for r in rows(SCHWAB) if len(r) > 10}
    for (_, sym), lots in h.lots_by_position().items():
        assert sum(x.shares for x in lots) == money(positions[sym][2])
        assert sum(x.cost or 0 for x in lots) == pytest.approx(money(positions[sym][9]))
    assert {s for _, s in h.lots_by_position()} == {"NVDA", "AMZN", "VB"}


def test_fidelity_lots_attach_by_account_name() -> None:
    h = load_household([FIDELITY, FIDELITY_LOTS])
    assert h.files[1].format == "fidelity-lots" and h.warnings == ()
    written = list(csv.DictReader(io.StringIO(FIDELITY_LOTS.read_text("utf-8"))))
    names = {a.name: a.id for a in h.accounts}
    assert [(x.account_id, x.symbol, x.quantity, x.cost) for x in h.lots] == [
        (names[r["Account Name"]], r["Symbol"], money(r["Quantity"]), money(r["Cost Basis Total"]))
        for r in written
    ]
    assert h.lots[0].acquired == date(2019, 3, 15)  # "Mar-15-2019"


def test_a_lots_csv_through_the_column_mapping() -> None:
    profiles = load_mapping(CUSTODIAN_MAPPING)
    assert [p.kind for p in profiles] == ["positions", "lots"]
    h = load_household([CUSTODIAN, CUSTODIAN_LOTS], profiles)
    assert h.files[1].format == "mapping:Regional custodian lots"
    text = CUSTODIAN_LOTS.read_bytes().decode("cp1252")
    written = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r[:1] == ["0099887766"]]
    written = [r for r in written if r[1] != "Summe"]  # the total row is skipped
    assert [(x.symbol, x.acquired, x.quantity, x.cost) for x in h.lots] == [
        (
            r[1],
            date(*reversed([int(p) for p in r[2].split(".")])),
            float(r[3]),
            float(r[4].replace(".", "").replace(",", ".")),
        )
        for r in written
    ]
    # only the positions file's completeness warning: the lots reconcile in quantity
    assert [w.file for w in h.warnings] == [str(CUSTODIAN)]


def test_a_single_lots_profile_beside_a_known_layout(tmp_path: Path) -> None:
    lots = tmp_path / "advisor_lots.csv"
    lots.write_text("Ticker,Bought,Shares,Total cost\nAAPL,2019-03-15,120,12600\n", "utf-8")
    mapping = tmp_path / "lots.json"
    mapping.write_text(
        '{"kind": "lots", "name": "advisor lots", "columns": {"symbol": "Ticker", '
        '"acquired": "Bought", "quantity": "Shares", "cost": "Total cost"}}',
        "utf-8",
    )
    h = load_household([FIDELITY, lots], load_mapping(mapping))
    (lot,) = h.lots
    assert (lot.account_id, lot.acquired, lot.cost) == ("X12345678", date(2019, 3, 15), 12600)


# -- bad lot rows: the bad-input contract ---------------------------------------------------


def _edit(tmp_path: Path, source: Path, old: str, new: str, count: int = 1) -> Path:
    text = source.read_text("utf-8")
    assert old in text
    out = tmp_path / source.name
    out.write_text(text.replace(old, new, count), "utf-8")
    return out


def _refused(paths: list[Path]) -> InputError:
    with pytest.raises(InputError) as info:
        load_household(paths)
    err = info.value
    assert err.line is not None and str(err).startswith(f"{err.file}:{err.line}: ")
    return err


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_a_lot_date_that_is_not_a_date_is_a_warning_and_an_unknown_term(tmp_path: Path) -> None:
    path = _edit(tmp_path, ETRADE, "     01/12/2024", "     13/45/2024")
    h = load_household([path])
    (w,) = h.warnings
    assert (w.file, w.line) == (str(path), _line_of(path, "13/45/2024"))
    assert "'13/45/2024'" in w.message and "not a date" in w.message and "ESOA" in w.message
    assert h.lots[0].acquired is None and h.lots[0].quantity == 1200


@pytest.mark.parametrize(
    ("source", "old", "new", "said"),
    [
        (ETRADE, ",1200.0000,", ",-1200.0000,", "is negative"),
        (ETRADE, ",800.0000,", ",lots,", "is not a number"),
        (SCHWAB_LOTS, '"40","$186.58"', '"0","$186.58"', "is zero"),
        (FIDELITY_LOTS, ",150,$6.00,", ",-150,$6.00,", "is negative"),
        (SCHWAB_LOTS, '"$750.00"', '"-$750.00"', "is negative"),
    ],
    ids=["etrade-negative", "etrade-text", "schwab-zero", "fidelity-negative", "negative-cost"],
)
def test_a_lot_with_a_bad_quantity_or_cost_is_refused_naming_its_line(
    tmp_path: Path, source: Path, old: str, new: str, said: str
) -> None:
    path = _edit(tmp_path, source, old, new)
    positions = {ETRADE: [], SCHWAB_LOTS: [SCHWAB], FIDELITY_LOTS: [FIDELITY]}[source]
    err = _refused([*positions, path])
    assert err.file == str(path) and err.line == _line_of(path, new.strip(',"'))
    assert said in err.reason


def test_a_lot_for_a_symbol_the_positions_do_not_hold_is_refused(tmp_path: Path) -> None:
    path = _edit(tmp_path, SCHWAB_LOTS, '"VB Lot Details', '"IWM Lot Details')
    err = _refused([SCHWAB, path])
    first_iwm_lot = _line_of(path, "04/22/2024")
    assert (err.file, err.line) == (str(path), first_iwm_lot)
    assert "account ...046 holds no IWM" in err.reason


def test_an_etrade_lot_row_with_no_position_above_is_refused(tmp_path: Path) -> None:
    text = ETRADE.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("Symbol,Last Price"))
    text.insert(at + 1, "     02/02/2022,3.05,-0.04,-1.29,10.0000,2.00,0,10.50,52.50,30.50")
    path = tmp_path / ETRADE.name
    path.write_text("\n".join(text) + "\n", "utf-8")
    err = _refused([path])
    assert err.line == at + 2 and "right under the header" in err.reason


def test_a_lots_file_without_its_positions_is_refused(tmp_path: Path) -> None:
    err = _refused([FIDELITY_LOTS])
    assert err.file == str(FIDELITY_LOTS) and err.line == 2
    assert "no imported account is Joint WROS - TOD" in err.reason


def test_a_cost_that_is_not_a_number_is_a_warning(tmp_path: Path) -> None:
    path = _edit(tmp_path, FIDELITY_LOTS, '"$6,600.00"', "n.a.")
    h = load_household([FIDELITY, path])
    (w,) = h.warnings  # the cost is unknown, so the AAPL cost is not reconciled
    assert (w.file, w.line) == (str(path), 3) and "'n.a.'" in w.message
    assert h.lots[1].cost is None


def test_lots_that_disagree_with_their_position_and_total_row_warn(tmp_path: Path) -> None:
    path = _edit(tmp_path, SCHWAB_LOTS, '"40","$186.58"', '"45","$186.58"')
    h = load_household([SCHWAB, path])
    line = _line_of(path, '"45","$186.58"')
    total = _line_of(path, '"Total","120"')
    by_line = {w.line: w for w in h.warnings}
    assert set(by_line) == {line, total}
    against_position = by_line[line]
    assert against_position.file == str(path) and against_position.account_id == "...046"
    assert "NVDA" in against_position.message and "125 shares" in against_position.message
    assert "holds 120" in against_position.message and "difference 5" in against_position.message
    assert "Total row says 120" in by_line[total].message


def test_a_schwab_lots_file_cut_before_a_total_row_is_refused(tmp_path: Path) -> None:
    text = SCHWAB_LOTS.read_text("utf-8")
    cut = text[: text.rindex('"Total"')]
    path = tmp_path / SCHWAB_LOTS.name
    path.write_text(cut, "utf-8")
    err = _refused([SCHWAB, path])
    assert "the file ends before the Total row of the VB lots" in err.reason


def test_every_lots_fixture_is_claimed_by_exactly_one_layout() -> None:
    from planner.brokers import READERS
    from planner.brokers.source import Source

    for path, name in [(SCHWAB_LOTS, "schwab-lots"), (FIDELITY_LOTS, "fidelity-lots")]:
        src = Source.from_bytes(path.read_bytes(), str(path))
        assert [r.name for r in READERS if r.detect(src) is not None] == [name]


# -- damaged lots files: refused naming a line, or imported with every lot on a position -----

PAIRS: list[tuple[Path, Path | None]] = [
    (SCHWAB, SCHWAB_LOTS),
    (FIDELITY, FIDELITY_LOTS),
    (ETRADE, None),
]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[Path | None, str, bytes]:
    positions, lots = draw(st.sampled_from(PAIRS))
    target = lots or positions
    lines = target.read_bytes().split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "duplicate", "swap", "cell", "blank"]))
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "blank":
            lines.insert(i, b"")
        else:
            cells = lines[i].split(b",")
            k = draw(st.integers(0, len(cells) - 1))
            cells[k] = draw(
                st.sampled_from(
                    [b"", b"--", b"-5", b"0", b"abc", b"1e999", b"13/45/2024", b'"Total"', b"IWM"]
                )
            )
            lines[i] = b",".join(cells)
    return (positions if lots else None), str(target), b"\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged())
def test_damaged_lots_are_refused_or_every_lot_sits_on_a_position(
    case: tuple[Path | None, str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    positions, name, data = case
    path = tmp_path_factory.mktemp("damaged") / Path(name).name
    path.write_bytes(data)
    files = [positions, path] if positions is not None else [path]
    try:
        h = load_household(files)
    except InputError as err:
        assert err.file in {str(f) for f in files}
        assert "\n" not in str(err) and str(err).startswith(err.file)
        return
    held = set(zip(h.positions["account_id"], h.positions["symbol"], strict=True))
    for lot in h.lots:
        assert (lot.account_id, lot.symbol) in held
        assert lot.quantity > 0 and (lot.cost is None or lot.cost >= 0)


# -- the tests catch the bugs they exist for -------------------------------------------------


def test_the_gain_check_catches_a_reader_that_loses_a_lot(monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.brokers import etrade

    real = etrade.make_lots
    monkeypatch.setattr(etrade, "make_lots", lambda src, raws: real(src, list(raws)[:-1]))
    with pytest.raises(AssertionError):
        test_etrade_lot_gains_add_up_to_the_files_total_gain_per_position()


def test_the_reconciliation_test_catches_lots_never_compared(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import planner.core.lots as core_lots

    monkeypatch.setattr(core_lots, "lot_mismatches", lambda positions, lots: [])
    with pytest.raises(AssertionError):
        test_lots_that_disagree_with_their_position_and_total_row_warn(tmp_path)
