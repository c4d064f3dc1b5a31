"""Leveraged and inverse funds read by their names (``planner/core/geared.py``) where a fund is
placed, and what the facts say of them: the file's description counts as much as the master's
or the fund table's name, the notes name the fund and say why it is placed so, an option on a
geared fund stays an option, and the sentence a frozen position carries is the whole reason.
(Written against the mutants the mutation run at ``aef4729`` left: README "Mutation testing".)"""

from __future__ import annotations

from datetime import date

from planner.core.classify import Classification, Fund, classify
from planner.core.facts import security_facts
from planner.core.geared import gear, geared
from planner.core.household_problem import _unmeasured_warning
from planner.core.plan_model import UNMEASURED, Frozen
from tests.core.test_classify_direct import _ref
from tests.core.test_exposure import household
from tests.core.test_unmeasured import bundled

D = date(2026, 1, 8)


def _placed(name: str = "", note: str = "placed like IWM") -> Classification:
    return Classification("ZZ", {"small": 0.75, "mid": 0.25}, "fund", D, name=name, note=note)


def test_a_name_cut_short_in_the_file_does_not_hide_the_other_names_multiple() -> None:
    # the master's name ends in its multiple; the file's description is cut before it
    name = "GraniteShares NVDA Long 2X"
    assert geared(name, "GRANITESHARES NVDA") == "leveraged"
    assert geared("GRANITESHARES NVDA", name) == "leveraged"
    assert geared("GraniteShares NVDA Long", "GRANITESHARES NVDA") == ""


def test_an_inverse_fund_named_only_in_the_file_says_so_in_its_note() -> None:
    description = "PROSHARES ULTRASHORT RUSSELL2000"
    c = _placed()
    got = gear(c, description)
    assert got.geared == "inverse" and dict(got.mix) == {"other": 1.0}
    assert got.note == (
        f"an inverse fund ({description}): it gains when its index falls, so it is in no size "
        f"bucket; {c.note}"
    )
    # the rest of the placement is the fund's
    assert (got.symbol, got.source, got.as_of, got.name) == (c.symbol, c.source, c.as_of, "")


def test_a_leveraged_fund_is_named_by_its_own_name_before_the_files() -> None:
    c = _placed(name="ProShares Ultra Russell2000")
    got = gear(c, "PROSHARES ULTRA R2K")
    assert got.geared == "leveraged" and dict(got.mix) == dict(c.mix)
    assert got.note == (
        f"a leveraged fund ({c.name}): counted at its value, a fraction of its exposure; {c.note}"
    )


def test_a_fund_whose_names_say_nothing_is_placed_as_it_was() -> None:
    c = _placed(name="iShares Russell 2000 ETF")
    assert gear(c, "ISHARES RUSSELL 2000 ETF") is c


def test_the_files_description_marks_a_table_fund_the_table_does_not_name() -> None:
    # a fund-table row without a name: the file's description says it is short its index
    fund = Fund("ZZQ", "", "equivalent", "Test index", "small", None, {}, "test", D)
    c = classify("ZZQ", "PROSHARES ULTRASHORT SMALLCAP600", "etf", _ref({}, fund))
    assert c.geared == "inverse" and dict(c.mix) == {"other": 1.0}
    assert c.note.startswith("an inverse fund (PROSHARES ULTRASHORT SMALLCAP600): ")


def test_a_fund_placed_by_its_name_in_the_file_is_read_for_gearing_too() -> None:
    ref = bundled()
    plain = classify("ZZUS", "PROSHARES SMALLCAP RUSSELL2000 FUND", "etf", ref)
    assert plain.geared == "" and plain.note.startswith('name says "Russell 2000"')
    short = classify("ZZUS", "PROSHARES ULTRASHORT RUSSELL2000", "etf", ref)
    assert short.geared == "inverse" and dict(short.mix) == {"other": 1.0}
    assert short.note == (
        "an inverse fund (PROSHARES ULTRASHORT RUSSELL2000): it gains when its index falls, so "
        f"it is in no size bucket; {plain.note}"
    )
    long = classify("ZZUS", "PROSHARES ULTRA RUSSELL2000", "etf", ref)
    assert long.geared == "leveraged" and dict(long.mix) == dict(plain.mix)


def test_an_option_on_a_geared_fund_is_an_option() -> None:
    ref = bundled()
    c = classify(
        "TQQQ  260116C00050000", "CALL PROSHARES ULTRAPRO QQQ $50 EXP 01/16/26", "option", ref
    )
    assert c.underlying == "TQQQ" and c.geared == "" and c.note == "an option on TQQQ"
    facts = security_facts(household([("T", "TQQQ  260116C00050000", "option", 1.0)]), ref)
    assert facts["TQQQ  260116C00050000"].not_traded == ""


def test_what_a_frozen_position_says_is_the_whole_reason() -> None:
    ref = bundled()
    rows = [("T", "TWM", "etf", 10.0), ("T", "TQQQ", "etf", 10.0), ("T", "AFLG", "etf", 10.0)]
    facts = security_facts(household(rows), ref)
    # AFLG: US stocks sized only by FinanceDatabase's "Large Cap" category
    aflg = classify("AFLG", "", "etf", ref)
    assert facts["AFLG"].not_traded == (
        f"{UNMEASURED[0]} ({aflg.note}), not by holdings or market data: counted at that "
        "estimate, not traded"
    )
    assert facts["TWM"].not_traded == (
        f"{UNMEASURED[2]}: it gains when its index falls; counted in other holdings, not traded"
    )
    assert facts["TQQQ"].not_traded == (
        f"{UNMEASURED[1]}: its exposure is a multiple of its value, which the size buckets do "
        "not measure; counted at its value, not traded"
    )


def _frozen(symbol: str, kind: int, value: float) -> Frozen:
    return Frozen("T", symbol, value, f"{UNMEASURED[kind]}: why")


def test_the_warning_names_each_kind_in_the_singular_or_the_plural_with_the_dollars() -> None:
    frozen = [
        _frozen("TQQQ", 1, 300.0),
        _frozen("AFLG", 0, 100.0),
        _frozen("TWM", 2, 50.0),
        _frozen("SOXL", 1, 200.0),
        _frozen("RWM", 2, 25.0),
        _frozen("SOXL", 1, 20.0),  # a second account's SOXL: named once, counted twice
        Frozen("T", "OLD", 999.0, "no price since 2020-01-02 in the security master"),
    ]
    whole = 2_000.0
    value = 300.0 + 100.0 + 50.0 + 200.0 + 25.0 + 20.0
    assert _unmeasured_warning(frozen, whole) == (
        "counted but not traded, as the plan cannot measure them: AFLG (placed by a guess from "
        "its category or name, not by holdings); SOXL, TQQQ (leveraged funds); RWM, TWM "
        f"(inverse funds) (${value:,.0f}, {value / whole:.1%} of the household); import a "
        "fund's holdings (`rotation-planner securities import`) or set its bucket on the "
        "Holdings tab to trade it"
    )
    one = _unmeasured_warning([_frozen("SOXL", 1, 10.0), _frozen("TWM", 2, 10.0)], 40.0)
    assert "SOXL (a leveraged fund); TWM (an inverse fund) ($20, 50.0% of the household)" in one
    assert _unmeasured_warning(frozen[-1:], whole) == ""


def test_a_household_worth_under_a_dollar_still_has_its_share_and_one_worth_nothing_none() -> None:
    assert "($0, 80.0% of the household)" in _unmeasured_warning([_frozen("X", 0, 0.4)], 0.5)
    assert "($0); import" in _unmeasured_warning([_frozen("X", 0, 0.0)], 0.0)
