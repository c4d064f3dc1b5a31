"""Tests of the tests: each plants the bug a test exists to catch and checks that the test
fails on it. A test that stays green with its bug planted proves nothing."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from planner.core.problem import Objective
from planner.core.rebalance import fast, layout
from planner.core.rebalance import score as scoring
from tests.core import test_plan, test_rebalance, test_rebalance_proof
from tests.gui import conftest as gui_conftest
from tests.gui import test_app


def test_the_wash_sale_test_catches_a_solver_without_the_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    test_rebalance.test_no_wash_sale_in_a_plan()  # green on the real solver
    monkeypatch.setattr(layout, "wash_groups", lambda slots, recent: [])
    monkeypatch.setattr(fast, "_repair_wash_sales", lambda *args: None)
    with pytest.raises(AssertionError):
        test_rebalance.test_no_wash_sale_in_a_plan()


def test_the_proof_catches_a_solver_that_misprices_its_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a household whose plan realises a taxable gain: a solver that forgets the tax in its
    # own cost must disagree with the judge
    problem = test_rebalance._problem(
        [test_rebalance.AccountState("TAX", "taxable", 0.0)],
        [test_rebalance.Holding("TAX", "BIG", 3, 120.0)],
        test_rebalance._targets(mega=0.5, small=0.5),
    )
    run = test_rebalance_proof.prove
    run(problem)
    real = scoring.score

    def no_tax(*args: Any, **kwargs: Any) -> Objective | None:
        obj = real(*args, **kwargs)
        return None if obj is None else replace(obj, tax=0.0, total=obj.total - obj.tax)

    monkeypatch.setattr(scoring, "score", no_tax)
    with pytest.raises(AssertionError):
        run(problem)


def test_the_scenario_test_catches_a_scenario_copied_from_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    household = test_plan.household.__wrapped__()  # type: ignore[attr-defined]
    test_plan.test_scenarios_are_the_plans_of_their_policies(household)
    from planner.core import plan as plan_module

    real = plan_module._scenario

    def copied(name: str, title: str, problem: Any, solution: Any) -> Any:
        scenario = real(name, title, problem, solution)
        if name == "policy":  # the bug: the policy-only scenario shows the tilted plan
            return replace(scenario, trades=scenario.trades + 1)
        return scenario

    monkeypatch.setattr(plan_module, "_scenario", copied)
    with pytest.raises(AssertionError):
        test_plan.test_scenarios_are_the_plans_of_their_policies(household)


def test_the_gui_tests_catch_swapped_columns(
    qtbot: Any, said: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.gui.tabs import household as tab

    real = tab.accounts_frame

    def swapped(run: Any) -> tuple[pd.DataFrame, list[str]]:
        frame, ids = real(run)
        return frame.rename(columns={"Value": "Cash", "Cash": "Value"}), ids

    monkeypatch.setattr(tab, "accounts_frame", swapped)
    window = _window(qtbot)
    with pytest.raises(AssertionError):
        test_app.test_dropping_exports_shows_the_accounts_and_a_plan(qtbot, window)


def test_the_screenshot_test_catches_a_blank_window(
    qtbot: Any, said: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from PySide6.QtGui import QPixmap

    from planner.gui.main_window import MainWindow

    def blank(self: MainWindow) -> QPixmap:
        pixmap = QPixmap(self.size())
        pixmap.fill()
        return pixmap

    monkeypatch.setattr(MainWindow, "grab", blank)
    window = _window(qtbot)
    with pytest.raises(AssertionError):
        test_app.test_screenshots_one_png_per_tab(qtbot, window, tmp_path)


def _window(qtbot: Any) -> Any:
    from planner.gui.app import build_window

    hook = sys.excepthook
    window = build_window()
    sys.excepthook = hook
    qtbot.addWidget(window)
    qtbot.waitUntil(window.runner.idle, timeout=60_000)
    return window


said = gui_conftest.said  # the fixture, for the GUI tests run here
