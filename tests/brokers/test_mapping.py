"""The column mapping (:mod:`planner.brokers.mapping`), called directly: the profile parser's
refusals and defaults, finding the header, choosing a profile, and reading positions and
lots with a profile.

Every expected figure is worked out from the text the test writes: the cells of the CSV, the
line they are on, the keys of the JSON.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.brokers import read_file
from planner.brokers.mapping import (
    Mapping,
    choose,
    header_of,
    parse_mapping,
    read_with_mapping,
)
from planner.brokers.source import Source
from planner.core.errors import InputError
from planner.core.holdings import Account, ImportWarning, LotRecord

PATH = "profiles/custodian.json"

KNOWN_KEYS = [
    "columns",
    "date_format",
    "decimal_comma",
    "default_account",
    "delimiter",
    "header_row",
    "kind",
    "name",
    "skip_rows_starting_with",
]
POSITION_FIELDS = [
    "account",
    "account_name",
    "symbol",
    "description",
    "quantity",
    "price",
    "value",
    "cost_basis",
    "asset_type",
]
LOT_FIELDS = ["account", "symbol", "acquired", "quantity", "cost", "unit_cost"]

#: The smallest valid profiles of each kind.
POSITIONS_COLUMNS = {"symbol": "Ticker", "value": "Market Value"}
LOTS_COLUMNS = {"symbol": "Symbol", "quantity": "Shares"}

COLUMNS_REASON = "'columns' must map field names to column headers"
LOTS_NEED_REASON = "a lots mapping's 'columns' needs 'symbol' and 'quantity'"
POSITIONS_NEED_REASON = "'columns' needs 'value' and 'symbol' or 'description'"
DATE_FORMAT_REASON = "'date_format' must be a strptime format, e.g. \"%d.%m.%Y\""
HEADER_ROW_REASON = "'header_row' must be a line number (1 or more)"
DELIMITER_REASON = '\'delimiter\' must be one character, e.g. "," or ";"'
SKIP_REASON = "'skip_rows_starting_with' must be a list of texts"
DECIMAL_COMMA_REASON = "'decimal_comma' must be true or false"


# --- helpers -------------------------------------------------------------------------------


def one(raw: Any) -> Mapping:
    """The single profile of a mapping file holding ``raw`` as JSON."""
    profiles = parse_mapping(json.dumps(raw), PATH)
    assert len(profiles) == 1
    return profiles[0]


def refused(raw: Any) -> InputError:
    """The error parsing a mapping file holding ``raw`` as JSON raises."""
    with pytest.raises(InputError) as info:
        parse_mapping(json.dumps(raw), PATH)
    return info.value


def positions(**keys: Any) -> Mapping:
    """A positions profile: the smallest valid columns unless ``columns`` is given."""
    return one({"columns": POSITIONS_COLUMNS, **keys})


def lots(**keys: Any) -> Mapping:
    return one({"kind": "lots", "columns": LOTS_COLUMNS, **keys})


def source(tmp_path: Path, *lines: str, name: str = "export.csv") -> Source:
    """A file of ``lines`` (one per line), opened as the importer opens files."""
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Source.from_path(path)


def unchecked_warning(src: Source, name: str) -> ImportWarning:
    return ImportWarning(
        src.path,
        None,
        None,
        f"completeness could not be checked: the column mapping {name!r} knows no total or "
        "end marker",
    )


def column(frame: Any, name: str) -> list[Any]:
    return list(frame[name].tolist())


def all_nan(frame: Any, name: str) -> bool:
    return all(math.isnan(v) for v in column(frame, name))


# --- parse_mapping: one profile, several, none ----------------------------------------------


def test_a_single_object_is_one_profile() -> None:
    profiles = parse_mapping(json.dumps({"name": "Trust", "columns": POSITIONS_COLUMNS}), PATH)
    assert len(profiles) == 1
    assert profiles[0].name == "Trust"
    assert profiles[0].columns == POSITIONS_COLUMNS


def test_a_list_of_objects_is_several_profiles_in_order() -> None:
    text = json.dumps(
        [
            {"name": "Trust positions", "columns": POSITIONS_COLUMNS},
            {"name": "Trust lots", "kind": "lots", "columns": LOTS_COLUMNS},
            {"name": "Trust cash", "columns": {"description": "Security", "value": "Amount"}},
        ]
    )
    profiles = parse_mapping(text, PATH)
    assert [p.name for p in profiles] == ["Trust positions", "Trust lots", "Trust cash"]
    assert [p.kind for p in profiles] == ["positions", "lots", "positions"]
    assert profiles[1].columns == LOTS_COLUMNS
    assert profiles[2].columns == {"description": "Security", "value": "Amount"}


def test_a_list_of_one_object_is_one_profile() -> None:
    profiles = parse_mapping(json.dumps([{"name": "Only", "columns": POSITIONS_COLUMNS}]), PATH)
    assert [p.name for p in profiles] == ["Only"]


def test_an_empty_list_is_refused_as_not_an_object_on_line_1() -> None:
    # An empty list is not taken as "no profiles": it is handed to the object check.
    err = refused([])
    assert (err.file, err.line) == (PATH, 1)
    assert err.reason == "a mapping must be a JSON object (or a list of them)"


def test_a_bad_profile_in_a_list_is_refused() -> None:
    err = refused(
        [
            {"columns": POSITIONS_COLUMNS},
            {"columns": POSITIONS_COLUMNS, "delimiter": ";;"},
        ]
    )
    assert (err.file, err.line, err.reason) == (PATH, None, DELIMITER_REASON)


def test_invalid_json_is_refused_with_the_line_of_the_error() -> None:
    # The stray comma after "columns": { is on the third line.
    text = '{\n  "name": "Trust",\n  "columns": {,\n    "value": "V"\n  }\n}\n'
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(InputError) as info:
        parse_mapping(text, PATH)
    err = info.value
    assert err.file == PATH
    assert err.line == 3
    assert err.reason == f"not valid JSON: {expected.value.msg}"
    assert str(err) == f"{PATH}:3: not valid JSON: {expected.value.msg}"


def test_invalid_json_on_a_later_line_names_that_line() -> None:
    text = '{\n\n\n\n  "columns": {"value": "V", "symbol": "S"}\n  "name": "x"\n}'
    with pytest.raises(InputError) as info:
        parse_mapping(text, PATH)
    # The missing comma is found where "name" starts, on the sixth line.
    assert info.value.line == 6
    assert info.value.reason.startswith("not valid JSON: ")


@pytest.mark.parametrize("raw", ["just text", 42, None, True, [1], ["a", "b"]])
def test_a_mapping_that_is_not_an_object_is_refused_on_line_1(raw: Any) -> None:
    err = refused(raw)
    assert (err.file, err.line) == (PATH, 1)
    assert err.reason == "a mapping must be a JSON object (or a list of them)"
    assert str(err) == f"{PATH}:1: a mapping must be a JSON object (or a list of them)"


# --- _profile: refusals ---------------------------------------------------------------------


def test_an_unknown_top_level_key_is_refused_naming_it_and_the_known_keys() -> None:
    err = refused({"columns": POSITIONS_COLUMNS, "sep": ";"})
    assert (err.file, err.line) == (PATH, None)
    assert err.reason == f"unknown key 'sep'; known keys: {KNOWN_KEYS}"
    assert str(err) == f"{PATH}: unknown key 'sep'; known keys: {KNOWN_KEYS}"


@pytest.mark.parametrize("kind", ["trades", "Lots", "", None, 1])
def test_a_kind_other_than_positions_or_lots_is_refused(kind: Any) -> None:
    err = refused({"kind": kind, "columns": POSITIONS_COLUMNS})
    assert (err.file, err.line) == (PATH, None)
    assert err.reason == f"'kind' must be one of ['positions', 'lots'], not {kind!r}"


@pytest.mark.parametrize(
    "columns",
    [
        None,
        ["Ticker", "Market Value"],
        "Ticker",
        {"symbol": "Ticker", "value": 7},
        {"symbol": "Ticker", "value": None},
        {"symbol": ["Ticker"], "value": "Market Value"},
    ],
    ids=["null", "list", "text", "number-value", "null-value", "list-value"],
)
def test_columns_that_are_not_a_map_of_texts_are_refused(columns: Any) -> None:
    err = refused({"columns": columns})
    assert (err.file, err.line, err.reason) == (PATH, None, COLUMNS_REASON)


def test_a_profile_without_columns_is_refused() -> None:
    err = refused({"name": "Trust"})
    assert (err.file, err.line, err.reason) == (PATH, None, COLUMNS_REASON)


def test_an_unknown_column_field_of_positions_is_refused_naming_the_fields() -> None:
    err = refused({"columns": {**POSITIONS_COLUMNS, "ticker": "Ticker"}})
    assert (err.file, err.line) == (PATH, None)
    assert err.reason == f"unknown column field 'ticker' for positions; fields: {POSITION_FIELDS}"


def test_a_lots_field_in_a_positions_mapping_is_refused() -> None:
    err = refused({"columns": {**POSITIONS_COLUMNS, "acquired": "Date"}})
    assert err.line is None
    assert err.reason == (
        f"unknown column field 'acquired' for positions; fields: {POSITION_FIELDS}"
    )


def test_a_positions_field_in_a_lots_mapping_is_refused_naming_the_lot_fields() -> None:
    err = refused({"kind": "lots", "columns": {**LOTS_COLUMNS, "value": "Market Value"}})
    assert (err.file, err.line) == (PATH, None)
    assert err.reason == f"unknown column field 'value' for lots; fields: {LOT_FIELDS}"


@pytest.mark.parametrize(
    "columns",
    [{"quantity": "Shares", "cost": "Cost"}, {"symbol": "Symbol", "cost": "Cost"}, {}],
    ids=["no-symbol", "no-quantity", "none"],
)
def test_a_lots_mapping_without_symbol_or_quantity_is_refused(columns: dict[str, str]) -> None:
    err = refused({"kind": "lots", "columns": columns})
    assert (err.file, err.line, err.reason) == (PATH, None, LOTS_NEED_REASON)


def test_a_positions_mapping_without_value_is_refused() -> None:
    err = refused({"columns": {"symbol": "Ticker", "description": "Security", "price": "P"}})
    assert (err.file, err.line, err.reason) == (PATH, None, POSITIONS_NEED_REASON)


def test_a_positions_mapping_without_symbol_and_description_is_refused() -> None:
    err = refused({"columns": {"value": "Market Value", "quantity": "Units"}})
    assert (err.file, err.line, err.reason) == (PATH, None, POSITIONS_NEED_REASON)


def test_a_positions_mapping_with_description_and_no_symbol_is_accepted() -> None:
    columns = {"description": "Security", "value": "Market Value"}
    assert one({"columns": columns}).columns == columns


def test_a_positions_mapping_needs_no_quantity() -> None:
    assert positions().columns == POSITIONS_COLUMNS


@pytest.mark.parametrize("date_format", [5, ["%d"], True, "dd.mm.yyyy", ""])
def test_a_date_format_that_is_not_a_strptime_text_is_refused(date_format: Any) -> None:
    err = refused({"kind": "lots", "columns": LOTS_COLUMNS, "date_format": date_format})
    assert (err.file, err.line, err.reason) == (PATH, None, DATE_FORMAT_REASON)


@pytest.mark.parametrize("header_row", [0, -1, -3, "3", 2.0, 1.5, [3]])
def test_a_header_row_that_is_not_a_line_number_is_refused(header_row: Any) -> None:
    err = refused({"columns": POSITIONS_COLUMNS, "header_row": header_row})
    assert (err.file, err.line, err.reason) == (PATH, None, HEADER_ROW_REASON)


def test_header_row_1_is_the_first_line_number_accepted() -> None:
    assert positions(header_row=1).header_row == 1


def test_header_row_true_is_refused_not_read_as_line_1() -> None:
    # JSON true is a Python bool, which is an int (True == 1): refused as what it is
    err = refused({"columns": POSITIONS_COLUMNS, "header_row": True})
    assert (err.file, err.line, err.reason) == (PATH, None, HEADER_ROW_REASON)


def test_header_row_false_is_refused_as_below_1() -> None:
    # False is the int 0, so it fails "1 or more" rather than the type check.
    err = refused({"columns": POSITIONS_COLUMNS, "header_row": False})
    assert (err.line, err.reason) == (None, HEADER_ROW_REASON)


@pytest.mark.parametrize("delimiter", ["", ";;", ", ", 0, 59, None, [","]])
def test_a_delimiter_that_is_not_one_character_is_refused(delimiter: Any) -> None:
    err = refused({"columns": POSITIONS_COLUMNS, "delimiter": delimiter})
    assert (err.file, err.line, err.reason) == (PATH, None, DELIMITER_REASON)


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_a_one_character_delimiter_is_kept(delimiter: str) -> None:
    assert positions(delimiter=delimiter).delimiter == delimiter


@pytest.mark.parametrize("skip", ["Total", {"Total": 1}, None, ["Total", 3], [["Total"]]])
def test_skip_rows_that_are_not_a_list_of_texts_are_refused(skip: Any) -> None:
    err = refused({"columns": POSITIONS_COLUMNS, "skip_rows_starting_with": skip})
    assert (err.file, err.line, err.reason) == (PATH, None, SKIP_REASON)


@pytest.mark.parametrize("decimal_comma", ["true", 1, 0, None, "yes"])
def test_a_decimal_comma_that_is_not_a_boolean_is_refused(decimal_comma: Any) -> None:
    err = refused({"columns": POSITIONS_COLUMNS, "decimal_comma": decimal_comma})
    assert (err.file, err.line, err.reason) == (PATH, None, DECIMAL_COMMA_REASON)


def test_the_first_check_that_fails_is_the_one_reported() -> None:
    # Unknown keys are looked at before anything else, the kind before the columns.
    err = refused({"columns": None, "kind": "trades", "extra": 1})
    assert err.reason.startswith("unknown key 'extra'")
    err = refused({"columns": None, "kind": "trades"})
    assert err.reason == "'kind' must be one of ['positions', 'lots'], not 'trades'"


# --- _profile: defaults and given values ---------------------------------------------------


def test_a_minimal_positions_profile_has_every_default() -> None:
    assert positions() == Mapping(
        name="custom mapping",
        columns={"symbol": "Ticker", "value": "Market Value"},
        header_row=None,
        delimiter=",",
        decimal_comma=False,
        default_account="ACCOUNT",
        skip_rows_starting_with=(),
        kind="positions",
        date_format=None,
    )


def test_a_minimal_lots_profile_has_every_default_and_no_default_account() -> None:
    assert lots() == replace(
        positions(),
        columns={"symbol": "Symbol", "quantity": "Shares"},
        default_account="",
        kind="lots",
    )


def test_kind_positions_may_be_given_explicitly() -> None:
    mapping = positions(kind="positions")
    assert mapping.kind == "positions"
    assert mapping.default_account == "ACCOUNT"


def test_every_value_of_a_positions_profile_is_kept() -> None:
    columns = {field: f"Column {i}" for i, field in enumerate(POSITION_FIELDS)}
    mapping = one(
        {
            "name": "First Regional Trust positions",
            "kind": "positions",
            "columns": columns,
            "header_row": 3,
            "delimiter": ";",
            "decimal_comma": True,
            "date_format": "%Y%m%d",
            "default_account": "TRUST-1",
            "skip_rows_starting_with": ["Total", "Subtotal"],
        }
    )
    assert mapping.name == "First Regional Trust positions"
    assert mapping.kind == "positions"
    assert mapping.columns == columns
    assert mapping.header_row == 3
    assert mapping.delimiter == ";"
    assert mapping.decimal_comma is True
    assert mapping.date_format == "%Y%m%d"
    assert mapping.default_account == "TRUST-1"
    assert mapping.skip_rows_starting_with == ("Total", "Subtotal")


def test_every_value_of_a_lots_profile_is_kept() -> None:
    columns = {field: f"Column {i}" for i, field in enumerate(LOT_FIELDS)}
    mapping = one(
        {
            "name": "Trust lots",
            "kind": "lots",
            "columns": columns,
            "header_row": 2,
            "delimiter": "\t",
            "decimal_comma": True,
            "date_format": "%d.%m.%Y",
            "default_account": "TRUST-LOTS",
            "skip_rows_starting_with": ["Summe"],
        }
    )
    assert mapping.name == "Trust lots"
    assert mapping.kind == "lots"
    assert mapping.columns == columns
    assert mapping.header_row == 2
    assert mapping.delimiter == "\t"
    assert mapping.decimal_comma is True
    assert mapping.date_format == "%d.%m.%Y"
    assert mapping.default_account == "TRUST-LOTS"
    assert mapping.skip_rows_starting_with == ("Summe",)


def test_the_columns_are_a_copy_of_the_json_object() -> None:
    mapping = positions()
    assert mapping.columns is not POSITIONS_COLUMNS
    assert type(mapping.columns) is dict


def test_a_name_that_is_not_text_is_made_text() -> None:
    assert positions(name=2024).name == "2024"


def test_a_default_account_that_is_not_text_is_made_text() -> None:
    assert positions(default_account=7).default_account == "7"
    assert lots(default_account=7).default_account == "7"


def test_explicit_false_and_empty_values_are_kept_not_replaced() -> None:
    mapping = positions(decimal_comma=False, skip_rows_starting_with=[], default_account="")
    assert mapping.decimal_comma is False
    assert mapping.skip_rows_starting_with == ()
    assert mapping.default_account == ""


# --- header_of -------------------------------------------------------------------------------


def test_the_header_is_the_first_line_having_every_mapped_column(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "First Regional Trust",  # 1
        "Ticker,Notes",  # 2: one of the two columns only
        "",  # 3
        "Ticker,Security,Market Value",  # 4: the header
        "ABC,Abc Corp,100",  # 5
        "Ticker,Market Value",  # 6: would match too, but comes later
    )
    assert header_of(src, positions()) == 4


def test_the_header_is_found_whatever_its_case_and_spacing(tmp_path: Path) -> None:
    src = source(tmp_path, "title", "  TICKER ,  market    VALUE  ", "ABC,100")
    assert header_of(src, positions()) == 2
    shouting = positions(columns={"symbol": "  ticker", "value": "MARKET VALUE"})
    assert header_of(source(tmp_path, "Ticker,Market Value", name="b.csv"), shouting) == 1


def test_the_header_may_be_the_first_line(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    assert header_of(src, positions()) == 1


def test_a_header_on_the_last_line_of_the_file_is_found(tmp_path: Path) -> None:
    src = source(tmp_path, "title", "Ticker,Market Value")
    assert len(src) == 2
    assert header_of(src, positions()) == 2


def test_the_header_is_split_with_the_mappings_delimiter(tmp_path: Path) -> None:
    src = source(tmp_path, "Stand 2024", "Ticker;Market Value", "ABC;100")
    assert header_of(src, positions(delimiter=";")) == 2
    assert header_of(src, positions()) is None


def test_a_file_without_the_header_has_none(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Value", "ABC,100")
    assert header_of(src, positions()) is None


def test_a_header_on_line_50_is_found(tmp_path: Path) -> None:
    notes = [f"note {n}" for n in range(1, 50)]
    src = source(tmp_path, *notes, "Ticker,Market Value", "ABC,100")
    assert header_of(src, positions()) == 50


def test_a_header_beyond_line_50_is_not_found(tmp_path: Path) -> None:
    notes = [f"note {n}" for n in range(1, 51)]
    src = source(tmp_path, *notes, "Ticker,Market Value", "ABC,100")
    assert src.line(51) == "Ticker,Market Value"
    assert header_of(src, positions()) is None


def test_a_given_header_row_is_used_as_is(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100", "", "Ticker,Market Value")
    assert header_of(src, positions()) == 1
    assert header_of(src, positions(header_row=4)) == 4


def test_a_given_header_row_without_the_columns_is_no_header(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    assert header_of(src, positions(header_row=2)) is None


def test_a_given_header_row_beyond_the_file_is_no_header(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    assert header_of(src, positions(header_row=3)) is None


def test_a_given_header_row_beyond_line_50_is_used(tmp_path: Path) -> None:
    notes = [f"note {n}" for n in range(1, 61)]
    src = source(tmp_path, *notes, "Ticker,Market Value", "ABC,100")
    assert header_of(src, positions(header_row=61)) == 61


# --- choose ----------------------------------------------------------------------------------


def test_choose_takes_the_first_profile_whose_header_the_file_has(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Shares,Acquired", "ABC,10,01/02/2020")
    other = positions(name="other", columns={"symbol": "Ticker", "value": "Value"})
    first_match = lots(name="first match", columns={"symbol": "Symbol", "quantity": "Shares"})
    second_match = lots(name="second match", columns={"symbol": "Symbol", "quantity": "Shares"})
    assert choose(src, (other, first_match, second_match)) is first_match


def test_choose_takes_the_first_profile_when_it_matches(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    first, second = positions(name="first"), positions(name="second")
    assert choose(src, (first, second)) is first


def test_choose_falls_back_to_the_first_profile_when_none_matches(tmp_path: Path) -> None:
    src = source(tmp_path, "Account,Holding,Amount", "A,ABC,100")
    first, second = positions(name="first"), lots(name="second")
    assert choose(src, (first, second)) is first


# --- read_with_mapping: positions ------------------------------------------------------------

TRUST = {
    "name": "First Regional Trust positions",
    "columns": {
        "account": "Acct No",
        "account_name": "Registration",
        "symbol": "Ticker",
        "description": "Security",
        "quantity": "Units",
        "price": "Unit Price",
        "value": "Market Value",
        "cost_basis": "Book Cost",
    },
    "skip_rows_starting_with": ["Total", "Subtotal"],
}

TRUST_FILE = (
    "First Regional Trust - holdings statement",  # 1
    "Ticker,Security",  # 2: not the header (columns missing)
    "",  # 3
    "Acct No,Registration,Ticker,Security,Units,Unit Price,Market Value,Book Cost",  # 4
    "T-100,Roth IRA,ABC,Abc Corp,10,12.50,125.00,100.00",  # 5
    'T-100,Roth IRA,XYZ,,"1,000",2.00,"2,000.00",1500',  # 6: no description
    'T-100,Roth IRA,Subtotal,,,,"2,125.00",',  # 7: skipped
    "T-200,Joint Brokerage,,,,,,",  # 8: no symbol: left out
    "T-200,Joint Brokerage,QQQ,Invesco QQQ,3,400,1200,900",  # 9
    'TOTAL,,TOTAL,,,,"3,325.00",',  # 10: skipped (case does not matter)
    "",  # 11
    "Prepared for the Doe household",  # 12: a footer: the table ends before it
)


def test_positions_are_read_into_the_frame(tmp_path: Path) -> None:
    src = source(tmp_path, *TRUST_FILE)
    parsed = read_with_mapping(src, one(TRUST))
    frame = parsed.positions
    assert column(frame, "account_id") == ["T-100", "T-100", "T-200"]
    assert column(frame, "symbol") == ["ABC", "XYZ", "QQQ"]
    assert column(frame, "description") == ["Abc Corp", "", "Invesco QQQ"]
    assert column(frame, "quantity") == [10.0, 1000.0, 3.0]
    assert column(frame, "price") == [12.5, 2.0, 400.0]
    assert column(frame, "market_value") == [125.0, 2000.0, 1200.0]
    assert column(frame, "cost_basis") == [100.0, 1500.0, 900.0]
    assert column(frame, "source_line") == [5, 6, 9]
    assert column(frame, "source_file") == [src.path] * 3


def test_positions_accounts_take_names_and_tax_types_from_the_name_column(
    tmp_path: Path,
) -> None:
    src = source(tmp_path, *TRUST_FILE)
    parsed = read_with_mapping(src, one(TRUST))
    assert parsed.accounts == [
        Account("T-100", "Roth IRA", "tax_free", src.path),
        Account("T-200", "Joint Brokerage", "taxable", src.path),
    ]


def test_positions_read_with_a_mapping_say_their_format_and_completeness(tmp_path: Path) -> None:
    src = source(tmp_path, *TRUST_FILE)
    parsed = read_with_mapping(src, one(TRUST))
    assert parsed.format == "mapping:First Regional Trust positions"
    assert parsed.as_of is None
    assert parsed.lots == []
    assert parsed.warnings == [unchecked_warning(src, "First Regional Trust positions")]
    assert "'First Regional Trust positions'" in parsed.warnings[0].message
    assert "completeness could not be checked" in parsed.warnings[0].message


def test_the_unnamed_mapping_is_called_custom_mapping(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    parsed = read_with_mapping(src, positions())
    assert parsed.format == "mapping:custom mapping"
    assert parsed.warnings == [unchecked_warning(src, "custom mapping")]


def test_rows_starting_with_a_skip_text_are_left_out_whatever_their_case(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Ticker,Market Value",  # 1
        "ABC,100",  # 2
        "TOTAL,100",  # 3
        "total equities,100",  # 4
        "Subtotal,50",  # 5: not a skip text of this mapping
        "DEF,200",  # 6
    )
    parsed = read_with_mapping(src, positions(skip_rows_starting_with=["Total"]))
    assert column(parsed.positions, "symbol") == ["ABC", "SUBTOTAL", "DEF"]
    assert column(parsed.positions, "market_value") == [100.0, 50.0, 200.0]
    assert column(parsed.positions, "source_line") == [2, 5, 6]


def test_without_skip_texts_a_total_row_is_a_position(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100", "Total,100")
    parsed = read_with_mapping(src, positions())
    assert column(parsed.positions, "symbol") == ["ABC", "TOTAL"]


def test_rows_with_an_empty_first_field_and_no_value_are_left_out(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Acct,Ticker,Market Value",  # 1
        "A-1,ABC,100",  # 2
        "A-1,,",  # 3: nothing in the symbol column
        "A-1,  ,0",  # 4: only spaces there, and no value
        "A-1,DEF,200",  # 5
    )
    mapping = positions(columns={"account": "Acct", **POSITIONS_COLUMNS})
    parsed = read_with_mapping(src, mapping)
    assert column(parsed.positions, "symbol") == ["ABC", "DEF"]
    assert column(parsed.positions, "source_line") == [2, 5]


def test_a_value_that_names_no_security_and_totals_nothing_is_refused(tmp_path: Path) -> None:
    # A-1's 7 is a holding the file values: left out, the household would be $7 short
    src = source(
        tmp_path,
        "Acct,Ticker,Market Value",  # 1
        "A-1,ABC,100",  # 2
        "A-1,  ,7",  # 3: only spaces in the symbol column
        "A-1,DEF,200",  # 4
    )
    mapping = positions(columns={"account": "Acct", **POSITIONS_COLUMNS})
    with pytest.raises(InputError) as info:
        read_with_mapping(src, mapping)
    assert (info.value.file, info.value.line) == (src.path, 3)
    assert info.value.reason == (
        "a value of 7 with neither a symbol nor a description, and not the total of the rows "
        "above it: the row names no security; give it a symbol or a description, or remove it"
    )


@pytest.mark.parametrize("cents", [0, 1, -1])
def test_an_unnamed_row_holding_the_total_of_the_rows_above_it_is_left_out(
    tmp_path: Path, cents: int
) -> None:
    # a subtotal an account (the rows since the last total) and a grand total (all rows), each
    # within a cent a row of the sum, as a file's rounding leaves them
    a, b, c = 100.25, 200.5, 300.0
    src = source(
        tmp_path,
        "Acct,Ticker,Market Value",  # 1
        f"A-1,ABC,{a}",  # 2
        f"A-1,DEF,{b}",  # 3
        f",,{a + b + cents / 100:.2f}",  # 4: A-1's subtotal
        f"B-2,GHI,{c}",  # 5
        f",,{c:.2f}",  # 6: B-2's subtotal
        f",,{a + b + c - cents / 100:.2f}",  # 7: the grand total
    )
    mapping = positions(columns={"account": "Acct", **POSITIONS_COLUMNS})
    parsed = read_with_mapping(src, mapping)
    assert column(parsed.positions, "symbol") == ["ABC", "DEF", "GHI"]
    assert column(parsed.positions, "source_line") == [2, 3, 5]


def test_a_total_more_than_a_cent_a_row_off_is_refused(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100", "DEF,200", ",300.03")
    with pytest.raises(InputError) as info:
        read_with_mapping(src, positions())
    assert info.value.line == 4 and info.value.reason.startswith("a value of 300.03 with")


def test_without_a_symbol_column_the_description_decides_which_rows_are_read(
    tmp_path: Path,
) -> None:
    src = source(
        tmp_path,
        "Security,Amount",  # 1
        "Cash sweep,500",  # 2
        ",",  # 3: no description and no value: left out
        "Total holdings,500",  # 4: skipped
        "Treasury note 2030,1000",  # 5
    )
    mapping = one(
        {
            "columns": {"description": "Security", "value": "Amount"},
            "skip_rows_starting_with": ["total"],
        }
    )
    parsed = read_with_mapping(src, mapping)
    assert column(parsed.positions, "description") == ["Cash sweep", "Treasury note 2030"]
    # named by their descriptions: no two rows without a symbol are taken for one security
    assert column(parsed.positions, "symbol") == ["CASH SWEEP", "TREASURY NOTE 2030"]
    assert column(parsed.positions, "market_value") == [500.0, 1000.0]
    assert column(parsed.positions, "source_line") == [2, 5]


def test_the_default_account_holds_every_row_without_an_account_column(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100", "DEF,200")
    parsed = read_with_mapping(src, positions())
    assert column(parsed.positions, "account_id") == ["ACCOUNT", "ACCOUNT"]
    assert parsed.accounts == [Account("ACCOUNT", "ACCOUNT", "unknown", src.path)]


def test_a_given_default_account_names_the_account_and_its_tax_type(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    parsed = read_with_mapping(src, positions(default_account="Roth IRA 7"))
    assert column(parsed.positions, "account_id") == ["Roth IRA 7"]
    assert parsed.accounts == [Account("Roth IRA 7", "Roth IRA 7", "tax_free", src.path)]


def test_an_account_is_named_by_its_first_row_and_by_its_id_when_unnamed(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Acct,Reg,Ticker,Market Value",
        "A-1,,ABC,10",  # A-1's first row names no registration
        "A-1,Roth IRA,DEF,20",
        "B-2,Rollover IRA,GHI,30",
        "B-2,Joint Brokerage,JKL,40",
    )
    columns = {"account": "Acct", "account_name": "Reg", **POSITIONS_COLUMNS}
    parsed = read_with_mapping(src, positions(columns=columns))
    assert column(parsed.positions, "account_id") == ["A-1", "A-1", "B-2", "B-2"]
    assert parsed.accounts == [
        Account("A-1", "A-1", "unknown", src.path),
        Account("B-2", "Rollover IRA", "tax_deferred", src.path),
    ]


def test_without_a_name_column_the_account_id_is_its_name(tmp_path: Path) -> None:
    src = source(tmp_path, "Acct,Ticker,Market Value", "Roth IRA 123,ABC,10", "Joint 9,DEF,20")
    parsed = read_with_mapping(src, positions(columns={"account": "Acct", **POSITIONS_COLUMNS}))
    assert parsed.accounts == [
        Account("Roth IRA 123", "Roth IRA 123", "tax_free", src.path),
        Account("Joint 9", "Joint 9", "taxable", src.path),
    ]


def test_columns_the_mapping_does_not_name_are_blank(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Units,Unit Price,Market Value,Book Cost", "ABC,2,3,6,5")
    parsed = read_with_mapping(src, positions())
    frame = parsed.positions
    assert column(frame, "market_value") == [6.0]
    assert column(frame, "description") == [""]
    assert all_nan(frame, "quantity")
    assert all_nan(frame, "price")
    assert all_nan(frame, "cost_basis")


def test_columns_are_found_by_name_in_any_order(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Book Cost,Market Value,Notes,Unit Price,Units,Ticker",
        "90,120,x,40,3,ABC",
    )
    columns = {
        "symbol": "Ticker",
        "quantity": "Units",
        "price": "Unit Price",
        "value": "Market Value",
        "cost_basis": "Book Cost",
    }
    parsed = read_with_mapping(src, positions(columns=columns))
    frame = parsed.positions
    assert column(frame, "symbol") == ["ABC"]
    assert column(frame, "quantity") == [3.0]
    assert column(frame, "price") == [40.0]
    assert column(frame, "market_value") == [120.0]
    assert column(frame, "cost_basis") == [90.0]


def test_an_asset_type_column_is_a_hint_for_the_asset_type(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value,Type", "ABC,100,ETF", "DEF,200,")
    with_hint = positions(columns={**POSITIONS_COLUMNS, "asset_type": "Type"})
    assert column(read_with_mapping(src, with_hint).positions, "asset_type") == ["etf", "equity"]
    assert column(read_with_mapping(src, positions()).positions, "asset_type") == [
        "equity",
        "equity",
    ]


def test_a_semicolon_file_with_decimal_commas(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Depotauszug",  # 1
        "Ticker;Bezeichnung;Stück;Kurs;Market Value",  # 2
        "ABC;Abc AG;1.000;1,2345;1.234,50",  # 3
        "DEF;Def SE;2;10,5;21,00",  # 4
    )
    columns = {
        "symbol": "Ticker",
        "description": "Bezeichnung",
        "quantity": "Stück",
        "price": "Kurs",
        "value": "Market Value",
    }
    mapping = positions(columns=columns, delimiter=";", decimal_comma=True)
    frame = read_with_mapping(src, mapping).positions
    assert column(frame, "symbol") == ["ABC", "DEF"]
    assert column(frame, "description") == ["Abc AG", "Def SE"]
    assert column(frame, "quantity") == [1000.0, 2.0]
    assert column(frame, "price") == [1.2345, 10.5]
    assert column(frame, "market_value") == [1234.5, 21.0]
    assert column(frame, "source_line") == [3, 4]


def test_without_decimal_comma_a_comma_is_a_thousands_separator(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker;Market Value", "ABC;1,5")
    frame = read_with_mapping(src, positions(delimiter=";")).positions
    assert column(frame, "market_value") == [15.0]


def test_blank_lines_inside_the_table_are_read_through(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Ticker;Market Value;Units",  # 1
        "ABC;1.234,50;1.000",  # 2
        "",  # 3
        "XYZ;10;",  # 4: two cells filled: still a row of the table
        "",  # 5
        "",  # 6
        "QQQ;7,25;1",  # 7
        "",  # 8
        "Stand: 30.06.2024",  # 9: one cell: a footer, the table ends
    )
    columns = {**POSITIONS_COLUMNS, "quantity": "Units"}
    mapping = positions(columns=columns, delimiter=";", decimal_comma=True)
    frame = read_with_mapping(src, mapping).positions
    assert column(frame, "symbol") == ["ABC", "XYZ", "QQQ"]
    assert column(frame, "market_value") == [1234.5, 10.0, 7.25]
    assert column(frame, "source_line") == [2, 4, 7]


def test_the_table_ends_before_a_footer_after_a_blank_line(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Ticker,Market Value",  # 1
        "ABC,100",  # 2
        "DEF,200",  # 3
        "",  # 4
        "Data as of 2024-06-30",  # 5: the footer would be a row with no value
        "Ticker,Market Value",  # 6: a second table, not read
        "GHI,300",  # 7
    )
    parsed = read_with_mapping(src, positions())
    assert column(parsed.positions, "symbol") == ["ABC", "DEF"]
    assert column(parsed.positions, "source_line") == [2, 3]


def test_a_header_missing_a_mapped_column_is_refused_naming_the_header_line(
    tmp_path: Path,
) -> None:
    src = source(tmp_path, "Positions", "Ticker,Units", "ABC,10")
    mapping = positions(name="Trust", header_row=2)
    with pytest.raises(InputError) as info:
        read_with_mapping(src, mapping)
    err = info.value
    assert (err.file, err.line) == (src.path, 2)
    # The missing column is named as matched: lower case, single spaces.
    assert err.reason == "mapping 'Trust': header has no column ['market value']"


def test_a_file_without_the_header_is_refused(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Value", "ABC,100")
    with pytest.raises(InputError) as info:
        read_with_mapping(src, positions(name="Trust"))
    err = info.value
    assert (err.file, err.line) == (src.path, None)
    assert err.reason == (
        "mapping 'Trust': no header line with the columns ['Market Value', 'Ticker']"
    )


def test_a_header_row_beyond_the_file_is_refused(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100")
    with pytest.raises(InputError) as info:
        read_with_mapping(src, positions(header_row=3))
    err = info.value
    assert (err.file, err.line) == (src.path, None)
    assert err.reason == (
        "mapping 'custom mapping': no header line with the columns ['Market Value', 'Ticker']"
    )


def test_a_header_beyond_line_50_is_refused_when_reading(tmp_path: Path) -> None:
    notes = [f"note {n}" for n in range(1, 51)]
    src = source(tmp_path, *notes, "Ticker,Market Value", "ABC,100")
    with pytest.raises(InputError) as info:
        read_with_mapping(src, positions())
    assert info.value.line is None
    assert info.value.reason.startswith("mapping 'custom mapping': no header line")


def test_a_given_header_row_on_the_last_line_reads_no_positions(tmp_path: Path) -> None:
    src = source(tmp_path, "Statement", "Ticker,Market Value")
    parsed = read_with_mapping(src, positions(header_row=2))
    assert len(parsed.positions) == 0
    assert parsed.accounts == []
    assert parsed.warnings == [unchecked_warning(src, "custom mapping")]


def test_a_given_header_row_is_read_from_even_when_an_earlier_line_matches(
    tmp_path: Path,
) -> None:
    src = source(
        tmp_path,
        "Ticker,Market Value",  # 1
        "OLD,1",  # 2
        "",  # 3
        "Positions in June",  # 4: a footer: the first table ends at line 2
        "Ticker,Market Value",  # 5
        "NEW,2",  # 6
    )
    assert column(read_with_mapping(src, positions()).positions, "symbol") == ["OLD"]
    parsed = read_with_mapping(src, positions(header_row=5))
    assert column(parsed.positions, "symbol") == ["NEW"]
    assert column(parsed.positions, "source_line") == [6]


def test_a_row_with_a_description_and_no_symbol_is_read_not_dropped(tmp_path: Path) -> None:
    # a cash sweep has no symbol: leaving it out would make the household look smaller
    src = source(
        tmp_path,
        "Account,Ticker,Security,Market Value",
        "A-1,ABC,ABC Corp,100",
        "A-1,,Cash sweep,500",
        "A-1,,Total,600",
    )
    columns = {"account": "Account", "symbol": "Ticker", "description": "Security"}
    mapping = one(
        {"columns": {**columns, "value": "Market Value"}, "skip_rows_starting_with": ["total"]}
    )
    parsed = read_with_mapping(src, mapping)
    assert column(parsed.positions, "description") == ["ABC Corp", "Cash sweep"]
    assert column(parsed.positions, "market_value") == [100.0, 500.0]
    assert column(parsed.positions, "source_line") == [2, 3]


def test_a_skip_text_is_matched_against_the_symbol_before_the_description(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Ticker,Security,Market Value",
        "TOTL,Total return fund,100",
        ",Total,100",
    )
    columns = {"symbol": "Ticker", "description": "Security", "value": "Market Value"}
    parsed = read_with_mapping(src, one({"columns": columns, "skip_rows_starting_with": ["Total"]}))
    assert column(parsed.positions, "symbol") == ["TOTL"]


def test_a_row_with_an_empty_account_takes_the_default_account(tmp_path: Path) -> None:
    src = source(tmp_path, "Acct,Ticker,Market Value", "A-1,ABC,100", ",DEF,200")
    columns = {"account": "Acct", **POSITIONS_COLUMNS}
    parsed = read_with_mapping(src, one({"columns": columns, "default_account": "TRUST-1"}))
    assert column(parsed.positions, "account_id") == ["A-1", "TRUST-1"]
    assert [a.id for a in parsed.accounts] == ["A-1", "TRUST-1"]


def test_semicolon_padding_is_a_blank_line_that_ends_the_table(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Ticker;Market Value",
        "ABC;1.234,50",
        ";;",
        "Printed on 01.12.2026",
    )
    mapping = one({"columns": POSITIONS_COLUMNS, "delimiter": ";", "decimal_comma": True})
    parsed = read_with_mapping(src, mapping)
    assert column(parsed.positions, "symbol") == ["ABC"]
    assert column(parsed.positions, "market_value") == [1234.5]


# --- read_with_mapping: lots -----------------------------------------------------------------

LOTS_PROFILE = {
    "name": "Trust lots",
    "kind": "lots",
    "columns": {
        "account": "Account",
        "symbol": "Symbol",
        "acquired": "Acquired",
        "quantity": "Shares",
        "cost": "Cost Basis",
    },
    "default_account": "TRUST-1",
    "skip_rows_starting_with": ["Subtotal"],
}


def test_lots_are_read_with_account_symbol_date_quantity_and_cost(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Trust - tax lots",  # 1
        "Account,Symbol,Acquired,Shares,Cost Basis",  # 2
        "T-100,ABC,03/15/2020,10,1000.50",  # 3
        ",XYZ,2021-01-04,5,250",  # 4: no account: the default
        "T-100,SUBTOTAL ABC,,,1250.50",  # 5: skipped (no quantity would be refused)
        "T-100,,,,",  # 6: no symbol: skipped
        "T-200,QQQ,12/31/2019,2.5,",  # 7: cost unknown
        "",  # 8
        "Printed 2024-06-30",  # 9: footer
    )
    parsed = read_with_mapping(src, one(LOTS_PROFILE))
    assert parsed.lots == [
        LotRecord("T-100", "ABC", date(2020, 3, 15), 10.0, 1000.5, src.path, 3),
        LotRecord("TRUST-1", "XYZ", date(2021, 1, 4), 5.0, 250.0, src.path, 4),
        LotRecord("T-200", "QQQ", date(2019, 12, 31), 2.5, None, src.path, 7),
    ]
    assert parsed.warnings == []
    assert parsed.format == "mapping:Trust lots"
    assert parsed.as_of is None
    assert parsed.accounts == []
    assert len(parsed.positions) == 0


def test_a_lots_unit_cost_is_multiplied_by_the_quantity(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Symbol,Shares,Price Paid",
        "ABC,4,12.5",  # 50
        "DEF,3,0.25",  # 0.75
    )
    mapping = lots(columns={**LOTS_COLUMNS, "unit_cost": "Price Paid"})
    parsed = read_with_mapping(src, mapping)
    assert [(lot.symbol, lot.quantity, lot.cost) for lot in parsed.lots] == [
        ("ABC", 4.0, 50.0),
        ("DEF", 3.0, 0.75),
    ]


def test_lots_without_an_account_column_get_the_default_account(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Shares", "ABC,1", "DEF,2")
    assert [lot.account_id for lot in read_with_mapping(src, lots()).lots] == ["", ""]
    given = read_with_mapping(src, lots(default_account="TRUST-9")).lots
    assert [lot.account_id for lot in given] == ["TRUST-9", "TRUST-9"]


def test_lot_rows_starting_with_a_skip_text_are_left_out_whatever_their_case(
    tmp_path: Path,
) -> None:
    src = source(
        tmp_path,
        "Symbol,Shares",  # 1
        "ABC,1",  # 2
        "total,",  # 3
        "TOTAL ABC,",  # 4
        "DEF,2",  # 5
    )
    parsed = read_with_mapping(src, lots(skip_rows_starting_with=["Total"]))
    assert [(lot.symbol, lot.source_line) for lot in parsed.lots] == [("ABC", 2), ("DEF", 5)]


def test_a_lot_row_not_starting_with_a_skip_text_is_read(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Shares", "ABC,1", "SUMME,2")
    parsed = read_with_mapping(src, lots(skip_rows_starting_with=["Total"]))
    assert [lot.symbol for lot in parsed.lots] == ["ABC", "SUMME"]


def test_a_lots_date_format_is_honoured_with_decimal_commas(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Konto;Symbol;Kaufdatum;Stück;Einstand",  # 1
        "D-1;ABC;15.03.2020;1.000;12,5",  # 2: 1000 shares at 12.50
        "D-1;DEF;01.12.2021;2;0,75",  # 3
    )
    columns = {
        "account": "Konto",
        "symbol": "Symbol",
        "acquired": "Kaufdatum",
        "quantity": "Stück",
        "unit_cost": "Einstand",
    }
    mapping = lots(columns=columns, delimiter=";", decimal_comma=True, date_format="%d.%m.%Y")
    parsed = read_with_mapping(src, mapping)
    assert parsed.lots == [
        LotRecord("D-1", "ABC", date(2020, 3, 15), 1000.0, 12500.0, src.path, 2),
        LotRecord("D-1", "DEF", date(2021, 12, 1), 2.0, 1.5, src.path, 3),
    ]
    assert parsed.warnings == []


def test_a_lots_date_not_in_the_date_format_is_unknown_with_a_warning(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Acquired,Shares", "ABC,2020-03-15,1")
    mapping = lots(columns={**LOTS_COLUMNS, "acquired": "Acquired"}, date_format="%d.%m.%Y")
    parsed = read_with_mapping(src, mapping)
    assert [lot.acquired for lot in parsed.lots] == [None]
    assert [(w.line, w.message) for w in parsed.warnings] == [
        (
            2,
            "the acquisition date '2020-03-15' of the lot of ABC is not a date; the term of a "
            "gain on it (short or long) is unknown",
        )
    ]


def test_short_lot_rows_read_their_missing_cells_as_empty(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Shares,Acquired,Cost", "ABC,3", "DEF,4,01/02/2020,80")
    columns = {**LOTS_COLUMNS, "acquired": "Acquired", "cost": "Cost"}
    parsed = read_with_mapping(src, lots(columns=columns))
    assert parsed.lots == [
        LotRecord("", "ABC", None, 3.0, None, src.path, 2),
        LotRecord("", "DEF", date(2020, 1, 2), 4.0, 80.0, src.path, 3),
    ]


def test_blank_lines_inside_a_lots_table_are_read_through(tmp_path: Path) -> None:
    src = source(
        tmp_path,
        "Symbol,Shares",  # 1
        "ABC,1",  # 2
        "",  # 3
        "DEF,2",  # 4
        "",  # 5
        "End of report",  # 6
    )
    parsed = read_with_mapping(src, lots())
    assert [(lot.symbol, lot.source_line) for lot in parsed.lots] == [("ABC", 2), ("DEF", 4)]


def test_a_lots_file_without_the_header_is_refused(tmp_path: Path) -> None:
    src = source(tmp_path, "Ticker,Qty", "ABC,1")
    with pytest.raises(InputError) as info:
        read_with_mapping(src, lots(name="Trust lots"))
    err = info.value
    assert (err.file, err.line) == (src.path, None)
    assert (
        err.reason == "mapping 'Trust lots': no header line with the columns ['Shares', 'Symbol']"
    )


def test_a_lots_header_row_missing_a_column_is_refused_naming_it(tmp_path: Path) -> None:
    src = source(tmp_path, "Symbol,Qty", "ABC,1")
    with pytest.raises(InputError) as info:
        read_with_mapping(src, lots(header_row=1))
    assert (info.value.file, info.value.line) == (src.path, 1)
    assert info.value.reason == "mapping 'custom mapping': header has no column ['shares']"


# --- through the importer ---------------------------------------------------------------------


def test_the_importer_reads_a_file_with_the_profile_whose_header_it_has(tmp_path: Path) -> None:
    profiles = parse_mapping(json.dumps([TRUST, LOTS_PROFILE]), PATH)
    path = tmp_path / "lots.csv"
    path.write_text("Account,Symbol,Acquired,Shares,Cost Basis\nT-1,ABC,01/02/2020,5,50\n")
    household = read_file(path, profiles)
    assert household.files[0].format == "mapping:Trust lots"
    assert household.lots == (LotRecord("T-1", "ABC", date(2020, 1, 2), 5.0, 50.0, str(path), 2),)


def test_a_total_without_a_symbol_is_left_out_when_no_description_is_mapped(
    tmp_path: Path,
) -> None:
    src = source(tmp_path, "Ticker,Market Value", "ABC,100", ",100")
    parsed = read_with_mapping(src, positions())
    assert column(parsed.positions, "symbol") == ["ABC"]
    assert column(parsed.positions, "source_line") == [2]


def test_a_blank_line_inside_lots_is_read_through_whatever_the_last_column(
    tmp_path: Path,
) -> None:
    # the symbol in the header's last column: a blank line's cells are all padding
    src = source(tmp_path, "Shares,Symbol", "10,ABC", "", "5,DEF")
    parsed = read_with_mapping(src, lots())
    assert [(x.symbol, x.quantity, x.source_line) for x in parsed.lots] == [
        ("ABC", 10.0, 2),
        ("DEF", 5.0, 4),
    ]
