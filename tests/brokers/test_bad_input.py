"""Bad input: a clear one-line message naming the file (and the line where known), exit code
3 on the command line, never a traceback, never a partial household."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from planner.brokers import load_household
from planner.core.errors import InputError
from tests.conftest import DATA

SCHWAB = DATA / "schwab_positions_2026_individual.csv"
FIDELITY = DATA / "fidelity_positions_2024.csv"


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"ROTATION_PLANNER_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_household([path])
    assert info.value.file == str(path)
    return info.value


def test_empty_and_blank_files(tmp_path: Path) -> None:
    for name, data in [("empty.csv", b""), ("blank.csv", b"\r\n  \r\n\n")]:
        err = error_of(write(tmp_path, name, data))
        assert "empty" in err.reason


def test_binary_garbage_names_the_line(tmp_path: Path) -> None:
    data = b"Symbol,Quantity\nAAPL,1\n\x00\x17\x80\xff\x00garbage\x00\x01"
    err = error_of(write(tmp_path, "garbage.csv", data))
    assert err.line == 3 and "binary" in err.reason


def test_control_character_soup_is_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 40
    assert "binary" in error_of(write(tmp_path, "soup.csv", data)).reason


def test_excel_workbook_is_named_as_such(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "Positions.csv", b"PK\x03\x04\x14\x00\x06\x00rest"))
    assert "Excel" in err.reason


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("cp1252"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252", "crlf", "cr"],
)
def test_encodings_and_line_ends_import_the_same(encode, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = SCHWAB.read_text(encoding="utf-8").replace(
        "REVOLUTION MEDICINES", "RÉVOLUTION MÉDICINES"
    )
    path = write(tmp_path, "x.csv", encode(text))
    h = load_household([path])
    base = load_household([SCHWAB])
    assert h.positions["market_value"].tolist() == base.positions["market_value"].tolist()
    assert h.positions["source_line"].tolist() == base.positions["source_line"].tolist()
    assert "RÉVOLUTION MÉDICINES INC" in h.positions["description"].tolist()


def test_unknown_layout_says_how_to_write_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "other.csv", b"Date,Payee,Amount\n2025-01-02,Grocer,-45.10\n")
    err = error_of(path)
    assert "unknown layout" in err.reason and "--mapping" in err.reason


def test_cut_off_mid_row(tmp_path: Path) -> None:
    data = SCHWAB.read_bytes()
    cut = data[: data.index(b'"NVIDIA CORP","120","18')]  # stops inside a quoted cell
    cut += b'"NVIDIA CORP","120","18'
    err = error_of(write(tmp_path, "cut.csv", cut))
    assert err.line == 5 and "cut off" in err.reason


def test_cut_off_before_the_total_row(tmp_path: Path) -> None:
    lines = SCHWAB.read_text(encoding="utf-8").splitlines(keepends=True)
    err = error_of(write(tmp_path, "short.csv", "".join(lines[:-1]).encode()))
    assert "cut off" in err.reason and err.line == len(lines) - 1


def test_a_garbled_number_is_a_warning_naming_the_line(tmp_path: Path) -> None:
    text = FIDELITY.read_text(encoding="utf-8-sig").replace("$612.40", "$6I2.4O")
    h = load_household([write(tmp_path, "f.csv", text.encode())])
    (w,) = [w for w in h.warnings if "not a number" in w.message]
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "6I2.4O" in s)
    assert w.line == line and w.account_id == "X12345678" and "GS" in w.message


def test_a_row_without_any_value_is_an_error_not_a_gap(tmp_path: Path) -> None:
    text = (
        FIDELITY.read_text(encoding="utf-8-sig")
        .replace(
            "AQST,AQUESTIVE THERAPEUTICS INC,150,$4.01", "AQST,AQUESTIVE THERAPEUTICS INC,--,--"
        )
        .replace("$601.50", "--")
    )
    err = error_of(write(tmp_path, "f.csv", text.encode()))
    assert "AQST" in err.reason and err.line is not None


def test_size_limit_is_a_setting(tmp_path: Path, _fresh_home: Path) -> None:
    config = _fresh_home / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("[import]\nmax_file_mb = 0.001\n", encoding="utf-8")
    result = run_cli("holdings", str(FIDELITY), home=_fresh_home)
    assert result.returncode == 3
    assert "import limit" in result.stderr and str(FIDELITY) in result.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02binary", b"Date,Payee,Amount\n1,2,3\n", b"PK\x03\x04xx"],
    ids=["empty", "binary", "unknown", "xlsx"],
)
def test_cli_bad_input_exit_3_one_line_no_traceback(
    content: bytes, tmp_path: Path, _fresh_home: Path
) -> None:
    bad = write(tmp_path, "bad.csv", content)
    result = run_cli("holdings", str(SCHWAB), str(bad), "--json", home=_fresh_home)
    assert result.returncode == 3
    assert result.stdout == ""  # no partial household on stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}")
    assert "Traceback" not in result.stderr


def test_cli_missing_file_and_folder(tmp_path: Path, _fresh_home: Path) -> None:
    for target in (tmp_path / "nope.csv", tmp_path):
        result = run_cli("holdings", str(target), home=_fresh_home)
        assert result.returncode == 3 and result.stderr.startswith(str(target))


def test_cli_usage_errors_exit_2(_fresh_home: Path) -> None:
    assert run_cli("holdings", home=_fresh_home).returncode == 2
    assert run_cli("holdings", "--bogus", home=_fresh_home).returncode == 2


def test_bad_mapping_names_the_key(tmp_path: Path, _fresh_home: Path) -> None:
    mapping = write(tmp_path, "m.json", b'{"columns": {"value": "V", "symbol": "S"}, "sep": ";"}')
    result = run_cli("holdings", str(SCHWAB), "--mapping", str(mapping), home=_fresh_home)
    assert result.returncode == 3 and "'sep'" in result.stderr
    broken = write(tmp_path, "b.json", b'{"columns": \n {"value": }')
    result = run_cli("holdings", str(SCHWAB), "--mapping", str(broken), home=_fresh_home)
    assert result.returncode == 3 and result.stderr.startswith(f"{broken}:2:")


def test_the_same_file_twice_is_counted_once(tmp_path: Path) -> None:
    copy = write(tmp_path, "copy.csv", FIDELITY.read_bytes())
    h = load_household([FIDELITY, copy])
    assert h.total == pytest.approx(load_household([FIDELITY]).total)
    (w,) = h.warnings
    assert w.file == str(copy) and "same content" in w.message
