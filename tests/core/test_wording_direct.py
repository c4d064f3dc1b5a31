"""How the plan's sentences write a figure's article, a target and the part of it held in cash
(``planner/core/wording.py``, ``planner/core/held_in_cash.py``), called directly.
"""

from __future__ import annotations

import pytest

from planner.core.held_in_cash import held_text
from planner.core.plan_model import BucketRow
from planner.core.wording import a, target_text


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("A-share", "an A-share"),
        ("e-mini", "an e-mini"),
        ("mid-cap", "a mid-cap"),
        ("8.0%", "an 8.0%"),
        ("$11,500", "an $11,500"),
    ],
)
def test_a_word_takes_its_article_from_its_first_letter_alone(text: str, read: str) -> None:
    assert a(text) == read


@pytest.mark.parametrize(
    ("tilt", "said"),
    [(0.10, "+ 10.0 pts regime tilt"), (-0.07, "- 7.0 pts regime tilt")],
)
def test_a_tilted_target_says_the_tilt_in_points(tilt: float, said: str) -> None:
    # small-caps' 10% policy target moved by the regime tilt
    row = BucketRow(0.10, 0.10 + tilt, 0.10, 0.10, 0.025)
    text = target_text("small", row, {"small": row})
    assert text.startswith(f"{a(f'{100 * (0.10 + tilt):.1f}%')} target (10.0% policy {said}")


def test_a_bucket_held_nowhere_has_nothing_held() -> None:
    assert held_text("mid", {}) == ""
    assert held_text("mid", {"cash": 0.05, "bonds": -0.05}) == ""


def test_what_is_held_is_said_on_the_bucket_and_on_cash() -> None:
    held = {"cash": 0.05, "bonds": -0.05}
    assert held_text("bonds", held) == "- 5.0 pts no vehicle can be bought"
    assert held_text("cash", held) == "+ 5.0 pts held for bonds"
