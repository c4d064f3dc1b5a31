"""Every refusal of the policy file names the key, the line it is on and what is wrong; every
value on the right side of a limit is read. (Written against the mutants that survived the
mutation run: README "Mutation testing".)"""

from __future__ import annotations

import pytest

from planner.core.errors import InputError
from planner.core.policy import BUCKETS, FUND_VIEWS, SIZE_SCHEMES, DollarLines
from planner.core.policy_file import parse_policy

MARK = "#<"  # marks the line the error must name


def _refusal(text: str) -> InputError:
    with pytest.raises(InputError) as err:
        parse_policy(text, "client.toml")
    return err.value


def _marked_line(text: str) -> int:
    (line,) = [n for n, s in enumerate(text.splitlines(), 1) if MARK in s]
    return line


BUCKET_LIST = str(list(BUCKETS))


SECTION_LIST = str(
    sorted(
        [
            "targets",
            "vehicles",
            "buckets",
            "bands",
            "tilt",
            "trading",
            "restrictions",
            "tax",
            "weights",
            "location",
        ]
    )
)
REASON = "x" * 500  # the longest override reason a policy may give


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        (f"targets = 0.5  {MARK}\n", "targets", "must be a table of bucket = fraction"),
        (
            f"[targets]\nmega = 1.5  {MARK}\n",
            "targets.mega",
            "must be a fraction between 0 and 1 (0.30, not 30)",
        ),
        (
            f"[targets]\nmegga = 0.3  {MARK}\n",
            "targets.megga",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (
            f'[targets]\n"megga" = 0.3  {MARK}\n',
            "targets.megga",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (f'vehicles = "IJR"  {MARK}\n', "vehicles", 'must be a table of bucket = ["SYMBOL", ...]'),
        (
            f'[vehicles]\nsmol = ["IJR"]  {MARK}\n',
            "vehicles.smol",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (
            f'[vehicles]\nsmall = ["IJR", ""]  {MARK}\n',
            "vehicles.small",
            'must be a symbol or a list of symbols, e.g. ["IJR"]',
        ),
        (f"buckets = 3  {MARK}\n", "buckets", "must be a table"),
        (
            f'[buckets]\nschema = "rank"  {MARK}\n',
            "buckets.schema",
            "unknown key; known: ['dollars', 'funds', 'scheme']",
        ),
        (
            f'[buckets]\nscheme = "size"  {MARK}\n',
            "buckets.scheme",
            f"must be one of {list(SIZE_SCHEMES)}",
        ),
        (
            f'[buckets]\nfunds = "x"  {MARK}\n',
            "buckets.funds",
            f"must be one of {list(FUND_VIEWS)}",
        ),
        (
            f"[buckets]\ndollars = 5  {MARK}\n",
            "buckets.dollars",
            "must be a table of bucket = dollars",
        ),
        (
            f"[buckets.dollars]\ngiant = 1e12  {MARK}\n",
            "buckets.dollars.giant",
            "unknown; known: mega, large, mid, small",
        ),
        (
            f"[buckets.dollars]\nsmall = 0  {MARK}\n",
            "buckets.dollars.small",
            "must be a positive number of dollars",
        ),
        (
            f"[trading]\ndeposits = 5  {MARK}\n",
            "trading.deposits",
            "must be a table of name = number",
        ),
        (
            f"[trading.deposits]\nX12345678 = -5  {MARK}\n",  # a Fidelity account number
            "trading.deposits.X12345678",
            "must be a finite number, 0 or more",
        ),
        (
            f"[location.taxable]\nbondz = 0.01  {MARK}\n",
            "location.taxable.bondz",
            f"unknown bucket; buckets: {BUCKET_LIST}",
        ),
        (f"tilt = 5  {MARK}\n", "tilt", "must be a table"),
        (
            f"[bands]\nabsolut = 0.05  {MARK}\n",
            "bands.absolut",
            "unknown key; known: ['absolute', 'relative']",
        ),
        (f'[trading]\nfractional = "yes"  {MARK}\n', "trading.fractional", "must be true or false"),
        (
            f'[tax]\nstate = "5%"  {MARK}\n',
            "tax.state",
            "must be a finite number, not '5%'",
        ),
        (f"[tax]\nincome = -1  {MARK}\n", "tax.income", "must be a number, 0 or more"),
        # a rate typed as 150% of a fraction, not as a percentage
        (f"[tax]\nstate = 1.5  {MARK}\n", "tax.state", "is a fraction (0.20 for 20%)"),
        (
            f'[restrictions]\ndo_not_sell = "AAPL"  {MARK}\n',
            "restrictions.do_not_sell",
            'must be a list of text, e.g. ["AAPL"]',
        ),
        (f"[trading]\nmode = 5  {MARK}\n", "trading.mode", "must be text"),
        (
            f'[trading]\nmode = "rebalance"  {MARK}\n',
            "trading.mode",
            "must be one of ['full', 'cash_flow', 'raise_cash', 'out_of_band']",
        ),
        (
            f"[tilt]\nmax = 0.6  {MARK}\n",
            "tilt.max",
            "is a fraction of the household (0.05 for 5 points)",
        ),
        (
            f"[tilt]\nfull_until_days = 60\nzero_after_days = 45  {MARK}\n",
            "tilt.zero_after_days",
            "must be at least tilt.full_until_days",
        ),
        (
            f'[tilt]\noverride_reason = "{REASON}x"  {MARK}\n',
            "tilt.override_reason",
            "one line of text, at most 500 characters",
        ),
        (
            f'[tilt]\noverride_reason = "call\\nthe client"  {MARK}\n',
            "tilt.override_reason",
            "one line of text, at most 500 characters",
        ),
        (
            f'[tilt]\noverride_reason = "call\\u007fthe client"  {MARK}\n',  # DEL
            "tilt.override_reason",
            "one line of text, at most 500 characters",
        ),
    ],
)
def test_a_refusal_names_the_key_its_line_and_the_rule(text: str, key: str, says: str) -> None:
    err = _refusal(text)
    assert (err.file, err.line) == ("client.toml", _marked_line(text))
    assert err.reason == f"{key}: {says}"


def test_a_section_typed_in_capitals_is_refused_at_its_header() -> None:
    # TOML keys are case-sensitive: [TAX] is not [tax]
    err = _refusal("[tax]\nstate = 0.05\n\n[TAX]\nstate = 0.05\n")
    assert (err.file, err.line) == ("client.toml", 4)
    assert err.reason == f"TAX: unknown section; known: {SECTION_LIST}"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("[tax]  # 2026 rates\nstate = 2\n", 2, "tax.state: is a fraction (0.20 for 20%)"),
        ("[targets]  # the client's mix\nmega = 0.5\n", 1, "targets: fractions add up to"),
    ],
)
def test_a_table_header_with_a_comment_still_gives_the_line(
    text: str, line: int, reason: str
) -> None:
    err = _refusal(text)
    assert err.line == line
    assert err.reason.startswith(reason)


@pytest.mark.parametrize("equal", ["mega-large", "large-mid", "mid-small"])
def test_dollar_lines_that_do_not_decrease_are_refused(equal: str) -> None:
    lines = {"mega": 200e9, "large": 10e9, "mid": 2e9, "small": 250e6}
    upper, lower = equal.split("-")
    lines[lower] = lines[upper]
    text = "[buckets.dollars]\n" + "".join(f"{k} = {v!r}\n" for k, v in lines.items())
    err = _refusal(text)
    assert err.line == 1  # the table's header
    assert err.reason == "buckets.dollars: lines must decrease: mega > large > mid > small"


def test_values_on_the_limits_are_read() -> None:
    # a whole household in one bucket; a tilt of half the household; the smallest line a
    # positive dollar
    text = (
        "[targets]\nmega = 1.0\n[tilt]\nmax = 0.5\n"
        "[buckets.dollars]\nmega = 3e11\nlarge = 2e11\nmid = 1e10\nsmall = 1\n"
    )
    p = parse_policy(text, "client.toml")
    assert p.targets == {b: (1.0 if b == "mega" else 0.0) for b in BUCKETS}
    assert p.tilt.max == 0.5
    assert p.buckets.dollars == DollarLines(mega=3e11, large=2e11, mid=1e10, small=1.0)


def test_fractions_and_tilt_limits_on_the_edge_are_read() -> None:
    # one security may be the whole household; a tilt may stop fading the day it starts;
    # an override reason of exactly 500 characters
    text = (
        "[trading]\nmax_position = 1.0\n"
        "[bands]\nabsolute = 1.0\nrelative = 1.0\n"
        f'[tilt]\nfull_until_days = 45\nzero_after_days = 45\noverride_reason = "{REASON}"\n'
    )
    p = parse_policy(text, "client.toml")
    assert p.trading.max_position == 1.0
    assert (p.bands.absolute, p.bands.relative) == (1.0, 1.0)
    assert (p.tilt.full_until_days, p.tilt.zero_after_days) == (45.0, 45.0)
    assert p.tilt.override_reason == REASON


def test_toml_cut_off_at_the_end_is_refused_without_a_line() -> None:
    # tomllib names no line for an error at the end of the document
    err = _refusal("[targets]\nmega = ")
    assert (err.file, err.line) == ("client.toml", None)
    assert err.reason == "not valid TOML: Invalid value (at end of document)"
    assert str(err) == "client.toml: not valid TOML: Invalid value (at end of document)"


def test_a_policy_read_without_a_file_name_is_called_policy_toml() -> None:
    with pytest.raises(InputError) as err:
        parse_policy("[tax]\nstate = 2\n")
    assert str(err.value) == "policy.toml:2: tax.state: is a fraction (0.20 for 20%)"
