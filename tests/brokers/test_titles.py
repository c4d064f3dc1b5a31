"""The hand-written title and account-name splitters (planner.brokers.titles, base.header_key)
give what the regular expressions they replaced gave, on every short text - the expressions
are kept here as the oracle, used only on inputs too short to make them backtrack - and take
time in proportion to their input on the long texts that made those expressions hang."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planner.brokers.base import header_key
from planner.brokers.titles import (
    schwab_title_subject,
    split_etrade_account,
    split_schwab_account,
    thinkorswim_title,
)

OLD_SCHWAB_ACCOUNT = re.compile(
    r"^(?P<name>.*?)\s*(?P<id>(?:\.\.\.|X{2,}-?|\*{2,})?[\dX]*\d{3,})\s*$"
)
OLD_ETRADE_ACCOUNT = re.compile(r"^(?P<name>.*?)\s*-?\s*(?P<id>[\dX*]{4,})\s*$")
OLD_SCHWAB_TITLE = re.compile(r"^Positions for (account )?(?P<rest>.*?) as of ", re.IGNORECASE)
OLD_TOS_TITLE = re.compile(
    r"^Account Statement for (?P<id>\S+)\s*(?:\((?P<name>[^)]*)\))?.*?through (?P<end>[\d/]+)",
    re.IGNORECASE,
)
OLD_DUAL_NAME = re.compile(r"(.+?) \((.+)\)")

#: Characters the expressions care about, so short random texts hit every branch.
alphabet = st.sampled_from(list("0123456789X*.-() aZ"))
short = st.text(alphabet=alphabet, max_size=14)


@settings(max_examples=800, deadline=None)
@given(short)
def test_schwab_account_split_matches_the_old_expression(text: str) -> None:
    m = OLD_SCHWAB_ACCOUNT.match(text.strip())
    expected = (m.group("name").strip(), m.group("id")) if m and m.group("name") else None
    assert split_schwab_account(text) == expected


@settings(max_examples=800, deadline=None)
@given(short)
def test_etrade_account_split_matches_the_old_expression(text: str) -> None:
    m = OLD_ETRADE_ACCOUNT.match(text)
    expected = (m.group("name"), m.group("id")) if m else None
    assert split_etrade_account(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["Positions for ", "positions for account ", "Positions for"]), short)
def test_schwab_title_matches_the_old_expression(prefix: str, rest: str) -> None:
    for title in (prefix + rest, prefix + rest + " as of 07:49 PM", prefix + rest + " AS OF x"):
        m = OLD_SCHWAB_TITLE.match(title)
        assert schwab_title_subject(title) == (m.group("rest") if m else None)


words = st.text(alphabet=st.sampled_from(list("12ABD-() /")), max_size=10)


@settings(max_examples=800, deadline=None)
@given(words, words, st.sampled_from(["", " since 1/1/25"]), st.sampled_from(["12/6/25", "x"]))
def test_thinkorswim_title_matches_the_old_expression_where_it_matched(
    account: str, name: str, since: str, end: str
) -> None:
    # One deliberate difference, tested below: "for (Individual)" is a name, not a number.
    assume(not account.startswith("("))
    line = f"Account Statement for {account} ({name}){since} through {end}"
    m = OLD_TOS_TITLE.match(line)
    got = thinkorswim_title(line)
    if m is None:
        # The old expression needed a number; the new one also takes a title without one.
        assert got is None or got.account_id == "" or not got.end
        return
    assert got is not None
    assert (got.account_id, got.name, got.end) == (
        m.group("id"),
        (m.group("name") or "").strip(),
        m.group("end"),
    )


def test_thinkorswim_title_without_a_number() -> None:
    for line in (
        "Account Statement for  (Individual) since 9/29/25 through 10/3/25",
        "Account Statement for (Individual) since 9/29/25 through 10/3/25",
    ):
        title = thinkorswim_title(line)
        assert title is not None
        assert (title.account_id, title.name, title.end) == ("", "Individual", "10/3/25")


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ()$%#")), max_size=14))
def test_header_key_matches_the_old_expression(cell: str) -> None:
    c = " ".join(cell.split()).lower()
    m = OLD_DUAL_NAME.fullmatch(c)
    expected = m.group(2) if m and not re.fullmatch(r"[$%#]", m.group(2)) else c
    assert header_key(cell) == expected


@pytest.mark.parametrize(
    ("split", "text"),
    [
        (split_schwab_account, "Individual " + "1" * 300 + " x"),
        (split_etrade_account, "Rollover IRA -" + "1" * 300 + "x"),
        (schwab_title_subject, "Positions for account " + "a" * 390),
        (thinkorswim_title, "Account Statement for " + "A" * 370 + " (x) through"),
        (header_key, "a (" * 130),
    ],
)
def test_long_texts_take_no_time(split, text: str) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(200):
        split(text)
        split(text * 200)  # far beyond a title: refused at once
    assert time.perf_counter() - start < 1.0
