"""The regime's hysteresis starts from the label the household's last exported plan acted on:
two consecutive plans, the second with a composite just short of the threshold the first
crossed, keep the first's label; a household with no exported plan starts afresh."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planner.core.regime import NEUTRAL, SMALL_LEADERSHIP, with_previous_label
from planner.market.regime_inputs import load_regime
from planner.reports.plan_json import plan_json
from planner.resources import demo_files
from planner.workflow import export_plan, import_household, plan_household, read_policy
from tests.conftest import DATA


def _regime_at(composite: float):  # type: ignore[no-untyped-def]
    """The bundled regime with its composite set to ``composite``, labelled afresh."""
    return with_previous_label(replace(load_regime(), composite=composite), None)


def test_hysteresis_holds_the_label_the_last_exported_plan_acted_on(tmp_path: Path) -> None:
    policy = read_policy(None)
    household = import_household(demo_files())
    settings = load_regime().settings
    above = settings.small_threshold + settings.hysteresis + 0.01  # a clear small-cap reading
    just_below = settings.small_threshold - settings.hysteresis / 2  # inside the margin
    first = plan_household(household, policy, regime=_regime_at(above), scenarios=False)
    assert plan_json(first.plan)["regime"]["label"] == SMALL_LEADERSHIP
    # nothing exported yet: the reading just below the line is neutral
    fresh = plan_household(household, policy, regime=_regime_at(just_below), scenarios=False)
    assert plan_json(fresh.plan)["regime"]["label"] == NEUTRAL
    assert plan_json(fresh.plan)["regime"]["previous_label"] is None
    export_plan(first, blotter=tmp_path / "first.csv")  # the first plan goes out
    second = plan_household(household, policy, regime=_regime_at(just_below), scenarios=False)
    doc = plan_json(second.plan)["regime"]
    assert doc["label"] == SMALL_LEADERSHIP and doc["previous_label"] == SMALL_LEADERSHIP
    # past the margin the label changes even so
    below = settings.small_threshold - settings.hysteresis - 0.01
    third = plan_household(household, policy, regime=_regime_at(below), scenarios=False)
    assert plan_json(third.plan)["regime"]["label"] == NEUTRAL
    # another household (other accounts) has no history of its own
    other = import_household([DATA / "fidelity_positions_2024.csv"])
    theirs = plan_household(other, policy, regime=_regime_at(just_below), scenarios=False)
    assert plan_json(theirs.plan)["regime"]["previous_label"] is None
    assert plan_json(theirs.plan)["regime"]["label"] == NEUTRAL


def test_a_book_client_starts_from_its_own_last_export(tmp_path: Path) -> None:
    from planner.book import open_book
    from planner.book.clients import create_client
    from planner.bookflow import import_into_client, plan_client

    book = open_book()[0]
    with book.write() as conn:
        ann = create_client(conn, "Ann")
        bo = create_client(conn, "Bo")
    files = [str(f) for f in demo_files()]
    import_into_client(book, ann, files)
    import_into_client(book, bo, files)  # the same accounts, another client
    settings = load_regime().settings
    above = settings.small_threshold + settings.hysteresis + 0.01
    just_below = settings.small_threshold - settings.hysteresis / 2
    run = plan_client(book, ann, regime=_regime_at(above))
    export_plan(run, blotter=tmp_path / "ann.csv", client_id=ann, book=book)
    ann_next = plan_json(plan_client(book, ann, regime=_regime_at(just_below)).plan)["regime"]
    bo_next = plan_json(plan_client(book, bo, regime=_regime_at(just_below)).plan)["regime"]
    assert ann_next["label"] == SMALL_LEADERSHIP and ann_next["previous_label"] == SMALL_LEADERSHIP
    assert bo_next["label"] == NEUTRAL and bo_next["previous_label"] is None
