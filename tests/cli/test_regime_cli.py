"""``rotation-planner regime``: the JSON contract, the snapshot by default, --data, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main

KEYS = {"id", "name", "family", "available", "value", "unit", "change", "as_of", "source",
        "rule", "score", "weight", "contribution"}  # fmt: skip


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
    weights = {s["id"]: s["weight"] for s in doc["signals"]}
    have = sum(s["weight"] for s in doc["signals"] if s["available"])
    assert doc["coverage"] == pytest.approx(have / sum(weights.values()), abs=1e-6)
    assert doc["tilt"] == pytest.approx(doc["composite"] * 0.05, abs=1e-6)
    # the snapshot is far past the 90-day fade: a plan applies none of it
    assert doc["fade"]["strength"] == 0 and doc["fade"]["applied_tilt"] == 0
    momentum = [s for s in doc["signals"] if s["family"] == "momentum"]
    assert len(momentum) == 3 and sum(s["weight"] for s in momentum) == pytest.approx(1.0)
    assert doc["families"]["momentum"]["weight"] == pytest.approx(1.0)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regime"]) == 0
    out = capsys.readouterr().out
    assert "SMALL-CAP LEADERSHIP" in out and "STALE" in out and "days old" in out
    assert "a plan applies 0% of the tilt" in out


def test_bad_data_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "IWM.csv").write_text("No data", encoding="utf-8")
    assert main(["regime", "--data", str(tmp_path), "--json"]) == 3
    err = capsys.readouterr()
    assert err.out == "" and str(tmp_path / "IWM.csv") in err.err and "No data" in err.err
    assert main(["regime", "--data", str(tmp_path / "missing")]) == 3


def test_a_house_view_dated_with_a_time_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "house-view.toml").write_text(
        "as_of = 2026-01-08T10:30:00\n[values]\ngdp_growth_pct = 2.6\n", encoding="utf-8"
    )
    (tmp_path / "T10Y2Y.csv").write_text("observation_date,T10Y2Y\n2026-01-08,0.6\n", "utf-8")
    assert main(["regime", "--data", str(tmp_path), "--json"]) == 3
    err = capsys.readouterr()
    assert err.out == "" and err.err.startswith(f"{tmp_path / 'house-view.toml'}:1: ")
    assert "time of day" in err.err

