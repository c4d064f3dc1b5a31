"""Which files' prices are too old to trade on: a file most of whose prices stray more than
25% from the security master's dated price of a later day (``stale_files``), and one undated
price that far from it (``doubtful_price``) - each with the sentence the adviser reads."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.plan_model import PriceUsed, SecurityFacts
from planner.core.prices_used import DOUBTFUL_APART, doubtful_price, stale_files
from tests.core.test_prices import Files, Row, _household

OLD, MASTER_DAY, NEW = date(2026, 6, 1), date(2026, 7, 1), date(2026, 7, 15)
MASTER = 100.0


def _fact(price: float | None = MASTER, as_of: date | None = MASTER_DAY) -> SecurityFacts:
    return SecurityFacts({"large": 1.0}, price=price, price_as_of=as_of, kind="stock")


def _stale(files: Files, facts: dict[str, SecurityFacts]) -> tuple[dict[str, str], list[str]]:
    warnings: list[str] = []
    out = stale_files(_household(files), facts, warnings)
    return out, warnings


def _far_rows(factor: float = 3.0) -> list[Row]:
    return [("A", s, 2, MASTER * factor) for s in ("S1", "S2", "S3")]


def test_three_far_prices_of_three_make_an_undated_file_old() -> None:
    """The case the other tests turn off one condition of."""
    out, warnings = _stale({("v.csv", None): _far_rows()}, {s: _fact() for s in ("S1", "S2", "S3")})
    assert list(out) == ["v.csv"] and len(warnings) == 1


@pytest.mark.parametrize(
    ("price", "as_of"),
    [(MASTER, None), (None, MASTER_DAY), (0.0, MASTER_DAY)],
    ids=["master-price-undated", "no-master-price", "master-price-zero"],
)
def test_only_a_dated_master_price_can_show_a_file_old(
    price: float | None, as_of: date | None
) -> None:
    facts = {s: _fact(price, as_of) for s in ("S1", "S2", "S3")}
    assert _stale({("v.csv", None): _far_rows()}, facts) == ({}, [])


@pytest.mark.parametrize("factor", [1.0 + DOUBTFUL_APART, 1.0 - DOUBTFUL_APART])
def test_prices_exactly_25_percent_from_the_master_do_not_make_a_file_old(factor: float) -> None:
    facts = {s: _fact() for s in ("S1", "S2", "S3")}
    assert _stale({("v.csv", None): _far_rows(factor)}, facts) == ({}, [])


def test_a_file_newer_than_the_master_is_passed_over_and_the_next_file_still_read() -> None:
    # the newer file comes first: its own prices, however far, say nothing of its age
    facts = {s: _fact() for s in ("S1", "S2", "S3", "N1")}
    files: Files = {("new.csv", NEW): [("B", "N1", 1, 3 * MASTER)], ("v.csv", None): _far_rows()}
    out, warnings = _stale(files, facts)
    assert list(out) == ["v.csv"]
    assert len(warnings) == 1 and warnings[0].startswith("v.csv is undated and looks old: 3 of")


def test_the_warning_names_the_prices_furthest_from_the_masters_first() -> None:
    # S1 is 5x off ($10 against $50), S2 3x ($1,500 against $500), S3 2x ($200 against $100)
    quotes = {"S3": (200.0, 100.0), "S1": (10.0, 50.0), "S2": (1500.0, 500.0)}
    facts = {s: _fact(master) for s, (_, master) in quotes.items()}
    rows: list[Row] = [("A", s, 4, p) for s, (p, _) in quotes.items()]
    out, warnings = _stale({("v.csv", None): rows}, facts)
    counted = "3 of the 3 prices the security master can check are more than 25% from its own"
    assert out == {
        "v.csv": (
            f"v.csv is undated and looks old ({counted}): not traded until the file is "
            "downloaded again"
        )
    }
    named = "; ".join(
        f"{s} ${quotes[s][0]:,.2f} against ${quotes[s][1]:,.2f} on 2026-07-01"
        for s in ("S1", "S2", "S3")
    )
    assert warnings == [
        f"v.csv is undated and looks old: {counted} ({named}); its holdings are counted at the "
        "file's values and nothing in it is traded; download it again before trading"
    ]


def _doubt(price: float, as_of: date | None = None, fact: SecurityFacts | None = None) -> str:
    return doubtful_price(PriceUsed(price, as_of, "v.csv (undated)"), fact or _fact())


@pytest.mark.parametrize(("price", "word"), [(150.0, "above"), (50.0, "below"), (20.0, "below")])
def test_an_undated_price_far_from_the_masters_is_not_traded_on(price: float, word: str) -> None:
    apart = abs(price / MASTER - 1.0)
    assert _doubt(price) == (
        f"its price in an undated file (${price:,.2f}) is {apart:.0%} {word} the security "
        f"master's ($100.00 on 2026-07-01): stale or from before a split; not traded until the "
        f"file is downloaded again"
    )


@pytest.mark.parametrize("price", [MASTER * (1 + DOUBTFUL_APART), MASTER * (1 - DOUBTFUL_APART)])
def test_an_undated_price_exactly_25_percent_from_the_masters_is_traded_on(price: float) -> None:
    assert _doubt(price) == ""


@pytest.mark.parametrize(
    "fact",
    [_fact(MASTER, None), _fact(None, MASTER_DAY), _fact(0.0, MASTER_DAY)],
    ids=["master-price-undated", "no-master-price", "master-price-zero"],
)
def test_only_a_dated_master_price_casts_doubt(fact: SecurityFacts) -> None:
    assert _doubt(3 * MASTER, fact=fact) == ""


def test_a_dated_price_or_none_is_never_doubted() -> None:
    assert _doubt(3 * MASTER, as_of=OLD) == ""
    assert doubtful_price(None, _fact()) == ""
