"""Exit 3 for every bad input, output whole or not at all, and logs without account numbers
(issue 13, the parts outside the importers and the regime readers)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from planner.cli import main
from planner.cli.common import emit_json
from planner.core.privacy import mask_long_numbers
from planner.storage import config_dir


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-5"])
def test_settings_with_a_number_that_is_not_a_size_exit_3(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_dir() / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"version = 1\n[import]\nmax_file_mb = {value}\n", encoding="utf-8")
    assert main(["holdings", "--demo", "--json"]) == 3
    out, err = capsys.readouterr()
    assert out == ""  # nothing on stdout: no half document
    assert err.startswith(str(path)) and "max_file_mb" in err


def test_json_is_written_whole_or_not_at_all() -> None:
    class Sink:
        def __init__(self) -> None:
            self.text = ""

        def write(self, s: str) -> int:
            self.text += s
            return len(s)

    sink = Sink()
    with pytest.raises(ValueError):
        emit_json({"a": list(range(1000)), "b": math.nan}, sink)  # type: ignore[arg-type]
    assert sink.text == ""
    emit_json({"a": 1}, sink)  # type: ignore[arg-type]
    assert json.loads(sink.text) == {"a": 1}


def test_logs_hold_no_full_account_number() -> None:
    text = (
        "KeyError: 'Z55512345' in account 10000005 of 44-12345678 and 5WX-24680; "
        "$1,234.56 on 2026-11-30"
    )
    masked = mask_long_numbers(text)
    for number in ("55512345", "10000005", "12345678", "5WX-24680"):
        assert number not in masked
    assert "…2345" in masked and "…0005" in masked
    assert "$1,234.56" in masked and "2026-11-30" in masked  # money and dates stay


def test_a_crash_log_is_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner import cli
    from planner.storage import log_dir

    def boom(args: object, parser: object) -> int:
        raise RuntimeError("account 987654321 broke")

    monkeypatch.setattr(cli.holdings, "run", boom, raising=False)
    import planner.cli.holdings as holdings

    monkeypatch.setattr(holdings, "run", boom)
    assert main(["holdings", "--demo"]) == 1
    logs = list(log_dir().glob("crash-*.log"))
    assert logs and all("987654321" not in p.read_text() for p in logs)
    assert any("…4321" in p.read_text() for p in logs)
