"""The Exposure tab names the size scheme and its date (issue 12)."""

from __future__ import annotations

from typing import Any

from planner.gui.app import build_window
from tests.conftest import DATA


def test_the_exposure_tab_states_the_scheme_and_its_date(qtbot: Any) -> None:
    w = build_window()
    qtbot.addWidget(w)
    w.open_files([str(DATA / "schwab_positions_2026_individual.csv")])
    qtbot.waitUntil(lambda: w.state.run is not None and w.runner.idle(), timeout=60_000)
    scheme = w.state.run.exposure.scheme
    assert scheme is not None and scheme.name == "rank" and scheme.as_of is not None
    text = w.exposure.summary.text()
    assert f"Size scheme rank ({scheme.as_of.isoformat()}), funds by look-through" in text
    assert "small-caps (ranks 1,001–3,000" in text
