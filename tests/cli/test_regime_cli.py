"""``rotation-planner regime``: the JSON contract, the snapshot by default, --data, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main

KEYS = {"id", "name", "available", "value", "unit", "change", "as_of", "source", "rule",
        "score", "weight", "contribution"}  # fmt: skip


def test_snapshot_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regime", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"as_of", "age_days", "stale", "label", "composite", "tilt", "signals"} <= set(doc)
    assert doc["as_of"] == "2026-01-08" and doc["stale"] is True and doc["age_days"] > 7
    assert doc["label"] == "small-cap leadership"
    for s in doc["signals"]:
        assert set(s) >= KEYS
        if not s["available"]:
            assert s["value"] is None and s["score"] is None and s["contribution"] is None
    total = sum(s["contribution"] or 0 for s in doc["signals"])
    assert total == pytest.approx(doc["composite"], abs=1e-5)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regime"]) == 0
    out = capsys.readouterr().out
    assert "SMALL-CAP LEADERSHIP" in out and "STALE" in out and "days old" in out


def test_bad_data_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "IWM.csv").write_text("No data", encoding="utf-8")
    assert main(["regime", "--data", str(tmp_path), "--json"]) == 3
    err = capsys.readouterr()
    assert err.out == "" and str(tmp_path / "IWM.csv") in err.err and "No data" in err.err
    assert main(["regime", "--data", str(tmp_path / "missing")]) == 3
